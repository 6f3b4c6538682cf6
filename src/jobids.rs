//! Job ids from arguments and from stdin, and what makes a job or project id.
//!
//! `--job-id` may repeat and hold several ids separated by commas or whitespace; `-`
//! reads stdin, which may carry bare ids or what a create call answered, so
//! `curl ... | jobwait --job-id -` works: the id is read where the service's profile says
//! its create answers keep it (CCE `status.jobID`, MRS `job_submit_result.job_id`, CPH
//! `jobs[].job_id`, …), else at `job_id` and its spellings. Ids end up in a URL path, so
//! only the characters job ids are made of are accepted, and only those of project ids
//! for a project id, whether the user gave it or IAM did.

use serde_json::Value;

/// stdin is read up to this size; a job id list is never larger.
pub const STDIN_LIMIT: usize = 1024 * 1024;

/// Split argument values at commas and whitespace, keeping `-` as the stdin marker.
pub fn split_args(values: &[String]) -> Vec<String> {
    values
        .iter()
        .flat_map(|v| v.split(|c: char| c == ',' || c.is_whitespace()))
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// Ids from stdin: bare ids, a JSON object with `job_id` (or `job_ids`), a JSON array of
/// ids or objects, or JSON lines.
pub fn from_stdin(text: &str) -> Result<Vec<String>, String> {
    from_stdin_with(text, &[])
}

/// Ids from stdin, reading a create call's answer where `create_id` (JSON Pointers whose
/// `[]` segments mean each element of a list) says it keeps the id, before the usual
/// `job_id` keys.
pub fn from_stdin_with(text: &str, create_id: &[String]) -> Result<Vec<String>, String> {
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.is_empty() {
        return Err("--job-id - reads job ids from stdin, but stdin was empty".into());
    }
    if !(text.starts_with('{') || text.starts_with('[')) {
        let ids = split_args(&[text.to_string()]);
        // Only separators (`,`): waiting for no job at all would exit 0 for nothing.
        if ids.is_empty() {
            return Err(
                "--job-id - reads job ids from stdin, but stdin held only separators".into(),
            );
        }
        return Ok(ids);
    }
    let mut ids = Vec::new();
    for value in &json_values(text)? {
        collect(value, create_id, &mut ids)?;
    }
    if ids.is_empty() {
        return Err("stdin JSON holds no job id".into());
    }
    Ok(ids)
}

/// What stdin holds as JSON: one document, or JSON lines.
fn json_values(text: &str) -> Result<Vec<Value>, String> {
    match serde_json::from_str::<Value>(text) {
        Ok(v) => Ok(vec![v]),
        Err(whole) => text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(serde_json::from_str::<Value>)
            .collect::<Result<_, _>>()
            .map_err(|_| format!("stdin looks like JSON but does not parse: {whole}")),
    }
}

fn collect(value: &Value, create_id: &[String], ids: &mut Vec<String>) -> Result<(), String> {
    match value {
        Value::String(s) => ids.extend(split_args(std::slice::from_ref(s))),
        Value::Array(items) => {
            for item in items {
                collect(item, create_id, ids)?;
            }
        }
        Value::Object(map) => {
            let mut found: Vec<&Value> = create_id
                .iter()
                .flat_map(|pointer| at_each(value, pointer))
                .filter(|v| !v.is_null())
                .collect();
            if found.is_empty() {
                found.extend(
                    ["job_id", "jobId", "job_ids", "jobIds"]
                        .iter()
                        .find_map(|k| map.get(*k).filter(|v| !v.is_null())),
                );
            }
            if found.is_empty() {
                return Err(no_job_id(map, create_id));
            }
            for v in found {
                match v {
                    // DLI Flink's job ids are numbers.
                    Value::Number(n) => ids.push(n.to_string()),
                    Value::String(_) | Value::Array(_) => collect(v, &[], ids)?,
                    other => ids.push(other.to_string()),
                }
            }
        }
        other => return Err(format!("stdin JSON holds {other}, not a job id")),
    }
    Ok(())
}

/// The values at `pointer`, where a `[]` segment stands for each element of a list.
fn at_each<'a>(value: &'a Value, pointer: &str) -> Vec<&'a Value> {
    match pointer.split_once("/[]") {
        None => value.pointer(pointer).into_iter().collect(),
        Some((list, rest)) => value
            .pointer(list)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .flat_map(|item| at_each(item, rest))
            .collect(),
    }
}

