use super::*;
use crate::auth::{AccessKeys, PasswordLogin, Scope, Token};

/// The method configuration chose, as its type; a panic naming it if another.
fn method<T: Method>(c: &Config) -> &T {
    let any: &dyn std::any::Any = c.credentials.as_ref();
    any.downcast_ref::<T>()
        .unwrap_or_else(|| panic!("{:?}", c.credentials))
}

fn cli(args: &[&str]) -> Args {
    crate::cli::parse(std::iter::once("jobwait").chain(args.iter().copied())).unwrap()
}

fn env(pairs: &[(&str, &str)]) -> Env {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn no_stdin() -> std::io::Result<String> {
    panic!("stdin must not be read")
}

const BASE: &[&str] = &[
    "--endpoint",
    "http://127.0.0.1:9",
    "--project-id",
    "p1",
    "--job-id",
    "j1",
];

fn ok(args: &[&str], vars: &[(&str, &str)]) -> Config {
    resolve(&cli(args), &env(vars), no_stdin).unwrap()
}

fn err(args: &[&str], vars: &[(&str, &str)]) -> String {
    resolve(&cli(args), &env(vars), no_stdin)
        .unwrap_err()
        .to_string()
}

#[test]
fn defaults() {
    let c = ok(BASE, &[("JOBWAIT_TOKEN", "tok-test")]);
    assert_eq!(c.job_ids, ["j1"]);
    // The defaults are the option table's: changing one there changes them here.
    assert_eq!(c.timeout, options::TIMEOUT.default_duration());
    assert_eq!(c.poll_interval, options::POLL_INTERVAL.default_duration());
    assert_eq!(c.max_interval, options::MAX_INTERVAL.default_duration());
    assert_eq!(
        c.not_found_grace,
        options::NOT_FOUND_GRACE.default_duration()
    );
    assert_eq!(
        c.request_timeout,
        options::REQUEST_TIMEOUT.default_duration()
    );
    assert_eq!(c.output, Output::Text);
    assert_eq!(c.color, Color::Auto);
    assert_eq!(c.verbosity, Verbosity::Normal);
    assert_eq!(
        c.success_confirmations,
        options::SUCCESS_CONFIRMATIONS.default_count()
    );
    assert_eq!(c.max_rps, options::MAX_RPS.default_number());
    assert_eq!(c.profile.name, "ecs");
    assert_eq!(c.profile.path, "/v1/{project_id}/jobs/{job_id}");
    assert_eq!(c.ci.name(), "none");
    assert_eq!(c.auth_note, "token (JOBWAIT_TOKEN)");
}

#[test]
fn precedence_is_flag_then_input_then_jobwait_then_conventions() {
    let vars = [
        ("INPUT_PROJECT_ID", "from-input"),
        ("JOBWAIT_PROJECT_ID", "from-jobwait"),
        ("HW_PROJECT_ID", "from-hw"),
        ("OS_PROJECT_ID", "from-os"),
        ("JOBWAIT_TOKEN", "tok-test"),
    ];
    let args = ["--endpoint", "http://127.0.0.1:9", "--job-id", "j"];
    let with_flag: Vec<&str> = args
        .iter()
        .copied()
        .chain(["--project-id", "from-flag"])
        .collect();
    assert_eq!(
        ok(&with_flag, &vars).project_id.as_deref(),
        Some("from-flag")
    );
    assert_eq!(ok(&args, &vars).project_id.as_deref(), Some("from-input"));
    assert_eq!(
        ok(&args, &vars[1..]).project_id.as_deref(),
        Some("from-jobwait")
    );
    assert_eq!(ok(&args, &vars[2..]).project_id.as_deref(), Some("from-hw"));
    assert_eq!(ok(&args, &vars[3..]).project_id.as_deref(), Some("from-os"));
    for name in [
        "OS_TENANT_ID",
        "HUAWEICLOUD_SDK_PROJECT_ID",
        "HUAWEI_CLOUD_PROJECT_ID",
    ] {
        assert_eq!(
            ok(&args, &[(name, "x"), ("JOBWAIT_TOKEN", "tok-test")])
                .project_id
                .as_deref(),
            Some("x")
        );
    }
}

#[test]
fn empty_values_count_as_unset() {
    let c = ok(
        &["--job-id", "j"],
        &[
            ("INPUT_ENDPOINT", ""),
            ("JOBWAIT_ENDPOINT", "http://localhost:1"),
            ("INPUT_PROJECT_ID", "  "),
            ("OS_PROJECT_ID", "p"),
            ("INPUT_TOKEN", ""),
            ("HW_AUTH_TOKEN", "tok-test"),
            ("INPUT_TIMEOUT", ""),
            ("INPUT_REGION", ""),
        ],
    );
    assert_eq!(c.endpoint.as_str(), "http://localhost:1/");
    assert_eq!(c.project_id.as_deref(), Some("p"));
    assert_eq!(c.auth_note, "token (HW_AUTH_TOKEN)");
    assert_eq!(c.timeout, options::TIMEOUT.default_duration());
}

#[test]
fn everything_can_come_from_the_environment() {
    let c = ok(
        &[],
        &[
            ("JOBWAIT_JOB_ID", "a, b a"),
            ("JOBWAIT_ENDPOINT", "http://127.0.0.1:9"),
            ("JOBWAIT_PROJECT_ID", "p"),
            ("JOBWAIT_TOKEN", "tok-test"),
            ("JOBWAIT_TIMEOUT", "90"),
            ("JOBWAIT_POLL_INTERVAL", "500ms"),
            ("JOBWAIT_MAX_INTERVAL", "5s"),
            ("JOBWAIT_NOT_FOUND_GRACE", "1m"),
            ("JOBWAIT_OUTPUT", "JSON"),
            ("JOBWAIT_QUIET", "true"),
            ("JOBWAIT_SUCCESS_CONFIRMATIONS", "3"),
            ("JOBWAIT_PENDING_STATUS", "QUEUED"),
            ("JOBWAIT_MAX_RPS", "2.5"),
        ],
    );
    assert_eq!(c.job_ids, ["a", "b"]);
    assert_eq!(c.timeout, Duration::from_secs(90));
    assert_eq!(c.poll_interval, Duration::from_millis(500));
    assert_eq!(c.max_interval, Duration::from_secs(5));
    assert_eq!(c.not_found_grace, Duration::from_secs(60));
    assert_eq!(c.output, Output::Json);
    assert_eq!(c.verbosity, Verbosity::Quiet);
    assert_eq!(c.success_confirmations, 3);
    assert_eq!(
        c.profile.words().classify("queued"),
        crate::status::StatusClass::Pending
    );
    assert_eq!(c.max_rps, 2.5);
}

#[test]
fn bad_values_name_their_source() {
    assert!(
        err(
            &[BASE, &["--timeout", "soon"]].concat(),
            &[("JOBWAIT_TOKEN", "tok-test")]
        )
        .starts_with("invalid --timeout: 'soon'")
    );
    assert!(
        err(
            BASE,
            &[("JOBWAIT_TOKEN", "tok-test"), ("JOBWAIT_TIMEOUT", "soon")]
        )
        .starts_with("invalid JOBWAIT_TIMEOUT: 'soon'")
    );
    assert!(
        err(
            BASE,
            &[("JOBWAIT_TOKEN", "tok-test"), ("INPUT_OUTPUT", "yaml")]
        )
        .contains("INPUT_OUTPUT must be text or json")
    );
    assert!(
        err(
            BASE,
            &[("JOBWAIT_TOKEN", "tok-test"), ("JOBWAIT_QUIET", "maybe")]
        )
        .contains("JOBWAIT_QUIET must be true or false")
    );
    assert!(
        err(
            &[BASE, &["--success-confirmations", "0"]].concat(),
            &[("JOBWAIT_TOKEN", "tok-test")]
        )
        .contains("1 to 100")
    );
    assert!(
        err(
            &[BASE, &["--max-rps", "-1"]].concat(),
            &[("JOBWAIT_TOKEN", "tok-test")]
        )
        .contains("--max-rps")
    );
    assert!(
        err(
            &[BASE, &["--poll-interval", "0"]].concat(),
            &[("JOBWAIT_TOKEN", "tok-test")]
        )
        .contains("at least 10ms")
    );
    assert!(
        err(
            &[BASE, &["--success-status", "FAIL"]].concat(),
            &[("JOBWAIT_TOKEN", "tok-test")]
        )
        .contains("both")
    );
    let e = err(
        &[BASE, &["--quiet"]].concat(),
        &[("JOBWAIT_TOKEN", "tok-test"), ("JOBWAIT_VERBOSE", "1")],
    );
    assert!(e.contains("cannot be used together"), "{e}");
}

/// A value from a variable is named as the variable, not as the flag nobody typed.
#[test]
fn limits_name_where_the_value_came_from() {
    let token = ("JOBWAIT_TOKEN", "tok-test");
    let e = err(BASE, &[token, ("JOBWAIT_POLL_INTERVAL", "0")]);
    assert_eq!(e, "JOBWAIT_POLL_INTERVAL must be at least 10ms");
    let e = err(BASE, &[token, ("INPUT_REQUEST_TIMEOUT", "5ms")]);
    assert_eq!(e, "INPUT_REQUEST_TIMEOUT must be at least 100ms");
    let e = err(&[BASE, &["--request-timeout", "5ms"]].concat(), &[token]);
    assert_eq!(e, "--request-timeout must be at least 100ms");
    let e = err(
        &[BASE, &["--quiet"]].concat(),
        &[token, ("JOBWAIT_VERBOSE", "1")],
    );
    assert_eq!(e, "--quiet and JOBWAIT_VERBOSE cannot be used together");
    let e = err(BASE, &[token, ("JOBWAIT_MAX_INTERVAL", "500ms")]);
    assert_eq!(
        e,
        "JOBWAIT_MAX_INTERVAL (500ms) is shorter than --poll-interval (1s)"
    );
    let e = err(
        BASE,
        &[
            token,
            ("INPUT_POLL_INTERVAL", "20s"),
            ("JOBWAIT_MAX_INTERVAL", "5s"),
        ],
    );
    assert_eq!(
        e,
        "JOBWAIT_MAX_INTERVAL (5s) is shorter than INPUT_POLL_INTERVAL (20s)"
    );
}

#[test]
fn max_interval_follows_a_longer_poll_interval_unless_both_are_given() {
    let c = ok(
        &[BASE, &["--poll-interval", "30s"]].concat(),
        &[("JOBWAIT_TOKEN", "tok-test")],
    );
    assert_eq!(c.max_interval, Duration::from_secs(30));
    let e = err(
        &[BASE, &["--poll-interval", "30s", "--max-interval", "5s"]].concat(),
        &[("JOBWAIT_TOKEN", "tok-test")],
    );
    assert!(e.contains("shorter than --poll-interval"), "{e}");
}

#[test]
fn job_ids_are_required_split_validated_and_deduplicated() {
    let e = err(
        &["--endpoint", "http://127.0.0.1:9", "--project-id", "p"],
        &[("JOBWAIT_TOKEN", "tok-test")],
    );
    assert!(e.starts_with("no job to wait for"), "{e}");
    let c = ok(
        &[BASE, &["--job-id", "j2, j3", "--job-id", "j1"]].concat(),
        &[("JOBWAIT_TOKEN", "tok-test")],
    );
    assert_eq!(c.job_ids, ["j1", "j2", "j3"]);
    let e = err(
        &[BASE, &["--job-id", "../etc"]].concat(),
        &[("JOBWAIT_TOKEN", "tok-test")],
    );
    assert!(e.contains("not a job id") && e.contains("--job-id"), "{e}");
}

#[test]
fn job_ids_from_stdin() {
    let args = cli(&[
        "--endpoint",
        "http://127.0.0.1:9",
        "--project-id",
        "p",
        "--job-id",
        "-",
    ]);
    let c = resolve(&args, &env(&[("JOBWAIT_TOKEN", "tok-test")]), || {
        Ok("{\"job_id\": \"j18\"}\n".into())
    })
    .unwrap();
    assert_eq!(c.job_ids, ["j18"]);
    let e = resolve(&args, &env(&[("JOBWAIT_TOKEN", "tok-test")]), || {
        Err(std::io::Error::other("stdin is a terminal"))
    })
    .unwrap_err();
    assert!(e.to_string().contains("stdin is a terminal"));
}

#[test]
fn endpoint_from_service_region_and_cloud() {
    let base = ["--project-id", "p", "--job-id", "j"];
    let c = ok(
        &base,
        &[("JOBWAIT_TOKEN", "tok-test"), ("OS_REGION_NAME", "eu-de")],
    );
    assert_eq!(c.endpoint.as_str(), "https://ecs.eu-de.otc.t-systems.com/");
    assert_eq!(
        c.endpoint_origin,
        "service ecs, region eu-de (OS_REGION_NAME), cloud otc"
    );
    let c = ok(
        &[&base[..], &["--service", "evs", "--region", "cn-north-4"]].concat(),
        &[("JOBWAIT_TOKEN", "tok-test")],
    );
    assert_eq!(
        c.endpoint.as_str(),
        "https://evs.cn-north-4.myhuaweicloud.com/"
    );
    let c = ok(
        &[&base[..], &["--service", "sdrs", "--region", "eu-ch2"]].concat(),
        &[("JOBWAIT_TOKEN", "tok-test")],
    );
    assert_eq!(
        c.endpoint.as_str(),
        "https://sdrs.eu-ch2.sc.otc.t-systems.com/"
    );
    let c = ok(
        &base,
        &[
            ("JOBWAIT_TOKEN", "tok-test"),
            ("HUAWEI_CLOUD_REGION", "ap-southeast-1"),
            ("JOBWAIT_ENDPOINT", "https://proxy.example.com/ecs"),
        ],
    );
    assert_eq!(c.endpoint.as_str(), "https://proxy.example.com/ecs");
    let e = err(&base, &[("JOBWAIT_TOKEN", "tok-test")]);
    assert!(e.starts_with("no endpoint"), "{e}");
    let e = err(
        &[
            &base[..],
            &["--endpoint", "http://ecs.eu-de.otc.t-systems.com"],
        ]
        .concat(),
        &[("JOBWAIT_TOKEN", "tok-test")],
    );
    assert!(e.contains("plain http"), "{e}");
}

#[test]
fn missing_project_id_is_a_usage_error() {
    let e = err(
        &["--endpoint", "http://127.0.0.1:9", "--job-id", "j"],
        &[("JOBWAIT_TOKEN", "tok-test")],
    );
    assert!(e.starts_with("no project id"), "{e}");
}

#[test]
fn token_wins_then_access_keys_then_password() {
    let all = [
        ("HW_AUTH_TOKEN", "tok-test"),
        ("HW_ACCESS_KEY", "AK1"),
        ("HW_SECRET_KEY", "SK1-secret"),
        ("OS_USERNAME", "u"),
        ("OS_PASSWORD", "pw-secret"),
        ("OS_USER_DOMAIN_NAME", "d"),
    ];
    let c = ok(BASE, &all);
    method::<Token>(&c);
    assert_eq!(
        c.auth_note,
        "token (HW_AUTH_TOKEN); not used: AK/SK (HW_ACCESS_KEY, HW_SECRET_KEY), password login (OS_USERNAME, OS_PASSWORD)"
    );
    let c = ok(BASE, &all[1..]);
    let keys = method::<AccessKeys>(&c);
    assert_eq!(keys.access_key.expose(), "AK1");
    assert!(keys.security_token.is_none());
    assert_eq!(
        c.auth_note,
        "AK/SK (HW_ACCESS_KEY, HW_SECRET_KEY); not used: password login (OS_USERNAME, OS_PASSWORD)"
    );
    let c = ok(BASE, &all[3..]);
    let login = method::<PasswordLogin>(&c);
    assert_eq!(login.username, "u");
    assert_eq!(login.domain_name, "d");
    assert_eq!(login.scope, Scope::ProjectId("p1".into()));
}

#[test]
fn every_access_key_convention_is_read() {
    for (ak, sk, st) in [
        ("HW_ACCESS_KEY", "HW_SECRET_KEY", "HW_SECURITY_TOKEN"),
        ("OS_ACCESS_KEY", "OS_SECRET_KEY", "OS_SECURITY_TOKEN"),
        (
            "HUAWEICLOUD_SDK_AK",
            "HUAWEICLOUD_SDK_SK",
            "HUAWEICLOUD_SDK_SECURITY_TOKEN",
        ),
        (
            "HUAWEI_CLOUD_ACCESS_KEY_ID",
            "HUAWEI_CLOUD_SECRET_ACCESS_KEY",
            "HUAWEI_CLOUD_SECURITY_TOKEN",
        ),
        (
            "JOBWAIT_ACCESS_KEY",
            "JOBWAIT_SECRET_KEY",
            "JOBWAIT_SECURITY_TOKEN",
        ),
        (
            "INPUT_ACCESS_KEY",
            "INPUT_SECRET_KEY",
            "INPUT_SECURITY_TOKEN",
        ),
    ] {
        let c = ok(BASE, &[(ak, "AK"), (sk, "SK-secret"), (st, "ST-token")]);
        assert!(method::<AccessKeys>(&c).security_token.is_some(), "{ak}");
        assert_eq!(
            c.auth_note,
            format!("AK/SK with security token ({ak}, {sk}, {st})")
        );
    }
}

#[test]
fn password_login_needs_domain_and_scope_and_finds_iam() {
    let vars = [("HW_USER_NAME", "u"), ("HW_USER_PASSWORD", "pw-secret")];
    assert!(err(BASE, &vars).contains("domain name"));
    let base = [
        "--job-id",
        "j",
        "--region",
        "eu-nl",
        "--project-name",
        "eu-nl_proj",
    ];
    let c = ok(&base, &[vars[0], vars[1], ("HW_DOMAIN_NAME", "acme")]);
    let login = method::<PasswordLogin>(&c);
    assert_eq!(
        login.auth_url.as_str(),
        "https://iam.eu-nl.otc.t-systems.com/v3"
    );
    assert_eq!(login.scope, Scope::ProjectName("eu-nl_proj".into()));
    assert_eq!(c.project_id, None);
    let c = ok(
        BASE,
        &[
            vars[0],
            vars[1],
            ("OS_DOMAIN_NAME", "acme"),
            ("OS_AUTH_URL", "http://127.0.0.1:5/v3"),
        ],
    );
    assert!(c.auth_note.contains("at http://127.0.0.1:5/v3"));
    let e = err(
        &["--job-id", "j", "--endpoint", "http://127.0.0.1:9"],
        &[
            vars[0],
            vars[1],
            ("HW_DOMAIN_NAME", "a"),
            ("HW_AUTH_URL", "http://127.0.0.1:5/v3"),
        ],
    );
    assert!(e.contains("--project-id or --project-name"), "{e}");
}

#[test]
fn no_credentials_lists_every_way_to_give_them() {
    let e = err(BASE, &[]);
    assert!(e.starts_with("no credentials:"), "{e}");
    for way in [
        "--token",
        "HW_AUTH_TOKEN",
        "--access-key",
        "HUAWEICLOUD_SDK_AK",
        "--username",
        "OS_PASSWORD",
    ] {
        assert!(e.contains(way), "{way}: {e}");
    }
    let e = err(BASE, &[("HW_ACCESS_KEY", "AK")]);
    assert!(e.contains("found only HW_ACCESS_KEY"), "{e}");
}

#[test]
fn secrets_never_reach_a_message() {
    let e = err(
        &[BASE, &["--timeout", "x"]].concat(),
        &[
            ("JOBWAIT_TOKEN", "tok-s3cr3t"),
            ("HW_SECRET_KEY", "sk-s3cr3t"),
        ],
    );
    assert!(!e.contains("s3cr3t"));
    let c = ok(
        BASE,
        &[
            ("JOBWAIT_TOKEN", "tok-s3cr3t"),
            ("HW_ACCESS_KEY", "a"),
            ("HW_SECRET_KEY", "sk-s3cr3t"),
        ],
    );
    assert!(!format!("{c:?}").contains("s3cr3t"));
    assert!(!c.auth_note.contains("s3cr3t"));
}

#[test]
fn ci_systems_are_detected() {
    let c = ok(
        BASE,
        &[
            ("JOBWAIT_TOKEN", "tok-test"),
            ("GITHUB_ACTIONS", "true"),
            ("GITHUB_OUTPUT", "/tmp/o"),
            ("GITHUB_STEP_SUMMARY", "/tmp/s"),
        ],
    );
    assert_eq!(
        format!("{:?}", c.ci),
        format!(
            "{:?}",
            crate::ci::github::GitHub {
                output: Some("/tmp/o".into()),
                step_summary: Some("/tmp/s".into())
            }
        )
    );
    assert_eq!(
        ok(
            BASE,
            &[("JOBWAIT_TOKEN", "tok-test"), ("GITLAB_CI", "true")]
        )
        .ci
        .name(),
        "gitlab"
    );
    let color = |args: &[&str], vars: &[(&str, &str)]| {
        let mut all = vars.to_vec();
        all.push(("JOBWAIT_TOKEN", "tok-test"));
        ok(&[BASE, args].concat(), &all).color
    };
    assert_eq!(color(&[], &[]), Color::Auto);
    assert_eq!(color(&[], &[("NO_COLOR", "1")]), Color::Never);
    assert_eq!(color(&[], &[("TERM", "dumb")]), Color::Never);
    assert_eq!(color(&[], &[("CLICOLOR_FORCE", "1")]), Color::Always);
    assert_eq!(color(&[], &[("CLICOLOR_FORCE", "0")]), Color::Auto);
    assert_eq!(
        color(&["--color", "always"], &[("NO_COLOR", "1")]),
        Color::Always
    );
    assert_eq!(
        color(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]),
        Color::Never
    );
    assert_eq!(color(&[], &[("INPUT_COLOR", "always")]), Color::Always);
    assert!(
        err(
            &[BASE, &["--color", "pink"]].concat(),
            &[("JOBWAIT_TOKEN", "tok-test")]
        )
        .contains("--color must be auto, always or never")
    );
}

