//! The one reader: any answer, with its API's profile, into a [`JobDoc`].
//!
//! What a server sends is bounded before it is trusted: a body with more structure than
//! any job document is refused unparsed, subtrees nested too deep are cut before parsing,
//! invalid UTF-8 becomes replacement characters (a FAIL with a mangled reason is still a
//! FAIL), a duplicated key counts once (the last, as most parsers read it), and only a
//! bounded copy of the document is kept for the result.

use std::collections::HashSet;

use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::{Body, JobDoc, Profile, SubJob};
use crate::fault::ErrorInfo;
use crate::json_limits::{cap_depth, too_much_structure};
use crate::status::StatusClass;
use crate::time::parse_time;

/// The most of a document kept for the result, per job.
pub const KEPT_BYTES: usize = 256 * 1024;
/// Strings longer than this are shortened in a copy that had to be cut.
const KEPT_STRING: usize = 1024;
/// Arrays longer than this keep their first items in a copy that had to be cut.
const KEPT_ITEMS: usize = 100;

/// Read a 2xx body as a job document of `profile`'s API.
pub fn read(profile: &Profile, bytes: &[u8]) -> Body {
    if too_much_structure(bytes) {
        return Body::NotAJob("the body holds more JSON than any job document".into());
    }
    let text = String::from_utf8_lossy(bytes);
    let capped = cap_depth(&text);
    let too_deep = matches!(capped, std::borrow::Cow::Owned(_));
    let value: Value = match serde_json::from_str(&capped) {
        Ok(value) => value,
        Err(e) => return Body::NotAJob(not_json_reason(bytes, &e)),
    };
    if !value.is_object() {
        return Body::NotAJob("the body is JSON but not an object".into());
    }
    let Some((job, status, class)) = the_job(profile, &value) else {
        let info = ErrorInfo::from_value(&value);
        return if info.code.is_some() || info.message.is_some() {
            Body::QueryError(info)
        } else {
            Body::NotAJob(format!(
                "the body has no status at \"{}\"",
                profile.status_at()
            ))
        };
    };
    let mut doc = document(profile, job, status, class);
    let (raw, cut) = bounded(&value);
    doc.raw = raw;
    doc.cut = cut || too_deep;
    Body::Job(Box::new(doc))
}

/// The job's own object in the answer (the answer itself, or its list's element), with
/// its status and what that means.
fn the_job<'a>(profile: &Profile, value: &'a Value) -> Option<(&'a Value, String, StatusClass)> {
    let job = match &profile.list {
        Some(list) => value.pointer(list)?.as_array()?.first()?,
        None => value,
    };
    let (status, class) = status(profile, job)?;
    Some((job, status, class))
}

fn document(profile: &Profile, value: &Value, status: String, class: StatusClass) -> JobDoc {
    let sub_jobs = sub_jobs(profile, value);
    let mut reasons = texts(value, &profile.reasons);
    let failed_parts = profile
        .failed_count
        .as_deref()
        .and_then(|p| value.pointer(p))
        .and_then(number)
        .filter(|n| *n > 0.0);
    let class = match (class, failed_parts) {
        (StatusClass::Success, Some(n)) => {
            reasons.push(format!("{n} part(s) failed"));
            StatusClass::Failure
        }
        (class, _) => class,
    };
    JobDoc {
        note: profile.status.words.note(&status).map(String::from),
        status,
        class,
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

/// The status shown and what it means. Several status fields must all agree before a
/// job counts as done; any failure fails it, and a word nobody knows is never guessed at.
fn status(profile: &Profile, value: &Value) -> Option<(String, StatusClass)> {
    let main = word(value.pointer(&profile.status.at)?)?;
    let mut classes = vec![profile.status.words.classify(&main)];
    let mut others = Vec::new();
    for field in &profile.and {
        let Some(w) = value.pointer(&field.at).and_then(word) else {
            continue;
        };
        classes.push(field.words.classify(&w));
        if !w.eq_ignore_ascii_case(&main) {
            others.push(w);
        }
    }
    let class = [
        StatusClass::Failure,
        StatusClass::Unknown,
        StatusClass::Pending,
    ]
    .into_iter()
    .find(|c| classes.contains(c))
    .unwrap_or(StatusClass::Success);
    let shown = if others.is_empty() {
        main
    } else {
        format!("{main} ({})", others.join(", "))
    };
    Some((shown, class))
}

/// A status word: text as it is (even empty: a status nobody knows), a number as its
/// digits (BSS sends integers), anything else as compact JSON, which no status set holds.
/// Only null is no status at all.
fn word(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(shorten_json(other)),
    }
}

/// A field shown to people: text as it is, numbers and booleans as text, empty and null
/// as absent, anything else as compact JSON.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.clone()),
        other => Some(shorten_json(other)),
    }
}

