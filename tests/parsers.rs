//! No panic, whatever the input: the parsers that read what servers and pipelines send.
//!
//! These properties cover the same ground as the cargo-fuzz targets in `fuzz/` (the job
//! document, error bodies, the classification of an HTTP answer, job ids on stdin). The
//! fuzzers search deeper but need a nightly toolchain and minutes of building; these run
//! with every `cargo test`. Inputs are shaped like the real thing (job documents with
//! sub-jobs, odd timestamps and numbers as strings, id lists) and then broken (truncated,
//! random bytes), because random bytes alone rarely get past the JSON parser.

use jobwait::fault::ErrorInfo;
use jobwait::job::{Body, Profile, Progress, builtin, read};
use jobwait::jobids::{dedup, from_stdin, validate};
use jobwait::source::classify;
use jobwait::transport::Response;
use jobwait::wait::Answer;
use proptest::prelude::*;
use serde_json::{Map, Value, json};

const KEYS: &[&str] = &[
    "status",
    "job_id",
    "job_type",
    "entities",
    "sub_jobs",
    "sub_jobs_result",
    "sub_jobs_total",
    "process_percent",
    "begin_time",
    "end_time",
    "error_code",
    "fail_reason",
    "errorcode_message",
    "server_id",
    "nic_ids",
    "code",
    "message",
    "error_msg",
    "error",
    "request_id",
    "job_ids",
    "jobId",
];

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(KEYS).prop_map(String::from),
        1 => any::<String>(),
    ]
}

/// Timestamps as services write them, nearly as they do, and not at all.
fn timestamp() -> impl Strategy<Value = Value> {
    let parts = (
        0u32..10_000,
        0u32..14,
        0u32..33,
        0u32..26,
        0u32..61,
        0u32..61,
        0u32..1000,
    );
    let offset = prop::sample::select(vec!["Z", "", "+0800", "-08:00", "+99:99", "z", "+1"]);
    prop_oneof![
        (parts, offset).prop_map(|((y, mo, d, h, mi, s, ms), off)| {
            Value::from(format!(
                "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}{off}"
            ))
        }),
        any::<String>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        Just(Value::Null),
    ]
}

fn status() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => prop::sample::select(vec!["SUCCESS", "FAIL", "RUNNING", "INIT", "failed", ""])
            .prop_map(Value::from),
        1 => any::<String>().prop_map(Value::from),
        1 => leaf(),
    ]
}

/// A number, or one sent as text (`"50"`, `"50%"`), or something else entirely.
fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| Value::from(format!("{f}%"))),
        any::<u32>().prop_map(|n| Value::from(n.to_string())),
        leaf(),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<String>().prop_map(Value::from),
    ]
}

/// Any JSON, with the keys job documents and error bodies use more often than chance.
fn json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn sub_job() -> impl Strategy<Value = Value> {
    (status(), timestamp(), timestamp(), json(), leaf()).prop_map(
        |(status, begin, end, entities, code)| {
            json!({"status": status, "job_id": "sub", "begin_time": begin, "end_time": end,
               "entities": entities, "error_code": code, "fail_reason": null})
        },
    )
}

/// Something shaped like a job document, with every field free to be odd.
fn job_doc() -> impl Strategy<Value = Value> {
    (
        status(),
        timestamp(),
        prop::collection::vec(sub_job(), 0..6),
        number(),
        number(),
        prop::sample::select(vec![
            "entities.sub_jobs",
            "entities.sub_jobs_result",
            "sub_jobs",
        ]),
        json(),
    )
        .prop_map(|(status, begin, subs, total, percent, place, extra)| {
            let mut entities = Map::new();
            entities.insert("sub_jobs_total".into(), total);
            entities.insert("process_percent".into(), percent);
            entities.insert("server_id".into(), extra);
            let mut doc = json!({"status": status, "job_id": "j", "begin_time": begin,
                                 "error_code": null, "fail_reason": null});
            match place.strip_prefix("entities.") {
                Some(name) => {
                    entities.insert(name.into(), Value::Array(subs));
                }
                None => doc["sub_jobs"] = Value::Array(subs),
            }
            doc["entities"] = Value::Object(entities);
            doc
        })
}

/// A body as text: whole, cut short, or with a byte changed.
fn broken(doc: Value) -> impl Strategy<Value = Vec<u8>> {
    let text = doc.to_string().into_bytes();
    let len = text.len();
    prop_oneof![
        Just(text.clone()),
        (0..=len).prop_map({
            let text = text.clone();
            move |cut| text[..cut].to_vec()
        }),
        (0..len.max(1), any::<u8>()).prop_map(move |(at, byte)| {
            let mut t = text.clone();
            if let Some(b) = t.get_mut(at) {
                *b = byte;
            }
            t
        }),
    ]
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => job_doc().prop_flat_map(broken),
        1 => json().prop_map(|v| v.to_string().into_bytes()),
        1 => prop::collection::vec(any::<u8>(), 0..256),
    ]
}

