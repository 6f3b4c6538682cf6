//! What people and machines read: stdout holds only results; progress and diagnostics go
//! to stderr; JSON keeps the API's document as sent.

mod support;

use serde_json::{Value, json};
use support::*;

#[test]
fn json_output_is_the_only_thing_on_stdout_and_keeps_unknown_fields() {
    let doc = json!({"entities": {"server_id": "bae51750", "sub_jobs_total": 1, "new_field": {"x": [1, 2]}}, "process_percent": 100});
    let fake = FakeApi::start(
        Config::standard()
            .sequence(
                "j24",
                vec![Step::job("RUNNING"), Step::job("SUCCESS").fields(doc)],
            )
            .sequence(
                "j25",
                vec![
                    Step::job("FAIL")
                        .fields(json!({"fail_reason": "disk full", "error_code": "EVS.1"})),
                ],
            ),
    );
    let out = jobwait_at(&fake.url, &["j24", "j25"], "20s")
        .args(&["--output", "json", "--poll-interval", "100ms"])
        .run();
    assert_eq!(out.code, 1);
    let result: Value =
        serde_json::from_str(out.stdout.trim()).expect("stdout is one JSON document");
    assert_eq!(out.stdout.trim().lines().count(), 1);
    assert_eq!(result["verdict"], "failed");
    assert_eq!(result["exit_code"], 1);
    let jobs = result["jobs"].as_array().unwrap();
    assert_eq!(jobs[0]["job_id"], "j24");
    assert_eq!(jobs[0]["verdict"], "success");
    assert_eq!(jobs[0]["status"], "SUCCESS");
    assert_eq!(jobs[0]["polls"], 2);
    assert!(jobs[0]["elapsed_seconds"].as_f64().unwrap() > 0.0);
    assert_eq!(
        jobs[0]["job"]["entities"]["new_field"]["x"][1], 2,
        "unknown fields are kept"
    );
    assert_eq!(jobs[0]["job"]["process_percent"], 100);
    assert_eq!(jobs[1]["verdict"], "failed");
    assert_eq!(jobs[1]["fail_reason"], "disk full");
    assert_eq!(jobs[1]["error_code"], "EVS.1");
    assert!(
        out.stderr.contains("job j25: FAIL"),
        "people still get the verdict on stderr"
    );
}

#[test]
fn json_for_jobs_without_a_document() {
    let fake = FakeApi::start(Config::standard());
    let out = jobwait_at(&fake.url, &["gone"], "20s")
        .args(&["--output", "json", "--not-found-grace", "0s"])
        .run();
    assert_eq!(out.code, 3);
    let result: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(result["jobs"][0]["verdict"], "no_verdict");
    assert_eq!(result["jobs"][0]["job"], Value::Null);
    assert!(
        result["jobs"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("not found")
    );
    assert!(
        result["jobs"][0]["error"]
            .as_str()
            .unwrap()
            .contains("SDRS.1301")
    );
}

#[test]
fn progress_is_terraform_style_and_quiet_silences_it() {
    let fake = FakeApi::start(Config::standard().sequence(
        "j",
        vec![
            Step::job("INIT"),
            Step::job("RUNNING").fields(
                json!({"entities": {"sub_jobs_total": 2, "sub_jobs": [{"status": "SUCCESS"}]}}),
            ),
            Step::job("SUCCESS").fields(json!({"entities": {"server_id": "s-1"}})),
        ],
    ));
    let out = jobwait_at(&fake.url, &["j"], "20s")
        .args(&["--poll-interval", "100ms"])
        .run();
    assert_eq!(out.code, 0);
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("job j: INIT [") && l.ends_with("s elapsed]")),
        "{}",
        out.stderr
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("job j: RUNNING [")
                && l.ends_with("elapsed] (1/2 sub-jobs done)")),
        "{}",
        out.stderr
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("job j: SUCCESS after") && l.contains("server_id=s-1")),
        "{}",
        out.stderr
    );
    assert!(
        !out.stderr.contains('\u{1b}'),
        "no colour when stderr is not a terminal"
    );

    let quiet = FakeApi::start(Config::standard().sequence("j", vec![Step::job("SUCCESS")]));
    let out = jobwait_at(&quiet.url, &["j"], "20s")
        .args(&["--quiet"])
        .run();
    assert_eq!(out.code, 0);
    assert_eq!(out.stderr, "", "quiet success prints nothing");
}

#[test]
fn quiet_still_reports_failures() {
    let fake = FakeApi::start(Config::standard().sequence(
        "j",
        vec![Step::job("FAIL").fields(json!({"fail_reason": "boom"}))],
    ));
    let out = jobwait_at(&fake.url, &["j"], "20s")
        .env("JOBWAIT_QUIET", "1")
        .run();
    assert_eq!(out.code, 1);
    // One line: the verdict, however long the answer took.
    let line = out.stderr.trim();
    assert!(!line.contains('\n'), "{line}");
    out.assert_stderr_has_around("job j: FAIL after ", "s (createServer): boom");
}

