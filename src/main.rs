//! Parse, run, exit: everything else lives in the library.

use std::process::ExitCode;

use jobwait::{app, config, exit, signals};

fn main() -> ExitCode {
    app::install_panic_hook();
    let env = config::process_env();
    let args = std::env::args_os().collect();
    let result = app::run(args, &env, app::Io::std(), signals::cancelled());
    ExitCode::from(exit::code(&result))
}
