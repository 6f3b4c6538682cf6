//! Something that went wrong with a request, described for a person.

use std::fmt;
use std::time::Duration;

use super::ErrorInfo;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Problem {
    /// HTTP status, when there was an answer at all.
    pub status: Option<u16>,
    /// What happened, e.g. `503 Service Unavailable from ecs.eu-de.otc.t-systems.com`.
    pub what: String,
    /// The API's own code and message, if it sent any.
    pub info: ErrorInfo,
    pub request_id: Option<String>,
    pub retry_after: Option<Duration>,
    /// What the user might do about it.
    pub hint: Option<String>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.what)?;
        if let Some(detail) = self.info.summary() {
            write!(f, ": {detail}")?;
        }
        if let Some(id) = self.request_id.as_ref().or(self.info.request_id.as_ref()) {
            write!(f, " (request id {id})")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, " — {hint}")?;
        }
        Ok(())
    }
}

impl Problem {
    pub fn new(what: impl Into<String>) -> Problem {
        Problem {
            what: what.into(),
            ..Problem::default()
        }
    }
}
