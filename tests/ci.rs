//! The real binary under GitHub Actions (`GITHUB_ACTIONS=true`) and GitLab CI
//! (`GITLAB_CI=true`): step outputs read back the way the runner reads them, the step
//! summary, annotations that server text cannot break out of, the mask line before an
//! obtained token could show, grouped and sectioned poll logs — and the same exit codes
//! as everywhere else.

mod support;

use serde_json::{Value, json};
use support::*;

impl Runner {
    fn outputs(&self) -> Outputs {
        Outputs::parse(&read(&self.output()))
    }
}

/// `$GITHUB_OUTPUT` read back as the runner reads it: `name=value` lines and
/// `name<<DELIMITER` blocks.
struct Outputs {
    /// Name, value, and the delimiter (empty for a `name=value` line), in file order.
    entries: Vec<(String, String, String)>,
}

impl Outputs {
    fn parse(text: &str) -> Outputs {
        let mut entries = Vec::new();
        let mut lines = text.split('\n');
        while let Some(line) = lines.next() {
            if line.is_empty() {
                continue;
            }
            if let Some((name, delimiter)) = line.split_once("<<") {
                let mut value = Vec::new();
                loop {
                    let next = lines
                        .next()
                        .unwrap_or_else(|| panic!("{name}: no closing {delimiter} in {text}"));
                    if next == delimiter {
                        break;
                    }
                    value.push(next);
                }
                entries.push((name.into(), value.join("\n"), delimiter.into()));
            } else {
                let (name, value) = line
                    .split_once('=')
                    .unwrap_or_else(|| panic!("not an output line: {line:?}"));
                entries.push((name.into(), value.into(), String::new()));
            }
        }
        Outputs { entries }
    }

    fn names(&self) -> Vec<&str> {
        self.entries.iter().map(|(n, _, _)| n.as_str()).collect()
    }

    #[track_caller]
    fn get(&self, name: &str) -> &str {
        let mut found = self.entries.iter().filter(|(n, _, _)| n == name);
        let (_, value, _) = found
            .next()
            .unwrap_or_else(|| panic!("no output {name} in {:?}", self.names()));
        assert!(found.next().is_none(), "output {name} written twice");
        value
    }

    #[track_caller]
    fn json(&self, name: &str) -> Value {
        serde_json::from_str(self.get(name))
            .unwrap_or_else(|e| panic!("output {name} is not JSON ({e}): {}", self.get(name)))
    }
}

/// The outputs the step writes, as the code names them (`tests/step_outputs.rs` holds
/// `action.yml` and the README to the same list).
fn output_names() -> Vec<&'static str> {
    jobwait::ci::step_outputs::StepOutput::ALL
        .iter()
        .map(|o| o.name())
        .collect()
}

/// A fail_reason that tries everything a line-based file format fears.
const NASTY_REASON: &str = "quota exceeded\nstatus=SUCCESS\nghadelimiter_0000\nEOF";

