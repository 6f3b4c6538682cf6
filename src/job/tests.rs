//! Parsing tests; the bodies marked "reference" are the example responses of the pages in
//! `shared/reference/`, verbatim.

use super::*;
use crate::status::StatusClass;

fn parse(text: &[u8]) -> Body {
    read(&builtin::common("ecs"), text)
}

fn job(text: &str) -> JobDoc {
    match parse(text.as_bytes()) {
        Body::Job(doc) => *doc,
        other => panic!("not a job: {other:?}"),
    }
}

/// Reference: ECS "Querying Task Execution Status", example response.
const ECS_EXAMPLE: &str = r#"{
    "status": "SUCCESS",
    "entities": {
        "sub_jobs_total": 1,
        "sub_jobs": [
            {
                "status": "SUCCESS",
                "entities": {
                    "server_id": "bae51750-0089-41a1-9b18-5c777978ff6d"
                },
                "job_id": "2c9eb2c5544cbf6101544f0635672b60",
                "job_type": "createSingleServer",
                "begin_time": "2016-04-25T20:04:47.591Z",
                "end_time": "2016-04-25T20:08:21.328Z",
                "error_code": null,
                "fail_reason": null
            }
        ]
    },
    "job_id": "2c9eb2c5544cbf6101544f0602af2b4f",
    "job_type": "createServer",
    "begin_time": "2016-04-25T20:04:34.604Z",
    "end_time": "2016-04-25T20:08:41.593Z",
    "error_code": null,
    "fail_reason": null
}"#;

/// Reference: SDRS "Querying the Job Status", first example response (also the Huawei
/// Cloud ShowJobStatus page's).
const SDRS_EXAMPLE: &str = r#"{
  "status" : "SUCCESS",
  "entities" : {
    "server_group_id" : "a59d008e-4bad-4bf3-9b17-6cc25e7da483"
  },
  "job_id" : "0000000062db92d70162db9d200f000a",
  "job_type" : "createProtectionGroupNoCG",
  "begin_time" : "2018-04-19T01:55:30.443Z",
  "end_time" : "2018-04-19T01:55:45.493Z",
  "error_code" : null,
  "fail_reason" : null
}"#;

/// Reference: SDRS, second example response (sub-jobs).
const SDRS_SUB_JOBS: &str = r#"{
    "job_id": "ff8080826b45d4a5016b5036242c0025",
    "job_type": "stopProtectionGroupNoCG",
    "begin_time": "2019-06-13T09:40:53.930Z",
    "end_time": "2019-06-13T09:41:01.946Z",
    "status": "SUCCESS",
    "error_code": null,
    "fail_reason": null,
    "entities": {
        "sub_jobs": [
            {
                "job_id": "ff8080826b45d4a5016b50362868002a",
                "job_type": "stopProtectionGroupRepNoCG",
                "begin_time": "2019-06-13T09:40:55.015Z",
                "end_time": "2019-06-13T09:40:58.951Z",
                "status": "SUCCESS",
                "error_code": null,
                "fail_reason": null,
                "entities": {
                    "server_group_id": "1fd6903c-48f9-4772-8974-112dfbd74427"
                }
            },
            {
                "job_id": "ff8080826b45d4a5016b50362870002b",
                "job_type": "stopProtectionGroupRepNoCG",
                "begin_time": "2019-06-13T09:40:55.022Z",
                "end_time": "2019-06-13T09:40:58.952Z",
                "status": "SUCCESS",
                "error_code": null,
                "fail_reason": null,
                "entities": {
                    "server_group_id": "1fd6903c-48f9-4772-8974-112dfbd74427"
                }
            }
        ]
    }
}"#;

/// Reference: SDRS error example.
const SDRS_ERROR: &str = r#"{
    "error": {
        "message": "XXXX",
        "code": "XXX"
    }
}"#;

#[test]
fn ecs_reference_example() {
    let doc = job(ECS_EXAMPLE);
    assert_eq!(doc.status, "SUCCESS");
    assert_eq!(doc.class, StatusClass::Success);
    assert_eq!(doc.job_type.as_deref(), Some("createServer"));
    assert_eq!(doc.error_code(), None);
    assert_eq!(doc.fail_reason(), None);
    assert_eq!(doc.sub_jobs_total, Some(1));
    assert!(doc.failure_details().is_empty());
    assert_eq!(
        doc.entity_ids(),
        [(
            "server_id".to_string(),
            "bae51750-0089-41a1-9b18-5c777978ff6d".to_string()
        )]
    );
    assert!(doc.begin().is_some());
    match doc.progress() {
        Some(Progress::SubJobs {
            done: 1,
            total: 1,
            last_end: Some(_),
        }) => {}
        other => panic!("{other:?}"),
    }
    // Kept whole for --output json.
    let kept: serde_json::Value = serde_json::from_str(doc.raw.get()).unwrap();
    assert_eq!(
        kept,
        serde_json::from_str::<serde_json::Value>(ECS_EXAMPLE).unwrap()
    );
    assert!(!doc.cut);
}

