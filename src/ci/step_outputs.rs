//! The step outputs of the GitHub Action, named once, and their values.
//!
//! [`StepOutput`] is the one list of their names, in the order they are written;
//! `action.yml` and the README's outputs table list the same names, and
//! `tests/step_outputs.rs` keeps the three equal. Values only: writing them is
//! [`super::github`]'s business.
//!
//! Workflows print outputs as they are (`echo "job failed: $FAIL_REASON"`), and the
//! runner reads what a step prints for workflow commands, so server text in an output is
//! cleaned as the log is ([`inert`]: one line, `##[` and a leading `::` broken up, masked,
//! cut); `entities` stays JSON with each of its strings so cleaned. `result` is data: the
//! documents as sent, only `##[` written as a JSON escape ([`crate::report::json`]).

use std::time::Duration;

use serde_json::{Map, Value};

use crate::exit::Verdict;
use crate::report::json;
use crate::sanitize::inert;
use crate::wait::JobReport;

/// The largest value written to an output: GitHub takes at most 1 MB per output.
pub const OUTPUT_LIMIT: usize = 1_000_000;

/// One output of the Action's step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepOutput {
    Status,
    JobType,
    FailReason,
    ErrorCode,
    Entities,
    ElapsedSeconds,
    Verdict,
    ExitCode,
    Result,
}

impl StepOutput {
    /// Every output, in the order they are written.
    pub const ALL: [StepOutput; 9] = [
        StepOutput::Status,
        StepOutput::JobType,
        StepOutput::FailReason,
        StepOutput::ErrorCode,
        StepOutput::Entities,
        StepOutput::ElapsedSeconds,
        StepOutput::Verdict,
        StepOutput::ExitCode,
        StepOutput::Result,
    ];

    /// Its name, as a workflow reads it: `steps.wait.outputs.<name>`.
    pub fn name(self) -> &'static str {
        match self {
            StepOutput::Status => "status",
            StepOutput::JobType => "job_type",
            StepOutput::FailReason => "fail_reason",
            StepOutput::ErrorCode => "error_code",
            StepOutput::Entities => "entities",
            StepOutput::ElapsedSeconds => "elapsed_seconds",
            StepOutput::Verdict => "verdict",
            StepOutput::ExitCode => "exit_code",
            StepOutput::Result => "result",
        }
    }
}

/// The report that decides the outputs: the first of the most serious verdict.
pub fn decisive(reports: &[JobReport], verdict: Verdict) -> Option<&JobReport> {
    reports
        .iter()
        .find(|r| r.verdict == verdict)
        .or(reports.first())
}

/// Every output's name and value, in [`StepOutput::ALL`]'s order. The decisive job
/// gives the job's outputs; the run gives the verdict, the exit code and the result.
pub fn values(
    reports: &[JobReport],
    verdict: Verdict,
    elapsed: Duration,
) -> Vec<(&'static str, String)> {
    let lead = decisive(reports, verdict);
    let doc = lead.and_then(|r| r.doc.as_deref());
    let text = |t: Option<String>| t.as_deref().map(inert).unwrap_or_default();
    let value = |output| match output {
        StepOutput::Status => text(doc.map(|d| d.status.clone())),
        StepOutput::JobType => text(doc.and_then(|d| d.job_type.clone())),
        StepOutput::FailReason => text(doc.and_then(|d| d.fail_reason())),
        StepOutput::ErrorCode => text(doc.and_then(|d| d.error_code())),
        StepOutput::Entities => doc.map_or_else(|| "{}".into(), |d| entities(d.entities_json())),
        StepOutput::ElapsedSeconds => {
            lead.map_or_else(|| "0".into(), |r| format!("{:.3}", r.elapsed.as_secs_f64()))
        }
        StepOutput::Verdict => verdict.name().to_string(),
        StepOutput::ExitCode => verdict.code().to_string(),
        StepOutput::Result => json::render_within(reports, verdict, elapsed, OUTPUT_LIMIT),
    };
    StepOutput::ALL
        .iter()
        .map(|&output| (output.name(), value(output)))
        .collect()
}

/// `entities` as JSON, every string in it (keys too) [`inert`], so what `fromJSON` hands
/// a workflow is clean as well; `{}` when that is larger than [`OUTPUT_LIMIT`].
fn entities(value: &Value) -> String {
    let json = cleaned(value).to_string();
    if json.len() > OUTPUT_LIMIT {
        "{}".into()
    } else {
        json
    }
}

fn cleaned(value: &Value) -> Value {
    match value {
        Value::String(s) => Value::String(inert(s)),
        Value::Array(items) => Value::Array(items.iter().map(cleaned).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (inert(k), cleaned(v)))
                .collect::<Map<String, Value>>(),
        ),
        other => other.clone(),
    }
}
