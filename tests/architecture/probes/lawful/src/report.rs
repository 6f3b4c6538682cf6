use std::fmt::{self, Write as _};

/// Text built with `std::fmt::Write` is still text.
pub fn render(jobs: &[&str]) -> String {
    let mut text = String::new();
    for job in jobs {
        let _ = writeln!(text, "job {job}: SUCCESS");
    }
    text
}

pub struct Summary(pub usize);

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} jobs", self.0)
    }
}

#[cfg(test)]
#[path = "report_tests.rs"]
mod tests;
