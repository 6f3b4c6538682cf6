//! One typed [`Config`] from flags, `INPUT_*`, `JOBWAIT_*` and the variables the clouds'
//! tools already use. The only code that reads the environment, and it does so from a
//! map it is handed, so tests never touch the process environment.
//!
//! Precedence per option: flag, then `INPUT_<NAME>` (GitHub Action inputs), then
//! `JOBWAIT_<NAME>`, then the conventions (`HW_*`, `OS_*`, `HUAWEICLOUD_SDK_*`,
//! `HUAWEI_CLOUD_*`), then the `clouds.yaml` entry `--os-cloud` names, as
//! [`crate::options`] lists them. Empty values count as unset, because a composite action
//! passes unset inputs as empty strings. Besides the environment, only configuration
//! files are read here: `clouds.yaml` and `secure.yaml` (`config/clouds/`).

mod api;
mod clouds;
mod credentials;
mod lookup;
mod profiles;
mod resource;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;

pub use crate::usage::UsageError;
use lookup::{Lookup, Parsed, Sourced};

use crate::auth::Method;
use crate::ci::CiSystem;
use crate::cli::{Args, Generate};
use crate::endpoint::{self, Cloud};
use crate::job::Profile;
use crate::job::catalog::Catalog;
use crate::jobids;
use crate::options::{self, Opt};
use crate::regions;
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
    /// What is waited for: the jobs' ids, or the resources' (`--id`) when the profile is
    /// a resource's.
    pub job_ids: Vec<String>,
    /// `None` only for a password login scoped by project name: IAM tells us the id.
    pub project_id: Option<String>,
    pub endpoint: Url,
    /// How the endpoint was found, for the start-up line.
    pub endpoint_origin: String,
    /// The job API: where its answer keeps each fact, and its status words.
    pub profile: Profile,
    /// The path's other placeholders and their values (`instance_id`, …).
    pub params: Vec<(String, String)>,
    /// How requests are authenticated.
    pub credentials: Arc<dyn Method>,
    /// `token (JOBWAIT_TOKEN)`, plus any credentials that were present but not used.
    pub auth_note: String,
    /// The `clouds.yaml` entry read and its files, when `--os-cloud` named one.
    pub cloud_note: Option<String>,
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
    let cwd = std::env::current_dir().ok();
    let entry = clouds::load(&Lookup::new(args, env), cwd.as_deref())?;
    let l = Lookup::new(args, env).with_cloud(entry.as_ref());
    let waited = resource::waited(&l)?;
    if matches!(waited, resource::Waited::Jobs) && l.list(&options::JOB_ID).0.is_empty() {
        return Err(UsageError::NoJob);
    }
    let mut waiting = waiting(&l)?;
    let output = output(&l)?;
    let verbosity = verbosity(&l)?;

    let project_id = l
        .get(&options::PROJECT_ID)
        .map(check_project_id)
        .transpose()?;
    let (region, cloud) = place(&l)?;
    let catalog = profiles::catalog(&l)?;
    let (api, job_ids) = api_and_ids(&l, &catalog, &waited, (&cloud, region.as_ref()), stdin)?;
    // A resource whose API needs several ready answers in a row (DCS) gets them, unless
    // the user says how many.
    if l.get(&options::SUCCESS_CONFIRMATIONS).is_none()
        && let Some(n) = api.profile.confirmations
    {
        waiting.success_confirmations = n;
    }

    let (credentials, auth_note) =
        credentials::choose(&l, &cloud, region.as_ref(), project_id.as_deref())?;
    let ci = ci_system(env);
    let found_later = credentials.finds_project_id();
    if project_id.is_none() && api.profile.path.contains("{project_id}") && !found_later {
        return Err(UsageError::Missing {
            what: "project id",
            option: &options::PROJECT_ID,
        });
    }

    Ok(Config {
        job_ids,
        project_id,
        endpoint: api.endpoint,
        endpoint_origin: api.origin,
        profile: api.profile,
        params: api.params,
        credentials,
        auth_note,
        cloud_note: entry.as_ref().map(|c| c.describe()),
        timeout: waiting.timeout,
        poll_interval: waiting.poll_interval,
        max_interval: waiting.max_interval,
        not_found_grace: waiting.not_found_grace,
        request_timeout: waiting.request_timeout,
        max_rps: waiting.max_rps,
        success_confirmations: waiting.success_confirmations,
        fail_fast: l.switch(&options::FAIL_FAST)?,
        output,
        verbosity,
        color: color(&l)?,
        check: l.switch(&options::CHECK)?,
        proxies: proxies(&l)?,
        in_ci: ci.name() != "none"
            || l.env("CI")
                .is_some_and(|c| !matches!(c.value.to_ascii_lowercase().as_str(), "false" | "0")),
        ci,
    })
}

