//! GitLab CI: the poll log goes into a collapsible section.
//!
//! <https://docs.gitlab.com/ci/jobs/job_logs/#custom-collapsible-sections>

use std::time::{SystemTime, UNIX_EPOCH};

use super::CiSystem;

const SECTION: &str = "jobwait_poll";

/// Running as a GitLab CI job (`GITLAB_CI=true`).
#[derive(Debug)]
pub struct GitLab;

pub fn detect(var: &dyn Fn(&str) -> Option<String>) -> Option<std::sync::Arc<dyn CiSystem>> {
    (var("GITLAB_CI").as_deref() == Some("true"))
        .then(|| std::sync::Arc::new(GitLab) as std::sync::Arc<dyn CiSystem>)
}

impl CiSystem for GitLab {
    fn name(&self) -> &'static str {
        "gitlab"
    }

    fn open_group(&self, title: &str) -> Option<String> {
        Some(section_start(title))
    }

    fn close_group(&self) -> Option<String> {
        Some(section_end())
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Opens the (collapsed) section.
pub fn section_start(header: &str) -> String {
    format!(
        "\u{1b}[0Ksection_start:{}:{SECTION}[collapsed=true]\r\u{1b}[0K{}",
        now(),
        crate::sanitize::clean(header)
    )
}

pub fn section_end() -> String {
    format!("\u{1b}[0Ksection_end:{}:{SECTION}\r\u{1b}[0K", now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_markers_have_gitlabs_shape() {
        let start = section_start("waiting for 2 jobs");
        assert!(start.starts_with("\u{1b}[0Ksection_start:"));
        assert!(start.contains(":jobwait_poll[collapsed=true]\r\u{1b}[0Kwaiting for 2 jobs"));
        let end = section_end();
        assert!(
            end.starts_with("\u{1b}[0Ksection_end:") && end.ends_with(":jobwait_poll\r\u{1b}[0K")
        );
    }
}
