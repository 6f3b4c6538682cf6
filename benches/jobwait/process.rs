//! Running the real release binary against the fake API, and what the run cost.
//!
//! The cost comes from `wait4(2)`: the kernel's own account of the child (peak resident set,
//! user and system CPU), the same numbers `/usr/bin/time -v` prints, without needing that
//! tool installed.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub const PROJECT: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const TOKEN: &str = "bench-token-0123456789";

#[derive(Clone, Copy, Debug)]
pub struct Usage {
    pub code: i32,
    pub wall: Duration,
    pub cpu: Duration,
    pub max_rss_kib: u64,
}

/// The jobwait binary Cargo built for this bench (the release profile: stripped).
pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_jobwait")
}

/// Wait for `ids` at `url` (on stdin when there are several, as a pipeline would pass
/// them), quietly, with a clean environment.
#[expect(
    clippy::zombie_processes,
    reason = "the child is reaped by wait4, which std's Child cannot see"
)]
pub fn jobwait(url: &str, ids: &[String], timeout: Duration, extra: &[&str]) -> Usage {
    let mut cmd = Command::new(binary());
    cmd.env_clear()
        .env("JOBWAIT_TOKEN", TOKEN)
        .args(["--endpoint", url, "--project-id", PROJECT, "--quiet"])
        .arg("--timeout")
        .arg(format!("{}s", timeout.as_secs()))
        .args(extra)
        .stdout(Stdio::null())
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
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain old data; all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet reaped; both pointers are to live locals.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    assert_eq!(reaped, pid, "wait4: {}", std::io::Error::last_os_error());
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Usage {
        code,
        wall,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        // Linux reports kilobytes (KiB).
        max_rss_kib: usage.ru_maxrss as u64,
    }
}
