//! jobwait's poll schedule as measured: a few processes wait for many simulated jobs at
//! once and each job's detection lag and request count are read from the fake API's log.
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
    /// `process_percent` rising linearly, in multiples of this many percent.
    Percent(u32),
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
    /// Seconds from jobwait's first request to the job's failure, if it fails (before
    /// `remaining`); its lag is then counted from the failure.
    pub fails_after: Option<f64>,
}

impl Case {
    fn script(&self) -> Script {
        let (sub_jobs, end_times) = match self.reports {
            Reports::SubJobsWithEndTimes(n) => (n, true),
            Reports::SubJobCount(n) => (n, false),
            Reports::Nothing | Reports::Percent(_) => (0, false),
        };
        let percent_step = match self.reports {
            Reports::Percent(step) => Some(step),
            _ => None,
        };
        Script::Simulated(Simulated {
            duration: self.began_ago + self.remaining,
            began_ago: self.began_ago,
            sub_jobs,
            end_times,
            percent: percent_step.is_some(),
            percent_step: percent_step.unwrap_or(1),
            fails_at: self.fails_after.map(|f| self.began_ago + f),
        })
    }

    /// When the job's verdict is due: its failure or its end, seconds after jobwait's
    /// first request.
    pub fn verdict_after(&self) -> f64 {
        self.fails_after.unwrap_or(self.remaining)
    }
}

/// How many jobwait processes share the cases, each started an eighth of a second after
/// the one before. The `Date` header counts whole seconds, so where in its second a job's
/// first answer falls moves jobwait's estimate of the job's age, and with it the early
/// polls, by up to half a second. One process measures one such phase for all of its jobs
/// at once: two runs differed by more than half a request per job (a bare count, 9.11 in
/// one and 9.79 in the next). Consecutive cases (the repetitions of one duration) go to
/// consecutive processes instead, so every figure is a mean over the second.
const PHASES: usize = 8;

/// Wait for every case; scores come back in the order of `cases`.
pub fn measure(cases: &[Case]) -> Vec<Score> {
    let config = cases
        .iter()
        .fold(Config::new(), |c, case| c.job(&case.id, case.script()));
    let fake = FakeApi::start(config);
    let longest = cases.iter().map(|c| c.remaining).fold(0.0, f64::max);
    let timeout = Duration::from_secs_f64(longest + 120.0);
    eprintln!(
        "bench: waiting for {} simulated jobs at once, in {PHASES} processes (about {:.0} s)…",
        cases.len(),
        longest
    );
    std::thread::scope(|scope| {
        let runs: Vec<_> = (0..PHASES)
            .map(|phase| {
                let mine: Vec<&Case> = cases.iter().skip(phase).step_by(PHASES).collect();
                let ids: Vec<String> = mine.iter().map(|c| c.id.clone()).collect();
                // 1 when any of them fails: a job failed, the others succeeded.
                let want = i32::from(mine.iter().any(|c| c.fails_after.is_some()));
                let url = fake.url.as_str();
                scope.spawn(move || {
                    std::thread::sleep(Duration::from_secs_f64(phase as f64 / PHASES as f64));
                    let got =
                        process::jobwait(url, &ids, timeout, &["--max-rps", "5000"], false).code;
                    assert_eq!(got, want, "jobwait's exit code for jobs {ids:?}");
                })
            })
            .collect();
        for r in runs {
            r.join().expect("a jobwait run");
        }
    });

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
            // jobwait stops at the first verdict, so the last request is the one that saw it.
            let lag = (last - first).as_secs_f64() - case.verdict_after();
            assert!(
                lag > -0.01,
                "{}: stopped {lag:.3} s before its verdict was due",
                case.id
            );
            Score {
                lag: lag.max(0.0),
                requests: times.len() as f64,
            }
        })
        .collect()
}
