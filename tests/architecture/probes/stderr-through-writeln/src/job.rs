use std::io::{self, Write as _};

pub fn warn(text: &str) {
    let _ = writeln!(io::stderr(), "warning: {text}");
}
