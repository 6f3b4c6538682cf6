//! Helpers for the integration tests: the fake job API, and the real binary run in a
//! pinned environment (`env_clear`), so a developer's own `HW_*`/`OS_*` never leak in.
//!
//! No run is timed: how long things take is the paused-clock tests' to say, and a busy
//! machine must not turn a slow run into a failed test. A run is cancelled when something
//! has happened (a request seen, a line printed), never after a sleep.
#![allow(dead_code)]

pub mod fake_api;

use std::collections::HashSet;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

#[allow(unused_imports)]
pub use fake_api::{Auth, Body, Config, FakeApi, Iam, Script, Simulated, Step};

pub const TOKEN: &str = fake_api::TEST_TOKEN;
pub const AK: &str = "HPUAEXAMPLEAK0000001";
pub const SK: &str = "sk-Secret-EXAMPLEsecretKEY000000000000001";
pub const STS: &str = "sts-Secret-temporary-security-token-0001";
pub const PASSWORD: &str = "pw-Secret-Passw0rd!";
pub const PROJECT: &str = fake_api::TEST_PROJECT;
/// Every credential the tests hand out: none may ever appear in any output (the access
/// key neither: it is easily swapped with the secret key).
pub const SECRETS: &[&str] = &[TOKEN, AK, SK, STS, PASSWORD];

#[derive(Debug)]
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// Fail the test if a credential shows anywhere or the binary panicked.
    pub fn assert_clean(&self) {
        for secret in SECRETS {
            assert!(
                !self.stdout.contains(secret),
                "secret on stdout: {}",
                self.stdout
            );
            assert!(
                !self.stderr.contains(secret),
                "secret on stderr: {}",
                self.stderr
            );
        }
        assert!(!self.stderr.contains("panicked"), "panic: {}", self.stderr);
    }

    /// Fail the test, showing stderr, unless one line of it holds `before` and, later,
    /// `after`: for lines whose middle depends on time (`RUNNING [3s elapsed] (40%)`).
    #[track_caller]
    pub fn assert_stderr_has_around(&self, before: &str, after: &str) {
        let found = self.stderr.lines().any(|line| {
            line.find(before)
                .is_some_and(|at| line[at + before.len()..].contains(after))
        });
        assert!(
            found,
            "stderr lacks a line with {before:?} … {after:?}:\n{}",
            self.stderr
        );
    }

    /// Fail the test, showing stderr, unless stderr contains `needle`.
    #[track_caller]
    pub fn assert_stderr_has(&self, needle: &str) {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
    }
}

/// The shortest run of a credential the tests look for: jobwait must mask any run this
/// long of a secret in any of its forms, and every form whole however short.
pub const TRACE: usize = 16;

/// The forms a credential takes once a server echoes it and jobwait prints it: as is,
/// JSON-escaped, with `\/`, as `\uXXXX` in either case; encoded as GitHub's runner masks
/// it too (base64 in three alignments, URI-escaped, XML-escaped) and as hex; and each of
/// those as a workflow command's message and property. Written here apart from jobwait's
/// own list, so a form that list forgets fails a test instead of agreeing with it.
pub fn echoed_forms(secret: &str) -> Vec<String> {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    let json = serde_json::to_string(secret).unwrap();
    let json = json[1..json.len() - 1].to_string();
    const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    let bytes = secret.as_bytes();
    let server = [
        secret.to_string(),
        json.replace('/', "\\/"),
        json,
        unicode_escaped(secret, false),
        unicode_escaped(secret, true),
        STANDARD.encode(bytes),
        STANDARD.encode(&bytes[1..]),
        STANDARD.encode(&bytes[2..]),
        percent_encoding::utf8_percent_encode(secret, UNRESERVED).to_string(),
        secret
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&apos;"),
        bytes.iter().map(|b| format!("{b:02x}")).collect(),
    ];
    let mut forms = Vec::new();
    for form in server {
        let data = form
            .replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A");
        forms.push(data.replace(':', "%3A").replace(',', "%2C"));
        forms.push(data);
        forms.push(form);
    }
    forms
}