#[test]
fn step_outputs_are_appended_and_read_back_whole() {
    let fake = FakeApi::start(Config::standard().sequence(
        "j",
        vec![
            Step::job("RUNNING"),
            Step::job("FAIL").fields(json!({
                "error_code": "Ecs.0039",
                "fail_reason": NASTY_REASON,
                "entities": {"server_id": "srv-1", "sub_jobs_total": 1},
            })),
        ],
    ));
    let runner = Runner::new();
    std::fs::write(runner.output(), "earlier=1\n").unwrap();
    let out = runner
        .github(jobwait_at(&fake.url, &["j"], "20s").args(&["--poll-interval", "100ms"]))
        .run();
    assert_eq!(out.code, 1, "{}", out.stderr);

    let outputs = runner.outputs();
    let mut expected = vec!["earlier"];
    expected.extend(output_names());
    assert_eq!(
        outputs.names(),
        expected,
        "an earlier step's output is kept"
    );
    assert_eq!(outputs.get("status"), "FAIL");
    assert_eq!(outputs.get("job_type"), "createServer");
    assert_eq!(
        outputs.get("fail_reason"),
        "quota exceeded status=SUCCESS ghadelimiter_0000 EOF",
        "server text is one line, as in the log"
    );
    assert_eq!(outputs.get("error_code"), "Ecs.0039");
    assert_eq!(outputs.json("entities")["server_id"], "srv-1");
    let elapsed: f64 = outputs.get("elapsed_seconds").parse().unwrap();
    assert!(elapsed.is_finite() && elapsed >= 0.0, "seconds: {elapsed}");
    assert_eq!(outputs.get("verdict"), "failed");
    assert_eq!(outputs.get("exit_code"), "1");
    let result = outputs.json("result");
    assert_eq!(result["verdict"], "failed");
    assert_eq!(result["exit_code"], 1);
    assert_eq!(result["jobs"][0]["job_id"], "j");
    assert_eq!(result["jobs"][0]["job"]["fail_reason"], NASTY_REASON);

    let heredocs: Vec<&(String, String, String)> = outputs
        .entries
        .iter()
        .filter(|(_, _, d)| !d.is_empty())
        .collect();
    assert_eq!(
        heredocs.len(),
        output_names().len(),
        "every output is a block"
    );
    for (name, _, delimiter) in &heredocs {
        assert!(
            delimiter.starts_with("ghadelimiter_") && delimiter.len() >= 40,
            "{name}: {delimiter}"
        );
        assert!(
            outputs
                .entries
                .iter()
                .all(|(_, v, _)| !v.contains(delimiter)),
            "{name}'s delimiter occurs in a value"
        );
        let same = heredocs.iter().filter(|(_, _, d)| d == delimiter).count();
        assert_eq!(same, 1, "{name}: delimiters are random, not reused");
    }
}

/// Every string in a JSON value, keys included.
fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().flat_map(strings).collect(),
        Value::Object(map) => map
            .iter()
            .flat_map(|(k, v)| std::iter::once(k.clone()).chain(strings(v)))
            .collect(),
        _ => Vec::new(),
    }
}

/// A workflow echoes outputs (`echo "$FAIL_REASON"`), and the runner reads every line it
/// prints for workflow commands: at a line's start after blanks (`::name::`), and
/// anywhere in it (`##[name]`). Server text in an output must never read as one.
#[track_caller]
fn assert_inert(place: &str, text: &str) {
    for line in text.lines() {
        assert!(
            !line.trim_start().starts_with("::"),
            "{place} runs a command: {line:?}"
        );
        assert!(
            !line.contains("##["),
            "{place} runs a legacy command: {line:?}"
        );
    }
}

#[test]
fn step_outputs_hold_server_text_cleaned_and_the_result_as_data() {
    let forged = "::error title=x::forged\n  ::set-output name=verdict::success\n##[add-mask]zz";
    let fake = FakeApi::start(Config::standard().sequence(
        "j",
        vec![Step::job("FAIL").fields(json!({
            "job_type": "::warning::jt",
            "error_code": "##[add-mask]E1",
            "fail_reason": forged,
            "entities": {"note": "::set-output name=a::b\n::error::x",
                "##[k]": ["  ::error::y", "##[add-mask]y"]},
        }))],
    ));
    let runner = Runner::new();
    let out = runner.github(jobwait_at(&fake.url, &["j"], "20s")).run();
    assert_eq!(out.code, 1, "{}", out.stderr);

    let outputs = runner.outputs();
    for name in output_names() {
        let value = outputs.get(name);
        assert_inert(name, value);
        assert!(!value.contains('\n'), "{name} is one line: {value:?}");
    }
    assert_eq!(
        outputs.get("fail_reason"),
        ": :error title=x::forged ::set-output name=verdict::success ## [add-mask]zz"
    );
    assert_eq!(outputs.get("job_type"), ": :warning::jt");
    assert_eq!(outputs.get("error_code"), "## [add-mask]E1");
    // What `fromJSON` hands a workflow is clean too.
    for text in strings(&outputs.json("entities")) {
        assert_inert("a string in entities", &text);
    }
    // The result is data: JSON whose text runs nothing, and that decodes to what was sent.
    let result = outputs.json("result");
    assert_eq!(result["jobs"][0]["job"]["fail_reason"], forged);
    assert_eq!(result["jobs"][0]["job"]["job_type"], "::warning::jt");
}

