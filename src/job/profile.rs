//! A job API described as data: where it lives, how to ask about a job, and where its
//! answer keeps each fact (JSON Pointers, RFC 6901). One generic reader
//! ([`super::read`]) turns any answer into the job model with a profile, so the wait, the
//! schedule and every report work the same for every service.
//!
//! Profiles are written in TOML (`profiles/`, documented in the README's "Profiles"
//! section) and loaded by [`super::catalog`]; this module is only the resolved model and
//! the arithmetic on it (URLs, placeholders). It never reads a file.

use reqwest::{Method, Url};

pub use super::resource::Target;
use crate::status::StatusSets;

/// What a profile waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A job (or task, order, operation log): asked about by `{job_id}`.
    Job,
    /// A resource (server, volume, instance): asked about by `{id}`, until it is ready,
    /// failed or gone.
    Resource,
}

impl Kind {
    /// `job` or `resource`, as profile files name the table.
    pub fn table(self) -> &'static str {
        match self {
            Kind::Job => "job",
            Kind::Resource => "resource",
        }
    }

    /// What people call such an API: `job API`, or `API` (of a resource).
    pub fn api(self) -> &'static str {
        match self {
            Kind::Job => "job API",
            Kind::Resource => "API",
        }
    }

    /// What is waited for, in messages: `job`, or `resource`.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Job => "job",
            Kind::Resource => "resource",
        }
    }

    /// The placeholder of the path that names what is waited for.
    pub fn id_placeholder(self) -> &'static str {
        match self {
            Kind::Job => "job_id",
            Kind::Resource => "id",
        }
    }
}

/// Where a profile was defined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Shipped inside the binary: the file under `profiles/` it came from.
    BuiltIn(&'static str),
    /// A `--profiles` file, as the user named it.
    File(String),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::BuiltIn(_) => f.write_str("built in"),
            Origin::File(path) => f.write_str(path),
        }
    }
}

/// Where a service's API lives on each cloud.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hosts {
    /// The host name on Huawei Cloud (`https://{name}.{region}.myhuaweicloud.com`), or
    /// `None` where it does not offer the API.
    pub huaweicloud: Option<String>,
    /// The host name on Open Telekom Cloud (`https://{name}.{region}.otc.t-systems.com`).
    pub otc: Option<String>,
    /// `https://{name}.{domain}`, no region (BSS, CDN).
    pub global: bool,
    /// Per-region exceptions on the named clouds: region → whole host name
    /// (`rds.eu-west-101.myhuaweicloud.eu`), as the SDK's region tables give them.
    pub regions: Vec<(String, String)>,
}

/// A status field and the words it takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusField {
    /// A JSON Pointer, relative to the job's own object (the list element, if any).
    pub at: String,
    pub words: StatusSets,
}

/// Where sub-jobs are, and where each keeps its facts (relative to the sub-job).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SubJobs {
    /// Arrays of sub-jobs; all of them are read.
    pub at: Vec<String>,
    /// How many sub-jobs there are in all, when the list may be partial.
    pub total: Option<String>,
    pub id: Option<String>,
    pub job_type: Option<String>,
    pub status: Option<String>,
    pub reasons: Vec<String>,
    pub codes: Vec<String>,
    pub end: Option<String>,
    /// An object whose `*_id` keys name what the sub-job made.
    pub entities: Option<String>,
    /// The sub-jobs' own words, when they differ from the job's (CDN's URLs).
    pub words: Option<StatusSets>,
}

