//! Where secrets are in a text, found in one pass however long the text and the secrets.
//!
//! Output is cut (to 500 characters, to 300) and servers cut what they echo, so a secret
//! must be found from any part of it, not only whole. Every form of every secret is kept as
//! its 16-byte windows, and a stretch of text is secret when each 16 bytes of it are such a
//! window; forms shorter than that are looked for whole. A 16-character run is at least
//! 16 bytes, so any run of 16 characters of a form is found.
//!
//! Scanning looks up one 8-byte gram every 8 bytes and tests the windows around a gram
//! only when the gram occurs in some form. Every 16-byte window holds an 8-byte gram that
//! starts at a multiple of 8, so no window is missed, each is tested at most once, and
//! text without secrets costs one lookup per 8 bytes.

use std::collections::HashSet;
use std::ops::Range;

/// The shortest stretch of a form that counts as secret on its own.
const RUN: usize = 16;
const GRAM: usize = RUN / 2;
/// Bits in the filter that answers "surely not a gram" before the set is asked: a few
/// kilobytes of tokens fill a small part of it.
const FILTER_BITS: u32 = 20;

#[derive(Default)]
pub struct Index {
    /// Forms shorter than [`RUN`] bytes, found only whole.
    short: Vec<String>,
    /// Every [`GRAM`]-byte piece of the longer forms.
    grams: HashSet<u64>,
    /// One bit per [`filter_bit`] of a gram: a clear bit means no gram, without hashing.
    filter: Vec<u64>,
    /// Every [`RUN`]-byte piece of the longer forms.
    windows: HashSet<u128>,
}

impl Index {
    pub fn add(&mut self, form: &str) {
        let bytes = form.as_bytes();
        if bytes.len() < RUN {
            if !self.short.iter().any(|s| s == form) {
                self.short.push(form.to_string());
            }
            return;
        }
        self.windows.extend(bytes.windows(RUN).map(window));
        self.filter.resize(1 << (FILTER_BITS - 6), 0);
        for g in bytes.windows(GRAM).map(gram) {
            let bit = filter_bit(g);
            self.filter[bit / 64] |= 1 << (bit % 64);
            self.grams.insert(g);
        }
    }

    /// Whether `g` is a gram of some form; the filter spares hashing most text.
    fn is_gram(&self, g: u64) -> bool {
        let bit = filter_bit(g);
        self.filter[bit / 64] & (1 << (bit % 64)) != 0 && self.grams.contains(&g)
    }

    /// The byte ranges of `text` that are secret: sorted, apart, and on character and
    /// escape boundaries.
    pub fn find(&self, text: &str) -> Vec<Range<usize>> {
        let mut spans = self.runs(text.as_bytes());
        spans.extend(self.whole(text));
        settle(text, spans)
    }

    /// Stretches made of windows, in order and merged.
    fn runs(&self, text: &[u8]) -> Vec<Range<usize>> {
        let mut spans: Vec<Range<usize>> = Vec::new();
        if self.windows.is_empty() {
            return spans;
        }
        for at in (0..text.len().saturating_sub(GRAM - 1)).step_by(GRAM) {
            if !self.is_gram(gram(&text[at..at + GRAM])) {
                continue;
            }
            for start in at.saturating_sub(GRAM - 1)..=at {
                let end = start + RUN;
                if end <= text.len() && self.windows.contains(&window(&text[start..end])) {
                    match spans.last_mut() {
                        Some(last) if start <= last.end => last.end = end,
                        _ => spans.push(start..end),
                    }
                }
            }
        }
        spans
    }

    /// Every occurrence of a short form, overlapping ones included.
    fn whole(&self, text: &str) -> Vec<Range<usize>> {
        let mut spans = Vec::new();
        for form in &self.short {
            let mut from = 0;
            while let Some(found) = text[from..].find(form.as_str()) {
                let start = from + found;
                spans.push(start..start + form.len());
                from = start + text[start..].chars().next().map_or(1, char::len_utf8);
            }
        }
        spans
    }
}

fn window(bytes: &[u8]) -> u128 {
    u128::from_le_bytes(bytes.try_into().expect("a window is RUN bytes"))
}

fn gram(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(bytes.try_into().expect("a gram is GRAM bytes"))
}

/// Fibonacci hashing: the top bits of a multiplication spread every byte of the gram.
fn filter_bit(gram: u64) -> usize {
    (gram.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - FILTER_BITS)) as usize
}

/// `spans` widened to whole characters and escapes, sorted, and merged where they touch.
fn settle(text: &str, mut spans: Vec<Range<usize>>) -> Vec<Range<usize>> {
    spans.sort_unstable_by_key(|s| s.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for span in spans {
        let span = widen(text, span);
        match out.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => out.push(span),
        }
    }
    out
}

/// `span` widened so it neither begins nor ends inside a character or a backslash escape
/// (`\"`, `\\`, `\uXXXX`): half an escape left behind would change what the JSON around
/// it says, or make it invalid.
fn widen(text: &str, span: Range<usize>) -> Range<usize> {
    let bytes = text.as_bytes();
    let mut start = escape_around(bytes, span.start).map_or(span.start, |e| e.start);
    let mut end = escape_around(bytes, span.end).map_or(span.end, |e| e.end);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// The escape that `at` falls strictly inside, if any. An escape is at most six bytes, so
/// its backslash is at most five before `at`.
fn escape_around(bytes: &[u8], at: usize) -> Option<Range<usize>> {
    (at.saturating_sub(5)..at.min(bytes.len()))
        .filter_map(|i| escape_at(bytes, i))
        .find(|escape| escape.end > at)
}

/// The escape beginning at `i`: a backslash that is not itself escaped, with what it
/// escapes.
fn escape_at(bytes: &[u8], i: usize) -> Option<Range<usize>> {
    let backslashes = bytes[..=i]
        .iter()
        .rev()
        .take_while(|&&b| b == b'\\')
        .count();
    if backslashes % 2 == 0 {
        return None;
    }
    let hex = match bytes.get(i + 1) {
        Some(b'u') => bytes[i + 2..]
            .iter()
            .take(4)
            .take_while(|b| b.is_ascii_hexdigit())
            .count(),
        _ => 0,
    };
    Some(i..(i + 2 + hex).min(bytes.len()))
}
