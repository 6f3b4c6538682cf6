//! A job API described as data: where it lives, how to ask about a job, and where its
//! answer keeps each fact (JSON Pointers, RFC 6901). One generic reader
//! ([`super::read`]) turns any answer into the job model with a profile, so the wait, the
//! schedule and every report work the same for every service.

use reqwest::{Method, Url};

use crate::status::StatusSets;

/// Where a service's API lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Host {
    /// `https://{name}.{region}.{domain}`; `None` where the cloud does not offer it.
    Regional {
        huaweicloud: String,
        otc: Option<String>,
    },
    /// `https://{name}.{domain}`, no region (BSS, CDN); Huawei Cloud only.
    Global { huaweicloud: String },
}

/// Where a sub-job keeps its facts, relative to the sub-job.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SubShape {
    pub id: Option<String>,
    pub job_type: Option<String>,
    pub status: Option<String>,
    pub reasons: Vec<String>,
    pub codes: Vec<String>,
    pub end: Option<String>,
    /// An object whose `*_id` keys name what the sub-job made.
    pub entities: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub name: String,
    pub host: Host,
    /// How the job is asked about: the request is sent, and signed, with this method.
    pub method: Method,
    /// Path and query, with `{project_id}`, `{job_id}` and any other `{name}` to fill.
    pub path: String,
    /// Where the status is. With several, every one must agree before a job counts as
    /// done (MRS: `job_state` FINISHED *and* `job_result` SUCCEEDED); the first must be
    /// there for an answer to be a job document at all.
    pub status: Vec<String>,
    pub words: StatusSets,
    /// Failure text, and error codes: each pointer that holds something is shown.
    pub reasons: Vec<String>,
    pub codes: Vec<String>,
    /// A percentage (`60`, `"9%"`); the first pointer that holds one counts.
    pub progress: Vec<String>,
    /// When the job began and ended (ISO 8601 and its relatives, or epoch milliseconds).
    pub begin: Option<String>,
    pub end: Option<String>,
    pub job_type: Option<String>,
    /// What the job made, as an object (the Action's `entities` output).
    pub entities: Option<String>,
    /// Labelled ids of what the job made: `("instance_id", "/job/instance/id")`.
    pub ids: Vec<(String, String)>,
    /// Arrays of sub-jobs, and where each keeps its facts.
    pub sub_jobs: Vec<String>,
    pub sub: SubShape,
    /// How many sub-jobs there are in all, when the list may be partial.
    pub sub_jobs_total: Option<String>,
    /// A count of parts that failed: above zero, a finished job failed (CDN).
    pub failed_count: Option<String>,
    /// What people should know about a status word, shown beside it when it first
    /// appears: `("PENDING_PAYMENT", "the order awaits payment; …")`.
    pub notes: Vec<(String, String)>,
}

impl Profile {
    /// The `{name}` placeholders of the path other than `project_id` and `job_id`: the
    /// parameters a user must give with `--param`.
    pub fn params(&self) -> Vec<String> {
        placeholders(&self.path)
            .into_iter()
            .filter(|p| p != "project_id" && p != "job_id")
            .collect()
    }

    /// The path and query with the placeholders named in `values` filled; others stay.
    /// One pass over the template: a value is never read as a template again, so one
    /// holding `{job_id}` stays as it is.
    pub fn fill(&self, values: &[(&str, &str)]) -> String {
        let mut filled = String::with_capacity(self.path.len());
        let mut rest = self.path.as_str();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            let name = &rest[open + 1..close];
            filled.push_str(&rest[..open]);
            match values.iter().find(|(n, _)| *n == name) {
                Some((_, value)) => filled.push_str(value),
                None => filled.push_str(&rest[open..=close]),
            }
            rest = &rest[close + 1..];
        }
        filled.push_str(rest);
        filled
    }

    /// The URL to ask about `job_id`: `base` plus the path, placeholders filled from
    /// `values` (name, value). Values are path-safe (checked by configuration).
    pub fn url(&self, base: &Url, values: &[(&str, &str)]) -> Url {
        let filled = self.fill(values);
        let (path, query) = match filled.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (filled.as_str(), None),
        };
        let mut url = base.clone();
        url.set_path(&format!("{}{path}", base.path().trim_end_matches('/')));
        url.set_query(query);
        url
    }

    /// The note on `status`, if the profile has one (matched without regard to case).
    pub fn note(&self, status: &str) -> Option<&str> {
        self.notes
            .iter()
            .find(|(word, _)| word.eq_ignore_ascii_case(status.trim()))
            .map(|(_, note)| note.as_str())
    }

    /// `GET /v3/{project_id}/jobs?id={job_id}`
    pub fn request(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// The `{name}`s of a template, in order.
pub fn placeholders(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push(rest[open + 1..open + close].to_string());
        rest = &rest[open + close + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_in_order() {
        assert_eq!(
            placeholders("/v2/{project_id}/instances/{instance_id}/tasks/{job_id}"),
            ["project_id", "instance_id", "job_id"]
        );
        assert!(placeholders("/plain").is_empty());
    }

    /// A value is never read as a template again: one holding `{job_id}` once became
    /// the job id, and an order of filling could decide what was requested.
    #[test]
    fn placeholders_are_filled_in_one_pass() {
        let profile = crate::job::builtin::common("ecs");
        let values = [("project_id", "{job_id}"), ("job_id", "j-{project_id}")];
        assert_eq!(profile.fill(&values), "/v1/{job_id}/jobs/j-{project_id}");
        assert_eq!(
            profile.fill(&[("job_id", "j")]),
            "/v1/{project_id}/jobs/j",
            "what is not given stays"
        );
    }
}
