//! One typed [`Config`] from flags, `INPUT_*`, `JOBWAIT_*` and the variables the clouds'
//! tools already use. The only code that reads the environment, and it does so from a
//! map it is handed, so tests never touch the process environment.
//!
//! Precedence per option: flag, then `INPUT_<NAME>` (GitHub Action inputs), then
//! `JOBWAIT_<NAME>`, then the conventions (`HW_*`, `OS_*`, `HUAWEICLOUD_SDK_*`,
//! `HUAWEI_CLOUD_*`). Empty values count as unset, because a composite action passes
//! unset inputs as empty strings.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use reqwest::Url;

use crate::auth::{Credentials, Scope};
use crate::cli::Cli;
use crate::endpoint::{self, Cloud};
use crate::jobids;
use crate::report::Verbosity;
use crate::status::StatusSets;
use crate::time::parse_duration;

mod credentials;

/// A usage or configuration error: one line, exit code 4.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

type Result<T> = std::result::Result<T, UsageError>;

fn usage<T>(message: impl Into<String>) -> Result<T> {
    Err(UsageError(message.into()))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    Text,
    Json,
}

#[derive(Debug)]
pub struct Config {
    pub job_ids: Vec<String>,
    /// `None` only for a password login scoped by project name: IAM tells us the id.
    pub project_id: Option<String>,
    pub endpoint: Url,
    /// How the endpoint was found, for the start-up line.
    pub endpoint_origin: String,
    pub loopback: bool,
    pub path: String,
    pub credentials: Credentials,
    /// `token (JOBWAIT_TOKEN)`, plus any credentials that were present but not used.
    pub auth_note: String,
    pub timeout: Duration,
    pub poll_interval: Duration,
    pub max_interval: Duration,
    pub not_found_grace: Duration,
    pub request_timeout: Duration,
    pub max_rps: f64,
    pub statuses: StatusSets,
    pub success_confirmations: u32,
    pub output: Output,
    pub verbosity: Verbosity,
    /// `NO_COLOR` is unset (whether stderr is a terminal is decided by the caller).
    pub color_allowed: bool,
    pub ci: Ci,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Ci {
    /// Set when `GITHUB_ACTIONS=true`.
    pub github: Option<GitHub>,
    /// `GITLAB_CI=true`.
    pub gitlab: bool,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct GitHub {
    pub output: Option<PathBuf>,
    pub step_summary: Option<PathBuf>,
}

/// The process environment as a map; only UTF-8 variables are kept.
pub type Env = HashMap<String, String>;

/// Where a value came from, for messages: `--timeout`, `JOBWAIT_TIMEOUT`, `HW_REGION_NAME`.
#[derive(Clone, Debug)]
struct Sourced {
    value: String,
    source: String,
}

/// Looks an option up in the flag, then each layer of the environment.
struct Lookup<'a> {
    env: &'a Env,
}

impl Lookup<'_> {
    fn env(&self, name: &str) -> Option<Sourced> {
        let value = self.env.get(name)?.trim();
        (!value.is_empty()).then(|| Sourced {
            value: value.to_string(),
            source: name.to_string(),
        })
    }

    /// `name` is the option's snake_case name (`project_id`).
    fn get(&self, flag: &Option<String>, name: &str, conventions: &[&str]) -> Option<Sourced> {
        let upper = name.to_ascii_uppercase();
        if let Some(v) = flag.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            return Some(Sourced {
                value: v.to_string(),
                source: format!("--{}", name.replace('_', "-")),
            });
        }
        [format!("INPUT_{upper}"), format!("JOBWAIT_{upper}")]
            .iter()
            .map(String::as_str)
            .chain(conventions.iter().copied())
            .find_map(|n| self.env(n))
    }

    fn flag_or_env(&self, flag: bool, name: &str) -> Result<bool> {
        if flag {
            return Ok(true);
        }
        match self.get(&None, name, &[]) {
            None => Ok(false),
            Some(s) => parse_bool(&s),
        }
    }
}

fn parse_bool(s: &Sourced) -> Result<bool> {
    match s.value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => usage(format!(
            "{} must be true or false, not '{}'",
            s.source,
            clean(&s.value)
        )),
    }
}

fn clean(text: &str) -> String {
    crate::report::sanitize::clean(&crate::api::error_body::shorten(text, 80))
}

fn duration(l: &Lookup, flag: &Option<String>, name: &str, default: Duration) -> Result<Duration> {
    match l.get(flag, name, &[]) {
        None => Ok(default),
        Some(s) => {
            parse_duration(&s.value).map_err(|e| UsageError(format!("invalid {}: {e}", s.source)))
        }
    }
}

