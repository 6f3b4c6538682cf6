//! Resources: a server, a volume, a database instance, waited for by its own id until it
//! is ready, in a state the user names (`--for SHUTOFF`), or gone (`--for deleted`).
//!
//! A resource profile's words describe the resource, not one wait: the words on the way
//! to ready, ready, failed, the stable states that decide nothing (`unknown`, with why),
//! and how it looks once deleted or while it is being deleted (`gone`). [`aim`] turns
//! them into the three sets the wait loop knows, for one target: what ends the wait well,
//! what ends it badly, and what means "not yet". It never guesses: a word in none of the
//! profile's lists stays unknown (exit 3), whatever the target.

use serde_json::Value;

use super::profile::{Gone, Hosts, Kind, Origin, Profile, StatusField};
use super::verdict::{self, Said};
use crate::status::{StatusClass, StatusSets};

/// What a resource wait waits for (`--for`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Its ready words (the default).
    Ready,
    /// Gone: not found, an empty list, a gone code or word.
    Deleted,
    /// One status word of the profile.
    Word(String),
}

impl Target {
    /// `ready` and `deleted` (any case) are the targets of those names; anything else is
    /// a status word, checked against the profile by [`aim`].
    pub fn parse(text: &str) -> Target {
        let text = text.trim();
        if text.eq_ignore_ascii_case("ready") {
            Target::Ready
        } else if text.eq_ignore_ascii_case("deleted") {
            Target::Deleted
        } else {
            Target::Word(text.to_string())
        }
    }

    /// `ready`, `deleted`, or the word.
    pub fn name(&self) -> &str {
        match self {
            Target::Ready => "ready",
            Target::Deleted => "deleted",
            Target::Word(word) => word,
        }
    }
}

/// Why a word of a resource decides nothing while it is waited for to be ready.
const BEING_DELETED: &str =
    "the resource is being deleted, so it will not become ready (wait for that with --for deleted)";
const DELETED: &str = "the resource is deleted";

/// `profile` aimed at `target`: its main status words rearranged into what ends the wait
/// well (success), badly (failure) and what is on the way (pending). The error names the
/// word that is none of the profile's, and the words it has.
pub fn aim(profile: &Profile, target: &Target) -> Result<Profile, String> {
    let gone = profile.gone.clone().unwrap_or_else(|| Gone {
        http: vec![404],
        ..Gone::default()
    });
    let lists = Lists::of(profile.words(), &gone);
    let sets = match target {
        Target::Ready => lists.ready(),
        Target::Deleted => lists.deleted(),
        // A gone word (`--for DELETED`) is the same wait as `--for deleted`.
        Target::Word(word) if listed(&gone.words, word) => return aim(profile, &Target::Deleted),
        Target::Word(word) => lists
            .word(word)
            .ok_or_else(|| not_a_word(profile, &gone, word))?,
    };
    let mut aimed = profile.clone();
    aimed.status.words = sets
        .with_notes(profile.words().notes().to_vec())
        .with_others_pending(profile.words().others_pending());
    if *target == Target::Deleted {
        // The other fields speak of changes to a live resource (SFS Turbo's sub_status),
        // which decide nothing about its deletion.
        aimed.and.clear();
    }
    aimed.gone = Some(gone);
    aimed.target = Some(target.clone());
    Ok(aimed)
}

fn listed(set: &[String], word: &str) -> bool {
    set.iter().any(|s| s.eq_ignore_ascii_case(word.trim()))
}

/// A resource profile's word lists, from which each target's sets are made.
struct Lists<'a> {
    words: &'a StatusSets,
    gone: &'a Gone,
    /// The words that decide nothing, without their reasons.
    unknown: Vec<String>,
    /// Words on the way to gone that are no failure otherwise (`PENDING_DELETE`).
    deleting_only: Vec<String>,
}