/// How a resource's API says it is gone (issue 18's `--for deleted`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Gone {
    /// HTTP status codes that mean gone (usually 404).
    pub http: Vec<u16>,
    /// A list-shaped answer without the resource means gone.
    pub empty_list: bool,
    /// Service error codes that mean gone (DDS `DBS.280110`).
    pub codes: Vec<String>,
    /// Status words that mean gone (`deleted`).
    pub words: Vec<String>,
    /// Status words on the way to gone (`PENDING_DELETE`): still waiting when a deletion
    /// is waited for, and never ready. A failure word listed here too (Kafka's `ERROR`,
    /// which Terraform's delete wait keeps waiting on) is no failure during a deletion.
    pub deleting: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub name: String,
    pub kind: Kind,
    /// One line on what it is, for listings.
    pub about: String,
    /// Other names that pick it.
    pub aliases: Vec<String>,
    pub origin: Origin,
    pub host: Hosts,
    /// How the job is asked about: the request is sent, and signed, with this method.
    pub method: Method,
    /// Path and query, with `{project_id}`, `{job_id}` and any other `{name}` to fill.
    pub path: String,
    /// For answers that are lists of jobs: the array, whose element with this job's id is
    /// the job; every other pointer is then relative to that element.
    pub list: Option<String>,
    /// Where the answer names the job it is about.
    pub id: Option<String>,
    /// The status, and its words.
    pub status: StatusField,
    /// More status fields that must agree before a job counts as done (MRS: `job_state`
    /// FINISHED *and* `job_result` SUCCEEDED).
    pub and: Vec<StatusField>,
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
    pub sub_jobs: Option<SubJobs>,
    /// A count of parts that failed: above zero, a finished job failed (CDN).
    pub failed_count: Option<String>,
    /// Where the answer of the call that created the job keeps its id (`--job-id -`);
    /// a `[]` segment means each element of a list.
    pub create_id: Vec<String>,
    /// Headers the request carries (`X-Environment-ID: {environment_id}`).
    pub headers: Vec<(String, String)>,
    /// Resources only: how the API says the resource is gone.
    pub gone: Option<Gone>,
    /// Resources only: what the wait is for (`--for`), once chosen; `None` for a job.
    pub target: Option<Target>,
    /// The job API whose host this resource shares (`rds`), if it named one.
    pub service: Option<String>,
    /// The path on Open Telekom Cloud, where it differs from `path`.
    pub otc_path: Option<String>,
    /// Pointers whose value, when not empty, keeps a ready resource waiting (DCS `task`,
    /// DDS `actions`): it is ready only when they are absent, null or empty.
    pub busy: Vec<String>,
    /// Consecutive ready answers the API needs before it is trusted (DCS: 2, as
    /// Terraform's `ContinuousTargetOccurence`), unless `--success-confirmations` says.
    pub confirmations: Option<u32>,
    /// What to tell people when it is not found (ECS answers 404 while a server is built).
    pub not_found: Option<String>,
    /// The flags that changed this profile (`--status-field /export/state`), if any: the
    /// messages then speak of the user's API, not of the service's.
    pub customised: Vec<String>,
}

impl Profile {
    /// The words of the main status field.
    pub fn words(&self) -> &StatusSets {
        &self.status.words
    }

    /// Every status field: the main one first.
    pub fn status_fields(&self) -> impl Iterator<Item = &StatusField> {
        std::iter::once(&self.status).chain(&self.and)
    }

    /// Where the status is read, for messages: `/job_detail/job_state and /job_detail/job_result`.
    pub fn status_at(&self) -> String {
        let at: Vec<&str> = self.status_fields().map(|s| s.at.as_str()).collect();
        let at = at.join(" and ");
        match &self.list {
            Some(list) => format!("{list}/*{at}"),
            None => at,
        }
    }

    /// What the messages call this API: `rds`, or the user's own described by the flags.
    pub fn described(&self) -> String {
        if self.customised.is_empty() {
            self.name.clone()
        } else {
            format!("the {} of {}", self.kind.api(), self.customised.join(", "))
        }
    }

    /// `the kafka job API`, `the cce-node API`: for messages about its path and host.
    pub fn api(&self) -> String {
        format!("the {} {}", self.name, self.kind.api())
    }

    /// The user's words (`--pending-status` …) added to the main status's, and to the
    /// sub-jobs' where they have words of their own.
    pub fn extend_words(
        &mut self,
        pending: &[String],
        success: &[String],
        failure: &[String],
    ) -> Result<(), String> {
        let extend = |words: &mut StatusSets| -> Result<(), String> {
            *words = std::mem::take(words).extended(pending, success, failure)?;
            Ok(())
        };
        extend(&mut self.status.words)?;
        if let Some(words) = self.sub_jobs.as_mut().and_then(|s| s.words.as_mut()) {
            extend(words)?;
        }
        Ok(())
    }

    /// The `{name}` placeholders of the path other than the project and the id: the
    /// parameters a user must give with `--param`.
    pub fn params(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        let templates = std::iter::once(&self.path).chain(self.headers.iter().map(|(_, v)| v));
        for name in templates.flat_map(|t| placeholders(t)) {
            if name != "project_id" && name != self.kind.id_placeholder() && !names.contains(&name)
            {
                names.push(name);
            }
        }
        names
    }

    /// The headers with their placeholders filled from `values`.
    pub fn filled_headers(&self, values: &[(&str, &str)]) -> Vec<(String, String)> {
        self.headers
            .iter()
            .map(|(name, template)| (name.clone(), fill(template, values)))
            .collect()
    }

    /// The path and query with the placeholders named in `values` filled; others stay.
    pub fn fill(&self, values: &[(&str, &str)]) -> String {
        fill(&self.path, values)
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

    /// `GET /v3/{project_id}/jobs?id={job_id}`
    pub fn request(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// `template` with the placeholders named in `values` filled; others stay. One pass over
/// the template: a value is never read as a template again, so one holding `{job_id}`
/// stays as it is (the path's and the headers' alike).
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut filled = String::with_capacity(template.len());
    let mut rest = template;
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
        // The headers the same way (CAE's `X-Environment-ID: {environment_id}`).
        let cae = Profile {
            headers: vec![("X-Environment-ID".into(), "{environment_id}".into())],
            ..profile
        };
        assert_eq!(
            cae.filled_headers(&[("environment_id", "{job_id}"), ("job_id", "j")]),
            [("X-Environment-ID".to_string(), "{job_id}".to_string())]
        );
    }
}
