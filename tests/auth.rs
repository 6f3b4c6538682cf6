//! Authentication against the fake API, which checks tokens, recomputes AK/SK signatures
//! and runs IAM password logins the way the clouds do.

mod support;

use std::time::{Duration, SystemTime};

use support::*;

fn aksk(security_token: Option<&str>) -> Auth {
    Auth::AkSk {
        ak: AK.into(),
        sk: SK.into(),
        security_token: security_token.map(String::from),
    }
}

fn iam(revoke_first_after: Option<u32>, revoke_every_after: Option<u32>) -> Auth {
    Auth::Iam(Iam {
        user: "ci-bot".into(),
        password: PASSWORD.into(),
        domain: "acme".into(),
        project_id: Some(PROJECT.into()),
        project_name: Some("eu-de_ci".into()),
        revoke_first_after,
        revoke_every_after,
        ..Default::default()
    })
}

fn fake(auth: Auth, steps: Vec<Step>) -> FakeApi {
    FakeApi::start(
        Config::new()
            .project(PROJECT)
            .auth(auth)
            .sequence("j", steps),
    )
}

/// jobwait against `fake` for job `j` with only the given variables.
fn run(fake: &FakeApi, env: &[(&str, &str)], extra: &[&str]) -> Outcome {
    let args = base_args(&fake.url, &["j"], "20s");
    let mut argv: Vec<&str> = args.iter().map(String::as_str).collect();
    argv.extend_from_slice(extra);
    argv.push("--verbose");
    let mut run = jobwait(&argv);
    for (k, v) in env {
        run = run.env(k, v);
    }
    run.run()
}

fn polls() -> Vec<Step> {
    vec![
        Step::job("RUNNING"),
        Step::job("RUNNING"),
        Step::job("SUCCESS"),
    ]
}

