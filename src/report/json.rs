//! The machine-readable result (`--output json`, and the Action's `result` output).
//!
//! Each job carries the last document exactly as the API sent it (`job`), so fields
//! jobwait does not know about reach `jq` untouched.

use serde::Serialize;
use serde_json::value::RawValue;

use crate::exit::Verdict;
use crate::wait::JobReport;

#[derive(Serialize)]
struct Result<'a> {
    verdict: &'static str,
    exit_code: u8,
    elapsed_seconds: f64,
    jobs: Vec<Job<'a>>,
}

#[derive(Serialize)]
struct Job<'a> {
    job_id: &'a str,
    verdict: &'static str,
    status: Option<&'a str>,
    job_type: Option<&'a str>,
    error_code: Option<String>,
    fail_reason: Option<String>,
    elapsed_seconds: f64,
    polls: u32,
    /// Why there is no verdict or what the timeout cut short, for people.
    reason: Option<String>,
    /// The last failed poll, for people.
    error: Option<String>,
    job: Option<&'a RawValue>,
    /// Whether `job` is a cut-down copy (the answer was too large or too deep to keep).
    job_cut: bool,
}

/// The whole result as one JSON document (no trailing newline).
pub fn render(reports: &[JobReport], verdict: Verdict, elapsed: std::time::Duration) -> String {
    let jobs = reports
        .iter()
        .map(|r| {
            let doc = r.doc.as_deref();
            Job {
                job_id: &r.job_id,
                verdict: r.verdict.name(),
                status: doc.map(|d| d.status.as_str()),
                job_type: doc.and_then(|d| d.job_type.as_deref()),
                error_code: doc.and_then(|d| d.error_code()),
                fail_reason: doc.and_then(|d| d.fail_reason()),
                elapsed_seconds: round_ms(r.elapsed.as_secs_f64()),
                polls: r.polls,
                reason: r.reason.clone(),
                error: r.problem.as_ref().map(ToString::to_string),
                job: doc.map(|d| d.raw.as_ref()),
                job_cut: doc.is_some_and(|d| d.cut),
            }
        })
        .collect();
    let result = Result {
        verdict: verdict.name(),
        exit_code: verdict.code(),
        elapsed_seconds: round_ms(elapsed.as_secs_f64()),
        jobs,
    };
    serde_json::to_string(&result).expect("the result serializes")
}

fn round_ms(secs: f64) -> f64 {
    (secs * 1000.0).round() / 1000.0
}
