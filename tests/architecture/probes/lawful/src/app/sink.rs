use std::io::{self, Write};

pub fn out(text: &str) {
    let mut stdout = io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = writeln!(io::stderr(), "written");
    dbg!(text.len());
}
