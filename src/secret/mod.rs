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
//!
//! Masking compares bytes, so each secret is registered in every form it can take in what
//! we print (`forms.rs`), and found from any run of 16 characters of any form (`index.rs`):
//! text is cut to a length before and after it reaches us, and a cut secret is still one.

mod forms;
mod index;

use std::collections::HashSet;
use std::fmt;
use std::sync::{LazyLock, PoisonError, RwLock};

use index::Index;
pub use index::is_invisible;

/// Shorter values are not masked: replacing every `abc` in the output would garble it and
/// hide nothing worth hiding.
pub const MIN_MASKED: usize = 6;

/// What replaces a secret in output.
pub const MASK: &str = "***";

#[derive(Default)]
struct Registry {
    values: HashSet<String>,
    index: Index,
}

static KNOWN: LazyLock<RwLock<Registry>> = LazyLock::new(RwLock::default);

fn register(value: &str) {
    if value.chars().count() < MIN_MASKED {
        return;
    }
    let mut known = KNOWN.write().unwrap_or_else(PoisonError::into_inner);
    if known.values.insert(value.to_string()) {
        for form in forms::forms(value) {
            known.index.add(&form);
        }
    }
}

/// `text` with every stretch of a registered secret, in any of its forms, replaced by
/// [`MASK`].
pub fn redact(text: &str) -> String {
    let spans = KNOWN
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .index
        .find(text);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for span in spans {
        out.push_str(&text[at..span.start]);
        out.push_str(MASK);
        at = span.end;
    }
    out.push_str(&text[at..]);
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
mod tests;