#[test]
fn step_summary_is_a_table_of_every_job() {
    let fake = FakeApi::start(
        Config::standard()
            .sequence(
                "j-ok",
                vec![
                    Step::job("SUCCESS")
                        .fields(json!({"entities": {"server_id": "bae51750-0089"}})),
                ],
            )
            .sequence(
                "j-bad",
                vec![Step::job("FAIL").fields(
                    json!({"error_code": "Ecs.0039", "fail_reason": "quota | exceeded\nfor s3"}),
                )],
            ),
    );
    let runner = Runner::new();
    std::fs::write(runner.summary(), "# an earlier step\n").unwrap();
    let out = runner
        .github(jobwait_at(&fake.url, &["j-ok", "j-bad"], "20s"))
        .run();
    assert_eq!(out.code, 1, "{}", out.stderr);

    let summary = read(&runner.summary());
    let lines: Vec<&str> = summary.lines().collect();
    assert_eq!(lines[0], "# an earlier step");
    assert!(lines.contains(&"### jobwait: failed"), "{summary}");
    assert!(
        lines.contains(&"| job | type | verdict | elapsed | entities | failure |"),
        "{summary}"
    );
    let rows: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with("| `"))
        .collect();
    assert_eq!(rows.len(), 2, "{summary}");
    assert!(
        rows[0].starts_with("| `j-ok` | `createServer` | ✅ success |")
            && rows[0].contains("server_id=bae51750-0089"),
        "{}",
        rows[0]
    );
    assert!(
        rows[1].starts_with("| `j-bad` | `createServer` | ❌ failed |")
            && rows[1].contains("Ecs.0039")
            && rows[1].contains("quota \\| exceeded for s3"),
        "{}",
        rows[1]
    );
    for row in rows {
        let cells = row.replace("\\|", "").matches('|').count();
        assert_eq!(cells, 7, "server text cannot add columns: {row}");
    }
}

/// The cells of a Markdown table row, split at the pipes that are not escaped.
fn cells(row: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut chars = row.trim().trim_start_matches('|').chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cells.last_mut().unwrap().push_str("\\|");
                chars.next();
            }
            '|' => cells.push(String::new()),
            _ => cells.last_mut().unwrap().push(c),
        }
    }
    cells.pop();
    cells.iter().map(|c| c.trim().to_string()).collect()
}

/// Server text in the summary can neither link nor show an image nor carry HTML: each
/// cell that holds it is one code span, inside which Markdown and HTML are plain text.
#[test]
fn the_step_summary_shows_server_text_as_text() {
    let markup = "[re-authenticate](https://evil.example/login) ![](https://evil.example/x.png) <img src=x onerror=alert(1)> **urgent** https://evil.example/bare &amp;";
    let fake = FakeApi::start(Config::standard().sequence(
        "j",
        vec![Step::job("FAIL").fields(json!({
            "job_type": "<b>createServer</b>",
            "error_code": "`Ecs`.0039",
            "fail_reason": markup,
            "entities": {"server_id": "[srv](https://evil.example/)"},
        }))],
    ));
    let runner = Runner::new();
    let out = runner.github(jobwait_at(&fake.url, &["j"], "20s")).run();
    assert_eq!(out.code, 1, "{}", out.stderr);

    let summary = read(&runner.summary());
    let row = summary
        .lines()
        .find(|l| l.starts_with("| `j`"))
        .unwrap_or_else(|| panic!("no row: {summary}"));
    let cells = cells(row);
    assert_eq!(cells.len(), 6, "{row}");
    for (column, cell) in [
        ("type", &cells[1]),
        ("entities", &cells[4]),
        ("failure", &cells[5]),
    ] {
        let inner = cell
            .strip_prefix('`')
            .and_then(|c| c.strip_suffix('`'))
            .unwrap_or_else(|| panic!("the {column} cell is not a code span: {cell}"));
        assert!(
            !inner.contains('`'),
            "the {column} cell ends its code span early: {cell}"
        );
    }
    assert!(
        cells[5].contains("[re-authenticate](https://evil.example/login)"),
        "{row}"
    );
    assert!(cells[1].contains("<b>createServer</b>"), "{row}");
}

