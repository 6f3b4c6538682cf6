//! 100,000 job ids in one GitHub Actions step: what the process holds, and what it hands
//! the runner (annotations, step outputs, the step summary), which GitHub caps per step.

use std::ffi::OsStr;
use std::process::Stdio;
use std::time::Duration;

use serde_json::json;

use crate::fake_api::{Config, FakeApi, Step};
use crate::process::{self, Usage};
use crate::{mb, verdict};

/// What GitHub takes from one step: 10 error annotations, 1 MiB of summary, and outputs
/// of at most 1 MB each.
const MAX_ERRORS: usize = 10;
const SUMMARY_LIMIT: u64 = 1 << 20;
const OUTPUT_LIMIT: usize = 1_000_000;

pub struct ManyIds {
    pub jobs: usize,
    pub usage: Usage,
    pub stdin_bytes: usize,
    pub annotations: usize,
    pub output_bytes: u64,
    pub largest_output: usize,
    pub summary_bytes: u64,
}

/// `jobs` ids on stdin, each a job that failed by its first answer, in a GitHub step.
pub fn many_ids(jobs: usize) -> ManyIds {
    let ids: Vec<String> = (0..jobs).map(|i| format!("{i:08x}")).collect();
    let failed = Step::job("FAIL").fields(json!({
        "error_code": "Ecs.0039",
        "fail_reason": "ECS quota exceeded for flavor s3.large",
        "entities": {"server_id": "bae51750-0089-41a1-9b18-5c777978ff6d"},
    }));
    let config = ids
        .iter()
        .fold(Config::new(), |c, id| c.sequence(id, vec![failed.clone()]));
    let fake = FakeApi::start(config);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (output, summary, log) = (
        dir.path().join("output"),
        dir.path().join("summary"),
        dir.path().join("log"),
    );
    let env: [(&str, &OsStr); 3] = [
        ("GITHUB_ACTIONS", OsStr::new("true")),
        ("GITHUB_OUTPUT", output.as_os_str()),
        ("GITHUB_STEP_SUMMARY", summary.as_os_str()),
    ];
    let stdout = std::fs::File::create(&log).expect("a log file");
    eprintln!("bench: {jobs} job ids on stdin in a GitHub step…");
    let usage = process::jobwait_with(
        &fake.url,
        &ids,
        Duration::from_secs(3600),
        &[
            "--max-rps",
            &std::env::var("BENCH_RPS").unwrap_or("1000000".into()),
        ],
        &env,
        Stdio::from(stdout),
        true,
    );
    assert_eq!(usage.code, 1, "every job failed");
    let size = |path: &std::path::Path| std::fs::metadata(path).map_or(0, |m| m.len());
    let outputs = std::fs::read_to_string(&output).unwrap_or_default();
    ManyIds {
        jobs,
        usage,
        stdin_bytes: ids.iter().map(|i| i.len() + 1).sum(),
        annotations: std::fs::read_to_string(&log)
            .unwrap_or_default()
            .lines()
            .filter(|l| l.starts_with("::error"))
            .count(),
        output_bytes: size(&output),
        largest_output: largest_value(&outputs),
        summary_bytes: size(&summary),
    }
}

/// The longest value in a `$GITHUB_OUTPUT` file of `name<<DELIMITER` blocks.
fn largest_value(text: &str) -> usize {
    let mut largest = 0;
    let mut lines = text.split_inclusive('\n');
    while let Some(head) = lines.next() {
        let Some((_, delimiter)) = head.trim_end().split_once("<<") else {
            continue;
        };
        let mut value = 0;
        for line in lines.by_ref() {
            if line.trim_end() == delimiter {
                break;
            }
            value += line.len();
        }
        largest = largest.max(value.saturating_sub(1));
    }
    largest
}

pub fn section() {
    let r = many_ids(100_000);
    println!(
        "## {} job ids in one GitHub Actions step ({} KiB of stdin, every job failed)\n",
        r.jobs,
        r.stdin_bytes / 1024
    );
    let peak = r.usage.peak.map(|p| p.max_rss_kib);
    println!(
        "Peak RSS {}; {:.1} s wall. {} error annotations; step outputs {} bytes in all, the largest {} bytes; step summary {} bytes.\n",
        peak.map_or(
            "not measured (install GNU time: apt-get install time)".into(),
            |k| { format!("{k} KiB ({:.1} MB)", mb(k)) }
        ),
        r.usage.wall.as_secs_f64(),
        r.annotations,
        r.output_bytes,
        r.largest_output,
        r.summary_bytes
    );
    match peak {
        Some(kib) => verdict(
            mb(kib) < 100.0,
            &format!("100,000 jobs under 100 MB RSS ({:.1} MB)", mb(kib)),
        ),
        None => println!("- Target not measured: 100,000 jobs under 100 MB RSS (no GNU time)\n"),
    }
    verdict(
        r.annotations <= MAX_ERRORS,
        &format!("at most {MAX_ERRORS} error annotations ({})", r.annotations),
    );
    verdict(
        r.summary_bytes < SUMMARY_LIMIT,
        &format!("step summary under 1 MiB ({} bytes)", r.summary_bytes),
    );
    verdict(
        r.largest_output < OUTPUT_LIMIT,
        &format!("each step output under 1 MB ({} bytes)", r.largest_output),
    );
}
