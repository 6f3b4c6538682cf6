//! Where the application writes its lines: stdout, stderr and the files CI runners read,
//! every line masked on its way out.
//!
//! Two other writers exist, both in the application shell too: the live block on a
//! terminal (`live.rs`), which indicatif draws on stderr itself, its text masked the same
//! way before it is handed over; and the panic hook (`mod.rs`), which prints one redacted
//! line and exits 3 when the process can no longer be trusted to reach a sink.
//!
//! stdout carries only results and CI workflow commands; people's progress and
//! diagnostics go to stderr. Workflow commands move to stderr under `--output json`, so
//! stdout stays one JSON document. A closed stream is no reason to fail a wait, so write
//! errors are ignored; a runner file that cannot be written is a warning.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

use crate::ci::Emit;
use crate::secret::redact;

/// A writer several owners share, so lines from different places never interleave.
#[derive(Clone)]
struct Shared(Arc<Mutex<Box<dyn Write + Send>>>);

impl Shared {
    fn write(&self, text: &str) {
        self.write_bytes(text.as_bytes());
    }

    fn write_bytes(&self, bytes: &[u8]) {
        let mut w = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let _ = w.write_all(bytes);
        let _ = w.flush();
    }
}

#[derive(Clone)]
pub struct Sink {
    stdout: Shared,
    stderr: Shared,
    commands_on_stderr: bool,
    /// Under `--verbose`: people's lines on stderr start with the time since this.
    stamp: Option<Instant>,
}

impl Sink {
    pub fn new(stdout: Box<dyn Write + Send>, stderr: Box<dyn Write + Send>) -> Sink {
        Sink {
            stdout: Shared(Arc::new(Mutex::new(stdout))),
            stderr: Shared(Arc::new(Mutex::new(stderr))),
            commands_on_stderr: false,
            stamp: None,
        }
    }

    /// Start people's lines with the time since `start` from now on (`[   4.210s]`), so a
    /// `--verbose` log says when each answer came; workflow commands stay as they are.
    pub fn stamp_from(&mut self, start: Instant) {
        self.stamp = Some(start);
    }

    /// Send workflow commands to stderr from now on (stdout carries the JSON result).
    pub fn commands_to_stderr(&mut self) {
        self.commands_on_stderr = true;
    }

    /// A line of results on stdout.
    pub fn out(&self, line: &str) {
        self.stdout.write(&format!("{}\n", redact(line)));
    }

    /// Text as it is rendered (help), on stdout.
    pub fn out_text(&self, text: &str) {
        self.stdout.write(&redact(text));
    }

    /// Bytes as they are (completions, the man page), on stdout: made by us, not a server.
    pub fn out_bytes(&self, bytes: &[u8]) {
        self.stdout.write_bytes(bytes);
    }

    /// A line for people on stderr.
    pub fn err(&self, line: &str) {
        let stamp = self
            .stamp
            .map(|start| stamp(start.elapsed()))
            .unwrap_or_default();
        let text: String = redact(line)
            .lines()
            .map(|l| format!("{stamp}{l}\n"))
            .collect();
        self.stderr.write(&text);
    }

    /// A marker the CI system reads on stderr with the poll log (a group's start or end),
    /// never stamped: the runner only knows it at the start of a line.
    pub fn marker(&self, line: &str) {
        self.stderr.write(&format!("{}\n", redact(line)));
    }

    /// A workflow command the runner reads.
    pub fn command(&self, line: &str) {
        self.command_unmasked(&redact(line));
    }

    /// A workflow command as it is: only for the line that masks a secret, which must
    /// name it.
    pub fn command_unmasked(&self, line: &str) {
        let stream = if self.commands_on_stderr {
            &self.stderr
        } else {
            &self.stdout
        };
        stream.write(&format!("{line}\n"));
    }

    /// What a CI system asked for. The runner does not mask what a step writes to its
    /// files, so those are masked here like every stream.
    pub fn emit(&self, emit: Emit) {
        match emit {
            Emit::Command(line) => self.command(&line),
            Emit::Append { path, text, what } => {
                if let Err(e) = append(&path, &redact(&text)) {
                    self.err(&format!(
                        "jobwait: warning: cannot write {what} to {}: {e}",
                        path.display()
                    ));
                }
            }
        }
    }
}

/// `[   4.210s] `: seconds since the start, to the millisecond, right-aligned so the
/// lines of a long wait stay in columns.
fn stamp(elapsed: Duration) -> String {
    format!("[{:8.3}s] ", elapsed.as_secs_f64())
}

fn append(path: &std::path::Path, text: &str) -> io::Result<()> {
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?
        .write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_are_seconds_since_the_start_in_a_column() {
        assert_eq!(stamp(Duration::from_millis(4210)), "[   4.210s] ");
        assert_eq!(stamp(Duration::from_secs(1234)), "[1234.000s] ");
    }
}
