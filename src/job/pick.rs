//! Which part of an answer is the job that was asked about.
//!
//! An answer is this job's only if it says so: where the document names a job (ECS
//! `job_id`, RDS `job.id`, CCE `metadata.uid`, …), another id makes it another job's
//! answer, and of a list (GeminiDB `jobs`, DMS `tasks`) only the element with this job's
//! id is the job. Reading element 0, or any document at all, let another job's SUCCESS
//! turn a pipeline green.

use serde_json::Value;

use super::Profile;

/// The job's own object, or why the answer holds none.
pub(super) enum Picked<'a> {
    Job(&'a Value),
    /// The answer names another job (what it names).
    OtherJob(String),
    /// The list holds no element with this job's id (why).
    NotListed(String),
    /// The list the profile names is not there: no status can be read.
    NoList,
}

/// An id as the answer writes it: text, or a number's digits.
fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn same(found: &str, job_id: &str) -> bool {
    found.eq_ignore_ascii_case(job_id.trim())
}

/// The job's object in `value`. Without `job_id` (tests, fuzzing) nothing is matched: the
/// answer, or its list's first element, is taken as it is.
pub(super) fn pick<'a>(profile: &Profile, value: &'a Value, job_id: Option<&str>) -> Picked<'a> {
    let id_at = profile.id.as_deref();
    let Some(list) = &profile.list else {
        let named = id_at.and_then(|at| value.pointer(at)).and_then(id_text);
        return match (named, job_id) {
            (Some(named), Some(job)) if !same(&named, job) => Picked::OtherJob(format!(
                "the answer is about job '{}' (at {}), not this one",
                crate::sanitize::clean(&crate::sanitize::shorten(&named, 80)),
                id_at.unwrap_or_default()
            )),
            _ => Picked::Job(value),
        };
    };
    let Some(items) = value.pointer(list).and_then(Value::as_array) else {
        return Picked::NoList;
    };
    let Some(job) = job_id else {
        return items.first().map_or(Picked::NoList, Picked::Job);
    };
    let ids: Vec<Option<String>> = items
        .iter()
        .map(|item| id_at.and_then(|at| item.pointer(at)).and_then(id_text))
        .collect();
    if let Some(i) = ids
        .iter()
        .position(|id| id.as_deref().is_some_and(|id| same(id, job)))
    {
        return Picked::Job(&items[i]);
    }
    // One element that names no job at all is the job: nothing says it is another's.
    if let ([only], [None]) = (items.as_slice(), ids.as_slice()) {
        return Picked::Job(only);
    }
    Picked::NotListed(format!(
        "the list at {list} holds {} job(s), none with this job's id{}",
        items.len(),
        id_at.map(|at| format!(" at {at}")).unwrap_or_default()
    ))
}
