//! Job ids from arguments and from stdin, and what makes a job or project id.
//!
//! `--job-id` may repeat and hold several ids separated by commas or whitespace; `-`
//! reads stdin, which may carry bare ids or what a create call answered
//! (`{"job_id": "..."}`), so `curl ... | jobwait --job-id -` works. Ids end up in a URL
//! path, so only the characters job ids are made of are accepted, and only those of
//! project ids for a project id, whether the user gave it or IAM did.

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
    let values: Vec<Value> = match serde_json::from_str::<Value>(text) {
        Ok(v) => vec![v],
        Err(whole) => text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(serde_json::from_str::<Value>)
            .collect::<Result<_, _>>()
            .map_err(|_| format!("stdin looks like JSON but does not parse: {whole}"))?,
    };
    let mut ids = Vec::new();
    for value in &values {
        collect(value, &mut ids)?;
    }
    if ids.is_empty() {
        return Err("stdin JSON holds no job id".into());
    }
    Ok(ids)
}

fn collect(value: &Value, ids: &mut Vec<String>) -> Result<(), String> {
    match value {
        Value::String(s) => ids.extend(split_args(std::slice::from_ref(s))),
        Value::Array(items) => {
            for item in items {
                collect(item, ids)?;
            }
        }
        Value::Object(map) => {
            let found = ["job_id", "jobId", "job_ids", "jobIds"]
                .iter()
                .find_map(|k| map.get(*k).filter(|v| !v.is_null()));
            match found {
                Some(v @ (Value::String(_) | Value::Array(_))) => collect(v, ids)?,
                Some(other) => ids.push(other.to_string()),
                None => return Err(no_job_id(map)),
            }
        }
        other => return Err(format!("stdin JSON holds {other}, not a job id")),
    }
    Ok(())
}

/// Explain a JSON object without a job id; most likely the create call failed.
fn no_job_id(map: &serde_json::Map<String, Value>) -> String {
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
            format!("stdin JSON has no \"job_id\" (keys: {})", keys.join(", "))
        }
    }
}

/// Job ids are hex strings or UUIDs; anything that could escape the URL path is refused.
pub fn validate(id: &str) -> Result<(), String> {
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
            "'{}' is not a job id (expected letters, digits, '-', '_', '.', '~')",
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
                .contains("no \"job_id\"")
        );
        let failed =
            from_stdin(r#"{"error":{"code":"Ecs.0005","message":"Invalid flavor"}}"#).unwrap_err();
        assert!(failed.contains("Ecs.0005: Invalid flavor"), "{failed}");
        assert!(from_stdin("[]").unwrap_err().contains("no job id"));
        assert!(from_stdin("[1]").unwrap_err().contains("not a job id"));
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
    fn dedup_keeps_order() {
        let ids = vec!["b".into(), "a".into(), "b".into()];
        assert_eq!(dedup(ids), ["b", "a"]);
    }
}
