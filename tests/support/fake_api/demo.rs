//! The demo's world: token auth, one job that goes INIT → RUNNING → SUCCESS and one that
//! fails, one that never ends, an RDS and a CCE job, a server and a database instance
//! that turn ready and one of each that is deleted. Used by `cargo run --example demo` and
//! by the Action's workflow test through `cargo run --example fake_api`.

use serde_json::{Value, json};

use super::{Auth, Config, Script, Step};

pub const PROJECT: &str = "0123456789abcdef0123456789abcdef";
pub const TOKEN: &str = "demo-token";

/// What the demo runs: what each run shows, its own arguments, and the exit code it
/// must end with. `tests/demo.rs` runs each [`command`] as the demo prints it.
pub const RUNS: &[(&str, &[&str], u8)] = &[
    (
        "A job that goes INIT → RUNNING → SUCCESS",
        &["--job-id", "job-ok", "--timeout", "1m"],
        0,
    ),
    (
        "A job that fails",
        &["--job-id", "job-fail", "--timeout", "1m"],
        1,
    ),
    (
        "A job that outlives its timeout",
        &["--job-id", "job-slow", "--timeout", "3s"],
        2,
    ),
    (
        "Both at once, result as JSON on stdout",
        &[
            "--job-id",
            "job-ok,job-fail",
            "--output",
            "json",
            "--timeout",
            "1m",
        ],
        1,
    ),
    (
        "An RDS job (GET /v3/{project_id}/jobs?id=…): Running → Completed",
        &[
            "--service",
            "rds",
            "--job-id",
            "db-create",
            "--timeout",
            "1m",
        ],
        0,
    ),
    (
        "A CCE job whose node fails (its sub-job says why)",
        &[
            "--service",
            "cce",
            "--job-id",
            "node-pool",
            "--timeout",
            "1m",
        ],
        1,
    ),
    (
        "A server, waited for itself until it is ACTIVE (--resource ecs-server)",
        &[
            "--resource",
            "ecs-server",
            "--id",
            "server-new",
            "--timeout",
            "1m",
        ],
        0,
    ),
    (
        "An RDS instance, from the list GET /v3/{project_id}/instances?id=…",
        &[
            "--resource",
            "rds-instance",
            "--id",
            "db-new",
            "--timeout",
            "1m",
        ],
        0,
    ),
    (
        "A server being deleted, until it answers 404 (--for deleted)",
        &[
            "--resource",
            "ecs-server",
            "--id",
            "server-old",
            "--for",
            "deleted",
            "--timeout",
            "1m",
        ],
        0,
    ),
    (
        "A database instance being deleted, until the list no longer holds it",
        &[
            "--resource",
            "rds-instance",
            "--id",
            "db-old",
            "--for",
            "deleted",
            "--timeout",
            "1m",
        ],
        0,
    ),
];

/// A run's whole command line against the fake at `url`, credentials included, so
/// it runs as shown with nothing else set.
pub fn command(url: &str, args: &[&str]) -> Vec<String> {
    let mut all: Vec<String> = [
        "jobwait",
        "--endpoint",
        url,
        "--token",
        TOKEN,
        "--project-id",
        PROJECT,
    ]
    .map(String::from)
    .to_vec();
    all.extend(args.iter().map(|a| a.to_string()));
    all
}

