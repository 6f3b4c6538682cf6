//! Good answers larger than [`super::BODY_LIMIT`]: read through, never kept.
//!
//! Past the limit, the bytes already read and the rest as it arrives go through a
//! channel to a blocking thread, where the caller's [`Condense`] reads what it needs (the
//! job reader keeps only its profile's fields) and the rest is dropped as it passes. So a
//! FAIL padded to a hundred megabytes is still read as a FAIL, in bounded memory. The
//! transport knows nothing of jobs: the condensing is the caller's.

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::Value;
use tokio::sync::mpsc;

use super::{BODY_LIMIT, Problem};

/// What to keep of a body too large to hold: a small document, or `None` when the body
/// is not what the caller reads.
pub type Condense = Arc<dyn Fn(&mut dyn Read) -> Option<Value> + Send + Sync>;

/// The most read through in all: past it, reading stops (the request timeout bounds the
/// time; this bounds a server that sends faster than that matters).
pub const READ_THROUGH_LIMIT: usize = 1024 * 1024 * 1024;

/// Chunks in flight between the network and the reading thread.
const IN_FLIGHT: usize = 8;

/// The bytes already read, then each chunk the channel brings, as one stream; it stops
/// with an error once whoever waits for it has gone (a deadline passed), so no reading
/// outlives its request.
struct Chunks {
    current: Vec<u8>,
    at: usize,
    rx: mpsc::Receiver<Vec<u8>>,
    gone: Arc<AtomicBool>,
}

/// Says the reading's caller has gone when it is dropped: on completion or cancellation.
struct Gone(Arc<AtomicBool>);

impl Drop for Gone {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

impl Read for Chunks {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.gone.load(Ordering::Relaxed) {
            return Err(std::io::Error::other("no longer waited for"));
        }
        while self.at == self.current.len() {
            match self.rx.blocking_recv() {
                Some(next) => (self.current, self.at) = (next, 0),
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.current.len() - self.at);
        buf[..n].copy_from_slice(&self.current[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Read `head` and the rest of `response` through `condense`; an error names why not.
pub(super) async fn read_through(
    response: &mut reqwest::Response,
    head: Vec<u8>,
    condense: Condense,
    status: u16,
) -> Result<Value, Problem> {
    let (tx, rx) = mpsc::channel::<Vec<u8>>(IN_FLIGHT);
    let mut total = head.len();
    let gone = Gone(Arc::new(AtomicBool::new(false)));
    let flag = Arc::clone(&gone.0);
    let reading = tokio::task::spawn_blocking(move || {
        let mut chunks = Chunks {
            current: head,
            at: 0,
            rx,
            gone: flag,
        };
        let mut buffered = std::io::BufReader::with_capacity(64 * 1024, &mut chunks);
        condense(&mut buffered)
    });
    // Past a limit, the answer is too large to read; broken off, it may come whole next time.
    let problem = |what: String, too_large: bool| Problem {
        status: Some(status),
        too_large,
        ..Problem::new(what)
    };
    let mut cut_short = None;
    loop {
        let chunk = match response.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(e) => {
                cut_short = Some((format!("the answer broke off: {e}"), false));
                break;
            }
        };
        total += chunk.len();
        if total > READ_THROUGH_LIMIT {
            let why = format!(
                "the answer ({status}) is larger than {} MiB",
                READ_THROUGH_LIMIT / 1024 / 1024
            );
            cut_short = Some((why, true));
            break;
        }
        // The reader stops early when it has all it reads or the body is not JSON.
        if tx.send(chunk.to_vec()).await.is_err() {
            break;
        }
    }
    drop(tx);
    let kept = reading.await.ok().flatten();
    drop(gone);
    match (kept, cut_short) {
        (Some(value), None) => Ok(value),
        (_, Some((why, too_large))) => Err(problem(why, too_large)),
        (None, None) => Err(problem(
            format!(
                "the answer ({status}) is larger than {} MiB and not one JSON document",
                BODY_LIMIT / 1024 / 1024
            ),
            true,
        )),
    }
}
