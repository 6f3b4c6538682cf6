//! When to poll next: pure arithmetic over what the job has told us so far.
//!
//! Three sources of information, in order of strength:
//! 1. the nominal schedule ([`backoff`]) continued from the job's age, so a waiter that
//!    starts late does not restart at one-second polls;
//! 2. progress (`sub_jobs` done of total, `process_percent`): a job that is 1/5 done after
//!    12 s will likely end near 60 s, so one poll is placed just after that moment, and
//!    once the nominal interval has reached its maximum the polls before that moment are
//!    spaced evenly to land on it;
//! 3. nothing: the nominal schedule from our first poll.
//!
//! No I/O and no clock reads: times are seconds since the start of the wait, given by the
//! caller, so every rule here is tested with plain numbers. Sleeps never exceed the
//! maximum interval, so a wrong estimate costs at most one interval of lag.

pub mod backoff;
pub mod clock;

use std::time::Duration;

use crate::job::Progress;
use backoff::Backoff;
use clock::ServerClock;

/// Slack after a predicted end, so the poll lands after it rather than just before.
const PREDICTION_MARGIN: f64 = 0.1;

/// What one answer told us, on the local clock (seconds since the start of the wait).
#[derive(Clone, Debug, Default)]
pub struct Observation {
    pub sent: f64,
    pub received: f64,
    /// The `Date` header, seconds since the epoch.
    pub server_date: Option<f64>,
    /// The job's `begin_time`, seconds since the epoch (server clock).
    pub begin: Option<f64>,
    pub progress: Option<Progress>,
}

#[derive(Clone, Debug)]
pub struct Planner {
    backoff: Backoff,
    first: f64,
    jitter: f64,
    clock: ServerClock,
    /// The job's begin on the server clock, once seen.
    begin_server: Option<f64>,
    /// Local time of the previous answer.
    last_answer: Option<f64>,
    /// Fraction done, and when (local) it was reached.
    reached: Option<(f64, f64)>,
    /// Predicted end of the job, local time, margin included.
    estimate: Option<f64>,
    overdue: u32,
}

impl Planner {
    pub fn new(first: Duration, max: Duration, jitter: f64) -> Planner {
        Planner {
            backoff: Backoff::new(first, max),
            first: first.as_secs_f64(),
            jitter: jitter.clamp(0.0, 0.5),
            clock: ServerClock::default(),
            begin_server: None,
            last_answer: None,
            reached: None,
            estimate: None,
            overdue: 0,
        }
    }

    /// When the job began, on the local clock; our own first poll when the API does not
    /// say or the server's clock is unknown.
    fn origin(&self) -> f64 {
        self.begin_server
            .and_then(|b| self.clock.to_local(b))
            .unwrap_or(0.0)
    }

    /// The job's age at local time `now`, as far as we can tell.
    pub fn job_age(&self, now: f64) -> f64 {
        (now - self.origin()).max(0.0)
    }

    pub fn observe(&mut self, obs: &Observation) {
        if let Some(date) = obs.server_date {
            self.clock.observe(obs.sent, obs.received, date);
        }
        if obs.begin.is_some() {
            self.begin_server = obs.begin;
        }
        let at = (obs.sent + obs.received) / 2.0;
        if let Some(progress) = obs.progress {
            self.observe_progress(progress, at);
        }
        self.last_answer = Some(at);
    }

    fn observe_progress(&mut self, progress: Progress, at: f64) {
        let fraction = progress.fraction();
        let exact = match progress {
            Progress::SubJobs {
                last_end: Some(end),
                ..
            } => self.clock.to_local(crate::time::epoch_secs(end)),
            _ => None,
        };
        let reached_at = match (exact, self.reached) {
            (Some(t), _) => t,
            // Same fraction as before: it was reached when we first saw it.
            (None, Some((f, t))) if (f - fraction).abs() < 1e-9 => t,
            // It changed since the previous answer: somewhere in between.
            (None, _) => (self.last_answer.unwrap_or(at) + at) / 2.0,
        };
        self.reached = Some((fraction, reached_at));
        let origin = self.origin();
        let margin = PREDICTION_MARGIN + self.clock.uncertainty();
        self.estimate = if fraction >= 1.0 {
            // Every part is done; the job itself should follow at once.
            Some(reached_at.max(at))
        } else if fraction > 0.0 && reached_at > origin {
            Some(origin + (reached_at - origin) / fraction + margin)
        } else {
            None
        };
    }

    /// Seconds to sleep before the next poll, at local time `now`; `unit` is a uniform
    /// random number in `0..1` for the jitter.
    ///
    /// Progress may lengthen or shorten the nominal interval, but never below the first one
    /// (`--poll-interval`): an estimate is a guess from what a server said, and a guess
    /// must not be able to turn the waiter into a flood of requests.
    pub fn next_delay(&mut self, now: f64, unit: f64) -> f64 {
        let max = self.backoff.max();
        let age = self.job_age(now);
        let nominal = self.backoff.next_after(age);
        let jittered = (nominal * (1.0 + self.jitter * (2.0 * unit - 1.0))).min(max);
        // A tiny fraction done (issue 11: `process_percent: 1e-300`) predicts an end past
        // what f64 holds; infinity then made the delay NaN, which slept zero.
        match self.estimate.filter(|end| end.is_finite()) {
            Some(end) if end > now + 0.05 => {
                self.overdue = 0;
                let until = end - now;
                if until <= max {
                    until.max(self.first)
                } else if !self.backoff.is_capped(age) {
                    // Still in the short early intervals: keep them, a job can fail early.
                    jittered
                } else {
                    // At the cap, the fewest polls no more than one interval apart that
                    // land on the predicted end. Jittered polls only ever come early at
                    // the cap, and the drift can cost a poll just before the end.
                    (until / (until / max).ceil()).max(self.first)
                }
            }
            Some(_) => {
                // Past the predicted end and still running: look again soon, backing off.
                let soon = self.first * f64::from(backoff::GROWTH).powi(self.overdue as i32);
                self.overdue = self.overdue.saturating_add(1);
                soon.min(jittered)
            }
            None => jittered,
        }
    }

    /// The wait between confirmations of a SUCCESS (`--success-confirmations`).
    pub fn confirmation_delay(&self) -> f64 {
        self.first
    }

    pub fn max_interval(&self) -> f64 {
        self.backoff.max()
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