/// `--region` (checked: it becomes part of host names) and the cloud it is in.
fn place(l: &Lookup) -> Result<(Option<Sourced>, Cloud)> {
    let region = l.get(&options::REGION).map(|s| region(l, s)).transpose()?;
    let cloud = Cloud::resolve(
        l.get(&options::CLOUD).map(|s| s.value).as_deref(),
        region.as_ref().map(|r| r.value.as_str()),
    )
    .map_err(UsageError::Endpoint)?;
    Ok((region, cloud))
}

/// The API to ask and the ids to ask about, read once the profile says where a create
/// answer keeps them: the jobs', or the resources'.
fn api_and_ids(
    l: &Lookup,
    catalog: &Catalog,
    waited: &resource::Waited,
    (cloud, region): (&Cloud, Option<&Sourced>),
    stdin: impl FnOnce() -> std::io::Result<String>,
) -> Result<(api::JobApi, Vec<String>)> {
    match waited {
        resource::Waited::Resource(name) => {
            let api = resource::resolve(l, catalog, cloud, region, name.as_ref())?;
            let ids = resource::ids(l, &api.profile, stdin)?;
            Ok((api, ids))
        }
        resource::Waited::Jobs => {
            let api = api::resolve(l, catalog, cloud, region)?;
            let ids = job_ids(l, &api.profile.create_id, stdin)?;
            Ok((api, ids))
        }
    }
}

/// `--quiet`, `--verbose`, or neither; both is a usage error naming where each came from.
fn verbosity(l: &Lookup) -> Result<Verbosity> {
    match (
        l.switch_from(&options::QUIET)?,
        l.switch_from(&options::VERBOSE)?,
    ) {
        (Some(quiet), Some(verbose)) => Err(UsageError::QuietAndVerbose { quiet, verbose }),
        (Some(_), None) => Ok(Verbosity::Quiet),
        (None, Some(_)) => Ok(Verbosity::Verbose),
        (None, None) => Ok(Verbosity::Normal),
    }
}

/// What to do before, or instead of, waiting: decided from the command line and the
/// environment alone, so it works where a full configuration would be refused.
#[derive(Debug)]
pub struct Early {
    pub list_services: bool,
    pub generate: Option<Generate>,
    pub output: Output,
    /// `--list-services -v`: every detail of each profile.
    pub verbose: bool,
    /// The built-in profiles and the user's (`--profiles`), when listing them.
    pub catalog: Option<Catalog>,
    /// The built-in services' names and aliases, for shell completions.
    pub services: Vec<String>,
    /// The built-in resources' names and aliases, for shell completions.
    pub resources: Vec<String>,
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
    let list_services = l.switch(&options::LIST_SERVICES)?;
    Ok(Early {
        list_services,
        generate: generate(&l)?,
        output: output(&l)?,
        verbose: l.switch(&options::VERBOSE)?,
        catalog: list_services.then(|| profiles::catalog(&l)).transpose()?,
        services: profiles::service_names(),
        resources: profiles::resource_names(),
    })
}

