//! Behaviour particular to some resources: words a profile adds, deletions, the
//! gateway's 404, grace and deadline, stdin, custom flags, CI output, usage errors.

use serde_json::json;

use super::cases::*;
use super::*;

#[test]
fn a_word_of_the_profile_is_waited_for_and_failures_still_fail() {
    let ecs = case("ecs-server");
    let (_, out) = one(
        ecs,
        "s1",
        vec![
            answer(ecs, "s1", "ACTIVE", false),
            answer(ecs, "s1", "SHUTOFF", false),
        ],
        &["--for", "shutoff"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.assert_stderr_has("waiting for ecs-server s1 to reach shutoff");
    out.assert_stderr_has("ecs-server s1: SHUTOFF after");
    let (_, out) = one(
        ecs,
        "s2",
        vec![answer(ecs, "s2", "ERROR", true)],
        &["--for", "SHUTOFF"],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    out.assert_stderr_has("No valid host was found");
    // Waiting for ready, a stable state of another kind ends the wait, saying why.
    let (_, out) = one(ecs, "s3", vec![answer(ecs, "s3", "SHUTOFF", false)], &[]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    out.assert_stderr_has("the server is stopped; wait for that with --for SHUTOFF");
}

/// As `kubectl wait --for=delete`: not there at the first answer is exit 0, with a notice
/// that it was already gone or the id is wrong.
#[test]
fn gone_at_the_first_answer_is_a_success_with_a_notice() {
    let rds = case("rds-instance");
    let (_, out) = one(rds, "db-x", vec![gone(rds, "db-x")], &["--for", "deleted"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.assert_stderr_has("rds-instance db-x: gone: already gone at the first answer");
    out.assert_stderr_has("or the id is wrong");
}

#[test]
fn a_deletion_fails_on_a_failure_word_unless_its_api_passes_through_it() {
    let ecs = case("ecs-server");
    let (_, out) = one(
        ecs,
        "s1",
        vec![
            answer(ecs, "s1", "ACTIVE", false),
            answer(ecs, "s1", "ERROR", true),
        ],
        &["--for", "deleted"],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    out.assert_stderr_has("ecs-server s1: ERROR after");
    out.assert_stderr_has("No valid host was found");
    // Kafka's delete waits keep waiting on ERROR (both Terraform providers).
    let kafka = case("kafka-instance");
    let (_, out) = one(
        kafka,
        "k1",
        vec![
            answer(kafka, "k1", "ERROR", false),
            answer(kafka, "k1", "DELETING", false),
            gone(kafka, "k1"),
        ],
        &["--for", "deleted"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.assert_stderr_has("kafka-instance k1: gone after");
}

/// A gateway's "no such API" is a wrong path or host, never a deleted resource.
#[test]
fn the_gateways_404_is_no_deletion() {
    let ecs = case("ecs-server");
    let no_api = Step::http(
        404,
        json!({"error": {"code": "APIGW.0101", "message": "The API does not exist"}}),
    );
    let (_, out) = one(
        ecs,
        "s1",
        vec![no_api],
        &["--for", "deleted", "--not-found-grace", "1s"],
    );
    assert_eq!(out.code, 3, "{}", out.stderr);
    out.assert_stderr_has("APIGW.0101");
}

#[test]
fn not_found_beyond_the_grace_has_no_verdict_and_says_why() {
    let ecs = case("ecs-server");
    let (fake, out) = one(
        ecs,
        "s1",
        vec![gone(ecs, "s1")],
        &["--not-found-grace", "1s"],
    );
    assert_eq!(out.code, 3, "{}", out.stderr);
    out.assert_stderr_has("ecs-server not found: still 404 after 1s");
    out.assert_stderr_has("ECS answers 404 while a server is still being created");
    assert!(fake.job_requests("s1").len() >= 2);
    let rds = case("rds-instance");
    let (_, out) = one(
        rds,
        "db",
        vec![gone(rds, "db")],
        &["--not-found-grace", "1s"],
    );
    assert_eq!(out.code, 3, "{}", out.stderr);
    out.assert_stderr_has("rds-instance not found: no answer within 1s listed it");
}

#[test]
fn still_pending_at_the_deadline_is_a_timeout() {
    let evs = case("evs-volume");
    let (_, out) = one(
        evs,
        "v1",
        vec![answer(evs, "v1", "creating", false)],
        &["--timeout", "1s"],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    out.assert_stderr_has("evs-volume v1: timed out after 1s; last status creating");
}

/// DCS: RUNNING with a task under way is not ready, and ready must be seen twice.
#[test]
fn a_busy_instance_is_not_ready_and_dcs_confirms_twice() {
    let dcs = case("dcs-instance");
    let busy = {
        let mut doc = example(dcs);
        set(&mut doc, "/instance_id", json!("d1"));
        Step::http(200, doc)
    };
    let (_, out) = one(dcs, "d1", vec![busy], &["--timeout", "1s"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    out.assert_stderr_has("RUNNING (task BACKUPING)");
    // GeminiDB's documented answer: normal, with a CREATE still under way.
    let gemini = case("geminidb-instance");
    let documented = Step::http(200, example(gemini));
    let (_, out) = one(
        gemini,
        "8436a91546294036b75931e879882200in06",
        vec![documented],
        &["--timeout", "1s"],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    out.assert_stderr_has("normal (actions CREATE)");
    let (fake, out) = one(dcs, "d2", vec![answer(dcs, "d2", "RUNNING", false)], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        fake.job_requests("d2").len(),
        2,
        "two RUNNING answers in a row"
    );
    let (fake, _) = one(
        dcs,
        "d3",
        vec![answer(dcs, "d3", "RUNNING", false)],
        &["--success-confirmations", "1"],
    );
    assert_eq!(fake.job_requests("d3").len(), 1);
}

/// `--id -`: the create call's answer, as documented (OTC "Creating ECSs"), names the
/// servers to wait for.
#[test]
fn stdin_takes_the_create_calls_answer() {
    let ecs = case("ecs-server");
    let created = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/providers/resources/examples/ecs-server/otc-create-servers.json"
    ))
    .unwrap();
    let id = "118258c5-0c6a-4e73-8b51-8d1ea3272e1b";
    let fake = FakeApi::start(Config::standard().job_at(
        &path(ecs, id),
        id,
        Script::Sequence(vec![
            answer(ecs, id, "BUILD", false),
            answer(ecs, id, "ACTIVE", false),
        ]),
    ));
    let args = [
        "--endpoint",
        &fake.url,
        "--project-id",
        PROJECT,
        "--poll-interval",
        "10ms",
        "--resource",
        "ecs-server",
        "--id",
        "-",
    ];
    let out = jobwait(&args)
        .env("JOBWAIT_TOKEN", TOKEN)
        .stdin(&created)
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.assert_stderr_has(&format!("ecs-server {id}: ACTIVE after"));
    // The create answer of OTC's EVS holds only the job: no volume id to wait for.
    let out = jobwait(&[
        "--endpoint",
        &fake.url,
        "--project-id",
        PROJECT,
        "--resource",
        "evs-volume",
        "--id",
        "-",
    ])
    .env("JOBWAIT_TOKEN", TOKEN)
    .stdin(r#"{"job_id": "70a599e0"}"#)
    .run();
    assert_eq!(out.code, 4, "{}", out.stderr);
    out.assert_stderr_has("stdin JSON has no evs-volume id at /volume_ids (keys: job_id)");
}

/// A resource nobody built in, described by the flags: its path with {id}, where its
/// status is, its words and its failure text.
#[test]
fn custom_flags_describe_a_resource_with_its_id_in_the_path() {
    let thing = |id: &str, state: &str, error: Option<&str>| {
        Step::http(
            200,
            json!({"thing": {"id": id, "state": state, "error": error}}),
        )
    };
    let fake = FakeApi::start(
        Config::standard()
            .job_at(
                &format!("/v9/{PROJECT}/things/t1?full=1"),
                "t1",
                Script::Sequence(vec![thing("t1", "STARTING", None), thing("t1", "UP", None)]),
            )
            .job_at(
                &format!("/v9/{PROJECT}/things/t2?full=1"),
                "t2",
                Script::Sequence(vec![
                    thing("t2", "STARTING", None),
                    thing("t2", "BROKEN", Some("disk on fire")),
                ]),
            ),
    );
    let args = [
        "--endpoint",
        &fake.url,
        "--project-id",
        PROJECT,
        "--poll-interval",
        "10ms",
        "--id",
        "t1,t2",
        "--path",
        "/v9/{project_id}/things/{id}?full=1",
        "--status-field",
        "/thing/state",
        "--pending-status",
        "STARTING",
        "--success-status",
        "UP",
        "--failure-status",
        "BROKEN",
        "--reason-field",
        "/thing/error",
        "--for",
        "deleted",
    ];
    // --for deleted of a thing that never goes: 404 is its gone; here UP is pending.
    let out = jobwait(&args[..args.len() - 2])
        .env("JOBWAIT_TOKEN", TOKEN)
        .run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    out.assert_stderr_has("resource t1: UP after");
    out.assert_stderr_has("resource t2: BROKEN after");
    out.assert_stderr_has("disk on fire");
    for id in ["t1", "t2"] {
        assert!(
            fake.job_requests(id)
                .iter()
                .all(|r| r.path == format!("/v9/{PROJECT}/things/{id}?full=1"))
        );
    }
    // The flags override a built-in resource's parts the same way.
    let out = jobwait(&[
        "--endpoint",
        &fake.url,
        "--project-id",
        PROJECT,
        "--poll-interval",
        "10ms",
        "--resource",
        "ecs-server",
        "--id",
        "t1",
        "--path",
        "/v9/{project_id}/things/{id}?full=1",
        "--status-field",
        "/thing/state",
        "--pending-status",
        "STARTING",
        "--success-status",
        "UP",
    ])
    .env("JOBWAIT_TOKEN", TOKEN)
    .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn github_outputs_and_summary_speak_of_the_resource() {
    let ecs = case("ecs-server");
    let fake = FakeApi::start(Config::standard().job_at(
        &path(ecs, "s1"),
        "s1",
        Script::Sequence(vec![answer(ecs, "s1", "ACTIVE", false)]),
    ));
    let runner = Runner::new();
    let args = [
        "--endpoint",
        &fake.url,
        "--project-id",
        PROJECT,
        "--resource",
        "ecs-server",
        "--id",
        "s1",
    ];
    let out = runner
        .github(jobwait(&args).env("JOBWAIT_TOKEN", TOKEN))
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let outputs = read(&runner.output());
    assert!(
        outputs.contains("status<<") && outputs.contains("\nACTIVE\n"),
        "{outputs}"
    );
    assert!(
        outputs.contains("\"resource_type\":\"ecs-server\""),
        "{outputs}"
    );
    let summary = read(&runner.summary());
    assert!(
        summary.contains("| ecs-server | type |") && summary.contains("`s1`"),
        "{summary}"
    );
}

#[test]
fn usage_errors_are_exit_4() {
    for (args, says) in [
        (
            &["--resource", "ecs-server", "--id", "s1", "--job-id", "j1"][..],
            "cannot be used together",
        ),
        (
            &["--resource", "ecs-server", "--id", "s1", "--service", "ecs"],
            "--resource picks the resource's API and host",
        ),
        (&["--resource", "ecs-server"], "needs the ids to wait for"),
        (
            &["--job-id", "j1", "--for", "deleted"],
            "--for says what a resource is waited for",
        ),
        (
            &["--resource", "ecs-server", "--id", "s1", "--for", "BOOTING"],
            "'BOOTING' is not a state of ecs-server",
        ),
        (
            &["--resource", "server-ecs", "--id", "s1"],
            "is no resource jobwait knows",
        ),
    ] {
        let mut all = vec![
            "--endpoint",
            "https://ecs.example.com",
            "--project-id",
            PROJECT,
        ];
        all.extend_from_slice(args);
        let out = jobwait(&all).env("JOBWAIT_TOKEN", TOKEN).run();
        assert_eq!(out.code, 4, "{args:?}: {}", out.stderr);
        out.assert_stderr_has(says);
    }
}

#[test]
fn list_services_lists_resources_in_their_own_section() {
    let out = jobwait(&["--list-services"]).run();
    assert_eq!(out.code, 0);
    let section = out.stdout.split("\n\n").nth(1).unwrap();
    assert!(
        section.starts_with("Resources for --resource NAME"),
        "{section}"
    );
    for case in CASES {
        assert!(
            section.contains(&format!("\n{} ", case.name)),
            "{}",
            case.name
        );
    }
}