fn list(l: &Lookup, flag: &Option<String>, name: &str) -> Vec<String> {
    l.get(flag, name, &[])
        .map(|s| jobids::split_args(&[s.value]))
        .unwrap_or_default()
}

/// Resolve everything. `stdin` is read only for `--job-id -`.
pub fn resolve(
    cli: &Cli,
    env: &Env,
    stdin: impl FnOnce() -> std::io::Result<String>,
) -> Result<Config> {
    let l = Lookup { env };

    let job_ids = job_ids(cli, &l, stdin)?;

    let timeout = duration(&l, &cli.timeout, "timeout", Duration::from_secs(30 * 60))?;
    let poll_interval = duration(
        &l,
        &cli.poll_interval,
        "poll_interval",
        Duration::from_secs(1),
    )?;
    let max_given = l.get(&cli.max_interval, "max_interval", &[]).is_some();
    let mut max_interval = duration(
        &l,
        &cli.max_interval,
        "max_interval",
        Duration::from_secs(10),
    )?;
    let not_found_grace = duration(
        &l,
        &cli.not_found_grace,
        "not_found_grace",
        Duration::from_secs(30),
    )?;
    let request_timeout = duration(
        &l,
        &cli.request_timeout,
        "request_timeout",
        Duration::from_secs(15),
    )?;
    if poll_interval < Duration::from_millis(10) {
        return usage("--poll-interval must be at least 10ms");
    }
    if request_timeout < Duration::from_millis(100) {
        return usage("--request-timeout must be at least 100ms");
    }
    if max_interval < poll_interval {
        if max_given {
            return usage(format!(
                "--max-interval ({}) is shorter than --poll-interval ({})",
                humantime::format_duration(max_interval),
                humantime::format_duration(poll_interval)
            ));
        }
        max_interval = poll_interval;
    }

    let max_rps = match l.get(&cli.max_rps, "max_rps", &[]) {
        None => 10.0,
        Some(s) => match s.value.parse::<f64>() {
            Ok(n) if (0.01..=1e6).contains(&n) => n,
            _ => {
                return usage(format!(
                    "{} must be a number of requests per second ≥ 0.01, not '{}'",
                    s.source,
                    clean(&s.value)
                ));
            }
        },
    };
    let success_confirmations =
        match l.get(&cli.success_confirmations, "success_confirmations", &[]) {
            None => 1,
            Some(s) => match s.value.parse::<u32>() {
                Ok(n) if (1..=100).contains(&n) => n,
                _ => {
                    return usage(format!(
                        "{} must be a whole number from 1 to 100, not '{}'",
                        s.source,
                        clean(&s.value)
                    ));
                }
            },
        };
    let statuses = StatusSets::extended(
        &list(&l, &cli.pending_status, "pending_status"),
        &list(&l, &cli.success_status, "success_status"),
        &list(&l, &cli.failure_status, "failure_status"),
    )
    .map_err(UsageError)?;

    let output = match l.get(&cli.output, "output", &[]) {
        None => Output::Text,
        Some(s) => match s.value.to_ascii_lowercase().as_str() {
            "text" => Output::Text,
            "json" => Output::Json,
            _ => {
                return usage(format!(
                    "{} must be text or json, not '{}'",
                    s.source,
                    clean(&s.value)
                ));
            }
        },
    };
    let quiet = l.flag_or_env(cli.quiet, "quiet")?;
    let verbose = l.flag_or_env(cli.verbose, "verbose")?;
    let verbosity = match (quiet, verbose) {
        (true, true) => return usage("--quiet and --verbose cannot be used together"),
        (true, false) => Verbosity::Quiet,
        (false, true) => Verbosity::Verbose,
        (false, false) => Verbosity::Normal,
    };

    let project_id = l
        .get(
            &cli.project_id,
            "project_id",
            &[
                "HW_PROJECT_ID",
                "OS_PROJECT_ID",
                "OS_TENANT_ID",
                "HUAWEICLOUD_SDK_PROJECT_ID",
                "HUAWEI_CLOUD_PROJECT_ID",
            ],
        )
        .map(|s| check_project_id(&s))
        .transpose()?;
    let region = l
        .get(
            &cli.region,
            "region",
            &[
                "HW_REGION_NAME",
                "OS_REGION_NAME",
                "HUAWEICLOUD_SDK_REGION",
                "HUAWEI_CLOUD_REGION",
            ],
        )
        .map(|s| {
            endpoint::check_name("region", &s.value).map(|v| Sourced {
                value: v,
                source: s.source,
            })
        })
        .transpose()
        .map_err(UsageError)?;
    let cloud = Cloud::resolve(
        l.get(&cli.cloud, "cloud", &[]).map(|s| s.value).as_deref(),
        region.as_ref().map(|r| r.value.as_str()),
    )
    .map_err(UsageError)?;
    let (endpoint, endpoint_origin) = job_endpoint(cli, &l, &cloud, region.as_ref())?;
    let path = match l.get(&cli.path, "path", &[]) {
        None => endpoint::DEFAULT_PATH.to_string(),
        Some(s) => endpoint::check_path(&s.value).map_err(UsageError)?,
    };

    let (credentials, auth_note) =
        credentials::choose(cli, &l, &cloud, region.as_ref(), project_id.as_deref())?;
    if project_id.is_none()
        && path.contains("{project_id}")
        && !matches!(&credentials, Credentials::Password(p) if matches!(p.scope, Scope::ProjectName(_)))
    {
        return usage(
            "no project id: give --project-id (or JOBWAIT_PROJECT_ID, HW_PROJECT_ID, OS_PROJECT_ID, HUAWEICLOUD_SDK_PROJECT_ID)",
        );
    }

    let github = (l.env("GITHUB_ACTIONS").is_some_and(|s| s.value == "true")).then(|| GitHub {
        output: l.env("GITHUB_OUTPUT").map(|s| PathBuf::from(s.value)),
        step_summary: l.env("GITHUB_STEP_SUMMARY").map(|s| PathBuf::from(s.value)),
    });
    let gitlab = l.env("GITLAB_CI").is_some_and(|s| s.value == "true");

    Ok(Config {
        job_ids,
        project_id,
        loopback: endpoint::is_loopback(&endpoint),
        endpoint,
        endpoint_origin,
        path,
        credentials,
        auth_note,
        timeout,
        poll_interval,
        max_interval,
        not_found_grace,
        request_timeout,
        max_rps,
        statuses,
        success_confirmations,
        output,
        verbosity,
        color_allowed: l.env("NO_COLOR").is_none()
            && l.env("TERM").is_none_or(|t| t.value != "dumb"),
        ci: Ci { github, gitlab },
    })
}

