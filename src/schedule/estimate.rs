//! How long a job runs, as far as its progress tells: bounds that narrow with each answer.
//!
//! The model is a job whose progress grows in step with its age: sub-jobs that end one
//! after another, a percentage that rises steadily. Under it, "2 of 5 done at age 30 s"
//! means the job runs longer than 50 s (the third sub-job had not ended) and at most 75 s
//! (the second had). Every answer gives such bounds and all of them hold at once, so they
//! intersect: a count without end times pins the end down as well as the polls around
//! each change allow, without guessing *when* between two polls a count changed. A
//! sub-job's `end_time` gives the moment itself.
//!
//! When an answer contradicts the bounds (the job is less regular than the model, or it
//! runs past its predicted end), they restart from that answer alone: the estimate follows
//! what the job says now, not what it said before.
//!
//! Pure arithmetic on ages (seconds since the job began); the planner converts them.

use crate::job::Progress;

/// What one answer says: the fraction done lies in `lo..=hi`, and `hi` is where the
/// reported value changes next; it moves in steps of `step`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reading {
    pub lo: f64,
    pub hi: f64,
    pub step: f64,
}

impl Reading {
    /// What `progress` says; a percentage is taken to move in steps of `percent_step`
    /// (see [`PercentStep`]).
    pub fn of(progress: &Progress, percent_step: f64) -> Reading {
        match *progress {
            Progress::SubJobs { done, total, .. } => {
                let total = f64::from(total.max(1));
                let done = f64::from(done).min(total);
                Reading {
                    lo: done / total,
                    hi: ((done + 1.0) / total).min(1.0),
                    step: 1.0 / total,
                }
            }
            Progress::Percent(p) => {
                // Services send whole percents, rounded down or to the nearest, so "40"
                // means 39.5 up to 41; one that counts in tens says "40" from 40 (or
                // 39.5) up to 50. A fraction of a percent is taken to two decimals.
                let step = if p.fract() == 0.0 { percent_step } else { 0.01 };
                Reading {
                    lo: ((p - step.min(1.0) / 2.0) / 100.0).clamp(0.0, 1.0),
                    hi: ((p + step) / 100.0).clamp(0.0, 1.0),
                    step: step / 100.0,
                }
            }
        }
    }
}

/// The step a service reports its percentage in, as far as the values seen so far tell:
/// the largest whole number dividing every one of them strictly between 0 and 100. Some
/// services count in tens ("10", "20", …): read as whole percents, "30" would mean "30
/// to 31", the job would seem to stall between changes, and every answer would contradict
/// the bounds of the one before.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PercentStep {
    divisor: u32,
}

impl PercentStep {
    pub fn observe(&mut self, percent: f64) {
        if percent.fract() == 0.0 && percent > 0.0 && percent < 100.0 {
            self.divisor = gcd(self.divisor, percent as u32);
        }
    }

    /// Until a value says otherwise, tens: the coarsest step services are known to use,
    /// so "0 %" at age `t` says the job runs at least `10 t`. Were the step coarser still,
    /// that bound would be too long, and the planner could stretch an interval it should
    /// not have, by no more than it ever stretches one; the first value above zero
    /// corrects it.
    pub fn step(&self) -> f64 {
        if self.divisor == 0 {
            10.0
        } else {
            f64::from(self.divisor)
        }
    }
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// Bounds on the job's whole run time, seconds; `hi` is infinite while nothing caps it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunTime {
    pub lo: f64,
    pub hi: f64,
}

impl RunTime {
    /// What `reading` at `age`, known to within `slack` seconds, says about the run time.
    pub fn from_reading(reading: Reading, age: f64, slack: f64) -> RunTime {
        let (young, old) = ((age - slack).max(0.0), (age + slack).max(0.0));
        let lo = if reading.hi > 0.0 {
            young / reading.hi
        } else {
            0.0
        };
        // A tiny fraction (`process_percent: 1e-300`) caps nothing: the bound is infinite,
        // never an overflow that arithmetic on it would turn into NaN.
        let hi = if reading.lo > 0.0 {
            old / reading.lo
        } else {
            f64::INFINITY
        };
        RunTime {
            lo: if lo.is_finite() { lo } else { 0.0 },
            hi: if hi.is_finite() { hi } else { f64::INFINITY },
        }
    }

    /// The run time when `fraction` (above zero) was reached at `age`, within `slack`.
    pub fn from_point(fraction: f64, age: f64, slack: f64) -> RunTime {
        RunTime::from_reading(
            Reading {
                lo: fraction,
                hi: fraction,
                step: 0.0,
            },
            age,
            slack,
        )
    }

