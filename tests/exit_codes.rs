//! Every row of the exit-code table, against the real binary. Single answers come from
//! mockito; status sequences and signals from the project's fake API.

mod support;

use jobwait::exit::Signal;
use serde_json::json;
use support::*;

fn job_path(job: &str) -> String {
    format!("/v1/{PROJECT}/jobs/{job}")
}

fn mock_job(server: &mut mockito::Server, job: &str, status: u16, body: &str) -> mockito::Mock {
    server
        .mock("GET", job_path(job).as_str())
        .match_header("x-auth-token", TOKEN)
        .with_status(status as usize)
        .with_header("content-type", "application/json")
        .with_body(body)
        .create()
}

#[test]
fn exit_0_when_the_job_succeeded() {
    let mut server = mockito::Server::new();
    let mock = mock_job(
        &mut server,
        "j1",
        200,
        r#"{"status":"SUCCESS","job_type":"createServer","entities":{"sub_jobs":[{"status":"SUCCESS","entities":{"server_id":"bae51750"}}]}}"#,
    );
    let out = jobwait_at(&server.url(), &["j1"], "20s").run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    mock.expect(1).assert();
    out.assert_stderr_has_around(
        "job j1: SUCCESS after ",
        "s (createServer; server_id=bae51750)",
    );
    assert!(
        out.stdout.is_empty(),
        "stdout is for results only: {}",
        out.stdout
    );
}

#[test]
fn exit_1_when_the_job_failed_with_every_detail_printed() {
    let mut server = mockito::Server::new();
    let body = json!({
        "status": "FAIL", "job_type": "createServer", "error_code": "Ecs.0039",
        "fail_reason": "ECS quota exceeded for flavor s3.large",
        "entities": {"sub_jobs_total": 2, "sub_jobs": [
            {"status": "SUCCESS", "job_id": "sub-ok", "entities": {"server_id": "s-ok"}},
            {"status": "FAIL", "job_id": "sub-bad", "job_type": "createSingleServer", "error_code": "Ecs.0037",
             "fail_reason": "EIP quota exceeded", "entities": {"errorcode_message": "Insufficient EIP quota"}}]}
    });
    mock_job(&mut server, "j3", 200, &body.to_string());
    let out = jobwait_at(&server.url(), &["j3"], "20s").run();
    assert_eq!(out.code, 1);
    for needle in [
        "Ecs.0039",
        "ECS quota exceeded for flavor s3.large",
        "sub-bad",
        "createSingleServer",
        "Ecs.0037",
        "EIP quota exceeded",
        "Insufficient EIP quota",
    ] {
        assert!(
            out.stderr.contains(needle),
            "missing {needle}: {}",
            out.stderr
        );
    }
    assert!(
        !out.stderr.contains("sub-ok"),
        "succeeded sub-jobs are not failures"
    );
}

