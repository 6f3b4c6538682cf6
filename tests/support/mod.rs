//! Helpers for the integration tests: the fake job API, and the real binary run in a
//! pinned environment (`env_clear`), so a developer's own `HW_*`/`OS_*` never leak in.
#![allow(dead_code)]

pub mod fake_api;

use std::collections::HashSet;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[allow(unused_imports)]
pub use fake_api::{Auth, Body, Config, FakeApi, Iam, Script, Simulated, Step};

pub const TOKEN: &str = fake_api::TEST_TOKEN;
pub const AK: &str = "HPUAEXAMPLEAK0000001";
pub const SK: &str = "sk-Secret-EXAMPLEsecretKEY000000000000001";
pub const STS: &str = "sts-Secret-temporary-security-token-0001";
pub const PASSWORD: &str = "pw-Secret-Passw0rd!";
pub const PROJECT: &str = fake_api::TEST_PROJECT;
/// Every credential the tests hand out: none may ever appear in any output.
pub const SECRETS: &[&str] = &[TOKEN, SK, STS, PASSWORD];

#[derive(Debug)]
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
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

    /// Fail the test unless the run took at least `min` and less than `max`.
    #[track_caller]
    pub fn assert_took(&self, min: Duration, max: Duration) {
        assert!(
            self.elapsed >= min && self.elapsed < max,
            "took {:?}, expected {min:?}..{max:?}:\n{}",
            self.elapsed,
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
/// JSON-escaped, with `\/`, as `\uXXXX` in either case, and each of those as a workflow
/// command's message and property. Written here apart from jobwait's own list, so a form
/// that list forgets fails a test instead of agreeing with it.
pub fn echoed_forms(secret: &str) -> Vec<String> {
    let json = serde_json::to_string(secret).unwrap();
    let json = json[1..json.len() - 1].to_string();
    let server = [
        secret.to_string(),
        json.replace('/', "\\/"),
        json,
        unicode_escaped(secret, false),
        unicode_escaped(secret, true),
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
            elapsed: Duration::ZERO,
        };
        outcome.assert_clean();
        (outcome.code, text)
    }

    /// Run, sending `signal` after `after` (unix only).
    pub fn run_signalled(mut self, signal: Option<(Duration, i32)>) -> Outcome {
        self.cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let start = Instant::now();
        let mut child = self.cmd.spawn().expect("jobwait runs");
        let mut stdin = child.stdin.take().unwrap();
        if let Some(text) = self.stdin.take() {
            stdin.write_all(text.as_bytes()).unwrap();
        }
        drop(stdin);
        if let Some((after, sig)) = signal {
            std::thread::sleep(after);
            send_signal(child.id(), sig);
        }
        let out = child.wait_with_output().expect("jobwait finishes");
        let outcome = Outcome {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            elapsed: start.elapsed(),
        };
        outcome.assert_clean();
        outcome
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