#[test]
fn token_is_sent_as_x_auth_token() {
    let fake = fake(Auth::Token(TOKEN.into()), vec![Step::job("SUCCESS")]);
    let out = run(&fake, &[("OS_AUTH_TOKEN", TOKEN)], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.assert_stderr_has("jobwait: auth: token (OS_AUTH_TOKEN)");
    assert_eq!(fake.requests()[0].header("x-auth-token"), Some(TOKEN));
}

#[test]
fn access_keys_sign_every_request_with_the_required_headers() {
    let fake = fake(aksk(None), polls());
    let out = run(
        &fake,
        &[("HW_ACCESS_KEY", AK), ("HW_SECRET_KEY", SK)],
        &["--poll-interval", "100ms"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.assert_stderr_has("jobwait: auth: AK/SK (HW_ACCESS_KEY, HW_SECRET_KEY)");
    let requests = fake.job_requests("j");
    assert_eq!(requests.len(), 3);
    for r in &requests {
        assert_eq!(r.code, 200, "the fake verified the signature: {}", r.note);
        let auth = r.header("authorization").unwrap();
        assert!(
            auth.starts_with(&format!("SDK-HMAC-SHA256 Access={AK}, SignedHeaders=host;x-project-id;x-sdk-date, Signature=")),
            "{auth}"
        );
        assert_eq!(r.header("x-project-id"), Some(PROJECT));
        assert!(r.header("x-auth-token").is_none());
        // A fresh date on each request, close to when it was sent.
        let date = r.header("x-sdk-date").unwrap();
        assert_eq!(date.len(), 16, "{date}");
        let iso = format!(
            "{}-{}-{}T{}:{}:{}Z",
            &date[0..4],
            &date[4..6],
            &date[6..8],
            &date[9..11],
            &date[11..13],
            &date[13..15]
        );
        let sent = humantime::parse_rfc3339(&iso).unwrap();
        let off = SystemTime::now().duration_since(sent).unwrap_or_default();
        assert!(off < Duration::from_secs(30), "{date}");
    }
}

#[test]
fn temporary_credentials_sign_the_security_token() {
    let fake = fake(aksk(Some(STS)), vec![Step::job("SUCCESS")]);
    let out = run(
        &fake,
        &[
            ("HUAWEICLOUD_SDK_AK", AK),
            ("HUAWEICLOUD_SDK_SK", SK),
            ("HUAWEICLOUD_SDK_SECURITY_TOKEN", STS),
        ],
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let r = &fake.requests()[0];
    assert!(
        r.header("authorization")
            .unwrap()
            .contains("SignedHeaders=host;x-project-id;x-sdk-date;x-security-token,")
    );
    assert_eq!(r.header("x-security-token"), Some(STS));
    assert!(out.stderr.contains("AK/SK with security token (HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_SECURITY_TOKEN)"));
}

#[test]
fn a_step_after_huaweis_auth_action_needs_no_credential_inputs() {
    let fake = fake(aksk(None), vec![Step::job("SUCCESS")]);
    let out = jobwait(&["--endpoint", &fake.url, "--job-id", "j"])
        .env("HUAWEI_CLOUD_ACCESS_KEY_ID", AK)
        .env("HUAWEI_CLOUD_SECRET_ACCESS_KEY", SK)
        .env("HUAWEI_CLOUD_PROJECT_ID", PROJECT)
        .env("HUAWEI_CLOUD_REGION", "cn-north-4")
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn a_refused_signature_is_final_after_one_request() {
    let fake = fake(aksk(None), polls());
    let out = run(
        &fake,
        &[("OS_ACCESS_KEY", AK), ("OS_SECRET_KEY", "wrong-secret-key")],
        &[],
    );
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert_eq!(
        fake.job_requests("j").len(),
        1,
        "a 401 must never be retried"
    );
    for hint in [
        "APIGW.0301",
        "secret key",
        "clock",
        "project id",
        "locks an access key",
    ] {
        assert!(out.stderr.contains(hint), "missing {hint}: {}", out.stderr);
    }
    out.assert_stderr_has("request id req-401");
}

#[test]
fn password_login_gets_a_project_scoped_token() {
    let fake = fake(iam(None, None), polls());
    let out = run(
        &fake,
        &[
            ("OS_USERNAME", "ci-bot"),
            ("OS_PASSWORD", PASSWORD),
            ("OS_USER_DOMAIN_NAME", "acme"),
            ("OS_AUTH_URL", &format!("{}/v3", fake.url)),
        ],
        &["--poll-interval", "100ms"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(fake.logins(), 1, "one login shared by every poll");
    let polls = fake.job_requests("j");
    assert_eq!(polls.len(), 3);
    assert!(
        polls
            .iter()
            .all(|r| r.header("x-auth-token") == Some("MII-issued-0"))
    );
    out.assert_stderr_has("jobwait: auth: IAM password login (OS_USERNAME, OS_PASSWORD)");
    assert!(
        !out.stderr.contains("MII-issued"),
        "the obtained token is a secret too"
    );
}

/// jobwait for job `j` at `fake`, logging in at `fake` with a scope by project name.
fn login_by_name(fake: &FakeApi) -> Outcome {
    let args = [
        "--endpoint",
        &fake.url,
        "--job-id",
        "j",
        "--project-name",
        "eu-de_ci",
    ];
    jobwait(&args)
        .env("HW_USER_NAME", "ci-bot")
        .env("HW_USER_PASSWORD", PASSWORD)
        .env("HW_DOMAIN_NAME", "acme")
        .env("HW_AUTH_URL", &fake.url)
        .run()
}

#[test]
fn password_login_scoped_by_project_name_learns_the_project_id() {
    let mut iam_conf = Iam {
        project_id: None,
        ..Default::default()
    };
    if let Auth::Iam(i) = iam(None, None) {
        iam_conf = Iam {
            project_id: None,
            ..i
        };
    }
    let fake = FakeApi::start(
        Config::new()
            .project("p-from-name")
            .auth(Auth::Iam(iam_conf))
            .sequence("j", vec![Step::job("SUCCESS")]),
    );
    let out = login_by_name(&fake);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(fake.job_requests("j")[0].path, "/v1/p-from-name/jobs/j");
}

/// IAM's project id goes into the path, so it is checked like one given (it once
/// requested `/admin/x?y=/jobs/j`); an unusable one is an IAM error: no verdict, no poll.
#[test]
fn a_project_id_from_iam_that_could_escape_the_path_is_no_verdict() {
    let fake = FakeApi::start(
        Config::new()
            .auth(Auth::Iam(Iam {
                user: "ci-bot".into(),
                password: PASSWORD.into(),
                domain: "acme".into(),
                project_id: Some("../../admin/x?y=".into()),
                project_name: Some("eu-de_ci".into()),
                ..Default::default()
            }))
            .sequence("j", vec![Step::job("SUCCESS")]),
    );
    let out = login_by_name(&fake);
    assert_eq!(out.code, 3, "{}", out.stderr);
    out.assert_stderr_has("answered no usable project id (token.project.id)");
    let asked: Vec<String> = fake.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(asked, ["/v3/auth/tokens"], "a login and nothing else");
}

#[test]
fn a_refused_login_token_means_one_new_login() {
    let fake = fake(iam(Some(1), None), polls());
    let out = run(
        &fake,
        &[
            ("HW_USER_NAME", "ci-bot"),
            ("HW_USER_PASSWORD", PASSWORD),
            ("HW_DOMAIN_NAME", "acme"),
            ("HW_AUTH_URL", &fake.url),
        ],
        &["--poll-interval", "100ms"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(fake.logins(), 2);
}

#[test]
fn a_second_refusal_after_logging_in_again_is_final() {
    let fake = fake(iam(None, Some(1)), polls());
    let out = run(
        &fake,
        &[
            ("HW_USER_NAME", "ci-bot"),
            ("HW_USER_PASSWORD", PASSWORD),
            ("HW_DOMAIN_NAME", "acme"),
            ("HW_AUTH_URL", &fake.url),
        ],
        &["--poll-interval", "100ms"],
    );
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert_eq!(fake.logins(), 2, "log in again once, never in a loop");
    out.assert_stderr_has("even after logging in again");
}

#[test]
fn a_wrong_password_is_no_verdict_with_a_hint() {
    let fake = fake(iam(None, None), polls());
    let out = run(
        &fake,
        &[
            ("HW_USER_NAME", "ci-bot"),
            ("HW_USER_PASSWORD", "nope-Secret"),
            ("HW_DOMAIN_NAME", "acme"),
            ("HW_AUTH_URL", &fake.url),
        ],
        &[],
    );
    assert_eq!(out.code, 3, "{}", out.stderr);
    out.assert_stderr_has("IAM login refused: 401 Unauthorized");
    out.assert_stderr_has("check the user name, password and domain");
    assert!(!out.stderr.contains("nope-Secret"));
    assert_eq!(fake.job_requests("j").len(), 0);
}

#[test]
fn token_wins_over_access_keys_which_win_over_a_password() {
    let everything = [
        ("JOBWAIT_TOKEN", TOKEN),
        ("HW_ACCESS_KEY", AK),
        ("HW_SECRET_KEY", SK),
        ("HW_USER_NAME", "ci-bot"),
        ("HW_USER_PASSWORD", PASSWORD),
        ("HW_DOMAIN_NAME", "acme"),
    ];
    let token = fake(Auth::Token(TOKEN.into()), vec![Step::job("SUCCESS")]);
    let out = run(&token, &everything, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.assert_stderr_has("auth: token (JOBWAIT_TOKEN); not used: AK/SK (HW_ACCESS_KEY, HW_SECRET_KEY), password login");

    let keys = fake(aksk(None), vec![Step::job("SUCCESS")]);
    let mut env = everything[1..].to_vec();
    let auth_url = keys.url.clone();
    env.push(("HW_AUTH_URL", &auth_url));
    let out = run(&keys, &env, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.assert_stderr_has("auth: AK/SK (HW_ACCESS_KEY, HW_SECRET_KEY); not used: password login");
    assert_eq!(keys.logins(), 0);
}

#[test]
fn variable_names_follow_the_documented_precedence() {
    let fake = fake(aksk(None), vec![Step::job("SUCCESS")]);
    // INPUT_* beats JOBWAIT_* beats HW_* beats OS_*: only the INPUT pair is right.
    let out = run(
        &fake,
        &[
            ("INPUT_ACCESS_KEY", AK),
            ("INPUT_SECRET_KEY", SK),
            ("JOBWAIT_ACCESS_KEY", "wrong-ak"),
            ("JOBWAIT_SECRET_KEY", "wrong-sk"),
            ("HW_ACCESS_KEY", "wrong-ak-2"),
            ("OS_ACCESS_KEY", "wrong-ak-3"),
        ],
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("AK/SK (INPUT_ACCESS_KEY, INPUT_SECRET_KEY)")
    );
}

#[test]
fn the_resolved_endpoint_and_iam_are_printed_at_the_start() {
    // The poll itself fails (through a proxy that is not there, so no test reaches the
    // internet), but the start-up lines are what matters.
    let out = jobwait(&[
        "--service",
        "evs",
        "--job-id",
        "j",
        "--timeout",
        "0",
        "--request-timeout",
        "200ms",
    ])
    .env("OS_REGION_NAME", "eu-ch2")
    .env("OS_PROJECT_ID", PROJECT)
    .env("OS_USERNAME", "u")
    .env("OS_PASSWORD", PASSWORD)
    .env("OS_USER_DOMAIN_NAME", "acme")
    .env("HTTPS_PROXY", "http://127.0.0.1:9")
    .run();
    out.assert_stderr_has("jobwait: endpoint: https://evs.eu-ch2.sc.otc.t-systems.com/ (service evs, region eu-ch2 (OS_REGION_NAME), cloud otc)");
    out.assert_stderr_has("at https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3");
    // Nothing answered, so nothing says the job is running: no verdict, not a timeout.
    assert_eq!(out.code, 3, "{}", out.stderr);
}

#[test]
fn other_job_paths_for_services_like_dcs_and_swr() {
    let fake = fake(Auth::Token(TOKEN.into()), vec![Step::job("SUCCESS")]);
    let out = run(
        &fake,
        &[
            ("JOBWAIT_TOKEN", TOKEN),
            ("JOBWAIT_PATH", "/v2/{project_id}/jobs/{job_id}"),
        ],
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(fake.requests()[0].path, format!("/v2/{PROJECT}/jobs/j"));
}

#[test]
fn https_proxy_is_honoured_and_no_proxy_bypasses_it() {
    // The fake stands in for the proxy: jobwait asks it to CONNECT to the host. The host
    // is 0.0.0.0 (this machine, which the loopback rule does not exempt), so no test
    // traffic leaves the machine either way.
    let proxy = FakeApi::start(Config::standard());
    let run = |no_proxy: &str| {
        jobwait(&[
            "--endpoint",
            "https://0.0.0.0:1",
            "--project-id",
            PROJECT,
            "--job-id",
            "j",
            "--timeout",
            "0",
        ])
        .env("JOBWAIT_TOKEN", TOKEN)
        .env("HTTPS_PROXY", &proxy.url)
        .env("NO_PROXY", no_proxy)
        .run()
    };
    let out = run("");
    assert_eq!(out.code, 3, "{}", out.stderr);
    let connects = |fake: &FakeApi| {
        fake.requests()
            .iter()
            .filter(|r| r.method == "CONNECT")
            .map(|r| r.path.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(connects(&proxy), ["0.0.0.0:1"]);
    let out = run("0.0.0.0");
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert_eq!(connects(&proxy).len(), 1, "NO_PROXY: straight to the host");
}

/// The proxy is decided per URL: a loopback IAM is reached directly even when the job
/// API is not (the password once went to `HTTP_PROXY` in clear text), and a remote IAM
/// goes through the proxy even when the job API is on loopback.
#[test]
fn the_proxy_is_bypassed_for_every_loopback_url_and_only_for_those() {
    let proxy = FakeApi::start(Config::standard());
    let iam = fake(iam(None, None), vec![Step::job("SUCCESS")]);
    let login = |endpoint: &str, auth_url: &str| {
        jobwait(&["--endpoint", endpoint, "--job-id", "j", "--timeout", "0"])
            .env("OS_PROJECT_ID", PROJECT)
            .env("OS_USERNAME", "ci-bot")
            .env("OS_PASSWORD", PASSWORD)
            .env("OS_USER_DOMAIN_NAME", "acme")
            .env("OS_AUTH_URL", auth_url)
            .env("HTTP_PROXY", &proxy.url)
            .env("HTTPS_PROXY", &proxy.url)
            .run()
    };
    let seen = |fake: &FakeApi| {
        fake.requests()
            .iter()
            .map(|r| format!("{} {}", r.method, r.path))
            .collect::<Vec<_>>()
    };

    // A remote job API (0.0.0.0: this machine, but not loopback) and a loopback IAM.
    let out = login("https://0.0.0.0:1", &format!("{}/v3", iam.url));
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert_eq!(iam.logins(), 1, "IAM reached directly: {}", out.stderr);
    assert_eq!(seen(&proxy), ["CONNECT 0.0.0.0:1"], "only the job API");

    // A loopback job API and a remote IAM: the login goes through the proxy.
    let out = login(&iam.url, "https://0.0.0.0:2/v3");
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert_eq!(seen(&proxy)[1..], ["CONNECT 0.0.0.0:2"], "{}", out.stderr);
    assert_eq!(iam.job_requests("j").len(), 0, "no token, no poll");
}

/// A job API a profile asks with POST is sent with POST, and signed so: the fake
/// recomputes the signature from the method it received (it was once always sent as GET
/// while signed as the profile's method, which every gateway would refuse).
#[tokio::test]
async fn a_post_profile_is_sent_and_signed_as_post() {
    use std::sync::Arc;

    use jobwait::auth::{AccessKeys, Authenticator};
    use jobwait::secret::Secret;
    use jobwait::source::{Api, HttpSource};
    use jobwait::transport::{self, Proxies};
    use jobwait::wait::{Answer, JobSource};

    let path = format!("/v9/{PROJECT}/job-queries/j");
    let fake = FakeApi::start(Config::new().project(PROJECT).auth(aksk(None)).job_at(
        &path,
        "j",
        Script::Sequence(vec![Step::job("SUCCESS")]),
    ));
    let mut profile = jobwait::job::builtin::common("ecs");
    profile.method = reqwest::Method::POST;
    profile.path = "/v9/{project_id}/job-queries/{job_id}".into();
    let api = Api {
        base: reqwest::Url::parse(&fake.url).unwrap(),
        profile,
        params: Vec::new(),
        project_id: Some(PROJECT.into()),
    };
    let keys = AccessKeys {
        access_key: Secret::new(AK),
        secret_key: Secret::new(SK),
        security_token: None,
    };
    let http = transport::client(&Proxies::default()).unwrap();
    let auth = Authenticator::new(Arc::new(keys), Arc::new(|_: &Secret| {}));
    let source = HttpSource::new(http, api, auth);

    let reply = source.fetch("j", Duration::from_secs(10)).await;

    let requests = fake.job_requests("j");
    assert_eq!(requests.len(), 1, "{requests:#?}");
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].note, "", "the fake refused the signature");
    assert_eq!(requests[0].code, 200);
    assert!(matches!(reply.answer, Answer::Job(_)), "{:?}", reply.answer);
    assert_eq!(fake.logins(), 0);
}

#[test]
fn an_iam_login_nothing_answers_is_blamed_on_the_iam_url_not_the_endpoint() {
    let fake = fake(iam(None, None), polls());
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let out = run(
        &fake,
        &[
            ("OS_USERNAME", "ci-bot"),
            ("OS_PASSWORD", PASSWORD),
            ("OS_USER_DOMAIN_NAME", "acme"),
            ("OS_AUTH_URL", &format!("http://127.0.0.1:{port}/v3")),
        ],
        &["--not-found-grace", "1s"],
    );
    assert_eq!(out.code, 3, "{}", out.stderr);
    out.assert_stderr_has("nothing answered for 1s");
    out.assert_stderr_has("IAM login at 127.0.0.1");
    out.assert_stderr_has("check the IAM URL (--auth-url, or the region it is built from)");
    assert!(!out.stderr.contains("check --endpoint"), "{}", out.stderr);
    assert!(fake.job_requests("j").is_empty());
}