    /// Both bounds at once; `None` when they contradict each other.
    pub fn and(self, other: RunTime) -> Option<RunTime> {
        let (lo, hi) = (self.lo.max(other.lo), self.hi.min(other.hi));
        (lo <= hi).then_some(RunTime { lo, hi })
    }

    pub fn width(&self) -> f64 {
        self.hi - self.lo
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subs(done: u32, total: u32) -> Reading {
        Reading::of(
            &Progress::SubJobs {
                done,
                total,
                last_end: None,
            },
            1.0,
        )
    }

    fn percent(p: f64, step: f64) -> Reading {
        Reading::of(&Progress::Percent(p), step)
    }

    #[test]
    fn a_count_brackets_the_fraction_up_to_the_next_sub_job() {
        let bounds = |r: Reading| (r.lo, r.hi);
        assert_eq!(bounds(subs(2, 5)), (0.4, 0.6));
        assert_eq!(bounds(subs(0, 5)), (0.0, 0.2));
        assert_eq!(bounds(subs(5, 5)), (1.0, 1.0));
        assert_eq!(bounds(subs(7, 5)), (1.0, 1.0));
        assert_eq!(subs(2, 5).step, 0.2);
    }

    #[test]
    fn a_whole_percent_may_have_been_rounded_either_way() {
        let r = percent(40.0, 1.0);
        assert!(
            (r.lo - 0.395).abs() < 1e-12 && (r.hi - 0.41).abs() < 1e-12,
            "{r:?}"
        );
        let r = percent(12.5, 10.0);
        assert!(
            (r.lo - 0.12495).abs() < 1e-12 && (r.hi - 0.1251).abs() < 1e-12,
            "{r:?}"
        );
        assert_eq!(percent(0.0, 1.0).lo, 0.0);
        assert_eq!(percent(250.0, 1.0).hi, 1.0);
    }

    #[test]
    fn a_percentage_in_tens_means_up_to_the_next_ten() {
        let r = percent(30.0, 10.0);
        assert!(
            (r.lo - 0.295).abs() < 1e-12 && (r.hi - 0.4).abs() < 1e-12 && r.step == 0.1,
            "{r:?}"
        );
    }

    #[test]
    fn the_percent_step_is_what_divides_every_value_seen() {
        let mut step = PercentStep::default();
        assert_eq!(step.step(), 10.0);
        for p in [0.0, 100.0, 12.5] {
            step.observe(p);
        }
        assert_eq!(step.step(), 10.0, "0, 100 and fractions say nothing");
        step.observe(30.0);
        assert_eq!(step.step(), 30.0);
        step.observe(20.0);
        assert_eq!(step.step(), 10.0);
        step.observe(45.0);
        assert_eq!(step.step(), 5.0);
        step.observe(7.0);
        assert_eq!(step.step(), 1.0);
    }

    #[test]
    fn two_of_five_at_thirty_seconds_means_fifty_to_seventy_five() {
        let run = RunTime::from_reading(subs(2, 5), 30.0, 0.0);
        assert!((run.lo - 50.0).abs() < 1e-9 && (run.hi - 75.0).abs() < 1e-9);
        // Nothing done yet bounds the run time from below only.
        let run = RunTime::from_reading(subs(0, 5), 30.0, 0.0);
        assert_eq!((run.lo, run.hi), (150.0, f64::INFINITY));
    }

    #[test]
    fn answers_narrow_the_bounds_and_a_contradiction_is_refused() {
        // 1 of 5 at 13 s: 32.5 – 65 s; 2 of 5 at 21 s: 35 – 52.5 s; both hold.
        let a = RunTime::from_reading(subs(1, 5), 13.0, 0.0);
        let b = RunTime::from_reading(subs(2, 5), 21.0, 0.0);
        let both = a.and(b).unwrap();
        assert!((both.lo - 35.0).abs() < 1e-9 && (both.hi - 52.5).abs() < 1e-9);
        // Still 2 of 5 at 60 s: the job runs longer than the bounds allow.
        let late = RunTime::from_reading(subs(2, 5), 60.0, 0.0);
        assert_eq!(both.and(late), None);
    }

    #[test]
    fn a_tiny_fraction_caps_nothing() {
        let r = percent(1e-300, 1.0);
        let run = RunTime::from_reading(r, 3e8, 0.5);
        assert_eq!(run.hi, f64::INFINITY);
        assert!(run.lo.is_finite());
        let run = RunTime::from_point(1e-302, 3e8, 0.0);
        assert_eq!(run.hi, f64::INFINITY);
    }

    #[test]
    fn an_end_time_gives_the_run_time_to_within_its_slack() {
        let run = RunTime::from_point(0.2, 12.0, 0.01);
        assert!((run.lo - 59.95).abs() < 1e-9 && (run.hi - 60.05).abs() < 1e-9);
    }
}
