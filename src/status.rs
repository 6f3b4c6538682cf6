//! Which job statuses mean "wait", "done" and "failed", Terraform-style.
//!
//! Each job API has its own words (`Running`/`Completed`/`Failed` for RDS, `success` for
//! SFS Turbo, ECS's `PENDING_PAYMENT`), so every profile carries its sets, users may
//! extend them, and matching ignores case. A status in no set is never guessed at: it ends
//! the wait with "no verdict" rather than letting a pipeline go green on something unknown.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusClass {
    Pending,
    Success,
    Failure,
    Unknown,
}

/// A job API's status words, spelled as the API spells them and matched without regard
/// to case; with the words it documents but that decide nothing (each with why), and
/// notes for people on some words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatusSets {
    pending: Vec<String>,
    success: Vec<String>,
    failure: Vec<String>,
    /// Documented words that decide nothing (word, why): exit 3 naming the reason.
    unknown: Vec<(String, String)>,
    /// What to tell people when a job shows the word (word, note).
    notes: Vec<(String, String)>,
    /// Words in no set count as pending: only for APIs whose words nobody documents
    /// in full (Terraform's "anything else is pending"). An unlisted failure word then
    /// waits out the timeout (exit 2); it is never a success.
    others_pending: bool,
}

/// Add `words` to `set`, trimmed, once each whatever their case. The empty word is a word
/// like any other: a profile may list it (a CCE node pool with nothing to do has an empty
/// phase); people's lists never hold it, as they are split at separators first.
fn add(set: &mut Vec<String>, words: impl IntoIterator<Item = String>) {
    for word in words {
        let word = word.trim();
        if !set.iter().any(|w| w.eq_ignore_ascii_case(word)) {
            set.push(word.to_string());
        }
    }
}

fn lookup<'a>(pairs: &'a [(String, String)], word: &str) -> Option<&'a str> {
    let word = word.trim();
    pairs
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(word))
        .map(|(_, text)| text.as_str())
}

impl StatusSets {
    pub fn new(pending: &[&str], success: &[&str], failure: &[&str]) -> StatusSets {
        let owned = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        StatusSets::from_lists(owned(pending), owned(success), owned(failure))
    }

    pub fn from_lists(
        pending: Vec<String>,
        success: Vec<String>,
        failure: Vec<String>,
    ) -> StatusSets {
        let mut sets = StatusSets::default();
        add(&mut sets.pending, pending);
        add(&mut sets.success, success);
        add(&mut sets.failure, failure);
        sets
    }

    /// These sets with documented words that decide nothing, each with why.
    pub fn with_unknown(mut self, unknown: Vec<(String, String)>) -> StatusSets {
        self.unknown = unknown;
        self
    }

    /// These sets with every unlisted word counted as pending.
    pub fn with_others_pending(mut self, others_pending: bool) -> StatusSets {
        self.others_pending = others_pending;
        self
    }

    /// Whether words in no set count as pending.
    pub fn others_pending(&self) -> bool {
        self.others_pending
    }

    /// These sets with notes for people on some words.
    pub fn with_notes(mut self, notes: Vec<(String, String)>) -> StatusSets {
        self.notes = notes;
        self
    }

    /// A word found in two sets (or in a set and among those that decide nothing).
    pub fn overlap(&self) -> Option<String> {
        let unknown: Vec<String> = self.unknown.iter().map(|(w, _)| w.clone()).collect();
        let all: [&[String]; 4] = [&self.pending, &self.success, &self.failure, &unknown];
        for (i, set) in all.iter().enumerate() {
            for word in set.iter() {
                let elsewhere = all[i + 1..]
                    .iter()
                    .any(|other| other.iter().any(|w| w.eq_ignore_ascii_case(word)));
                if elsewhere {
                    return Some(word.clone());
                }
            }
        }
        None
    }

    /// These sets extended by the user's lists. A word the user names as success or
    /// failure leaves the pending set (e.g. `--success-status PENDING_PAYMENT` for
    /// "ordering is enough"), and any word the user names stops being one that decides
    /// nothing; one named both success and failure is an error.
    pub fn extended(
        mut self,
        pending: &[String],
        success: &[String],
        failure: &[String],
    ) -> Result<StatusSets, String> {
        add(&mut self.success, success.iter().cloned());
        add(&mut self.failure, failure.iter().cloned());
        let has = |set: &[String], w: &str| set.iter().any(|s| s.eq_ignore_ascii_case(w));
        if let Some(both) = self.success.iter().find(|s| has(&self.failure, s)) {
            return Err(format!(
                "status '{both}' cannot be both a success and a failure status"
            ));
        }
        add(&mut self.pending, pending.iter().cloned());
        let (success, failure) = (&self.success, &self.failure);
        self.pending
            .retain(|s| !has(success, s) && !has(failure, s));
        let named: Vec<&String> = pending.iter().chain(success).chain(failure).collect();
        self.unknown
            .retain(|(w, _)| !named.iter().any(|n| n.trim().eq_ignore_ascii_case(w)));
        Ok(self)
    }

    pub fn classify(&self, status: &str) -> StatusClass {
        let s = status.trim();
        let has = |set: &[String]| set.iter().any(|w| w.eq_ignore_ascii_case(s));
        if has(&self.failure) {
            StatusClass::Failure
        } else if has(&self.success) {
            StatusClass::Success
        } else if has(&self.pending) || (self.others_pending && self.why_unknown(s).is_none()) {
            StatusClass::Pending
        } else {
            StatusClass::Unknown
        }
    }

    pub fn pending(&self) -> &[String] {
        &self.pending
    }

    pub fn success(&self) -> &[String] {
        &self.success
    }

