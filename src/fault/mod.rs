//! The vocabulary of failure that every layer shares: what went wrong with a request
//! ([`Problem`]), what the API said about it ([`ErrorInfo`], read from its error body),
//! and what it means for whoever asked ([`Fault`]).
//!
//! It sits below `transport`, `auth`, `job` and `wait`, so each can speak of failures
//! without importing another: the wait loop matches on a [`Fault`] without knowing HTTP,
//! and the job reader recognises an error body without knowing the transport. It never
//! sends, reads a clock or prints; it only describes.

pub mod error_body;
mod problem;

pub use error_body::ErrorInfo;
pub use problem::Problem;

/// What a failed exchange means for whoever asked: transport sorts answers into these by
/// status code, authentication reports a failed login as one, and the wait loop decides
/// on them.
#[derive(Debug)]
pub enum Fault {
    /// Worth retrying within the deadline: connection trouble, timeouts, 408, 5xx, a 200
    /// that is not a job document.
    Transient(Problem),
    /// 429: slow down (every request, not just this one).
    Throttled(Problem),
    /// 404: a fresh job can be briefly invisible; after a grace period, no verdict.
    NotFound(Problem),
    /// Retrying cannot help (401, 403, other 4xx): no verdict.
    Rejected(Problem),
}

impl Fault {
    /// The problem, whatever it means.
    pub fn problem(&self) -> &Problem {
        match self {
            Fault::Transient(p) | Fault::Throttled(p) | Fault::NotFound(p) | Fault::Rejected(p) => {
                p
            }
        }
    }
}
