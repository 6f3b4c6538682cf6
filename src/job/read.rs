//! The one reader: any answer, with its API's profile, into a [`JobDoc`].
//!
//! What a server sends is bounded before it is trusted: a body with more structure than
//! any job document is never parsed into values but read in passing for the fields the
//! profile names ([`super::scan`]: a huge FAIL is still a failure), subtrees nested too
//! deep are cut before parsing,
//! invalid UTF-8 becomes replacement characters (a FAIL with a mangled reason is still a
//! FAIL), a duplicated key counts once (the last, as most parsers read it), and only a
//! bounded copy of the document is kept for the result.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::fields::{number, shorten_json, text_at, texts};
use super::kept::{bounded, raw, shrunk};
use super::pick::{Picked, pick};
pub use super::scan::scan_reader;
use super::scan::{MORE_ITEMS, Wanted, scan};
use super::{Body, JobDoc, Profile, SubJob};
use super::{resource, verdict};
use crate::fault::ErrorInfo;
use crate::json_limits::{cap_depth, too_much_structure};
use crate::time::parse_time;

/// Read a 2xx body as a job document of `profile`'s API, without matching it to a job.
pub fn read(profile: &Profile, bytes: &[u8]) -> Body {
    read_for(profile, None, bytes)
}

/// Read a 2xx body as the document of job `job_id` (when given): an answer about another
/// job, or a list without this one, is not this job's document.
pub fn read_for(profile: &Profile, job_id: Option<&str>, bytes: &[u8]) -> Body {
    match parse(profile, bytes) {
        Ok((value, parsed)) => from_value(profile, job_id, &value, parsed),
        Err(why) => Body::NotAJob(why),
    }
}

/// Read what [`scan_reader`] kept of an answer too large to hold.
pub fn read_scanned(profile: &Profile, job_id: Option<&str>, value: &Value) -> Body {
    from_value(profile, job_id, value, Parsed::Scanned)
}

fn from_value(profile: &Profile, job_id: Option<&str>, value: &Value, parsed: Parsed) -> Body {
    if !value.is_object() {
        return Body::NotAJob("the body is JSON but not an object".into());
    }
    let said = match pick(profile, value, job_id) {
        Picked::Job(job) => verdict::status(profile, job)
            .or_else(|| resource::empty_status(profile, job, job_id))
            .map(|said| (job, resource::busy(profile, job, said))),
        Picked::OtherJob(why) => return Body::OtherJob(why),
        Picked::NotListed(why) => {
            return resource::empty_list(profile, value).map_or(Body::NotListed(why), Body::Gone);
        }
        Picked::NoList => None,
    };
    let Some((job, said)) = said else {
        let info = ErrorInfo::from_value(value);
        return match (info.code.is_some() || info.message.is_some(), parsed) {
            (true, _) => Body::QueryError(info),
            (false, Parsed::Scanned) => Body::NotAJob(format!(
                "the body is too large to read whole, and has no status at {}",
                profile.status_at()
            )),
            (false, _) => Body::NoStatus {
                at: profile.status_at(),
                keys: keys(value),
            },
        };
    };
    let mut doc = document(profile, job, said);
    let (raw, cut) = match parsed {
        Parsed::Scanned => (raw(scanned_note()), true),
        Parsed::Whole { too_deep } => {
            let (raw, cut) = bounded(value);
            (raw, cut || too_deep)
        }
    };
    doc.raw = raw;
    doc.cut = cut;
    Body::Job(Box::new(doc))
}

/// How a body was read.
#[derive(Clone, Copy)]
enum Parsed {
    /// Parsed whole (subtrees deeper than the limit cut first).
    Whole { too_deep: bool },
    /// Too much structure to parse: only the profile's fields, read in passing.
    Scanned,
}

/// The body as a value: parsed whole, or, when it holds more structure than any job
/// document, only the parts the profile reads ([`super::scan`]). Invalid UTF-8 becomes
/// replacement characters either way.
fn parse(profile: &Profile, bytes: &[u8]) -> Result<(Value, Parsed), String> {
    let text = String::from_utf8_lossy(bytes);
    if too_much_structure(bytes) {
        return match scan(text.as_bytes(), &Wanted::of(profile)) {
            Some(value) => Ok((value, Parsed::Scanned)),
            None => {
                Err("the body holds more JSON than any job document, and is not valid JSON".into())
            }
        };
    }
    let capped = cap_depth(&text);
    let too_deep = matches!(capped, std::borrow::Cow::Owned(_));
    match serde_json::from_str(&capped) {
        Ok(value) => Ok((value, Parsed::Whole { too_deep })),
        Err(e) => Err(not_json_reason(bytes, &e)),
    }
}

/// What `--output json` keeps of an answer read in passing.
fn scanned_note() -> String {
    serde_json::json!({
        "jobwait": "the answer held more JSON than any job document; only the fields the profile reads were kept"
    })
    .to_string()
}

