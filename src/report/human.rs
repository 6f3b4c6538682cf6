//! What people read on stderr: Terraform-style progress while waiting, then one verdict
//! block per job. Everything here returns text; the application shell writes it.

use std::collections::HashMap;
use std::time::Duration;

use super::Verbosity;
use crate::exit::Verdict;
use crate::fault::Problem;
use crate::job::{JobDoc, Progress};
use crate::sanitize::clean;
use crate::status::StatusClass;
use crate::time::format_elapsed;
use crate::wait::JobReport;

/// A heartbeat at most this often per job while its status stays the same.
pub const HEARTBEAT: Duration = Duration::from_secs(10);

#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, text: &str, ansi: &str) -> String {
        if self.color {
            format!("\u{1b}[{ansi}m{text}\u{1b}[0m")
        } else {
            text.to_string()
        }
    }

    pub(crate) fn status(&self, status: &str, class: StatusClass) -> String {
        let code = match class {
            StatusClass::Success => "32",
            StatusClass::Failure => "31",
            StatusClass::Pending => "33",
            StatusClass::Unknown => "35",
        };
        // An empty status is one (a CCE node pool with nothing to do has no phase).
        let shown = if status.is_empty() { "(empty)" } else { status };
        self.paint(&clean(shown), code)
    }

    fn warning(&self) -> String {
        self.paint("warning:", "33")
    }
}

/// The line-per-change progress log: what to print when a job answers or a poll fails.
/// It remembers only what it last printed per job, and returns lines; it never writes.
pub struct ProgressLog {
    verbosity: Verbosity,
    style: Style,
    /// `job`, or the resource waited for (`ecs-server`).
    noun: String,
    /// Per job: the status last printed and when.
    last: HashMap<String, (String, Duration)>,
}

impl ProgressLog {
    pub fn new(verbosity: Verbosity, style: Style) -> ProgressLog {
        ProgressLog {
            verbosity,
            style,
            noun: "job".into(),
            last: HashMap::new(),
        }
    }

    /// What each line calls what it waits for: `job`, or the resource (`ecs-server`).
    pub fn with_noun(mut self, noun: &str) -> ProgressLog {
        self.noun = noun.to_string();
        self
    }

    /// The line for a job document, if it is worth one: a new status, a heartbeat every
    /// [`HEARTBEAT`], or everything under `--verbose`. Final statuses are left to the
    /// verdict.
    pub fn answered(
        &mut self,
        job: &str,
        elapsed: Duration,
        doc: &JobDoc,
        class: StatusClass,
    ) -> Option<String> {
        if self.verbosity == Verbosity::Quiet {
            return None;
        }
        let previous = self.last.get(job);
        let changed = previous.is_none_or(|(s, _)| *s != doc.status);
        let due = previous.is_none_or(|(_, at)| elapsed.saturating_sub(*at) >= HEARTBEAT);
        let terminal = matches!(class, StatusClass::Success | StatusClass::Failure);
        if !(self.verbosity == Verbosity::Verbose || (!terminal && (changed || due))) {
            return None;
        }
        let still = if changed { "" } else { "still " };
        let mut line = format!(
            "{} {}: {still}{} [{} elapsed]",
            self.noun,
            clean(job),
            self.style.status(&doc.status, class),
            format_elapsed(elapsed)
        );
        if let Some(progress) = doc.progress() {
            line.push_str(&format!(" ({})", describe_progress(&progress)));
        }
        if changed && let Some(note) = &doc.note {
            line.push_str(&format!(" — {}", clean(note)));
        }
        self.last
            .insert(job.to_string(), (doc.status.clone(), elapsed));
        Some(line)
    }

    /// The verdict block of a job whose wait just ended: always for a job that did not
    /// succeed, for one that did unless `--quiet`.
    pub fn finished(&self, report: &JobReport) -> Option<String> {
        (self.verbosity > Verbosity::Quiet || report.verdict != Verdict::Succeeded)
            .then(|| render_verdict(report, self.style))
    }