#[test]
fn verbose_shows_the_schedule_and_every_answer_but_no_credential() {
    let fake = FakeApi::start(Config::standard().sequence(
        "j",
        vec![
            Step::job("RUNNING"),
            Step::job("RUNNING"),
            Step::job("SUCCESS"),
        ],
    ));
    let out = jobwait_at(&fake.url, &["j"], "20s")
        .args(&["--verbose", "--poll-interval", "100ms"])
        .run();
    assert_eq!(out.code, 0);
    out.assert_stderr_has("polls at once, then every 100ms growing ×1.5 to 10s");
    assert!(out.stderr.matches("job j: ").count() >= 3, "{}", out.stderr);
}

#[test]
fn server_text_is_sanitised_before_printing() {
    let fake =
        FakeApi::start(Config::standard().sequence(
            "j",
            vec![Step::job("FAIL").fields(
                json!({"fail_reason": "bad\u{1b}[2J\u{1b}]0;title\u{7}\r\n::error::forged"}),
            )],
        ));
    let out = jobwait_at(&fake.url, &["j"], "20s").run();
    assert_eq!(out.code, 1);
    assert!(!out.stderr.contains('\u{1b}') && !out.stderr.contains('\r'));
    assert!(
        !out.stderr.lines().any(|l| l.starts_with("::error")),
        "{}",
        out.stderr
    );
}

#[test]
fn a_server_that_echoes_a_credential_cannot_make_jobwait_print_it() {
    let echo = format!("request had X-Auth-Token: {TOKEN}");
    let fake = FakeApi::start(Config::standard().sequence(
        "j",
        vec![
            Step::text(502, &format!("<html>{echo}</html>")),
            Step::job("FAIL").fields(json!({"fail_reason": echo, "entities": {"note": echo}})),
        ],
    ));
    let dir = tempfile::tempdir().unwrap();
    let (outputs, summary) = (dir.path().join("out"), dir.path().join("sum"));
    let out = jobwait_at(&fake.url, &["j"], "20s")
        .args(&["--output", "json", "--verbose", "--poll-interval", "100ms"])
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_OUTPUT", outputs.to_str().unwrap())
        .env("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())
        .run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    out.assert_stderr_has("request had X-Auth-Token: ***");
    let result: Value = serde_json::from_str(out.stdout.trim()).expect("still one JSON document");
    assert_eq!(
        result["jobs"][0]["job"]["fail_reason"],
        "request had X-Auth-Token: ***"
    );
    for file in [&outputs, &summary] {
        let text = std::fs::read_to_string(file).unwrap();
        assert!(text.contains("X-Auth-Token: ***"), "{text}");
        assert!(!text.contains(TOKEN), "{text}");
    }
}

/// Two jobs: `fast` fails after a second, `slow` runs for `slow` seconds.
fn fast_and_slow(slow: f64) -> FakeApi {
    FakeApi::start(
        Config::standard()
            .job(
                "slow",
                Script::Timeline(vec![
                    (0.0, Step::job("RUNNING")),
                    (slow, Step::job("SUCCESS")),
                ]),
            )
            .job(
                "fast",
                Script::Timeline(vec![
                    (0.0, Step::job("RUNNING")),
                    (
                        1.0,
                        Step::job("FAIL").fields(json!({"fail_reason": "disk attach failed"})),
                    ),
                ]),
            ),
    )
}

#[test]
fn each_verdict_is_printed_when_its_job_ends_outside_the_fold() {
    let runner = Runner::new();
    let (code, log) = runner
        .github(jobwait_at(
            &fast_and_slow(4.0).url,
            &["slow", "fast"],
            "30s",
        ))
        .run_interleaved();
    assert_eq!(code, 1, "{log}");
    let lines: Vec<&str> = log.lines().collect();
    let at = |prefix: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix:?} in {log}"))
    };
    let fast = at("job fast: FAIL after ");
    assert!(lines[fast].ends_with("disk attach failed"), "{log}");
    let slow = at("job slow: SUCCESS after");
    let tally = at("jobwait: 2 jobs: 1 succeeded, 1 failed");
    assert!(fast < slow && slow < tally, "{log}");
    // The poll log folds; verdicts never do.
    assert_eq!(lines[fast - 1], "::endgroup::", "{log}");
    // After it, a group opens only for poll lines of the job left, never empty.
    if fast + 1 < slow {
        assert_eq!(
            lines[fast + 1],
            "::group::jobwait: poll log, waiting for 1 more job",
            "{log}"
        );
        assert!(!lines[fast + 2].starts_with("::"), "{log}");
        assert_eq!(lines[slow - 1], "::endgroup::", "{log}");
    }
    assert!(
        lines[..fast].contains(&"::group::jobwait: poll log"),
        "{log}"
    );
    assert_eq!(log.matches("waiting for 2 jobs").count(), 1, "{log}");
}

