//! Verdicts true to the real APIs (issue 17), end to end against the fake API: names are
//! refused unless known, every answer is matched to its job, sub-jobs and every status
//! field are part of the verdict, unreadable answers never end as a timeout, a pointer
//! that never matches fails fast, stdin takes each service's create answer, and a
//! profile file adds an API.

mod support;

use serde_json::{Value, json};
use support::*;

fn ok(body: Value) -> Step {
    Step::http(200, body)
}

fn rds_path(job: &str) -> String {
    format!("/v3/{PROJECT}/jobs?id={job}")
}

#[test]
fn an_unknown_service_is_refused_with_the_nearest_names() {
    let out = jobwait(&["--job-id", "j", "--service", "rsd", "--region", "eu-de"])
        .env("JOBWAIT_TOKEN", TOKEN)
        .run();
    assert_eq!(out.code, 4, "{}", out.stderr);
    out.assert_stderr_has("--service 'rsd' is no job API jobwait knows — did you mean rds?");
    out.assert_stderr_has("give --endpoint and --path (with --status-field and its words), or describe it in a profile file (--profiles)");
    // The same from the Action's input, and for a name no nearer than any.
    let out = jobwait(&["--job-id", "j", "--region", "eu-de"])
        .env("JOBWAIT_TOKEN", TOKEN)
        .env("INPUT_SERVICE", "zzzzzzzz")
        .run();
    assert_eq!(out.code, 4);
    out.assert_stderr_has(
        "INPUT_SERVICE 'zzzzzzzz' is no job API jobwait knows (see --list-services)",
    );
}

#[test]
fn an_ambiguous_name_is_refused_naming_the_choices() {
    let out = jobwait(&["--job-id", "j", "--service", "gaussdb", "--region", "eu-de"])
        .env("JOBWAIT_TOKEN", TOKEN)
        .run();
    assert_eq!(out.code, 4, "{}", out.stderr);
    out.assert_stderr_has("--service 'gaussdb' is ambiguous: gaussdb is TaurusDB's host on Huawei Cloud and openGauss's on Open Telekom Cloud — choose taurusdb or gaussdb-opengauss");
}

#[test]
fn another_jobs_answer_is_never_this_jobs_verdict() {
    // The API answers about another job (a proxy's cache, a wrong route): retried, and
    // without ever reading this job, no verdict.
    let other = ok(json!({"job": {"id": "other", "status": "Completed"}}));
    let fake = FakeApi::start(Config::standard().job_at(
        &rds_path("mine"),
        "mine",
        Script::Sequence(vec![other]),
    ));
    let out = jobwait_at(&fake.url, &["mine"], "3s")
        .args(&["--service", "rds", "--poll-interval", "500ms"])
        .run();
    assert_eq!(out.code, 3, "{}", out.stderr);
    out.assert_stderr_has("the answer is about job 'other' (at /job/id), not this one — retrying");
    out.assert_stderr_has("no job document was read within the timeout");
    assert!(fake.job_requests("mine").len() >= 3);
}

#[test]
fn of_a_list_only_the_element_with_this_jobs_id_is_the_job() {
    let path = format!("/v3/{PROJECT}/jobs?id=ours");
    let list = ok(json!({"total_count": 2, "jobs": [
        {"id": "other", "status": "Completed"},
        {"id": "ours", "status": "Failed", "fail_reason": "no capacity"}]}));
    let fake =
        FakeApi::start(Config::standard().job_at(&path, "ours", Script::Sequence(vec![list])));
    let out = jobwait_at(&fake.url, &["ours"], "5s")
        .args(&["--service", "geminidb"])
        .run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    out.assert_stderr_has_around("job ours: Failed after ", "s: no capacity");
}

#[test]
fn a_list_without_this_job_is_not_found_after_the_grace() {
    let path = format!("/v2/{PROJECT}/instances/i-1/tasks/t-9");
    let others = ok(json!({"task_count": "1", "tasks": [{"id": "t-1", "status": "SUCCESS"}]}));
    let fake =
        FakeApi::start(Config::standard().job_at(&path, "t-9", Script::Sequence(vec![others])));
    let out = jobwait_at(&fake.url, &["t-9"], "30s")
        .args(&["--service", "kafka", "--param", "instance_id=i-1"])
        .args(&["--not-found-grace", "2s", "--poll-interval", "500ms"])
        .run();
    assert_eq!(out.code, 3, "{}", out.stderr);
    // Ended by the grace, not at the 30 s timeout: the message says so (the wait's
    // paused-clock tests time it).
    out.assert_stderr_has("job not found: no answer within 2s listed it");
}

