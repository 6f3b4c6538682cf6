//! Parse, run, exit: everything else lives in the library.

use std::process::ExitCode;

use jobwait::{app, config, exit};

fn main() -> ExitCode {
    app::install_panic_hook();
    let env = config::process_env();
    let result = app::run(std::env::args_os().collect(), &env, app::Io::std());
    ExitCode::from(exit::code(&result))
}
