use std::process::ExitCode;

use jobwait::{app, config};

fn main() -> ExitCode {
    let env = config::process_env();
    // The arguments are not the environment.
    app::run(std::env::args_os().collect(), &env)
}
