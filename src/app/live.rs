//! The live block on a terminal, drawn with indicatif: redrawn in place while jobs run,
//! cleared at the end so the log left behind is the verdicts and the tally, as in a pipe.
//!
//! Used only when stderr is a terminal outside CI and neither `--quiet` nor `--verbose`
//! is given; everywhere else the line-per-change log stays. Everything drawn passes
//! through the same masking as every other output.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tokio::time::Instant;

use crate::fault::Problem;
use crate::report::human::ProgressLog;
use crate::report::live::Block;
use crate::secret::redact;
use crate::wait::{JobReport, Observer, Seen};

/// How often the spinner turns and the elapsed times move.
pub const TICK: Duration = Duration::from_millis(120);

pub struct LiveObserver {
    block: Mutex<Block>,
    /// For the verdict lines printed above the block.
    log: ProgressLog,
    bar: ProgressBar,
    start: Instant,
}

impl LiveObserver {
    pub fn new(block: Block, log: ProgressLog, start: Instant) -> LiveObserver {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{msg}") {
            bar.set_style(style);
        }
        LiveObserver {
            block: Mutex::new(block),
            log,
            bar,
            start,
        }
    }

    fn block(&self) -> std::sync::MutexGuard<'_, Block> {
        self.block.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Draw the block as it is now; `tick` turns the spinner.
    pub fn redraw(&self, tick: usize) {
        let width = usize::from(console::Term::stderr().size().1).max(20);
        let text = self.block().render(self.start.elapsed(), tick, width);
        self.bar.set_message(redact(&text));
    }

    /// Clear the block: what stays is what was printed above it.
    pub fn clear(&self) {
        self.bar.finish_and_clear();
    }

    fn tick(&self) -> usize {
        (self.start.elapsed().as_millis() / TICK.as_millis()) as usize
    }
}

impl Observer for LiveObserver {
    fn answered(&self, seen: &Seen) {
        self.block()
            .answered(seen.job, seen.doc, seen.class, seen.end_at);
        self.redraw(self.tick());
    }

    fn retrying(&self, job: &str, _elapsed: Duration, problem: &Problem, retry_in: Duration) {
        self.block().retrying(job, problem, retry_in);
        self.redraw(self.tick());
    }

    fn finished(&self, report: &JobReport) {
        self.block().finished(&report.job_id, report.verdict);
        if let Some(line) = self.log.finished(report) {
            self.bar.println(redact(&line));
        }
        self.redraw(self.tick());
    }
}
