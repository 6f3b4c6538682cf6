//! See jobwait work without a cloud account: starts a local stand-in of the job APIs with
//! a job that goes INIT → RUNNING → SUCCESS, one that fails, one that outlives its
//! timeout, an RDS job, a CCE job, a server and a database instance (one each being
//! deleted), and runs jobwait (the same code the binary runs)
//! against each.
//!
//! `cargo run --example demo` — exits 0 when every run ended with the expected code. Each
//! run is printed as a command that runs as shown (token and project id included);
//! `cargo run --example demo -- --serve` keeps the stand-in up afterwards to try them.

#[path = "../tests/support/fake_api.rs"]
mod fake_api;

use std::collections::HashMap;

use fake_api::{FakeApi, demo};
use jobwait::app::{Io, run};
use jobwait::exit;

fn main() {
    let serve = std::env::args().any(|a| a == "--serve");
    let fake = FakeApi::start(demo::config());
    // Nothing from this shell: every run is its command line alone, as printed.
    let env: HashMap<String, String> = HashMap::new();
    println!(
        "Local stand-in of the job API at {} (token {}, project {}).\n",
        fake.url,
        demo::TOKEN,
        demo::PROJECT
    );

    let mut all_as_expected = true;
    for (title, args, expected) in demo::RUNS {
        let argv = demo::command(&fake.url, args);
        println!("== {title}\n$ {}", demo::shell(&argv));
        // Ctrl-C ends the demo itself; no run of it needs a shutdown of its own.
        let code = exit::code(&run(
            argv.iter().map(Into::into).collect(),
            &env,
            Io::std(),
            std::future::pending(),
        ));
        let verdict = if code == *expected {
            "as expected"
        } else {
            "UNEXPECTED"
        };
        println!("→ exit code {code} ({verdict})\n");
        all_as_expected &= code == *expected;
    }
    println!("Exit codes: 0 success, 1 job failed, 2 timeout, 3 no verdict, 4 usage error.");
    if serve {
        println!(
            "\nThe stand-in stays up at {} until Ctrl-C: run the commands above yourself \
             (jobwait is target/debug/jobwait after cargo build).",
            fake.url
        );
        loop {
            std::thread::park();
        }
    }
    println!("To run the commands yourself: cargo run --example demo -- --serve");
    std::process::exit(if all_as_expected { 0 } else { 1 });
}