/// Explain a JSON object without a job id; most likely the create call failed.
fn no_job_id(map: &serde_json::Map<String, Value>, create_id: &[String]) -> String {
    let info = crate::fault::ErrorInfo::from_json_text(&Value::Object(map.clone()).to_string());
    match info
        .summary()
        .filter(|_| info.code.is_some() || info.message.is_some())
    {
        Some(error) => format!(
            "stdin holds an error, not a job id: {} — the call that should have created the job failed",
            crate::sanitize::clean(&error)
        ),
        None => {
            // Keys are server text like any other: cleaned and cut, or one key could fill
            // the terminal with escapes.
            let keys: Vec<String> = map
                .keys()
                .take(10)
                .map(|k| crate::sanitize::clean(&crate::sanitize::shorten(k, 40)))
                .collect();
            let looked = create_id
                .iter()
                .filter(|p| p.as_str() != "/job_id")
                .map(|p| format!("{p}, "))
                .collect::<String>();
            format!(
                "stdin JSON has no job id at {looked}job_id (keys: {})",
                keys.join(", ")
            )
        }
    }
}

/// Job ids are hex strings or UUIDs; anything that could escape the URL path is refused.
pub fn validate(id: &str) -> Result<(), String> {
    validate_as(id, "job id")
}

/// As [`validate`], naming what the id was meant to be (`id` of a resource).
pub fn validate_as(id: &str, what: &str) -> Result<(), String> {
    let ok = !id.is_empty()
        && id.len() <= 128
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b))
        && id != "."
        && id != "..";
    if ok {
        Ok(())
    } else {
        Err(format!(
            "'{}' is not a {what} (expected letters, digits, '-', '_', '.', '~')",
            crate::sanitize::clean(&crate::sanitize::shorten(id, 60))
        ))
    }
}

/// Project ids are 32 hex digits; anything that could escape the URL path (`/`, `?`, `{`,
/// `.`) is refused, wherever the id came from: the user, or an IAM answer.
pub fn is_project_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A resource's ids from stdin: bare ids (as for jobs), or the answer of the call that
/// created it, read where its profile says (`pointers`): a pointer may lead to a string
/// or an array of strings (ECS `serverIds`), and a `[]` step reads every element of an
/// array (DCS `/instances/[]/instance_id`). `what` names the resource for messages. A
/// create answer is never read as a job's (`job_id`): waiting for the job by mistake
/// could be green before the resource is.
pub fn from_create_answer(
    text: &str,
    pointers: &[String],
    what: &str,
) -> Result<Vec<String>, String> {
    let text = text.trim_start_matches('\u{feff}').trim();
    if !(text.starts_with('{') || text.starts_with('[')) {
        return from_stdin(text)
            .map_err(|e| e.replace("--job-id - reads job ids", "--id - reads ids"));
    }
    let values: Vec<Value> = json_values(text)?
        .into_iter()
        .flat_map(|v| match v {
            Value::Array(items) => items,
            other => vec![other],
        })
        .collect();
    let mut ids = Vec::new();
    for value in &values {
        match value {
            Value::String(s) => ids.extend(split_args(std::slice::from_ref(s))),
            Value::Object(map) => {
                let before = ids.len();
                for pointer in pointers {
                    at(value, pointer, &mut ids);
                }
                if ids.len() == before {
                    return Err(no_id_at(map, pointers, what));
                }
            }
            other => return Err(format!("stdin JSON holds {other}, not an id")),
        }
    }
    if ids.is_empty() {
        return Err(format!("stdin JSON holds no {what} id"));
    }
    Ok(ids)
}

