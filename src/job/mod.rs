//! The job: what a job API said about one job, in one model whatever the API's shape.
//!
//! A [`Profile`] says where an API keeps each fact; [`read`] turns an answer into a
//! [`JobDoc`] with it, so the wait, the schedule, the reports and the CI outputs never see
//! a service's own shape. Every field is read leniently: a field of an unexpected shape
//! is absent rather than turning a perfectly good answer into "not a job document". A
//! bounded copy of the answer is kept for `--output json`.

pub mod builtin;
pub mod catalog;
mod fields;
mod kept;
mod pick;
pub mod profile;
mod read;
pub mod resource;
mod scan;
mod verdict;

use std::time::SystemTime;

use serde_json::Value;
use serde_json::value::RawValue;

pub use kept::KEPT_BYTES;
pub use profile::Profile;
pub use read::{read, read_for, read_scanned, scan_reader};

use crate::fault::ErrorInfo;
use crate::status::StatusClass;

/// A job document, read with its API's profile.
#[derive(Debug, Clone)]
pub struct JobDoc {
    /// As the API says it (several status fields shown as `FINISHED (SUCCEEDED)`).
    pub status: String,
    /// What the status means, by the profile's words and the user's.
    pub class: StatusClass,
    /// What people should know about the status (ECS `PENDING_PAYMENT`: "the order awaits
    /// payment"), from the profile.
    pub note: Option<String>,
    pub job_type: Option<String>,
    pub codes: Vec<String>,
    pub reasons: Vec<String>,
    pub sub_jobs: Vec<SubJob>,
    /// How many sub-jobs there are in all, when the API says.
    pub sub_jobs_total: Option<u32>,
    pub percent: Option<f64>,
    pub begin: Option<SystemTime>,
    /// When the job ended, on the server's clock, once the API says.
    pub end: Option<SystemTime>,
    /// Ids of what the job made or touched (`server_id=…`), its own and its sub-jobs'.
    pub ids: Vec<(String, String)>,
    /// What the job made, as the API describes it (`{}` when it does not).
    pub entities: Value,
    /// The answer itself, or a bounded copy of it when it was too large or too deep.
    pub raw: Box<RawValue>,
    /// Whether `raw` is a cut-down copy.
    pub cut: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SubJob {
    pub id: Option<String>,
    pub job_type: Option<String>,
    pub status: Option<String>,
    pub class: Option<StatusClass>,
    pub codes: Vec<String>,
    pub reasons: Vec<String>,
    pub end: Option<SystemTime>,
}

/// What a 2xx body turned out to be.
#[derive(Debug, Clone)]
pub enum Body {
    Job(Box<JobDoc>),
    /// A body with an error code or message and no status: the job query itself failed.
    QueryError(ErrorInfo),
    /// Anything else (a proxy's HTML page, truncated JSON, `[]`): said why, briefly.
    NotAJob(String),
    /// A document with no status where the profile says: where it looked, and the keys
    /// the document has (two levels), for the user to find the right pointer.
    NoStatus {
        at: String,
        keys: String,
    },
    /// A document about another job: said which.
    OtherJob(String),
    /// A list of jobs without this one: said briefly.
    NotListed(String),
    /// A resource's answer that says it is gone (an empty list where the profile says
    /// so): how, briefly.
    Gone(String),
}

/// One failure detail, from the job itself or one of its sub-jobs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureDetail {
    /// `None` for the job itself.
    pub sub_job_id: Option<String>,
    pub job_type: Option<String>,
    pub codes: Vec<String>,
    pub reasons: Vec<String>,
}

/// How far a running job has come, as the API tells it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Progress {
    SubJobs {
        done: u32,
        total: u32,
        /// When the latest finished sub-job ended (server clock), if the API says.
        last_end: Option<SystemTime>,
    },
    Percent(f64),
}

impl Progress {
    /// Fraction done, in `0.0..=1.0`.
    pub fn fraction(&self) -> f64 {
        match *self {
            Progress::SubJobs { done, total, .. } => f64::from(done) / f64::from(total.max(1)),
            Progress::Percent(p) => (p / 100.0).clamp(0.0, 1.0),
        }
    }
}

impl JobDoc {
    /// The job's own failure text and codes, then each failed sub-job's; empty when the
    /// API gave no detail at all.
    pub fn failure_details(&self) -> Vec<FailureDetail> {
        let mut out = Vec::new();
        if !self.codes.is_empty() || !self.reasons.is_empty() {
            out.push(FailureDetail {
                sub_job_id: None,
                job_type: self.job_type.clone(),
                codes: self.codes.clone(),
                reasons: self.reasons.clone(),
            });
        }
        for sub in &self.sub_jobs {
            let said_something = !sub.codes.is_empty() || !sub.reasons.is_empty();
            let failed = match sub.class {
                Some(StatusClass::Failure) => true,
                Some(StatusClass::Success) => false,
                _ => said_something,
            };
            if failed {
                out.push(FailureDetail {
                    sub_job_id: Some(sub.id.clone().unwrap_or_else(|| "?".into())),
                    job_type: sub.job_type.clone(),
                    codes: sub.codes.clone(),
                    reasons: sub.reasons.clone(),
                });
            }
        }
        out
    }

    /// Progress from sub-job counts, else from a percentage.
    pub fn progress(&self) -> Option<Progress> {
        let listed = u32::try_from(self.sub_jobs.len()).unwrap_or(u32::MAX);
        let total = listed.max(self.sub_jobs_total.unwrap_or(0));
        if total > 0 {
            let finished = self
                .sub_jobs
                .iter()
                .filter(|s| matches!(s.class, Some(StatusClass::Success | StatusClass::Failure)));
            let mut done = 0;
            let mut last_end = None;
            for sub in finished {
                done += 1;
                last_end = last_end.max(sub.end);
            }
            return Some(Progress::SubJobs {
                done,
                total,
                last_end,
            });
        }
        self.percent
            .filter(|p| p.is_finite())
            .map(Progress::Percent)
    }

    /// Ids of what the job made or touched (`server_id=…`).
    pub fn entity_ids(&self) -> &[(String, String)] {
        &self.ids
    }

    /// When the job began, on the server's clock.
    pub fn begin(&self) -> Option<SystemTime> {
        self.begin
    }

    /// How long the job itself ran, when the API says when it began and ended: not how
    /// long anyone waited for it.
    pub fn ran(&self) -> Option<std::time::Duration> {
        self.end?.duration_since(self.begin?).ok()
    }

    /// `entities` as the API sent it, for CI outputs.
    pub fn entities_json(&self) -> &Value {
        &self.entities
    }

    /// The error codes, one line: `Ecs.0039`, or several separated by `; `.
    pub fn error_code(&self) -> Option<String> {
        (!self.codes.is_empty()).then(|| self.codes.join("; "))
    }

    /// The failure text, one line: several separated by ` — `.
    pub fn fail_reason(&self) -> Option<String> {
        (!self.reasons.is_empty()).then(|| self.reasons.join(" — "))
    }
}

#[cfg(test)]
mod builtin_tests;
#[cfg(test)]
mod tests;
