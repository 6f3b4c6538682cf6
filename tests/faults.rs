//! The fault matrix: the real binary against every way the API (or what stands between)
//! misbehaves. Each case asserts the exit code, that stderr explains what happened, and —
//! through `Outcome::assert_clean` in the harness, with `--verbose` on — that no
//! credential and no panic ever shows. No case reads a clock: that the deadline holds
//! against stalls and drips is the wait's paused-clock tests' to check, exactly.

mod support;

use std::time::Duration;

use serde_json::json;
use support::*;

struct Case {
    name: &'static str,
    steps: Vec<Step>,
    timeout: &'static str,
    extra: &'static [&'static str],
    code: i32,
    /// Each must appear on stderr.
    explains: &'static [&'static str],
}

fn busy(code: u16) -> Step {
    Step::http(
        code,
        json!({"error": {"code": "SYS.5003", "message": "Service busy, retry later"}}),
    )
}

fn cases() -> Vec<Case> {
    let ok = || Step::job("SUCCESS");
    vec![
        Case {
            name: "5xx burst",
            steps: vec![busy(503), busy(500), busy(502), busy(504), ok()],
            timeout: "60s",
            extra: &[],
            code: 0,
            explains: &[
                "503 Service Unavailable",
                "500 Internal Server Error",
                "502 Bad Gateway",
                "504 Gateway Timeout",
                "SYS.5003",
                "retrying in",
            ],
        },
        Case {
            name: "408",
            steps: vec![Step::http(408, json!({})), ok()],
            timeout: "30s",
            extra: &[],
            code: 0,
            explains: &["408 Request Timeout"],
        },
        Case {
            name: "429 without Retry-After",
            steps: vec![
                Step::http(
                    429,
                    json!({"error_code": "APIGW.0308", "error_msg": "The throttling threshold has been reached"}),
                ),
                ok(),
            ],
            timeout: "30s",
            extra: &[],
            code: 0,
            explains: &["429 Too Many Requests", "APIGW.0308"],
        },
        Case {
            name: "429 with Retry-After",
            steps: vec![
                Step::http(
                    429,
                    json!({"error": {"code": "Common.1503", "message": "throttled"}}),
                )
                .header("Retry-After", "1"),
                ok(),
            ],
            timeout: "30s",
            extra: &[],
            code: 0,
            explains: &["Common.1503", "retrying in 1"],
        },
        Case {
            name: "dropped connections",
            steps: vec![Step::dropped(), Step::dropped(), ok()],
            timeout: "30s",
            extra: &[],
            code: 0,
            explains: &["retrying in"],
        },
        Case {
            name: "an answer slower than the request timeout",
            steps: vec![ok().delay(Duration::from_secs(3)), ok()],
            timeout: "30s",
            extra: &["--request-timeout", "500ms"],
            code: 0,
            explains: &["no answer within 500ms"],
        },
        Case {
            name: "HTML with status 200",
            steps: vec![
                Step::text(200, "<html><body>Proxy login</body></html>")
                    .header("Content-Type", "text/html"),
                ok(),
            ],
            timeout: "30s",
            extra: &[],
            code: 0,
            explains: &["not a job document", "HTML"],
        },
        Case {
            name: "truncated JSON with status 200",
            steps: vec![Step::text(200, r#"{"status": "RUNN"#), ok()],
            timeout: "30s",
            extra: &[],
            code: 0,
            explains: &["truncated"],
        },
        Case {
            name: "an error body with status 200",
            steps: vec![
                Step::http(200, json!({"code": "Ecs.0000", "message": "query failed"})),
                ok(),
            ],
            timeout: "30s",
            extra: &[],
            code: 0,
            explains: &["the job query failed", "Ecs.0000: query failed"],
        },
        Case {
            name: "404 then found",
            steps: vec![
                Step::http(
                    404,
                    json!({"itemNotFound": {"message": "not yet", "code": 404}}),
                ),
                ok(),
            ],
            timeout: "30s",
            extra: &[],
            code: 0,
            explains: &["404 Not Found", "not yet"],
        },
        Case {
            name: "huge body",
            steps: vec![Step::huge("SUCCESS", 3 << 20)],
            timeout: "30s",
            extra: &[],
            code: 0,
            explains: &["SUCCESS"],
        },
        Case {
            name: "slow-drip body",
            steps: vec![ok().drip(Duration::from_millis(1500))],
            timeout: "30s",
            extra: &[],
            code: 0,
            explains: &["SUCCESS"],
        },
        Case {
            name: "401",
            steps: vec![
                Step::http(
                    401,
                    json!({"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication information"}),
                ),
                ok(),
            ],
            timeout: "60s",
            extra: &[],
            code: 3,
            explains: &["401 Unauthorized", "APIGW.0301"],
        },
        Case {
            name: "403",
            steps: vec![
                Step::http(
                    403,
                    json!({"error": {"code": "Ecs.0003", "message": "forbidden"}}),
                ),
                ok(),
            ],
            timeout: "60s",
            extra: &[],
            code: 3,
            explains: &["403 Forbidden", "Ecs.0003", "permissions"],
        },
        Case {
            name: "redirects are not followed",
            steps: vec![
                Step::text(302, "").header("Location", "https://elsewhere.example.com/"),
                ok(),
            ],
            timeout: "60s",
            extra: &[],
            code: 3,
            explains: &["302 Found", "redirected to https://elsewhere.example.com/"],
        },
        Case {
            name: "unknown status",
            steps: vec![Step::job("ROLLING_BACK")],
            timeout: "60s",
            extra: &[],
            code: 3,
            explains: &["unexpected status 'ROLLING_BACK'"],
        },
        Case {
            // A good answer over the size limit is read through for its fields; one that
            // is not JSON is no job document.
            name: "a body over the size limit that is no document",
            steps: vec![Step::bytes(200, &vec![b'x'; 17 << 20])],
            timeout: "5s",
            extra: &[],
            code: 3,
            explains: &[
                "larger than 16 MiB and not one JSON document",
                "no job document was read",
            ],
        },
        Case {
            name: "a stall past the deadline",
            steps: vec![
                Step::job("RUNNING"),
                Step::job("RUNNING").delay(Duration::from_secs(30)),
            ],
            timeout: "5s",
            extra: &[],
            code: 2,
            explains: &["timed out after 5s; last status RUNNING"],
        },
        Case {
            name: "a drip past the deadline",
            steps: vec![Step::job("SUCCESS").drip(Duration::from_secs(10))],
            timeout: "5s",
            extra: &[],
            code: 3,
            explains: &["no job document was read within the timeout (5s)"],
        },
        Case {
            name: "a drip past the deadline after a pending answer",
            steps: vec![
                Step::job("RUNNING"),
                Step::job("SUCCESS").drip(Duration::from_secs(10)),
            ],
            timeout: "5s",
            extra: &[],
            code: 2,
            explains: &["timed out after 5s; last status RUNNING"],
        },
        Case {
            // A status line, then a body that never ends: an answer, so not "nothing
            // answered" after --not-found-grace, but no job document at the deadline.
            name: "a body that never ends",
            steps: vec![Step::job("RUNNING").drip(Duration::from_secs(60))],
            timeout: "4s",
            extra: &["--not-found-grace", "1s", "--request-timeout", "2s"],
            code: 3,
            explains: &[
                "no job document was read within the timeout (4s)",
                "200 OK, but its body did not end within",
            ],
        },
        Case {
            name: "dropped until the deadline",
            steps: vec![Step::dropped()],
            timeout: "2s",
            extra: &[],
            code: 3,
            explains: &["no job document was read", "last answer"],
        },
    ]
}

/// Run one case; `Err` says what was wrong.
fn check(case: Case) -> Result<(), String> {
    let fake = FakeApi::start(Config::standard().sequence("j", case.steps));
    let out = jobwait_at(&fake.url, &["j"], case.timeout)
        .args(&["--verbose"])
        .args(case.extra)
        .run();
    let mut problems = Vec::new();
    if out.code != case.code {
        problems.push(format!("exit {} (want {})", out.code, case.code));
    }
    for needle in case.explains {
        if !out.stderr.contains(needle) {
            problems.push(format!("stderr lacks {needle:?}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}: {}\n{}",
            case.name,
            problems.join("; "),
            out.stderr
        ))
    }
}

#[test]
fn fault_matrix() {
    // A few cases at a time: fast enough, and light enough for a busy 2-core machine.
    // Where a case needs an answer read before its deadline, the deadline leaves seconds
    // to spare, so load can slow a case down but not change its verdict.
    let queue = std::sync::Mutex::new(cases());
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                while let Some(case) = queue.lock().unwrap().pop() {
                    if let Err(e) = check(case) {
                        failures.lock().unwrap().push(e);
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// What the client decided on a `Retry-After`, and that it asked again after it. How long
/// it waited is the wait's paused-clock tests' to check to the millisecond
/// (`retry_after_is_honoured_and_slows_everyone`); here no clock is read.
#[test]
fn retry_after_is_waited_for() {
    let fake = FakeApi::start(Config::standard().sequence(
        "j",
        vec![
            Step::http(429, json!({})).header("Retry-After", "2"),
            Step::job("SUCCESS"),
        ],
    ));
    let out = jobwait_at(&fake.url, &["j"], "30s").run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.assert_stderr_has("429 Too Many Requests");
    out.assert_stderr_has("retrying in 2s");
    assert_eq!(fake.job_requests("j").len(), 2);
}

/// A 429 for one job holds every job back: told by the order in which the fake saw the
/// requests, not by a clock. `b` answers a second late, so its next poll comes after
/// the 429 was read; unpaused, it would poll four more times (every 100 ms, growing)
/// before `a` asks again, two seconds after its 429. Paused, it asks at most once more,
/// when the pause ends, as `a` does.
#[test]
fn one_jobs_429_slows_every_job() {
    let mut b = vec![Step::job("RUNNING").delay(Duration::from_secs(1))];
    b.extend(std::iter::repeat_n(Step::job("RUNNING"), 8));
    b.push(Step::job("SUCCESS"));
    let fake = FakeApi::start(
        Config::standard()
            .sequence(
                "a",
                vec![
                    Step::http(429, json!({})).header("Retry-After", "2"),
                    Step::job("SUCCESS"),
                ],
            )
            .sequence("b", b),
    );
    let out = jobwait_at(&fake.url, &["a", "b"], "60s")
        .args(&["--poll-interval", "100ms"])
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let a = fake.job_requests("a");
    assert_eq!(a.len(), 2);
    let before = fake
        .job_requests("b")
        .iter()
        .filter(|r| r.at < a[1].at)
        .count();
    assert!(
        before <= 2,
        "b asked {before} times before a's second request"
    );
}

/// `--max-rps` holds over all jobs, counted: at 5 requests a second, a 2 s wait (and the
/// last poll's 0.75 s of grace) has room for 14 requests at most, however many jobs poll
/// every 100 ms; unlimited, the first poll of each of the 20 jobs alone would be 20. The
/// limiter's spacing is its paused-clock unit tests' to check.
#[test]
fn the_rate_limit_spaces_requests_across_all_jobs() {
    let mut config = Config::standard();
    let ids: Vec<String> = (0..20).map(|i| format!("job{i}")).collect();
    for id in &ids {
        config = config.sequence(id, vec![Step::job("RUNNING")]);
    }
    let fake = FakeApi::start(config);
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let out = jobwait_at(&fake.url, &refs, "2s")
        .args(&["--max-rps", "5", "--poll-interval", "100ms", "--quiet"])
        .run();
    // Some jobs were never asked about before the deadline: no verdict for them.
    assert_eq!(out.code, 3, "{}", out.stderr);
    let asked = fake.requests().len();
    assert!((1..=14).contains(&asked), "{asked} requests");
}