#[test]
fn a_token_that_cannot_be_a_header_is_a_usage_error_naming_only_its_source() {
    for (name, value) in [
        ("JOBWAIT_TOKEN", "tok-Secret line\nbreak"),
        ("HW_AUTH_TOKEN", "tök-Secret"),
    ] {
        let err = resolve(&cli(BASE), &env(&[(name, value)]), no_stdin).unwrap_err();
        assert!(err.to_string().contains(name), "{err}");
        assert!(!err.to_string().contains("Secret"), "{err}");
    }
    let err = resolve(
        &cli(BASE),
        &env(&[
            ("HW_ACCESS_KEY", "AK1"),
            ("HW_SECRET_KEY", "sk-secret"),
            ("HW_SECURITY_TOKEN", "sts-Secret with space"),
        ]),
        no_stdin,
    )
    .unwrap_err();
    assert!(err.to_string().contains("HW_SECURITY_TOKEN"), "{err}");
    assert!(!err.to_string().contains("Secret"), "{err}");
}

#[test]
fn a_credential_too_short_to_mask_is_refused_naming_only_its_source() {
    for (vars, named) in [
        (
            vec![("JOBWAIT_TOKEN", "abc")],
            "the token from JOBWAIT_TOKEN",
        ),
        (
            vec![("HW_ACCESS_KEY", "AK1"), ("HW_SECRET_KEY", "sk12")],
            "the secret key from HW_SECRET_KEY",
        ),
        (
            vec![
                ("HW_USER_NAME", "u"),
                ("HW_USER_PASSWORD", "pw1"),
                ("HW_DOMAIN_NAME", "d"),
            ],
            "the password from HW_USER_PASSWORD",
        ),
    ] {
        let e = err(BASE, &vars);
        assert!(e.starts_with(named), "{e}");
        assert!(e.contains("shorter than 6 characters"), "{e}");
        for (_, value) in &vars[vars.len() - 1..] {
            assert!(!e.contains(&format!("'{value}'")), "{e}");
        }
    }
}

