//! Which job API to ask, and where: the service's profile, the user's overrides of its
//! parts, the values its path needs, and the endpoint.

use reqwest::Url;

use super::lookup::{Lookup, Sourced, shown};
use super::{Result, UsageError};
use crate::endpoint::{self, Cloud, HostError};
use crate::job::{Profile, builtin};
use crate::jobids;
use crate::options;

pub(super) struct JobApi {
    pub endpoint: Url,
    /// How the endpoint was found, for the start-up line.
    pub origin: String,
    pub profile: Profile,
    pub params: Vec<(String, String)>,
}

pub(super) fn resolve(l: &Lookup, cloud: &Cloud, region: Option<&Sourced>) -> Result<JobApi> {
    let service = match l.get_or_default(&options::SERVICE) {
        Some(s) => endpoint::check_name("service", &s.value).map_err(UsageError::Endpoint)?,
        None => return Err(UsageError::NoEndpoint(&options::REGION)),
    };
    let profile = customised(l, builtin::find(&service))?;
    let params = params(l, &profile)?;
    let (endpoint, origin) = match l.get(&options::ENDPOINT) {
        Some(s) => (
            endpoint::check_url(&s.source, &s.value).map_err(UsageError::Endpoint)?,
            format!("from {}", s.source),
        ),
        None => {
            let url = cloud
                .host_url(&profile.host, region.map(|r| r.value.as_str()))
                .map_err(|e| match e {
                    HostError::NoRegion => UsageError::NoEndpoint(&options::REGION),
                    HostError::NotOffered => UsageError::NotOffered {
                        service: service.clone(),
                        cloud: cloud.name.clone(),
                    },
                })?;
            let region = region
                .map(|r| format!(", region {} ({})", r.value, r.source))
                .unwrap_or_default();
            (
                url,
                format!("service {service}{region}, cloud {}", cloud.name),
            )
        }
    };
    Ok(JobApi {
        endpoint,
        origin,
        profile,
        params,
    })
}

/// The profile with the user's parts in place of its own: path, status, failure text,
/// progress, and more status words.
fn customised(l: &Lookup, mut profile: Profile) -> Result<Profile> {
    if let Some(s) = l.get(&options::PATH) {
        profile.path = endpoint::check_path(&s.source, &s.value).map_err(UsageError::Endpoint)?;
    }
    if let Some(s) = l.get(&options::STATUS_FIELD) {
        profile.status.at = pointer(&s)?;
        profile.and.clear();
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
fn params(l: &Lookup, profile: &Profile) -> Result<Vec<(String, String)>> {
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
                "{source} names '{}', which the {} job API's path does not use{}",
                shown(name),
                profile.name,
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
            "the {} job API needs {missing}: give {} {missing}=VALUE (or {})",
            profile.name,
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