    /// The warning for a failed poll that will be retried.
    pub fn retrying(&self, job: &str, problem: &Problem, retry_in: Duration) -> Option<String> {
        (self.verbosity != Verbosity::Quiet).then(|| {
            format!(
                "{} {} {}: {} — retrying in {}",
                self.style.warning(),
                self.noun,
                clean(job),
                clean(&problem.to_string()),
                crate::time::format_elapsed_precise(retry_in)
            )
        })
    }
}

fn describe_progress(progress: &Progress) -> String {
    match *progress {
        Progress::SubJobs { done, total, .. } => format!("{done}/{total} sub-jobs done"),
        Progress::Percent(p) => format!("{}%", (p * 10.0).round() / 10.0),
    }
}

/// The verdict block for one job: a headline, then failure details indented.
pub fn render_verdict(report: &JobReport, style: Style) -> String {
    let job = format!("{} {}", report.subject.noun, clean(&report.job_id));
    let elapsed = format_elapsed(report.elapsed);
    let status = report.status().unwrap_or("no status");
    let lines = match report.verdict {
        Verdict::Succeeded if report.gone.is_some() => gone_lines(report, style, &job, &elapsed),
        Verdict::Succeeded => vec![format!(
            "{job}: {} after {elapsed}{}{}",
            style.status(status, StatusClass::Success),
            ran(report),
            success_about(report)
        )],
        Verdict::Failed => failure_lines(report, style, &job, &elapsed),
        Verdict::TimedOut => timeout_lines(report, &job),
        Verdict::NoVerdict => no_verdict_lines(report, &job),
        Verdict::NotWaited => vec![format!(
            "{job}: not waited for: {}",
            clean(
                report
                    .reason
                    .as_deref()
                    .unwrap_or("another job failed first")
            )
        )],
        Verdict::Cancelled(signal) => {
            let name = signal.name();
            let seen = report
                .status()
                .map(|s| format!("last status {}", clean(s)))
                .unwrap_or_else(|| "no status seen yet".into());
            vec![format!(
                "{job}: cancelled by {name} after {elapsed}; {seen}"
            )]
        }
    };
    lines.join("\n")
}

/// `; the job ran 4m12s`: the job's own run time, when the API says when it began and
/// ended. jobwait's wait (`after 5s`) may be far shorter, for a job created long before.
/// A run that rounds to `0s` says nothing the wait does not.
fn ran(report: &JobReport) -> String {
    report
        .doc
        .as_ref()
        .and_then(|d| d.ran())
        .filter(|d| d.as_secs_f64() >= 0.5)
        .map(|d| format!("; the job ran {}", format_elapsed(d)))
        .unwrap_or_default()
}

fn job_type(report: &JobReport) -> Option<String> {
    report
        .doc
        .as_ref()
        .and_then(|d| d.job_type.as_deref())
        .map(clean)
}

/// ` (createServer; server_id=…)`: what the job was and what it made.
fn success_about(report: &JobReport) -> String {
    let mut about: Vec<String> = job_type(report).into_iter().collect();
    if let Some(doc) = &report.doc {
        about.extend(
            doc.entity_ids()
                .iter()
                .map(|(k, v)| format!("{}={}", clean(k), clean(v))),
        );
    }
    if about.is_empty() {
        String::new()
    } else {
        format!(" ({})", about.join("; "))
    }
}

/// The failure headline, then each failed sub-job on its own line.
fn failure_lines(report: &JobReport, style: Style, job: &str, elapsed: &str) -> Vec<String> {
    let status = report.status().unwrap_or("no status");
    let about = job_type(report)
        .map(|t| format!(" ({t})"))
        .unwrap_or_default();
    let details = report
        .doc
        .as_ref()
        .map(|d| d.failure_details())
        .unwrap_or_default();
    let (own, subs): (Vec<_>, Vec<_>) = details.iter().partition(|d| d.sub_job_id.is_none());
    let headline = match (own.first(), subs.len()) {
        (Some(d), _) => failure_text(&d.codes, &d.reasons),
        (None, 0) => "the API gave no reason".to_string(),
        (None, n) => format!("{n} sub-job(s) failed"),
    };
    let mut lines = vec![format!(
        "{job}: {} after {elapsed}{}{about}: {headline}",
        style.status(status, StatusClass::Failure),
        ran(report)
    )];
    for sub in subs {
        let id = clean(sub.sub_job_id.as_deref().unwrap_or("?"));
        let kind = sub
            .job_type
            .as_deref()
            .map(|t| format!(" ({})", clean(t)))
            .unwrap_or_default();
        lines.push(format!(
            "  sub-job {id}{kind}: {}",
            failure_text(&sub.codes, &sub.reasons)
        ));
    }
    lines
}

