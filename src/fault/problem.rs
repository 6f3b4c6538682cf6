//! Something that went wrong with a request, described for a person.

use std::fmt;
use std::time::Duration;

use super::ErrorInfo;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Problem {
    /// HTTP status, when there was an answer at all (its body may still have failed).
    pub status: Option<u16>,
    /// Something answered, but not in HTTP this client reads (a bad status line, headers
    /// too large): not silence, yet no status either. A wrong port often looks like this.
    pub not_http: bool,
    /// The answer came whole, or was refused whole, but is past what can be read (over
    /// the size limit): not read, unlike a body that broke off or never ended, which is
    /// the network's doing and worth another poll like any transient failure.
    pub too_large: bool,
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
