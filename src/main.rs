//! Parse, run, exit: everything else lives in the library.

use std::process::ExitCode;

fn main() -> ExitCode {
    jobwait::app::install_panic_hook();
    let env = jobwait::app::process_env();
    let code = jobwait::app::run(std::env::args_os().collect(), &env, jobwait::app::Io::std());
    ExitCode::from(code)
}
