//! GitHub Actions: step outputs, the step summary, annotations, log groups and masks.
//!
//! Workflow commands are lines the runner reads from the step's output; everything taken
//! from the server is escaped so it can neither break out of a command nor forge one.
//! <https://docs.github.com/actions/reference/workflow-commands-for-github-actions>

use std::path::PathBuf;
use std::sync::Arc;

use super::step_outputs::{self, StepOutput};
use super::{CiSystem, Emit, Finished};
use crate::exit::Verdict;
use crate::github_escape;
use crate::report::human::{Style, render_verdict};
use crate::sanitize::clean;
use crate::secret::Secret;
use crate::time::format_elapsed;
use crate::wait::JobReport;

/// Running as a step of a GitHub Actions job (`GITHUB_ACTIONS=true`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct GitHub {
    /// `$GITHUB_OUTPUT`: the step's outputs.
    pub output: Option<PathBuf>,
    /// `$GITHUB_STEP_SUMMARY`: Markdown shown on the run's page.
    pub step_summary: Option<PathBuf>,
}

pub fn detect(var: &dyn Fn(&str) -> Option<String>) -> Option<Arc<dyn CiSystem>> {
    (var("GITHUB_ACTIONS").as_deref() == Some("true")).then(|| {
        Arc::new(GitHub {
            output: var("GITHUB_OUTPUT").map(PathBuf::from),
            step_summary: var("GITHUB_STEP_SUMMARY").map(PathBuf::from),
        }) as Arc<dyn CiSystem>
    })
}

impl CiSystem for GitHub {
    fn name(&self) -> &'static str {
        "github"
    }

    fn open_group(&self, title: &str) -> Option<String> {
        Some(group(title))
    }

    fn close_group(&self) -> Option<String> {
        Some(END_GROUP.to_string())
    }

    fn mask(&self, secret: &Secret) -> Option<String> {
        Some(add_mask(secret))
    }

    /// An `::error` annotation, and the `exit_code` output (4), so a workflow that goes on
    /// after the step can tell a usage error from a failed job.
    fn usage_error(&self, message: &str) -> Vec<Emit> {
        let mut emits = vec![Emit::Command(format!(
            "::error title={}::{}",
            github_escape::property("jobwait: usage error"),
            github_escape::data(&clean(message))
        ))];
        if let Some(path) = &self.output {
            emits.push(Emit::Append {
                path: path.clone(),
                text: outputs_text(&[(StepOutput::ExitCode.name(), "4".to_string())]),
                what: "step outputs",
            });
        }
        emits
    }

    fn finish(&self, run: &Finished) -> Vec<Emit> {
        let mut emits: Vec<Emit> = run
            .reports
            .iter()
            .filter_map(annotation)
            .map(Emit::Command)
            .collect();
        if let Some(path) = &self.output {
            emits.push(Emit::Append {
                path: path.clone(),
                text: outputs_text(&step_outputs::values(
                    run.reports,
                    run.verdict,
                    run.result_json,
                )),
                what: "step outputs",
            });
        }
        if let Some(path) = &self.step_summary {
            emits.push(Emit::Append {
                path: path.clone(),
                text: summary(run.reports, run.verdict),
                what: "the step summary",
            });
        }
        emits
    }
}

/// Masks a secret in every later line of the log. The line itself is never shown.
pub fn add_mask(secret: &Secret) -> String {
    format!("::add-mask::{}", github_escape::data(secret.expose()))
}

pub fn group(title: &str) -> String {
    format!("::group::{}", github_escape::data(&clean(title)))
}

pub const END_GROUP: &str = "::endgroup::";

/// An `::error` annotation for a job that did not succeed.
pub fn annotation(report: &JobReport) -> Option<String> {
    let what = match report.verdict {
        Verdict::Succeeded | Verdict::Cancelled(_) | Verdict::NotWaited => return None,
        Verdict::Failed => "failed",
        Verdict::TimedOut => "timed out",
        Verdict::NoVerdict => "no verdict",
    };
    let title = format!(
        "jobwait: {} {} {what}",
        report.subject.noun,
        clean(&report.job_id)
    );
    let message = render_verdict(report, Style { color: false });
    Some(format!(
        "::error title={}::{}",
        github_escape::property(&title),
        github_escape::data(&message)
    ))
}

/// Outputs for `$GITHUB_OUTPUT` as `name<<DELIMITER` blocks, each with a random delimiter
/// that does not occur in its value.
pub fn outputs_text(outputs: &[(&str, String)]) -> String {
    let mut text = String::new();
    for (name, value) in outputs {
        let delimiter = loop {
            let d = format!(
                "ghadelimiter_{:016x}{:016x}",
                fastrand::u64(..),
                fastrand::u64(..)
            );
            if !value.contains(&d) {
                break d;
            }
        };
        text.push_str(&format!("{name}<<{delimiter}\n{value}\n{delimiter}\n"));
    }
    text
}

/// A Markdown table of the jobs for `$GITHUB_STEP_SUMMARY`.
pub fn summary(reports: &[JobReport], verdict: Verdict) -> String {
    let noun = reports.first().map_or("job", |r| r.subject.noun.as_str());
    let mut md = format!(
        "### jobwait: {}\n\n| {noun} | type | verdict | elapsed | entities | failure |\n|---|---|---|---|---|---|\n",
        verdict.name()
    );
    for r in reports {
        let doc = r.doc.as_deref();
        let entities = doc
            .map(|d| {
                d.entity_ids()
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        let failure = match r.verdict {
            Verdict::Succeeded if r.gone.is_some() => {
                format!("gone: {}", r.gone.as_deref().unwrap_or_default())
            }
            Verdict::Succeeded => String::new(),
            _ => render_verdict(r, Style { color: false }),
        };
        let icon = match r.verdict {
            Verdict::Succeeded => "✅",
            Verdict::Failed => "❌",
            Verdict::TimedOut => "⏱️",
            _ => "⚠️",
        };
        md.push_str(&format!(
            "| `{}` | {} | {icon} {} | {} | {} | {} |\n",
            cell(&r.job_id),
            cell(doc.and_then(|d| d.job_type.as_deref()).unwrap_or("")),
            r.verdict.name(),
            format_elapsed(r.elapsed),
            cell(&entities),
            cell(&failure)
        ));
    }
    md
}

/// One table cell: no pipes, no line breaks, no markup surprises.
fn cell(text: &str) -> String {
    clean(text)
        .replace('|', "\\|")
        .replace('`', "'")
        .replace('<', "&lt;")
}

#[cfg(test)]
#[path = "github_tests.rs"]
mod tests;