#[test]
fn annotations_carry_server_text_escaped_on_one_line() {
    let fake = FakeApi::start(Config::standard().sequence(
        "j",
        vec![Step::job("FAIL").fields(json!({
            "error_code": "Ecs.0039",
            "fail_reason": "50% done\r\n::error::forged\n::add-mask::x",
            "entities": {"sub_jobs": [{"status": "FAIL", "job_id": "sub-1",
                "fail_reason": "disk, full: 100%"}]},
        }))],
    ));
    let runner = Runner::new();
    let out = runner.github(jobwait_at(&fake.url, &["j"], "20s")).run();
    assert_eq!(out.code, 1, "{}", out.stderr);

    assert!(!out.stdout.contains('\r'), "{:?}", out.stdout);
    let commands: Vec<&str> = out.stdout.lines().filter(|l| l.starts_with("::")).collect();
    let errors: Vec<&str> = commands
        .iter()
        .copied()
        .filter(|l| l.starts_with("::error"))
        .collect();
    assert_eq!(errors.len(), 1, "one annotation, none forged: {commands:?}");
    assert!(
        !commands.iter().any(|l| l.starts_with("::add-mask::")),
        "{commands:?}"
    );
    let annotation = errors[0];
    assert!(
        annotation.starts_with("::error title=jobwait%3A job j failed::job j: FAIL"),
        "{annotation}"
    );
    assert!(annotation.contains("50%25 done"), "{annotation}");
    assert!(annotation.contains("disk, full: 100%25"), "{annotation}");
    assert!(
        annotation.contains("%0A"),
        "the sub-job's line joins with an escaped newline: {annotation}"
    );
}

#[test]
fn an_annotation_for_each_job_that_did_not_succeed() {
    let fake = FakeApi::start(
        Config::standard()
            .sequence("ok", vec![Step::job("SUCCESS")])
            .sequence("bad", vec![Step::job("FAIL")])
            .sequence("slow", vec![Step::job("RUNNING")]),
    );
    let runner = Runner::new();
    let out = runner
        .github(
            jobwait_at(&fake.url, &["ok", "bad", "slow", "gone"], "4s").args(&[
                "--not-found-grace",
                "0s",
                "--poll-interval",
                "200ms",
            ]),
        )
        .run();
    assert_eq!(out.code, 1, "the most serious verdict wins: {}", out.stderr);
    let titles: Vec<&str> = out
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("::error title="))
        .map(|l| l.split("::").next().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "jobwait%3A job bad failed",
            "jobwait%3A job slow timed out",
            "jobwait%3A job gone no verdict"
        ]
    );
    assert_eq!(runner.outputs().get("status"), "FAIL", "the decisive job");
}

/// GitHub takes at most 10 error annotations, 1 MiB of summary and 1 MB per output from
/// one step (100,000 job ids once wrote 100,000 annotations, 27 MB of outputs and 15 MB
/// of summary). 2,000 failed jobs with long reasons go over each limit.
#[test]
fn what_the_runner_is_handed_stays_within_githubs_limits() {
    const JOBS: usize = 2000;
    let reason = format!("quota exceeded: {}", "x".repeat(480));
    let ids: Vec<String> = (0..JOBS).map(|i| format!("j{i:04}")).collect();
    let failed = Step::job("FAIL").fields(json!({
        "error_code": "Ecs.0039", "fail_reason": reason,
        "entities": {"server_id": "bae51750-0089-41a1-9b18-5c777978ff6d"}}));
    let config = ids.iter().fold(Config::standard(), |c, id| {
        c.sequence(id, vec![failed.clone()])
    });
    let fake = FakeApi::start(config);
    let runner = Runner::new();
    let run = jobwait(&[
        "--endpoint",
        &fake.url,
        "--project-id",
        PROJECT,
        "--job-id",
        "-",
        "--max-rps",
        "100000",
        "--quiet",
    ])
    .env("JOBWAIT_TOKEN", TOKEN)
    .stdin(&ids.join("\n"));
    let out = runner.github(run).run();
    assert_eq!(out.code, 1, "{}", out.stderr);

    let errors: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("::error"))
        .collect();
    assert_eq!(
        errors.len(),
        10,
        "GitHub shows 10 a step: {:?}",
        &errors[..errors.len().min(12)]
    );
    assert!(
        errors[..9].iter().all(|e| e.contains("failed::job j")),
        "{errors:?}"
    );
    assert!(
        errors[9].contains(&format!(
            "{} more jobs did not succeed: {} failed",
            JOBS - 9,
            JOBS - 9
        )),
        "the rest counted in one: {}",
        errors[9]
    );

    let summary = read(&runner.summary());
    assert!(
        summary.len() < 1 << 20,
        "summary of {} bytes",
        summary.len()
    );
    let rows = summary.lines().filter(|l| l.starts_with("| `j")).count();
    assert!(
        (100..JOBS).contains(&rows),
        "a table of the first jobs: {rows} rows"
    );
    assert!(
        summary.contains(&format!(
            "and {} more jobs: {} failed",
            JOBS - rows,
            JOBS - rows
        )),
        "then counts: {}",
        &summary[summary.len().saturating_sub(300)..]
    );

    let outputs = runner.outputs();
    for name in output_names() {
        let size = outputs.get(name).len();
        assert!(size < 1_000_000, "output {name} of {size} bytes");
    }
    let result = outputs.json("result");
    assert_eq!(result["verdict"], "failed");
    let listed = result["jobs"].as_array().unwrap().len();
    assert!(listed > 100, "{listed} jobs in the result");
    assert_eq!(result["jobs_omitted"], JOBS - listed, "the rest counted");
    assert_eq!(result["jobs"][0]["job_id"], "j0000", "in order");
}

