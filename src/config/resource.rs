//! A resource to wait for instead of a job (`--resource`, `--id`, `--for`): its profile
//! (built in, or described by the flags alone), the state waited for, and its ids.
//!
//! A run waits for jobs or for resources, never both, so the combinations that would
//! leave that open are refused (exit 4), each naming the options and where they came
//! from: `--job-id` with `--resource` or `--id`; `--resource` with `--service` (the
//! resource picks its API and host); `--for` without a resource.

use super::api::{self, JobApi};
use super::lookup::{Lookup, Sourced, shown};
use super::{Result, UsageError};
use crate::endpoint::Cloud;
use crate::job::catalog::{Catalog, NotFound};
use crate::job::profile::{Hosts, Kind, Profile};
use crate::job::resource::{self, Target, aim};
use crate::jobids;
use crate::options::{self, Opt};

/// What the run waits for.
pub(super) enum Waited {
    Jobs,
    /// Resources: the built-in (or profile file's) name given, or `None` for one the
    /// flags describe.
    Resource(Option<Sourced>),
}

fn named(l: &Lookup, opt: &Opt) -> Option<String> {
    match opt.kind {
        options::Kind::List => {
            let (values, source) = l.list(opt);
            (!values.is_empty()).then_some(source)
        }
        _ => l.get(opt).map(|s| s.source),
    }
}

fn refuse(message: String) -> UsageError {
    UsageError::Resource(message)
}

/// Jobs or a resource, from which options are given.
pub(super) fn waited(l: &Lookup) -> Result<Waited> {
    let job_id = named(l, &options::JOB_ID);
    let id = named(l, &options::ID);
    let resource = l.get(&options::RESOURCE);
    let target = named(l, &options::FOR);
    if let (Some(job), Some(other)) = (
        &job_id,
        id.clone().or(resource.as_ref().map(|r| r.source.clone())),
    ) {
        return Err(refuse(format!(
            "{job} and {other} cannot be used together: a run waits for jobs ({}) or for resources ({} with {})",
            options::JOB_ID.flag(),
            options::RESOURCE.flag(),
            options::ID.flag()
        )));
    }
    if let (Some(r), Some(service)) = (&resource, named(l, &options::SERVICE)) {
        return Err(refuse(format!(
            "{} and {service} cannot be used together: {} picks the resource's API and host (for another host, give {})",
            r.source,
            options::RESOURCE.flag(),
            options::ENDPOINT.flag()
        )));
    }
    match (resource, id) {
        (Some(r), Some(_)) => Ok(Waited::Resource(Some(r))),
        (Some(r), None) => Err(refuse(format!(
            "{} {} needs the ids to wait for: give {} ID (or {}), or {} - to read them (or the create call's answer) from stdin",
            r.source,
            shown(&r.value),
            options::ID.flag(),
            options::ID.jobwait_variable(),
            options::ID.flag()
        ))),
        (None, Some(_)) => Ok(Waited::Resource(None)),
        (None, None) => match target {
            Some(t) => Err(refuse(format!(
                "{t} says what a resource is waited for: give {} NAME and {} ID (a job is waited for until it ends)",
                options::RESOURCE.flag(),
                options::ID.flag()
            ))),
            None => Ok(Waited::Jobs),
        },
    }
}

/// The resource's API: its profile with the user's parts in place, on this cloud's
/// path, aimed at `--for`; the values its path needs; and the endpoint.
pub(super) fn resolve(
    l: &Lookup,
    catalog: &Catalog,
    cloud: &Cloud,
    region: Option<&Sourced>,
    name: Option<&Sourced>,
) -> Result<JobApi> {
    let base = match name {
        Some(given) => find(catalog, given)?,
        None => described_by_flags(l, catalog)?,
    };
    let mut profile = api::customised(l, base)?;
    if cloud.is_otc()
        && let Some(path) = profile.otc_path.take()
    {
        profile.path = path;
    }
    let target = l
        .get_or_default(&options::FOR)
        .expect("--for has a default");
    let profile = aim(&profile, &Target::parse(&target.value))
        .map_err(|why| refuse(format!("{}: {why}", target.source)))?;
    let params = api::params(l, &profile)?;
    let what = format!("resource {}", profile.name);
    let (endpoint, origin) = api::endpoint(l, cloud, region, &profile, &what)?;
    Ok(JobApi {
        endpoint,
        origin,
        profile,
        params,
    })
}

fn find(catalog: &Catalog, given: &Sourced) -> Result<Profile> {
    match catalog.find(Kind::Resource, &given.value) {
        Ok(profile) => Ok(profile.clone()),
        Err(not_found) => {
            let hint = match not_found {
                NotFound::Unknown(nearest) if !nearest.is_empty() => {
                    format!(" — did you mean {}?", nearest.join(" or "))
                }
                _ => String::new(),
            };
            Err(refuse(format!(
                "{} '{}' is no resource jobwait knows{hint} (see --list-services); to wait for another, describe it with {} (with {{id}}), {} and {}",
                given.source,
                shown(&given.value),
                options::PATH.flag(),
                options::STATUS_FIELD.flag(),
                options::SUCCESS_STATUS.flag()
            )))
        }
    }
}

/// A resource nobody built in, described by `--path` (with `{id}`), `--status-field`
/// and `--success-status` (its ready words), on `--endpoint` or the host of `--service`.
/// It is gone when it answers 404.
fn described_by_flags(l: &Lookup, catalog: &Catalog) -> Result<Profile> {
    let needed = [
        &options::PATH,
        &options::STATUS_FIELD,
        &options::SUCCESS_STATUS,
    ];
    let missing: Vec<String> = needed
        .iter()
        .filter(|o| named(l, o).is_none())
        .map(|o| o.flag())
        .collect();
    if !missing.is_empty() {
        return Err(refuse(format!(
            "{} without {} describes a resource by {} (with {{id}}), {} and {} (its ready words); missing: {} — or name a built-in one with {} (see --list-services)",
            options::ID.flag(),
            options::RESOURCE.flag(),
            options::PATH.flag(),
            options::STATUS_FIELD.flag(),
            options::SUCCESS_STATUS.flag(),
            missing.join(", "),
            options::RESOURCE.flag()
        )));
    }
    let host = match l.get(&options::SERVICE) {
        Some(s) => match catalog.find(Kind::Job, &s.value) {
            Ok(job) => job.host.clone(),
            Err(_) => {
                return Err(refuse(format!(
                    "{} '{}' is no job API jobwait knows, so it names no host (see --list-services); give {} URL instead",
                    s.source,
                    shown(&s.value),
                    options::ENDPOINT.flag()
                )));
            }
        },
        None if l.get(&options::ENDPOINT).is_some() => Hosts::default(),
        None => {
            return Err(refuse(format!(
                "a resource described by flags needs {} URL, or {} NAME for the host it lives on",
                options::ENDPOINT.flag(),
                options::SERVICE.flag()
            )));
        }
    };
    Ok(resource::blank(host))
}

/// The resources' ids: `--id`, each value split at commas and spaces; `-` reads stdin,
/// which may hold the answer of the call that created them (read where the profile says).
pub(super) fn ids(
    l: &Lookup,
    profile: &Profile,
    stdin: impl FnOnce() -> std::io::Result<String>,
) -> Result<Vec<String>> {
    super::ids_of(l, &options::ID, "resource id", stdin, |text| {
        jobids::from_create_answer(text, &profile.create_id, &profile.name)
    })
}

#[cfg(test)]
mod tests;
