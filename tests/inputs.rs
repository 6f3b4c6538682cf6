//! Where inputs come from: flags, INPUT_* (GitHub Action), JOBWAIT_* (GitLab, Make), the
//! clouds' own variables, and stdin.

mod support;

use support::*;

fn fake() -> FakeApi {
    FakeApi::start(
        Config::standard()
            .sequence("j1", vec![Step::job("SUCCESS")])
            .sequence("j2", vec![Step::job("SUCCESS")])
            .sequence("j3", vec![Step::job("SUCCESS")]),
    )
}

/// jobwait reading its job ids from stdin.
fn ids_from_stdin(fake: &FakeApi) -> Run {
    jobwait(&[
        "--endpoint",
        &fake.url,
        "--project-id",
        PROJECT,
        "--job-id",
        "-",
    ])
    .env("JOBWAIT_TOKEN", TOKEN)
}

fn polled(fake: &FakeApi) -> Vec<String> {
    let mut jobs: Vec<String> = fake.requests().into_iter().filter_map(|r| r.job).collect();
    jobs.sort();
    jobs.dedup();
    jobs
}

#[test]
fn job_ids_from_stdin_bare_or_as_a_create_calls_json() {
    for stdin in [
        "j1 j2\nj3\n",
        "{\"job_id\": \"j1\"}\n",
        "[\"j1\", \"j2\"]",
        "{\"job_id\":\"j1\"}\n{\"job_id\":\"j2\"}\n",
    ] {
        let fake = fake();
        let out = ids_from_stdin(&fake).stdin(stdin).run();
        assert_eq!(out.code, 0, "{stdin:?}: {}", out.stderr);
        assert!(!polled(&fake).is_empty());
    }
}

#[test]
fn stdin_that_holds_an_error_explains_that_the_create_call_failed() {
    let fake = fake();
    let out = ids_from_stdin(&fake)
        .stdin(r#"{"error":{"code":"Ecs.0005","message":"Invalid flavor"}}"#)
        .run();
    assert_eq!(out.code, 4);
    out.assert_stderr_has("Ecs.0005: Invalid flavor");
    out.assert_stderr_has("failed");
    let out = ids_from_stdin(&fake).run();
    assert_eq!(out.code, 4);
    out.assert_stderr_has("stdin was empty");
}

#[test]
fn ids_may_be_repeated_and_separated_by_commas_or_whitespace() {
    let fake = fake();
    let out = jobwait_at(&fake.url, &["j1,j2", "j3 j1"], "10s").run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(polled(&fake), ["j1", "j2", "j3"]);
    assert!(out.stderr.contains("waiting for 3 jobs"));
}

#[test]
fn everything_from_jobwait_variables_as_in_gitlab_or_make() {
    let fake = fake();
    let out = jobwait(&[])
        .env("JOBWAIT_TOKEN", TOKEN)
        .env("JOBWAIT_ENDPOINT", &fake.url)
        .env("JOBWAIT_PROJECT_ID", PROJECT)
        .env("JOBWAIT_JOB_ID", "j1,j2")
        .env("JOBWAIT_TIMEOUT", "20s")
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(polled(&fake), ["j1", "j2"]);
}

#[test]
fn action_inputs_win_over_jobwait_variables_and_empty_inputs_count_as_unset() {
    let fake = fake();
    let out = jobwait(&[])
        .env("INPUT_TOKEN", TOKEN)
        .env("JOBWAIT_TOKEN", "wrong-token")
        .env("INPUT_ENDPOINT", &fake.url)
        .env("INPUT_PROJECT_ID", PROJECT)
        .env("JOBWAIT_PROJECT_ID", "wrong-project")
        .env("INPUT_JOB_ID", "j2")
        .env("JOBWAIT_JOB_ID", "j1")
        .env("INPUT_TIMEOUT", "")
        .env("INPUT_REGION", "")
        .env("INPUT_POLL_INTERVAL", "")
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(polled(&fake), ["j2"]);
}

#[test]
fn flags_win_over_everything() {
    let fake = fake();
    let out = jobwait(&[
        "--endpoint",
        &fake.url,
        "--project-id",
        PROJECT,
        "--job-id",
        "j3",
        "--token",
        TOKEN,
    ])
    .env("INPUT_TOKEN", "wrong")
    .env("INPUT_PROJECT_ID", "wrong")
    .env("INPUT_JOB_ID", "j1")
    .env("INPUT_ENDPOINT", "http://127.0.0.1:9")
    .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(polled(&fake), ["j3"]);
    assert!(out.stderr.contains("auth: token (--token)"));
}

#[test]
fn cloud_conventions_for_project_and_token() {
    for (project_var, token_var) in [
        ("HW_PROJECT_ID", "HW_AUTH_TOKEN"),
        ("OS_TENANT_ID", "OS_AUTH_TOKEN"),
        ("HUAWEICLOUD_SDK_PROJECT_ID", "OS_TOKEN"),
    ] {
        let fake = fake();
        let out = jobwait(&["--endpoint", &fake.url, "--job-id", "j1"])
            .env(project_var, PROJECT)
            .env(token_var, TOKEN)
            .run();
        assert_eq!(out.code, 0, "{project_var}/{token_var}: {}", out.stderr);
    }
}

#[test]
fn plain_http_is_refused_off_this_machine() {
    let out = jobwait(&[
        "--endpoint",
        "http://10.1.2.3:8080",
        "--project-id",
        PROJECT,
        "--job-id",
        "j",
    ])
    .env("JOBWAIT_TOKEN", TOKEN)
    .run();
    assert_eq!(out.code, 4);
    out.assert_stderr_has("must not cross a network in clear text");
}
