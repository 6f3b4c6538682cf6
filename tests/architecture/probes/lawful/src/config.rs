use std::env::{self as environment};
use std::ffi::OsString;

pub type Env = Vec<(OsString, OsString)>;

pub fn process_env() -> Env {
    environment::vars_os().collect()
}
