// `super` is `wait`, `super::super` the crate's root: this is `crate::app::Io`.
use super::super::app::Io;

pub fn watch(_io: &Io) {}
