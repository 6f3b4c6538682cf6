//! When to poll next: pure arithmetic over what the job has told us so far.
//!
//! Three sources of information, in order of strength:
//! 1. progress (`sub_jobs` done of total, with or without their `end_time`, or
//!    `process_percent`) bounds how long the job runs ([`estimate`]): "2 of 5 done at
//!    30 s" means 50 – 75 s. Once the bounds on the end are tight, one poll lands just
//!    after their far edge (and at the maximum interval the polls before it are spaced
//!    evenly to land there); while they are wide, a poll in their middle halves them, and
//!    a poll due anyway is moved to where the job, were it to run to their middle, would
//!    take its next step;
//! 2. the nominal schedule ([`backoff`]) continued from the job's age, so a waiter that
//!    starts late does not restart at one-second polls;
//! 3. nothing: the nominal schedule from our first poll.
//!
//! Progress says when a job should *succeed*; it says nothing about when it may *fail*,
//! which it can do at any moment. So progress may bring a poll forward, but may push one
//! back only a little (issue 20): no poll comes more than [`Stretch`] later than the
//! nominal schedule would have made it at the same age, so a failure is seen about as
//! soon as without progress. The requests that progress saves come from that little,
//! and from landing one poll just after the end instead of up to a whole interval past it.
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
use estimate::{PercentStep, Reading, RunTime};

/// Slack after a predicted end, so the poll lands after it rather than just before.
const PREDICTION_MARGIN: f64 = 0.1;

/// Bounds on the end this narrow (seconds) get one poll at their far edge, which costs
/// half their width in lag on average; wider ones are first split by a poll in their
/// middle, which halves that lag for half a poll more. Three seconds balances the two on
/// the benchmark's jobs that report a bare count (2 s costs more polls, 4 s more lag).
const TIGHT: f64 = 3.0;

/// How much later than the nominal schedule at the same age a poll may come, when
/// progress says the job cannot end before it: the smaller of `firsts` first intervals
/// and the share `of_run` of the shortest run the progress allows. The first keeps a
/// failure's extra lag small in seconds (under a second on average with the default
/// one-second first interval); the second keeps it small for short jobs, which fail
/// early, where the nominal intervals are short too. What this costs and saves on the
/// benchmark's jobs is in BENCHMARKS.md (issue 20), next to the settings tried.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stretch {
    pub firsts: f64,
    pub of_run: f64,
}

pub const STRETCH: Stretch = Stretch {
    firsts: 1.5,
    of_run: 0.05,
};

/// A poll due anyway moves to where it splits the bounds on the end in their middle only
/// when that is no sooner than this share of the longest it may wait, so that moving it
/// costs little more than the poll it replaces.
const STEP_AIM: f64 = 0.85;

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
    /// The steps the job's progress moves in, as a fraction (a fifth for 5 sub-jobs).
    step: f64,
    /// The steps of its percentage, from the values seen.
    percent_step: PercentStep,
    stretch: Stretch,
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
            step: 0.0,
            percent_step: PercentStep::default(),
            stretch: STRETCH,
        }
    }

    /// A planner that may stretch intervals by `stretch` instead of [`STRETCH`]: for the
    /// tests' probes, which must show that the tests catch a planner that stretches more.
    #[cfg(test)]
    pub fn with_stretch(first: Duration, max: Duration, jitter: f64, stretch: Stretch) -> Planner {
        Planner {
            stretch,
            ..Planner::new(first, max, jitter)
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
        if let Progress::Percent(p) = *progress {
            self.percent_step.observe(p);
        }
        let reading = Reading::of(progress, self.percent_step.step());
        self.step = reading.step;
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

    /// Seconds to sleep before the next poll, at local time `now`; `unit` is a uniform
    /// random number in `0..1` for the jitter.
    ///
    /// Progress may shorten the nominal interval, but never below the first one
    /// (`--poll-interval`): an estimate is a guess from what a server said, and a guess
    /// must not be able to turn the waiter into a flood of requests. It may lengthen it by
    /// no more than [`Stretch`] allows (`Planner::longest`).
    pub fn next_delay(&mut self, now: f64, unit: f64) -> f64 {
        let max = self.backoff.max();
        let age = self.job_age(now);
        let nominal = self.backoff.next_after(age);
        let jittered = (nominal * (1.0 + self.jitter * (2.0 * unit - 1.0))).min(max);
        let Some(run) = self.run else {
            return jittered;
        };
        // Where the nominal schedule itself waits longer (it skips a poll time that comes
        // too soon after an off-schedule poll), progress does not make it wait less.
        let longest = self.longest(age, run).max(jittered);
        let shortest = self.shortest(jittered).min(longest);
        // A tiny fraction done (issue 11: `process_percent: 1e-300`) predicts an end past
        // what f64 holds; arithmetic on that made the delay NaN, which slept zero.
        match self.aim(now, run, longest) {
            Some(delay) if delay.is_finite() => delay.clamp(shortest, longest),
            // Nowhere to aim, and the job cannot end before the longest wait: only a
            // failure can be seen sooner, and for that the longest wait will do.
            _ if self.origin() + run.lo - now >= longest => longest,
            _ => jittered,
        }
    }

    /// The longest a poll at `age` may wait: the nominal interval at that age, stretched
    /// by no more than [`Stretch`] allows, and never past the maximum interval.
    fn longest(&self, age: f64, run: RunTime) -> f64 {
        let stretch = (self.stretch.firsts * self.first).min(self.stretch.of_run * run.lo);
        (self.backoff.interval_at(age) + stretch.max(0.0)).min(self.backoff.max())
    }

    /// Where, within `longest` seconds from `now`, the next poll tells the most about the
    /// end; `None` when nowhere in particular.
    fn aim(&self, now: f64, run: RunTime, longest: f64) -> Option<f64> {
        if !run.hi.is_finite() {
            return None;
        }
        let origin = self.origin();
        if run.width() <= TIGHT {
            let until = origin + run.hi + PREDICTION_MARGIN + self.clock.uncertainty() - now;
            return if until <= longest {
                Some(until)
            } else if self.backoff.is_capped(self.job_age(now)) {
                // At the cap, the fewest polls no more than one interval apart that land
                // on the end: jittered polls only ever come early at the cap, and the drift
                // can cost a poll just before the end. Not for wide bounds: they move with
                // every answer, and spacing polls for them would only shorten intervals.
                Some(until / (until / self.backoff.max()).ceil())
            } else {
                None
            };
        }
        // Wide bounds: a poll at their middle sees the end or not, and so halves them.
        let mid = (run.lo + run.hi) / 2.0;
        if origin + mid - now <= longest {
            return Some(origin + mid - now);
        }
        // Before that, a poll at the age where a job running to their middle takes a step
        // (the third of five sub-jobs ends, the percentage reaches 40) halves them too.
        if self.step <= 0.0 {
            return None;
        }
        let latest = (now + longest - origin) / mid;
        let fraction = (latest / self.step).floor() * self.step;
        let at = origin + mid * fraction - now;
        (fraction > 0.0 && at >= STEP_AIM * longest).then_some(at)
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
