//! Job APIs other than `/v1/{project_id}/jobs/{job_id}`, end to end: the fake API answers
//! only at the exact path (and query) each service uses, in that service's shape, so a
//! wrong request line or a misread answer fails here. The shapes are the documentation's
//! examples (cited in `src/job/builtin_tests.rs`), cut to what matters.

mod support;

use serde_json::{Value, json};
use support::*;

fn ok(body: Value) -> Step {
    Step::http(200, body)
}

fn rds(id: &str, status: &str, reason: Option<&str>) -> Step {
    ok(
        json!({"job": {"id": id, "name": "CreateMysqlSingleHAInstance",
        "status": status, "process": if status == "Running" { "40" } else { "" },
        "instance": {"id": "a48e43ff268f4c0e879652d65e63d0fbin01", "name": "db-1"}, "fail_reason": reason}}),
    )
}

fn cce(phase: &str, reason: &str, failed_sub: bool) -> Step {
    let sub_phase = if failed_sub { "Failed" } else { "Success" };
    ok(json!({"kind": "Job", "apiVersion": "v3",
        "metadata": {"uid": "c1", "creationTimestamp": "2020-02-02 08:12:40.672772389 +0000 UTC"},
        "spec": {"type": "CreateNode", "clusterUID": "c-1", "resourceID": "node-1", "subJobs": [
            {"kind": "Job", "metadata": {"uid": "sub-install"}, "spec": {"type": "InstallNode"},
             "status": {"phase": sub_phase, "reason": if failed_sub { "node quota exceeded" } else { "" }}}]},
        "status": {"phase": phase, "reason": reason}}))
}

fn rds_path(job: &str) -> String {
    format!("/v3/{PROJECT}/jobs?id={job}")
}

#[test]
fn an_rds_job_is_asked_for_by_query_and_completes() {
    let job = "31b8ae23-c687-4d80-b7b4-42a66c9bb886";
    let fake = FakeApi::start(Config::standard().job_at(
        &rds_path(job),
        job,
        Script::Sequence(vec![rds(job, "Running", None), rds(job, "Completed", None)]),
    ));
    let out = jobwait_at(&fake.url, &[job], "30s")
        .args(&["--service", "rds"])
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.assert_stderr_has(&format!("GET /v3/{PROJECT}/jobs?id={{job_id}}"));
    out.assert_stderr_has_around(": Running [", "s elapsed] (40%)");
    // How soon the second poll comes depends on the progress the first one reported.
    out.assert_stderr_has(": Completed after ");
    out.assert_stderr_has(
        "s (CreateMysqlSingleHAInstance; instance_id=a48e43ff268f4c0e879652d65e63d0fbin01)",
    );
    let requests = fake.job_requests(job);
    assert_eq!(requests.len(), 2);
    assert!(
        requests
            .iter()
            .all(|r| r.method == "GET" && r.path == rds_path(job))
    );
}

#[test]
fn an_rds_failure_prints_its_reason_and_the_json_keeps_the_whole_answer() {
    let fake = FakeApi::start(Config::standard().job_at(
        &rds_path("r2"),
        "r2",
        Script::Sequence(vec![rds("r2", "Failed", Some("createVM failed."))]),
    ));
    let out = jobwait_at(&fake.url, &["r2"], "30s")
        .args(&["--service", "RDS", "--output", "json"])
        .run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    out.assert_stderr_has_around(
        "job r2: Failed after ",
        "s (CreateMysqlSingleHAInstance): createVM failed.",
    );
    let result: Value = serde_json::from_str(&out.stdout).unwrap();
    let job = &result["jobs"][0];
    assert_eq!(job["status"], "Failed");
    assert_eq!(job["fail_reason"], "createVM failed.");
    assert_eq!(job["job"]["job"]["instance"]["name"], "db-1");
}

#[test]
fn a_cce_failure_names_the_failed_sub_job() {
    let path = format!("/api/v3/projects/{PROJECT}/jobs/c1");
    let fake = FakeApi::start(Config::standard().job_at(
        &path,
        "c1",
        Script::Sequence(vec![
            cce("Running", "", false),
            cce("Failed", "install failed", true),
        ]),
    ));
    let out = jobwait_at(&fake.url, &["c1"], "30s")
        .args(&["--service", "cce"])
        .run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    out.assert_stderr_has("job c1: Failed after 1s (CreateNode): install failed");
    out.assert_stderr_has("  sub-job sub-install (InstallNode): node quota exceeded");
    assert_eq!(fake.job_requests("c1")[0].path, path);
}