fn iam() -> Auth {
    Auth::Iam(Iam {
        user: "ci-bot".into(),
        password: PASSWORD.into(),
        domain: "acme".into(),
        project_id: Some(PROJECT.into()),
        ..Default::default()
    })
}

/// A verbose wait with a password login: the IAM token is obtained at run time.
fn login_run(fake: &FakeApi, extra: &[&str]) -> Run {
    let args = base_args(&fake.url, &["j"], "20s");
    let mut argv: Vec<&str> = args.iter().map(String::as_str).collect();
    argv.extend_from_slice(&["--verbose", "--poll-interval", "100ms"]);
    argv.extend_from_slice(extra);
    jobwait(&argv)
        .env("HW_USER_NAME", "ci-bot")
        .env("HW_USER_PASSWORD", PASSWORD)
        .env("HW_DOMAIN_NAME", "acme")
        .env("HW_AUTH_URL", &fake.url)
}

const ISSUED: &str = "MII-issued-0";

#[test]
fn an_obtained_token_is_masked_before_it_is_used() {
    let fake = FakeApi::start(
        Config::new()
            .project(PROJECT)
            .auth(iam())
            .sequence("j", vec![Step::job("RUNNING"), Step::job("SUCCESS")]),
    );
    let runner = Runner::new();
    let (code, log) = runner.github(login_run(&fake, &[])).run_interleaved();
    assert_eq!(code, 0, "{log}");
    assert_eq!(fake.logins(), 1);

    let lines: Vec<&str> = log.lines().collect();
    let naming: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].contains(ISSUED))
        .collect();
    assert_eq!(naming.len(), 1, "only the mask line names the token: {log}");
    let mask = naming[0];
    assert_eq!(lines[mask], format!("::add-mask::{ISSUED}"));
    let first_poll = lines
        .iter()
        .position(|l| l.contains("] job j"))
        .unwrap_or_else(|| panic!("no progress line: {log}"));
    assert!(
        mask < first_poll,
        "the mask comes before the first poll is reported: {log}"
    );
    assert!(
        !read(&runner.output()).contains(ISSUED) && !read(&runner.summary()).contains(ISSUED),
        "the runner's files never hold it"
    );
}

#[test]
fn with_json_output_the_mask_and_commands_go_to_stderr() {
    let fake = FakeApi::start(
        Config::new()
            .project(PROJECT)
            .auth(iam())
            .sequence("j", vec![Step::job("FAIL")]),
    );
    let runner = Runner::new();
    let out = runner.github(login_run(&fake, &["--output", "json"])).run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    let result: Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not pure JSON ({e}): {}", out.stdout));
    assert_eq!(result["verdict"], "failed");
    assert_eq!(out.stdout.trim_end().lines().count(), 1, "{}", out.stdout);
    assert!(!out.stdout.contains("::"), "{}", out.stdout);
    for command in [
        "::group::jobwait: poll log",
        "::endgroup::",
        &format!("::add-mask::{ISSUED}"),
        "::error title=jobwait%3A job j failed::",
    ] {
        out.assert_stderr_has(command);
    }
    assert_eq!(
        runner.outputs().json("result"),
        result,
        "the result output is what stdout holds"
    );
}