#[test]
fn ci_is_recognised_so_no_live_block_is_drawn_there() {
    let in_ci = |vars: &[(&str, &str)]| {
        let mut all = vars.to_vec();
        all.push(("JOBWAIT_TOKEN", "tok-test"));
        ok(BASE, &all).in_ci
    };
    assert!(!in_ci(&[]));
    assert!(in_ci(&[("CI", "true")]));
    assert!(in_ci(&[("CI", "1")]));
    assert!(!in_ci(&[("CI", "false")]));
    assert!(in_ci(&[("GITLAB_CI", "true")]));
    assert!(in_ci(&[("GITHUB_ACTIONS", "true")]));
}

#[test]
fn proxies_are_read_here_upper_case_first() {
    let proxies = |vars: &[(&str, &str)]| {
        let mut all = vars.to_vec();
        all.push(("JOBWAIT_TOKEN", "tok-test"));
        ok(BASE, &all).proxies
    };
    assert_eq!(proxies(&[]), Proxies::default());
    let p = proxies(&[
        ("https_proxy", "http://lower:1"),
        ("HTTPS_PROXY", "http://upper:1"),
        ("ALL_PROXY", "http://all:1"),
        ("no_proxy", ".internal"),
    ]);
    assert_eq!(p.https.as_deref(), Some("http://upper:1"));
    assert_eq!(p.http.as_deref(), Some("http://all:1"));
    assert_eq!(p.no_proxy.as_deref(), Some(".internal"));
}

