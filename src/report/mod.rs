//! Reporting: the live progress log (stderr), the final verdicts (stderr), and the JSON
//! result (stdout). Renderers return strings; writing happens in few, known places, so
//! stdout never carries anything but results and CI workflow commands.

pub mod human;
pub mod json;
pub mod live;
pub mod services;

use crate::exit::Verdict;
use crate::wait::JobReport;

/// The jobs that did not succeed, then those that did, each in the order given: the order
/// in which jobs are shown when not all of them can be (a step summary, a result within
/// GitHub's limits), so that what went wrong is never what is left out.
pub fn unsuccessful_first(reports: &[JobReport]) -> impl Iterator<Item = &JobReport> {
    let failed = |r: &&JobReport| r.verdict != Verdict::Succeeded;
    reports
        .iter()
        .filter(failed)
        .chain(reports.iter().filter(move |r| !failed(r)))
}

/// How chatty the human output is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}
