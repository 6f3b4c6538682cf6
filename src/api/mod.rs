//! The job API: wire types, error bodies, the HTTP client, and the one trait the waiting
//! logic talks to.
//!
//! [`JobSource`] is the seam between the network and the wait loop: it answers "what does
//! the API say about this job now?" with an already classified [`Answer`], so the loop
//! never looks at status codes or bodies and is tested with a scripted source.

pub mod client;
pub mod error_body;
pub mod job;
pub mod json_budget;

use std::fmt;
use std::future::Future;
use std::time::{Duration, SystemTime};

use tokio::time::Instant;

use error_body::ErrorInfo;
use job::{Body, JobDoc};

/// One poll's outcome, with the timing the schedule needs.
#[derive(Debug)]
pub struct Reply {
    pub answer: Answer,
    pub sent: Instant,
    pub received: Instant,
    /// The answer's `Date` header.
    pub server_date: Option<SystemTime>,
}

/// What one poll means for the wait.
#[derive(Debug)]
pub enum Answer {
    /// A job document: its status decides.
    Job(Box<JobDoc>),
    /// Worth retrying within the deadline: connection trouble, timeouts, 408, 5xx, a 200
    /// that is not a job document.
    Transient(Problem),
    /// 429: slow down (every job, not just this one).
    Throttled(Problem),
    /// 404: a fresh job can be briefly invisible; after the grace period, no verdict.
    NotFound(Problem),
    /// Retrying cannot help (401, 403, other 4xx): no verdict.
    Rejected(Problem),
}

/// Something that went wrong with a poll, described for a person.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Problem {
    /// HTTP status, when there was an answer at all.
    pub status: Option<u16>,
    /// What happened, e.g. `503 Service Unavailable from ecs.eu-de.otc.t-systems.com`.
    pub what: String,
    /// The API's own code and message, if it sent any.
    pub info: ErrorInfo,
    pub request_id: Option<String>,
    pub retry_after: Option<Duration>,
    /// What the user might do about it.
    pub hint: Option<String>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.what)?;
        if let Some(detail) = self.info.summary() {
            write!(f, ": {detail}")?;
        }
        if let Some(id) = self.request_id.as_ref().or(self.info.request_id.as_ref()) {
            write!(f, " (request id {id})")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, " — {hint}")?;
        }
        Ok(())
    }
}

impl Problem {
    pub fn new(what: impl Into<String>) -> Problem {
        Problem {
            what: what.into(),
            ..Problem::default()
        }
    }
}

/// Where job documents come from: the real API, or a script in tests.
pub trait JobSource: Send + Sync {
    /// Ask once about `job_id`, giving up after `timeout`.
    fn fetch(&self, job_id: &str, timeout: Duration) -> impl Future<Output = Reply> + Send;
}

/// Classify an HTTP answer. `what` names the answer for messages (`503 Service
/// Unavailable from host`).
pub fn classify(
    status: u16,
    body: &[u8],
    what: String,
    request_id: Option<String>,
    retry_after: Option<Duration>,
) -> Answer {
    let problem = |info: ErrorInfo| Problem {
        status: Some(status),
        what: what.clone(),
        info,
        request_id: request_id.clone(),
        retry_after,
        hint: None,
    };
    match status {
        200..=299 => match Body::parse(body) {
            Body::Job(doc) => Answer::Job(doc),
            Body::QueryError(info) => Answer::Transient(Problem {
                what: format!("{what}, but the job query failed"),
                ..problem(info)
            }),
            Body::NotAJob(reason) => Answer::Transient(Problem {
                what: format!("{what}, but not a job document: {reason}"),
                ..problem(ErrorInfo::default())
            }),
        },
        404 => Answer::NotFound(problem(ErrorInfo::from_body(body))),
        429 => Answer::Throttled(problem(ErrorInfo::from_body(body))),
        408 | 500 | 502..=504 | 506..=510 | 520..=599 => {
            Answer::Transient(problem(ErrorInfo::from_body(body)))
        }
        _ => Answer::Rejected(problem(ErrorInfo::from_body(body))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(status: u16, body: &str) -> &'static str {
        match classify(status, body.as_bytes(), format!("{status}"), None, None) {
            Answer::Job(_) => "job",
            Answer::Transient(_) => "transient",
            Answer::Throttled(_) => "throttled",
            Answer::NotFound(_) => "not found",
            Answer::Rejected(_) => "rejected",
        }
    }

    #[test]
    fn status_codes_are_classified_as_documented() {
        let job = r#"{"status":"RUNNING"}"#;
        let err = r#"{"error":{"code":"X","message":"m"}}"#;
        assert_eq!(kind(200, job), "job");
        assert_eq!(kind(200, err), "transient");
        assert_eq!(kind(200, "<html>proxy</html>"), "transient");
        assert_eq!(kind(200, r#"{"status":"RUNN"#), "transient");
        for s in [408, 500, 502, 503, 504] {
            assert_eq!(kind(s, err), "transient", "{s}");
        }
        assert_eq!(kind(429, err), "throttled");
        assert_eq!(kind(404, err), "not found");
        for s in [301, 400, 401, 403, 405, 409, 501] {
            assert_eq!(kind(s, err), "rejected", "{s}");
        }
    }

    #[test]
    fn problems_read_as_one_line() {
        let answer = classify(
            401,
            br#"{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information"}"#,
            "401 Unauthorized from ecs.eu-de.otc.t-systems.com".into(),
            Some("req-1".into()),
            None,
        );
        let Answer::Rejected(mut p) = answer else {
            panic!()
        };
        p.hint = Some("check the secret key".into());
        assert_eq!(
            p.to_string(),
            "401 Unauthorized from ecs.eu-de.otc.t-systems.com: APIGW.0301: Incorrect IAM authentication information (request id req-1) — check the secret key"
        );
    }

    #[test]
    fn a_200_query_error_keeps_the_api_message() {
        let Answer::Transient(p) = classify(
            200,
            br#"{"code":"Ecs.0114","message":"busy"}"#,
            "200 OK".into(),
            None,
            None,
        ) else {
            panic!()
        };
        assert_eq!(
            p.to_string(),
            "200 OK, but the job query failed: Ecs.0114: busy"
        );
    }
}
