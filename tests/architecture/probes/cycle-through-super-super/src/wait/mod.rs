pub mod job;

pub fn poll() {}
