//! The bounded copy of an answer kept for `--output json`: the document as it came, or
//! cut down to [`KEPT_BYTES`] without ever copying what it leaves out.

use serde_json::Value;
use serde_json::value::RawValue;

use super::fields::{KEPT_STRING, cut};

/// The most of a document kept for the result, per job.
pub const KEPT_BYTES: usize = 256 * 1024;
/// Arrays longer than this keep their first items in a copy that had to be cut.
const KEPT_ITEMS: usize = 100;

/// The document as it came, or a copy cut down to [`KEPT_BYTES`] (long strings and long
/// arrays shortened, and if that is not enough, a note in its place), and whether it was
/// cut.
pub(super) fn bounded(value: &Value) -> (Box<RawValue>, bool) {
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

pub(super) fn raw(json: String) -> Box<RawValue> {
    RawValue::from_string(json).unwrap_or_else(|_| RawValue::from_string("null".into()).unwrap())
}

/// A copy of `value` with long strings and arrays shortened, however deep (the depth is
/// bounded before parsing), made without copying what it leaves out.
pub(super) fn shrunk(value: &Value) -> Value {
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
