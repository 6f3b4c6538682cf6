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
//!
//! Characters that show as nothing or as a plain space (a zero-width space, a soft
//! hyphen, a no-break space: [`is_separator`]) are no part of a secret's run: a server
//! that splits a token with them into pieces shorter than 16 would otherwise print it in
//! plain sight. Forms and text are both matched without them, and a stretch found is
//! masked with the separators inside it.

use std::borrow::Cow;
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
        let form = Skeleton::of(form).text;
        let form = form.as_ref();
        if form.is_empty() {
            return;
        }
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
        let skeleton = Skeleton::of(text);
        let bare = skeleton.text.as_ref();
        let mut spans = self.runs(bare.as_bytes());
        spans.extend(self.whole(bare));
        let spans = spans.into_iter().map(|s| skeleton.original(s)).collect();
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

/// Characters that print as nothing or reorder the text around them: zero-width spaces
/// and joiners, bidirectional marks, overrides and isolates, the byte-order mark, the soft
/// hyphen and tag characters. Shown as they are, `SUC\u{200b}CESS` reads as SUCCESS in a
/// log that says the status is unknown (`sanitize` spells them out), and inside a token
/// they would hide it from masking.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{61c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
            | '\u{e0000}'..='\u{e007f}'
    )
}

/// Characters that are no part of a secret's run: the invisible ones, and the no-break
/// spaces, which look like the space a reader would not take for part of a token either.
fn is_separator(c: char) -> bool {
    is_invisible(c) || matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

/// A text without its separators, and where they were.
struct Skeleton<'a> {
    text: Cow<'a, str>,
    /// For each place separators were taken out: its offset in `text`, and how many bytes
    /// had been taken out up to and including it.
    cuts: Vec<(usize, usize)>,
}

impl Skeleton<'_> {
    fn of(text: &str) -> Skeleton<'_> {
        if !text.contains(is_separator) {
            return Skeleton {
                text: Cow::Borrowed(text),
                cuts: Vec::new(),
            };
        }
        let mut bare = String::with_capacity(text.len());
        let mut cuts: Vec<(usize, usize)> = Vec::new();
        let mut removed = 0;
        for c in text.chars() {
            if !is_separator(c) {
                bare.push(c);
                continue;
            }
            removed += c.len_utf8();
            match cuts.last_mut() {
                Some(last) if last.0 == bare.len() => last.1 = removed,
                _ => cuts.push((bare.len(), removed)),
            }
        }
        Skeleton {
            text: Cow::Owned(bare),
            cuts,
        }
    }

    /// Where the byte at `at` of the skeleton is in the original text.
    fn offset(&self, at: usize) -> usize {
        let before = self.cuts.partition_point(|&(cut, _)| cut <= at);
        at + before.checked_sub(1).map_or(0, |i| self.cuts[i].1)
    }

    /// The stretch of the original text `span` of the skeleton covers, the separators
    /// inside it included.
    fn original(&self, span: Range<usize>) -> Range<usize> {
        if span.is_empty() {
            return self.offset(span.start)..self.offset(span.start);
        }
        self.offset(span.start)..self.offset(span.end - 1) + 1
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
