//! Reporting: the live progress log (stderr), the final verdicts (stderr), and the JSON
//! result (stdout). Renderers return strings; writing happens in few, known places, so
//! stdout never carries anything but results and CI workflow commands.

pub mod human;
pub mod json;
pub mod sanitize;

use std::time::Duration;

use crate::api::Problem;
use crate::api::job::JobDoc;
use crate::status::StatusClass;
use crate::wait::JobReport;

/// What the wait loop tells the outside world while it runs.
pub trait Observer: Send + Sync {
    /// A job document arrived.
    fn answered(&self, job: &str, elapsed: Duration, doc: &JobDoc, class: StatusClass);
    /// A poll failed and will be retried after `retry_in`.
    fn retrying(&self, job: &str, elapsed: Duration, problem: &Problem, retry_in: Duration);
    /// A job's wait ended.
    fn finished(&self, report: &JobReport);
}

/// How chatty the human output is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}
