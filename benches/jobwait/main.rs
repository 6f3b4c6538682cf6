//! jobwait's benchmarks, against the project's fake job API on loopback. Figures are
//! printed as Markdown for BENCHMARKS.md; nothing is asserted about them here.
//!
//! ```text
//! cargo bench --bench jobwait                 # quick: about 3 minutes
//! cargo bench --bench jobwait -- --full       # the figures in BENCHMARKS.md: about 15 minutes
//! cargo bench --bench jobwait -- --only poll,size
//! ```
//!
//! Sections: `schedule` (detection lag and requests for fresh jobs, jobs two minutes old,
//! jobs reporting progress three ways, and jobs that report progress and then fail, next
//! to the schedules people use today), `poll`
//! (one poll of a finished job: wall time and peak RSS), `many` (1,000 jobs in one
//! process), `large` (100 jobs answering 15 MiB documents: memory and the deadline),
//! `ids` (100,000 job ids in one GitHub Actions step: memory, annotations, step outputs and
//! summary against GitHub's limits), `size` (the stripped release binary).

#[path = "../../tests/support/fake_api.rs"]
mod fake_api;

mod anchors;
mod failures;
mod many_ids;
mod measure;
mod process;
mod resources;
mod schedule;

use anchors::Score;

/// How much to measure.
pub struct Mode {
    name: &'static str,
    /// Jobs per schedule table, and the longest duration (the shortest is 5 s).
    pub jobs: usize,
    pub longest: f64,
    /// Jobs per sub-job duration.
    pub sub_job_reps: usize,
    /// Jobs per duration of issue 20's failing jobs (and as many succeeding).
    pub failure_reps: usize,
    pub single_polls: usize,
    /// 1,000 jobs of this many seconds (up to twice that), at this `--max-rps`.
    pub many: (f64, Option<f64>),
    /// The timeout of the wait for 100 jobs answering 15 MiB each.
    pub large_timeout: std::time::Duration,
}

const QUICK: Mode = Mode {
    name: "quick",
    jobs: 60,
    longest: 120.0,
    sub_job_reps: 3,
    failure_reps: 16,
    single_polls: 10,
    many: (5.0, Some(100.0)),
    large_timeout: std::time::Duration::from_secs(15),
};

pub const FULL: Mode = Mode {
    name: "full",
    jobs: 150,
    longest: 600.0,
    sub_job_reps: 8,
    failure_reps: 32,
    single_polls: 30,
    many: (30.0, None),
    large_timeout: std::time::Duration::from_secs(30),
};

fn main() {
    let mut mode = &QUICK;
    let mut only: Option<Vec<String>> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--full" => mode = &FULL,
            "--quick" => mode = &QUICK,
            "--only" => {
                only = args
                    .next()
                    .map(|s| s.split(',').map(String::from).collect())
            }
            // `cargo bench` passes this to every bench target.
            "--bench" => {}
            other => {
                eprintln!(
                    "usage: cargo bench --bench jobwait -- [--quick|--full] [--only schedule,poll,many,large,ids,size]; not {other}"
                );
                std::process::exit(4);
            }
        }
    }
    let wanted = |section: &str| only.as_ref().is_none_or(|o| o.iter().any(|s| s == section));

    println!("# jobwait benchmarks ({} mode)\n", mode.name);
    machine();
    if wanted("schedule") {
        schedule::anchor_check();
        schedule::section(mode);
    }
    if wanted("poll") {
        resources::single_poll_section(mode);
    }
    if wanted("many") {
        resources::many_section(mode);
    }
    if wanted("large") {
        resources::large_section(mode);
    }
    if wanted("ids") {
        many_ids::section();
    }
    if wanted("size") {
        resources::size_section();
    }
}

fn machine() {
    let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
    let cpuinfo = read("/proc/cpuinfo");
    let cpu = cpuinfo
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .map(|m| m.trim_start_matches([' ', '\t', ':']))
        })
        .unwrap_or("unknown CPU");
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let meminfo = read("/proc/meminfo");
    let mem_kib: f64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    println!(
        "Machine: {cpu}, {cores} CPUs available, {:.1} GiB memory, Linux {}. Date: {}.\n",
        mem_kib / 1024.0 / 1024.0,
        read("/proc/sys/kernel/osrelease").trim(),
        humantime::format_rfc3339_seconds(std::time::SystemTime::now())
    );
}

pub fn verdict(met: bool, what: &str) {
    println!(
        "- Target {}: {what}\n",
        if met { "met" } else { "**missed**" }
    );
}

pub fn cell(s: &Score) -> String {
    format!("{:.2} s / {:.1}", s.lag, s.requests)
}

pub fn duration_text(secs: f64) -> String {
    if secs >= 60.0 && secs % 60.0 == 0.0 {
        format!("{} min", secs / 60.0)
    } else {
        format!("{secs} s")
    }
}

pub fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Kibibytes to decimal megabytes, as the targets are written.
pub fn mb(kib: u64) -> f64 {
    kib as f64 * 1024.0 / 1e6
}
