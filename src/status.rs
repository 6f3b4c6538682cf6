//! Which job statuses mean "wait", "done" and "failed", Terraform-style.
//!
//! Services add statuses beyond the documented four (ECS `PENDING_PAYMENT`, EVS
//! `WAITING_EXECUTE` and `LISTENING`, lower-case spellings), so the sets are configurable
//! and matched case-insensitively. A status in no set is never guessed at: it ends the wait
//! with "no verdict" rather than letting a pipeline go green on something unknown.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusClass {
    Pending,
    Success,
    Failure,
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusSets {
    pending: Vec<String>,
    success: Vec<String>,
    failure: Vec<String>,
}

pub const DEFAULT_PENDING: &[&str] = &[
    "INIT",
    "RUNNING",
    "WAITING_EXECUTE",
    "LISTENING",
    "PENDING_PAYMENT",
];
pub const DEFAULT_SUCCESS: &[&str] = &["SUCCESS"];
pub const DEFAULT_FAILURE: &[&str] = &["FAIL", "FAILED"];

/// The ECS status of an order that waits for payment: it will not move on its own.
pub const AWAITING_PAYMENT: &str = "PENDING_PAYMENT";

impl Default for StatusSets {
    fn default() -> Self {
        StatusSets::extended(&[], &[], &[]).expect("the default sets are disjoint")
    }
}

impl StatusSets {
    /// The default sets extended by the user's lists. A status the user names as success
    /// or failure leaves the pending set (e.g. `--success-status PENDING_PAYMENT` for
    /// "ordering is enough"); one named both success and failure is an error.
    pub fn extended(
        pending: &[String],
        success: &[String],
        failure: &[String],
    ) -> Result<StatusSets, String> {
        let norm = |defaults: &[&str], extra: &[String]| {
            let mut set: Vec<String> = Vec::new();
            let all = defaults
                .iter()
                .map(|s| s.to_string())
                .chain(extra.iter().cloned());
            for s in all
                .map(|s| s.trim().to_ascii_uppercase())
                .filter(|s| !s.is_empty())
            {
                if !set.contains(&s) {
                    set.push(s);
                }
            }
            set
        };
        let success = norm(DEFAULT_SUCCESS, success);
        let failure = norm(DEFAULT_FAILURE, failure);
        if let Some(both) = success.iter().find(|s| failure.contains(s)) {
            return Err(format!(
                "status '{both}' cannot be both a success and a failure status"
            ));
        }
        let mut pending = norm(DEFAULT_PENDING, pending);
        pending.retain(|s| !success.contains(s) && !failure.contains(s));
        Ok(StatusSets {
            pending,
            success,
            failure,
        })
    }

    pub fn classify(&self, status: &str) -> StatusClass {
        let s = status.trim().to_ascii_uppercase();
        if self.failure.contains(&s) {
            StatusClass::Failure
        } else if self.success.contains(&s) {
            StatusClass::Success
        } else if self.pending.contains(&s) {
            StatusClass::Pending
        } else {
            StatusClass::Unknown
        }
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
        let sets = StatusSets::extended(
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
    }

    #[test]
    fn a_status_cannot_be_both_success_and_failure() {
        let err = StatusSets::extended(&[], &["FAIL".into()], &[]).unwrap_err();
        assert!(err.contains("FAIL"));
    }

    #[test]
    fn describe_lists_every_set() {
        assert_eq!(
            StatusSets::default().describe(),
            "pending: INIT, RUNNING, WAITING_EXECUTE, LISTENING, PENDING_PAYMENT; success: SUCCESS; failure: FAIL, FAILED"
        );
    }
}
