//! Server text is untrusted: before it reaches a terminal or a CI log it loses control
//! characters and ANSI escapes (which could rewrite the screen or forge a workflow
//! command), has `##[` broken up (GitHub's older command syntax, honoured anywhere in a
//! line), shows invisible and bidirectional characters as `<U+200B>`, and is cut to a
//! sane length.
//!
//! Secrets are masked before anything is cut: a cut that lands inside one leaves a prefix
//! too short to be recognised as a secret at output, where everything is masked again.

use crate::secret::{is_invisible, redact};

/// Longest piece of server text we print.
pub const MAX_CHARS: usize = 500;

/// One line of printable text.
pub fn clean(text: &str) -> String {
    // Masked again once printable: stripping escapes can join a secret they split.
    let line = redact(&printable(&redact(text)));
    cut(line.trim(), MAX_CHARS)
}

/// One line of server text that stays inert wherever it is echoed: [`clean`], and a
/// leading `::` broken up as `: :`, since the runner reads a line that begins with `::`
/// (after blanks, which `clean` trims) as a workflow command. For step outputs, which
/// workflows print as they are (`echo "job failed: $FAIL_REASON"`, or bare).
pub fn inert(text: &str) -> String {
    let line = clean(text);
    match line.strip_prefix("::") {
        Some(rest) => format!(": :{rest}"),
        None => line,
    }
}

/// Cut `text` to at most `limit` characters, marking the cut, its secrets masked first.
pub fn shorten(text: &str, limit: usize) -> String {
    cut(&redact(text), limit)
}

fn cut(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        None => text.to_string(),
        Some((cut, _)) => format!("{}…", &text[..cut]),
    }
}

/// `text` without escape sequences, with controls and line breaks as single spaces,
/// invisible characters spelled out, and `##[` as `## [`.
fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            skip_escape(&mut chars);
            continue;
        }
        let c = if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
            ' '
        } else {
            c
        };
        if c == ' ' && out.ends_with(' ') {
            continue;
        }
        if is_invisible(c) {
            out.push_str(&format!("<U+{:04X}>", u32::from(c)));
            continue;
        }
        // The runner still obeys the old `##[command]` syntax anywhere in a line.
        if c == '[' && out.ends_with("##") {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// Skip the rest of an escape sequence: CSI (`ESC [ … final`), OSC (`ESC ] … BEL/ST`), or
/// a two-character escape.
fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.next() {
        Some('[') => {
            for c in chars.by_ref() {
                if ('\u{40}'..='\u{7e}').contains(&c) {
                    break;
                }
            }
        }
        Some(']') => {
            while let Some(c) = chars.next() {
                if c == '\u{7}' || (c == '\u{1b}' && chars.next_if_eq(&'\\').is_some()) {
                    break;
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_escapes_and_controls() {
        assert_eq!(clean("plain text"), "plain text");
        assert_eq!(clean("\u{1b}[31mred\u{1b}[0m alert"), "red alert");
        assert_eq!(clean("title\u{1b}]0;pwned\u{7}rest"), "titlerest");
        assert_eq!(clean("a\r\n::error::forged\tb"), "a ::error::forged b");
        assert_eq!(clean("nul\0byte"), "nul byte");
        assert_eq!(clean("\u{1b}"), "");
        assert_eq!(clean("line\u{2028}sep"), "line sep");
    }

    #[test]
    fn a_secret_with_its_whitespace_collapsed_is_still_masked() {
        let secret = "clean-Secret\t\t\n two  spaces";
        let _s = crate::secret::Secret::new(secret);
        let line = clean(&format!("echo:\n{secret}\r\n"));
        assert_eq!(crate::secret::redact(&line), "echo: ***");
    }

    #[test]
    fn masks_before_cutting() {
        let secret = "cut-Secret-0123456789";
        let _s = crate::secret::Secret::new(secret);
        let text = format!("{}{secret}", "x".repeat(MAX_CHARS - 5));
        assert!(clean(&text).ends_with("xxx***"), "{}", clean(&text));
        let text = format!("{}{secret}", "x".repeat(35));
        assert_eq!(shorten(&text, 40), format!("{}***", "x".repeat(35)));
    }

    #[test]
    fn breaks_legacy_workflow_commands() {
        assert_eq!(
            clean("disk full ##[stop-commands]x ###[warning]y"),
            "disk full ## [stop-commands]x ### [warning]y"
        );
        assert_eq!(clean("##\u{1b}[0m[error]joined"), "## [error]joined");
        assert_eq!(clean("# [ok] #[ok] ##"), "# [ok] #[ok] ##");
    }

    #[test]
    fn inert_text_starts_no_command() {
        assert_eq!(
            inert("  ::error::x\n::warning::y"),
            ": :error::x ::warning::y"
        );
        assert_eq!(inert("\u{1b}[0m::add-mask::z"), ": :add-mask::z");
        assert_eq!(inert("a ##[error]b"), "a ## [error]b");
        assert_eq!(inert(": :ok"), ": :ok");
        assert_eq!(inert("quota: exceeded"), "quota: exceeded");
    }

    #[test]
    fn shows_invisible_characters_escaped() {
        assert_eq!(clean("SUC\u{200b}CESS"), "SUC<U+200B>CESS");
        assert_eq!(clean("\u{feff}FAIL\u{202e}"), "<U+FEFF>FAIL<U+202E>");
        for c in [
            '\u{200f}',
            '\u{202a}',
            '\u{2066}',
            '\u{2069}',
            '\u{ad}',
            '\u{e0041}',
        ] {
            assert_eq!(
                clean(&format!("a{c}b")),
                format!("a<U+{:04X}>b", u32::from(c))
            );
        }
        assert_eq!(clean("naïve café ✅ 中文"), "naïve café ✅ 中文");
    }

    #[test]
    fn shorten_respects_char_boundaries() {
        assert_eq!(shorten("héllo wörld", 4), "héll…");
        assert_eq!(shorten("abc", 3), "abc");
    }

    #[test]
    fn caps_the_length() {
        let long = "é".repeat(5000);
        let out = clean(&long);
        assert_eq!(out.chars().count(), MAX_CHARS + 1);
        assert!(out.ends_with('…'));
    }
}