#[test]
fn fail_fast_stops_the_other_jobs_and_says_so_everywhere() {
    let runner = Runner::new();
    let out = runner
        .github(jobwait_at(
            &fast_and_slow(20.0).url,
            &["slow", "fast"],
            "30s",
        ))
        .args(&["--fail-fast", "--output", "json"])
        .run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    // Stopped when `fast` was seen failed, not when `slow` ended: said below, and `slow`
    // was never seen at its end.
    assert!(!out.stderr.contains("job slow: SUCCESS"), "{}", out.stderr);
    out.assert_stderr_has(
        "job slow: not waited for: job fast did not succeed (--fail-fast); last status RUNNING",
    );
    out.assert_stderr_has("jobwait: 2 jobs: 1 failed, 1 not waited for");
    let result: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(result["verdict"], "failed");
    assert_eq!(result["jobs"][0]["verdict"], "cancelled");
    assert!(
        result["jobs"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("--fail-fast")
    );
    let summary = read(&runner.summary());
    assert!(
        summary.contains("`slow`") && summary.contains("not waited for"),
        "{summary}"
    );
    // From the Action's input as well.
    let out = jobwait_at(&fast_and_slow(20.0).url, &["slow", "fast"], "30s")
        .env("INPUT_FAIL_FAST", "true")
        .run();
    assert_eq!(out.code, 1);
    out.assert_stderr_has("not waited for");
}

/// Run jobwait with stderr on a pseudo-terminal (util-linux `script`), as a person at a
/// terminal would; returns the exit code and everything the terminal received.
#[cfg(target_os = "linux")]
fn at_a_terminal(url: &str, jobs: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("tty.log");
    let command = format!(
        "{} --endpoint {url} --project-id {PROJECT} --job-id {jobs} --timeout 10s",
        env!("CARGO_BIN_EXE_jobwait")
    );
    let status = std::process::Command::new("script")
        .args(["-qec", &command])
        .arg(&log)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("JOBWAIT_TOKEN", TOKEN)
        .env("TERM", "xterm")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .status()
        .expect("script (util-linux) runs");
    (status.code().unwrap_or(-1), read(&log))
}

#[cfg(target_os = "linux")]
#[test]
fn at_a_terminal_a_live_block_is_redrawn_then_cleared_leaving_the_verdicts() {
    let fake = FakeApi::start(
        Config::standard()
            .job(
                "slow",
                Script::Timeline(vec![
                    (0.0, Step::job("RUNNING")),
                    (3.0, Step::job("SUCCESS")),
                ]),
            )
            .sequence(
                "fast",
                vec![Step::job("FAIL").fields(json!({"fail_reason": "no quota"}))],
            ),
    );
    let (code, tty) = at_a_terminal(&fake.url, "slow,fast");
    assert_eq!(code, 1, "{tty}");
    // Redrawn in place: carriage return and erase-line, with a spinner and the job.
    assert!(tty.contains("\r\u{1b}[2K"), "{tty:?}");
    assert!(
        tty.contains("job slow: \u{1b}[33mRUNNING\u{1b}[0m ["),
        "{tty:?}"
    );
    assert!(
        SPINNER_FRAMES
            .iter()
            .any(|f| tty.contains(&format!("{f} job slow")))
    );
    // The verdicts stay, each when its job ended, then the tally; the block is gone.
    let fast = tty
        .find("job fast: \u{1b}[31mFAIL\u{1b}[0m after")
        .expect("fast's verdict");
    let slow = tty
        .find("job slow: \u{1b}[32mSUCCESS\u{1b}[0m after")
        .expect("slow's verdict");
    let tally = tty
        .find("jobwait: 2 jobs: 1 succeeded, 1 failed")
        .expect("the tally");
    assert!(fast < slow && slow < tally, "{tty:?}");
    let after_tally = &tty[tally..];
    assert!(
        !after_tally.contains("elapsed]"),
        "the block was cleared: {after_tally:?}"
    );
    // The line-per-change log is not there: the block replaced it.
    assert!(
        !tty.contains("job slow: \u{1b}[33mRUNNING\u{1b}[0m [0s elapsed]\r\n"),
        "{tty:?}"
    );
}

const SPINNER_FRAMES: &[char] = &['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

#[cfg(target_os = "linux")]
#[test]
fn at_a_terminal_quiet_ci_and_no_color_draw_no_block() {
    let fake = FakeApi::start(Config::standard().sequence("j", vec![Step::job("SUCCESS")]));
    let (code, tty) = at_a_terminal(&fake.url, "j --quiet");
    assert_eq!(code, 0);
    assert!(
        !tty.contains("\u{1b}[2K") && !tty.contains("SUCCESS"),
        "{tty:?}"
    );
    let (code, tty) = at_a_terminal(&fake.url, "j --color never");
    assert_eq!(code, 0);
    assert!(tty.contains("job j: SUCCESS after"), "{tty:?}");
}
