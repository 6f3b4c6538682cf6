//! The nominal poll times: at once, then `--poll-interval` growing ×1.5 up to
//! `--max-interval`, measured from when the job began.
//!
//! Measuring from the job's start rather than ours is what lets a waiter that starts late
//! (the job is already two minutes old) continue the schedule instead of hammering the API
//! with short intervals meant for a job that just started.

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};

pub const GROWTH: f32 = 1.5;

#[derive(Clone, Debug)]
pub struct Backoff {
    /// Poll times (seconds after the job began) while the interval still grows; starts at 0.
    growing: Vec<f64>,
    /// The interval once it stopped growing.
    max: f64,
    /// The poll time from which every interval is `max`.
    capped_from: f64,
    /// The first interval.
    first: f64,
}

impl Backoff {
    pub fn new(first: Duration, max: Duration) -> Backoff {
        let max = max.max(first);
        let delays = ExponentialBuilder::new()
            .with_min_delay(first)
            .with_max_delay(max)
            .with_factor(GROWTH)
            .without_max_times()
            .build();
        let mut growing = vec![0.0];
        let mut at = 0.0;
        for delay in delays {
            at += delay.as_secs_f64();
            growing.push(at);
            if delay >= max || growing.len() > 200 {
                break;
            }
        }
        let max = max.as_secs_f64();
        // The last step is the first full-length one, unless the list was cut short.
        let n = growing.len();
        let capped_from = if n >= 2 && growing[n - 1] - growing[n - 2] >= max - 1e-9 {
            growing[n - 2]
        } else {
            growing[n - 1]
        };
        Backoff {
            growing,
            max,
            capped_from,
            first: first.as_secs_f64(),
        }
    }

    /// Whether the intervals have stopped growing by `age` (time since the job began).
    pub fn is_capped(&self, age: f64) -> bool {
        age >= self.capped_from
    }

    /// The poll time with index `k`.
    fn time(&self, k: usize) -> f64 {
        let last = self.growing.len() - 1;
        if k <= last {
            self.growing[k]
        } else {
            self.growing[last] + (k - last) as f64 * self.max
        }
    }

    /// Seconds from `age` (time since the job began) to the next nominal poll time that is
    /// at least half an interval away, so a poll that jitter moved slightly early is not
    /// followed by a second one moments later.
    pub fn next_after(&self, age: f64) -> f64 {
        let age = age.max(0.0);
        let last = self.growing.len() - 1;
        let mut k = match self.growing.iter().position(|&t| t > age) {
            Some(k) => k,
            None => last + ((age - self.growing[last]) / self.max).floor() as usize + 1,
        };
        loop {
            let step = self.time(k) - self.time(k.saturating_sub(1));
            if self.time(k) - age >= step / 2.0 || k == 0 {
                return (self.time(k) - age).min(self.max);
            }
            k += 1;
        }
    }

    /// The nominal interval at `age`: the poll at time `t` of the nominal schedule is
    /// followed by one `first + (GROWTH − 1) × t` later, up to the maximum. Between poll
    /// times, the same line.
    pub fn interval_at(&self, age: f64) -> f64 {
        (self.first + (f64::from(GROWTH) - 1.0) * age.max(0.0)).min(self.max)
    }

    pub fn max(&self) -> f64 {
        self.max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: f64) -> Duration {
        Duration::from_secs_f64(s)
    }

    #[test]
    fn default_schedule_grows_by_half_up_to_the_cap() {
        let b = Backoff::new(secs(1.0), secs(10.0));
        let times: Vec<f64> = (0..10).map(|k| b.time(k)).collect();
        let want = [
            0.0, 1.0, 2.5, 4.75, 8.125, 13.1875, 20.78125, 30.78125, 40.78125, 50.78125,
        ];
        for (got, want) in times.iter().zip(want) {
            assert!((got - want).abs() < 1e-3, "{times:?}");
        }
    }

    #[test]
    fn walking_the_schedule_from_zero_visits_every_nominal_time() {
        let b = Backoff::new(secs(1.0), secs(10.0));
        let mut age = 0.0;
        let mut seen = vec![];
        for _ in 0..8 {
            age += b.next_after(age);
            seen.push(age);
        }
        let want = [1.0, 2.5, 4.75, 8.125, 13.1875, 20.78125, 30.78125, 40.78125];
        for (got, want) in seen.iter().zip(want) {
            assert!((got - want).abs() < 1e-3, "{seen:?}");
        }
    }

    #[test]
    fn an_old_job_continues_at_the_capped_interval() {
        let b = Backoff::new(secs(1.0), secs(10.0));
        let d = b.next_after(120.0);
        assert!((5.0..=10.0).contains(&d), "{d}");
        assert!((b.next_after(120.0 + d) - 10.0).abs() < 1e-6);
    }

    #[test]
    fn a_slightly_early_poll_does_not_cause_a_double_poll() {
        let b = Backoff::new(secs(1.0), secs(10.0));
        // Jitter fired the poll meant for 13.1875 at 12.9: the next is the one after.
        let d = b.next_after(12.9);
        assert!((12.9 + d - 20.78125).abs() < 1e-3, "{d}");
    }

    #[test]
    fn the_intervals_stop_growing_at_the_first_full_one() {
        let b = Backoff::new(secs(1.0), secs(10.0));
        assert!(!b.is_capped(20.7));
        assert!(b.is_capped(20.79));
        assert!(b.is_capped(1e6));
        let fixed = Backoff::new(secs(30.0), secs(10.0));
        assert!(fixed.is_capped(0.0));
    }

    #[test]
    fn the_interval_at_a_poll_time_is_the_step_to_the_next() {
        let b = Backoff::new(secs(1.0), secs(10.0));
        for k in 0..12 {
            let step = b.time(k + 1) - b.time(k);
            assert!((b.interval_at(b.time(k)) - step).abs() < 1e-9, "{k}");
        }
        assert_eq!(b.interval_at(-5.0), 1.0);
        assert_eq!(b.interval_at(1e9), 10.0);
    }

    #[test]
    fn first_interval_above_the_cap_means_a_fixed_interval() {
        let b = Backoff::new(secs(30.0), secs(10.0));
        assert_eq!(b.max(), 30.0);
        assert!((b.next_after(0.0) - 30.0).abs() < 1e-6);
        assert!((b.next_after(30.0) - 30.0).abs() < 1e-6);
    }
}
