//! The job APIs jobwait knows by name, as data.
//!
//! Every fact was read in the services' API documentation (`opentelekomcloud-docs/*`,
//! `support.huaweicloud.com`), the official Go SDK's models and the Terraform providers;
//! `shared/reference/job-apis.md` and the tests in `builtin_tests.rs` cite where. Hosts
//! are the names the providers' endpoint tables give each service on each cloud.

use super::profile::{Host, Profile, SubShape};
use crate::status::{DEFAULT_FAILURE, DEFAULT_PENDING, DEFAULT_SUCCESS, StatusSets};

/// Service names that use the common `/v1/{project_id}/jobs/{job_id}` API, besides any
/// name jobwait does not know (which is taken as such a service, its name as the host).
pub const COMMON_SERVICES: &[&str] = &["ecs", "evs", "ims", "sdrs", "bms", "vpc", "eip"];

fn regional(both: &str) -> Host {
    Host::Regional {
        huaweicloud: both.into(),
        otc: Some(both.into()),
    }
}

fn regional_each(huaweicloud: &str, otc: Option<&str>) -> Host {
    Host::Regional {
        huaweicloud: huaweicloud.into(),
        otc: otc.map(String::from),
    }
}

fn owned(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// A profile with only the essentials; the builder methods below add the rest.
fn api(
    name: &str,
    host: Host,
    path: &str,
    status: &[&str],
    words: (&[&str], &[&str], &[&str]),
) -> Profile {
    Profile {
        name: name.into(),
        host,
        method: reqwest::Method::GET,
        path: path.into(),
        status: owned(status),
        words: StatusSets::new(words.0, words.1, words.2),
        reasons: Vec::new(),
        codes: Vec::new(),
        progress: Vec::new(),
        begin: None,
        end: None,
        job_type: None,
        entities: None,
        ids: Vec::new(),
        sub_jobs: Vec::new(),
        sub: SubShape::default(),
        sub_jobs_total: None,
        failed_count: None,
        notes: Vec::new(),
    }
}

impl Profile {
    fn reasons(mut self, at: &[&str]) -> Profile {
        self.reasons = owned(at);
        self
    }
    fn codes(mut self, at: &[&str]) -> Profile {
        self.codes = owned(at);
        self
    }
    fn progress(mut self, at: &[&str]) -> Profile {
        self.progress = owned(at);
        self
    }
    fn begin(mut self, at: &str) -> Profile {
        self.begin = Some(at.into());
        self
    }
    /// Where the answer says when the job ended (the SDK's or docs' field, as
    /// `tests/data/providers/job_status.json` records it).
    fn end(mut self, at: &str) -> Profile {
        self.end = Some(at.into());
        self
    }
    fn job_type(mut self, at: &str) -> Profile {
        self.job_type = Some(at.into());
        self
    }
    fn entities(mut self, at: &str) -> Profile {
        self.entities = Some(at.into());
        self
    }
    fn ids(mut self, ids: &[(&str, &str)]) -> Profile {
        self.ids = ids
            .iter()
            .map(|(l, p)| (l.to_string(), p.to_string()))
            .collect();
        self
    }
    fn sub_jobs(mut self, at: &[&str], shape: SubShape) -> Profile {
        self.sub_jobs = owned(at);
        self.sub = shape;
        self
    }
    fn total(mut self, at: &str) -> Profile {
        self.sub_jobs_total = Some(at.into());
        self
    }
    fn noted(mut self, word: &str, note: &str) -> Profile {
        self.notes.push((word.into(), note.into()));
        self
    }
}

/// Sub-jobs shaped like the common job document's (ECS, SFS Turbo).
fn common_sub_job() -> SubShape {
    SubShape {
        id: Some("/job_id".into()),
        job_type: Some("/job_type".into()),
        status: Some("/status".into()),
        reasons: owned(&["/fail_reason", "/entities/errorcode_message"]),
        codes: owned(&["/error_code"]),
        end: Some("/end_time".into()),
        entities: Some("/entities".into()),
    }
}

/// The common `/v1` job API, for `service` (its name is its host).
pub fn common(service: &str) -> Profile {
    api(
        service,
        regional(service),
        "/v1/{project_id}/jobs/{job_id}",
        &["/status"],
        (DEFAULT_PENDING, DEFAULT_SUCCESS, DEFAULT_FAILURE),
    )
    .reasons(&["/fail_reason", "/entities/errorcode_message"])
    .codes(&["/error_code"])
    .progress(&["/entities/process_percent", "/process_percent"])
    .begin("/begin_time")
    .end("/end_time")
    .job_type("/job_type")
    .entities("/entities")
    .sub_jobs(
        &[
            "/entities/sub_jobs",
            "/entities/sub_jobs_result",
            "/sub_jobs",
        ],
        common_sub_job(),
    )
    .total("/entities/sub_jobs_total")
    // An ECS order placed but not paid (yearly/monthly billing) waits in this status
    // until someone pays it, however long the pipeline waits.
    .noted(
        "PENDING_PAYMENT",
        "the order awaits payment; the job will not move until it is paid",
    )
}

/// RDS and its siblings: `GET /v3/{project_id}/jobs?id=`, `{"job": {…}}`.
fn rds_family(name: &str, host: Host, pending: &[&str], progress: &str) -> Profile {
    api(
        name,
        host,
        "/v3/{project_id}/jobs?id={job_id}",
        &["/job/status"],
        (pending, &["Completed"], &["Failed"]),
    )
    .reasons(&["/job/fail_reason"])
    .progress(&[progress])
    .begin("/job/created")
    .end("/job/ended")
    .job_type("/job/name")
    .entities("/job/entities")
    .ids(&[("instance_id", "/job/instance/id")])
}

fn dms(name: &str) -> Profile {
    api(
        name,
        regional("dms"),
        "/v2/{project_id}/instances/{instance_id}/tasks/{job_id}",
        &["/tasks/0/status"],
        (
            &["CREATED", "EXECUTING"],
            &["SUCCESS"],
            &["FAILED", "CANCELLED"],
        ),
    )
    .begin("/tasks/0/created_at")
    .job_type("/tasks/0/name")
}

/// Every built-in profile but the common API's aliases, in the order `--list-services`
/// shows them.
pub fn all() -> Vec<Profile> {
    let mut all = vec![common("ecs")];
    all.extend(databases());
    all.extend(infrastructure());
    all.extend(messaging_and_analytics());
    all.extend([
        swr(),
        api(
            "bss",
            Host::Global {
                huaweicloud: "bss".into(),
            },
            "/v2/orders/customer-orders/details/{job_id}",
            &["/order_info/status"],
            (&["2", "3", "6"], &["5"], &["4"]),
        )
        .begin("/order_info/create_time")
        .ids(&[("order_id", "/order_info/order_id")]),
        cdn(),
    ]);
    all
}

/// DCS and the RDS family.
fn databases() -> Vec<Profile> {
    vec![
        api(
            "dcs",
            regional("dcs"),
            "/v2/{project_id}/jobs/{job_id}",
            &["/status"],
            (&["INIT", "RUNNING"], &["SUCCESS"], &["FAIL", "FAILED"]),
        )
        .reasons(&["/fail_reason"])
        .codes(&["/error_code"])
        .begin("/begin_time")
        .end("/end_time")
        .job_type("/job_type"),
        rds_family("rds", regional("rds"), &["Running"], "/job/process"),
        rds_family("dds", regional("dds"), &["Running"], "/job/progress"),
        rds_family(
            "gaussdb-opengauss",
            regional_each("gaussdb-opengauss", Some("gaussdb")),
            &["Running"],
            "/job/progress",
        ),
        rds_family(
            "taurusdb",
            regional_each("gaussdb", Some("gaussdb-mysql")),
            &["Pending", "Running"],
            "/job/process",
        ),
        api(
            "geminidb",
            regional("gaussdb-nosql"),
            "/v3/{project_id}/jobs?id={job_id}",
            &["/jobs/0/status"],
            (&["Running"], &["Completed"], &["Failed"]),
        )
        .reasons(&["/jobs/0/fail_reason"])
        .progress(&["/jobs/0/progress"])
        .begin("/jobs/0/start_time")
        .end("/jobs/0/end_time")
        .job_type("/jobs/0/name")
        .ids(&[("instance_id", "/jobs/0/instance/id")]),
    ]
}

/// CCE: a Kubernetes-style job whose sub-jobs are whole jobs.
fn cce() -> Profile {
    api(
        "cce",
        regional("cce"),
        "/api/v3/projects/{project_id}/jobs/{job_id}",
        &["/status/phase"],
        (&["Initializing", "Running"], &["Success"], &["Failed"]),
    )
    .reasons(&["/status/reason", "/status/message"])
    .begin("/metadata/creationTimestamp")
    .job_type("/spec/type")
    .ids(&[("resource_id", "/spec/resourceID")])
    .sub_jobs(
        &["/spec/subJobs"],
        SubShape {
            id: Some("/metadata/uid".into()),
            job_type: Some("/spec/type".into()),
            status: Some("/status/phase".into()),
            reasons: owned(&["/status/reason", "/status/message"]),
            ..SubShape::default()
        },
    )
}

/// CCE, ELB, SFS Turbo, CBR.
fn infrastructure() -> Vec<Profile> {
    vec![
        cce(),
        api(
            "elb",
            regional("elb"),
            "/v3/{project_id}/elb/jobs/{job_id}",
            &["/job/status"],
            (
                &["INIT", "RUNNING", "ROLLBACKING"],
                &["SUCCESS", "COMPLETE"],
                &["FAIL", "ROLLBACK_FAIL", "CANCEL"],
            ),
        )
        .reasons(&["/job/error_msg"])
        .codes(&["/job/error_code"])
        .begin("/job/begin_time")
        .end("/job/end_time")
        .job_type("/job/job_type")
        .ids(&[("resource_id", "/job/resource_id")])
        .sub_jobs(
            &["/job/sub_jobs"],
            SubShape {
                reasons: owned(&["/error_msg"]),
                entities: None,
                ..common_sub_job()
            },
        ),
        api(
            "sfs-turbo",
            regional("sfs-turbo"),
            "/v1/{project_id}/sfs-turbo/jobs/{job_id}",
            &["/status"],
            (&["waiting", "running"], &["success"], &["failed"]),
        )
        .reasons(&["/fail_reason"])
        .codes(&["/error_code"])
        .begin("/begin_time")
        .end("/end_time")
        .job_type("/job_type")
        .sub_jobs(&["/sub_jobs"], common_sub_job()),
        api(
            "cbr",
            regional("cbr"),
            "/v3/{project_id}/operation-logs/{job_id}",
            &["/operation_log/status"],
            (
                &["waiting", "running"],
                &["success"],
                &["failed", "timeout"],
            ),
        )
        .reasons(&["/operation_log/error_info/message"])
        .codes(&["/operation_log/error_info/code"])
        .progress(&["/operation_log/extra_info/common/progress"])
        .begin("/operation_log/started_at")
        .end("/operation_log/ended_at")
        .job_type("/operation_log/operation_type")
        .ids(&[
            ("resource_id", "/operation_log/extra_info/resource/id"),
            ("backup_id", "/operation_log/extra_info/backup/backup_id"),
        ]),
    ]
}

/// DMS tasks, DLI, ModelArts, MRS.
fn messaging_and_analytics() -> Vec<Profile> {
    vec![
        dms("kafka"),
        dms("rabbitmq"),
        dms("rocketmq"),
        api(
            "dli",
            regional("dli"),
            "/v1.0/{project_id}/jobs/{job_id}/status",
            &["/status"],
            (
                &["LAUNCHING", "RUNNING", "SCALING"],
                &["FINISHED"],
                &["FAILED", "CANCELLED"],
            ),
        )
        .reasons(&["/message"])
        .begin("/start_time")
        .job_type("/job_type"),
        api(
            "modelarts",
            regional("modelarts"),
            "/v2/{project_id}/training-jobs/{job_id}",
            &["/status/phase"],
            (
                &["Creating", "Pending", "Running", "Terminating"],
                &["Completed"],
                &["Failed", "Abnormal", "Terminated"],
            ),
        )
        .codes(&["/status/secondary_phase"])
        .begin("/metadata/create_time")
        .job_type("/metadata/name")
        .sub_jobs(
            &["/status/task_statuses"],
            SubShape {
                id: Some("/task".into()),
                reasons: owned(&["/message"]),
                codes: owned(&["/exit_code"]),
                ..SubShape::default()
            },
        ),
        api(
            "mrs",
            regional("mrs"),
            "/v2/{project_id}/clusters/{cluster_id}/job-executions/{job_id}",
            &["/job_detail/job_state", "/job_detail/job_result"],
            (
                &[
                    "NEW",
                    "NEW_SAVING",
                    "SUBMITTED",
                    "ACCEPTED",
                    "RUNNING",
                    "UNDEFINED",
                ],
                &["FINISHED", "SUCCEEDED"],
                &["FAILED", "KILLED"],
            ),
        )
        .progress(&["/job_detail/job_progress"])
        .begin("/job_detail/submitted_time")
        .end("/job_detail/finished_time")
        .job_type("/job_detail/job_type")
        .ids(&[("app_id", "/job_detail/app_id")]),
    ]
}

fn swr() -> Profile {
    api(
        "swr",
        regional_each("swr-api", None),
        "/v2/{project_id}/jobs/{job_id}",
        &["/status"],
        (
            &["Creating", "Initializing", "Running"],
            &["Success"],
            &["Failed"],
        ),
    )
    .reasons(&["/reason"])
    .begin("/created_at")
    .job_type("/type")
    .ids(&[("resource_id", "/resource_id")])
}

/// CDN refresh and preheat tasks: the task is done or not; failures are counted and
/// listed per URL, whose words join the task's own.
fn cdn() -> Profile {
    let mut cdn = api(
        "cdn",
        Host::Global {
            huaweicloud: "cdn".into(),
        },
        "/v1.0/cdn/historytasks/{job_id}/detail",
        &["/status"],
        (
            &[
                "task_inprocess",
                "processing",
                "waiting",
                "refreshing",
                "preheating",
            ],
            &["task_done", "succeed"],
            &["failed"],
        ),
    )
    .begin("/create_time")
    .job_type("/task_type")
    .sub_jobs(
        &["/urls"],
        SubShape {
            id: Some("/url".into()),
            status: Some("/status".into()),
            reasons: owned(&["/fail_desc"]),
            codes: owned(&["/fail_classify"]),
            ..SubShape::default()
        },
    )
    .total("/total");
    cdn.failed_count = Some("/failed".into());
    cdn
}

/// Other names people use for a built-in profile.
const ALIASES: &[(&str, &str)] = &[
    ("dms", "kafka"),
    ("gaussdb-mysql", "taurusdb"),
    ("gaussdb-nosql", "geminidb"),
    ("opengauss", "gaussdb-opengauss"),
    ("sfsturbo", "sfs-turbo"),
    ("swr-api", "swr"),
];

/// The profile for `--service NAME`: a built-in one, else the common API with `NAME` as
/// its host (as ECS, EVS, IMS, SDRS, BMS, VPC and others serve it).
pub fn find(name: &str) -> Profile {
    let name = ALIASES
        .iter()
        .find(|(alias, _)| *alias == name)
        .map_or(name, |(_, to)| to);
    all()
        .into_iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| common(name))
}
