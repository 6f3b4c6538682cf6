//! One typed [`Config`] from flags, `INPUT_*`, `JOBWAIT_*` and the variables the clouds'
//! tools already use. The only code that reads the environment, and it does so from a
//! map it is handed, so tests never touch the process environment.
//!
//! Precedence per option: flag, then `INPUT_<NAME>` (GitHub Action inputs), then
//! `JOBWAIT_<NAME>`, then the conventions (`HW_*`, `OS_*`, `HUAWEICLOUD_SDK_*`,
//! `HUAWEI_CLOUD_*`), as [`crate::options`] lists them. Empty values count as unset,
//! because a composite action passes unset inputs as empty strings.

mod api;
mod credentials;
mod lookup;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;

pub use crate::usage::UsageError;
use lookup::{Lookup, Sourced};

use crate::auth::{Credentials, Scope};
use crate::ci::CiSystem;
use crate::cli::{Args, Generate};
use crate::endpoint::{self, Cloud};
use crate::job::Profile;
use crate::jobids;
use crate::options;
use crate::report::Verbosity;
use crate::transport::Proxies;

type Result<T> = std::result::Result<T, UsageError>;

/// The process environment as a map; only UTF-8 variables are kept.
pub type Env = HashMap<String, String>;

/// The process environment, read once at start-up: the only read of it.
pub fn process_env() -> Env {
    std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    Text,
    Json,
}

/// Whether people's output is coloured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    /// When stderr is a terminal (the caller knows).
    Auto,
    Always,
    Never,
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
    /// The job API: where its answer keeps each fact, and its status words.
    pub profile: Profile,
    /// The path's other placeholders and their values (`instance_id`, …).
    pub params: Vec<(String, String)>,
    pub credentials: Credentials,
    /// `token (JOBWAIT_TOKEN)`, plus any credentials that were present but not used.
    pub auth_note: String,
    pub timeout: Duration,
    pub poll_interval: Duration,
    pub max_interval: Duration,
    pub not_found_grace: Duration,
    pub request_timeout: Duration,
    pub max_rps: f64,
    pub success_confirmations: u32,
    /// Stop waiting for every job once one fails or has no verdict.
    pub fail_fast: bool,
    pub output: Output,
    pub verbosity: Verbosity,
    pub color: Color,
    /// `--check`: ask once about each job and say what answered; wait for nothing.
    pub check: bool,
    pub proxies: Proxies,
    pub ci: Arc<dyn CiSystem>,
    /// Running in CI (`CI` is set, or a CI system was recognised): no live block there,
    /// whatever the terminal.
    pub in_ci: bool,
}

/// Resolve everything. `stdin` is read only for `--job-id -`.
pub fn resolve(
    args: &Args,
    env: &Env,
    stdin: impl FnOnce() -> std::io::Result<String>,
) -> Result<Config> {
    let l = Lookup::new(args, env);
    let job_ids = job_ids(&l, stdin)?;
    let waiting = waiting(&l)?;
    let output = output(&l)?;
    let verbosity = match (l.switch("quiet")?, l.switch("verbose")?) {
        (true, true) => return Err(UsageError::QuietAndVerbose),
        (true, false) => Verbosity::Quiet,
        (false, true) => Verbosity::Verbose,
        (false, false) => Verbosity::Normal,
    };

    let project_id = l.get("project_id").map(check_project_id).transpose()?;
    let region = l
        .get("region")
        .map(|s| {
            endpoint::check_name("region", &s.value).map(|v| Sourced {
                value: v,
                source: s.source,
            })
        })
        .transpose()
        .map_err(UsageError::Endpoint)?;
    let cloud = Cloud::resolve(
        l.get("cloud").map(|s| s.value).as_deref(),
        region.as_ref().map(|r| r.value.as_str()),
    )
    .map_err(UsageError::Endpoint)?;
    let api = api::resolve(&l, &cloud, region.as_ref())?;

    let (credentials, auth_note) =
        credentials::choose(&l, &cloud, region.as_ref(), project_id.as_deref())?;
    let ci = ci_system(env);
    let scoped_by_name = matches!(&credentials, Credentials::Password(p) if matches!(p.scope, Scope::ProjectName(_)));
    if project_id.is_none() && api.profile.path.contains("{project_id}") && !scoped_by_name {
        return Err(UsageError::Missing {
            what: "project id",
            option: options::get("project_id"),
        });
    }

    Ok(Config {
        job_ids,
        project_id,
        loopback: endpoint::is_loopback(&api.endpoint),
        endpoint: api.endpoint,
        endpoint_origin: api.origin,
        profile: api.profile,
        params: api.params,
        credentials,
        auth_note,
        timeout: waiting.timeout,
        poll_interval: waiting.poll_interval,
        max_interval: waiting.max_interval,
        not_found_grace: waiting.not_found_grace,
        request_timeout: waiting.request_timeout,
        max_rps: waiting.max_rps,
        success_confirmations: waiting.success_confirmations,
        fail_fast: l.switch("fail_fast")?,
        output,
        verbosity,
        color: color(&l)?,
        check: l.switch("check")?,
        proxies: proxies(&l),
        in_ci: ci.name() != "none"
            || l.env("CI")
                .is_some_and(|c| !matches!(c.value.to_ascii_lowercase().as_str(), "false" | "0")),
        ci,
    })
}

