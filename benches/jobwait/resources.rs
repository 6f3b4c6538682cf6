//! What jobwait costs to run: one poll of a finished job, a thousand jobs in one process,
//! and the size of the binary.

use std::time::Duration;

use crate::fake_api::{Config, FakeApi, Script, Simulated, Step};
use crate::process::{self, Usage};
use crate::{Mode, mb, ms, verdict};

pub struct SinglePoll {
    pub runs: usize,
    pub median: Duration,
    pub slowest: Duration,
    /// The highest over `runs` more runs under GNU time, if it is installed.
    pub max_rss_kib: Option<u64>,
}

/// Start the binary `runs` times against a job that is already done (one request each)
/// for the wall time, then as often again under GNU time for the peak RSS, whose own
/// start would otherwise count into the wall time.
pub fn single_poll(runs: usize) -> SinglePoll {
    let fake = FakeApi::start(Config::new().sequence("done", vec![Step::job("SUCCESS")]));
    let ids = ["done".to_string()];
    let run = |measure| process::jobwait(&fake.url, &ids, Duration::from_secs(60), &[], measure);
    let mut bare: Vec<Usage> = (0..runs).map(|_| run(false)).collect();
    let timed: Vec<Usage> = (0..runs).map(|_| run(true)).collect();
    assert!(
        bare.iter().chain(&timed).all(|u| u.code == 0),
        "a finished job is success"
    );
    assert_eq!(fake.requests().len(), 2 * runs, "one request per run");
    bare.sort_by_key(|u| u.wall);
    SinglePoll {
        runs,
        median: bare[runs / 2].wall,
        slowest: bare[runs - 1].wall,
        max_rss_kib: timed
            .iter()
            .filter_map(|u| u.peak)
            .map(|p| p.max_rss_kib)
            .max(),
    }
}

pub struct Many {
    pub jobs: usize,
    pub usage: Usage,
    pub requests: usize,
    /// Requests over the time from the first to the last.
    pub mean_rate: f64,
    /// The most requests that arrived within any one second.
    pub peak_rate: usize,
}

/// `jobs` simulated jobs, each running `duration` seconds or up to twice that, waited
/// for by one process; `max_rps` `None` keeps jobwait's default limit.
pub fn many(jobs: usize, duration: f64, max_rps: Option<f64>) -> Many {
    let config = (0..jobs).fold(Config::new(), |c, i| {
        let sim = Simulated {
            duration: duration * (1.0 + i as f64 / jobs as f64),
            began_ago: 0.0,
            ..Simulated::default()
        };
        c.job(&format!("job-{i:04}"), Script::Simulated(sim))
    });
    let fake = FakeApi::start(config);
    let ids: Vec<String> = (0..jobs).map(|i| format!("job-{i:04}")).collect();
    let rps = max_rps.map(|r| r.to_string());
    let extra: Vec<&str> = match &rps {
        Some(r) => vec!["--max-rps", r],
        None => vec![],
    };
    eprintln!("bench: waiting for {jobs} jobs in one process…");
    let usage = process::jobwait(&fake.url, &ids, Duration::from_secs(3600), &extra, true);
    assert_eq!(usage.code, 0, "every job should succeed");
    let mut times: Vec<_> = fake.requests().into_iter().map(|r| r.at).collect();
    times.sort();
    let span = (times[times.len() - 1] - times[0]).as_secs_f64();
    let mut peak = 0;
    let mut from = 0;
    for (to, t) in times.iter().enumerate() {
        while *t - times[from] >= Duration::from_secs(1) {
            from += 1;
        }
        peak = peak.max(to - from + 1);
    }
    Many {
        jobs,
        usage,
        requests: times.len(),
        mean_rate: times.len() as f64 / span.max(1e-9),
        peak_rate: peak,
    }
}

