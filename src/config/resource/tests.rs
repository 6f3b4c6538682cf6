use super::super::{Env, resolve};
use crate::cli;
use crate::job::resource::Target;

fn run(args: &[&str], env: &[(&str, &str)]) -> Result<super::super::Config, String> {
    let mut argv = vec!["jobwait"];
    argv.extend_from_slice(args);
    let args = cli::parse(argv).unwrap();
    let env: Env = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    resolve(&args, &env, || {
        Ok(r#"{"job_id": "j", "serverIds": ["s-1", "s-2"]}"#.into())
    })
    .map_err(|e| e.to_string())
}

const BASE: &[(&str, &str)] = &[
    ("JOBWAIT_TOKEN", "token-1234567890"),
    ("JOBWAIT_PROJECT_ID", "p1"),
];

#[test]
fn a_resource_picks_its_api_host_and_target() {
    let c = run(
        &[
            "--resource",
            "ecs-server",
            "--id",
            "s1,s2",
            "--region",
            "eu-de",
        ],
        BASE,
    )
    .unwrap();
    assert_eq!(c.job_ids, ["s1", "s2"]);
    assert_eq!(c.endpoint.as_str(), "https://ecs.eu-de.otc.t-systems.com/");
    assert_eq!(c.profile.path, "/v1/{project_id}/cloudservers/{id}");
    assert_eq!(c.profile.target, Some(Target::Ready));
    assert!(
        c.endpoint_origin
            .starts_with("resource ecs-server, region eu-de"),
        "{}",
        c.endpoint_origin
    );
    let c = run(
        &[
            "--resource",
            "rds",
            "--id",
            "i1",
            "--for",
            "deleted",
            "--region",
            "eu-de",
        ],
        BASE,
    )
    .unwrap();
    assert_eq!(c.profile.name, "rds-instance");
    assert_eq!(c.profile.target, Some(Target::Deleted));
}

#[test]
fn each_cloud_gets_its_path() {
    let otc = run(
        &[
            "--resource",
            "nat-gateway",
            "--id",
            "n1",
            "--region",
            "eu-de",
        ],
        BASE,
    )
    .unwrap();
    assert_eq!(otc.profile.path, "/v2.0/nat_gateways/{id}");
    let hw = run(
        &[
            "--resource",
            "nat-gateway",
            "--id",
            "n1",
            "--region",
            "cn-north-4",
        ],
        BASE,
    )
    .unwrap();
    assert_eq!(hw.profile.path, "/v2/{project_id}/nat_gateways/{id}");
    assert_eq!(
        hw.endpoint.as_str(),
        "https://nat.cn-north-4.myhuaweicloud.com/"
    );
    let shared = run(
        &[
            "--resource",
            "elb-shared",
            "--id",
            "l1",
            "--region",
            "eu-de",
        ],
        BASE,
    )
    .unwrap();
    assert_eq!(
        shared.endpoint.as_str(),
        "https://vpc.eu-de.otc.t-systems.com/"
    );
    assert_eq!(shared.profile.path, "/v2.0/lbaas/loadbalancers/{id}");
    let mine = run(
        &[
            "--resource",
            "nat",
            "--id",
            "n1",
            "--region",
            "eu-de",
            "--path",
            "/v3/{id}",
        ],
        BASE,
    )
    .unwrap();
    assert_eq!(mine.profile.path, "/v3/{id}");
}

#[test]
fn stdin_takes_the_create_calls_answer() {
    let c = run(
        &["--resource", "ecs-server", "--id", "-", "--region", "eu-de"],
        BASE,
    )
    .unwrap();
    assert_eq!(c.job_ids, ["s-1", "s-2"]);
}

#[test]
fn confirmations_come_from_the_profile_unless_given() {
    let c = run(
        &[
            "--resource",
            "dcs-instance",
            "--id",
            "d1",
            "--region",
            "eu-de",
        ],
        BASE,
    )
    .unwrap();
    assert_eq!(c.success_confirmations, 2);
    let given = [
        &["--success-confirmations", "1"][..],
        &["--resource", "dcs", "--id", "d", "--region", "eu-de"],
    ]
    .concat();
    assert_eq!(run(&given, BASE).unwrap().success_confirmations, 1);
}

/// Arguments, variables, and what the message must say.
type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);

#[test]
fn combinations_that_make_no_sense_are_refused() {
    let cases: &[Case] = &[
        (
            &["--job-id", "j", "--id", "s"],
            &[],
            "--job-id and --id cannot be used together",
        ),
        (
            &["--resource", "ecs-server", "--id", "s"],
            &[("JOBWAIT_JOB_ID", "j")],
            "JOBWAIT_JOB_ID and --id cannot be used together",
        ),
        (
            &["--resource", "ecs-server", "--id", "s", "--service", "rds"],
            &[],
            "--resource and --service cannot be used together",
        ),
        (
            &["--resource", "ecs-server"],
            &[],
            "--resource ecs-server needs the ids to wait for",
        ),
        (
            &["--job-id", "j", "--for", "deleted"],
            &[],
            "--for says what a resource is waited for",
        ),
        (
            &["--for", "deleted"],
            &[],
            "--for says what a resource is waited for",
        ),
        (
            &["--resource", "ecs-srever", "--id", "s"],
            &[],
            "is no resource jobwait knows — did you mean ecs-server",
        ),
        (
            &["--resource", "ecs-server", "--id", "s", "--for", "SHUTOF"],
            &[],
            "--for: 'SHUTOF' is not a state of ecs-server",
        ),
        (
            &["--id", "s", "--endpoint", "https://x.example.com"],
            &[],
            "missing: --path, --status-field, --success-status",
        ),
        (
            &[
                "--id",
                "s",
                "--path",
                "/v1/{id}",
                "--status-field",
                "/s",
                "--success-status",
                "OK",
            ],
            &[],
            "needs --endpoint URL, or --service NAME",
        ),
        (
            &[
                "--resource",
                "ecs-server",
                "--id",
                "s",
                "--path",
                "/v1/{job_id}",
            ],
            &[],
            "must start with '/' and contain {id}",
        ),
        (
            &["--resource", "cce-node", "--id", "s"],
            &[],
            "the cce-node API needs cluster_id: give --param cluster_id=VALUE",
        ),
        (
            &["--resource", "ecs-server", "--id", "a/b"],
            &[],
            "'a/b' is not a resource id",
        ),
    ];
    for (args, env, expected) in cases {
        let mut all = args.to_vec();
        all.extend(["--region", "eu-de"]);
        let env = [BASE, env].concat();
        let e = run(&all, &env).map(|_| ()).unwrap_err();
        assert!(e.contains(expected), "{args:?}: {e}");
    }
}

#[test]
fn a_resource_described_by_flags() {
    let c = run(
        &[
            "--id",
            "t1",
            "--service",
            "ecs",
            "--region",
            "eu-de",
            "--path",
            "/v1/{project_id}/things/{id}",
            "--status-field",
            "/thing/state",
            "--success-status",
            "UP",
            "--pending-status",
            "STARTING",
        ],
        BASE,
    )
    .unwrap();
    assert_eq!(c.endpoint.as_str(), "https://ecs.eu-de.otc.t-systems.com/");
    assert_eq!(c.profile.words().success(), ["UP"]);
    assert_eq!(c.profile.words().pending(), ["STARTING"]);
    assert!(c.profile.reasons.is_empty());
}
