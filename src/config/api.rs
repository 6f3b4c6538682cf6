//! Which job API to ask, and where: the service's profile, the user's overrides of its
//! parts, the values its path needs, and the endpoint.

use reqwest::Url;

use super::lookup::{Lookup, Sourced, shown};
use super::{Result, UsageError};
use crate::endpoint::{self, Cloud, HostError};
use crate::job::Profile;
use crate::job::catalog::{Catalog, NotFound};
use crate::job::profile::Kind;
use crate::jobids;
use crate::options;

pub(super) struct JobApi {
    pub endpoint: Url,
    /// How the endpoint was found, for the start-up line.
    pub origin: String,
    pub profile: Profile,
    pub params: Vec<(String, String)>,
}

pub(super) fn resolve(
    l: &Lookup,
    catalog: &Catalog,
    cloud: &Cloud,
    region: Option<&Sourced>,
) -> Result<JobApi> {
    let Some(given) = l.get_or_default(&options::SERVICE) else {
        return Err(UsageError::NoEndpoint(&options::REGION));
    };
    let service = endpoint::check_name("service", &given.value).map_err(UsageError::Endpoint)?;
    let profile = match catalog.find(Kind::Job, &service) {
        Ok(profile) => profile.clone(),
        Err(not_found) => return Err(unknown_service(&given, not_found)),
    };
    let service = profile.name.clone();
    let profile = customised(l, profile)?;
    let params = params(l, &profile)?;
    let (endpoint, origin) = endpoint(l, cloud, region, &profile, &format!("service {service}"))?;
    Ok(JobApi {
        endpoint,
        origin,
        profile,
        params,
    })
}

/// Why a service name picks no job API: the choices of an ambiguous one, or the nearest
/// names and how to reach an API jobwait does not know.
fn unknown_service(given: &Sourced, not_found: NotFound) -> UsageError {
    let name = shown(&given.value);
    let from = &given.source;
    let message = match not_found {
        NotFound::Ambiguous(a) => format!(
            "{from} '{name}' is ambiguous: {} — choose {}",
            a.why,
            a.choices.join(" or ")
        ),
        NotFound::Unknown(nearest) => {
            let hint = match nearest.as_slice() {
                [] => String::new(),
                [one] => format!(" — did you mean {one}?"),
                many => format!(" — did you mean one of {}?", many.join(", ")),
            };
            format!(
                "{from} '{name}' is no job API jobwait knows{hint} (see --list-services); for another API give {} and {} (with {} and its words), or describe it in a profile file ({})",
                options::ENDPOINT.flag(),
                options::PATH.flag(),
                options::STATUS_FIELD.flag(),
                options::PROFILES.flag()
            )
        }
    };
    UsageError::Service(message)
}

/// `--endpoint`, else the profile's host on this cloud and region; with how it was found
/// (`service rds, region eu-de (--region), cloud otc`), `what` naming the profile.
pub(super) fn endpoint(
    l: &Lookup,
    cloud: &Cloud,
    region: Option<&Sourced>,
    profile: &Profile,
    what: &str,
) -> Result<(Url, String)> {
    if let Some(s) = l.get(&options::ENDPOINT) {
        let url = endpoint::check_url(&s.source, &s.value).map_err(UsageError::Endpoint)?;
        return Ok((url, format!("from {}", s.source)));
    }
    let url = cloud
        .host_url(&profile.host, region.map(|r| r.value.as_str()))
        .map_err(|e| match e {
            HostError::NoRegion => UsageError::NoEndpoint(&options::REGION),
            HostError::NotOffered => UsageError::NotOffered {
                api: profile.api(),
                cloud: cloud.name.clone(),
            },
        })?;
    let region = region
        .map(|r| format!(", region {} ({})", r.value, r.source))
        .unwrap_or_default();
    Ok((url, format!("{what}{region}, cloud {}", cloud.name)))
}

/// The profile with the user's parts in place of its own: path, status, failure text,
/// progress, and more status words.
pub(super) fn customised(l: &Lookup, mut profile: Profile) -> Result<Profile> {
    if let Some(s) = l.get(&options::PATH) {
        let id = profile.kind.id_placeholder();
        profile.path =
            endpoint::check_path(&s.source, &s.value, id).map_err(UsageError::Endpoint)?;
        // The user's path is the path, whichever the cloud.
        profile.otc_path = None;
        profile
            .customised
            .push(format!("{} {}", s.source, shown(&profile.path)));
    }
    if let Some(s) = l.get(&options::STATUS_FIELD) {
        profile.status.at = pointer(&s)?;
        profile.and.clear();
        // The user's pointer is into the answer as a whole, not into a list's element.
        if profile.list.take().is_some() {
            profile.id = None;
        }
        profile
            .customised
            .push(format!("{} {}", s.source, shown(&profile.status.at)));
    }
    let (reasons, source) = l.list(&options::REASON_FIELD);
    if !reasons.is_empty() {
        profile.reasons = reasons
            .into_iter()
            .map(|value| {
                pointer(&Sourced {
                    value,
                    source: source.clone(),
                })
            })
            .collect::<Result<_>>()?;
    }
    if let Some(s) = l.get(&options::PROGRESS_FIELD) {
        profile.progress = vec![pointer(&s)?];
    }
    profile
        .extend_words(
            &l.list(&options::PENDING_STATUS).0,
            &l.list(&options::SUCCESS_STATUS).0,
            &l.list(&options::FAILURE_STATUS).0,
        )
        .map_err(UsageError::Statuses)?;
    Ok(profile)
}

fn pointer(s: &Sourced) -> Result<String> {
    endpoint::check_pointer(&s.source, &s.value).map_err(UsageError::Endpoint)
}

/// `--param NAME=VALUE`: every placeholder the path has must be given, and nothing else.
pub(super) fn params(l: &Lookup, profile: &Profile) -> Result<Vec<(String, String)>> {
    let wanted = profile.params();
    let (items, source) = l.list(&options::PARAM);
    let mut given: Vec<(String, String)> = Vec::new();
    for item in items {
        let Some((name, value)) = item.split_once('=') else {
            return Err(UsageError::Param(format!(
                "{source} '{}' is not NAME=VALUE (e.g. instance_id=…)",
                shown(&item)
            )));
        };
        if !wanted.iter().any(|w| w == name) {
            return Err(UsageError::Param(format!(
                "{source} names '{}', which {}'s path does not use{}",
                shown(name),
                profile.api(),
                expected(&wanted)
            )));
        }
        jobids::validate(value).map_err(|e| UsageError::Param(format!("{source} {name}: {e}")))?;
        given.retain(|(n, _)| n != name);
        given.push((name.to_string(), value.to_string()));
    }
    if let Some(missing) = wanted.iter().find(|w| !given.iter().any(|(n, _)| n == *w)) {
        let param = &options::PARAM;
        return Err(UsageError::Param(format!(
            "{} needs {missing}: give {} {missing}=VALUE (or {})",
            profile.api(),
            param.flag(),
            param.jobwait_variable()
        )));
    }
    Ok(given)
}

fn expected(wanted: &[String]) -> String {
    if wanted.is_empty() {
        " (it needs no --param)".into()
    } else {
        format!(" (it needs {})", wanted.join(", "))
    }
}
