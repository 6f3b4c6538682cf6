//! The forms a secret takes in what we print, because masking compares bytes.
//!
//! A server echoes a credential in its own escaping: JSON (`\"`, `\\`), PHP's `\/`, every
//! character as `\uXXXX`, or JSON quoted inside JSON. Our own output then collapses
//! whitespace (`sanitize::clean`, which sits above this module, so its rule is restated
//! here and its tests check that what it writes is masked) and percent-escapes workflow
//! commands ([`crate::github_escape`], the one definition of GitHub's escaping).

use crate::github_escape;

/// Every distinct form of `secret`: each way a server writes it, whole and with its
/// whitespace collapsed, each as is and as a workflow command's message and property.
pub fn forms(secret: &str) -> Vec<String> {
    let mut all = Vec::new();
    for form in server_forms(secret) {
        for line in [collapsed(&form), form] {
            all.push(github_escape::property(&line));
            all.push(github_escape::data(&line));
            all.push(line);
        }
    }
    all.sort_unstable();
    all.dedup();
    all
}

/// As is, as `\uXXXX` escapes, and JSON-escaped once and twice (JSON quoted in JSON).
fn server_forms(secret: &str) -> Vec<String> {
    let once = json_forms(secret);
    let twice: Vec<String> = once.iter().flat_map(|f| json_forms(f)).collect();
    let mut forms = vec![
        secret.to_string(),
        unicode_escaped(secret, false),
        unicode_escaped(secret, true),
    ];
    forms.extend(once);
    forms.extend(twice);
    forms
}

/// JSON-escaped as serde_json writes it, and as PHP does, with `/` as `\/`.
fn json_forms(text: &str) -> [String; 2] {
    let json = json_escaped(text);
    [json.replace('/', "\\/"), json]
}

/// What serde_json writes between the quotes of a string.
fn json_escaped(text: &str) -> String {
    // Serialising a string cannot fail; were it to, the form would be missed, not panic.
    let quoted = serde_json::to_string(text).unwrap_or_default();
    let inner = quoted.get(1..quoted.len().saturating_sub(1));
    inner.unwrap_or_default().to_string()
}

/// Every UTF-16 unit as `\uXXXX`, the way some encoders write non-ASCII text and some
/// write everything.
pub(super) fn unicode_escaped(text: &str, upper: bool) -> String {
    text.encode_utf16()
        .map(|u| {
            if upper {
                format!("\\u{u:04X}")
            } else {
                format!("\\u{u:04x}")
            }
        })
        .collect()
}

/// Runs of spaces and control characters as one space, as `sanitize::clean` writes them.
fn collapsed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let blank = c == ' ' || c.is_control() || c == '\u{2028}' || c == '\u{2029}';
        if !blank {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_escapes_are_utf16_units() {
        assert_eq!(
            unicode_escaped("a/é😀", false),
            r"\u0061\u002f\u00e9\ud83d\ude00"
        );
        assert_eq!(
            unicode_escaped("a/é😀", true),
            r"\u0061\u002F\u00E9\uD83D\uDE00"
        );
    }

    #[test]
    fn a_plain_token_has_few_forms() {
        let forms = forms("tok-Secret-0123456789");
        assert_eq!(forms.len(), 3, "as is and as \\uXXXX twice: {forms:?}");
    }
}
