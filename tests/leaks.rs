//! Issue 11, "never a leaked secret": whatever a server echoes back, in whatever escaping
//! and cut wherever, no credential reaches stdout, stderr or the runner's files; and no
//! server text can forge a workflow command or pass for a status it is not.

mod support;

use serde_json::{Value, json};
use support::*;

impl Runner {
    /// Fail if a trace of `secret` is anywhere the run wrote.
    #[track_caller]
    fn assert_no_trace(&self, out: &Outcome, secret: &str) {
        assert_no_trace("stdout", &out.stdout, secret);
        assert_no_trace("stderr", &out.stderr, secret);
        assert_no_trace("the step outputs", &read(&self.output()), secret);
        assert_no_trace("the step summary", &read(&self.summary()), secret);
    }
}

/// Text output (annotations on stdout) and JSON output (the result on stdout, commands on
/// stderr): between them every place a run writes to.
const MODES: [&[&str]; 2] = [&[], &["--output", "json"]];

/// `run` against a fresh `world` in each of [`MODES`], under GitHub. A world is made per
/// run because a job's script goes on where the last run left it.
fn in_each_mode(
    world: impl Fn() -> FakeApi,
    run: impl Fn(&FakeApi) -> Run,
) -> Vec<(Outcome, Runner)> {
    MODES
        .iter()
        .map(|mode| {
            let fake = world();
            let runner = Runner::new();
            let out = runner.github(run(&fake).args(mode)).run();
            if !mode.is_empty() {
                serde_json::from_str::<Value>(&out.stdout).unwrap_or_else(|e| {
                    panic!("masking broke the JSON on stdout ({e}): {}", out.stdout)
                });
            }
            (out, runner)
        })
        .collect()
}

/// A world whose token is `token`.
fn world_with_token(token: &str, steps: Vec<Step>) -> FakeApi {
    FakeApi::start(
        Config::new()
            .project(PROJECT)
            .auth(Auth::Token(token.into()))
            .sequence("j", steps),
    )
}

/// A run that sends `token`.
fn run_with_token(fake: &FakeApi, token: &str) -> Run {
    let args = base_args(&fake.url, &["j"], "20s");
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    jobwait(&argv)
        .args(&["--poll-interval", "100ms"])
        .env("JOBWAIT_TOKEN", token)
}

/// A failed job's document as a server writes it, with `echo` placed in its failure
/// reason and an entity exactly as given: already JSON text, in the server's escaping.
fn failed_job_text(echo: &str) -> String {
    format!(
        r#"{{"status":"FAIL","job_id":"j","job_type":"createServer","error_code":"Ecs.0001","fail_reason":"request had X-Auth-Token: {echo}","entities":{{"note":"{echo}"}}}}"#
    )
}

