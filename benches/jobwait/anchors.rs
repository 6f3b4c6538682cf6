//! The schedules people use today ("anchors"), as poll times, and how any schedule scores
//! on a set of job durations.
//!
//! Every anchor starts afresh when the waiter starts: none of them looks at the job's age
//! or progress. A poll at the very moment a job ends sees it ended (the fake API answers
//! SUCCESS once the job's age reaches its duration), so detection lag is the first poll
//! time at or after the end, minus the end.

/// A schedule as a rule for the next poll.
#[derive(Clone, Copy, Debug)]
pub enum Shape {
    /// Optionally at once, then `first` growing by `factor` up to `cap`.
    Growing {
        at_once: bool,
        first: f64,
        factor: f64,
        cap: f64,
    },
    /// First poll after `delay`, then every `every`.
    Fixed { delay: f64, every: f64 },
}

#[derive(Clone, Copy, Debug)]
pub struct Anchor {
    pub name: &'static str,
    /// For narrow table headers.
    pub short: &'static str,
    pub shape: Shape,
    /// What the issue quotes for jobs of 5 s – 10 min: mean lag / mean requests.
    pub quoted: &'static str,
}

/// The default schedule of jobwait restarted at 0 with no jitter: the core issue's
/// contract, and the yardstick for the age and progress rules.
pub const DEFAULT: Anchor = Anchor {
    name: "jobwait default, restarted (at once, 1 s ×1.5 to 10 s)",
    short: "default, restarted",
    shape: Shape::Growing {
        at_once: true,
        first: 1.0,
        factor: 1.5,
        cap: 10.0,
    },
    quoted: "4.4 s / 17.7",
};

pub const ANCHORS: [Anchor; 6] = [
    Anchor {
        name: "Terraform generic waiter (at once, 200 ms doubling to 10 s)",
        short: "Terraform waiter",
        shape: Shape::Growing {
            at_once: true,
            first: 0.2,
            factor: 2.0,
            cap: 10.0,
        },
        quoted: "4.7 s / 18.6",
    },
    Anchor {
        name: "Huawei Terraform provider (5 s delay, then every 10 s)",
        short: "Huawei TF provider",
        shape: Shape::Fixed {
            delay: 5.0,
            every: 10.0,
        },
        quoted: "5.3 s / 13.5",
    },
    Anchor {
        name: "Go SDK WaitForJobSuccess / KooCLI (every 5 s, first after 5 s)",
        short: "every 5 s, first after 5 s",
        shape: Shape::Fixed {
            delay: 5.0,
            every: 5.0,
        },
        quoted: "2.6 s / 25–26",
    },
    Anchor {
        name: "Go SDK WaitForJobSuccess / KooCLI (every 5 s, first at once)",
        short: "every 5 s, first at once",
        shape: Shape::Fixed {
            delay: 0.0,
            every: 5.0,
        },
        quoted: "2.6 s / 25–26",
    },
    Anchor {
        name: "AWS CLI waiters (at once, then every 15 s)",
        short: "AWS CLI waiter",
        shape: Shape::Fixed {
            delay: 0.0,
            every: 15.0,
        },
        quoted: "7.4 s / 9.8",
    },
    DEFAULT,
];

impl Shape {
    /// Poll times in seconds after the waiter started, endless and increasing.
    pub fn times(self) -> impl Iterator<Item = f64> {
        let mut k = 0u32;
        let mut at = 0.0;
        let mut step = 0.0;
        std::iter::from_fn(move || {
            let t = match self {
                Shape::Growing {
                    at_once,
                    first,
                    factor,
                    cap,
                } => {
                    if k == 0 && at_once {
                        0.0
                    } else {
                        step = if step == 0.0 {
                            first
                        } else {
                            (step * factor).min(cap)
                        };
                        at += step;
                        at
                    }
                }
                Shape::Fixed { delay, every } => delay + f64::from(k) * every,
            };
            k += 1;
            Some(t)
        })
    }

    /// Lag and requests for a job that ends `duration` seconds after the waiter started.
    pub fn score(self, duration: f64) -> Score {
        let mut requests = 0.0;
        for t in self.times() {
            requests += 1.0;
            if t >= duration {
                return Score {
                    lag: t - duration,
                    requests,
                };
            }
        }
        unreachable!("poll times are endless")
    }

    /// Mean score over `durations`.
    pub fn mean(self, durations: &[f64]) -> Score {
        Score::mean(durations.iter().map(|&d| self.score(d)))
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Score {
    pub lag: f64,
    pub requests: f64,
}

impl Score {
    pub fn mean(scores: impl IntoIterator<Item = Score>) -> Score {
        let (mut sum, mut n) = (Score::default(), 0.0);
        for s in scores {
            sum.lag += s.lag;
            sum.requests += s.requests;
            n += 1.0;
        }
        if n == 0.0 {
            return sum;
        }
        Score {
            lag: sum.lag / n,
            requests: sum.requests / n,
        }
    }

    /// Strictly better on both counts: less lag and fewer requests.
    pub fn beats(&self, other: &Score) -> bool {
        self.lag < other.lag && self.requests < other.requests
    }
}

/// `n` durations spread log-uniformly over `lo..hi`, one in the middle of each of `n`
/// equally likely strata, so a few hundred jobs stand for the whole distribution.
pub fn log_uniform(n: usize, lo: f64, hi: f64) -> Vec<f64> {
    (0..n)
        .map(|i| lo * (hi / lo).powf((i as f64 + 0.5) / n as f64))
        .collect()
}