/// The keys an answer has, two levels deep (`job.id`, `job.status`, `request_id`), for a
/// message about a status pointer that matches nothing. Server text: cleaned and cut.
fn keys(value: &Value) -> String {
    let Some(top) = value.as_object() else {
        return String::new();
    };
    let key = |k: &str| crate::sanitize::clean(&crate::sanitize::shorten(k, 40));
    let mut out = Vec::new();
    for (k, v) in top.iter().take(20) {
        match v.as_object().filter(|m| !m.is_empty()) {
            Some(inner) => {
                let more = if inner.len() > 8 { ", …" } else { "" };
                let names: Vec<String> = inner.keys().take(8).map(|i| key(i)).collect();
                out.push(format!("{}{{{}{more}}}", key(k), names.join(", ")));
            }
            None => out.push(key(k)),
        }
    }
    if top.len() > 20 {
        out.push("…".into());
    }
    out.join(", ")
}

fn document(profile: &Profile, value: &Value, said: verdict::Said) -> JobDoc {
    let sub_jobs = sub_jobs(profile, value);
    let said = verdict::with_parts(
        profile,
        value,
        &sub_jobs,
        sub_jobs_cut(profile, value),
        said,
    );
    let mut reasons = texts(value, &profile.reasons);
    reasons.extend(said.reasons);
    JobDoc {
        note: said.note,
        status: said.status,
        class: said.class,
        job_type: text_at(value, profile.job_type.as_deref()),
        codes: texts(value, &profile.codes),
        reasons,
        sub_jobs_total: profile
            .sub_jobs
            .as_ref()
            .and_then(|s| s.total.as_deref())
            .and_then(|p| value.pointer(p))
            .and_then(number)
            .filter(|n| *n >= 1.0 && *n <= f64::from(u32::MAX))
            .map(|n| n as u32),
        percent: profile
            .progress
            .iter()
            .find_map(|p| value.pointer(p).and_then(number)),
        begin: profile
            .begin
            .as_deref()
            .and_then(|p| value.pointer(p))
            .and_then(parse_time),
        end: profile
            .end
            .as_deref()
            .and_then(|p| value.pointer(p))
            .and_then(parse_time),
        ids: ids(profile, value),
        entities: profile
            .entities
            .as_deref()
            .and_then(|p| value.pointer(p))
            .filter(|v| v.is_object())
            .map(shrunk)
            .unwrap_or_else(|| Value::Object(Map::new())),
        sub_jobs,
        raw: raw("null".into()),
        cut: false,
    }
}

/// Whether a list of sub-jobs was too long to keep whole (read in passing).
fn sub_jobs_cut(profile: &Profile, value: &Value) -> bool {
    let Some(shape) = &profile.sub_jobs else {
        return false;
    };
    (shape.at.iter())
        .filter_map(|p| value.pointer(p).and_then(Value::as_array))
        .any(|items| items.last().is_some_and(|last| last == MORE_ITEMS))
}

fn sub_jobs(profile: &Profile, value: &Value) -> Vec<SubJob> {
    let Some(shape) = &profile.sub_jobs else {
        return Vec::new();
    };
    let words = shape.words.as_ref().unwrap_or(&profile.status.words);
    let items = shape
        .at
        .iter()
        .filter_map(|p| value.pointer(p).and_then(Value::as_array))
        .flatten()
        .filter(|item| item.is_object());
    items
        .map(|item| {
            let status = text_at(item, shape.status.as_deref());
            SubJob {
                id: text_at(item, shape.id.as_deref()),
                job_type: text_at(item, shape.job_type.as_deref()),
                class: status.as_deref().map(|s| words.classify(s)),
                status,
                codes: texts(item, &shape.codes),
                reasons: texts(item, &shape.reasons),
                end: shape
                    .end
                    .as_deref()
                    .and_then(|p| item.pointer(p))
                    .and_then(parse_time),
            }
        })
        .collect()
}

/// Labelled ids, then every `*_id` or `*_ids` of the job's and its sub-jobs' entities,
/// each pair once. A set beside the list: a batch job can name thousands of ids, and
/// checking each against the list made that quadratic (23 s for a 2 MB body).
fn ids(profile: &Profile, value: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut add = |key: &str, value: &Value| {
        let text = match value {
            Value::String(s) if !s.is_empty() => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Array(items) if !items.is_empty() => shorten_json(value),
            _ => return,
        };
        let pair = (key.to_string(), text);
        if seen.insert(pair.clone()) {
            out.push(pair);
        }
    };
    for (label, pointer) in &profile.ids {
        if let Some(v) = value.pointer(pointer) {
            add(label, v);
        }
    }
    let own = profile.entities.as_deref().and_then(|p| value.pointer(p));
    let subs = profile.sub_jobs.iter().flat_map(|shape| {
        shape
            .at
            .iter()
            .filter_map(|p| value.pointer(p).and_then(Value::as_array))
            .flatten()
            .filter_map(|sub| sub.pointer(shape.entities.as_deref()?))
    });
    for map in own.into_iter().chain(subs).filter_map(Value::as_object) {
        for (key, v) in map {
            if key.ends_with("_id") || key.ends_with("_ids") {
                add(key, v);
            }
        }
    }
    out
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
