//! What a job's answer means, from every field that has a say: its status fields, its
//! sub-jobs, and a count of failed parts.
//!
//! Nothing counts as a success unless every say is a success: several status fields must
//! all say so (MRS: `job_state` FINISHED *and* `job_result` SUCCEEDED; a missing one is no
//! verdict), a sub-job that failed fails the job (ECS, ELB, SFS Turbo, CCE), one still
//! running keeps the wait going, and any failed part (CDN's URLs) is a failure however the
//! count is written. A word nobody knows is never guessed at.

use serde_json::Value;

use super::fields::{number, word};
use super::{Profile, SubJob};
use crate::status::StatusClass;

/// The status shown, what it means, and what people should know about it.
pub(super) struct Said {
    pub status: String,
    pub class: StatusClass,
    pub note: Option<String>,
    /// Failure text the verdict adds (`2 URL(s) failed`).
    pub reasons: Vec<String>,
}

/// The first class found among `classes`, by how much it matters: a failure, then a word
/// nobody knows, then still pending; a success only when all say so.
fn worst(classes: &[StatusClass]) -> StatusClass {
    [
        StatusClass::Failure,
        StatusClass::Unknown,
        StatusClass::Pending,
    ]
    .into_iter()
    .find(|c| classes.contains(c))
    .unwrap_or(StatusClass::Success)
}

/// What the status fields say, or `None` when the main one is absent (no job document).
pub(super) fn status(profile: &Profile, job: &Value) -> Option<Said> {
    let main = word(job.pointer(&profile.status.at)?)?;
    Some(said(profile, job, main))
}

/// What the status fields say when the main one says `main`.
pub(super) fn said(profile: &Profile, job: &Value, main: String) -> Said {
    let main_field = &profile.status;
    let mut classes = vec![main_field.words.classify(&main)];
    let mut note = main_field
        .words
        .note(&main)
        .or_else(|| main_field.words.why_unknown(&main))
        .map(String::from);
    let mut shown_others = Vec::new();
    let mut missing = Vec::new();
    for field in &profile.and {
        let Some(w) = job.pointer(&field.at).and_then(word) else {
            missing.push(field.at.as_str());
            continue;
        };
        classes.push(field.words.classify(&w));
        note = note.or_else(|| field.words.why_unknown(&w).map(String::from));
        if !w.is_empty() && !w.eq_ignore_ascii_case(&main) {
            shown_others.push(w);
        }
    }
    let mut class = worst(&classes);
    if class == StatusClass::Success && !missing.is_empty() {
        // Done by one field, but the others say nothing: never a success.
        class = StatusClass::Unknown;
        note = Some(format!(
            "it says {main}, but nothing at {}",
            missing.join(", ")
        ));
    }
    let status = if shown_others.is_empty() {
        main
    } else {
        format!("{main} ({})", shown_others.join(", "))
    };
    Said {
        status,
        class,
        note,
        reasons: Vec::new(),
    }
}

/// What the sub-jobs and the count of failed parts add to a success: a failed part fails
/// it, a part still running keeps it pending, a part nobody understands leaves no verdict.
pub(super) fn with_parts(
    profile: &Profile,
    job: &Value,
    subs: &[SubJob],
    subs_cut: bool,
    said: Said,
) -> Said {
    if said.class != StatusClass::Success {
        return said;
    }
    if subs_cut {
        let note = format!(
            "it says {}, but it has more sub-jobs than jobwait reads ({}), so a failed one could go unseen",
            said.status,
            super::scan::MAX_ITEMS
        );
        return Said {
            class: StatusClass::Unknown,
            note: Some(note),
            ..said
        };
    }
    let count = failed_count(profile, job);
    let failed = subs
        .iter()
        .filter(|s| s.class == Some(StatusClass::Failure));
    let failed: Vec<String> = failed.map(sub_name).collect();
    let running: Vec<String> = (subs.iter())
        .filter(|s| s.class == Some(StatusClass::Pending))
        .map(sub_name)
        .collect();
    let odd = subs.iter().find(|s| s.class == Some(StatusClass::Unknown));
    let status = &said.status;
    let (class, note, reasons) = match (count, failed.as_slice(), odd, running.as_slice()) {
        (Count::Failed(n), _, _, _) => (
            StatusClass::Failure,
            format!("it says {status}, but {n} part(s) failed"),
            vec![format!("{n} part(s) failed")],
        ),
        (_, [_, ..], _, _) => (
            StatusClass::Failure,
            format!("it says {status}, but {} failed", failed.join(", ")),
            vec![format!("{} sub-job(s) failed", failed.len())],
        ),
        (Count::Unreadable(what), _, _, _) => (
            StatusClass::Unknown,
            format!("it says {status}, but the count of failed parts is {what}"),
            Vec::new(),
        ),
        (_, _, Some(sub), _) => (
            StatusClass::Unknown,
            format!(
                "it says {status}, but {} has the status '{}', which decides nothing",
                sub_name(sub),
                sub.status.as_deref().unwrap_or_default()
            ),
            Vec::new(),
        ),
        (_, _, _, [_, ..]) => (
            StatusClass::Pending,
            format!(
                "it says {status}, but {} still running: waiting for it",
                running.join(", ")
            ),
            Vec::new(),
        ),
        _ => return said,
    };
    Said {
        class,
        note: Some(note),
        reasons,
        ..said
    }
}

fn sub_name(sub: &SubJob) -> String {
    match (&sub.id, &sub.status) {
        (Some(id), Some(status)) => format!("sub-job {id} ({status})"),
        (Some(id), None) => format!("sub-job {id}"),
        (None, Some(status)) => format!("a sub-job ({status})"),
        (None, None) => "a sub-job".into(),
    }
}

/// A count of failed parts, as the answer writes it.
enum Count {
    /// Absent, null or zero.
    None,
    Failed(f64),
    /// Something that is not a count (shown).
    Unreadable(String),
}

fn failed_count(profile: &Profile, job: &Value) -> Count {
    let Some(value) = profile.failed_count.as_deref().and_then(|p| job.pointer(p)) else {
        return Count::None;
    };
    match (value, number(value)) {
        (Value::Null, _) => Count::None,
        (_, Some(n)) if n > 0.0 => Count::Failed(n),
        (_, Some(_)) => Count::None,
        (other, None) => Count::Unreadable(super::fields::shorten_json(other)),
    }
}