#[test]
fn a_proxy_that_cannot_be_used_is_a_usage_error_naming_the_variable() {
    let with = |vars: &[(&str, &str)]| {
        let mut all = vars.to_vec();
        all.push(("JOBWAIT_TOKEN", "tok-test"));
        err(BASE, &all)
    };
    let e = with(&[("HTTPS_PROXY", "socks5://user:hunter22@127.0.0.1:1080")]);
    assert!(e.starts_with("HTTPS_PROXY is a socks5:// proxy"), "{e}");
    assert!(!e.contains("hunter22"), "never the value: {e}");
    let e = with(&[("http_proxy", "http://[::1")]);
    assert!(e.starts_with("http_proxy is not a proxy URL"), "{e}");
    let e = with(&[("ALL_PROXY", "socks5h://proxy:1080")]);
    assert!(e.starts_with("ALL_PROXY is a socks5h:// proxy"), "{e}");
    // An ALL_PROXY that both specific variables override is never used, so never refused.
    let c = ok(
        BASE,
        &[
            ("JOBWAIT_TOKEN", "tok-test"),
            ("HTTPS_PROXY", "http://upper:1"),
            ("HTTP_PROXY", "proxy.example.com:3128"),
            ("ALL_PROXY", "socks5://proxy:1080"),
        ],
    );
    assert_eq!(c.proxies.http.as_deref(), Some("proxy.example.com:3128"));
}