#[test]
fn exit_2_on_timeout_with_the_last_status() {
    let mut server = mockito::Server::new();
    mock_job(&mut server, "j4", 200, r#"{"status":"RUNNING"}"#);
    let out = jobwait_at(&server.url(), &["j4"], "4s").run();
    assert_eq!(out.code, 2);
    out.assert_stderr_has("timed out after 4s; last status RUNNING");
    // Ending at the deadline, after a last poll, is the wait's paused-clock tests' to time.
}

#[test]
fn exit_2_on_timeout_names_the_last_error_when_polls_were_failing() {
    let busy = Step::http(
        503,
        json!({"error": {"code": "SYS.5003", "message": "Service busy"}}),
    );
    let fake = FakeApi::start(Config::standard().sequence("j4", vec![Step::job("RUNNING"), busy]));
    let out = jobwait_at(&fake.url, &["j4"], "4s").run();
    assert_eq!(out.code, 2, "{}", out.stderr);
    out.assert_stderr_has("timed out after 4s; last status RUNNING");
    out.assert_stderr_has("last error: 503 Service Unavailable");
    out.assert_stderr_has("SYS.5003: Service busy");
}

#[test]
fn exit_3_not_2_when_the_job_was_never_seen_at_all() {
    // The API answers, but never with the job: nothing says it is still running.
    let mut server = mockito::Server::new();
    mock_job(
        &mut server,
        "j4",
        503,
        r#"{"error":{"code":"SYS.5003","message":"Service busy"}}"#,
    );
    let out = jobwait_at(&server.url(), &["j4"], "2s").run();
    assert_eq!(out.code, 3, "{}", out.stderr);
    out.assert_stderr_has("no job document was read within the timeout (2s)");
    out.assert_stderr_has("last answer: 503 Service Unavailable");
}

#[test]
fn exit_3_at_once_when_nothing_answers_at_all() {
    // A wrong endpoint: nothing listens. After --not-found-grace, not after --timeout
    // (which would be 30 minutes). The port is bound but never listened on, and stays
    // bound for the whole test, so connections are refused and no fake running beside
    // this test can be given the same port.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let port = socket.local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}");
    let out = jobwait_at(&url, &["j"], "30m")
        .args(&["--not-found-grace", "2s"])
        .run();
    assert_eq!(out.code, 3, "{}", out.stderr);
    out.assert_stderr_has("nothing answered for 2s");
    out.assert_stderr_has("could not connect");
    out.assert_stderr_has(&format!("127.0.0.1:{port}"));
    drop(socket);
}

/// Something listens, but does not speak HTTP (here an SSH server's greeting, sent on
/// connecting, before or after the request arrives: a wrong port): after
/// --not-found-grace, no verdict, saying that something answered in another tongue, not
/// that nothing answered (issue 19).
#[test]
fn exit_3_when_the_endpoint_answers_but_not_in_http() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            use std::io::Write;
            let _ = stream.write_all(b"SSH-2.0-OpenSSH_9.6\r\n");
        }
    });
    let out = jobwait_at(&url, &["j"], "30m")
        .args(&["--not-found-grace", "1s"])
        .run();
    assert_eq!(out.code, 3, "{}", out.stderr);
    out.assert_stderr_has(
        "no HTTP answer for 1s: something at the endpoint answers, but not in HTTP",
    );
    out.assert_stderr_has("the answer is not HTTP that jobwait can read: ");
    assert!(!out.stderr.contains("nothing answered"), "{}", out.stderr);
}