/// Every id at `pointer` in `value` (a `[]` step is each element of a list): a string,
/// or each string of an array.
fn at(value: &Value, pointer: &str, ids: &mut Vec<String>) {
    for found in at_each(value, pointer) {
        match found {
            Value::String(s) if !s.is_empty() => ids.push(s.clone()),
            Value::Array(items) => {
                ids.extend(items.iter().filter_map(Value::as_str).map(String::from));
            }
            _ => {}
        }
    }
}

/// Explain a create answer without the resource's id: an error body, or where it was
/// looked for and what the answer holds instead.
fn no_id_at(map: &serde_json::Map<String, Value>, pointers: &[String], what: &str) -> String {
    let explained = no_job_id(map, &[]);
    if explained.starts_with("stdin holds an error") {
        return explained
            .replace("a job id", "an id")
            .replace("the job failed", "the resource failed");
    }
    let keys = explained
        .split_once("(keys: ")
        .map_or("", |(_, k)| k.trim_end_matches(')'));
    if pointers.is_empty() {
        return format!(
            "stdin JSON holds no {what} id, and the create answer of {what} names none (keys: {keys}): give the id itself"
        );
    }
    format!(
        "stdin JSON has no {what} id at {} (keys: {keys})",
        pointers.join(" or ")
    )
}