#[test]
fn a_mistyped_region_is_refused_with_the_region_it_misses() {
    let base = ["--project-id", "p1", "--job-id", "j1"];
    let token = [("JOBWAIT_TOKEN", "tok-test")];
    let mut args = base.to_vec();
    args.extend(["--region", "eu-dee"]);
    assert_eq!(
        err(&args, &token),
        "--region 'eu-dee' is no region jobwait knows: did you mean eu-de? (for a region it does not know yet, give --cloud too)"
    );
    let mut vars = token.to_vec();
    vars.push(("OS_REGION_NAME", "eu_de"));
    assert!(err(&base, &vars).starts_with("OS_REGION_NAME 'eu_de' is no region"));
    // Told whose region it is, jobwait believes it: clouds open new regions.
    args.extend(["--cloud", "huaweicloud"]);
    assert_eq!(
        ok(&args, &token).endpoint.as_str(),
        "https://ecs.eu-dee.myhuaweicloud.com/"
    );
    // A name close to none is a region of someone else's: used as given.
    let mut args = base.to_vec();
    args.extend(["--region", "my-private-region"]);
    assert_eq!(
        ok(&args, &token).endpoint.as_str(),
        "https://ecs.my-private-region.myhuaweicloud.com/"
    );
}

#[test]
fn a_project_name_given_as_the_id_points_at_project_name() {
    let token = [("JOBWAIT_TOKEN", "tok-test")];
    for name in ["eu-de_myproject", "eu-de", "cn-north-4_ci"] {
        let e = err(
            &[
                "--endpoint",
                "http://127.0.0.1:9",
                "--job-id",
                "j1",
                "--project-id",
                name,
            ],
            &token,
        );
        assert_eq!(
            e,
            format!(
                "--project-id '{name}' is a project name, not a project id (32 hex characters): give it as --project-name with a password login, which finds the id, or give the project's id"
            )
        );
    }
    // Ids, and ids of APIs nobody built in, are not names.
    for id in ["0123456789abcdef0123456789ABCDEF", "p1", "my_project"] {
        ok(
            &[
                "--endpoint",
                "http://127.0.0.1:9",
                "--job-id",
                "j1",
                "--project-id",
                id,
            ],
            &token,
        );
    }
}
