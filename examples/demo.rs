//! See jobwait work without a cloud account: starts a local stand-in of the job APIs with
//! a job that goes INIT → RUNNING → SUCCESS, one that fails, one that outlives its
//! timeout, an RDS job, a CCE job, a server and a database instance (one each being
//! deleted), and runs jobwait (the same code the binary runs)
//! against each.
//!
//! `cargo run --example demo` — exits 0 when every run ended with the expected code.

#[path = "../tests/support/fake_api.rs"]
mod fake_api;

use std::collections::HashMap;

use fake_api::{FakeApi, demo};
use jobwait::app::{Io, run};
use jobwait::exit;

fn main() {
    let fake = FakeApi::start(demo::config());
    let env: HashMap<String, String> = [
        ("JOBWAIT_TOKEN", demo::TOKEN),
        ("JOBWAIT_PROJECT_ID", demo::PROJECT),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    println!(
        "Local stand-in of the job API at {} (token auth, project {}).\n",
        fake.url,
        demo::PROJECT
    );

    let runs: [(&str, &[&str], u8); 10] = [
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
    let mut all_as_expected = true;
    for (title, args, expected) in runs {
        let mut argv = vec!["jobwait", "--endpoint", &fake.url];
        argv.extend_from_slice(args);
        println!("== {title}\n$ {}", argv.join(" "));
        let code = exit::code(&run(argv.iter().map(Into::into).collect(), &env, Io::std()));
        let verdict = if code == expected {
            "as expected"
        } else {
            "UNEXPECTED"
        };
        println!("→ exit code {code} ({verdict})\n");
        all_as_expected &= code == expected;
    }
    println!("Exit codes: 0 success, 1 job failed, 2 timeout, 3 no verdict, 4 usage error.");
    std::process::exit(if all_as_expected { 0 } else { 1 });
}