/// The command as a shell takes it: words with other than the plain characters of
/// ids, URLs and durations are single-quoted.
pub fn shell(words: &[String]) -> String {
    let plain = |w: &str| {
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.,:/=@%+".contains(c))
    };
    words
        .iter()
        .map(|w| {
            if plain(w) {
                w.clone()
            } else {
                format!("'{}'", w.replace('\'', r"'\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn config() -> Config {
    let server = json!({"sub_jobs_total": 1, "sub_jobs": [{
        "status": "SUCCESS", "job_id": "sub-ok-1", "job_type": "createSingleServer",
        "entities": {"server_id": "bae51750-0089-41a1-9b18-5c777978ff6d"},
        "error_code": null, "fail_reason": null}]});
    let failed = json!({"sub_jobs_total": 1, "sub_jobs": [{
        "status": "FAIL", "job_id": "sub-fail-1", "job_type": "createSingleServer",
        "entities": {"errorcode_message": "Insufficient EIP quota"},
        "error_code": "Ecs.0037", "fail_reason": "EIP quota exceeded"}]});
    Config::new()
        .project(PROJECT)
        .auth(Auth::Token(TOKEN.into()))
        .job(
            "job-ok",
            Script::Timeline(vec![
                (0.0, Step::job("INIT")),
                (1.0, Step::job("RUNNING")),
                (
                    4.0,
                    Step::job("SUCCESS").fields(json!({"entities": server})),
                ),
            ]),
        )
        .job(
            "job-fail",
            Script::Timeline(vec![
                (0.0, Step::job("RUNNING")),
                (
                    2.0,
                    Step::job("FAIL").fields(json!({
                        "error_code": "Ecs.0039",
                        "fail_reason": "ECS quota exceeded for flavor s3.large",
                        "entities": failed,
                    })),
                ),
            ]),
        )
        .sequence("job-slow", vec![Step::job("RUNNING")])
        .job_at(
            &format!("/v3/{PROJECT}/jobs?id=db-create"),
            "db-create",
            Script::Timeline(vec![
                (0.0, rds("Running", "20", None)),
                (1.5, rds("Running", "60", None)),
                (3.0, rds("Completed", "", None)),
            ]),
        )
        .job_at(
            &format!("/api/v3/projects/{PROJECT}/jobs/node-pool"),
            "node-pool",
            Script::Timeline(vec![
                (0.0, cce("Initializing", None)),
                (1.0, cce("Running", None)),
                (
                    2.0,
                    cce("Failed", Some("insufficient ECS quota in eu-de-01")),
                ),
            ]),
        )
        .job_at(
            &format!("/v1/{PROJECT}/cloudservers/server-new"),
            "server-new",
            Script::Timeline(vec![
                (0.0, ecs_server("server-new", "BUILD")),
                (3.0, ecs_server("server-new", "ACTIVE")),
            ]),
        )
        .job_at(
            &format!("/v1/{PROJECT}/cloudservers/server-old"),
            "server-old",
            Script::Timeline(vec![
                (0.0, ecs_server("server-old", "ACTIVE")),
                (
                    2.0,
                    Step::http(
                        404,
                        json!({"error": {"message": "server-old does not exist"}}),
                    ),
                ),
            ]),
        )
        .job_at(
            &format!("/v3/{PROJECT}/instances?id=db-new"),
            "db-new",
            Script::Timeline(vec![
                (0.0, instances(Some(("db-new", "BUILD")))),
                (3.0, instances(Some(("db-new", "ACTIVE")))),
            ]),
        )
        .job_at(
            &format!("/v3/{PROJECT}/instances?id=db-old"),
            "db-old",
            Script::Timeline(vec![
                (0.0, instances(Some(("db-old", "ACTIVE")))),
                (2.0, instances(None)),
            ]),
        )
}

/// An ECS server as the ECS API answers (`GET /v1/{project_id}/cloudservers/{id}`):
/// the documented example, with this id and status.
pub fn ecs_server(id: &str, status: &str) -> Step {
    let mut answer: Value = serde_json::from_str(include_str!(
        "../../data/providers/resources/examples/ecs-server/otc-show-server.json"
    ))
    .expect("the documented example is JSON");
    answer["server"]["id"] = json!(id);
    answer["server"]["status"] = json!(status);
    Step::http(200, answer)
}

/// RDS instances as the RDS API lists them (`GET /v3/{project_id}/instances?id=`):
/// the documented example with this one instance and status, or none (deleted).
pub fn instances(one: Option<(&str, &str)>) -> Step {
    let mut answer: Value = serde_json::from_str(include_str!(
        "../../data/providers/resources/examples/rds-instance/otc-list-instances.json"
    ))
    .expect("the documented example is JSON");
    match one {
        Some((id, status)) => {
            answer["instances"][0]["id"] = json!(id);
            answer["instances"][0]["status"] = json!(status);
        }
        None => {
            answer["instances"] = json!([]);
            answer["total_count"] = json!(0);
        }
    }
    Step::http(200, answer)
}

/// An RDS job as the RDS API answers (`GET /v3/{project_id}/jobs?id=`).
fn rds(status: &str, process: &str, reason: Option<&str>) -> Step {
    Step::http(
        200,
        json!({"job": {"id": "db-create", "name": "CreateMysqlSingleHAInstance", "status": status,
            "process": process, "instance": {"id": "a48e43ff268f4c0e879652d65e63d0fbin01", "name": "demo-db"},
            "fail_reason": reason}}),
    )
}

/// A CCE job, whose one sub-job fails with it.
fn cce(phase: &str, reason: Option<&str>) -> Step {
    let sub = json!({"kind": "Job", "metadata": {"uid": "install-node-1"}, "spec": {"type": "InstallNode"},
        "status": {"phase": if reason.is_some() { "Failed" } else { phase }, "reason": reason}});
    Step::http(
        200,
        json!({"kind": "Job", "apiVersion": "v3", "metadata": {"uid": "node-pool"},
            "spec": {"type": "CreateNode", "resourceID": "node-1", "subJobs": [sub]},
            "status": {"phase": phase, "reason": reason.map(|_| "1 of 1 nodes failed")}}),
    )
}
