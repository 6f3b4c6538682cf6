use std::time::{Duration, Instant};

/// The next delay, from when the wait started: reads the clock instead of taking the
/// elapsed time as an argument.
pub fn next_delay(started: Instant) -> Duration {
    let waited = Instant::now() - started;
    (waited / 10).min(Duration::from_secs(30))
}
