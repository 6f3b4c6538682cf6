use super::forms::unicode_escaped as unicode;
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

#[test]
fn values_shorter_than_six_characters_are_left_alone() {
    let _s = Secret::new("ab12!");
    assert_eq!(redact("x ab12! y"), "x ab12! y");
}

#[test]
fn every_form_a_secret_takes_in_output_is_masked() {
    let secret = "form-Secret-\"q\"\\b/1%,a:b\t\r\nc";
    let _s = Secret::new(secret);
    let forms = [
        secret.to_string(),
        // serde_json's escaping, PHP's `\/`, and JSON quoted inside JSON.
        r#"form-Secret-\"q\"\\b/1%,a:b\t\r\nc"#.into(),
        r#"form-Secret-\"q\"\\b\/1%,a:b\t\r\nc"#.into(),
        r#"form-Secret-\\\"q\\\"\\\\b/1%,a:b\\t\\r\\nc"#.into(),
        unicode(secret, false),
        unicode(secret, true),
        // A workflow command's message and property, and whitespace collapsed.
        "form-Secret-\"q\"\\b/1%25,a:b\t%0D%0Ac".into(),
        "form-Secret-\"q\"\\b/1%25%2Ca%3Ab\t%0D%0Ac".into(),
        "form-Secret-\"q\"\\b/1%,a:b c".into(),
        "form-Secret-\"q\"\\b/1%25%2Ca%3Ab c".into(),
    ];
    for form in forms {
        assert_eq!(redact(&format!("<{form}>")), "<***>", "{form}");
    }
}

#[test]
fn a_short_secret_is_masked_whole_in_every_form() {
    let _s = Secret::new("sh\"rt/7");
    for form in [r#"sh"rt/7"#, r#"sh\"rt/7"#, r#"sh\"rt\/7"#] {
        assert_eq!(redact(&format!("<{form}>")), "<***>", "{form}");
    }
    assert_eq!(redact(&unicode("sh\"rt/7", true)), MASK);
    assert_eq!(
        redact("sh\"rt/"),
        "sh\"rt/",
        "only a whole short secret is one"
    );
}

#[test]
fn any_run_of_sixteen_characters_of_a_secret_is_masked() {
    let secret = "run-Secret-0123456789abcdefghij";
    let _s = Secret::new(secret);
    assert_eq!(redact(&format!("cut: {}…", &secret[..16])), "cut: ***…");
    assert_eq!(redact(&format!("…{} end", &secret[10..])), "…*** end");
    assert_eq!(redact(&format!("[{}]", &secret[5..21])), "[***]");
    let lower = unicode(secret, false);
    assert_eq!(redact(&format!("{}…", &lower[..40])), "***…");
    let fifteen = &secret[..15];
    assert_eq!(
        redact(fifteen),
        fifteen,
        "fifteen characters could be anything"
    );
}