/// Keep the first of each id.
pub fn dedup(ids: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    ids.into_iter()
        .filter(|id| seen.insert(id.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_split_at_commas_and_whitespace() {
        let args = vec!["a,b".to_string(), " c  d\n".to_string(), "e,,".to_string()];
        assert_eq!(split_args(&args), ["a", "b", "c", "d", "e"]);
    }

    #[test]
    fn stdin_forms() {
        assert_eq!(from_stdin("j1\nj2, j3\n").unwrap(), ["j1", "j2", "j3"]);
        assert_eq!(from_stdin("{\"job_id\": \"j18\"}\n").unwrap(), ["j18"]);
        assert_eq!(
            from_stdin(r#"{"job_id":"70a599e0","serverIds":["s1"]}"#).unwrap(),
            ["70a599e0"]
        );
        assert_eq!(from_stdin(r#"["a", {"job_id": "b"}]"#).unwrap(), ["a", "b"]);
        assert_eq!(
            from_stdin("{\"job_id\":\"a\"}\n{\"job_id\":\"b\"}\n").unwrap(),
            ["a", "b"]
        );
        assert_eq!(
            from_stdin(r#"{"job_ids": ["x", "y"]}"#).unwrap(),
            ["x", "y"]
        );
        assert_eq!(from_stdin("\u{feff}abc").unwrap(), ["abc"]);
    }

    #[test]
    fn stdin_errors_say_what_went_wrong() {
        assert!(from_stdin("  \n").unwrap_err().contains("empty"));
        // Found by fuzzing: this used to be zero ids, and a wait for nothing exits 0.
        assert!(from_stdin(",").unwrap_err().contains("only separators"));
        assert!(
            from_stdin(" ,\n, ")
                .unwrap_err()
                .contains("only separators")
        );
        let odd_key = format!(r#"{{"\u001b[31m{}": 1}}"#, "k".repeat(5000));
        let e = from_stdin(&odd_key).unwrap_err();
        assert!(e.len() < 100 && !e.contains('\u{1b}'), "{e}");
        assert!(
            from_stdin(r#"{"job_id": "#)
                .unwrap_err()
                .contains("does not parse")
        );
        assert!(
            from_stdin(r#"{"id": "x"}"#)
                .unwrap_err()
                .contains("no job id at job_id (keys: id)")
        );
        let failed =
            from_stdin(r#"{"error":{"code":"Ecs.0005","message":"Invalid flavor"}}"#).unwrap_err();
        assert!(failed.contains("Ecs.0005: Invalid flavor"), "{failed}");
        assert!(from_stdin("[]").unwrap_err().contains("no job id"));
        assert!(from_stdin("[1]").unwrap_err().contains("not a job id"));
    }

    #[test]
    fn a_create_answer_is_read_where_the_profile_says() {
        let cce = ["/status/jobID".to_string()];
        let node = r#"{"kind": "Node", "metadata": {"uid": "n1"}, "status": {"jobID": "j-7"}}"#;
        assert_eq!(from_stdin_with(node, &cce).unwrap(), ["j-7"]);
        let e = from_stdin_with(r#"{"kind": "Node", "spec": {}}"#, &cce).unwrap_err();
        assert!(
            e.contains("no job id at /status/jobID, job_id (keys: kind, spec)"),
            "{e}"
        );
        // Each element of a list, numbers as their digits.
        let cph = ["/jobs/[]/job_id".to_string()];
        let many = r#"{"jobs": [{"job_id": "a"}, {"job_id": "b"}, {"x": 1}]}"#;
        assert_eq!(from_stdin_with(many, &cph).unwrap(), ["a", "b"]);
        let flink = ["/job/job_id".to_string()];
        assert_eq!(
            from_stdin_with(r#"{"job": {"job_id": 148}}"#, &flink).unwrap(),
            ["148"]
        );
        // The usual keys still count where the profile's are absent.
        assert_eq!(from_stdin_with(r#"{"job_id": "x"}"#, &cce).unwrap(), ["x"]);
    }

    #[test]
    fn only_path_safe_ids_pass() {
        for good in [
            "2c9eb2c5544cbf6101544f0602af2b4f",
            "bae51750-0089-41a1-9b18-5c777978ff6d",
            "j1",
            "a_b.c~d",
        ] {
            assert!(validate(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "..",
            "a/b",
            "a?b",
            "a#b",
            "a b",
            "a%2Fb",
            "é",
            &"x".repeat(129),
        ] {
            assert!(validate(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn create_answers_give_the_resources_ids() {
        let ecs = ["/serverIds".to_string()];
        let answer = r#"{"job_id": "70a599e0", "serverIds": ["s1", "s2"]}"#;
        assert_eq!(
            from_create_answer(answer, &ecs, "ecs-server").unwrap(),
            ["s1", "s2"]
        );
        let dcs = ["/instances/[]/instance_id".to_string()];
        let answer =
            r#"{"order_id": null, "instances": [{"instance_id": "a"}, {"instance_id": "b"}]}"#;
        assert_eq!(
            from_create_answer(answer, &dcs, "dcs-instance").unwrap(),
            ["a", "b"]
        );
        assert_eq!(
            from_create_answer("s1, s2\n", &ecs, "ecs-server").unwrap(),
            ["s1", "s2"]
        );
        assert_eq!(
            from_create_answer(r#"[{"serverIds": ["x"]}, "y"]"#, &ecs, "ecs-server").unwrap(),
            ["x", "y"]
        );
        // A job id is no server id: the create answer of OTC's EVS holds only job_id.
        let evs = ["/volume_ids".to_string()];
        let e = from_create_answer(r#"{"job_id": "j1"}"#, &evs, "evs-volume").unwrap_err();
        assert!(
            e.contains("no evs-volume id at /volume_ids (keys: job_id)"),
            "{e}"
        );
        let e = from_create_answer(r#"{"job_id": "j1"}"#, &[], "ims-image").unwrap_err();
        assert!(e.contains("names none"), "{e}");
        let failed = r#"{"error": {"code": "Ecs.0005", "message": "Invalid flavor"}}"#;
        let e = from_create_answer(failed, &ecs, "ecs-server").unwrap_err();
        assert!(
            e.contains("stdin holds an error, not an id: Ecs.0005: Invalid flavor"),
            "{e}"
        );
    }

    #[test]
    fn dedup_keeps_order() {
        let ids = vec!["b".into(), "a".into(), "b".into()];
        assert_eq!(dedup(ids), ["b", "a"]);
    }
}
