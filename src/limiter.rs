//! One request-rate limit for the whole process, shared by every job.
//!
//! Waiting for a thousand jobs must not become a thousand requests a second: every poll
//! takes a slot here first (`--max-rps`). When the API throttles (429), the rate halves
//! and everyone pauses, not just the job that was told; each good answer then wins a
//! little of the rate back (additive increase, multiplicative decrease, as TCP does).

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

use crate::time::{after, secs};

/// How long everyone pauses after a 429 that named no `Retry-After`; the clouds advise
/// waiting a few seconds.
pub const THROTTLE_PAUSE: Duration = Duration::from_secs(2);
/// The rate never drops below this fraction of `--max-rps`.
const FLOOR: f64 = 1.0 / 64.0;
/// Each good answer wins back this fraction of `--max-rps`.
const RECOVERY: f64 = 1.0 / 32.0;

pub struct RateLimiter {
    max_rate: f64,
    state: Mutex<State>,
}

struct State {
    rate: f64,
    next_free: Instant,
    paused_until: Instant,
}

impl RateLimiter {
    /// `max_rps` requests per second at most.
    pub fn new(max_rps: f64) -> RateLimiter {
        let now = Instant::now();
        RateLimiter {
            max_rate: max_rps,
            state: Mutex::new(State {
                rate: max_rps,
                next_free: now,
                paused_until: now,
            }),
        }
    }

    /// Take the next free slot and sleep until it; `false` (without sleeping) when that
    /// slot is later than `latest`, so a saturated limiter cannot push a wait past its
    /// deadline.
    pub async fn acquire(&self, latest: Instant) -> bool {
        let slot = {
            let mut s = self.state.lock().expect("limiter lock");
            let slot = Instant::now().max(s.next_free).max(s.paused_until);
            if slot > latest {
                return false;
            }
            s.next_free = after(slot, secs(1.0 / s.rate));
            slot
        };
        tokio::time::sleep_until(slot).await;
        true
    }

    /// The API said 429: halve the rate and pause every job, at most until `latest` (the
    /// deadline): a `Retry-After` beyond it means waiting to the deadline, where one last
    /// poll still asks.
    pub fn throttled(&self, retry_after: Option<Duration>, latest: Instant) {
        let mut s = self.state.lock().expect("limiter lock");
        s.rate = (s.rate / 2.0).max(self.max_rate * FLOOR);
        let until = after(Instant::now(), retry_after.unwrap_or(THROTTLE_PAUSE)).min(latest);
        s.paused_until = s.paused_until.max(until);
    }

    /// A good answer: win back some of the rate.
    pub fn recovered(&self) {
        let mut s = self.state.lock().expect("limiter lock");
        s.rate = (s.rate + self.max_rate * RECOVERY).min(self.max_rate);
    }

    pub fn current_rate(&self) -> f64 {
        self.state.lock().expect("limiter lock").rate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn slots_are_spaced_by_the_rate() {
        let limiter = RateLimiter::new(4.0);
        let start = Instant::now();
        let far = start + Duration::from_secs(60);
        let mut at = vec![];
        for _ in 0..5 {
            assert!(limiter.acquire(far).await);
            at.push((Instant::now() - start).as_secs_f64());
        }
        assert_eq!(at, vec![0.0, 0.25, 0.5, 0.75, 1.0]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_slot_past_the_latest_moment_is_refused_at_once() {
        let limiter = RateLimiter::new(1.0);
        let start = Instant::now();
        assert!(limiter.acquire(start + Duration::from_millis(10)).await);
        assert!(!limiter.acquire(start + Duration::from_millis(500)).await);
        assert_eq!(Instant::now(), start);
    }

    #[tokio::test(start_paused = true)]
    async fn a_retry_after_beyond_the_deadline_pauses_only_until_the_deadline() {
        let limiter = RateLimiter::new(10.0);
        let start = Instant::now();
        let deadline = start + Duration::from_secs(5);
        limiter.throttled(
            Some(Duration::from_secs(10_000_000_000_000_000_000)),
            deadline,
        );
        assert!(limiter.acquire(deadline + Duration::from_millis(750)).await);
        assert_eq!(Instant::now(), deadline);
    }

    #[tokio::test(start_paused = true)]
    async fn throttling_pauses_everyone_and_halves_the_rate() {
        let limiter = RateLimiter::new(10.0);
        let start = Instant::now();
        let far = start + Duration::from_secs(3600);
        limiter.throttled(Some(Duration::from_secs(3)), far);
        assert_eq!(limiter.current_rate(), 5.0);
        assert!(limiter.acquire(start + Duration::from_secs(60)).await);
        assert_eq!(Instant::now() - start, Duration::from_secs(3));
        assert!(limiter.acquire(start + Duration::from_secs(60)).await);
        assert_eq!(Instant::now() - start, Duration::from_millis(3200));
        limiter.throttled(None, far);
        assert_eq!(limiter.current_rate(), 2.5);
        for _ in 0..100 {
            limiter.recovered();
        }
        assert_eq!(limiter.current_rate(), 10.0);
    }

    #[tokio::test(start_paused = true)]
    async fn the_rate_has_a_floor() {
        let limiter = RateLimiter::new(64.0);
        for _ in 0..20 {
            limiter.throttled(
                Some(Duration::ZERO),
                Instant::now() + Duration::from_secs(3600),
            );
        }
        assert_eq!(limiter.current_rate(), 1.0);
    }
}
