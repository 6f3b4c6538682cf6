use std::env as e;

pub fn proxy() -> Option<String> {
    e::var("HTTPS_PROXY").ok()
}

pub fn no_proxy() -> Option<String> {
    // The same, through a `use` in a block.
    use std::env as environment;
    environment::var("NO_PROXY").ok()
}

pub mod retry {
    // The parent's `e`, brought in by a glob.
    use super::*;

    pub fn tries() -> Option<String> {
        e::var("RETRIES").ok()
    }
}
