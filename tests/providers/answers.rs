//! The documented answers: each example job document reads as its state with its
//! profile, and is this job's only under its own id; each documented create answer gives
//! the id where the facts say it keeps it.

use jobwait::job::catalog::Catalog;
use jobwait::job::{Body, read, read_for};
use jobwait::jobids::from_stdin_with;
use jobwait::status::StatusClass;
use serde_json::{Value, json};

use super::facts::{DIR, full, profile, word};

/// What each documented state means for jobwait (states named in examples/index.json).
fn expected(state: &str) -> Option<StatusClass> {
    Some(match state {
        "success" | "success-with-sub-jobs" => StatusClass::Success,
        "pending" => StatusClass::Pending,
        "failure" => StatusClass::Failure,
        // DLI Flink's job_init: a draft, which decides nothing when waiting for a run.
        "draft" => StatusClass::Unknown,
        // The ModelArts orders API, which no profile asks.
        _ => return None,
    })
}

/// The values at a pointer whose `[]` segments mean each element of a list.
pub fn at_each<'a>(value: &'a Value, pointer: &str) -> Vec<&'a Value> {
    match pointer.split_once("/[]") {
        None => value.pointer(pointer).into_iter().collect(),
        Some((list, rest)) => (value.pointer(list).and_then(Value::as_array).into_iter())
            .flatten()
            .flat_map(|item| at_each(item, rest))
            .collect(),
    }
}

pub fn examples(catalog: &Catalog, index: &Value) -> Vec<String> {
    let mut found = Vec::new();
    for example in index["examples"].as_array().unwrap() {
        let (api, state) = (
            example["api"].as_str().unwrap(),
            example["state"].as_str().unwrap(),
        );
        let (Some(want), true) = (expected(state), example["json_valid"] == true) else {
            continue;
        };
        let Some(p) = profile(catalog, api) else {
            found.push(format!("{api}: no profile"));
            continue;
        };
        let file = example["file"].as_str().unwrap();
        let text = std::fs::read_to_string(format!("{DIR}/{file}")).unwrap();
        if example.get("doc_quirks").is_some() {
            // Published with a mangled status key: no status to read, never a guess.
            if !matches!(read(p, text.as_bytes()), Body::NoStatus { .. }) {
                found.push(format!("{file}: read despite {}", example["doc_quirks"]));
            }
            continue;
        }
        match read(p, text.as_bytes()) {
            Body::Job(doc) if doc.class == want => {}
            Body::Job(doc) => found.push(format!(
                "{file}: {} is {:?}, not {want:?}",
                doc.status, doc.class
            )),
            other => found.push(format!("{file}: {other:?}")),
        }
        found.extend(own_id_only(p, file, &text));
    }
    found
}

/// Read under its own id, the example is the job's; under another, it is not.
fn own_id_only(p: &jobwait::job::Profile, file: &str, text: &str) -> Vec<String> {
    let value: Value = serde_json::from_str(text).unwrap();
    let Some(at) = &p.id else {
        return Vec::new();
    };
    let Some(own) = at_each(&value, &full(p, at)).first().map(|v| word(v)) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    if !matches!(read_for(p, Some(&own), text.as_bytes()), Body::Job(_)) {
        found.push(format!("{file}: not read as job {own}"));
    }
    match read_for(p, Some("not-this-job"), text.as_bytes()) {
        Body::OtherJob(_) | Body::NotListed(_) => {}
        other => found.push(format!("{file}: read as another job's: {other:?}")),
    }
    found
}

/// `value` with `id` at `pointer` (creating objects and one-element lists on the way).
fn build(pointer: &str, id: &str) -> Value {
    let mut segments: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    let mut value = json!(id);
    while let Some(last) = segments.pop() {
        value = if last == "[]" {
            json!([value])
        } else {
            json!({ last: value })
        };
    }
    value
}

pub fn creates(catalog: &Catalog, facts: &Value) -> Vec<String> {
    let mut found = Vec::new();
    for (api, entry) in facts["apis"].as_object().unwrap() {
        let Some(p) = profile(catalog, api) else {
            found.push(format!("{api}: no profile"));
            continue;
        };
        for create in entry["creates"].as_array().unwrap() {
            let at = create["pointer"].as_str().unwrap();
            if !p.create_id.iter().any(|c| c == at) {
                found.push(format!(
                    "{api}: create answers keep the id at {at}, not in create_id"
                ));
            }
            let documented = create["example"]["file"]
                .as_str()
                .filter(|_| create["example"]["json_valid"] == true);
            let (text, want) = match documented {
                Some(file) => {
                    let text = std::fs::read_to_string(format!("{DIR}/{file}")).unwrap();
                    let value: Value = serde_json::from_str(&text).unwrap();
                    let want: Vec<String> = at_each(&value, at).into_iter().map(word).collect();
                    (text, want)
                }
                None => (
                    build(at, "id-from-create").to_string(),
                    vec!["id-from-create".into()],
                ),
            };
            match from_stdin_with(&text, &p.create_id) {
                Ok(ids) if ids == want => {}
                other => found.push(format!("{api} {at}: {other:?}, not {want:?}")),
            }
        }
    }
    found
}