fn timeout_lines(report: &JobReport, job: &str) -> Vec<String> {
    let mut line = format!(
        "{job}: {}",
        clean(report.reason.as_deref().unwrap_or("timed out"))
    );
    if let Some(progress) = report.doc.as_ref().and_then(|d| d.progress()) {
        line.push_str(&format!(" ({})", describe_progress(&progress)));
    }
    let mut lines = vec![line];
    if let Some(problem) = &report.problem {
        lines.push(format!("  last error: {}", clean(&problem.to_string())));
    }
    lines
}

fn no_verdict_lines(report: &JobReport, job: &str) -> Vec<String> {
    let first = report
        .reason
        .clone()
        .or_else(|| report.problem.as_deref().map(Problem::to_string))
        .unwrap_or_else(|| "no verdict".into());
    let mut lines = vec![format!("{job}: no verdict: {}", clean(&first))];
    if report.reason.is_some()
        && let Some(problem) = &report.problem
    {
        lines.push(format!("  last answer: {}", clean(&problem.to_string())));
    }
    lines
}

/// A resource waited for to be deleted is gone: when, and how it was seen; or, gone at
/// the first answer, the notice that it may never have been there.
fn gone_lines(report: &JobReport, style: Style, job: &str, elapsed: &str) -> Vec<String> {
    let gone = style.status("gone", StatusClass::Success);
    let how = clean(report.gone.as_deref().unwrap_or_default());
    match &report.reason {
        Some(notice) => vec![format!("{job}: {gone}: {}", clean(notice))],
        None => vec![format!("{job}: {gone} after {elapsed} ({how})")],
    }
}

/// `Ecs.0039: quota exceeded — Insufficient EIP quota`: the codes, then the texts.
fn failure_text(codes: &[String], reasons: &[String]) -> String {
    let codes: Vec<String> = codes.iter().map(|c| clean(c)).collect();
    let reasons: Vec<String> = reasons.iter().map(|r| clean(r)).collect();
    match (codes.is_empty(), reasons.is_empty()) {
        (true, true) => "no reason given".into(),
        (false, true) => codes.join(", "),
        (true, false) => reasons.join(" — "),
        (false, false) => format!("{}: {}", codes.join(", "), reasons.join(" — ")),
    }
}

/// `3 jobs: 2 succeeded, 1 failed`, for waits on more than one job.
pub fn render_tally(reports: &[JobReport]) -> Option<String> {
    if reports.len() < 2 {
        return None;
    }
    Some(format!(
        "jobwait: {} {}s: {}",
        reports.len(),
        reports[0].subject.noun,
        tally(reports.iter())
    ))
}

/// How many jobs ended how (`2 succeeded, 3 failed, 1 timed out`), in that fixed order.
pub fn tally<'a>(reports: impl Iterator<Item = &'a JobReport>) -> String {
    let mut counts = [0usize; 6];
    for r in reports {
        counts[match r.verdict {
            Verdict::Succeeded => 0,
            Verdict::Failed => 1,
            Verdict::TimedOut => 2,
            Verdict::NoVerdict => 3,
            Verdict::Cancelled(_) => 4,
            Verdict::NotWaited => 5,
        }] += 1;
    }
    let words = [
        "succeeded",
        "failed",
        "timed out",
        "without verdict",
        "cancelled",
        "not waited for",
    ];
    let text: Vec<String> = (counts.iter().zip(words))
        .filter(|(n, _)| **n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
    text.join(", ")
}

#[cfg(test)]
#[path = "human_tests.rs"]
mod tests;
