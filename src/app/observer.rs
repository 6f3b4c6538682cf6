//! The wait loop's observer in production: the progress log, rendered and written.
//!
//! Each job's verdict is written the moment its wait ends. Under a CI system that folds
//! the log, the poll log sits in a folded group and verdicts never do: the group closes
//! for a verdict and opens again while jobs remain, so what decides the step is always in
//! sight.

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
    /// The group's title: every job at first, then those still waited for.
    title: String,
    /// Jobs whose wait has not ended.
    remaining: usize,
    /// Whether the CI system's group around the poll log is open.
    folded: bool,
}

impl LogObserver {
    /// `jobs`: the group's title while every job is waited for, and how many there are.
    pub fn new(
        log: ProgressLog,
        sink: Sink,
        ci: Arc<dyn CiSystem>,
        (title, jobs): (String, usize),
    ) -> LogObserver {
        LogObserver {
            state: Mutex::new(State {
                log,
                title,
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

    /// Open the CI system's group around the poll log, if it has one. On stderr with
    /// the poll log it folds: the runner reads stdout and stderr through separate pipes,
    /// so a marker on stdout could land a line early or late.
    pub fn fold(&self) {
        let mut state = self.state();
        self.open(&mut state);
    }

    fn open(&self, state: &mut State) {
        if let Some(line) = self.ci.open_group(&state.title) {
            self.sink.err(&line);
            state.folded = true;
        }
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
            self.sink.err(&line);
        }
        state.folded = false;
    }
}

impl Observer for LogObserver {
    fn answered(&self, seen: &Seen) {
        let line = self
            .state()
            .log
            .answered(seen.job, seen.elapsed, seen.doc, seen.class);
        if let Some(line) = line {
            self.sink.err(&line);
        }
    }

    fn retrying(&self, job: &str, _elapsed: Duration, problem: &Problem, retry_in: Duration) {
        if let Some(line) = self.state().log.retrying(job, problem, retry_in) {
            self.sink.err(&line);
        }
    }

    /// Each job's verdict as soon as its wait ends, not when the last job's does.
    fn finished(&self, report: &JobReport) {
        let mut state = self.state();
        state.remaining = state.remaining.saturating_sub(1);
        let Some(verdict) = state.log.finished(report) else {
            return;
        };
        let was_folded = state.folded;
        self.close(&mut state);
        self.sink.err(&verdict);
        if was_folded && state.remaining > 0 {
            let more = match state.remaining {
                1 => "1 more job".to_string(),
                n => format!("{n} more jobs"),
            };
            state.title = format!("jobwait: waiting for {more}");
            self.open(&mut state);
        }
    }
}