/// `jobs` jobs that each answer a valid job document of `bytes` (still RUNNING), waited
/// for until `timeout`: what memory and the deadline cost when a server sends a lot.
pub fn large(jobs: usize, bytes: usize, timeout: Duration) -> Usage {
    let config = (0..jobs).fold(Config::new(), |c, i| {
        c.sequence(&format!("big-{i:03}"), vec![Step::huge("RUNNING", bytes)])
    });
    let fake = FakeApi::start(config);
    let ids: Vec<String> = (0..jobs).map(|i| format!("big-{i:03}")).collect();
    eprintln!("bench: {jobs} jobs answering {} MiB each…", bytes >> 20);
    let usage = process::jobwait(&fake.url, &ids, timeout, &[], true);
    assert_eq!(usage.code, 2, "every job is seen running at the deadline");
    usage
}

pub fn large_section(mode: &Mode) {
    let (jobs, timeout) = (100, mode.large_timeout);
    let usage = large(jobs, 15 << 20, timeout);
    let overshoot = usage.wall.saturating_sub(timeout);
    println!(
        "## {jobs} jobs answering 15 MiB documents ({} s timeout)
",
        timeout.as_secs()
    );
    let peak = usage.peak.map(|p| p.max_rss_kib);
    println!(
        "Peak RSS {}; ended {:.2} s after the deadline.
",
        rss_text(peak),
        overshoot.as_secs_f64()
    );
    rss_verdict(peak, 100.0, "100 jobs × 15 MiB under 100 MB RSS");
    verdict(
        overshoot <= Duration::from_secs(1),
        &format!(
            "at most 1 s past the deadline ({:.2} s)",
            overshoot.as_secs_f64()
        ),
    );
}

/// Size in bytes of the binary the release profile builds (`strip = true`).
pub fn binary_size() -> u64 {
    std::fs::metadata(process::binary())
        .map(|m| m.len())
        .unwrap_or(0)
}

pub fn single_poll_section(mode: &Mode) {
    let r = single_poll(mode.single_polls);
    println!(
        "## One poll of a finished job ({} runs of the release binary)\n",
        r.runs
    );
    println!(
        "Wall time: median {:.1} ms, slowest {:.1} ms. Peak RSS: {}.\n",
        ms(r.median),
        ms(r.slowest),
        rss_text(r.max_rss_kib)
    );
    verdict(
        ms(r.median) < 20.0,
        &format!("under 20 ms wall (median {:.1} ms)", ms(r.median)),
    );
    rss_verdict(r.max_rss_kib, 10.0, "under 10 MB RSS");
}

pub fn many_section(mode: &Mode) {
    let (duration, max_rps) = mode.many;
    let r = many(1000, duration, max_rps);
    let limit = max_rps.map_or("the default --max-rps (10)".to_string(), |r| {
        format!("--max-rps {r}")
    });
    println!(
        "## {} jobs in one process ({}–{} s each, {limit})\n",
        r.jobs,
        duration,
        2.0 * duration
    );
    let peak = r.usage.peak;
    let cpu = peak.map_or("CPU not measured".into(), |p| {
        format!("CPU {:.2} s (user + system)", p.cpu.as_secs_f64())
    });
    println!(
        "Peak RSS {}; {cpu} over {:.0} s wall; {} requests, {:.1} per second on average, at most {} within any one second.\n",
        rss_text(peak.map(|p| p.max_rss_kib)),
        r.usage.wall.as_secs_f64(),
        r.requests,
        r.mean_rate,
        r.peak_rate
    );
    rss_verdict(
        peak.map(|p| p.max_rss_kib),
        50.0,
        "1,000 jobs under 50 MB RSS",
    );
}

fn rss_text(kib: Option<u64>) -> String {
    match kib {
        Some(kib) => format!("{kib} KiB ({:.1} MB)", mb(kib)),
        None => "not measured (install GNU time: apt-get install time)".into(),
    }
}

fn rss_verdict(kib: Option<u64>, limit_mb: f64, what: &str) {
    match kib {
        Some(kib) => verdict(mb(kib) < limit_mb, &format!("{what} ({:.1} MB)", mb(kib))),
        None => println!("- Target not measured: {what} (no GNU time)\n"),
    }
}

pub fn size_section() {
    let bytes = binary_size();
    println!("## Release binary\n");
    println!(
        "{bytes} bytes ({:.2} MB), stripped by the release profile.\n",
        bytes as f64 / 1e6
    );
    verdict(
        bytes as f64 <= 6e6,
        &format!("≤ 6 MB ({:.2} MB)", bytes as f64 / 1e6),
    );
}
