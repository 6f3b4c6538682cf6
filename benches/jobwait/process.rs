//! Running the real release binary against the fake API, and what the run cost.
//!
//! Peak RSS and CPU time come from GNU time (`/usr/bin/time`, Debian's `time` package), not
//! from `wait4` on our own child: Linux counts the memory of the process that spawned a
//! program into the program's peak, and this benchmark holds the fake API's request log,
//! so a child spawned from here would be charged 10 MB it never used. GNU time is a small
//! C program; its own megabyte is far below jobwait's.

use std::ffi::OsStr;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub const PROJECT: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const TOKEN: &str = "bench-token-0123456789";
const GNU_TIME: &str = "/usr/bin/time";

#[derive(Clone, Copy, Debug)]
pub struct Usage {
    pub code: i32,
    /// From spawning to reaping, as seen from here.
    pub wall: Duration,
    /// Peak resident set and user + system CPU, when measured (`measure`) and GNU time
    /// is installed.
    pub peak: Option<Peak>,
}

#[derive(Clone, Copy, Debug)]
pub struct Peak {
    pub max_rss_kib: u64,
    pub cpu: Duration,
}

/// The jobwait binary Cargo built for this bench (the release profile: stripped).
pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_jobwait")
}

pub fn gnu_time_installed() -> bool {
    std::path::Path::new(GNU_TIME).exists()
}

/// Wait for `ids` at `url` (on stdin when there are several, as a pipeline would pass
/// them), quietly, with a clean environment; under GNU time when `measure` is set.
pub fn jobwait(
    url: &str,
    ids: &[String],
    timeout: Duration,
    extra: &[&str],
    measure: bool,
) -> Usage {
    jobwait_with(url, ids, timeout, extra, &[], Stdio::null(), measure)
}

/// As [`jobwait`], with these variables added to the clean environment and stdout going
/// to `stdout`.
pub fn jobwait_with(
    url: &str,
    ids: &[String],
    timeout: Duration,
    extra: &[&str],
    env: &[(&str, &OsStr)],
    stdout: Stdio,
    measure: bool,
) -> Usage {
    let report = tempfile::NamedTempFile::new().expect("a temporary file");
    let timed = measure && gnu_time_installed();
    let mut cmd = if timed {
        let mut cmd = Command::new(GNU_TIME);
        cmd.args(["-f", "%M %U %S", "-o"])
            .arg(report.path())
            .arg(binary());
        cmd
    } else {
        Command::new(binary())
    };
    cmd.env_clear()
        .env("JOBWAIT_TOKEN", TOKEN)
        .args(["--endpoint", url, "--project-id", PROJECT, "--quiet"])
        .arg("--timeout")
        .arg(format!("{}s", timeout.as_secs()))
        .args(extra)
        .envs(env.iter().copied())
        .stdout(stdout)
        .stderr(Stdio::inherit());
    let stdin = match ids {
        [one] => {
            cmd.args(["--job-id", one]).stdin(Stdio::null());
            None
        }
        many => {
            cmd.args(["--job-id", "-"]).stdin(Stdio::piped());
            Some(many.join("\n"))
        }
    };
    let start = Instant::now();
    let mut child = cmd.spawn().expect("the jobwait binary runs");
    if let Some(text) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        pipe.write_all(text.as_bytes()).expect("job ids written");
    }
    let status = child.wait().expect("jobwait is reaped");
    let wall = start.elapsed();
    let peak =
        timed.then(|| parse_report(&std::fs::read_to_string(report.path()).unwrap_or_default()));
    Usage {
        code: status.code().unwrap_or(-1),
        wall,
        peak: peak.flatten(),
    }
}

/// GNU time's `%M %U %S`: peak RSS in KiB, user and system CPU seconds. A line before it
/// (`Command exited with non-zero status 1`) is skipped.
fn parse_report(text: &str) -> Option<Peak> {
    let last = text.lines().last()?;
    let mut fields = last.split_whitespace();
    let max_rss_kib = fields.next()?.parse().ok()?;
    let user: f64 = fields.next()?.parse().ok()?;
    let system: f64 = fields.next()?.parse().ok()?;
    Some(Peak {
        max_rss_kib,
        cpu: Duration::from_secs_f64(user + system),
    })
}