#[test]
fn a_success_with_a_failed_sub_job_is_a_failure_naming_it() {
    let body = json!({"job_id": "j", "status": "SUCCESS", "entities": {"sub_jobs": [
        {"job_id": "s-1", "job_type": "createSingleServer", "status": "SUCCESS"},
        {"job_id": "s-2", "job_type": "createSingleServer", "status": "FAIL",
         "fail_reason": "flavor sold out"}]}});
    let fake = FakeApi::start(Config::standard().sequence("j", vec![ok(body)]));
    let out = jobwait_at(&fake.url, &["j"], "5s").run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    out.assert_stderr_has_around("job j: SUCCESS after ", "s: 1 sub-job(s) failed");
    out.assert_stderr_has("  sub-job s-2 (createSingleServer): flavor sold out");
}

#[test]
fn a_success_with_a_sub_job_still_running_keeps_waiting_and_says_why() {
    let early = json!({"job_id": "j", "status": "SUCCESS", "entities": {"sub_jobs": [
        {"job_id": "s-1", "status": "SUCCESS"}, {"job_id": "s-2", "status": "RUNNING"}]}});
    let done = json!({"job_id": "j", "status": "SUCCESS", "entities": {"sub_jobs": [
        {"job_id": "s-1", "status": "SUCCESS"}, {"job_id": "s-2", "status": "SUCCESS"}]}});
    let fake = FakeApi::start(Config::standard().sequence("j", vec![ok(early), ok(done)]));
    let out = jobwait_at(&fake.url, &["j"], "10s").run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.assert_stderr_has_around(
        "job j: SUCCESS [",
        "s elapsed] (1/2 sub-jobs done) — it says SUCCESS, but sub-job s-2 (RUNNING) still running: waiting for it",
    );
    assert_eq!(fake.job_requests("j").len(), 2);
}

#[test]
fn mrs_is_done_only_when_state_and_result_both_say_so() {
    let path = format!("/v2/{PROJECT}/clusters/c-1/job-executions/x");
    let detail = |state: Value, result: Value| {
        ok(json!({"job_detail": {"job_id": "x", "job_state": state, "job_result": result}}))
    };
    for (state, result, code) in [
        (json!("FINISHED"), json!("SUCCEEDED"), 0),
        (json!("FINISHED"), json!(null), 3),
        (json!("SUCCEEDED"), json!("SUCCEEDED"), 3),
        (json!("FINISHED"), json!("KILLED"), 1),
    ] {
        let fake = FakeApi::start(Config::standard().job_at(
            &path,
            "x",
            Script::Sequence(vec![detail(state.clone(), result.clone())]),
        ));
        let out = jobwait_at(&fake.url, &["x"], "5s")
            .args(&["--service", "mrs", "--param", "cluster_id=c-1"])
            .run();
        assert_eq!(out.code, code, "{state} {result}: {}", out.stderr);
    }
}

#[test]
fn a_fail_too_large_to_parse_is_still_a_failure() {
    let padding = vec![json!({}); 400_000];
    let body = json!({"job_id": "j", "status": "FAIL", "fail_reason": "disk full",
        "entities": {"sub_jobs": padding}});
    let fake =
        FakeApi::start(Config::standard().sequence("j", vec![Step::job("RUNNING"), ok(body)]));
    let out = jobwait_at(&fake.url, &["j"], "10s").run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    out.assert_stderr_has("job j: FAIL after ");
    out.assert_stderr_has("disk full");
}

