//! The live block people watch on a terminal: one line per job still running (the first
//! [`SHOWN`], then one line for the rest), redrawn in place by the application shell.
//!
//! Pure: it is told what happened and asked for its lines at a given moment, so it is
//! tested with a fixed clock. Jobs that ended leave the block; their verdicts are printed
//! above it, so the log that stays behind is the same as without it.

use std::collections::HashMap;
use std::time::Duration;

use super::human::Style;
use crate::exit::Verdict;
use crate::fault::Problem;
use crate::job::{JobDoc, Progress};
use crate::sanitize::clean;
use crate::status::StatusClass;
use crate::time::format_elapsed;

/// Lines of the block given to single jobs; the rest share one line.
pub const SHOWN: usize = 20;
const SPINNER: &[char] = &['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const BAR: usize = 20;

#[derive(Default)]
struct Row {
    id: String,
    status: Option<(String, StatusClass)>,
    progress: Option<Progress>,
    /// When the job should end, as time since the start of the wait.
    end_at: Option<Duration>,
    /// The failure the last poll met, while it lasts.
    problem: Option<String>,
    ended: Option<Verdict>,
}

pub struct Block {
    rows: Vec<Row>,
    index: HashMap<String, usize>,
    style: Style,
    /// `job`, or the resource waited for (`ecs-server`).
    noun: String,
}

impl Block {
    pub fn new(job_ids: &[String], style: Style) -> Block {
        Block {
            rows: job_ids
                .iter()
                .map(|id| Row {
                    id: id.clone(),
                    ..Row::default()
                })
                .collect(),
            index: job_ids
                .iter()
                .enumerate()
                .map(|(i, id)| (id.clone(), i))
                .collect(),
            style,
            noun: "job".into(),
        }
    }

    /// What each line calls what it waits for: `job`, or the resource (`ecs-server`).
    pub fn with_noun(mut self, noun: &str) -> Block {
        self.noun = noun.to_string();
        self
    }

    fn row(&mut self, job: &str) -> Option<&mut Row> {
        let i = *self.index.get(job)?;
        self.rows.get_mut(i)
    }

    /// A job document arrived; `end_at` is when the schedule expects the job to end.
    pub fn answered(
        &mut self,
        job: &str,
        doc: &JobDoc,
        class: StatusClass,
        end_at: Option<Duration>,
    ) {
        if let Some(row) = self.row(job) {
            row.status = Some((doc.status.clone(), class));
            row.progress = doc.progress();
            row.end_at = end_at;
            row.problem = None;
        }
    }

    pub fn retrying(&mut self, job: &str, problem: &Problem, retry_in: Duration) {
        if let Some(row) = self.row(job) {
            row.problem = Some(format!(
                "{} — retrying in {}",
                problem,
                crate::time::format_elapsed_precise(retry_in)
            ));
        }
    }

    pub fn finished(&mut self, job: &str, verdict: Verdict) {
        if let Some(row) = self.row(job) {
            row.ended = Some(verdict);
        }
    }

    /// The block at `elapsed` since the start of the wait, spinner frame `tick`, each
    /// line at most `width` characters; empty once every job has ended.
    pub fn render(&self, elapsed: Duration, tick: usize, width: usize) -> String {
        let running: Vec<&Row> = self.rows.iter().filter(|r| r.ended.is_none()).collect();
        let spinner = SPINNER[tick % SPINNER.len()];
        let mut lines: Vec<String> = running
            .iter()
            .take(SHOWN)
            .map(|row| fit(&self.line(row, spinner, elapsed), width))
            .collect();
        if running.len() > SHOWN {
            let done = self.rows.len() - running.len();
            lines.push(fit(
                &format!(
                    "  … and {} more {}s running; {done} of {} ended [{} elapsed]",
                    running.len() - SHOWN,
                    self.noun,
                    self.rows.len(),
                    format_elapsed(elapsed)
                ),
                width,
            ));
        }
        lines.join("\n")
    }

    fn line(&self, row: &Row, spinner: char, elapsed: Duration) -> String {
        let status = match &row.status {
            Some((status, class)) => self.style.status(status, *class),
            None => "waiting for a first answer".to_string(),
        };
        let mut line = format!(
            "{spinner} {} {}: {status} [{} elapsed]",
            self.noun,
            clean(&row.id),
            format_elapsed(elapsed)
        );
        if let Some(progress) = row.progress {
            line.push_str(&format!(
                " {} {}",
                bar(progress.fraction()),
                amount(&progress)
            ));
        }
        if let Some(end) = row.end_at {
            line.push_str(&match end.checked_sub(elapsed) {
                Some(left) if left >= Duration::from_secs(1) => {
                    format!(" ~{} left", format_elapsed(left))
                }
                _ => " any moment now".to_string(),
            });
        }
        if let Some(problem) = &row.problem {
            line.push_str(&format!(" ({})", clean(problem)));
        }
        line
    }
}

/// `[██████░░░░]`
fn bar(fraction: f64) -> String {
    let filled = ((fraction.clamp(0.0, 1.0) * BAR as f64).round() as usize).min(BAR);
    format!("[{}{}]", "█".repeat(filled), "░".repeat(BAR - filled))
}

fn amount(progress: &Progress) -> String {
    match *progress {
        Progress::SubJobs { done, total, .. } => format!("{done}/{total} sub-jobs"),
        Progress::Percent(p) => format!("{}%", (p * 10.0).round() / 10.0),
    }
}

/// At most `width` characters (escape sequences of colour do not count), so no line
/// wraps and breaks the redraw.
fn fit(line: &str, width: usize) -> String {
    let mut out = String::with_capacity(line.len());
    let (mut shown, mut in_escape) = (0, false);
    for c in line.chars() {
        if c == '\u{1b}' {
            in_escape = true;
        }
        if !in_escape {
            if shown + 1 >= width {
                out.push('…');
                if line.contains('\u{1b}') {
                    out.push_str("\u{1b}[0m");
                }
                return out;
            }
            shown += 1;
        } else if c == 'm' {
            in_escape = false;
            out.push(c);
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::job::{Body, builtin, read};

    const PLAIN: Style = Style { color: false };

    fn doc(text: &str) -> JobDoc {
        match read(&builtin::common("ecs"), text.as_bytes()) {
            Body::Job(d) => *d,
            other => panic!("{other:?}"),
        }
    }

    fn ids(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("j{i}")).collect()
    }

    #[test]
    fn one_line_per_job_with_spinner_status_bar_and_time_left() {
        let mut block = Block::new(&ids(3), PLAIN);
        let s = Duration::from_secs;
        let subs = doc(
            r#"{"status":"RUNNING","entities":{"sub_jobs_total":5,"sub_jobs":[{"status":"SUCCESS"},{"status":"SUCCESS"}]}}"#,
        );
        block.answered("j1", &subs, StatusClass::Pending, Some(s(100)));
        let percent = doc(r#"{"status":"RUNNING","entities":{"process_percent":45}}"#);
        block.answered("j2", &percent, StatusClass::Pending, None);
        block.retrying("j3", &Problem::new("503 Service Unavailable from h"), s(2));
        assert_eq!(
            block.render(s(40), 0, 200),
            "⠋ job j1: RUNNING [40s elapsed] [████████░░░░░░░░░░░░] 2/5 sub-jobs ~1m0s left\n\
             ⠋ job j2: RUNNING [40s elapsed] [█████████░░░░░░░░░░░] 45%\n\
             ⠋ job j3: waiting for a first answer [40s elapsed] (503 Service Unavailable from h — retrying in 2s)"
        );
        // The spinner turns; a job past its expected end is due any moment.
        let later = block.render(s(120), 3, 200);
        assert!(
            later.starts_with("⠸ job j1: RUNNING [2m0s elapsed]"),
            "{later}"
        );
        assert!(
            later.lines().next().unwrap().ends_with("any moment now"),
            "{later}"
        );
    }

    #[test]
    fn ended_jobs_leave_the_block_and_many_jobs_share_a_line() {
        let mut block = Block::new(&ids(25), PLAIN);
        block.finished("j1", Verdict::Succeeded);
        block.finished("j2", Verdict::Failed);
        let text = block.render(Duration::from_secs(5), 0, 200);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), SHOWN + 1);
        assert!(lines[0].contains("job j3:"), "{text}");
        assert_eq!(
            lines[SHOWN],
            "  … and 3 more jobs running; 2 of 25 ended [5s elapsed]"
        );
        for id in ids(25) {
            block.finished(&id, Verdict::Succeeded);
        }
        assert_eq!(block.render(Duration::from_secs(6), 0, 200), "");
    }

    #[test]
    fn lines_never_wrap_even_in_colour() {
        let mut block = Block::new(
            &["a-very-long-job-id-0123456789".to_string()],
            Style { color: true },
        );
        block.answered(
            "a-very-long-job-id-0123456789",
            &doc(r#"{"status":"RUNNING"}"#),
            StatusClass::Pending,
            None,
        );
        let line = block.render(Duration::ZERO, 0, 30);
        let visible: String = {
            let mut out = String::new();
            let mut esc = false;
            for c in line.chars() {
                match (esc, c) {
                    (_, '\u{1b}') => esc = true,
                    (true, 'm') => esc = false,
                    (false, c) => out.push(c),
                    _ => {}
                }
            }
            out
        };
        assert!(visible.chars().count() <= 30, "{visible:?}");
        assert!(visible.ends_with('…'));
        assert!(line.ends_with("\u{1b}[0m"));
    }
}
