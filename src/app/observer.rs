//! The wait loop's observer in production: the progress log, rendered and written.
//!
//! Each job's verdict is written the moment its wait ends. Under a CI system that folds
//! the log, the poll log sits in a folded group and verdicts never do: the group closes
//! for a verdict, so what decides the step is always in sight. A group opens only with
//! the first line that goes into it, so none is ever left empty (a job that ends at its
//! first answer prints no poll line), and its title never repeats the "waiting for" line
//! printed above it.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use super::sink::Sink;
use crate::ci::CiSystem;
use crate::fault::Problem;
use crate::report::human::ProgressLog;
use crate::wait::{JobReport, Observer, Seen};

pub struct LogObserver {
    state: Mutex<State>,
    sink: Sink,
    ci: Arc<dyn CiSystem>,
}

struct State {
    log: ProgressLog,
    /// The title of the next group: the poll log, then which jobs it is still about.
    title: String,
    /// Jobs whose wait has not ended.
    remaining: usize,
    /// Whether the CI system's group around the poll log is open.
    folded: bool,
}

/// The first group's title; the "waiting for" line above it says which jobs.
pub const POLL_LOG: &str = "jobwait: poll log";

impl LogObserver {
    /// `jobs`: how many jobs are waited for.
    pub fn new(log: ProgressLog, sink: Sink, ci: Arc<dyn CiSystem>, jobs: usize) -> LogObserver {
        LogObserver {
            state: Mutex::new(State {
                log,
                title: POLL_LOG.to_string(),
                remaining: jobs,
                folded: false,
            }),
            sink,
            ci,
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A line of the poll log, in the CI system's group (opened for it if need be). The
    /// group's markers go to stderr with the poll log: the runner reads stdout and stderr
    /// through separate pipes, so a marker on stdout could land a line early or late.
    fn poll_line(&self, state: &mut State, line: &str) {
        if !state.folded
            && let Some(open) = self.ci.open_group(&state.title)
        {
            self.sink.marker(&open);
            state.folded = true;
        }
        self.sink.err(line);
    }

    /// Close the group, if one is open.
    pub fn unfold(&self) {
        let mut state = self.state();
        self.close(&mut state);
    }

    fn close(&self, state: &mut State) {
        if state.folded
            && let Some(line) = self.ci.close_group()
        {
            self.sink.marker(&line);
        }
        state.folded = false;
    }
}

impl Observer for LogObserver {
    fn answered(&self, seen: &Seen) {
        let mut state = self.state();
        if let Some(line) = state
            .log
            .answered(seen.job, seen.elapsed, seen.doc, seen.class)
        {
            self.poll_line(&mut state, &line);
        }
    }

    fn retrying(&self, job: &str, _elapsed: Duration, problem: &Problem, retry_in: Duration) {
        let mut state = self.state();
        if let Some(line) = state.log.retrying(job, problem, retry_in) {
            self.poll_line(&mut state, &line);
        }
    }

    /// Each job's verdict as soon as its wait ends, not when the last job's does; the
    /// next group, if lines come for it, says how many jobs are left.
    fn finished(&self, report: &JobReport) {
        let mut state = self.state();
        state.remaining = state.remaining.saturating_sub(1);
        let Some(verdict) = state.log.finished(report) else {
            return;
        };
        self.close(&mut state);
        self.sink.err(&verdict);
        state.title = match state.remaining {
            1 => format!("{POLL_LOG}, waiting for 1 more job"),
            n => format!("{POLL_LOG}, waiting for {n} more jobs"),
        };
    }
}
