//! `--check`: everything resolved and each job asked about once, nothing waited for.
//!
//! For setting a pipeline up: it shows where jobwait would ask, with which credentials
//! and job API, and whether each job answers, before anything depends on a verdict.

use serde_json::json;

use super::sink::Sink;
use crate::config::{Config, Output};
use crate::exit::Failure;
use crate::sanitize::clean;
use crate::wait::{Answer, JobSource};

/// Ask once about each job; `true` when every one answered with a job document.
pub async fn run(config: &Config, sink: &Sink) -> Result<bool, Failure> {
    super::announce(config, sink);
    let p = &config.profile;
    sink.err(&format!(
        "jobwait: {}: {} (status at {}; {})",
        p.kind.api(),
        p.name,
        p.status_at(),
        p.words().describe()
    ));
    let source = super::source(config, sink)?;
    let noun = super::subject(config).noun;
    let mut results = Vec::new();
    for job in &config.job_ids {
        let reply = source.fetch(job, config.request_timeout).await;
        let (line, status, error) = match &reply.answer {
            Answer::Job(doc) => (
                format!(
                    "{noun} {}: answered, status {}",
                    clean(job),
                    clean(&doc.status)
                ),
                Some(doc.status.clone()),
                None,
            ),
            Answer::Gone { how, .. } => (
                format!("{noun} {}: gone ({})", clean(job), clean(how)),
                Some("gone".to_string()),
                None,
            ),
            Answer::Fault(fault) => (
                format!(
                    "{noun} {}: no {noun} document: {}",
                    clean(job),
                    clean(&fault.problem().to_string())
                ),
                None,
                Some(fault.problem().to_string()),
            ),
            Answer::Unread(unread) => {
                let has = unread
                    .detail
                    .as_ref()
                    .map(|keys| format!(" (the answer has {keys})"))
                    .unwrap_or_default();
                (
                    format!(
                        "{noun} {}: no {noun} document: {}{}",
                        clean(job),
                        clean(&unread.problem.to_string()),
                        clean(&has)
                    ),
                    None,
                    Some(format!("{}{has}", unread.problem)),
                )
            }
        };
        sink.err(&line);
        results.push(json!({ "job_id": job, "answered": status.is_some(), "status": status, "error": error }));
    }
    let all = results.iter().all(|r| r["answered"] == true);
    sink.err(if all {
        "jobwait: check passed: every job answered"
    } else {
        "jobwait: check failed: a job did not answer with a job document"
    });
    if config.output == Output::Json {
        sink.out(
            &json!({ "check": if all { "passed" } else { "failed" }, "jobs": results }).to_string(),
        );
    }
    Ok(all)
}