fn job_ids(
    cli: &Cli,
    l: &Lookup,
    stdin: impl FnOnce() -> std::io::Result<String>,
) -> Result<Vec<String>> {
    let mut raw = jobids::split_args(&cli.job_id);
    let mut source = "--job-id".to_string();
    if raw.is_empty()
        && let Some(s) = l.get(&None, "job_id", &[])
    {
        raw = jobids::split_args(&[s.value]);
        source = s.source;
    }
    if raw.is_empty() {
        return usage(
            "no job to wait for: give --job-id ID (or JOBWAIT_JOB_ID), or --job-id - to read ids from stdin",
        );
    }
    let mut ids = Vec::new();
    let mut stdin = Some(stdin);
    for id in raw {
        if id == "-" {
            let read = stdin
                .take()
                .ok_or_else(|| UsageError("--job-id - may be given once".into()))?;
            let text =
                read().map_err(|e| UsageError(format!("cannot read job ids from stdin: {e}")))?;
            ids.extend(jobids::from_stdin(&text).map_err(UsageError)?);
        } else {
            ids.push(id);
        }
    }
    for id in &ids {
        jobids::validate(id).map_err(|e| UsageError(format!("{e} (from {source})")))?;
    }
    Ok(jobids::dedup(ids))
}

fn check_project_id(s: &Sourced) -> Result<String> {
    let ok = s.value.len() <= 64
        && s.value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(s.value.clone())
    } else {
        usage(format!(
            "{} '{}' is not a project id (letters, digits, '-', '_')",
            s.source,
            clean(&s.value)
        ))
    }
}

fn job_endpoint(
    cli: &Cli,
    l: &Lookup,
    cloud: &Cloud,
    region: Option<&Sourced>,
) -> Result<(Url, String)> {
    if let Some(s) = l.get(&cli.endpoint, "endpoint", &[]) {
        let url = endpoint::check_url(&s.source, &s.value).map_err(UsageError)?;
        return Ok((url, format!("from {}", s.source)));
    }
    let service = match l.get(&cli.service, "service", &[]) {
        Some(s) => endpoint::check_name("service", &s.value).map_err(UsageError)?,
        None => endpoint::DEFAULT_SERVICE.to_string(),
    };
    let Some(region) = region else {
        return usage(
            "no endpoint: give --endpoint URL, or --region (or HW_REGION_NAME, OS_REGION_NAME) with --service (default ecs)",
        );
    };
    let origin = format!(
        "service {service}, region {} ({}), cloud {}",
        region.value, region.source, cloud.name
    );
    Ok((cloud.service_url(&service, &region.value), origin))
}

#[cfg(test)]
mod tests;
