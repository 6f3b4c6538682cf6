//! Every built-in resource, end to end: the real binary against the fake API, which
//! answers only at the exact path (and query) the resource's API uses, with the answers
//! its documentation shows (`tests/data/providers/resources/examples/`, each cited by its
//! page below and in `examples/SOURCES.md`), the status and id set per case. For each:
//! pending then ready, a failure with its own text, a word nobody documented, several at
//! once, and the deletion, with the request line asserted. What is expected here is
//! written apart from the profiles, so a wrong profile fails a test.

#[path = "../support/mod.rs"]
mod support;

use serde_json::{Value, json};
use support::*;

mod behaviour;
mod cases;

use cases::*;

fn example(case: &Case) -> Value {
    let path = format!(
        "{}/tests/data/providers/resources/examples/{}",
        env!("CARGO_MANIFEST_DIR"),
        case.example
    );
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// Set the field at `pointer`, making the objects on the way (a fault the example lacks).
fn set(value: &mut Value, pointer: &str, to: Value) {
    let mut at = value;
    let keys: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    for key in &keys[..keys.len() - 1] {
        let map = at.as_object_mut().unwrap();
        at = map.entry(key.to_string()).or_insert_with(|| json!({}));
    }
    let last = keys[keys.len() - 1].to_string();
    at.as_object_mut().unwrap().insert(last, to);
}

/// The documented answer about `id` with `status`, its failure text when `fault`.
fn answer(case: &Case, id: &str, status: &str, fault: bool) -> Step {
    let mut doc = example(case);
    let item = match case.list {
        Some(list) => {
            let items = doc.pointer_mut(list).unwrap().as_array_mut().unwrap();
            items.truncate(1);
            &mut items[0]
        }
        None => &mut doc,
    };
    set(item, case.id_at, json!(id));
    set(item, case.status_at, json!(status));
    if status == case.ready {
        for (at, idle) in case.idle {
            let v = match idle {
                Idle::Null => Value::Null,
                Idle::EmptyList => json!([]),
            };
            set(item, at, v);
        }
    }
    if fault {
        for (at, text) in case.fault {
            set(item, at, json!(text));
        }
    }
    Step::http(200, doc)
}

fn gone(case: &Case, id: &str) -> Step {
    match case.gone {
        Gone::Http404 => Step::http(
            404,
            json!({"error": {"message": format!("{id} not found")}}),
        ),
        Gone::EmptyList => {
            let mut doc = example(case);
            set(&mut doc, case.list.unwrap(), json!([]));
            Step::http(200, doc)
        }
        Gone::Code(status, code) => Step::http(
            status,
            json!({"error_code": code, "error_msg": "The instance does not exist."}),
        ),
        Gone::Word(word) => answer(case, id, word, false),
    }
}

fn path(case: &Case, id: &str) -> String {
    case.path.replace("{P}", PROJECT).replace("{id}", id)
}

/// jobwait for `case`'s resources `ids`, with `more` arguments.
fn wait_for(fake: &FakeApi, case: &Case, ids: &[&str], more: &[&str]) -> Outcome {
    let mut args = vec![
        "--endpoint",
        &fake.url,
        "--project-id",
        PROJECT,
        "--poll-interval",
        "10ms",
        "--max-interval",
        "50ms",
        "--resource",
        case.name,
    ];
    let joined = ids.join(",");
    args.extend(["--id", &joined]);
    args.extend_from_slice(case.args);
    args.extend_from_slice(more);
    // A variable, so that a case's own --timeout wins.
    let out = jobwait(&args)
        .env("JOBWAIT_TOKEN", TOKEN)
        .env("JOBWAIT_TIMEOUT", "20s")
        .run();
    out.assert_clean();
    out
}

fn ids(case: &Case) -> [String; 3] {
    ["ready", "failed", "odd"].map(|k| format!("{}-{k}", case.name))
}

/// Three of each resource at once: one turns ready, one fails with its text, one shows a
/// word nobody documented. The request line is the resource's, for each.
fn check_ready_failed_unknown(case: &Case) {
    let [ready, failed, odd] = ids(case);
    let pending = || answer(case, "x", case.pending, false);
    let with_id = |step: Step, id: &str| match step.body {
        Body::Json(mut v) => {
            let item = match case.list {
                Some(list) => &mut v.pointer_mut(list).unwrap()[0],
                None => &mut v,
            };
            set(item, case.id_at, json!(id));
            Step::http(200, v)
        }
        _ => step,
    };
    let config = Config::standard()
        .job_at(
            &path(case, &ready),
            &ready,
            Script::Sequence(vec![
                with_id(pending(), &ready),
                answer(case, &ready, case.ready, false),
            ]),
        )
        .job_at(
            &path(case, &failed),
            &failed,
            Script::Sequence(vec![
                with_id(pending(), &failed),
                answer(case, &failed, case.failure, true),
            ]),
        )
        .job_at(
            &path(case, &odd),
            &odd,
            Script::Sequence(vec![
                with_id(pending(), &odd),
                answer(case, &odd, "WEIRD_STATE", false),
            ]),
        );
    let fake = FakeApi::start(config);
    let out = wait_for(&fake, case, &[&ready, &failed, &odd], &["--output", "json"]);
    let name = case.name;
    assert_eq!(out.code, 1, "{name}: a failure decides:\n{}", out.stderr);
    let result: Value = serde_json::from_str(&out.stdout).unwrap();
    let jobs = result["jobs"].as_array().unwrap();
    let by_id = |id: &str| jobs.iter().find(|j| j["id"] == id).unwrap().clone();
    let r = by_id(&ready);
    assert_eq!(r["verdict"], "success", "{name}: {r}");
    assert_eq!(r["status"], case.ready, "{name}: {r}");
    assert_eq!(r["resource_type"], name);
    assert_eq!(r["for"], "ready");
    assert!(
        r["resource"].is_object() && r["job"].is_null(),
        "{name}: {r}"
    );
    let f = by_id(&failed);
    assert_eq!(f["verdict"], "failed", "{name}: {f}");
    assert_eq!(f["status"], case.failure, "{name}: {f}");
    for (_, text) in case.fault {
        let said = format!("{} {}", f["fail_reason"], f["error_code"]);
        assert!(
            said.contains(text),
            "{name}: the failure text {text} is not reported: {f}"
        );
        out.assert_stderr_has(text);
    }
    let o = by_id(&odd);
    assert_eq!(o["verdict"], "no_verdict", "{name}: {o}");
    assert!(
        o["reason"]
            .as_str()
            .unwrap()
            .contains("unexpected status 'WEIRD_STATE'"),
        "{name}: {o}"
    );
    out.assert_stderr_has(&format!("{name} {ready}: "));
    out.assert_stderr_has(&format!("{name} {failed}: {} after", case.failure));
    for id in [&ready, &failed, &odd] {
        let asked: Vec<String> = fake
            .job_requests(id)
            .iter()
            .map(|r| format!("{} {}", r.method, r.path))
            .collect();
        assert!(!asked.is_empty(), "{name}: {id} was never asked for");
        assert!(
            asked
                .iter()
                .all(|a| *a == format!("GET {}", path(case, id))),
            "{name}: {asked:?}"
        );
    }
}

/// Ready, then deleted: gone the way its API says so.
fn check_deletion(case: &Case) {
    let id = format!("{}-gone", case.name);
    let fake = FakeApi::start(Config::standard().job_at(
        &path(case, &id),
        &id,
        Script::Sequence(vec![answer(case, &id, case.ready, false), gone(case, &id)]),
    ));
    let out = wait_for(&fake, case, &[&id], &["--for", "deleted"]);
    assert_eq!(out.code, 0, "{}: {}", case.name, out.stderr);
    out.assert_stderr_has(&format!("{} {id}: gone after ", case.name));
    assert_eq!(fake.job_requests(&id).len(), 2, "{}", case.name);
}

#[test]
fn every_built_in_resource_has_a_case_here() {
    let catalog = jobwait::job::catalog::Catalog::builtin();
    for p in catalog.resources() {
        assert!(
            CASES.iter().any(|c| c.name == p.name),
            "{} is not tested end to end",
            p.name
        );
    }
    let sources = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/providers/resources/examples/SOURCES.md"
    ))
    .unwrap();
    for case in CASES {
        let page = format!("{DOCS}/{}", case.page);
        assert!(
            sources.contains(&page),
            "{}: {page} is not in SOURCES.md",
            case.name
        );
    }
}

#[test]
fn each_resource_turns_ready_fails_with_its_text_and_names_an_unknown_word() {
    for case in CASES {
        check_ready_failed_unknown(case);
    }
}

#[test]
fn each_resource_is_waited_for_until_it_is_gone() {
    for case in CASES {
        check_deletion(case);
    }
}

fn case(name: &str) -> &'static Case {
    CASES.iter().find(|c| c.name == name).unwrap()
}

/// One resource with a script, and jobwait run for it with `more` arguments.
fn one(case: &Case, id: &str, steps: Vec<Step>, more: &[&str]) -> (FakeApi, Outcome) {
    let fake =
        FakeApi::start(Config::standard().job_at(&path(case, id), id, Script::Sequence(steps)));
    let out = wait_for(&fake, case, &[id], more);
    (fake, out)
}
