use std::io::{Write as _W};

pub fn render(out: &mut Vec<u8>) {
    out.write_all(b"job j1: SUCCESS\n").unwrap();
}