/// Everything the wait loop and the reporters ask of a parsed body, read with every
/// built-in job API's profile.
fn exercise(bytes: &[u8]) {
    for profile in builtin::all() {
        exercise_as(&profile, bytes);
    }
}

fn exercise_as(profile: &Profile, bytes: &[u8]) {
    match read(profile, bytes) {
        Body::Job(doc) => {
            match doc.progress() {
                Some(Progress::SubJobs { done, total, .. }) => assert!(done <= total),
                Some(p) => assert!((0.0..=1.0).contains(&p.fraction())),
                None => {}
            }
            let _ = doc.failure_details();
            let _ = doc.entity_ids();
            let _ = doc.entities_json();
            let _ = doc.begin();
        }
        Body::QueryError(info) => assert!(info.code.is_some() || info.message.is_some()),
        Body::NotAJob(reason) => assert!(reason.len() < 100, "{reason}"),
        Body::NoStatus { at, keys } => assert!(at.len() + keys.len() < 4096, "{keys}"),
        Body::OtherJob(why) | Body::NotListed(why) | Body::Gone(why) => {
            assert!(why.len() < 2048, "{why}")
        }
    }
}

proptest! {
    #[test]
    fn any_body_parses_without_panic(bytes in body()) {
        exercise(&bytes);
    }

    #[test]
    fn a_well_formed_document_with_a_text_status_is_a_job(doc in job_doc()) {
        let text = doc.to_string();
        if let Some(status) = doc["status"].as_str() {
            match read(&builtin::common("ecs"), text.as_bytes()) {
                Body::Job(parsed) => prop_assert_eq!(parsed.status.as_str(), status),
                other => prop_assert!(false, "{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn error_bodies_never_panic_and_keep_little(bytes in body()) {
        let info = ErrorInfo::from_body(&bytes);
        if let Some(raw) = &info.raw {
            prop_assert!(raw.chars().count() <= 301);
        }
        let _ = info.summary();
    }

    #[test]
    fn any_answer_is_classified(
        status in prop_oneof![Just(200u16), Just(404), Just(429), Just(503), any::<u16>()],
        bytes in body(),
        request_id in proptest::option::of(any::<String>()),
        retry_after in proptest::option::of(any::<u32>()),
    ) {
        let mut answer = Response::new(status, bytes);
        if let Some(id) = &request_id {
            answer = answer.with_header("x-request-id", id);
        }
        if let Some(ms) = retry_after {
            answer = answer.with_header("retry-after", &format!("{}", f64::from(ms) / 1000.0));
        }
        match classify(&builtin::common("ecs"), &answer, format!("{status} from host")) {
            Answer::Job(_) => prop_assert!((200..300).contains(&status)),
            Answer::Fault(fault) => {
                let p = fault.problem();
                prop_assert_eq!(p.status, Some(status));
                let _ = p.to_string();
            }
            Answer::Unread(unread) => {
                prop_assert!((200..300).contains(&status));
                prop_assert_eq!(unread.problem.status, Some(status));
            }
            Answer::Gone { .. } => prop_assert!(false, "a job's answer is never 'gone'"),
        }
    }

    #[test]
    fn id_lists_round_trip_through_stdin(
        ids in prop::collection::vec("[A-Za-z0-9_.~-]{1,40}", 1..20),
        seps in prop::collection::vec(prop::sample::select(vec![",", " ", "\n", ", ", "\r\n", "\t"]), 20),
    ) {
        let mut text = String::new();
        for (id, sep) in ids.iter().zip(&seps) {
            text.push_str(id);
            text.push_str(sep);
        }
        // A list that happens to start like JSON is read as JSON: not this property's case.
        prop_assume!(!text.starts_with(['{', '[']));
        prop_assert_eq!(from_stdin(&text).unwrap(), ids);
    }

    #[test]
    fn stdin_never_panics_and_yields_ids_or_a_short_reason(
        text in prop_oneof![
            any::<String>(),
            "[a-z0-9,\\s{}\\[\\]\"]{0,12}",
            json().prop_map(|v| v.to_string()),
            prop::collection::vec(json(), 1..4).prop_map(|vs| {
                vs.iter().map(Value::to_string).collect::<Vec<_>>().join("\n")
            }),
        ],
    ) {
        match from_stdin(&text) {
            Ok(ids) => {
                prop_assert!(!ids.is_empty() && ids.iter().all(|id| !id.is_empty()));
                for id in &ids {
                    match validate(id) {
                        Ok(()) => prop_assert!(id.len() <= 128 && id.is_ascii()),
                        Err(e) => prop_assert!(e.len() < 400),
                    }
                }
                let _ = dedup(ids);
            }
            Err(e) => prop_assert!(e.len() < 2000, "{} bytes", e.len()),
        }
    }
}