#[test]
fn without_github_no_mask_line_and_no_token() {
    let fake = FakeApi::start(
        Config::new()
            .project(PROJECT)
            .auth(iam())
            .sequence("j", vec![Step::job("SUCCESS")]),
    );
    let (code, log) = login_run(&fake, &[])
        .env("GITLAB_CI", "true")
        .run_interleaved();
    assert_eq!(code, 0, "{log}");
    assert!(
        !log.contains(ISSUED) && !log.contains("::add-mask::"),
        "{log}"
    );
}

#[test]
fn the_poll_log_is_a_group_on_github() {
    let fake = FakeApi::start(Config::standard().sequence(
        "j",
        vec![
            Step::job("INIT"),
            Step::job("RUNNING"),
            Step::job("SUCCESS"),
        ],
    ));
    let runner = Runner::new();
    let (code, log) = runner
        .github(jobwait_at(&fake.url, &["j"], "20s").args(&["--poll-interval", "100ms"]))
        .run_interleaved();
    assert_eq!(code, 0, "{log}");
    let lines: Vec<&str> = log.lines().collect();
    let at = |want: &dyn Fn(&str) -> bool, what: &str| {
        let found: Vec<usize> = (0..lines.len()).filter(|&i| want(lines[i])).collect();
        assert_eq!(found.len(), 1, "one {what} line: {log}");
        found[0]
    };
    let start = at(&|l| l == "::group::jobwait: poll log", "group");
    at(&|l| l.contains("waiting for job j"), "waiting for");
    let end = at(&|l| l == "::endgroup::", "endgroup");
    let running = at(&|l| l.starts_with("job j: RUNNING"), "RUNNING");
    let verdict = at(&|l| l.starts_with("job j: SUCCESS after"), "verdict");
    let endpoint = at(&|l| l.starts_with("jobwait: endpoint:"), "endpoint");
    assert!(endpoint < start, "start-up lines stay visible: {log}");
    assert!(start < running && running < end, "polls inside: {log}");
    assert!(end < verdict, "the verdict stays visible: {log}");
}

#[test]
fn the_poll_log_is_a_collapsed_section_on_gitlab() {
    // A fresh world per run: a job's script goes on where the last run left it.
    let run = |fake: &FakeApi| {
        jobwait_at(&fake.url, &["j"], "20s")
            .args(&["--poll-interval", "100ms"])
            .env("GITLAB_CI", "true")
    };
    let world = || {
        FakeApi::start(
            Config::standard().sequence("j", vec![Step::job("RUNNING"), Step::job("SUCCESS")]),
        )
    };
    let out = run(&world()).run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "", "text mode keeps stdout for results");

    let (code, log) = run(&world()).run_interleaved();
    assert_eq!(code, 0, "{log}");
    assert!(!log.contains("::group::"), "no GitHub commands: {log}");
    let lines: Vec<&str> = log.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with("\u{1b}[0Ksection_start:"))
        .unwrap_or_else(|| panic!("no section_start: {log:?}"));
    let end = lines
        .iter()
        .position(|l| l.starts_with("\u{1b}[0Ksection_end:"))
        .unwrap_or_else(|| panic!("no section_end: {log:?}"));
    let (open, close) = (lines[start], lines[end]);
    let stamp = |marker: &str, prefix: &str| -> u64 {
        marker[prefix.len()..]
            .split(':')
            .next()
            .unwrap()
            .parse()
            .unwrap_or_else(|_| panic!("no timestamp in {marker:?}"))
    };
    let opened = stamp(open, "\u{1b}[0Ksection_start:");
    let closed = stamp(close, "\u{1b}[0Ksection_end:");
    assert!(
        open.ends_with(":jobwait_poll[collapsed=true]\r\u{1b}[0Kjobwait: poll log"),
        "{open:?}"
    );
    assert!(close.ends_with(":jobwait_poll\r\u{1b}[0K"), "{close:?}");
    assert!(opened <= closed && closed - opened < 20);
    let running = lines
        .iter()
        .position(|l| l.starts_with("job j: RUNNING"))
        .unwrap();
    let verdict = lines
        .iter()
        .position(|l| l.starts_with("job j: SUCCESS after"))
        .unwrap();
    assert!(start < running && running < end && end < verdict, "{log:?}");
}

