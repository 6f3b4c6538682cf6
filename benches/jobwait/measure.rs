//! jobwait's poll schedule as measured: one process waits for many simulated jobs at once
//! and each job's detection lag and request count are read from the fake API's log.
//!
//! Waiting for hundreds of jobs in one run is what makes ten-minute jobs affordable; each
//! job's clock starts at its own first request, so jobs do not disturb one another as long
//! as `--max-rps` is set far above what they need.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::anchors::Score;
use crate::fake_api::{Config, FakeApi, Script, Simulated};
use crate::process;

/// What a simulated job says about how far it has come.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reports {
    /// Its status and `begin_time` only.
    Nothing,
    /// This many sub-jobs, finishing evenly over the job's run, each with its `end_time`.
    SubJobsWithEndTimes(u32),
    /// This many sub-jobs finishing evenly, counted but without end times.
    SubJobCount(u32),
    /// `process_percent`, whole percents rising linearly.
    Percent,
}

/// One simulated job.
#[derive(Clone, Debug)]
pub struct Case {
    pub id: String,
    /// Seconds from jobwait's first request for this job to the job's end.
    pub remaining: f64,
    /// How old the job is at that first request.
    pub began_ago: f64,
    pub reports: Reports,
}

impl Case {
    fn script(&self) -> Script {
        let (sub_jobs, end_times) = match self.reports {
            Reports::SubJobsWithEndTimes(n) => (n, true),
            Reports::SubJobCount(n) => (n, false),
            Reports::Nothing | Reports::Percent => (0, false),
        };
        Script::Simulated(Simulated {
            duration: self.began_ago + self.remaining,
            began_ago: self.began_ago,
            sub_jobs,
            end_times,
            percent: self.reports == Reports::Percent,
        })
    }
}

/// Wait for every case in one jobwait run; scores come back in the order of `cases`.
pub fn measure(cases: &[Case]) -> Vec<Score> {
    let config = cases
        .iter()
        .fold(Config::new(), |c, case| c.job(&case.id, case.script()));
    let fake = FakeApi::start(config);
    let longest = cases.iter().map(|c| c.remaining).fold(0.0, f64::max);
    let timeout = Duration::from_secs_f64(longest + 120.0);
    let ids: Vec<String> = cases.iter().map(|c| c.id.clone()).collect();
    eprintln!(
        "bench: waiting for {} simulated jobs at once (about {:.0} s)…",
        cases.len(),
        longest
    );
    let run = process::jobwait(&fake.url, &ids, timeout, &["--max-rps", "5000"], false);
    assert_eq!(run.code, 0, "every simulated job should succeed");

    let mut polls: HashMap<String, Vec<Instant>> = HashMap::new();
    for record in fake.requests() {
        if let Some(job) = record.job {
            polls.entry(job).or_default().push(record.at);
        }
    }
    cases
        .iter()
        .map(|case| {
            let times = &polls[&case.id];
            let (first, last) = (times[0], times[times.len() - 1]);
            // jobwait stops at the first SUCCESS, so the last request is the one that saw it.
            let lag = (last - first).as_secs_f64() - case.remaining;
            assert!(
                lag > -0.01,
                "{}: stopped {lag:.3} s before the end",
                case.id
            );
            Score {
                lag: lag.max(0.0),
                requests: times.len() as f64,
            }
        })
        .collect()
}