    pub fn failure(&self) -> &[String] {
        &self.failure
    }

    /// The documented words that decide nothing, with why.
    pub fn unknown(&self) -> &[(String, String)] {
        &self.unknown
    }

    pub fn notes(&self) -> &[(String, String)] {
        &self.notes
    }

    /// Why a documented word decides nothing, if it is one of those.
    pub fn why_unknown(&self, word: &str) -> Option<&str> {
        lookup(&self.unknown, word)
    }

    /// What to tell people about a word, if anything.
    pub fn note(&self, word: &str) -> Option<&str> {
        lookup(&self.notes, word)
    }

    /// `pending: INIT, RUNNING, …; success: SUCCESS; failure: FAIL, FAILED`
    pub fn describe(&self) -> String {
        format!(
            "pending: {}; success: {}; failure: {}",
            self.pending_shown(),
            joined(&self.success),
            joined(&self.failure)
        )
    }

    /// The words in `pending / success / failure` form, for listings.
    pub fn brief(&self) -> String {
        format!(
            "{} / {} / {}",
            self.pending_shown(),
            joined(&self.success),
            joined(&self.failure)
        )
    }

    /// The pending words, and "any other word" where unlisted words are pending.
    fn pending_shown(&self) -> String {
        match (self.pending.is_empty(), self.others_pending) {
            (_, false) => joined(&self.pending),
            (true, true) => "any other word".into(),
            (false, true) => format!("{}, any other word", joined(&self.pending)),
        }
    }
}

/// Words for people, the empty one written `""` so that it can be seen.
fn joined(words: &[String]) -> String {
    let shown: Vec<&str> = words
        .iter()
        .map(|w| if w.is_empty() { "\"\"" } else { w.as_str() })
        .collect();
    shown.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The common `/v1` job API's words, as `profiles/jobs/common.toml` has them.
    fn common() -> StatusSets {
        StatusSets::new(
            &[
                "INIT",
                "RUNNING",
                "WAITING_EXECUTE",
                "LISTENING",
                "PENDING_PAYMENT",
            ],
            &["SUCCESS"],
            &["FAIL", "FAILED"],
        )
    }

    #[test]
    fn words_match_case_insensitively() {
        let sets = common();
        for s in [
            "INIT",
            "running",
            "Waiting_Execute",
            "LISTENING",
            "PENDING_PAYMENT",
        ] {
            assert_eq!(sets.classify(s), StatusClass::Pending, "{s}");
        }
        assert_eq!(sets.classify("success"), StatusClass::Success);
        assert_eq!(sets.classify("FAIL"), StatusClass::Failure);
        assert_eq!(sets.classify("failed"), StatusClass::Failure);
        assert_eq!(sets.classify("WEIRD"), StatusClass::Unknown);
        assert_eq!(sets.classify(""), StatusClass::Unknown);
    }

    #[test]
    fn user_lists_extend_and_override_pending() {
        let sets = common()
            .extended(
                &["QUEUED".into()],
                &["pending_payment".into(), " done ".into()],
                &["ROLLED_BACK".into()],
            )
            .unwrap();
        assert_eq!(sets.classify("queued"), StatusClass::Pending);
        assert_eq!(sets.classify("PENDING_PAYMENT"), StatusClass::Success);
        assert_eq!(sets.classify("DONE"), StatusClass::Success);
        assert_eq!(sets.classify("rolled_back"), StatusClass::Failure);
        assert!(
            !sets
                .describe()
                .contains("pending: INIT, RUNNING, WAITING_EXECUTE, LISTENING, PENDING_PAYMENT")
        );
        assert_eq!(sets.classify(" Done "), StatusClass::Success);
    }

    #[test]
    fn a_status_cannot_be_both_success_and_failure() {
        let err = common().extended(&[], &["fail".into()], &[]).unwrap_err();
        assert!(err.contains("'fail'"), "{err}");
    }

    #[test]
    fn describe_lists_every_set() {
        assert_eq!(
            common().describe(),
            "pending: INIT, RUNNING, WAITING_EXECUTE, LISTENING, PENDING_PAYMENT; success: SUCCESS; failure: FAIL, FAILED"
        );
    }

    #[test]
    fn words_that_decide_nothing_say_why_until_the_user_places_them() {
        let sets = common().with_unknown(vec![("DELETED".into(), "the record is gone".into())]);
        assert_eq!(sets.classify("deleted"), StatusClass::Unknown);
        assert_eq!(sets.why_unknown("Deleted"), Some("the record is gone"));
        let placed = sets.extended(&[], &[], &["deleted".into()]).unwrap();
        assert_eq!(placed.classify("DELETED"), StatusClass::Failure);
        assert_eq!(placed.why_unknown("DELETED"), None);
    }

    #[test]
    fn unlisted_words_are_pending_only_where_the_profile_says() {
        let open = StatusSets::new(&[], &["Success"], &["Failed"]).with_others_pending(true);
        assert_eq!(open.classify("Scaling"), StatusClass::Pending);
        assert_eq!(open.classify("failed"), StatusClass::Failure);
        let open = open.with_unknown(vec![("Paused".into(), "may never resume".into())]);
        assert_eq!(open.classify("paused"), StatusClass::Unknown);
        assert_eq!(common().classify("Scaling"), StatusClass::Unknown);
    }

    #[test]
    fn an_overlap_is_found() {
        assert_eq!(common().overlap(), None);
        let both = StatusSets::new(&["Running"], &["running"], &[]);
        assert_eq!(both.overlap().as_deref(), Some("Running"));
        let unknown = common().with_unknown(vec![("success".into(), "?".into())]);
        assert_eq!(unknown.overlap().as_deref(), Some("SUCCESS"));
    }
}