/// What a CI variable set looks like to the binary.
#[derive(Clone, Copy, Debug)]
enum Ci {
    None,
    GitHub,
    GitLab,
}

#[test]
fn exit_codes_are_the_same_in_every_ci() {
    let refused = Step::http(
        401,
        json!({"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication information"}),
    );
    let fake = FakeApi::start(
        Config::standard()
            .sequence("ok", vec![Step::job("SUCCESS")])
            .sequence("bad", vec![Step::job("FAIL")])
            .sequence("slow", vec![Step::job("RUNNING")])
            .sequence("refused", vec![refused]),
    );
    let cases = [
        ("ok", 0, "success"),
        ("bad", 1, "failed"),
        ("slow", 2, "timeout"),
        ("refused", 3, "no_verdict"),
    ];
    for ci in [Ci::None, Ci::GitHub, Ci::GitLab] {
        for (job, code, verdict) in cases {
            let runner = Runner::new();
            let run = jobwait_at(&fake.url, &[job], "1s").args(&["--poll-interval", "200ms"]);
            let run = match ci {
                Ci::None => run,
                Ci::GitHub => runner.github(run),
                Ci::GitLab => run.env("GITLAB_CI", "true"),
            };
            let out = run.run();
            assert_eq!(out.code, code, "{ci:?} {job}: {}", out.stderr);
            match ci {
                Ci::GitHub => {
                    let outputs = runner.outputs();
                    assert_eq!(outputs.get("exit_code"), code.to_string(), "{job}");
                    assert_eq!(outputs.get("verdict"), verdict, "{job}");
                }
                _ => assert!(!runner.output().exists()),
            }
        }
    }

    // A usage error stops before any waiting: exit 4; on GitHub the exit_code output
    // alone (4), so a later step can tell it from a failed job; no summary.
    for ci in [Ci::GitHub, Ci::GitLab] {
        let runner = Runner::new();
        let run = jobwait(&["--endpoint", &fake.url, "--token", "t"]);
        let run = match ci {
            Ci::GitHub => runner.github(run),
            _ => run.env("GITLAB_CI", "true"),
        };
        let out = run.run();
        assert_eq!(out.code, 4, "{ci:?}: {}", out.stderr);
        out.assert_stderr_has("no job to wait for");
        assert!(!runner.summary().exists());
        match ci {
            Ci::GitHub => {
                let outputs = runner.outputs();
                assert_eq!(outputs.names(), ["exit_code"]);
                assert_eq!(outputs.get("exit_code"), "4");
            }
            _ => assert!(!runner.output().exists()),
        }
    }
}

/// Every stop request, sent to the real process once the fake has seen a request: the
/// group is closed and the outputs and summary written, as for SIGINT (SIGHUP and SIGQUIT
/// once ended the process with nothing written).
#[cfg(unix)]
#[test]
fn a_cancelled_wait_still_closes_the_group_and_writes_outputs() {
    for (signal, code) in [(2, "130"), (15, "143"), (1, "143"), (3, "143")] {
        let fake = FakeApi::start(Config::standard().sequence("j", vec![Step::job("RUNNING")]));
        let runner = Runner::new();
        let out = runner
            .github(jobwait_at(&fake.url, &["j"], "60s").args(&["--poll-interval", "100ms"]))
            .run_signalled_when(signal, || fake.requests().len() >= 2);
        assert_eq!(
            out.code.to_string(),
            code,
            "signal {signal}: {}",
            out.stderr
        );
        let stderr: Vec<&str> = out.stderr.lines().collect();
        assert!(stderr.contains(&"::endgroup::"), "{}", out.stderr);
        let outputs = runner.outputs();
        assert_eq!(outputs.get("verdict"), "cancelled");
        assert_eq!(outputs.get("exit_code"), code);
        assert_eq!(outputs.get("status"), "RUNNING");
        let summary = read(&runner.summary());
        assert!(summary.contains("cancelled"), "signal {signal}: {summary}");
    }
}

