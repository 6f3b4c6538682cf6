//! Resources: a server, a volume, a database instance, waited for by its own id until it
//! is ready, in a state the user names (`--for SHUTOFF`), or gone (`--for deleted`).
//!
//! A resource profile's words describe the resource, not one wait: the words on the way
//! to ready, ready, failed, the stable states that decide nothing (`unknown`, with why),
//! and how it looks once deleted or while it is being deleted (`gone`). [`aim`] turns
//! them into the three sets the wait loop knows, for one target: what ends the wait well,
//! what ends it badly, and what means "not yet". It never guesses: a word in none of the
//! profile's lists stays unknown (exit 3), whatever the target.

use super::profile::{Gone, Profile};
use crate::status::StatusSets;

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
    let words = profile.words();
    let listed = |set: &[String], w: &str| set.iter().any(|s| s.eq_ignore_ascii_case(w.trim()));
    let unknown: Vec<String> = words.unknown().iter().map(|(w, _)| w.clone()).collect();
    let deleting_only: Vec<String> = gone
        .deleting
        .iter()
        .filter(|w| !listed(words.failure(), w))
        .cloned()
        .collect();
    let sets = match target {
        Target::Ready => StatusSets::from_lists(
            words.pending().to_vec(),
            words.success().to_vec(),
            words.failure().to_vec(),
        )
        .with_unknown(
            words
                .unknown()
                .iter()
                .cloned()
                .chain(gone.words.iter().map(|w| (w.clone(), DELETED.to_string())))
                .chain(
                    deleting_only
                        .iter()
                        .map(|w| (w.clone(), BEING_DELETED.into())),
                )
                .collect(),
        ),
        Target::Deleted => StatusSets::from_lists(
            [words.pending(), words.success(), &unknown, &gone.deleting].concat(),
            gone.words.clone(),
            words
                .failure()
                .iter()
                .filter(|w| !listed(&gone.deleting, w))
                .cloned()
                .collect(),
        ),
        // A gone word (`--for DELETED`) is the same wait as `--for deleted`.
        Target::Word(word) if listed(&gone.words, word) => return aim(profile, &Target::Deleted),
        Target::Word(word) => {
            let all = [
                words.pending(),
                words.success(),
                words.failure(),
                &unknown,
                &gone.deleting,
            ];
            let Some(spelt) = all
                .concat()
                .into_iter()
                .find(|w| w.eq_ignore_ascii_case(word.trim()))
            else {
                return Err(not_a_word(profile, &gone, word));
            };
            let others = |set: &[String]| -> Vec<String> {
                set.iter()
                    .filter(|w| !w.eq_ignore_ascii_case(&spelt))
                    .cloned()
                    .collect()
            };
            StatusSets::from_lists(
                others(&[words.pending(), words.success(), &unknown, &deleting_only].concat()),
                vec![spelt.clone()],
                others(words.failure()),
            )
            .with_unknown(
                gone.words
                    .iter()
                    .map(|w| (w.clone(), DELETED.to_string()))
                    .collect(),
            )
        }
    };
    let mut aimed = profile.clone();
    aimed.status.words = sets.with_notes(words.notes().to_vec());
    if *target == Target::Deleted {
        // The other fields speak of changes to a live resource (SFS Turbo's sub_status),
        // which decide nothing about its deletion.
        aimed.and.clear();
    }
    aimed.gone = Some(gone);
    aimed.target = Some(target.clone());
    Ok(aimed)
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

/// Whether the wait ends well when the resource is gone: `--for deleted` (or a gone word
/// such as `--for DELETED`, which means the same).
pub fn wants_gone(profile: &Profile) -> bool {
    profile.target == Some(Target::Deleted)
}

#[cfg(test)]
mod tests;
