//! Where the server's clock stands relative to ours, from the `Date` header.
//!
//! Job timestamps (`begin_time`, a sub-job's `end_time`) are on the server's clock, and
//! CI runners' clocks are not to be trusted, so we never compare them with our own time
//! directly. Each answer bounds the offset: the server stamped `Date` (one-second
//! resolution) somewhere between our sending the request and receiving the answer. The
//! bounds of all answers intersect, so the estimate sharpens as a wait goes on.

/// Bounds on the server's clock reading (seconds since the Unix epoch) at our local time
/// zero (the start of the wait).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ServerClock {
    bounds: Option<(f64, f64)>,
}

impl ServerClock {
    /// Record one answer: sent and received on the local clock (seconds since the start of
    /// the wait), `date` the answer's `Date` header (seconds since the epoch).
    pub fn observe(&mut self, sent: f64, received: f64, date: f64) {
        let (lo, hi) = (date - received, date + 1.0 - sent);
        self.bounds = match self.bounds {
            Some((old_lo, old_hi)) if old_lo.max(lo) <= old_hi.min(hi) => {
                Some((old_lo.max(lo), old_hi.min(hi)))
            }
            // No overlap: the server's clock was stepped. Start again from this answer.
            _ => Some((lo, hi)),
        };
    }

    pub fn is_known(&self) -> bool {
        self.bounds.is_some()
    }

    /// A server timestamp on our local clock (best estimate), if the offset is known.
    pub fn to_local(&self, server: f64) -> Option<f64> {
        self.bounds.map(|(lo, hi)| server - (lo + hi) / 2.0)
    }

    /// How far off [`ServerClock::to_local`] can be, at most.
    pub fn uncertainty(&self) -> f64 {
        self.bounds.map_or(0.0, |(lo, hi)| (hi - lo) / 2.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_answer_bounds_the_offset_to_about_a_second() {
        let mut clock = ServerClock::default();
        assert!(!clock.is_known());
        // Server is 1000.3 s ahead; request at local 0.0, answer at 0.01, Date = 1000.
        clock.observe(0.0, 0.01, 1000.0);
        let local = clock.to_local(1000.3).unwrap();
        assert!((local - 0.0).abs() <= clock.uncertainty() + 1e-9);
        assert!(clock.uncertainty() <= 0.51);
    }

    #[test]
    fn answers_at_different_fractions_of_a_second_sharpen_the_estimate() {
        let true_offset = 5000.37;
        let mut clock = ServerClock::default();
        for t in [0.0, 1.05, 2.55, 4.8, 8.2, 13.3] {
            let server_now: f64 = t + 0.002 + true_offset;
            clock.observe(t, t + 0.004, server_now.floor());
        }
        assert!(
            clock.uncertainty() < 0.2,
            "uncertainty {}",
            clock.uncertainty()
        );
        let local = clock.to_local(true_offset + 20.0).unwrap();
        assert!((local - 20.0).abs() <= clock.uncertainty() + 0.01);
    }

    #[test]
    fn a_stepped_server_clock_restarts_the_estimate() {
        let mut clock = ServerClock::default();
        clock.observe(0.0, 0.01, 1000.0);
        clock.observe(1.0, 1.01, 5000.0);
        let local = clock.to_local(5000.0).unwrap();
        assert!((local - 1.0).abs() <= 1.0);
    }
}
