//! A CLI that explains itself: short and long help, completions and the man page, and
//! `--check`, which resolves everything and asks once about each job without waiting.

mod support;

use serde_json::Value;
use support::*;

#[test]
fn short_help_summarises_and_long_help_shows_examples() {
    let short = jobwait(&["-h"]).run();
    let long = jobwait(&["--help"]).run();
    assert_eq!((short.code, long.code), (0, 0));
    assert!(
        short
            .stdout
            .contains("Usage: jobwait --job-id <ID>... [OPTIONS]")
    );
    assert!(!short.stdout.contains("Examples:"));
    assert!(long.stdout.contains("Examples:") && long.stdout.contains("--job-id -"));
    assert!(long.stdout.len() > short.stdout.len() + 2000);
}

#[test]
fn completions_and_the_man_page_are_generated() {
    for (kind, marker) in [
        ("complete-bash", "complete -F"),
        ("complete-zsh", "#compdef jobwait"),
        ("complete-fish", "complete -c jobwait"),
        ("complete-powershell", "Register-ArgumentCompleter"),
        ("man", ".TH jobwait"),
    ] {
        let out = jobwait(&["--generate", kind]).run();
        assert_eq!(out.code, 0, "{kind}: {}", out.stderr);
        assert!(out.stdout.contains(marker), "{kind}");
        assert!(
            out.stdout.contains("job-id") || out.stdout.contains("job\\-id"),
            "{kind}"
        );
    }
    let out = jobwait(&["--generate", "complete-tcsh"]).run();
    assert_eq!(out.code, 4);
    out.assert_stderr_has("--generate must be complete-bash, complete-zsh");
}

fn world() -> FakeApi {
    FakeApi::start(
        Config::standard()
            .sequence("running", vec![Step::job("RUNNING")])
            .sequence("done", vec![Step::job("SUCCESS")]),
    )
}

#[test]
fn check_asks_once_per_job_and_passes_when_each_answered() {
    let fake = world();
    let out = jobwait_at(&fake.url, &["running", "done"], "30m")
        .args(&["--check"])
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.assert_stderr_has("jobwait: auth: token (JOBWAIT_TOKEN)");
    out.assert_stderr_has("jobwait: endpoint: http://127.0.0.1");
    out.assert_stderr_has("jobwait: job API: ecs (status at /status;");
    out.assert_stderr_has("job running: answered, status RUNNING");
    out.assert_stderr_has("job done: answered, status SUCCESS");
    out.assert_stderr_has("jobwait: check passed");
    assert_eq!(
        fake.requests().len(),
        2,
        "one request per job, nothing waited for"
    );
}

#[test]
fn check_fails_with_the_reason_when_a_job_does_not_answer() {
    let fake = world();
    let out = jobwait_at(&fake.url, &["running", "missing"], "30m")
        .args(&["--check", "--output", "json"])
        .run();
    assert_eq!(out.code, 3, "{}", out.stderr);
    out.assert_stderr_has("job missing: no job document: 404 Not Found");
    out.assert_stderr_has("jobwait: check failed");
    let result: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(result["check"], "failed");
    assert_eq!(result["jobs"][0]["answered"], true);
    assert_eq!(result["jobs"][1]["answered"], false);
    // Refused credentials: the gateway's own words.
    let out = jobwait_at(&fake.url, &["running"], "30m")
        .env("JOBWAIT_TOKEN", "tok-wrong-one")
        .args(&["--check"])
        .run();
    assert_eq!(out.code, 3);
    out.assert_stderr_has("401 Unauthorized");
    // Usage errors stay usage errors.
    let out = jobwait(&["--check", "--job-id", "j"]).run();
    assert_eq!(out.code, 4);
}