#[test]
fn a_token_echoed_with_escaped_slashes_is_masked_everywhere() {
    // PHP's json_encode writes every `/` as `\/`.
    const SLASHED: &str = "tok/Secret/php/escapes/0123456789";
    let echo = SLASHED.replace('/', "\\/");
    let world = || {
        world_with_token(
            SLASHED,
            vec![
                Step::text(502, &format!(r#"{{"echo":"{echo}"}}"#)),
                Step::text(200, &failed_job_text(&echo)),
            ],
        )
    };
    for (out, runner) in in_each_mode(world, |f| run_with_token(f, SLASHED)) {
        assert_eq!(out.code, 1, "{}", out.stderr);
        runner.assert_no_trace(&out, SLASHED);
    }
}

#[test]
fn a_token_echoed_as_unicode_escapes_is_masked_everywhere() {
    let (lower, upper) = (unicode_escaped(TOKEN, false), unicode_escaped(TOKEN, true));
    let world = || {
        world_with_token(
            TOKEN,
            vec![
                Step::text(502, &format!(r#"{{"echo":"{lower}"}}"#)),
                Step::text(200, &failed_job_text(&lower)),
                Step::text(200, &failed_job_text(&upper)),
            ],
        )
    };
    for (out, runner) in in_each_mode(world, |f| run_with_token(f, TOKEN)) {
        assert_eq!(out.code, 1, "{}", out.stderr);
        runner.assert_no_trace(&out, TOKEN);
    }
}

/// `text` with every invisible separator taken out, raw or as jobwait spells it
/// (`<U+200B>`): what a reader of the log sees joined.
fn joined(text: &str) -> String {
    let mut out = text.to_string();
    for (c, spelled) in [
        ('\u{a0}', ""),
        ('\u{ad}', "<U+00AD>"),
        ('\u{200b}', "<U+200B>"),
    ] {
        out = out.replace(c, "");
        if !spelled.is_empty() {
            out = out.replace(spelled, "");
        }
    }
    out
}

#[test]
fn a_token_echoed_in_the_runners_encodings_or_split_is_masked_everywhere() {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    // Header-safe, with a character each encoding changes.
    const ODD: &str = "tok-Secret+/&<>\"'=0123456789abcdef";
    let uri = percent_encoding::utf8_percent_encode(ODD, percent_encoding::NON_ALPHANUMERIC)
        .to_string()
        .replace("%2D", "-");
    let split = |sep: char| -> String {
        let mut out = String::new();
        for (i, c) in ODD.chars().enumerate() {
            if i > 0 && i % 7 == 0 {
                out.push(sep);
            }
            out.push(c);
        }
        out
    };
    let hex: String = ODD.bytes().map(|b| format!("{b:02x}")).collect();
    let echoes = [
        format!(
            "Authorization: Basic {}",
            STANDARD.encode(format!("ci-bot:{ODD}"))
        ),
        format!("token {}", STANDARD.encode(ODD)),
        format!("GET /v1/x?token={uri}&page=2"),
        format!(
            "<token>{}</token>",
            ODD.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
        ),
        format!("token as hex {hex}"),
        format!("token {}", split('\u{200b}')),
        format!("token {}", split('\u{a0}')),
        format!("token {}", split('\u{ad}')),
    ];
    let world = || {
        let mut steps: Vec<Step> = echoes
            .iter()
            .map(|e| Step::text(502, &format!("<html>{e}</html>")))
            .collect();
        let subs: Vec<Value> = echoes
            .iter()
            .enumerate()
            .map(|(i, e)| json!({"status": "FAIL", "job_id": format!("sub-{i}"), "fail_reason": e}))
            .collect();
        steps.push(Step::job("FAIL").fields(json!({
            "fail_reason": echoes[0], "entities": {"sub_jobs": subs}})));
        world_with_token(ODD, steps)
    };
    let run = |f: &FakeApi| run_with_token(f, ODD).args(&["--max-interval", "100ms"]);
    for (out, runner) in in_each_mode(world, run) {
        assert_eq!(out.code, 1, "{}", out.stderr);
        runner.assert_no_trace(&out, ODD);
        assert_no_trace("stderr, joined", &joined(&out.stderr), ODD);
        assert_no_trace("stdout, joined", &joined(&out.stdout), ODD);
        let summary = joined(&read(&runner.summary()));
        assert_no_trace("the step summary, joined", &summary, ODD);
    }
}

#[test]
fn a_password_with_quotes_echoed_by_iam_is_masked_everywhere() {
    // Every character the JSON request body and the workflow commands escape.
    const QUOTED: &str = r#"pw-Secret-"quoted"\back\slash/100%,a:b"#;
    let world = || {
        FakeApi::start(
            Config::new()
                .project(PROJECT)
                .auth(Auth::Iam(Iam {
                    user: "ci-bot".into(),
                    password: "not-what-is-sent".into(),
                    domain: "acme".into(),
                    project_id: Some(PROJECT.into()),
                    echo_refusals: true,
                    ..Default::default()
                }))
                .sequence("j", vec![Step::job("SUCCESS")]),
        )
    };
    let login = |fake: &FakeApi| {
        let args = base_args(&fake.url, &["j"], "20s");
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        jobwait(&argv)
            .env("HW_USER_NAME", "ci-bot")
            .env("HW_USER_PASSWORD", QUOTED)
            .env("HW_DOMAIN_NAME", "acme")
            .env("HW_AUTH_URL", &fake.url)
    };
    for (out, runner) in in_each_mode(world, login) {
        assert_eq!(out.code, 3, "{}", out.stderr);
        out.assert_stderr_has("IAM login refused: 401 Unauthorized");
        out.assert_stderr_has(r#""password":"***""#);
        runner.assert_no_trace(&out, QUOTED);
    }
}

#[test]
fn access_and_secret_keys_given_the_wrong_way_round_are_both_masked_everywhere() {
    // The real secret key, sent as `Access=` in the Authorization header, echoed back.
    let echo = format!("SDK-HMAC-SHA256 Access={SK}, SignedHeaders=host;x-sdk-date, Signature=0f");
    let world = || {
        FakeApi::start(Config::new().project(PROJECT).sequence(
            "j",
            vec![
                Step::text(502, &format!("<html>{echo}</html>")),
                Step::job("FAIL").fields(json!({
                    "fail_reason": format!("request had Authorization: {echo}"),
                    "entities": {"access_key": AK}})),
            ],
        ))
    };
    let swapped = |fake: &FakeApi| {
        let args = base_args(&fake.url, &["j"], "20s");
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        jobwait(&argv)
            .args(&["--poll-interval", "100ms"])
            .env("HW_ACCESS_KEY", SK)
            .env("HW_SECRET_KEY", AK)
    };
    for (out, runner) in in_each_mode(world, swapped) {
        assert_eq!(out.code, 1, "{}", out.stderr);
        runner.assert_no_trace(&out, SK);
        runner.assert_no_trace(&out, AK);
    }
}

/// A token of `len` characters, as long as the PKI tokens IAM issues, from the base64
/// alphabet they are written in.
fn long_token(len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut rng = fastrand::Rng::with_seed(11);
    let body: String = (0..len - 3)
        .map(|_| ALPHABET[rng.usize(..ALPHABET.len())] as char)
        .collect();
    format!("MII{body}")
}

#[test]
fn a_long_token_echoed_back_is_masked_before_anything_is_cut() {
    let token = long_token(4096);
    let echo = format!("request had X-Auth-Token: {token}");
    let world = || {
        world_with_token(
            &token,
            vec![
                Step::text(502, &format!("<html>{echo}</html>")),
                Step::job("FAIL").fields(json!({"fail_reason": echo, "entities": {
                    "sub_jobs": [{"status": "FAIL", "job_id": "sub-1", "fail_reason": echo}]}})),
            ],
        )
    };
    for (out, runner) in in_each_mode(world, |f| run_with_token(f, &token)) {
        assert_eq!(out.code, 1, "{}", out.stderr);
        out.assert_stderr_has("<html>request had X-Auth-Token: ***");
        out.assert_stderr_has("FAIL after");
        runner.assert_no_trace(&out, &token);
    }
}

#[test]
fn a_token_across_a_cut_leaves_no_prefix_behind() {
    // Error page text is cut at 300 characters and a failure reason at 500: the token
    // straddles both cuts, leaving its first ten characters before each.
    let page = format!("{}{TOKEN} and more", "x".repeat(290));
    let reason = format!("{}{TOKEN} and more", "y".repeat(490));
    let world = || {
        FakeApi::start(Config::standard().sequence(
            "j",
            vec![
                Step::text(502, &page),
                Step::job("FAIL").fields(json!({"fail_reason": reason})),
            ],
        ))
    };
    let run = |f: &FakeApi| jobwait_at(&f.url, &["j"], "20s").args(&["--poll-interval", "100ms"]);
    for (out, runner) in in_each_mode(world, run) {
        assert_eq!(out.code, 1, "{}", out.stderr);
        let prefix = &TOKEN[..10];
        for (place, text) in [
            ("stdout", out.stdout.clone()),
            ("stderr", out.stderr.clone()),
            ("summary", read(&runner.summary())),
        ] {
            assert!(!text.contains(prefix), "{place} shows {prefix:?}: {text}");
        }
    }
}

#[test]
fn legacy_workflow_commands_in_server_text_are_broken_on_both_streams() {
    let world = || {
        FakeApi::start(Config::standard().sequence(
            "j",
            vec![Step::job("FAIL").fields(json!({
                "error_code": "Ecs.##[error]1",
                "fail_reason": "disk full ##[stop-commands]x",
                "entities": {"sub_jobs": [{"status": "FAIL", "job_id": "sub-1",
                    "fail_reason": "##[warning title=forged]pwned"}]},
            }))],
        ))
    };
    let run = |f: &FakeApi| jobwait_at(&f.url, &["j"], "20s");
    for (out, _runner) in in_each_mode(world, run) {
        assert_eq!(out.code, 1, "{}", out.stderr);
        for (place, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let forged: Vec<&str> = text.lines().filter(|l| l.contains("##[")).collect();
            assert!(forged.is_empty(), "{place} carries a command: {forged:?}");
        }
        out.assert_stderr_has("disk full ## [stop-commands]x");
        out.assert_stderr_has("## [warning title=forged]pwned");
        if let Ok(result) = serde_json::from_str::<Value>(&out.stdout) {
            let job = &result["jobs"][0];
            assert_eq!(
                job["fail_reason"], "disk full ##[stop-commands]x",
                "jq reads it back"
            );
            assert_eq!(job["job"]["error_code"], "Ecs.##[error]1");
        }
    }
}

#[test]
fn an_invisible_character_in_a_status_is_shown_escaped() {
    let fake = FakeApi::start(Config::standard().sequence("j", vec![Step::job("SUC\u{200b}CESS")]));
    let out = jobwait_at(&fake.url, &["j"], "20s").run();
    assert_eq!(
        out.code, 3,
        "an unknown status is no verdict: {}",
        out.stderr
    );
    out.assert_stderr_has("unexpected status 'SUC<U+200B>CESS'");
    assert!(!out.stderr.contains('\u{200b}'), "{}", out.stderr);
}
