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
    /// `--check`: how the check ended.
    Checked(Check),
}

/// How `--check` ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// Every job answered with a job document.
    Passed,
    /// A job answered with something else, or was not asked before the timeout.
    Failed,
    /// A signal stopped the check before every job had answered.
    Cancelled(Signal),
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
        Ok(Outcome::Shown) | Ok(Outcome::Checked(Check::Passed)) => 0,
        Ok(Outcome::Checked(Check::Failed)) => Verdict::NoVerdict.code(),
        Ok(Outcome::Checked(Check::Cancelled(signal))) => Verdict::Cancelled(*signal).code(),
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

/// The signal that cancelled the wait.
///
/// SIGINT is someone (a person at a terminal, the CI system's cancel button) asking to
/// stop: 130, as shells report it. Every other stop request — SIGTERM, SIGHUP (the
/// terminal or session went away), SIGQUIT — is 143: the contract promises a closed set of
/// codes (130/143 for "cancelled"), so a pipeline that matches `130|143` never meets a
/// third number, and jobwait was not killed by any of them but ended on its own after
/// reporting, so the shell's 128+signal (129, 131) would say something that did not
/// happen. Which signal it was is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Signal {
    Interrupt,
    Terminate,
    Hangup,
    Quit,
}

impl Signal {
    /// `SIGINT`, as people and `kill -l` name it.
    pub fn name(self) -> &'static str {
        match self {
            Signal::Interrupt => "SIGINT",
            Signal::Terminate => "SIGTERM",
            Signal::Hangup => "SIGHUP",
            Signal::Quit => "SIGQUIT",
        }
    }
}

impl Verdict {
    pub fn code(self) -> u8 {
        match self {
            Verdict::Succeeded => 0,
            Verdict::Failed => 1,
            Verdict::TimedOut => 2,
            Verdict::NoVerdict => 3,
            Verdict::Cancelled(Signal::Interrupt) => 130,
            Verdict::Cancelled(Signal::Terminate | Signal::Hangup | Signal::Quit) => 143,
            Verdict::NotWaited => 3,
        }
    }

    /// Rank for combining several jobs: FAIL > cancelled > no verdict > timeout > success,
    /// so the most serious outcome is the exit code.
    ///
    /// A cancelled job might still have ended any way, so a cancel stands for "could have
    /// been anything": it outranks every verdict that a later failure of the cancelled job
    /// would have overruled (no verdict, timeout, success), and only a failure, which
    /// nothing could have overruled, outranks it. A failure seen before the signal is
    /// therefore exit 1, just as jobs that had all succeeded before it would be 0. A job not waited
    /// for (`--fail-fast`) ranks just above success: a failure always stands beside it.
    fn severity(self) -> u8 {
        match self {
            Verdict::Succeeded => 0,
            Verdict::NotWaited => 1,
            Verdict::TimedOut => 2,
            Verdict::NoVerdict => 3,
            Verdict::Cancelled(_) => 4,
            Verdict::Failed => 5,
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
    }

    /// Several jobs, a signal while some were still pending: the jobs that had ended keep
    /// their verdict, the pending ones are cancelled. Only what the pending jobs could not
    /// have changed stands against the cancel.
    #[test]
    fn a_known_failure_outranks_a_cancel_and_nothing_else_does() {
        use Verdict::*;
        let int = Cancelled(Signal::Interrupt);
        let term = Cancelled(Signal::Terminate);
        for (jobs, want, why) in [
            (vec![int], 130, "nothing had ended"),
            (
                vec![Succeeded, int],
                130,
                "the pending job could still fail",
            ),
            (vec![Succeeded, Succeeded, term], 143, "as with SIGINT"),
            (
                vec![Failed, int],
                1,
                "a failure stands whatever the rest does",
            ),
            (vec![int, Failed, int], 1, "in any order"),
            (vec![Failed, Succeeded, term], 1, "whichever the signal"),
            (
                vec![NoVerdict, int],
                130,
                "the pending job could still fail: 1 > 3",
            ),
            (vec![TimedOut, int], 130, "likewise for a timeout"),
            (
                vec![NotWaited, Failed, int],
                1,
                "--fail-fast's failure stands too",
            ),
            (
                vec![Succeeded, Succeeded],
                0,
                "all ended before the signal: success",
            ),
        ] {
            let verdict = Verdict::worst(jobs.clone());
            assert_eq!(verdict.code(), want, "{jobs:?}: {why}");
            assert_eq!(code(&Ok(Outcome::Waited(verdict))), want, "{jobs:?}: {why}");
        }
    }

    #[test]
    fn every_stop_request_but_sigint_is_143_and_so_is_a_cancelled_check() {
        for (signal, want) in [
            (Signal::Interrupt, 130),
            (Signal::Terminate, 143),
            (Signal::Hangup, 143),
            (Signal::Quit, 143),
        ] {
            assert_eq!(Verdict::Cancelled(signal).code(), want, "{signal:?}");
            let check = Ok(Outcome::Checked(Check::Cancelled(signal)));
            assert_eq!(code(&check), want, "{signal:?}");
        }
        assert_eq!(code(&Ok(Outcome::Checked(Check::Passed))), 0);
        assert_eq!(code(&Ok(Outcome::Checked(Check::Failed))), 3);
    }
}