#[test]
fn outside_github_nothing_is_written_for_the_runner() {
    let fake = FakeApi::start(Config::standard().sequence("j", vec![Step::job("FAIL")]));
    for actions in [None, Some("false")] {
        let runner = Runner::new();
        let mut run = jobwait_at(&fake.url, &["j"], "20s")
            .env("GITHUB_OUTPUT", &runner.output().to_string_lossy())
            .env("GITHUB_STEP_SUMMARY", &runner.summary().to_string_lossy());
        if let Some(value) = actions {
            run = run.env("GITHUB_ACTIONS", value);
        }
        let out = run.run();
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert_eq!(out.stdout, "", "no workflow commands");
        assert!(!runner.output().exists() && !runner.summary().exists());
    }
}

#[test]
fn an_unwritable_outputs_file_is_a_warning_not_a_verdict() {
    let fake = FakeApi::start(Config::standard().sequence("j", vec![Step::job("SUCCESS")]));
    let runner = Runner::new();
    let missing = runner.dir.path().join("no-such-dir").join("out");
    let out = jobwait_at(&fake.url, &["j"], "20s")
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_OUTPUT", &missing.to_string_lossy())
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.assert_stderr_has("jobwait: warning: cannot write step outputs to");
}

/// Two jobs that end at the same answer: each group holds poll lines, none is left empty
/// after the last verdict, and "waiting for 2 jobs" is said once.
#[test]
fn no_empty_group_is_left_behind_and_waiting_for_is_said_once() {
    let steps = || vec![Step::job("RUNNING"), Step::job("SUCCESS")];
    let fake = FakeApi::start(
        Config::standard()
            .sequence("a", steps())
            .sequence("b", steps()),
    );
    let runner = Runner::new();
    let (code, log) = runner
        .github(jobwait_at(&fake.url, &["a", "b"], "20s").args(&["--poll-interval", "100ms"]))
        .run_interleaved();
    assert_eq!(code, 0, "{log}");
    assert_eq!(log.matches("waiting for 2 jobs").count(), 1, "{log}");
    let lines: Vec<&str> = log.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("::group::") {
            let next = lines.get(i + 1).copied().unwrap_or("");
            assert!(
                !next.starts_with("::endgroup::") && !next.is_empty(),
                "an empty group at line {i}: {log}"
            );
        }
    }
    assert_eq!(
        log.matches("::group::").count(),
        log.matches("::endgroup::").count(),
        "{log}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("job a: SUCCESS")),
        "{log}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("job b: SUCCESS")),
        "{log}"
    );
}

/// `-v`: every line for people starts with the time since the start; workflow commands
/// the runner reads do not.
#[test]
fn verbose_lines_carry_the_time_since_the_start() {
    let fake = FakeApi::start(
        Config::standard().sequence("j", vec![Step::job("RUNNING"), Step::job("SUCCESS")]),
    );
    let runner = Runner::new();
    let (code, log) = runner
        .github(jobwait_at(&fake.url, &["j"], "20s").args(&["--poll-interval", "100ms", "-v"]))
        .run_interleaved();
    assert_eq!(code, 0, "{log}");
    let stamped = |l: &str| {
        let Some(rest) = l.strip_prefix('[') else {
            return false;
        };
        let Some((secs, text)) = rest.split_once("s] ") else {
            return false;
        };
        let secs = secs.trim_start();
        secs.len() >= 5
            && secs.parse::<f64>().is_ok()
            && secs.as_bytes()[secs.len() - 4] == b'.'
            && !text.is_empty()
    };
    let mut seen = 0;
    for line in log.lines() {
        if line.starts_with("::") {
            continue;
        }
        assert!(stamped(line), "not stamped: {line:?} in {log}");
        seen += 1;
    }
    assert!(seen >= 5, "{log}");
    assert!(log.contains("] job j: RUNNING"), "{log}");
    assert!(log.contains("] job j: SUCCESS after"), "{log}");
}