/// `text` with every UTF-16 unit as a JSON `\uXXXX` escape, in lower- or upper-case hex.
pub fn unicode_escaped(text: &str, upper: bool) -> String {
    text.encode_utf16()
        .map(|u| {
            if upper {
                format!("\\u{u:04X}")
            } else {
                format!("\\u{u:04x}")
            }
        })
        .collect()
}

/// Fail unless `text` holds no trace of `secret`: no form of it whole, and no run of
/// [`TRACE`] bytes of any form.
#[track_caller]
pub fn assert_no_trace(place: &str, text: &str, secret: &str) {
    let seen: HashSet<&[u8]> = text.as_bytes().windows(TRACE).collect();
    for form in echoed_forms(secret) {
        let found = if form.len() < TRACE {
            text.contains(&form)
        } else {
            form.as_bytes().windows(TRACE).any(|w| seen.contains(w))
        };
        assert!(!found, "{place} holds a trace of {form:?}:\n{text}");
    }
}

/// A scratch directory with the files a GitHub runner gives a step.
pub struct Runner {
    pub dir: tempfile::TempDir,
}

impl Runner {
    pub fn new() -> Runner {
        Runner {
            dir: tempfile::tempdir().expect("a temporary directory"),
        }
    }
    pub fn output(&self) -> PathBuf {
        self.dir.path().join("github_output")
    }
    pub fn summary(&self) -> PathBuf {
        self.dir.path().join("step_summary")
    }
    /// `run` as the GitHub runner starts a step.
    pub fn github(&self, run: Run) -> Run {
        run.env("GITHUB_ACTIONS", "true")
            .env("GITHUB_OUTPUT", &self.output().to_string_lossy())
            .env("GITHUB_STEP_SUMMARY", &self.summary().to_string_lossy())
    }
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A jobwait invocation with a clean environment.
pub struct Run {
    cmd: Command,
    stdin: Option<String>,
}

pub fn jobwait(args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jobwait"));
    cmd.env_clear().args(args);
    if let Ok(path) = std::env::var("PATH") {
        cmd.env("PATH", path);
    }
    Run { cmd, stdin: None }
}

/// The usual arguments: endpoint, project and job ids, a timeout.
pub fn base_args(url: &str, jobs: &[&str], timeout: &str) -> Vec<String> {
    let mut args = vec![
        "--endpoint".into(),
        url.into(),
        "--project-id".into(),
        PROJECT.into(),
        "--timeout".into(),
        timeout.into(),
    ];
    for job in jobs {
        args.push("--job-id".into());
        args.push(job.to_string());
    }
    args
}

pub fn jobwait_at(url: &str, jobs: &[&str], timeout: &str) -> Run {
    let args = base_args(url, jobs, timeout);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    jobwait(&refs).env("JOBWAIT_TOKEN", TOKEN)
}

impl Run {
    pub fn env(mut self, name: &str, value: &str) -> Run {
        self.cmd.env(name, value);
        self
    }

    /// Run in `dir` (where `./clouds.yaml` is looked for).
    pub fn current_dir(mut self, dir: &Path) -> Run {
        self.cmd.current_dir(dir);
        self
    }

    pub fn args(mut self, args: &[&str]) -> Run {
        self.cmd.args(args);
        self
    }

    pub fn stdin(mut self, text: &str) -> Run {
        self.stdin = Some(text.to_string());
        self
    }

    pub fn run(self) -> Outcome {
        self.run_signalled(None)
    }

