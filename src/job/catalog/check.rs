//! The rules a profile's parts follow, wherever they come from: a profile file, or the
//! flags that override a profile (`--path`, `--status-field`, …), whose messages add
//! where the value came from. Each returns the value cleaned, or why it is wrong.

use crate::job::profile::{Profile, placeholders};
use crate::status::StatusClass;

/// A JSON Pointer (RFC 6901) into the answer: `/job/status`.
pub fn pointer(text: &str) -> Result<String, String> {
    let p = text.trim();
    if p.starts_with('/') && !p.contains(char::is_control) {
        Ok(p.to_string())
    } else {
        Err(format!(
            "'{}' is not a JSON Pointer: write it as /field/sub_field (e.g. /job/status)",
            crate::sanitize::clean(p)
        ))
    }
}

/// A JSON Pointer whose `[]` segments mean "each element of this list" (CPH answers
/// `{"jobs": [{"job_id": …}, …]}`): `/jobs/[]/job_id`.
pub fn list_pointer(text: &str) -> Result<String, String> {
    pointer(text)
}

/// A path template: it starts with `/`, names what is waited for (`{job_id}`), may carry
/// one query, and its placeholders are plain names (`{instance_id}`).
pub fn path(template: &str, id: &str) -> Result<String, String> {
    let t = template.trim();
    let shown = crate::sanitize::clean(t);
    if !t.starts_with('/') || !t.contains(&format!("{{{id}}}")) {
        return Err(format!(
            "'{shown}' must start with '/' and contain {{{id}}} (e.g. /v2/{{project_id}}/jobs/{{{id}}})"
        ));
    }
    let names_ok = placeholders(t)
        .iter()
        .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
    let mut rest = t.to_string();
    for name in placeholders(t) {
        rest = rest.replace(&format!("{{{name}}}"), "");
    }
    if !names_ok
        || rest.contains(['{', '}', '#'])
        || rest.matches('?').count() > 1
        || rest.contains(|c: char| c.is_whitespace() || c.is_control())
    {
        return Err(format!(
            "'{shown}' may hold one query and placeholders such as {{project_id}}, {{{id}}} or {{instance_id}}, and no spaces"
        ));
    }
    Ok(t.to_string())
}

/// A name that becomes part of a host name (a service, a region): lower-case letters,
/// digits and `-`, as DNS labels are.
pub fn label(text: &str) -> Result<String, String> {
    let v = text.trim().to_ascii_lowercase();
    if !v.is_empty()
        && v.len() <= 63
        && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !v.starts_with('-')
    {
        Ok(v)
    } else {
        Err(format!(
            "'{}' is not a valid name (letters, digits and '-')",
            crate::sanitize::clean(text)
        ))
    }
}

/// A whole host name: labels joined by dots.
pub fn host(text: &str) -> Result<String, String> {
    let v = text.trim().to_ascii_lowercase();
    let labels_ok = v.split('.').all(|l| label(l).is_ok());
    if v.contains('.') && labels_ok && v.len() <= 253 {
        Ok(v)
    } else {
        Err(format!(
            "'{}' is not a host name (e.g. rds.eu-west-101.myhuaweicloud.eu)",
            crate::sanitize::clean(text)
        ))
    }
}

/// What a resource profile must say beyond a job's: how it is gone, and words that do
/// not contradict each other across the status and gone lists. The error is the field.
pub fn resource(profile: &Profile) -> Result<(), (String, String)> {
    let words = profile.words();
    let Some(gone) = &profile.gone else {
        return Err((
            "gone".into(),
            "a resource must say how its API shows it is gone (e.g. gone = { http = [404] })"
                .into(),
        ));
    };
    let stated =
        |w: &str| words.classify(w) != StatusClass::Unknown || words.why_unknown(w).is_some();
    if let Some(w) = gone.words.iter().find(|w| stated(w)) {
        return Err(("gone.words".into(), format!("'{w}' is also a status word")));
    }
    let undecided = |w: &str| words.classify(w) != StatusClass::Failure && stated(w);
    if let Some(w) = gone.deleting.iter().find(|w| undecided(w)) {
        let why = format!(
            "'{w}' is also a pending, ready or unknown word (only a failure word may be both)"
        );
        return Err(("gone.deleting".into(), why));
    }
    if let Some(w) = gone
        .deleting
        .iter()
        .find(|d| gone.words.iter().any(|g| g.eq_ignore_ascii_case(d)))
    {
        return Err(("gone.deleting".into(), format!("'{w}' is also a gone word")));
    }
    // An empty status (a CCE node pool with nothing to do has no phase) is read only from
    // an answer that names the resource, or any `{}` would be ready.
    if stated("") && profile.id.is_none() {
        let why =
            "the empty word \"\" needs answer.id, so only the resource's own answer reads as it";
        return Err(("status".into(), why.into()));
    }
    if profile
        .confirmations
        .is_some_and(|n| !(1..=100).contains(&n))
    {
        return Err(("confirmations".into(), "must be from 1 to 100".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_what_is_waited_for() {
        assert!(path("/v1/{project_id}/jobs/{job_id}", "job_id").is_ok());
        assert!(path("/v2/{project_id}/servers/{id}", "id").is_ok());
        assert!(path("/v2/{project_id}/servers/{id}", "job_id").is_err());
        assert!(path("/v1/{job_id}?a=1?b=2", "job_id").is_err());
    }

    #[test]
    fn hosts_and_labels() {
        assert_eq!(
            host("RDS.eu-west-101.myhuaweicloud.eu"),
            Ok("rds.eu-west-101.myhuaweicloud.eu".into())
        );
        assert!(host("rds").is_err());
        assert!(host("evil.com/x").is_err());
        assert!(label("eu-west-101").is_ok());
        assert!(label("-x").is_err());
    }
}
