//! The exit-code contract, as code: the only place a run's end becomes a process exit
//! code.
//!
//! Pipelines script against these numbers, so they never change and no library is ever
//! allowed to pick one (clap's usage error is 2, which here means "timeout").

use std::fmt;

use crate::usage::UsageError;

/// How a run ended, when it ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The jobs were waited for: the verdict over all of them.
    Waited(Verdict),
    /// Nothing to wait for: help, version, a listing.
    Shown,
    /// `--check`: whether every job answered with a job document.
    Checked(bool),
}

/// Why a run could not wait at all.
#[derive(Debug)]
pub enum Failure {
    /// Bad input or configuration: nothing was asked of any API.
    Usage(UsageError),
    /// This machine could not set the wait up (no async runtime, no TLS): no verdict. Only
    /// reported, never branched on, so it is an [`anyhow::Error`] with its context.
    Setup(anyhow::Error),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(e) => e.fmt(f),
            // The context, then each cause once (libraries repeat themselves):
            // `cannot set up the HTTP client: builder error: invalid IPv6 address`.
            Failure::Setup(e) => {
                let mut parts: Vec<String> = Vec::new();
                for cause in e.chain().map(ToString::to_string) {
                    if parts.last() != Some(&cause) {
                        parts.push(cause);
                    }
                }
                f.write_str(&parts.join(": "))
            }
        }
    }
}

impl From<UsageError> for Failure {
    fn from(e: UsageError) -> Failure {
        Failure::Usage(e)
    }
}

/// The process exit code for a run's end: the one mapping there is.
pub fn code(result: &Result<Outcome, Failure>) -> u8 {
    match result {
        Ok(Outcome::Waited(verdict)) => verdict.code(),
        Ok(Outcome::Shown) | Ok(Outcome::Checked(true)) => 0,
        Ok(Outcome::Checked(false)) => Verdict::NoVerdict.code(),
        Err(Failure::Usage(_)) => USAGE,
        Err(Failure::Setup(_)) => Verdict::NoVerdict.code(),
    }
}

/// How one job ended, from the pipeline's point of view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verdict {
    Succeeded,
    Failed,
    TimedOut,
    /// No verdict could be had: rejected credentials, a job that never appeared, a status
    /// nobody knows.
    NoVerdict,
    Cancelled(Signal),
    /// Not waited for to the end: another job failed first and `--fail-fast` stopped
    /// the wait. Never decides the exit code: the job that failed does.
    NotWaited,
}

/// The signal that cancelled the wait; each has its own conventional exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Signal {
    Interrupt,
    Terminate,
}

impl Verdict {
    pub fn code(self) -> u8 {
        match self {
            Verdict::Succeeded => 0,
            Verdict::Failed => 1,
            Verdict::TimedOut => 2,
            Verdict::NoVerdict => 3,
            Verdict::Cancelled(Signal::Interrupt) => 130,
            Verdict::Cancelled(Signal::Terminate) => 143,
            Verdict::NotWaited => 3,
        }
    }

    /// Rank for combining several jobs: a cancel outranks everything, then
    /// FAIL > no verdict > timeout > success, so the most serious outcome is the exit code.
    /// A job not waited for ranks just above success: a failure always stands beside it.
    fn severity(self) -> u8 {
        match self {
            Verdict::Succeeded => 0,
            Verdict::NotWaited => 1,
            Verdict::TimedOut => 2,
            Verdict::NoVerdict => 3,
            Verdict::Failed => 4,
            Verdict::Cancelled(_) => 5,
        }
    }

    /// The verdict of a set of jobs: the most serious one; success for an empty set.
    pub fn worst(verdicts: impl IntoIterator<Item = Verdict>) -> Verdict {
        verdicts
            .into_iter()
            .max_by_key(|v| v.severity())
            .unwrap_or(Verdict::Succeeded)
    }

    /// Stable lower-case name used in JSON and CI outputs.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Succeeded => "success",
            Verdict::Failed => "failed",
            Verdict::TimedOut => "timeout",
            Verdict::NoVerdict => "no_verdict",
            Verdict::Cancelled(_) | Verdict::NotWaited => "cancelled",
        }
    }
}

/// Exit code for usage and configuration errors (missing input, bad duration, bad URL).
const USAGE: u8 = 4;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_the_documented_table() {
        assert_eq!(Verdict::Succeeded.code(), 0);
        assert_eq!(Verdict::Failed.code(), 1);
        assert_eq!(Verdict::TimedOut.code(), 2);
        assert_eq!(Verdict::NoVerdict.code(), 3);
        assert_eq!(code(&Err(Failure::Usage(UsageError::NoJob))), 4);
        assert_eq!(code(&Err(Failure::Setup(anyhow::anyhow!("no TLS")))), 3);
        let setup = anyhow::anyhow!("invalid IPv6 address")
            .context("builder error")
            .context("builder error")
            .context("cannot set up the HTTP client");
        assert_eq!(
            Failure::Setup(setup).to_string(),
            "cannot set up the HTTP client: builder error: invalid IPv6 address"
        );
        assert_eq!(code(&Ok(Outcome::Shown)), 0);
        assert_eq!(code(&Ok(Outcome::Waited(Verdict::Failed))), 1);
        assert_eq!(Verdict::Cancelled(Signal::Interrupt).code(), 130);
        assert_eq!(Verdict::Cancelled(Signal::Terminate).code(), 143);
    }

    #[test]
    fn the_most_serious_verdict_wins() {
        use Verdict::*;
        assert_eq!(Verdict::worst([]), Succeeded);
        assert_eq!(Verdict::worst([Succeeded, TimedOut]), TimedOut);
        assert_eq!(Verdict::worst([TimedOut, NoVerdict, Succeeded]), NoVerdict);
        assert_eq!(Verdict::worst([NoVerdict, Failed, TimedOut]), Failed);
        assert_eq!(Verdict::worst([NotWaited, Failed, NotWaited]), Failed);
        assert_eq!(Verdict::worst([NotWaited, NoVerdict]), NoVerdict);
        assert_eq!(
            Verdict::worst([Failed, Cancelled(Signal::Terminate)]),
            Cancelled(Signal::Terminate)
        );
    }
}