#[test]
fn a_kafka_task_needs_its_instance_and_is_asked_for_under_it() {
    let path = format!("/v2/{PROJECT}/instances/inst-7/tasks/t1");
    let task = |status: &str| {
        ok(
            json!({"task_count": "1", "tasks": [{"id": "t1", "name": "bindInstancePublicIp",
            "status": status}]}),
        )
    };
    let fake = FakeApi::start(Config::standard().job_at(
        &path,
        "t1",
        Script::Sequence(vec![task("EXECUTING"), task("SUCCESS")]),
    ));
    let out = jobwait_at(&fake.url, &["t1"], "30s")
        .args(&["--service", "kafka", "--param", "instance_id=inst-7"])
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.assert_stderr_has("job t1: SUCCESS after 1s (bindInstancePublicIp)");
    assert_eq!(fake.job_requests("t1").len(), 2);

    // The same from the environment, as the Action passes it.
    let again = jobwait_at(&fake.url, &["t1"], "30s")
        .args(&["--service", "kafka"])
        .env("INPUT_PARAM", "instance_id=inst-7")
        .run();
    assert_eq!(again.code, 0, "{}", again.stderr);
}

#[test]
fn a_missing_or_unknown_param_is_a_usage_error_naming_it() {
    let out = jobwait_at("http://127.0.0.1:9", &["t1"], "30s")
        .args(&["--service", "kafka"])
        .run();
    assert_eq!(out.code, 4);
    out.assert_stderr_has("the kafka job API needs instance_id: give --param instance_id=VALUE");
    let out = jobwait_at("http://127.0.0.1:9", &["t1"], "30s")
        .args(&[
            "--service",
            "kafka",
            "--param",
            "instance_id=i",
            "--param",
            "cluster_id=c",
        ])
        .run();
    assert_eq!(out.code, 4);
    out.assert_stderr_has("--param names 'cluster_id', which the kafka job API's path does not use (it needs instance_id)");
    let out = jobwait_at("http://127.0.0.1:9", &["t1"], "30s")
        .args(&["--param", "instance_id"])
        .run();
    assert_eq!(out.code, 4);
    out.assert_stderr_has("is not NAME=VALUE");
    let out = jobwait_at("http://127.0.0.1:9", &["t1"], "30s")
        .args(&["--service", "kafka", "--param", "instance_id=../x"])
        .run();
    assert_eq!(out.code, 4);
    out.assert_stderr_has("instance_id");
}

#[test]
fn a_job_api_nobody_built_in_described_by_flags() {
    let path = format!("/v9/{PROJECT}/exports/e1?verbose=1");
    let export = |state: &str, error: Option<&str>| {
        ok(json!({"export": {"id": "e1", "state": state, "error": error, "percent": 30}}))
    };
    let fake = FakeApi::start(Config::standard().job_at(
        &path,
        "e1",
        Script::Sequence(vec![
            export("WORKING", None),
            export("BROKEN", Some("disk full")),
        ]),
    ));
    let out = jobwait_at(&fake.url, &["e1"], "30s")
        .args(&[
            "--path",
            "/v9/{project_id}/exports/{job_id}?verbose=1",
            "--status-field",
            "/export/state",
            "--pending-status",
            "WORKING",
            "--success-status",
            "DONE",
            "--failure-status",
            "BROKEN",
            "--reason-field",
            "/export/error",
            "--progress-field",
            "/export/percent",
        ])
        .run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    out.assert_stderr_has_around("job e1: WORKING [", "s elapsed] (30%)");
    out.assert_stderr_has("job e1: BROKEN after ");
    out.assert_stderr_has("s: disk full");
    assert!(fake.job_requests("e1").iter().all(|r| r.path == path));

    // A word in none of the sets names the word, the API and its sets.
    let fake = FakeApi::start(Config::standard().job_at(
        &path,
        "e1",
        Script::Sequence(vec![export("QUEUED", None)]),
    ));
    let out = jobwait_at(&fake.url, &["e1"], "30s")
        .args(&[
            "--path",
            "/v9/{project_id}/exports/{job_id}?verbose=1",
            "--status-field",
            "/export/state",
            "--success-status",
            "DONE",
        ])
        .run();
    assert_eq!(out.code, 3, "{}", out.stderr);
    // …under the user's own name for the API, with the flag that places the word.
    out.assert_stderr_has(
        "unexpected status 'QUEUED' for the job API of --path /v9/{project_id}/exports/{job_id}?verbose=1, --status-field /export/state (pending: INIT, RUNNING",
    );
    out.assert_stderr_has("success: SUCCESS, DONE");
    out.assert_stderr_has("--pending-status for still working");
}

