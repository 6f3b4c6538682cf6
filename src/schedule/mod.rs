//! When to poll next: pure arithmetic over what the job has told us so far.
//!
//! Three sources of information, in order of strength:
//! 1. progress (`sub_jobs` done of total, with or without their `end_time`, or
//!    `process_percent`) bounds how long the job runs ([`estimate`]): "2 of 5 done at
//!    30 s" means 50 – 75 s. Once the bounds on the end are tight, one poll lands just
//!    after their far edge (and at the maximum interval the polls before it are spaced
//!    evenly to land there); while they are wide, a poll in their middle halves them.
//!    Before the intervals reach their maximum, a poll that progress says cannot see the
//!    end may wait up to twice its nominal interval;
//! 2. the nominal schedule ([`backoff`]) continued from the job's age, so a waiter that
//!    starts late does not restart at one-second polls;
//! 3. nothing: the nominal schedule from our first poll.
//!
//! No I/O and no clock reads: times are seconds since the start of the wait, given by the
//! caller, so every rule here is tested with plain numbers. Sleeps never exceed the
//! maximum interval, so a wrong estimate costs at most one interval of lag, and an
//! estimate never sets one shorter than the first interval (issue 11), nor shorter than
//! the nominal one once the job has outrun it.

pub mod backoff;
pub mod clock;
pub mod estimate;

use std::time::Duration;

use crate::job::Progress;
use crate::time::epoch_secs;
use backoff::Backoff;
use clock::ServerClock;
use estimate::{Reading, RunTime};

/// Slack after a predicted end, so the poll lands after it rather than just before.
const PREDICTION_MARGIN: f64 = 0.1;

/// Bounds on the end this narrow (seconds) get one poll at their far edge, which costs
/// half their width in lag on average; wider ones are first split by a poll in their
/// middle, which halves that lag for half a poll more. Three seconds balances the two on
/// the benchmark's jobs that report a bare count (2 s costs more polls, 4 s more lag).
const TIGHT: f64 = 3.0;

/// How far (×) an early interval may stretch when progress says the job cannot have ended
/// by then: such a poll can only see a failure, and for that half the rate will do. The
/// polls saved pay for the ones that narrow the bounds near the end.
const STRETCH: f64 = 2.0;

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
    /// Bounds on the job's run time from its progress, once it reported any.
    run: Option<RunTime>,
    /// Answers since the progress last moved that found the job running past the bounds:
    /// its progress is less regular than the model, and [`Planner::shortest`] trusts
    /// estimates less while there are any.
    misses: u32,
    /// The largest fraction done seen so far; progress beyond it forgives the misses.
    done: f64,
}

