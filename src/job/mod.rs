//! The job document: what `GET /v1/{project_id}/jobs/{job_id}` answers.
//!
//! Services disagree on details (ECS nests sub-jobs under `entities`, IMS calls them
//! `sub_jobs_result`, some send numbers where others send strings), so every documented
//! field is parsed leniently: a field of an unexpected shape becomes `None` instead of
//! turning a perfectly good answer into "not a job document". The body itself is kept
//! verbatim in [`JobDoc::raw`] so `--output json` can hand it on exactly as sent.

use std::collections::HashSet;
use std::time::SystemTime;

use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::json_limits::too_much_structure;
use crate::transport::error_body::ErrorInfo;

/// A parsed job document.
#[derive(Debug, Clone)]
pub struct JobDoc {
    pub status: String,
    pub job_id: Option<String>,
    pub job_type: Option<String>,
    pub begin_time: Option<String>,
    pub end_time: Option<String>,
    pub error_code: Option<String>,
    pub fail_reason: Option<String>,
    pub entities: Entities,
    /// Sub-jobs some services put at the top level instead of under `entities`.
    pub sub_jobs: Vec<SubJob>,
    /// The body exactly as the API sent it, unknown fields and all.
    pub raw: Box<RawValue>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Entities {
    #[serde(default, deserialize_with = "lenient")]
    pub sub_jobs: Option<Vec<SubJob>>,
    /// IMS's name for the sub-job list.
    #[serde(default, deserialize_with = "lenient")]
    pub sub_jobs_result: Option<Vec<SubJob>>,
    #[serde(default, deserialize_with = "lenient_number")]
    pub sub_jobs_total: Option<f64>,
    #[serde(default, deserialize_with = "lenient_text")]
    pub errorcode_message: Option<String>,
    #[serde(default, deserialize_with = "lenient_number")]
    pub process_percent: Option<f64>,
    /// Everything else: `server_id`, `volume_id`, `image_id`, …
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct SubJob {
    #[serde(default, deserialize_with = "lenient_text")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    pub job_id: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    pub job_type: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    pub begin_time: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    pub end_time: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    pub error_code: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    pub fail_reason: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub entities: Option<SubEntities>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct SubEntities {
    #[serde(default, deserialize_with = "lenient_text")]
    pub errorcode_message: Option<String>,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// The wire shape of the top level; `status` stays a raw value so a missing status (an
/// error body) can be told from an odd one (a status nobody knows).
#[derive(Deserialize)]
struct Wire {
    #[serde(default)]
    status: Option<Value>,
    #[serde(default, deserialize_with = "lenient_text")]
    job_id: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    job_type: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    begin_time: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    end_time: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    error_code: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    fail_reason: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    entities: Option<Entities>,
    #[serde(default, deserialize_with = "lenient")]
    sub_jobs: Option<Vec<SubJob>>,
    #[serde(default, deserialize_with = "lenient_number")]
    process_percent: Option<f64>,
}

/// What a 200 body turned out to be.
#[derive(Debug, Clone)]
pub enum Body {
    Job(Box<JobDoc>),
    /// A body with `code`/`message` and no `status`: the job query itself failed.
    QueryError(ErrorInfo),
    /// Anything else (a proxy's HTML page, truncated JSON, `[]`): said why, briefly.
    NotAJob(String),
}

impl Body {
    pub fn parse(bytes: &[u8]) -> Body {
        if too_much_structure(bytes) {
            return Body::NotAJob("the body holds more JSON than any job document".into());
        }
        let raw: Box<RawValue> = match serde_json::from_slice(bytes) {
            Ok(raw) => raw,
            Err(e) => return Body::NotAJob(not_json_reason(bytes, &e)),
        };
        // serde would happily read a struct from an array; a job document is an object.
        if !raw.get().trim_start().starts_with('{') {
            return Body::NotAJob("the body is JSON but not an object".into());
        }
        let wire: Wire = match serde_json::from_str(raw.get()) {
            Ok(wire) => wire,
            Err(_) => return Body::NotAJob("the body is JSON but not an object".into()),
        };
        let status = match wire.status {
            Some(Value::String(s)) => s,
            Some(Value::Null) | None => {
                let info = ErrorInfo::from_json_text(raw.get());
                return if info.code.is_some() || info.message.is_some() {
                    Body::QueryError(info)
                } else {
                    Body::NotAJob("the body has no \"status\" field".into())
                };
            }
            // A status of an odd type is still the API's statement about the job: let it
            // reach the status sets, which will call it unexpected.
            Some(other) => other.to_string(),
        };
        let mut entities = wire.entities.unwrap_or_default();
        if entities.process_percent.is_none() {
            entities.process_percent = wire.process_percent;
        }
        Body::Job(Box::new(JobDoc {
            status,
            job_id: wire.job_id,
            job_type: wire.job_type,
            begin_time: wire.begin_time,
            end_time: wire.end_time,
            error_code: wire.error_code,
            fail_reason: wire.fail_reason,
            entities,
            sub_jobs: wire.sub_jobs.unwrap_or_default(),
            raw,
        }))
    }
}

fn not_json_reason(bytes: &[u8], e: &serde_json::Error) -> String {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(64)]).to_ascii_lowercase();
    if bytes.iter().all(u8::is_ascii_whitespace) {
        "the body is empty".into()
    } else if head.trim_start().starts_with('<') {
        "the body is HTML, not JSON (a proxy or gateway page?)".into()
    } else if e.is_eof() {
        "the body is truncated JSON".into()
    } else {
        "the body is not JSON".into()
    }
}

/// One failure detail, from the job itself or one of its sub-jobs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureDetail {
    /// `None` for the job itself.
    pub sub_job_id: Option<String>,
    pub job_type: Option<String>,
    pub error_code: Option<String>,
    pub fail_reason: Option<String>,
    pub message: Option<String>,
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
    /// Every sub-job the document mentions, wherever the service put it.
    pub fn all_sub_jobs(&self) -> impl Iterator<Item = &SubJob> {
        let e = &self.entities;
        e.sub_jobs
            .iter()
            .flatten()
            .chain(e.sub_jobs_result.iter().flatten())
            .chain(self.sub_jobs.iter())
    }