impl<'a> Lists<'a> {
    fn of(words: &'a StatusSets, gone: &'a Gone) -> Lists<'a> {
        Lists {
            words,
            gone,
            unknown: words.unknown().iter().map(|(w, _)| w.clone()).collect(),
            deleting_only: gone
                .deleting
                .iter()
                .filter(|w| !listed(words.failure(), w))
                .cloned()
                .collect(),
        }
    }

    /// The gone words, as words that decide nothing: the resource is deleted.
    fn deleted_words(&self) -> impl Iterator<Item = (String, String)> + '_ {
        self.gone
            .words
            .iter()
            .map(|w| (w.clone(), DELETED.to_string()))
    }

    /// The profile's words as they are; deleted and being deleted decide nothing.
    fn ready(&self) -> StatusSets {
        let w = self.words;
        let deleting = self.deleting_only.iter();
        StatusSets::from_lists(
            w.pending().to_vec(),
            w.success().to_vec(),
            w.failure().to_vec(),
        )
        .with_unknown(
            w.unknown()
                .iter()
                .cloned()
                .chain(self.deleted_words())
                .chain(deleting.map(|d| (d.clone(), BEING_DELETED.to_string())))
                .collect(),
        )
    }

    /// Gone words end it; every live word waits, failures (but those a deletion passes
    /// through) fail.
    fn deleted(&self) -> StatusSets {
        let w = self.words;
        let live = [w.pending(), w.success(), &self.unknown, &self.gone.deleting].concat();
        let failure = w
            .failure()
            .iter()
            .filter(|f| !listed(&self.gone.deleting, f));
        StatusSets::from_lists(live, self.gone.words.clone(), failure.cloned().collect())
    }

    /// The word ends it; failures (but the word) fail; every other word waits.
    fn word(&self, word: &str) -> Option<StatusSets> {
        let w = self.words;
        let all = [
            w.pending(),
            w.success(),
            w.failure(),
            &self.unknown,
            &self.gone.deleting,
        ];
        let spelt = all
            .concat()
            .into_iter()
            .find(|s| s.eq_ignore_ascii_case(word.trim()))?;
        let others = |set: &[String]| -> Vec<String> {
            set.iter()
                .filter(|s| !s.eq_ignore_ascii_case(&spelt))
                .cloned()
                .collect()
        };
        let live = [w.pending(), w.success(), &self.unknown, &self.deleting_only].concat();
        Some(
            StatusSets::from_lists(others(&live), vec![spelt.clone()], others(w.failure()))
                .with_unknown(self.deleted_words().collect()),
        )
    }
}

/// `--for 'SHUTOF' is not a state of ecs-server: ready, deleted, or one of …`
fn not_a_word(profile: &Profile, gone: &Gone, word: &str) -> String {
    let words = profile.words();
    let unknown: Vec<String> = words.unknown().iter().map(|(w, _)| w.clone()).collect();
    let all = [
        words.success(),
        words.pending(),
        &unknown,
        words.failure(),
        &gone.deleting,
        &gone.words,
    ]
    .concat();
    let shown: Vec<String> = all
        .iter()
        .map(|w| {
            if w.is_empty() {
                "\"\"".into()
            } else {
                w.clone()
            }
        })
        .collect();
    format!(
        "'{}' is not a state of {}: give ready, deleted, or one of {}",
        crate::sanitize::clean(&crate::sanitize::shorten(word, 60)),
        profile.described(),
        shown.join(", ")
    )
}

/// A resource nobody built in, for the flags to describe (`--path`, `--status-field`,
/// `--success-status`, …) on `host`: no words, no pointers, gone when it answers 404.
pub fn blank(host: Hosts) -> Profile {
    Profile {
        name: "resource".into(),
        kind: Kind::Resource,
        about: String::new(),
        aliases: Vec::new(),
        origin: Origin::File("the command line".into()),
        host,
        method: reqwest::Method::GET,
        path: String::new(),
        list: None,
        id: None,
        status: StatusField {
            at: String::new(),
            words: StatusSets::default(),
        },
        and: Vec::new(),
        reasons: Vec::new(),
        codes: Vec::new(),
        progress: Vec::new(),
        begin: None,
        end: None,
        job_type: None,
        entities: None,
        ids: Vec::new(),
        sub_jobs: None,
        failed_count: None,
        create_id: Vec::new(),
        headers: Vec::new(),
        gone: Some(Gone {
            http: vec![404],
            ..Gone::default()
        }),
        target: None,
        service: None,
        otc_path: None,
        busy: Vec::new(),
        confirmations: None,
        not_found: None,
        customised: vec!["the flags".into()],
    }
}

