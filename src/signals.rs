//! SIGINT and SIGTERM as a future, so the wait can stop promptly and still report where
//! each job stood. CI cancels with SIGINT, then SIGTERM 7.5 s later; we are long gone by
//! then.

use crate::exit::Signal;

/// Resolves with the first cancel signal; never, if none can be listened for.
#[cfg(unix)]
pub async fn cancelled() -> Signal {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut int), Ok(mut term)) = (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) else {
        return std::future::pending().await;
    };
    tokio::select! {
        _ = int.recv() => Signal::Interrupt,
        _ = term.recv() => Signal::Terminate,
    }
}

#[cfg(not(unix))]
pub async fn cancelled() -> Signal {
    match tokio::signal::ctrl_c().await {
        Ok(()) => Signal::Interrupt,
        Err(_) => std::future::pending().await,
    }
}