    /// The job's own failure fields, then each failed sub-job's; empty when the API gave
    /// no detail at all.
    pub fn failure_details(&self) -> Vec<FailureDetail> {
        let mut out = Vec::new();
        if self.error_code.is_some()
            || self.fail_reason.is_some()
            || self.entities.errorcode_message.is_some()
        {
            out.push(FailureDetail {
                sub_job_id: None,
                job_type: self.job_type.clone(),
                error_code: self.error_code.clone(),
                fail_reason: self.fail_reason.clone(),
                message: self.entities.errorcode_message.clone(),
            });
        }
        for sub in self.all_sub_jobs() {
            let message = sub
                .entities
                .as_ref()
                .and_then(|e| e.errorcode_message.clone());
            let failed = sub.status.as_deref().is_some_and(is_failure_word);
            if failed || sub.error_code.is_some() || sub.fail_reason.is_some() || message.is_some()
            {
                out.push(FailureDetail {
                    sub_job_id: Some(sub.job_id.clone().unwrap_or_else(|| "?".into())),
                    job_type: sub.job_type.clone(),
                    error_code: sub.error_code.clone(),
                    fail_reason: sub.fail_reason.clone(),
                    message,
                });
            }
        }
        out
    }

    /// Progress from sub-job counts, else from `process_percent`.
    pub fn progress(&self) -> Option<Progress> {
        let subs: Vec<&SubJob> = self.all_sub_jobs().collect();
        let listed = u32::try_from(subs.len()).unwrap_or(u32::MAX);
        let declared = self
            .entities
            .sub_jobs_total
            .filter(|n| n.is_finite() && *n >= 1.0 && *n <= f64::from(u32::MAX))
            .map(|n| n as u32)
            .unwrap_or(0);
        let total = listed.max(declared);
        if total > 0 {
            let finished = subs.iter().filter(|s| {
                s.status
                    .as_deref()
                    .is_some_and(|st| is_failure_word(st) || st.eq_ignore_ascii_case("SUCCESS"))
            });
            let mut done = 0;
            let mut last_end = None;
            for sub in finished {
                done += 1;
                let end = sub
                    .end_time
                    .as_deref()
                    .and_then(crate::time::parse_timestamp);
                last_end = last_end.max(end);
            }
            return Some(Progress::SubJobs {
                done,
                total,
                last_end,
            });
        }
        self.entities
            .process_percent
            .filter(|p| p.is_finite())
            .map(Progress::Percent)
    }

    /// Ids of what the job made or touched (`server_id=…`), its own and its sub-jobs'.
    pub fn entity_ids(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        // A set besides the list: a batch job can name thousands of ids, and checking
        // each against the list made that quadratic (23 s for a 2 MB body).
        let mut seen: HashSet<(String, String)> = HashSet::new();
        let sub_maps = self
            .all_sub_jobs()
            .filter_map(|s| s.entities.as_ref())
            .map(|e| &e.other);
        for map in std::iter::once(&self.entities.other).chain(sub_maps) {
            for (key, value) in map {
                if !(key.ends_with("_id") || key.ends_with("_ids")) {
                    continue;
                }
                let text = match value {
                    Value::String(s) if !s.is_empty() => s.clone(),
                    Value::Number(n) => n.to_string(),
                    Value::Array(items) if !items.is_empty() => {
                        Value::Array(items.clone()).to_string()
                    }
                    _ => continue,
                };
                let pair = (key.clone(), text);
                if seen.insert(pair.clone()) {
                    out.push(pair);
                }
            }
        }
        out
    }

    /// When the job began, on the server's clock.
    pub fn begin(&self) -> Option<SystemTime> {
        self.begin_time
            .as_deref()
            .and_then(crate::time::parse_timestamp)
    }

    /// `entities` as the API sent it, for CI outputs.
    pub fn entities_json(&self) -> Value {
        serde_json::from_str::<Value>(self.raw.get())
            .ok()
            .and_then(|mut v| v.get_mut("entities").map(Value::take))
            .unwrap_or(Value::Object(Map::new()))
    }
}

fn is_failure_word(status: &str) -> bool {
    status.eq_ignore_ascii_case("FAIL") || status.eq_ignore_ascii_case("FAILED")
}

/// Deserialize a field, or `None` when it has an unexpected shape.
fn lenient<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Option<T>, D::Error> {
    let value = Value::deserialize(d)?;
    Ok(T::deserialize(value).ok())
}

/// A field shown to people: strings as they are, numbers and booleans as text, empty and
/// null as absent, anything else as compact JSON.
fn lenient_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s),
        other => Some(other.to_string()),
    })
}

/// A number that some services send as a string (`"50"`, `"50%"`).
fn lenient_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().trim_end_matches('%').trim().parse().ok(),
        _ => None,
    })
}

#[cfg(test)]
mod tests;
