//! The demo's stand-in of the job API as a server of its own, for trying jobwait by hand
//! and for the Action's workflow test:
//!
//! ```text
//! cargo run --example fake_api -- --port-file /tmp/fake.port &
//! jobwait --endpoint http://127.0.0.1:$(cat /tmp/fake.port) --token demo-token \
//!   --project-id 0123456789abcdef0123456789abcdef --job-id job-ok
//! ```
//!
//! Jobs: `job-ok` (INIT → RUNNING → SUCCESS in 4 s), `job-fail` (FAIL after 2 s),
//! `job-slow` (never ends), `db-create` (`--service rds`: Completed after 3 s),
//! `node-pool` (`--service cce`: Failed after 2 s); resources: `--resource ecs-server`
//! `server-new` (BUILD → ACTIVE in 3 s) and `server-old` (gone after 2 s), `--resource
//! rds-instance` `db-new` (BUILD → ACTIVE in 3 s) and `db-old` (gone after 2 s). Each
//! timeline starts at its
//! first request and plays once per start of this server. Token `demo-token`. Runs until
//! killed.

#[path = "../tests/support/fake_api.rs"]
mod fake_api;

use fake_api::{FakeApi, demo};

fn main() {
    let mut args = std::env::args().skip(1);
    let mut port_file = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port-file" => port_file = args.next(),
            _ => {
                eprintln!("usage: fake_api [--port-file PATH]");
                std::process::exit(4);
            }
        }
    }
    let fake = FakeApi::start(demo::config());
    if let Some(path) = port_file {
        let tmp = format!("{path}.tmp");
        std::fs::write(&tmp, fake.port.to_string()).expect("write the port file");
        std::fs::rename(&tmp, &path).expect("write the port file");
    }
    println!("{}", fake.url);
    eprintln!(
        "fake job API at {} (token {}, project {})",
        fake.url,
        demo::TOKEN,
        demo::PROJECT
    );
    loop {
        std::thread::park();
    }
}