#[test]
fn sub_jobs_honour_the_users_failure_words() {
    let body = |status: &str| {
        json!({"status": status, "entities": {"sub_jobs": [
            {"job_id": "s1", "status": "SUCCESS"},
            {"job_id": "s2", "status": "ROLLED_BACK", "fail_reason": "volume detached"}]}})
    };
    let fake = FakeApi::start(
        Config::standard().sequence("j", vec![Step::http(200, body("ROLLED_BACK"))]),
    );
    let out = jobwait_at(&fake.url, &["j"], "30s")
        .args(&["--failure-status", "ROLLED_BACK"])
        .run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    out.assert_stderr_has_around("job j: ROLLED_BACK after ", "s: 1 sub-job(s) failed");
    out.assert_stderr_has("  sub-job s2: volume detached");
}

#[test]
fn the_endpoint_follows_the_service_on_each_cloud() {
    for (args, host) in [
        (
            vec!["--service", "rds", "--region", "eu-de"],
            "https://rds.eu-de.otc.t-systems.com/",
        ),
        (
            vec!["--service", "taurusdb", "--region", "eu-de"],
            "https://gaussdb-mysql.eu-de.otc.t-systems.com/",
        ),
        (
            vec!["--service", "taurusdb", "--region", "cn-north-4"],
            "https://gaussdb.cn-north-4.myhuaweicloud.com/",
        ),
        (
            vec![
                "--service",
                "kafka",
                "--region",
                "eu-nl",
                "--param",
                "instance_id=i",
            ],
            "https://dms.eu-nl.otc.t-systems.com/",
        ),
        (vec!["--service", "bss"], "https://bss.myhuaweicloud.com/"),
        // International accounts: their own host (the SDK's bssintl client).
        (
            vec!["--service", "bss-intl"],
            "https://bss-intl.myhuaweicloud.com/",
        ),
        // EIP's jobs are on the vpc host, on both clouds.
        (
            vec!["--service", "eip", "--region", "cn-north-4"],
            "https://vpc.cn-north-4.myhuaweicloud.com/",
        ),
        (
            vec!["--service", "eip", "--region", "eu-de"],
            "https://vpc.eu-de.otc.t-systems.com/",
        ),
        // TaurusDB's host differs by region; so do eu-west-101's domains by service.
        (
            vec!["--service", "taurusdb", "--region", "tr-west-1"],
            "https://gaussdbformysql.tr-west-1.myhuaweicloud.com/",
        ),
        (
            vec!["--service", "rds", "--region", "eu-west-101"],
            "https://rds.eu-west-101.myhuaweicloud.eu/",
        ),
        (
            vec!["--service", "ecs", "--region", "eu-west-101"],
            "https://ecs.eu-west-101.myhuaweicloud.com/",
        ),
        (
            vec!["--service", "geip", "--param", "domain_id=d-1"],
            "https://eip.myhuaweicloud.com/",
        ),
    ] {
        // --timeout 0: one poll, which fails fast against a host that cannot be reached
        // from here; only the start-up line matters.
        let mut all = vec!["--job-id", "j", "--project-id", PROJECT, "--timeout", "0"];
        all.extend(args);
        let out = jobwait(&all)
            .env("JOBWAIT_TOKEN", TOKEN)
            .env("HTTPS_PROXY", "http://127.0.0.1:9")
            .run();
        out.assert_stderr_has(&format!("jobwait: endpoint: {host}"));
    }
    let out = jobwait(&["--job-id", "j", "--service", "bss", "--region", "eu-de"])
        .env("JOBWAIT_TOKEN", TOKEN)
        .run();
    assert_eq!(out.code, 4);
    out.assert_stderr_has("the bss job API is not offered on otc");
    let out = jobwait(&["--job-id", "j", "--service", "elb", "--region", "eu-de"])
        .env("JOBWAIT_TOKEN", TOKEN)
        .run();
    assert_eq!(out.code, 4);
    out.assert_stderr_has("the elb job API is not offered on otc");
}

#[test]
fn list_services_prints_one_line_each_or_json() {
    let out = jobwait(&["--list-services"]).run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("Job APIs for --service NAME"));
    let rds = out.stdout.lines().find(|l| l.starts_with("rds ")).unwrap();
    assert!(rds.contains("GET /v3/{project_id}/jobs?id={job_id}") && rds.ends_with("built in"));
    for name in [
        "cce",
        "kafka",
        "sfs-turbo",
        "cbr",
        "dli",
        "modelarts",
        "mrs",
        "bss",
        "cdn",
    ] {
        assert!(
            out.stdout
                .lines()
                .any(|l| l.starts_with(&format!("{name} "))),
            "{name}"
        );
    }
    let out = jobwait(&["--list-services", "--output", "json"]).run();
    assert_eq!(out.code, 0);
    let list: Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(list.as_array().unwrap().iter().any(|p| p["name"] == "cce"));
}
