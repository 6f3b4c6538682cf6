//! The forms a secret takes in what we print, because masking compares bytes.
//!
//! A server echoes a credential in its own escaping: JSON (`\"`, `\\`), PHP's `\/`, every
//! character as `\uXXXX`, or JSON quoted inside JSON. Our own output then collapses
//! whitespace (`sanitize::clean`) and percent-escapes workflow commands
//! (`ci::github::escape_data` and `escape_property`). Those modules sit above this one, so
//! their rules are restated here rather than imported, and their tests check that what
//! they write is masked.

/// Every distinct form of `secret`: each way a server writes it, whole and with its
/// whitespace collapsed, each as is and as a workflow command's message and property.
pub fn forms(secret: &str) -> Vec<String> {
    let mut all = Vec::new();
    for form in server_forms(secret) {
        for line in [collapsed(&form), form] {
            let data = command_data(&line);
            all.push(command_property(&data));
            all.push(data);
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
    let quoted = serde_json::to_string(text).expect("a string serializes");
    quoted[1..quoted.len() - 1].to_string()
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

/// A workflow command's message: `%`, CR and LF percent-escaped.
fn command_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property, given its message form: also `:` and `,`.
fn command_property(data: &str) -> String {
    data.replace(':', "%3A").replace(',', "%2C")
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