#[test]
fn sdrs_reference_examples() {
    let doc = job(SDRS_EXAMPLE);
    assert_eq!(doc.job_type.as_deref(), Some("createProtectionGroupNoCG"));
    assert_eq!(
        doc.entity_ids(),
        [(
            "server_group_id".to_string(),
            "a59d008e-4bad-4bf3-9b17-6cc25e7da483".to_string()
        )]
    );
    assert_eq!(doc.progress(), None);

    let doc = job(SDRS_SUB_JOBS);
    assert_eq!(doc.sub_jobs.len(), 2);
    // Both sub-jobs name the same group: reported once.
    assert_eq!(doc.entity_ids().len(), 1);
    match doc.progress() {
        Some(Progress::SubJobs {
            done: 2, total: 2, ..
        }) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn reference_error_body_is_a_query_error_not_a_job() {
    match parse(SDRS_ERROR.as_bytes()) {
        Body::QueryError(info) => {
            assert_eq!(info.code.as_deref(), Some("XXX"));
            assert_eq!(info.message.as_deref(), Some("XXXX"));
        }
        other => panic!("{other:?}"),
    }
    match parse(br#"{"code":"Ecs.0114","message":"busy"}"#) {
        Body::QueryError(info) => assert_eq!(info.code.as_deref(), Some("Ecs.0114")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn failure_details_from_every_place_services_put_them() {
    let doc = job(
        r#"{"status":"FAIL","job_id":"j","job_type":"createServer","error_code":"Ecs.0039",
            "fail_reason":"quota exceeded",
            "entities":{"errorcode_message":"top message","sub_jobs_total":2,"sub_jobs":[
              {"status":"SUCCESS","job_id":"s-ok","entities":{"server_id":"a"}},
              {"status":"FAIL","job_id":"s-bad","job_type":"createSingleServer","error_code":"Ecs.0037",
               "fail_reason":"EIP quota","entities":{"errorcode_message":"Insufficient EIP quota"}}],
              "sub_jobs_result":[{"status":"FAILED","job_id":"ims-sub","fail_reason":"image broken"}]},
            "sub_jobs":[{"status":"FAIL","job_id":"top-sub","error_code":"X.1"}]}"#,
    );
    let details = doc.failure_details();
    let ids: Vec<Option<&str>> = details.iter().map(|d| d.sub_job_id.as_deref()).collect();
    assert_eq!(
        ids,
        vec![None, Some("s-bad"), Some("ims-sub"), Some("top-sub")]
    );
    assert_eq!(details[0].codes, ["Ecs.0039"]);
    assert_eq!(details[0].reasons, ["quota exceeded", "top message"]);
    assert_eq!(details[1].reasons, ["EIP quota", "Insufficient EIP quota"]);
    assert_eq!(details[1].job_type.as_deref(), Some("createSingleServer"));
    assert_eq!(details[2].reasons, ["image broken"]);
}

#[test]
fn unknown_fields_and_odd_types_are_tolerated() {
    let doc = job(
        r#"{"status":"running","job_id":123,"error_code":0,"fail_reason":"",
            "entities":{"sub_jobs":"not a list","sub_jobs_total":"3","volume_id":"v-1",
                        "process_percent":"45%"},
            "process_percent":12,"extra":{"nested":[1,2,3]}}"#,
    );
    assert_eq!(doc.status, "running");
    assert_eq!(doc.class, StatusClass::Pending);
    assert_eq!(doc.error_code().as_deref(), Some("0"));
    assert_eq!(doc.fail_reason(), None);
    assert!(doc.sub_jobs.is_empty());
    // sub_jobs_total without a list still gives 0/3.
    assert_eq!(
        doc.progress(),
        Some(Progress::SubJobs {
            done: 0,
            total: 3,
            last_end: None
        })
    );
    assert_eq!(doc.percent, Some(45.0));
    assert!(doc.raw.get().contains("\"nested\""));
    assert_eq!(doc.entities_json()["volume_id"], "v-1");
}

#[test]
fn ims_percent_progress() {
    let doc = job(r#"{"status":"RUNNING","entities":{"image_id":"i-1","process_percent":0.5}}"#);
    assert_eq!(doc.progress(), Some(Progress::Percent(0.5)));
    let doc = job(r#"{"status":"RUNNING","process_percent":40}"#);
    assert_eq!(doc.progress().map(|p| p.fraction()), Some(0.4));
}

#[test]
fn a_non_string_status_is_kept_for_the_status_sets_to_reject() {
    let doc = job(r#"{"status": 7}"#);
    assert_eq!(doc.status, "7");
    assert_eq!(doc.class, StatusClass::Unknown);
}

#[test]
fn not_a_job_document() {
    for (body, why) in [
        ("<html><body>502 Bad Gateway</body></html>", "HTML"),
        (r#"{"status": "RUNN"#, "truncated"),
        ("", "empty"),
        ("   ", "empty"),
        ("[1,2,3]", "not an object"),
        ("garbage", "not JSON"),
    ] {
        match parse(body.as_bytes()) {
            Body::NotAJob(reason) => assert!(reason.contains(why), "{body:?}: {reason}"),
            other => panic!("{body:?}: {other:?}"),
        }
    }
    // A document, but no status where the profile says: the keys it has are named.
    for (body, keys) in [
        ("{}", ""),
        (r#"{"status": null}"#, "status"),
        (
            r#"{"job": {"id": "j", "state": "RUNNING"}, "request_id": "r"}"#,
            "job{id, state}, request_id",
        ),
    ] {
        match parse(body.as_bytes()) {
            Body::NoStatus { at, keys: found } => {
                assert_eq!((at.as_str(), found.as_str()), ("/status", keys), "{body}")
            }
            other => panic!("{body:?}: {other:?}"),
        }
    }
}

/// `count` empty sub-jobs under a job of `status`.
fn padded(status: &str, count: usize) -> String {
    let empties = vec!["{}"; count].join(",");
    format!(
        r#"{{"status":"{status}","fail_reason":"disk full","entities":{{"sub_jobs":[{empties}]}}}}"#
    )
}

#[test]
fn a_body_of_millions_of_tiny_values_is_read_in_passing() {
    // 16 MiB of empty sub-jobs once took 1.4 GB to parse; now it is never parsed whole,
    // and its status still counts: a huge FAIL is a failure, with its reason.
    let failed = job(&padded("FAIL", 1 << 20));
    assert_eq!(
        (failed.status.as_str(), failed.class),
        ("FAIL", StatusClass::Failure)
    );
    assert_eq!(failed.reasons, ["disk full"]);
    assert!(failed.cut);
    assert!(
        failed
            .raw
            .get()
            .contains("only the fields the profile reads")
    );
    // A SUCCESS whose sub-jobs are too many to read cannot be called a success…
    let many = job(&padded("SUCCESS", 1 << 20));
    assert_eq!(many.class, StatusClass::Unknown);
    assert!(
        many.note
            .unwrap()
            .contains("more sub-jobs than jobwait reads")
    );
    // …and one whose failed sub-job is read is a failure, however much else it holds.
    let zeros = vec!["0"; 300_000].join(",");
    let few = job(&format!(
        r#"{{"padding":[{zeros}],"status":"SUCCESS","entities":{{"sub_jobs":[{{"job_id":"s-1","status":"SUCCESS"}},{{"job_id":"s-9","status":"FAIL","fail_reason":"quota"}}]}}}}"#
    ));
    assert_eq!(few.class, StatusClass::Failure);
    assert_eq!(few.failure_details().last().unwrap().reasons, ["quota"]);
    // Not JSON at all, however much structure: not a job document.
    match parse(vec![b','; 300_000].as_slice()) {
        Body::NotAJob(reason) => assert!(reason.contains("more JSON"), "{reason}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn thousands_of_entity_ids_are_listed_once_each_in_order() {
    // Quadratic before: each id was looked up in the list of those already found.
    let ids: Vec<String> = (0..50_000)
        .map(|i| format!(r#""k{i}_id":"v{}""#, i % 40_000))
        .collect();
    let doc = job(&format!(
        r#"{{"status":"SUCCESS","entities":{{{},"sub_jobs":[{{"entities":{{"k1_id":"v1"}}}}]}}}}"#,
        ids.join(",")
    ));
    let found = doc.entity_ids();
    assert_eq!(found.len(), 50_000);
    assert!(found.contains(&("k49999_id".into(), "v9999".into())));
}

#[test]
fn a_status_the_profile_notes_carries_its_note() {
    let waiting = job(r#"{"status":"pending_payment"}"#);
    assert_eq!(
        waiting.note.as_deref(),
        Some("the order awaits payment; the job will not move until it is paid")
    );
    assert_eq!(job(r#"{"status":"RUNNING"}"#).note, None);
    let rds = read(
        &builtin::find("rds"),
        br#"{"job":{"status":"PENDING_PAYMENT"}}"#,
    );
    assert!(matches!(rds, Body::Job(doc) if doc.note.is_none()));
}