/// Whether an answer with HTTP `status` and the service's error `code` says the resource
/// is gone: `404 Not Found`, or the service's own code for "no such instance" (DDS
/// answers `400 DBS.280110`). Never for a job.
pub fn gone_by_answer(profile: &Profile, status: u16, code: Option<&str>) -> bool {
    let Some(gone) = profile.gone.as_ref().filter(|_| profile.target.is_some()) else {
        return false;
    };
    gone.http.contains(&status)
        || (status >= 400
            && code.is_some_and(|c| gone.codes.iter().any(|g| g.eq_ignore_ascii_case(c.trim()))))
}

/// Whether a status word means the resource is gone (ECS `DELETED`).
pub fn gone_by_word(profile: &Profile, word: &str) -> bool {
    profile.target.is_some()
        && profile
            .gone
            .as_ref()
            .is_some_and(|g| g.words.iter().any(|w| w.eq_ignore_ascii_case(word.trim())))
}

/// The empty status of an answer with none (a CCE node pool with nothing to do has no
/// phase), where the profile lists the empty word, and only in an answer that names the
/// resource asked about: anything else, `{}` included, stays no document.
pub(super) fn empty_status(profile: &Profile, job: &Value, id: Option<&str>) -> Option<Said> {
    let words = profile.words();
    let listed = words.classify("") != StatusClass::Unknown || words.why_unknown("").is_some();
    let named = profile
        .id
        .as_deref()
        .and_then(|at| job.pointer(at))
        .and_then(Value::as_str);
    let ours = matches!((named, id), (Some(n), Some(id)) if n.eq_ignore_ascii_case(id.trim()));
    let said_nothing = job.pointer(&profile.status.at).is_none_or(Value::is_null);
    (listed && ours && said_nothing).then(|| verdict::said(profile, job, String::new()))
}

/// A ready answer is not ready while one of the profile's `busy` fields holds anything
/// (DCS `task`, DDS `actions`): it waits, showing what is under way.
pub(super) fn busy(profile: &Profile, job: &Value, said: Said) -> Said {
    if said.class != StatusClass::Success {
        return said;
    }
    let under_way: Vec<String> = profile
        .busy
        .iter()
        .filter_map(|at| Some((at, job.pointer(at)?)))
        .filter(|(_, v)| !is_empty(v))
        .map(|(at, v)| {
            let name = at.rsplit('/').next().unwrap_or_default();
            let v = match v {
                Value::Array(items) => items.iter().map(shown).collect::<Vec<_>>().join(", "),
                other => shown(other),
            };
            format!("{name} {v}")
        })
        .collect();
    if under_way.is_empty() {
        return said;
    }
    let list = under_way.join("; ");
    Said {
        status: format!("{} ({list})", said.status),
        class: StatusClass::Pending,
        note: Some(format!("it says {}, but {list} is under way", said.status)),
        ..said
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        _ => false,
    }
}

fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => crate::sanitize::shorten(s, 80),
        other => crate::sanitize::shorten(&other.to_string(), 80),
    }
}

/// How a list-shaped answer says the resource is gone: the list the profile names is
/// there and empty (RDS `GET …/instances?id=` answers `"instances": []`). A list that
/// holds others but not this one says nothing of the kind (the filter was not applied).
pub(super) fn empty_list(profile: &Profile, value: &Value) -> Option<String> {
    profile
        .gone
        .as_ref()
        .filter(|g| g.empty_list && profile.target.is_some())?;
    let list = profile.list.as_deref()?;
    let items = value.pointer(list)?.as_array()?;
    items
        .is_empty()
        .then(|| format!("the list at {list} is empty"))
}

/// Whether the wait ends well when the resource is gone: `--for deleted` (or a gone word
/// such as `--for DELETED`, which means the same).
pub fn wants_gone(profile: &Profile) -> bool {
    profile.target == Some(Target::Deleted)
}

#[cfg(test)]
mod tests;
