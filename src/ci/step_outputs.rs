//! The step outputs of the GitHub Action, named once.
//!
//! [`StepOutput`] is the one list of their names, in the order they are written;
//! `action.yml` and the README's outputs table list the same names, and
//! `tests/step_outputs.rs` keeps the three equal. Values only: writing them is
//! [`super::github`]'s business.

use crate::exit::Verdict;
use crate::wait::JobReport;

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
    result_json: &str,
) -> Vec<(&'static str, String)> {
    let lead = decisive(reports, verdict);
    let doc = lead.and_then(|r| r.doc.as_deref());
    let value = |output| match output {
        StepOutput::Status => doc.map(|d| d.status.clone()).unwrap_or_default(),
        StepOutput::JobType => doc.and_then(|d| d.job_type.clone()).unwrap_or_default(),
        StepOutput::FailReason => doc.and_then(|d| d.fail_reason()).unwrap_or_default(),
        StepOutput::ErrorCode => doc.and_then(|d| d.error_code()).unwrap_or_default(),
        StepOutput::Entities => {
            doc.map_or_else(|| "{}".to_string(), |d| d.entities_json().to_string())
        }
        StepOutput::ElapsedSeconds => {
            lead.map_or_else(|| "0".into(), |r| format!("{:.3}", r.elapsed.as_secs_f64()))
        }
        StepOutput::Verdict => verdict.name().to_string(),
        StepOutput::ExitCode => verdict.code().to_string(),
        StepOutput::Result => result_json.to_string(),
    };
    StepOutput::ALL
        .iter()
        .map(|&output| (output.name(), value(output)))
        .collect()
}