impl Planner {
    pub fn new(first: Duration, max: Duration, jitter: f64) -> Planner {
        Planner {
            backoff: Backoff::new(first, max),
            first: first.as_secs_f64(),
            jitter: jitter.clamp(0.0, 0.5),
            clock: ServerClock::default(),
            begin_server: None,
            run: None,
            misses: 0,
            done: 0.0,
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
        if let Some(progress) = obs.progress {
            self.observe_progress(&progress, obs.sent, obs.received);
        }
    }

    /// Narrow the run-time bounds by what `progress` says, seen between `sent` and
    /// `received`; restart them from this answer when it contradicts them.
    fn observe_progress(&mut self, progress: &Progress, sent: f64, received: f64) {
        let reading = Reading::of(progress);
        let at = (sent + received) / 2.0;
        let slack = self.clock.uncertainty() + (received - sent) / 2.0;
        let mut now = RunTime::from_reading(reading, at - self.origin(), slack);
        if let Some(point) = self.end_time_point(progress) {
            // Should the two disagree, the job is still running now: that is the newer fact.
            now = now.and(point).unwrap_or(now);
        }
        if reading.lo > self.done {
            self.misses = 0;
        } else if self.run.is_some_and(|run| now.lo > run.hi) {
            self.misses = self.misses.saturating_add(1);
        }
        self.done = self.done.max(reading.lo);
        self.run = Some(self.run.and_then(|run| run.and(now)).unwrap_or(now));
    }

    /// The run time that a finished sub-job's `end_time` implies: that fraction was
    /// reached at that moment, not merely somewhere between two polls.
    fn end_time_point(&self, progress: &Progress) -> Option<RunTime> {
        let Progress::SubJobs {
            done,
            total,
            last_end: Some(end),
        } = *progress
        else {
            return None;
        };
        if done == 0 || !self.clock.is_known() {
            return None;
        }
        let end = epoch_secs(end);
        let (age, slack) = match self.begin_server {
            // Both stamps come from the server, to the millisecond: no clock in between.
            Some(begin) => (end - begin, 0.002),
            None => (self.clock.to_local(end)?, self.clock.uncertainty()),
        };
        let fraction = f64::from(done.min(total)) / f64::from(total.max(1));
        Some(RunTime::from_point(fraction, age, slack))
    }

    /// Where the next poll tells the most, on the local clock: just after the end once the
    /// bounds on it are tight, else in their middle, to halve them.
    fn target(&self) -> Option<f64> {
        let run = self.run.filter(|run| run.hi.is_finite())?;
        let end = self.origin() + run.hi + PREDICTION_MARGIN + self.clock.uncertainty();
        if run.width() <= TIGHT {
            Some(end)
        } else {
            Some(self.origin() + (run.lo + run.hi) / 2.0)
        }
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
        let capped = self.backoff.is_capped(age);
        let tight = self.run.is_some_and(|run| run.width() <= TIGHT);
        // A tiny fraction done (issue 11: `process_percent: 1e-300`) predicts an end past
        // what f64 holds; arithmetic on that made the delay NaN, which slept zero.
        let delay = match self.target().filter(|at| at.is_finite()).map(|at| at - now) {
            Some(until) if until <= max => until,
            // At the cap, the fewest polls no more than one interval apart that land on
            // the end: jittered polls only ever come early at the cap, and the drift can
            // cost a poll just before the end. Not for wide bounds: they move with every
            // answer, and spacing polls for their middle would only shorten intervals.
            Some(until) if capped && tight => until / (until / max).ceil(),
            _ => return self.stretched(now, jittered, capped),
        };
        delay.clamp(self.shortest(jittered).min(max), max)
    }

    /// The shortest delay an estimate may set. While the estimates hold, the first interval;
    /// once an answer proved them wrong (and the progress has not moved since), the nominal
    /// delay: an estimate just shown wrong earns no shorter polls than no estimate at all.
    /// Unless every part is done: then the end should follow at once, and the first
    /// interval grows by half with each miss.
    fn shortest(&self, jittered: f64) -> f64 {
        match self.misses {
            0 => self.first,
            n if self.done >= 1.0 => self.first * f64::from(backoff::GROWTH).powi(n.min(64) as i32),
            _ => jittered,
        }
    }

    /// The nominal delay, lengthened before the cap (up to [`STRETCH`] times) when progress
    /// says the job cannot have ended by then.
    fn stretched(&self, now: f64, jittered: f64, capped: bool) -> f64 {
        match self.run {
            Some(run) if !capped => {
                let earliest = self.origin() + run.lo - now;
                earliest
                    .clamp(jittered, STRETCH * jittered)
                    .min(self.backoff.max())
            }
            _ => jittered,
        }
    }

    /// When the job should end, on the local clock: the middle of the bounds its progress
    /// set, for people (the live block's time left); `None` without progress.
    pub fn expected_end(&self) -> Option<f64> {
        let run = self.run.filter(|run| run.hi.is_finite())?;
        Some(self.origin() + (run.lo + run.hi) / 2.0)
    }

    /// The wait between confirmations of a SUCCESS (`--success-confirmations`).
    pub fn confirmation_delay(&self) -> f64 {
        self.first
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
