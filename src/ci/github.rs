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
use crate::report::human::{Style, render_verdict, tally};
use crate::report::unsuccessful_first;
use crate::sanitize::clean;
use crate::secret::{MIN_MASKED, Secret};
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

    /// Never for a value shorter than [`MIN_MASKED`]: GitHub would mask it in every line
    /// of the job (`::add-mask::abc`), and jobwait masks no value that short either.
    fn mask(&self, secret: &Secret) -> Option<String> {
        (secret.expose().chars().count() >= MIN_MASKED).then(|| add_mask(secret))
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
        let mut emits: Vec<Emit> = annotations(run.reports)
            .into_iter()
            .map(Emit::Command)
            .collect();
        if let Some(path) = &self.output {
            emits.push(Emit::Append {
                path: path.clone(),
                text: outputs_text(&step_outputs::values(run.reports, run.verdict, run.elapsed)),
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

/// GitHub shows at most this many error annotations of one step.
pub const MAX_ANNOTATIONS: usize = 10;

/// An `::error` annotation for each job that did not succeed; beyond
/// [`MAX_ANNOTATIONS`], the first nine and one that counts the rest.
pub fn annotations(reports: &[JobReport]) -> Vec<String> {
    let unsuccessful: Vec<&JobReport> = reports.iter().filter(|r| annotated(r)).collect();
    if unsuccessful.len() <= MAX_ANNOTATIONS {
        return unsuccessful.into_iter().filter_map(annotation).collect();
    }
    let (shown, rest) = unsuccessful.split_at(MAX_ANNOTATIONS - 1);
    let mut lines: Vec<String> = shown.iter().copied().filter_map(annotation).collect();
    let title = format!("jobwait: {} more jobs did not succeed", rest.len());
    let message = format!(
        "{} more jobs did not succeed: {} (each is in the step summary or the log)",
        rest.len(),
        tally(rest.iter().copied())
    );
    lines.push(format!(
        "::error title={}::{}",
        github_escape::property(&title),
        github_escape::data(&message)
    ));
    lines
}

/// Whether a job gets an annotation: it failed, timed out or has no verdict.
fn annotated(report: &JobReport) -> bool {
    matches!(
        report.verdict,
        Verdict::Failed | Verdict::TimedOut | Verdict::NoVerdict
    )
}

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

/// GitHub takes at most 1 MiB of summary from a step.
pub const SUMMARY_LIMIT: usize = 1 << 20;
/// More rows than this make a table nobody reads (and a page slow to show).
pub const MAX_ROWS: usize = 1000;
// The jobs a table shows kept their documents (the first of each verdict).
const _: () = assert!(MAX_ROWS <= crate::wait::DOCS_KEPT);

/// A Markdown table of the jobs for `$GITHUB_STEP_SUMMARY`, within [`SUMMARY_LIMIT`]: of
/// every job if they fit in [`MAX_ROWS`] and the limit, else of the first that do, those
/// that did not succeed first, and a line that counts the rest.
pub fn summary(reports: &[JobReport], verdict: Verdict) -> String {
    let noun = reports.first().map_or("job", |r| r.subject.noun.as_str());
    let head = format!(
        "### jobwait: {}\n\n| {noun} | type | verdict | elapsed | entities | failure |\n|---|---|---|---|---|---|\n",
        verdict.name()
    );
    // `\nand 100000 more jobs: …` with a count of each of the six verdicts.
    const TAIL: usize = 200;
    let fill = |order: &mut dyn Iterator<Item = &JobReport>| {
        let mut md = head.clone();
        let mut shown = 0;
        for r in order.take(MAX_ROWS) {
            let row = row(r);
            if md.len() + row.len() + TAIL > SUMMARY_LIMIT {
                break;
            }
            md.push_str(&row);
            shown += 1;
        }
        (md, shown)
    };
    let (mut md, mut shown) = fill(&mut reports.iter());
    if shown < reports.len() {
        (md, shown) = fill(&mut unsuccessful_first(reports));
        let rest = unsuccessful_first(reports).skip(shown);
        md.push_str(&format!(
            "\nand {} more {noun}s: {}\n",
            reports.len() - shown,
            tally(rest)
        ));
    }
    md
}

/// One job's row of the summary table.
fn row(r: &JobReport) -> String {
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
    format!(
        "| {} | {} | {icon} {} | {} | {} | {} |\n",
        cell(&r.job_id),
        cell(doc.and_then(|d| d.job_type.as_deref()).unwrap_or("")),
        r.verdict.name(),
        format_elapsed(r.elapsed),
        cell(&entities),
        cell(&failure)
    )
}

/// One table cell of server text, as one code span: inside it Markdown and HTML are
/// plain text, so a server's `[re-authenticate](https://…)`, `![](…)`, `<img>` or bare
/// URL shows as written, never as a link or an image. No backtick may end the span and no
/// pipe the cell: GitHub's tables take `\|` as a pipe even in a code span, but read `\\`
/// as an escaped backslash first, so a backslash right before a pipe is kept apart from
/// it by a space. Empty text is an empty cell.
fn cell(text: &str) -> String {
    let text = clean(text)
        .replace('`', "'")
        .replace("\\|", "\\ |")
        .replace('|', "\\|");
    if text.is_empty() {
        text
    } else {
        format!("`{text}`")
    }
}

#[cfg(test)]
#[path = "github_tests.rs"]
mod tests;