    /// Run jobwait in this process (`jobwait::app::run`, as `main` calls it) and complete
    /// its shutdown future with `signal` as soon as `ready(stderr so far)` holds (asked
    /// every few milliseconds while the run goes on): a cancel at a moment the test
    /// chooses, with no process and no sleep.
    pub fn run_cancelled_when(
        self,
        signal: jobwait::exit::Signal,
        ready: impl Fn(&str) -> bool,
    ) -> Outcome {
        let env: jobwait::config::Env = self
            .cmd
            .get_envs()
            .filter_map(|(k, v)| Some((k.to_str()?.to_string(), v?.to_str()?.to_string())))
            .collect();
        let args: Vec<std::ffi::OsString> = std::iter::once("jobwait".into())
            .chain(self.cmd.get_args().map(Into::into))
            .collect();
        let stdin = self.stdin.unwrap_or_default();
        let (stdout, stderr) = (Captured::default(), Captured::default());
        let io = jobwait::app::Io {
            stdout: Box::new(stdout.clone()),
            stderr: Box::new(stderr.clone()),
            stderr_is_terminal: false,
            stdin: Box::new(move || Ok(stdin)),
        };
        let (cancel, cancelled) = tokio::sync::oneshot::channel();
        let shutdown = async move {
            match cancelled.await {
                Ok(signal) => signal,
                Err(_) => std::future::pending().await,
            }
        };
        let run = std::thread::spawn(move || {
            let result = jobwait::app::run(args, &env, io, shutdown);
            i32::from(jobwait::exit::code(&result))
        });
        while !run.is_finished() && !ready(&stderr.text()) {
            std::thread::sleep(Duration::from_millis(5));
        }
        let _ = cancel.send(signal);
        let code = run.join().expect("jobwait ran");
        let outcome = Outcome {
            code,
            stdout: stdout.text(),
            stderr: stderr.text(),
        };
        outcome.assert_clean();
        outcome
    }

    /// Run the binary and send it `signal` (a number, unix only) as soon as `ready()`
    /// holds: jobwait listens before its first request, so "the fake API has seen a
    /// request" means the signal is caught, not fatal.
    pub fn run_signalled_when(self, signal: i32, ready: impl Fn() -> bool + Send) -> Outcome {
        self.run_signalled(Some((signal, &ready)))
    }

    /// Run with stdout and stderr going to one file, as a CI log shows them, so the order
    /// of lines across both streams is kept. Returns the exit code and that log.
    pub fn run_interleaved(mut self) -> (i32, String) {
        let log = tempfile::tempfile().expect("a temporary file");
        // Both streams share one file offset, so every write lands after the previous.
        self.cmd
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("clone the log"))
            .stderr(log.try_clone().expect("clone the log"));
        let status = self.cmd.status().expect("jobwait runs");
        let mut text = String::new();
        let mut log = log;
        log.seek(SeekFrom::Start(0)).expect("rewind the log");
        log.read_to_string(&mut text).expect("read the log");
        let outcome = Outcome {
            code: status.code().unwrap_or(-1),
            stdout: text.clone(),
            stderr: text.clone(),
        };
        outcome.assert_clean();
        (outcome.code, text)
    }

    fn run_signalled(mut self, signal: Option<(i32, &(dyn Fn() -> bool + Send))>) -> Outcome {
        self.cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = self.cmd.spawn().expect("jobwait runs");
        let mut stdin = child.stdin.take().unwrap();
        if let Some(text) = self.stdin.take() {
            stdin.write_all(text.as_bytes()).unwrap();
        }
        drop(stdin);
        if let Some((sig, ready)) = signal {
            while !ready() {
                if child.try_wait().expect("jobwait runs").is_some() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            send_signal(child.id(), sig);
        }
        let out = child.wait_with_output().expect("jobwait finishes");
        let outcome = Outcome {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        outcome.assert_clean();
        outcome
    }
}

/// What an in-process run writes to stdout or stderr, kept for the test to read.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(unix)]
fn send_signal(pid: u32, sig: i32) {
    let status = Command::new("kill")
        .arg(format!("-{sig}"))
        .arg(pid.to_string())
        .status()
        .unwrap();
    assert!(status.success());
}

#[cfg(not(unix))]
fn send_signal(_pid: u32, _sig: i32) {
    panic!("signals are tested on unix only");
}
