//! The machine-readable result (`--output json`, and the Action's `result` output).
//!
//! Each job carries the last document exactly as the API sent it (`job`), so fields
//! jobwait does not know about reach `jq` untouched; only `##[` is written with its
//! bracket escaped, which `jq` reads back as the same text.

use serde::Serialize;
use serde_json::value::RawValue;

use crate::exit::Verdict;
use crate::secret::redact;
use crate::wait::{DOCS_KEPT, JobReport};

/// The fields before `jobs`.
#[derive(Serialize)]
struct Head {
    verdict: &'static str,
    exit_code: u8,
    elapsed_seconds: f64,
}

#[derive(Serialize)]
struct Job<'a> {
    /// What was waited for: the job's id, or the resource's.
    id: &'a str,
    /// The job's id (`null` for a resource).
    job_id: Option<&'a str>,
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
    /// The last job document as the API sent it (`null` for a resource).
    job: Option<&'a RawValue>,
    /// Whether `job` (or `resource`) is a cut-down copy (the answer was too large or too
    /// deep to keep).
    job_cut: bool,
    /// What resource it is (`ecs-server`); `null` for a job.
    resource_type: Option<&'a str>,
    /// What the resource was waited for: `ready`, `deleted` or a word; `null` for a job.
    #[serde(rename = "for")]
    target: Option<&'a str>,
    /// The last document of the resource as the API sent it (`null` for a job, and once
    /// it is gone without one).
    resource: Option<&'a RawValue>,
    /// How a resource waited for to be deleted was seen gone (`404 Not Found from …`).
    gone: Option<&'a str>,
}

/// The whole result as one JSON document (no trailing newline).
pub fn render(reports: &[JobReport], verdict: Verdict, elapsed: std::time::Duration) -> String {
    let mut out = head(verdict, elapsed);
    for (i, report) in reports.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&job(report));
    }
    out.push_str("]}");
    out
}

/// The result in at most `limit` bytes (a GitHub step output takes 1 MB): every job if
/// they fit, else as many as fit, those that did not succeed first, and `jobs_omitted`
/// counting the rest. At most [`DOCS_KEPT`] jobs are listed, all of which kept their
/// documents however many jobs there were. Memory stays near `limit`.
pub fn render_within(
    reports: &[JobReport],
    verdict: Verdict,
    elapsed: std::time::Duration,
    limit: usize,
) -> String {
    // `],"jobs_omitted":18446744073709551615}`
    const TAIL: usize = 40;
    let fill = |order: &mut dyn Iterator<Item = &JobReport>| {
        let mut out = head(verdict, elapsed);
        let mut listed = 0;
        for report in order.take(DOCS_KEPT) {
            let piece = job(report);
            if out.len() + piece.len() + 1 + TAIL > limit {
                break;
            }
            if listed > 0 {
                out.push(',');
            }
            out.push_str(&piece);
            listed += 1;
        }
        (out, listed)
    };
    let (mut out, mut listed) = fill(&mut reports.iter());
    if listed < reports.len() {
        (out, listed) = fill(&mut super::unsuccessful_first(reports));
    }
    out.push(']');
    if listed < reports.len() {
        out.push_str(&format!(",\"jobs_omitted\":{}", reports.len() - listed));
    }
    out.push('}');
    out
}

/// `{"verdict":…,"exit_code":…,"elapsed_seconds":…,"jobs":[`
fn head(verdict: Verdict, elapsed: std::time::Duration) -> String {
    let head = Head {
        verdict: verdict.name(),
        exit_code: verdict.code(),
        elapsed_seconds: round_ms(elapsed.as_secs_f64()),
    };
    let json = serde_json::to_string(&head).expect("the head serializes");
    format!("{},\"jobs\":[", json.trim_end_matches('}'))
}

/// One job's (or resource's) object, masked, with `##[` escaped.
fn job(r: &JobReport) -> String {
    let doc = r.doc.as_deref();
    let raw = doc.map(|d| d.raw.as_ref());
    let resource = r.subject.is_resource();
    let job = Job {
        id: &r.job_id,
        job_id: (!resource).then_some(r.job_id.as_str()),
        verdict: r.verdict.name(),
        status: doc.map(|d| d.status.as_str()),
        job_type: doc.and_then(|d| d.job_type.as_deref()),
        error_code: doc.and_then(|d| d.error_code()),
        fail_reason: doc.and_then(|d| d.fail_reason()),
        elapsed_seconds: round_ms(r.elapsed.as_secs_f64()),
        polls: r.polls,
        reason: r.reason.clone(),
        error: r.problem.as_ref().map(ToString::to_string),
        job: raw.filter(|_| !resource),
        job_cut: doc.is_some_and(|d| d.cut),
        resource_type: resource.then_some(r.subject.noun.as_str()),
        target: r.subject.target.as_deref(),
        resource: raw.filter(|_| resource),
        gone: r.gone.as_deref(),
    };
    let json = serde_json::to_string(&job).expect("a job serializes");
    // Masked before `[` is escaped, so a secret that holds `##[` is still found whole.
    redact(&json).replace("##[", LEGACY_COMMAND_ESCAPED)
}

/// `##[` with its bracket as a JSON escape. GitHub's runner obeys its older `##[command]`
/// syntax anywhere in a line, and this document is printed (stdout, and wherever a
/// workflow echoes the `result` output). `#` occurs only inside JSON strings, and `\u005b`
/// is a valid escape there, so the document stays valid and decodes to the same text.
const LEGACY_COMMAND_ESCAPED: &str = "##\\u005b";

fn round_ms(secs: f64) -> f64 {
    (secs * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::report;

    #[test]
    fn legacy_workflow_commands_are_escaped_inside_strings() {
        let doc = r###"{"status":"FAIL","job_id":"j","fail_reason":"##[stop-commands]x","error_code":"E##[error]1"}"###;
        let reports = [report("j##[group]", Verdict::Failed, Some(doc), 1)];
        let json = render(&reports, Verdict::Failed, std::time::Duration::from_secs(1));
        assert!(!json.contains("##["), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).expect("still JSON");
        let job = &back["jobs"][0];
        assert_eq!(job["job_id"], "j##[group]");
        assert_eq!(job["fail_reason"], "##[stop-commands]x");
        assert_eq!(job["job"]["error_code"], "E##[error]1");
    }
}