fn shorten_json(value: &Value) -> String {
    cut(&value.to_string())
}

/// `text` cut to [`KEPT_STRING`] characters, secrets masked first (a secret across the cut
/// would leave its start behind). Only a prefix long enough to hold any credential is
/// looked at, so a 15 MiB string costs no 15 MiB copy.
fn cut(text: &str) -> String {
    let end = text
        .char_indices()
        .nth(KEPT_STRING + 64 * 1024)
        .map_or(text.len(), |(i, _)| i);
    crate::sanitize::shorten(&text[..end], KEPT_STRING)
}

fn text_at(value: &Value, pointer: Option<&str>) -> Option<String> {
    value.pointer(pointer?).and_then(text)
}

/// Every text at `pointers`, each once.
fn texts(value: &Value, pointers: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for found in pointers
        .iter()
        .filter_map(|p| value.pointer(p).and_then(text))
    {
        if !out.contains(&found) {
            out.push(found);
        }
    }
    out
}

/// A number as services send them: `60`, `0.5`, `"60"`, `"9%"`, `"60% "`.
fn number(value: &Value) -> Option<f64> {
    let n = match value {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().trim_end_matches('%').trim().parse().ok()?,
        _ => return None,
    };
    n.is_finite().then_some(n)
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

/// The document as it came, or a copy cut down to [`KEPT_BYTES`] (long strings and long
/// arrays shortened, and if that is not enough, a note in its place), and whether it was
/// cut.
fn bounded(value: &Value) -> (Box<RawValue>, bool) {
    if let Some(whole) = serialized_within(value, KEPT_BYTES) {
        return (raw(whole), false);
    }
    let smaller = shrunk(value);
    if let Some(text) = serialized_within(&smaller, KEPT_BYTES) {
        return (raw(text), true);
    }
    let note = serde_json::json!({
        "jobwait": format!("the document was larger than {} KiB even cut down", KEPT_BYTES / 1024)
    });
    (raw(note.to_string()), true)
}

/// `value` as JSON text, unless that is longer than `limit`: then `None`, found without
/// writing more than `limit` bytes (a copy of a 15 MiB document is what this avoids).
fn serialized_within(value: &Value, limit: usize) -> Option<String> {
    struct Bounded(Vec<u8>, usize);
    impl std::io::Write for Bounded {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.0.len() + buf.len() > self.1 {
                return Err(std::io::Error::other("over the limit"));
            }
            self.0.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut out = Bounded(Vec::new(), limit);
    serde_json::to_writer(&mut out, value).ok()?;
    String::from_utf8(out.0).ok()
}

fn raw(json: String) -> Box<RawValue> {
    RawValue::from_string(json).unwrap_or_else(|_| RawValue::from_string("null".into()).unwrap())
}

/// A copy of `value` with long strings and arrays shortened, however deep (the depth is
/// bounded before parsing), made without copying what it leaves out.
fn shrunk(value: &Value) -> Value {
    match value {
        Value::String(s) if s.len() > KEPT_STRING => Value::String(cut(s)),
        Value::Array(items) => {
            let mut kept: Vec<Value> = items.iter().take(KEPT_ITEMS).map(shrunk).collect();
            if items.len() > KEPT_ITEMS {
                kept.push(Value::String(format!(
                    "[jobwait: {} more items cut]",
                    items.len() - KEPT_ITEMS
                )));
            }
            Value::Array(kept)
        }
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), shrunk(v))).collect())
        }
        other => other.clone(),
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
