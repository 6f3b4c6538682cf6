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
/// to case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusSets {
    pending: Vec<String>,
    success: Vec<String>,
    failure: Vec<String>,
}

/// The words of the common `/v1` job API (ECS, EVS, IMS, SDRS, …).
pub const DEFAULT_PENDING: &[&str] = &[
    "INIT",
    "RUNNING",
    "WAITING_EXECUTE",
    "LISTENING",
    "PENDING_PAYMENT",
];
pub const DEFAULT_SUCCESS: &[&str] = &["SUCCESS"];
pub const DEFAULT_FAILURE: &[&str] = &["FAIL", "FAILED"];

impl Default for StatusSets {
    fn default() -> Self {
        StatusSets::new(DEFAULT_PENDING, DEFAULT_SUCCESS, DEFAULT_FAILURE)
    }
}

/// Add `words` to `set`, trimmed, once each whatever their case.
fn add(set: &mut Vec<String>, words: impl IntoIterator<Item = String>) {
    for word in words {
        let word = word.trim();
        if !word.is_empty() && !set.iter().any(|w| w.eq_ignore_ascii_case(word)) {
            set.push(word.to_string());
        }
    }
}

impl StatusSets {
    pub fn new(pending: &[&str], success: &[&str], failure: &[&str]) -> StatusSets {
        let owned = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        let mut sets = StatusSets {
            pending: Vec::new(),
            success: Vec::new(),
            failure: Vec::new(),
        };
        add(&mut sets.pending, owned(pending));
        add(&mut sets.success, owned(success));
        add(&mut sets.failure, owned(failure));
        sets
    }

    /// These sets extended by the user's lists. A word the user names as success or
    /// failure leaves the pending set (e.g. `--success-status PENDING_PAYMENT` for
    /// "ordering is enough"); one named both success and failure is an error.
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
        Ok(self)
    }

    pub fn classify(&self, status: &str) -> StatusClass {
        let s = status.trim();
        let has = |set: &[String]| set.iter().any(|w| w.eq_ignore_ascii_case(s));
        if has(&self.failure) {
            StatusClass::Failure
        } else if has(&self.success) {
            StatusClass::Success
        } else if has(&self.pending) {
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

    /// `pending: INIT, RUNNING, …; success: SUCCESS; failure: FAIL, FAILED`
    pub fn describe(&self) -> String {
        format!(
            "pending: {}; success: {}; failure: {}",
            self.pending.join(", "),
            self.success.join(", "),
            self.failure.join(", ")
        )
    }

    /// The words in `pending / success / failure` form, for listings.
    pub fn brief(&self) -> String {
        format!(
            "{} / {} / {}",
            self.pending.join(", "),
            self.success.join(", "),
            self.failure.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_case_insensitively() {
        let sets = StatusSets::default();
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
        let sets = StatusSets::default()
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
        let err = StatusSets::default()
            .extended(&[], &["fail".into()], &[])
            .unwrap_err();
        assert!(err.contains("'fail'"), "{err}");
    }

    #[test]
    fn describe_lists_every_set() {
        assert_eq!(
            StatusSets::default().describe(),
            "pending: INIT, RUNNING, WAITING_EXECUTE, LISTENING, PENDING_PAYMENT; success: SUCCESS; failure: FAIL, FAILED"
        );
    }
}
