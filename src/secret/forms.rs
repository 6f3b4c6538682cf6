//! The forms a secret takes in what we print, because masking compares bytes.
//!
//! A server echoes a credential in its own escaping: JSON (`\"`, `\\`), PHP's `\/`, every
//! character as `\uXXXX`, or JSON quoted inside JSON. It may also echo it encoded, as
//! GitHub's runner expects and masks (its `ValueEncoders`, registered for every secret):
//! base64 in each of the three alignments a secret can have inside a longer encoded value
//! (`Basic base64(user:password)`), URI-escaped, XML/HTML-escaped, with `"` or `'`
//! escaped as a command line or an expression writes them, and with surrounding double
//! quotes trimmed. Hex is added, which the runner does not cover. Our own output then
//! collapses whitespace (`sanitize::clean`, which sits above this module, so its rule is
//! restated here and its tests check that what it writes is masked) and percent-escapes
//! workflow commands ([`crate::github_escape`], the one definition of GitHub's escaping).
//! <https://github.com/actions/runner/blob/main/src/Sdk/DTLogging/Logging/ValueEncoders.cs>

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::github_escape;

/// What `Uri.EscapeDataString` leaves as it is (RFC 3986's unreserved characters).
const URI_KEPT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Every distinct form of `secret`: each way a server writes it, whole and with its
/// whitespace collapsed, each as is and as a workflow command's message and property.
/// Forms shorter than [`super::MIN_MASKED`] characters are left out, as short secrets are.
pub fn forms(secret: &str) -> Vec<String> {
    let mut all = Vec::new();
    for form in server_forms(secret) {
        for line in [collapsed(&form), form] {
            all.push(github_escape::property(&line));
            all.push(github_escape::data(&line));
            all.push(line);
        }
    }
    all.retain(|form| form.chars().count() >= super::MIN_MASKED);
    all.sort_unstable();
    all.dedup();
    all
}

/// The secret as text (and trimmed of its quotes) in the escapings of [`text_forms`], and
/// encoded as [`encoded`] writes it.
fn server_forms(secret: &str) -> Vec<String> {
    let mut forms = text_forms(secret);
    if let Some(inner) = trimmed_quotes(secret) {
        forms.extend(text_forms(inner));
    }
    forms.extend(encoded(secret));
    forms
}

/// As is, as `\uXXXX` escapes, and JSON-escaped once and twice (JSON quoted in JSON).
fn text_forms(secret: &str) -> Vec<String> {
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

/// The runner's encodings, and hex: characters only a JSON writer would escape again are
/// rare in them, so PHP's `\/` is the one JSON form kept (base64 has `/`).
fn encoded(secret: &str) -> Vec<String> {
    let uri = utf8_percent_encode(secret, URI_KEPT).to_string();
    let hex: String = secret.bytes().map(|b| format!("{b:02x}")).collect();
    let mut forms = vec![
        lower_escapes(&uri),
        uri,
        hex.to_ascii_uppercase(),
        hex,
        xml_escaped(secret, "&apos;", "&quot;"),
        xml_escaped(secret, "&#39;", "&#34;"),
        xml_escaped(secret, "&#x27;", "&quot;"),
        secret.replace('"', "\\\""),
        secret.replace('\'', "''"),
    ];
    for form in base64_forms(secret.as_bytes()) {
        forms.push(form.replace('/', "\\/"));
        forms.push(form);
    }
    forms
}

/// The secret in base64 at each of the three alignments it can have inside a longer
/// encoded value (dropping its first zero, one or two bytes lines the rest up with a
/// group of three), in the standard and the URL alphabet, padded and not, and the part
/// of each that does not depend on what follows the secret.
fn base64_forms(bytes: &[u8]) -> Vec<String> {
    let mut forms = Vec::new();
    for shift in 0..3.min(bytes.len()) {
        let aligned = &bytes[shift..];
        let stable = &aligned[..aligned.len() / 3 * 3];
        for engine in [&STANDARD, &URL_SAFE] {
            forms.push(engine.encode(aligned));
        }
        for engine in [&STANDARD_NO_PAD, &URL_SAFE_NO_PAD] {
            forms.push(engine.encode(aligned));
            forms.push(engine.encode(stable));
        }
    }
    forms
}

/// `Uri.EscapeDataString` writes upper-case hex; other encoders write lower case.
fn lower_escapes(uri: &str) -> String {
    let mut out = String::with_capacity(uri.len());
    let mut hex_left = 0;
    for c in uri.chars() {
        if c == '%' {
            hex_left = 2;
            out.push(c);
        } else if hex_left > 0 {
            hex_left -= 1;
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// As XML and HTML escape text: `&`, `<` and `>` always, quotes as each writer does.
fn xml_escaped(text: &str, apostrophe: &str, quote: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\'', apostrophe)
        .replace('"', quote)
}

/// A secret given in double quotes, without them, as the runner also masks it (only
/// for values longer than eight characters, as the runner does).
fn trimmed_quotes(secret: &str) -> Option<&str> {
    let inner = secret.strip_prefix('"')?.strip_suffix('"')?;
    (secret.chars().count() > 8).then_some(inner)
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
        // As is and as `\uXXXX` twice, hex twice, and base64 in three alignments, each
        // padded, unpadded and its stable part (which the unpadded form is when the
        // length is a multiple of three): nothing for the escapes it does not need.
        assert_eq!(forms.len(), 12, "{forms:#?}");
        assert!(forms.contains(&"dG9rLVNlY3JldC0wMTIzNDU2Nzg5".to_string()));
        assert!(forms.iter().all(|f| !f.contains(['%', '&'])), "{forms:#?}");
    }
}