/// What to do before, or instead of, waiting: decided from the command line and the
/// environment alone, so it works where a full configuration would be refused.
#[derive(Debug)]
pub struct Early {
    pub list_services: bool,
    pub generate: Option<Generate>,
    pub output: Output,
}

/// The CI system this process runs under, from the environment alone: also for a run
/// whose command line could not be read.
pub fn ci_system(env: &Env) -> Arc<dyn CiSystem> {
    let var = |name: &str| {
        env.get(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    crate::ci::detect(&var)
}

pub fn early(args: &Args, env: &Env) -> Result<Early> {
    let l = Lookup::new(args, env);
    Ok(Early {
        list_services: l.switch("list_services")?,
        generate: generate(&l)?,
        output: output(&l)?,
    })
}

fn generate(l: &Lookup) -> Result<Option<Generate>> {
    let Some(s) = l.get("generate") else {
        return Ok(None);
    };
    Ok(Some(match s.value.to_ascii_lowercase().as_str() {
        "complete-bash" => Generate::Bash,
        "complete-zsh" => Generate::Zsh,
        "complete-fish" => Generate::Fish,
        "complete-powershell" => Generate::PowerShell,
        "man" => Generate::Man,
        _ => {
            return Err(s.invalid(
                "complete-bash, complete-zsh, complete-fish, complete-powershell or man",
            ));
        }
    }))
}

/// `--color`, then the conventions: `NO_COLOR` turns colour off and `CLICOLOR_FORCE`
/// on where the flag leaves it to them, as does a `dumb` terminal.
fn color(l: &Lookup) -> Result<Color> {
    match l.get("color").map(|s| (s.value.to_ascii_lowercase(), s)) {
        Some((v, _)) if v == "always" => return Ok(Color::Always),
        Some((v, _)) if v == "never" => return Ok(Color::Never),
        Some((v, s)) if v != "auto" => return Err(s.invalid("auto, always or never")),
        _ => {}
    }
    if l.env("NO_COLOR").is_some() || l.env("TERM").is_some_and(|t| t.value == "dumb") {
        Ok(Color::Never)
    } else if l.env("CLICOLOR_FORCE").is_some_and(|f| f.value != "0") {
        Ok(Color::Always)
    } else {
        Ok(Color::Auto)
    }
}

fn output(l: &Lookup) -> Result<Output> {
    Ok(match l.get("output") {
        None => Output::Text,
        Some(s) => match s.value.to_ascii_lowercase().as_str() {
            "text" => Output::Text,
            "json" => Output::Json,
            _ => return Err(s.invalid("text or json")),
        },
    })
}

/// No job a pipeline waits for runs longer; a larger timeout is a typo (`10M`, ten months)
/// or a number in the wrong unit.
const MAX_TIMEOUT: Duration = Duration::from_secs(7 * 24 * 3600);

/// The options of the wait itself.
struct Waiting {
    timeout: Duration,
    poll_interval: Duration,
    max_interval: Duration,
    not_found_grace: Duration,
    request_timeout: Duration,
    max_rps: f64,
    success_confirmations: u32,
}

fn waiting(l: &Lookup) -> Result<Waiting> {
    let timeout = l.duration("timeout", Duration::from_secs(30 * 60))?;
    if timeout > MAX_TIMEOUT
        && let Some(given) = l.get("timeout")
    {
        return Err(UsageError::TooLarge {
            from: given.source,
            max: "7 days",
            given: lookup::shown(&given.value),
        });
    }
    let poll_interval = l.duration("poll_interval", Duration::from_secs(1))?;
    let mut max_interval = l.duration("max_interval", Duration::from_secs(10))?;
    let not_found_grace = l.duration("not_found_grace", Duration::from_secs(30))?;
    let request_timeout = l.duration("request_timeout", Duration::from_secs(15))?;
    if poll_interval < Duration::from_millis(10) {
        return Err(UsageError::TooSmall {
            option: "--poll-interval",
            min: "10ms",
        });
    }
    if request_timeout < Duration::from_millis(100) {
        return Err(UsageError::TooSmall {
            option: "--request-timeout",
            min: "100ms",
        });
    }
    if max_interval < poll_interval {
        if l.get("max_interval").is_some() {
            return Err(UsageError::IntervalOrder {
                max: humantime::format_duration(max_interval).to_string(),
                first: humantime::format_duration(poll_interval).to_string(),
            });
        }
        max_interval = poll_interval;
    }
    let max_rps = match l.get("max_rps") {
        None => 10.0,
        Some(s) => match s.value.parse::<f64>() {
            Ok(n) if (0.01..=1e6).contains(&n) => n,
            _ => return Err(s.invalid("a number of requests per second ≥ 0.01")),
        },
    };
    let success_confirmations = match l.get("success_confirmations") {
        None => 1,
        Some(s) => match s.value.parse::<u32>() {
            Ok(n) if (1..=100).contains(&n) => n,
            _ => return Err(s.invalid("a whole number from 1 to 100")),
        },
    };
    Ok(Waiting {
        timeout,
        poll_interval,
        max_interval,
        not_found_grace,
        request_timeout,
        max_rps,
        success_confirmations,
    })
}

fn job_ids(l: &Lookup, stdin: impl FnOnce() -> std::io::Result<String>) -> Result<Vec<String>> {
    let (raw, source) = l.list("job_id");
    if raw.is_empty() {
        return Err(UsageError::NoJob);
    }
    let mut ids = Vec::new();
    let mut stdin = Some(stdin);
    for id in raw {
        if id == "-" {
            let read = stdin.take().ok_or(UsageError::StdinTwice)?;
            let text = read().map_err(|e| UsageError::Stdin(e.to_string()))?;
            ids.extend(jobids::from_stdin(&text).map_err(UsageError::JobIds)?);
        } else {
            ids.push(id);
        }
    }
    for id in &ids {
        jobids::validate(id).map_err(|e| UsageError::JobIds(format!("{e} (from {source})")))?;
    }
    Ok(jobids::dedup(ids))
}

fn check_project_id(s: Sourced) -> Result<String> {
    let ok = s.value.len() <= 64
        && s.value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(s.value)
    } else {
        Err(UsageError::ProjectId {
            value: lookup::shown(&s.value),
            from: s.source,
        })
    }
}

/// The proxy variables curl and most tools read, upper case winning over lower case.
fn proxies(l: &Lookup) -> Proxies {
    let var = |name: &str| {
        l.env(name)
            .or_else(|| l.env(&name.to_ascii_lowercase()))
            .map(|s| s.value)
    };
    let all = var("ALL_PROXY");
    Proxies {
        https: var("HTTPS_PROXY").or_else(|| all.clone()),
        http: var("HTTP_PROXY").or(all),
        no_proxy: var("NO_PROXY"),
    }
}

#[cfg(test)]
mod tests;
