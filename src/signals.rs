//! The process's stop requests as one future, so the wait can stop promptly and still
//! report where each job stood. CI cancels with SIGINT, then SIGTERM 7.5 s later; a
//! closed terminal or session sends SIGHUP, and Ctrl-\ SIGQUIT: each ends the wait the
//! same way, with every output written (see [`Signal`] for their exit codes).
//!
//! `main` hands [`cancelled`] to [`crate::app::run`] as its shutdown future (as
//! mini-redis hands `ctrl_c()` to its server), so tests pass a future of their own and
//! cancel in-process. It never decides anything: it only says which signal came.

use crate::exit::Signal;

/// Resolves with the first stop request; never, if none can be listened for.
///
/// Nothing listens until the future is first polled; from then on each of these signals
/// is caught instead of ending the process. [`crate::app`] polls it once before the
/// first request is sent.
#[cfg(unix)]
pub async fn cancelled() -> Signal {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut int), Ok(mut term), Ok(mut hup), Ok(mut quit)) = (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
        signal(SignalKind::hangup()),
        signal(SignalKind::quit()),
    ) else {
        return std::future::pending().await;
    };
    tokio::select! {
        _ = int.recv() => Signal::Interrupt,
        _ = term.recv() => Signal::Terminate,
        _ = hup.recv() => Signal::Hangup,
        _ = quit.recv() => Signal::Quit,
    }
}

#[cfg(not(unix))]
pub async fn cancelled() -> Signal {
    match tokio::signal::ctrl_c().await {
        Ok(()) => Signal::Interrupt,
        Err(_) => std::future::pending().await,
    }
}