#[test]
fn exit_3_on_401_after_exactly_one_request() {
    let mut server = mockito::Server::new();
    let mock = mock_job(&mut server, "j12", 401, r#"{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: verify token fail"}"#)
        .expect(1);
    let out = jobwait_at(&server.url(), &["j12"], "60s").run();
    assert_eq!(out.code, 3);
    mock.assert();
    out.assert_stderr_has("401 Unauthorized");
    out.assert_stderr_has("APIGW.0301: Incorrect IAM authentication information");
    assert!(
        out.stderr.contains("tokens expire"),
        "a hint: {}",
        out.stderr
    );
}

#[test]
fn exit_3_on_403_and_other_client_errors_without_retrying() {
    for (status, body, needle) in [
        (
            403,
            r#"{"error":{"code":"Ecs.0001","message":"Policy doesn't allow ecs:jobs:get"}}"#,
            "Ecs.0001",
        ),
        (
            400,
            r#"{"error":{"code":"Common.0002","message":"bad request"}}"#,
            "Common.0002",
        ),
        (405, "method not allowed", "method not allowed"),
    ] {
        let mut server = mockito::Server::new();
        let mock = mock_job(&mut server, "j", status, body).expect(1);
        let out = jobwait_at(&server.url(), &["j"], "60s").run();
        assert_eq!(out.code, 3, "{status}: {}", out.stderr);
        mock.assert();
        assert!(out.stderr.contains(needle), "{status}: {}", out.stderr);
    }
}

#[test]
fn exit_3_when_the_job_stays_404_past_the_grace_period() {
    let mut server = mockito::Server::new();
    mock_job(
        &mut server,
        "nope",
        404,
        r#"{"itemNotFound":{"message":"job nope not found","code":404}}"#,
    );
    let out = jobwait_at(&server.url(), &["nope"], "10m")
        .args(&["--not-found-grace", "2s"])
        .run();
    assert_eq!(out.code, 3);
    out.assert_stderr_has("not found");
    out.assert_stderr_has("deleted about a day after they end");
    out.assert_stderr_has("job nope not found");
    out.assert_stderr_has("still 404 after 2s");
}

#[test]
fn exit_3_on_a_status_nobody_knows() {
    let mut server = mockito::Server::new();
    mock_job(&mut server, "j14", 200, r#"{"status":"WEIRD"}"#);
    let out = jobwait_at(&server.url(), &["j14"], "60s").run();
    assert_eq!(out.code, 3);
    out.assert_stderr_has("unexpected status 'WEIRD' for ecs (pending: INIT, RUNNING, PENDING_PAYMENT; success: SUCCESS; failure: FAIL) — if the service added a word, place it with --pending-status");
}

#[test]
fn statuses_match_case_insensitively_and_can_be_extended() {
    let mut server = mockito::Server::new();
    mock_job(&mut server, "a", 200, r#"{"status":"success"}"#);
    mock_job(&mut server, "b", 200, r#"{"status":"DONE"}"#);
    mock_job(&mut server, "c", 200, r#"{"status":"Fail"}"#);
    assert_eq!(jobwait_at(&server.url(), &["a"], "5s").run().code, 0);
    assert_eq!(
        jobwait_at(&server.url(), &["b"], "5s")
            .args(&["--success-status", "done,finished"])
            .run()
            .code,
        0
    );
    assert_eq!(jobwait_at(&server.url(), &["c"], "5s").run().code, 1);
    let out = jobwait_at(&server.url(), &["b"], "5s")
        .env("JOBWAIT_FAILURE_STATUS", "DONE")
        .run();
    assert_eq!(out.code, 1);
}

/// A proxy setting this client cannot use is a configuration error naming the variable
/// (issue 19: it was exit 3, "nothing answered", after the grace period), and the value,
/// which may hold a password, is not repeated.
#[test]
fn exit_4_on_a_proxy_that_cannot_be_used_naming_the_variable() {
    // Not loopback (loopback never goes through a proxy); nothing is sent anywhere.
    let endpoint = "https://192.0.2.1";
    for (var, value, says) in [
        (
            "HTTPS_PROXY",
            "socks5://u:proxy-pass-1@127.0.0.1:1080",
            "HTTPS_PROXY is a socks5:// proxy",
        ),
        (
            "http_proxy",
            "http://[::1:3128",
            "http_proxy is not a proxy URL",
        ),
        (
            "ALL_PROXY",
            "socks5h://127.0.0.1:1080",
            "ALL_PROXY is a socks5h:// proxy",
        ),
    ] {
        let out = jobwait_at(endpoint, &["j"], "30s")
            .args(&["--not-found-grace", "1s", "--request-timeout", "1s"])
            .env(var, value)
            .run();
        assert_eq!(out.code, 4, "{var}: {}", out.stderr);
        out.assert_stderr_has(says);
        assert!(!out.stderr.contains("proxy-pass-1"), "{}", out.stderr);
    }
}

#[test]
fn exit_4_on_usage_and_configuration_errors_in_one_line() {
    let url = "http://127.0.0.1:9";
    type Case<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>, &'a str);
    let cases: Vec<Case> = vec![
        (
            vec!["--endpoint", url, "--project-id", PROJECT],
            vec![("JOBWAIT_TOKEN", TOKEN)],
            "no job to wait for",
        ),
        (
            vec![
                "--endpoint",
                url,
                "--project-id",
                PROJECT,
                "--job-id",
                "j",
                "--timeout",
                "soon",
            ],
            vec![("JOBWAIT_TOKEN", TOKEN)],
            "invalid --timeout",
        ),
        (
            vec![
                "--endpoint",
                url,
                "--project-id",
                PROJECT,
                "--job-id",
                "j",
                "--frobnicate",
            ],
            vec![("JOBWAIT_TOKEN", TOKEN)],
            "unexpected argument '--frobnicate'",
        ),
        (
            vec![
                "--endpoint",
                "ecs.eu-de",
                "--project-id",
                PROJECT,
                "--job-id",
                "j",
            ],
            vec![("JOBWAIT_TOKEN", TOKEN)],
            "has no scheme: did you mean https://ecs.eu-de?",
        ),
        (
            vec![
                "--endpoint",
                "not a url",
                "--project-id",
                PROJECT,
                "--job-id",
                "j",
            ],
            vec![("JOBWAIT_TOKEN", TOKEN)],
            "is not a URL",
        ),
        (
            vec![
                "--endpoint",
                "http://ecs.eu-de.otc.t-systems.com",
                "--project-id",
                PROJECT,
                "--job-id",
                "j",
            ],
            vec![("JOBWAIT_TOKEN", TOKEN)],
            "clear text",
        ),
        (
            vec!["--endpoint", url, "--project-id", PROJECT, "--job-id", "j"],
            vec![],
            "no credentials",
        ),
        (
            vec!["--endpoint", url, "--job-id", "j"],
            vec![("JOBWAIT_TOKEN", TOKEN)],
            "no project id",
        ),
        (
            vec!["--project-id", PROJECT, "--job-id", "j"],
            vec![("JOBWAIT_TOKEN", TOKEN)],
            "no endpoint",
        ),
        (
            vec![
                "--endpoint",
                url,
                "--project-id",
                PROJECT,
                "--job-id",
                "j",
                "--output",
                "yaml",
            ],
            vec![("JOBWAIT_TOKEN", TOKEN)],
            "text or json",
        ),
        (
            vec![
                "--endpoint",
                url,
                "--project-id",
                PROJECT,
                "--job-id",
                "j",
                "-q",
                "-v",
            ],
            vec![("JOBWAIT_TOKEN", TOKEN)],
            "cannot be used with",
        ),
        (
            vec![
                "--endpoint",
                url,
                "--project-id",
                PROJECT,
                "--job-id",
                "a/b",
            ],
            vec![("JOBWAIT_TOKEN", TOKEN)],
            "not a job id",
        ),
        (
            vec!["--endpoint", url, "--project-id", PROJECT, "--timeout"],
            vec![("JOBWAIT_TOKEN", TOKEN)],
            "a value is required",
        ),
    ];
    for (args, env, needle) in cases {
        let mut run = jobwait(&args);
        for (k, v) in &env {
            run = run.env(k, v);
        }
        let out = run.run();
        assert_eq!(out.code, 4, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(needle), "{args:?}: {}", out.stderr);
        assert_eq!(
            out.stderr.trim_end().lines().count(),
            1,
            "one line: {}",
            out.stderr
        );
        assert!(out.stderr.starts_with("jobwait: error: "), "{}", out.stderr);
    }
}

#[test]
fn help_and_version_exit_0_on_stdout() {
    let out = jobwait(&["--help"]).run();
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("--job-id") && out.stdout.contains("Exit codes:"));
    let out = jobwait(&["--version"]).run();
    assert_eq!(out.code, 0);
    assert!(out.stdout.starts_with("jobwait "));
}

#[test]
fn several_jobs_the_most_serious_verdict_wins_and_all_are_reported() {
    let mut server = mockito::Server::new();
    mock_job(&mut server, "ok", 200, r#"{"status":"SUCCESS"}"#);
    mock_job(
        &mut server,
        "bad",
        200,
        r#"{"status":"FAIL","fail_reason":"disk attach failed"}"#,
    );
    mock_job(
        &mut server,
        "denied",
        403,
        r#"{"error":{"code":"Ecs.0001","message":"no"}}"#,
    );
    mock_job(&mut server, "slow", 200, r#"{"status":"RUNNING"}"#);
    let url = server.url();
    for (jobs, want) in [
        (vec!["ok", "slow"], 2),
        (vec!["slow", "denied"], 3),
        (vec!["denied", "bad", "slow"], 1),
        (vec!["ok", "ok"], 0),
    ] {
        // Seconds to spare for every job's first answer, on a busy machine too.
        let out = jobwait_at(&url, &jobs, "4s").run();
        assert_eq!(out.code, want, "{jobs:?}: {}", out.stderr);
        for job in &jobs {
            assert!(
                out.stderr.contains(&format!("job {job}:")),
                "{job} not reported: {}",
                out.stderr
            );
        }
    }
}

/// The real process and real signals, sent once the fake has seen the second request
/// (so the first answer was read; jobwait listens before it asks): SIGINT is 130, every
/// other stop request 143.
#[cfg(unix)]
#[test]
fn cancelled_by_a_signal_130_or_143_saying_where_jobs_stood() {
    for (signal, code, name) in [
        (2, 130, "SIGINT"),
        (15, 143, "SIGTERM"),
        (1, 143, "SIGHUP"),
        (3, 143, "SIGQUIT"),
    ] {
        let fake = FakeApi::start(Config::new().sequence("j27", vec![Step::job("RUNNING")]));
        let out = jobwait_at(&fake.url, &["j27"], "5m")
            .run_signalled_when(signal, || fake.requests().len() >= 2);
        assert_eq!(out.code, code, "{name}: {}", out.stderr);
        out.assert_stderr_has(&format!("cancelled by {name}"));
        out.assert_stderr_has("last status RUNNING");
    }
}

#[test]
fn cancel_still_prints_the_json_result() {
    let fake = FakeApi::start(Config::new().sequence("j", vec![Step::job("RUNNING")]));
    let out = jobwait_at(&fake.url, &["j"], "5m")
        .args(&["--output", "json"])
        .run_cancelled_when(Signal::Interrupt, |stderr| {
            stderr.contains("job j: RUNNING")
        });
    assert_eq!(out.code, 130);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["verdict"], "cancelled");
    assert_eq!(doc["exit_code"], 130);
    assert_eq!(doc["jobs"][0]["status"], "RUNNING");
}

/// A failure already seen stands: the cancel cannot undo it (issue 19). Exit 1 and the
/// failure, with the job still pending reported as cancelled beside it.
#[test]
fn a_failure_seen_before_the_cancel_is_exit_1_not_130() {
    let fake = FakeApi::start(
        Config::standard()
            .sequence(
                "bad",
                vec![Step::job("FAIL").fields(json!({"fail_reason": "disk attach failed"}))],
            )
            .sequence("slow", vec![Step::job("RUNNING")]),
    );
    for signal in [Signal::Interrupt, Signal::Terminate] {
        let out = jobwait_at(&fake.url, &["bad", "slow"], "5m")
            .args(&["--output", "json"])
            .run_cancelled_when(signal, |stderr| {
                stderr.contains("job bad: FAIL") && stderr.contains("job slow: RUNNING")
            });
        assert_eq!(out.code, 1, "{signal:?}: {}", out.stderr);
        out.assert_stderr_has("disk attach failed");
        out.assert_stderr_has(&format!("job slow: cancelled by {}", signal.name()));
        out.assert_stderr_has("2 jobs: 1 failed, 1 cancelled");
        let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(doc["verdict"], "failed");
        assert_eq!(doc["exit_code"], 1);
        assert_eq!(doc["jobs"][1]["verdict"], "cancelled");
    }
}
