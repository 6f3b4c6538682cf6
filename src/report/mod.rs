//! Reporting: the live progress log (stderr), the final verdicts (stderr), and the JSON
//! result (stdout). Renderers return strings; writing happens in few, known places, so
//! stdout never carries anything but results and CI workflow commands.

pub mod human;
pub mod json;
pub mod live;
pub mod services;

/// How chatty the human output is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}
