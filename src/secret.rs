//! A string that must never be shown: tokens, secret keys, passwords.
//!
//! `Debug` and `Display` both redact, so no `{:?}`, panic message or error chain can leak
//! the value by accident. The only way to the text is [`Secret::expose`], which is
//! greppable and used solely where a request is built.
//!
//! The type guards our own code; [`redact`] guards against the server's. A gateway or
//! proxy that echoes a request back in an error page, or a job document that quotes a
//! header, would otherwise put a credential into the log. Every secret registers itself
//! when it is made, and every output path masks what is registered, the way a CI runner
//! masks its secrets.

use std::fmt;
use std::sync::{Mutex, PoisonError};

/// Shorter values are not masked: replacing every `abc` in the output would garble it and
/// hide nothing worth hiding.
const MIN_MASKED: usize = 6;

/// What replaces a secret in output.
pub const MASK: &str = "***";

static KNOWN: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn register(value: &str) {
    if value.chars().count() < MIN_MASKED {
        return;
    }
    let mut known = KNOWN.lock().unwrap_or_else(PoisonError::into_inner);
    if !known.iter().any(|k| k == value) {
        known.push(value.to_string());
        // Longest first, so a secret that contains another is masked whole.
        known.sort_by_key(|k| std::cmp::Reverse(k.len()));
    }
}

/// `text` with every registered secret replaced by [`MASK`].
pub fn redact(text: &str) -> String {
    let known = KNOWN.lock().unwrap_or_else(PoisonError::into_inner);
    let mut out = text.to_string();
    for secret in known.iter() {
        if out.contains(secret.as_str()) {
            out = out.replace(secret.as_str(), MASK);
        }
    }
    out
}

#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wrap `value`, and register it so that [`redact`] masks it in every output.
    pub fn new(value: impl Into<String>) -> Self {
        let value = value.into();
        register(&value);
        Secret(value)
    }

    /// The raw value, for building a request header or signature and nothing else.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting_never_shows_the_value() {
        let s = Secret::new("hunter2-very-secret");
        assert_eq!(format!("{s}"), "***");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(format!("{:?}", Some(&s)), "Some(Secret(***))");
        assert_eq!(s.expose(), "hunter2-very-secret");
    }

    #[test]
    fn every_secret_is_masked_wherever_it_shows_up() {
        let _outer = Secret::new("outer-Secret-abcdef-inner-Secret-123456");
        let _inner = Secret::new("inner-Secret-123456");
        let _short = Secret::new("abc");
        let text = "echo: outer-Secret-abcdef-inner-Secret-123456 and inner-Secret-123456, abc";
        assert_eq!(redact(text), "echo: *** and ***, abc");
        assert_eq!(redact("nothing here"), "nothing here");
    }
}