#[test]
fn masking_never_leaves_half_an_escape() {
    let secret = "escape-Secret-0123456789\"abcdef";
    let _s = Secret::new(secret);
    // The run of the secret ends at a backslash that escapes something else: here the
    // third of four, where the secret quoted twice has `\\\"`.
    let ends = r#"{"m":"escape-Secret-0123456789\\\\"}"#;
    assert_eq!(redact(ends), r#"{"m":"***"}"#);
    // The run begins at the second backslash of an escaped one.
    let begins = format!(r#"{{"m":"\\{}"}}"#, &unicode(secret, false)[1..]);
    assert_eq!(redact(&begins), r#"{"m":"***"}"#);
    // The run begins inside a `\uXXXX` whose character is not the secret's.
    let inside = format!(r#"{{"m":"\u1{}"}}"#, &unicode(secret, false)[3..]);
    assert_eq!(redact(&inside), r#"{"m":"***"}"#);
    for text in [ends, &begins, &inside] {
        let masked = redact(text);
        assert!(
            serde_json::from_str::<serde_json::Value>(&masked).is_ok(),
            "{masked}"
        );
    }
}

#[test]
fn masking_respects_character_boundaries() {
    let secret = "ünïcödé-Secret-ßtrasse-€uro";
    let _s = Secret::new(secret);
    let cut = &secret[..secret.char_indices().nth(12).unwrap().0];
    assert_eq!(redact(&format!("«{cut}»")), "«***»");
}

#[test]
fn a_document_of_fifteen_mebibytes_is_masked_in_one_pass() {
    let secret = "large-Secret-0123456789abcdefghij";
    let _s = Secret::new(secret);
    let filler = "lorem ipsum dolor sit amet, consectetur adipiscing elit; ".repeat(1 << 18);
    let escaped = unicode(secret, false);
    let text = format!("{secret}{filler}{escaped}{filler}{}", &secret[..20]);
    assert!(text.len() > 15 << 20);
    let want = format!("***{filler}***{filler}***");
    assert!(redact(&text) == want, "the masked document differs");
}

/// Fail unless `masked` holds no run of 16 bytes of `form` (nor `form` whole, if shorter).
#[track_caller]
fn assert_no_run(masked: &str, form: &str) {
    let found = if form.len() < 16 {
        masked.contains(form)
    } else {
        form.as_bytes()
            .windows(16)
            .any(|w| masked.as_bytes().windows(16).any(|m| m == w))
    };
    assert!(!found, "{masked:?} shows {form:?}");
}

#[test]
fn the_forms_githubs_runner_masks_are_masked() {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    let secret = "runner-Secret+/&<>\"'=0123456789";
    let _s = Secret::new(secret);
    let uri = percent_encoding::utf8_percent_encode(secret, percent_encoding::NON_ALPHANUMERIC)
        .to_string()
        .replace("%2D", "-");
    let xml = "runner-Secret+/&amp;&lt;&gt;&quot;&apos;=0123456789";
    let hex: String = secret.bytes().map(|b| format!("{b:02x}")).collect();
    let echoes = [
        // Base64 in each alignment inside a longer value: Basic auth puts `user:` first.
        format!("Basic {}", STANDARD.encode(format!("ci-bot:{secret}"))),
        format!("Basic {}", STANDARD.encode(format!("ci:{secret}"))),
        STANDARD.encode(format!("ab{secret}trailing")),
        STANDARD.encode(secret),
        format!("https://iam.example.com/?token={uri}&x=1"),
        format!("https://iam.example.com/?token={}", uri.to_lowercase()),
        format!("<token>{xml}</token>"),
        format!("hex {hex} and {}", hex.to_uppercase()),
        serde_json::to_string(secret).unwrap(),
    ];
    for echo in &echoes {
        let masked = redact(echo);
        for form in [
            secret.to_string(),
            STANDARD.encode(secret),
            STANDARD.encode(&secret[1..]),
            STANDARD.encode(&secret[2..]),
            uri.clone(),
            uri.to_lowercase(),
            xml.to_string(),
            hex.clone(),
            hex.to_uppercase(),
        ] {
            assert_no_run(&masked, &form);
        }
        assert!(masked.contains(MASK), "{echo} → {masked}");
    }
}

#[test]
fn a_quoted_secret_is_masked_without_its_quotes_too() {
    // Shorter than a run of sixteen, so found only whole.
    let _s = Secret::new("\"quoted-12\"");
    assert_eq!(redact("token=quoted-12;"), "token=***;");
}

#[test]
fn invisible_separators_inside_a_run_are_part_of_it() {
    let secret = "split-Secret-0123456789abcdef";
    let _s = Secret::new(secret);
    let hex: String = secret.bytes().map(|b| format!("{b:02x}")).collect();
    for sep in [
        '\u{a0}', '\u{ad}', '\u{200b}', '\u{200d}', '\u{2060}', '\u{feff}',
    ] {
        for text in [secret, hex.as_str()] {
            let split: String = text
                .chars()
                .enumerate()
                .flat_map(|(i, c)| (i > 0 && i % 5 == 0).then_some(sep).into_iter().chain([c]))
                .collect();
            assert_eq!(redact(&format!("<{split}>")), "<***>", "{sep:?} in {text}");
            assert_eq!(
                redact(&format!("a{sep}b {split}{sep}")),
                format!("a{sep}b ***{sep}")
            );
        }
    }
    // A space is a real break: the pieces are fifteen characters, too short to be masked.
    let spaced = format!("{} {}", &secret[..15], &secret[15..]);
    assert_eq!(redact(&spaced), spaced);
}

#[test]
fn a_secret_that_holds_a_separator_is_masked_as_it_is() {
    let secret = "nbsp\u{a0}Secret\u{200b}0123456789";
    let _s = Secret::new(secret);
    assert_eq!(redact(&format!("[{secret}]")), "[***]");
    assert_eq!(redact("[nbspSecret0123456789]"), "[***]");
}