/// `--check` keeps `--max-rps` and `--timeout` as the wait does (issue 19: 300 jobs were
/// asked in 0.07 s, and each job had the full request timeout in turn). Counted, not
/// timed: at 5 requests a second, a 1 s timeout leaves room for 6 questions at most, and
/// a stalled job's request is cut at the deadline, not after --request-timeout.
#[test]
fn check_keeps_to_the_rate_and_the_deadline() {
    let mut config = Config::standard().sequence(
        "stalled",
        vec![Step::job("RUNNING").delay(std::time::Duration::from_secs(60))],
    );
    let mut ids = vec!["stalled".to_string()];
    for i in 0..49 {
        let id = format!("job{i}");
        config = config.sequence(&id, vec![Step::job("RUNNING")]);
        ids.push(id);
    }
    let fake = FakeApi::start(config);
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let out = jobwait_at(&fake.url, &refs, "1s")
        .args(&["--check", "--max-rps", "5", "--request-timeout", "60s"])
        .args(&["--output", "json"])
        .run();
    assert_eq!(out.code, 3, "{}", out.stderr);
    let asked = fake.requests().len();
    assert!(
        (1..=6).contains(&asked),
        "{asked} requests:\n{}",
        out.stderr
    );
    assert_eq!(fake.job_requests("stalled").len(), 1, "asked first");
    out.assert_stderr_has("job stalled: no job document: no answer within ");
    assert!(
        !out.stderr.contains("no answer within 1m"),
        "{}",
        out.stderr
    );
    out.assert_stderr_has(
        "job job48: not asked: the timeout (1s) ran out before its turn at --max-rps 5",
    );
    let result: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(result["check"], "failed");
    let jobs = result["jobs"].as_array().unwrap();
    assert_eq!(jobs.len(), 50);
    let not_asked = jobs
        .iter()
        .filter(|j| j["error"].as_str().unwrap_or("").starts_with("not asked"))
        .count();
    assert_eq!(not_asked, 50 - asked);
}

/// A signal during `--check` ends it with a message and 130/143, where it once killed
/// the process (no exit code at all). The real process and a real SIGINT, sent once the
/// fake has seen the question that never gets an answer.
#[cfg(unix)]
#[test]
fn a_signal_during_check_is_130_with_a_message() {
    let fake = FakeApi::start(Config::standard().sequence(
        "stalled",
        vec![Step::job("RUNNING").delay(std::time::Duration::from_secs(60))],
    ));
    let out = jobwait_at(&fake.url, &["stalled"], "30m")
        .args(&["--check", "--output", "json"])
        .run_signalled_when(2, || !fake.requests().is_empty());
    assert_eq!(out.code, 130, "{}", out.stderr);
    out.assert_stderr_has("jobwait: check cancelled by SIGINT: 0 of 1 jobs checked");
    let result: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(result["check"], "cancelled");
    assert_eq!(
        result["jobs"][0]["error"],
        "cancelled by SIGINT before it answered"
    );
}

#[test]
fn a_usage_error_under_github_annotates_and_sets_exit_code() {
    let runner = Runner::new();
    let out = runner
        .github(jobwait(&["--job-id", "j", "--timeout", "soon"]))
        .run();
    assert_eq!(out.code, 4);
    assert!(
        out.stdout
            .starts_with("::error title=jobwait%3A usage error::invalid --timeout: 'soon'"),
        "{}",
        out.stdout
    );
    let outputs = read(&runner.output());
    assert!(
        outputs.starts_with("exit_code<<") && outputs.contains("\n4\n"),
        "{outputs}"
    );
}

#[test]
fn no_arguments_at_all_gives_the_error_the_usage_line_and_where_to_read_on() {
    let out = jobwait(&[]).run();
    assert_eq!(out.code, 4, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "jobwait: error: no job to wait for: give --job-id ID (or JOBWAIT_JOB_ID), or --job-id - to read ids from stdin; for a resource, --resource NAME and --id ID\n\
         \n\
         Usage: jobwait --job-id <ID>... [OPTIONS]\n\
         \x20      jobwait --resource <NAME> --id <ID>... [OPTIONS]\n\
         \n\
         See jobwait --help for the options, the variables and examples.\n"
    );
    assert_eq!(out.stdout, "");
    // With arguments, an error stays one line.
    let out = jobwait(&["--region", "eu-de"]).run();
    assert_eq!(out.code, 4);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    // The Action passes everything as INPUT_*, with no arguments: it works as ever.
    let fake = world();
    let out = jobwait(&[])
        .env("INPUT_JOB_ID", "done")
        .env("INPUT_ENDPOINT", &fake.url)
        .env("INPUT_PROJECT_ID", PROJECT)
        .env("INPUT_TOKEN", TOKEN)
        .env("INPUT_CHECK", "true")
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("Usage:"), "{}", out.stderr);
}