fn generate(l: &Lookup) -> Result<Option<Generate>> {
    let Some(s) = l.get(&options::GENERATE) else {
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
    match l
        .get_or_default(&options::COLOR)
        .map(|s| (s.value.to_ascii_lowercase(), s))
    {
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
    let Some(s) = l.get_or_default(&options::OUTPUT) else {
        return Ok(Output::Text);
    };
    match s.value.to_ascii_lowercase().as_str() {
        "text" => Ok(Output::Text),
        "json" => Ok(Output::Json),
        _ => Err(s.invalid("text or json")),
    }
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
    let timeout = l.duration(&options::TIMEOUT)?;
    if timeout.value > MAX_TIMEOUT
        && let Some(given) = l.get(&options::TIMEOUT)
    {
        return Err(UsageError::TooLarge {
            from: given.source,
            max: "7 days",
            given: lookup::shown(&given.value),
        });
    }
    let poll_interval = at_least(
        l.duration(&options::POLL_INTERVAL)?,
        Duration::from_millis(10),
    )?;
    let max_interval = l.duration(&options::MAX_INTERVAL)?;
    let not_found_grace = l.duration(&options::NOT_FOUND_GRACE)?;
    let request_timeout = at_least(
        l.duration(&options::REQUEST_TIMEOUT)?,
        Duration::from_millis(100),
    )?;
    let max_interval = if max_interval.value >= poll_interval.value {
        max_interval.value
    } else if max_interval.source.is_some() {
        return Err(UsageError::IntervalOrder {
            max_from: max_interval.named(),
            max: humantime::format_duration(max_interval.value).to_string(),
            first_from: poll_interval.named(),
            first: humantime::format_duration(poll_interval.value).to_string(),
        });
    } else {
        poll_interval.value
    };
    let rps = &options::MAX_RPS;
    let max_rps = number(
        l,
        rps,
        rps.default_number(),
        0.01..=1e6,
        "a number of requests per second ≥ 0.01",
    )?;
    let confirmations = &options::SUCCESS_CONFIRMATIONS;
    let success_confirmations = number(
        l,
        confirmations,
        confirmations.default_count(),
        1..=100,
        "a whole number from 1 to 100",
    )?;
    Ok(Waiting {
        timeout: timeout.value,
        poll_interval: poll_interval.value,
        max_interval,
        not_found_grace: not_found_grace.value,
        request_timeout: request_timeout.value,
        max_rps,
        success_confirmations,
    })
}

/// A duration no shorter than `min`, naming where a shorter one came from.
fn at_least(d: Parsed<Duration>, min: Duration) -> Result<Parsed<Duration>> {
    if d.value < min {
        return Err(UsageError::TooSmall {
            from: d.named(),
            min: humantime::format_duration(min).to_string(),
        });
    }
    Ok(d)
}

/// A number option within `range`, else `default` (the table's).
fn number<T>(
    l: &Lookup,
    opt: &Opt,
    default: T,
    range: std::ops::RangeInclusive<T>,
    expected: &'static str,
) -> Result<T>
where
    T: std::str::FromStr + PartialOrd,
{
    match l.get(opt) {
        None => Ok(default),
        Some(s) => match s.value.parse::<T>() {
            Ok(n) if range.contains(&n) => Ok(n),
            _ => Err(s.invalid(expected)),
        },
    }
}

fn job_ids(
    l: &Lookup,
    create_id: &[String],
    stdin: impl FnOnce() -> std::io::Result<String>,
) -> Result<Vec<String>> {
    if l.list(&options::JOB_ID).0.is_empty() {
        return Err(UsageError::NoJob);
    }
    ids_of(l, &options::JOB_ID, "job id", stdin, |text| {
        jobids::from_stdin_with(text, create_id)
    })
}

/// The ids of a list option (`--job-id`, `--id`), `what` they are: each value split at
/// commas and spaces, `-` read from stdin with `from_stdin`, every one checked, each once.
fn ids_of(
    l: &Lookup,
    opt: &Opt,
    what: &str,
    stdin: impl FnOnce() -> std::io::Result<String>,
    from_stdin: impl FnOnce(&str) -> std::result::Result<Vec<String>, String>,
) -> Result<Vec<String>> {
    let (raw, source) = l.list(opt);
    let mut ids = Vec::new();
    let mut stdin = Some(stdin);
    let mut from_stdin = Some(from_stdin);
    for id in raw {
        if id == "-" {
            let (read, parse) = stdin
                .take()
                .zip(from_stdin.take())
                .ok_or(UsageError::StdinTwice)?;
            let text = read().map_err(|e| UsageError::Stdin(e.to_string()))?;
            ids.extend(parse(&text).map_err(UsageError::JobIds)?);
        } else {
            ids.push(id);
        }
    }
    for id in &ids {
        jobids::validate_as(id, what)
            .map_err(|e| UsageError::JobIds(format!("{e} (from {source})")))?;
    }
    Ok(jobids::dedup(ids))
}

/// A region name. One that is almost a known region is a typo, not a new region, and
/// would silently build another cloud's host: refused with the region it misses, unless
/// `--cloud` says whose region it is.
fn region(l: &Lookup, s: Sourced) -> Result<Sourced> {
    if l.get(&options::CLOUD).is_none()
        && let Some(hint) = regions::did_you_mean(s.value.trim())
    {
        return Err(UsageError::Endpoint(format!(
            "{} '{}' is no region jobwait knows: {hint} (for a region it does not know yet, give {} too)",
            s.source,
            lookup::shown(&s.value),
            options::CLOUD.flag()
        )));
    }
    let value = endpoint::check_name("region", &s.value).map_err(UsageError::Endpoint)?;
    Ok(Sourced {
        value,
        source: s.source,
    })
}

/// A project *name* where the id belongs: ids are 32 hex characters, and OTC and Huawei
/// Cloud name projects after their region (`eu-de`, `eu-de_myproject`).
fn is_project_name(value: &str) -> bool {
    let id = value.len() == 32 && value.bytes().all(|b| b.is_ascii_hexdigit());
    let region = value.split_once('_').map_or(value, |(r, _)| r);
    !id && regions::is_known(region)
}

fn check_project_id(s: Sourced) -> Result<String> {
    if is_project_name(&s.value) {
        return Err(UsageError::ProjectName {
            value: lookup::shown(&s.value),
            from: s.source,
        });
    }
    if jobids::is_project_id(&s.value) {
        Ok(s.value)
    } else {
        Err(UsageError::ProjectId {
            value: lookup::shown(&s.value),
            from: s.source,
        })
    }
}

/// The proxy variables curl and most tools read, upper case winning over lower case; one
/// this client cannot use is a configuration error naming the variable.
fn proxies(l: &Lookup) -> Result<Proxies> {
    let var = |name: &str| {
        let found = l.env(name).or_else(|| l.env(&name.to_ascii_lowercase()));
        match found {
            Some(s) => crate::transport::check_proxy(&s.value)
                .map(|()| Some(s.value))
                .map_err(|why| UsageError::Proxy(format!("{} {why}", s.source))),
            None => Ok(None),
        }
    };
    let (https, http) = (var("HTTPS_PROXY")?, var("HTTP_PROXY")?);
    // ALL_PROXY only matters (and is only checked) where a specific one is not set.
    let all = match (&https, &http) {
        (Some(_), Some(_)) => None,
        _ => var("ALL_PROXY")?,
    };
    Ok(Proxies {
        https: https.or_else(|| all.clone()),
        http: http.or(all),
        no_proxy: l
            .env("NO_PROXY")
            .or_else(|| l.env("no_proxy"))
            .map(|s| s.value),
    })
}

#[cfg(test)]
mod tests;
