//! CI systems: what each wants around a wait and after it.
//!
//! Each system is one file implementing [`CiSystem`] and one line in [`detect`]. A
//! system only says what to emit (workflow commands, lines for files the runner reads);
//! the application shell writes it, masked, in the one place that writes.

pub mod github;
pub mod gitlab;
pub mod step_outputs;

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::exit::Verdict;
use crate::secret::Secret;
use crate::wait::JobReport;

/// Something a CI system wants written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Emit {
    /// A workflow command: the runner reads it from the step's output.
    Command(String),
    /// Text to append to a file the runner reads; `what` names it in a warning if the
    /// file cannot be written.
    Append {
        path: PathBuf,
        text: String,
        what: &'static str,
    },
}

/// How a finished run looks to a CI system.
pub struct Finished<'a> {
    pub reports: &'a [JobReport],
    pub verdict: Verdict,
    /// How long the whole wait took, for a system that renders the JSON result itself
    /// (within its own limits).
    pub elapsed: Duration,
}

/// The hooks a CI system may use. Every default does nothing, as outside CI.
pub trait CiSystem: fmt::Debug + Send + Sync {
    /// A short name, for tests and the `--verbose` start-up line.
    fn name(&self) -> &'static str;
    /// A line that opens a folded group around the poll log, if the system folds logs.
    fn open_group(&self, _title: &str) -> Option<String> {
        None
    }
    /// The line that closes it.
    fn close_group(&self) -> Option<String> {
        None
    }
    /// A line that hides `secret` in the rest of the log, the only line that may name it.
    fn mask(&self, _secret: &Secret) -> Option<String> {
        None
    }
    /// What to emit once every job has ended.
    fn finish(&self, _run: &Finished) -> Vec<Emit> {
        Vec::new()
    }
    /// What to emit when the run ends in a usage error (exit 4) before any wait.
    fn usage_error(&self, _message: &str) -> Vec<Emit> {
        Vec::new()
    }
}

/// Outside any CI system.
#[derive(Debug)]
pub struct NoCi;

impl CiSystem for NoCi {
    fn name(&self) -> &'static str {
        "none"
    }
}

/// The CI system this process runs under, from its environment (`var` reads a variable;
/// empty values count as unset).
pub fn detect(var: &dyn Fn(&str) -> Option<String>) -> Arc<dyn CiSystem> {
    let detectors: &[Detector] = &[github::detect, gitlab::detect];
    detectors
        .iter()
        .find_map(|detect| detect(var))
        .unwrap_or_else(|| Arc::new(NoCi))
}

/// Recognises its CI system from the environment.
pub type Detector = fn(&dyn Fn(&str) -> Option<String>) -> Option<Arc<dyn CiSystem>>;
