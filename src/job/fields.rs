//! Reading one field of an answer the way people and status sets need it: a status word,
//! a text to show (cut, secrets masked), a number as services write them. Lenient by
//! design: a field of an unexpected shape is absent, never an error.

use serde_json::Value;

/// Strings longer than this are shortened in what is kept or shown.
pub(super) const KEPT_STRING: usize = 1024;

/// A status word: text as it is (even empty: a status nobody knows), a number as its
/// digits (BSS sends integers), anything else as compact JSON, which no status set holds.
/// Only null is no status at all.
pub(super) fn word(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(shorten_json(other)),
    }
}

/// A field shown to people: text as it is, numbers and booleans as text, empty and null
/// as absent, anything else as compact JSON.
pub(super) fn text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.clone()),
        other => Some(shorten_json(other)),
    }
}

pub(super) fn shorten_json(value: &Value) -> String {
    cut(&value.to_string())
}

/// `text` cut to [`KEPT_STRING`] characters, secrets masked first (a secret across the cut
/// would leave its start behind). Only a prefix long enough to hold any credential is
/// looked at, so a 15 MiB string costs no 15 MiB copy.
pub(super) fn cut(text: &str) -> String {
    let end = text
        .char_indices()
        .nth(KEPT_STRING + 64 * 1024)
        .map_or(text.len(), |(i, _)| i);
    crate::sanitize::shorten(&text[..end], KEPT_STRING)
}

pub(super) fn text_at(value: &Value, pointer: Option<&str>) -> Option<String> {
    value.pointer(pointer?).and_then(text)
}

/// Every text at `pointers`, each once.
pub(super) fn texts(value: &Value, pointers: &[String]) -> Vec<String> {
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
pub(super) fn number(value: &Value) -> Option<f64> {
    let n = match value {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().trim_end_matches('%').trim().parse().ok()?,
        _ => return None,
    };
    n.is_finite().then_some(n)
}