#[test]
fn an_unreadable_answer_after_a_pending_one_is_no_verdict_not_a_timeout() {
    let proxy_page = Step::text(200, "<html>maintenance</html>");
    let fake =
        FakeApi::start(Config::standard().sequence("j", vec![Step::job("RUNNING"), proxy_page]));
    let out = jobwait_at(&fake.url, &["j"], "3s").run();
    assert_eq!(out.code, 3, "{}", out.stderr);
    out.assert_stderr_has("timed out after 3s; the last status read was RUNNING, but the answers since could not be read (200 OK from ");
    out.assert_stderr_has("the body is HTML, not JSON");
}

#[test]
fn a_status_field_that_never_matches_fails_fast_naming_what_the_answer_has() {
    let fake = FakeApi::start(Config::standard().sequence("j", vec![Step::job("RUNNING")]));
    let out = jobwait_at(&fake.url, &["j"], "10m")
        .args(&["--status-field", "/job/state", "--not-found-grace", "2s"])
        .args(&["--poll-interval", "500ms"])
        .run();
    assert_eq!(out.code, 3, "{}", out.stderr);
    // Ended by the grace, not at the 10-minute timeout: the message below says so.
    out.assert_stderr_has("no answer within 2s had a status at /job/state — the answer has status, entities, job_id, job_type, begin_time, end_time, error_code, fail_reason; check --status-field (or the service), and run --check to see an answer");
}

#[test]
fn stdin_takes_a_create_answer_where_the_service_keeps_the_id() {
    let path = format!("/api/v3/projects/{PROJECT}/jobs/job-77");
    let done = ok(
        json!({"metadata": {"uid": "job-77"}, "spec": {"type": "CreateNode"},
        "status": {"phase": "Success"}}),
    );
    let fake =
        FakeApi::start(Config::standard().job_at(&path, "job-77", Script::Sequence(vec![done])));
    // What "Creating a Node" answers: the Node, with its job in status.jobID.
    let created = r#"{"kind": "Node", "apiVersion": "v3", "metadata": {"name": "n1",
        "uid": "node-uid"}, "spec": {}, "status": {"jobID": "job-77"}}"#;
    let out = jobwait_at(&fake.url, &["-"], "5s")
        .args(&["--service", "cce"])
        .stdin(created)
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(fake.job_requests("job-77").len(), 1);
}

#[test]
fn a_profile_file_adds_an_api_and_the_listing_says_where_it_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("exports.toml");
    std::fs::write(
        &file,
        r#"
[job.exports]
about = "Exports of an API nobody built in"
path = "/v9/{project_id}/exports/{job_id}"
host = { huaweicloud = "exports" }
status = { at = "/export/state", pending = ["QUEUED"], success = ["DONE"], failure = ["BROKEN"] }
answer = { id = "/export/id", reason = ["/export/error"] }
"#,
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let path = format!("/v9/{PROJECT}/exports/e1");
    let export =
        |state: &str| ok(json!({"export": {"id": "e1", "state": state, "error": "disk full"}}));
    let fake = FakeApi::start(Config::standard().job_at(
        &path,
        "e1",
        Script::Sequence(vec![export("QUEUED"), export("BROKEN")]),
    ));
    let out = jobwait_at(&fake.url, &["e1"], "10s")
        .args(&["--profiles", file, "--service", "exports"])
        .run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    out.assert_stderr_has("job e1: BROKEN after ");
    let listing = jobwait(&["--list-services"])
        .env("JOBWAIT_PROFILES", file)
        .run();
    assert_eq!(listing.code, 0, "{}", listing.stderr);
    let row = listing
        .stdout
        .lines()
        .find(|l| l.starts_with("exports "))
        .unwrap();
    assert!(row.ends_with(file) || row.ends_with('…'), "{row}");
    // A bad file is a usage error naming the file, the entry and the field.
    std::fs::write(dir.path().join("bad.toml"), "[job.x]\npath = \"/x/{job_id}\"\nhost = { huaweicloud = \"x\" }\nstatus = { at = \"state\", success = [\"OK\"] }\n").unwrap();
    let bad = dir.path().join("bad.toml");
    let out = jobwait_at(&fake.url, &["e1"], "10s")
        .args(&["--profiles", bad.to_str().unwrap()])
        .run();
    assert_eq!(out.code, 4, "{}", out.stderr);
    out.assert_stderr_has(&format!(
        "profile file {}: job 'x', field 'status.at': 'state' is not a JSON Pointer",
        bad.display()
    ));
}
