//! The provider facts under `tests/data/providers/` (see its README), and the checks that
//! hold a catalog of profiles to them. Each check returns what it found wrong, one line
//! each, so the probe can show exactly which rule a wrong profile breaks.

use std::collections::BTreeSet;

use jobwait::endpoint::Cloud;
use jobwait::job::Profile;
use jobwait::job::catalog::Catalog;
use jobwait::job::profile::Kind;
use serde_json::Value;

pub const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/providers");

pub fn load(name: &str) -> Value {
    let text = std::fs::read_to_string(format!("{DIR}/{name}")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A word as the facts write it: text, or a number's digits (BSS, CPH).
pub fn word(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

pub fn profile<'a>(catalog: &'a Catalog, name: &str) -> Option<&'a Profile> {
    catalog.find(Kind::Job, name).ok()
}

/// Where the profile reads a field, written as the facts write pointers (`/jobs/[]/status`).
pub fn full(profile: &Profile, at: &str) -> String {
    match &profile.list {
        Some(list) => format!("{list}/[]{at}"),
        None => at.to_string(),
    }
}

/// Whether the words decide `word` explicitly: a set holds it, or it is listed as one that
/// decides nothing, with a reason. "Any other word is pending" does not count.
fn placed(words: &jobwait::status::StatusSets, word: &str) -> bool {
    let has = |set: &[String]| set.iter().any(|w| w.eq_ignore_ascii_case(word));
    has(words.pending())
        || has(words.success())
        || has(words.failure())
        || words.why_unknown(word).is_some()
}

/// Every status word any source gives (SDK enum or field docs, OTC docs, Huawei docs,
/// Terraform) must be pending, success, failure or listed as deciding nothing.
pub fn words(catalog: &Catalog, facts: &Value) -> Vec<String> {
    let mut found = Vec::new();
    for api in facts["apis"].as_array().unwrap() {
        let name = api["name"].as_str().unwrap();
        let statuses = api["status"].as_array().unwrap();
        if statuses.is_empty() {
            continue;
        }
        let Some(p) = profile(catalog, name) else {
            found.push(format!("{name}: no profile"));
            continue;
        };
        for st in statuses {
            let at = st["pointer"].as_str().unwrap();
            let Some(field) = p.status_fields().find(|f| full(p, &f.at) == at) else {
                found.push(format!("{name}: no status field at {at}"));
                continue;
            };
            for w in st["comparison"]["all_words"].as_array().unwrap() {
                let w = word(w);
                if !placed(&field.words, &w) {
                    found.push(format!("{name}: '{w}' at {at} is in no set"));
                }
            }
        }
        found.extend(sub_job_words(p, name, &api["sub_jobs"]));
    }
    found
}

fn sub_job_words(p: &Profile, name: &str, sub: &Value) -> Vec<String> {
    let status = &sub["status"];
    let mut words: Vec<String> = status["sdk"]["enum"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| word(&e["value"]))
        .collect();
    words.extend(
        status["sdk_doc_words"]
            .as_array()
            .into_iter()
            .flatten()
            .map(word),
    );
    if words.is_empty() {
        return Vec::new();
    }
    let Some(shape) = &p.sub_jobs else {
        return vec![format!(
            "{name}: sub-jobs with words, but no sub_jobs in the profile"
        )];
    };
    let set = shape.words.as_ref().unwrap_or(&p.status.words);
    (words.iter())
        .filter(|w| !placed(set, w))
        .map(|w| format!("{name}: sub-job word '{w}' is in no set"))
        .collect()
}

/// The profile an SDK service's region table belongs to.
fn owner(service: &Value, api: &str) -> String {
    match service["sdk_service"].as_str() {
        Some("services/bssintl/v2") => "bss-intl".into(),
        _ => api.to_string(),
    }
}

/// Each (service, region) host of the SDK's region tables is the one the profile builds
/// on Huawei Cloud, and every exception the profile lists is in those tables.
pub fn hosts(catalog: &Catalog, regions: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut listed: BTreeSet<(String, String, String)> = BTreeSet::new();
    for service in regions["services"].as_array().unwrap() {
        for api in service["jobwait_apis"].as_array().unwrap() {
            let name = owner(service, api.as_str().unwrap());
            let Some(p) = profile(catalog, &name) else {
                found.push(format!("{name}: no profile"));
                continue;
            };
            let mut wrong = Vec::new();
            for region in service["regions"].as_array().unwrap() {
                let r = region["region"].as_str().unwrap();
                let want: Vec<String> = (region["endpoints"].as_array().unwrap().iter())
                    .map(|e| {
                        e.as_str()
                            .unwrap()
                            .trim_start_matches("https://")
                            .to_string()
                    })
                    .collect();
                let cloud = Cloud::resolve(Some("huaweicloud"), Some(r)).unwrap();
                let got = cloud.host_url(&p.host, Some(r)).map(|u| host_of(&u));
                match got {
                    Ok(host) if want.contains(&host) => {}
                    other => wrong.push(format!("{r}: {other:?}, not {}", want[0])),
                }
                for host in want {
                    listed.insert((p.name.clone(), r.to_string(), host));
                }
            }
            if let Some(first) = wrong.first() {
                found.push(format!(
                    "{name} in {first} ({} region(s) differ)",
                    wrong.len()
                ));
            }
        }
    }
    for p in catalog.jobs() {
        for (region, host) in &p.host.regions {
            if !listed.contains(&(p.name.clone(), region.clone(), host.clone())) {
                found.push(format!(
                    "{}: exception {region} = {host} is in no SDK table",
                    p.name
                ));
            }
        }
    }
    found
}

fn host_of(url: &reqwest::Url) -> String {
    url.host_str().unwrap_or_default().to_string()
}

/// Why an API is on Open Telekom Cloud though no OTC page documents its job API.
const OTC_WITHOUT_PAGE: &[(&str, &str)] = &[(
    "eip",
    "the OTC endpoint list has Elastic IP on the vpc host (otc_endpoints.json notes)",
)];

/// Why an API is not on Open Telekom Cloud though an OTC page names its words.
const OTC_WORDS_ONLY: &[(&str, &str)] = &[(
    "drs",
    "OTC documents DRS's status words (appendix/task_statuses.rst), but its DRS API reference has v3 paths, not GET /v5/{project_id}/jobs/{job_id}",
)];

/// A profile has an OTC host exactly where OTC documents the API, and that host is one
/// the OTC endpoint list or the service's own OTC examples name.
pub fn otc(catalog: &Catalog, facts: &Value, endpoints: &Value, examples: &Value) -> Vec<String> {
    let mut known: BTreeSet<String> = BTreeSet::new();
    for hosts in endpoints["by_region"].as_object().unwrap().values() {
        known.extend(hosts.as_object().unwrap().keys().cloned());
    }
    for seen in endpoints["hosts_in_service_docs"]
        .as_object()
        .unwrap()
        .values()
    {
        for h in seen.as_array().unwrap() {
            known.insert(
                h["host"]
                    .as_str()
                    .unwrap()
                    .split('.')
                    .next()
                    .unwrap()
                    .into(),
            );
        }
    }
    let documented = |name: &str| {
        let api = facts["apis"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == name);
        let in_docs = api.is_some_and(|a| {
            (a["status"].as_array().unwrap().iter())
                .any(|s| s["otc_docs"].as_array().is_some_and(|d| !d.is_empty()))
        });
        let example = (examples["examples"].as_array().unwrap().iter()).any(|e| {
            e["api"] == name
                && !e["state"]
                    .as_str()
                    .unwrap_or_default()
                    .starts_with("orders")
                && e["source"]["repo"]
                    .as_str()
                    .is_some_and(|r| r.starts_with("opentelekomcloud-docs/"))
        });
        let listed = |list: &[(&str, &str)]| list.iter().any(|(n, _)| *n == name);
        (in_docs || example || listed(OTC_WITHOUT_PAGE)) && !listed(OTC_WORDS_ONLY)
    };
    let mut found = Vec::new();
    for p in catalog.jobs() {
        match (&p.host.otc, documented(&p.name)) {
            (Some(host), true) if known.contains(host) => {}
            (Some(host), true) => {
                found.push(format!("{}: OTC host {host} is on no OTC list", p.name))
            }
            (Some(_), false) => found.push(format!(
                "{}: an OTC host, but OTC documents no such API",
                p.name
            )),
            (None, true) => found.push(format!(
                "{}: OTC documents the API, but no OTC host",
                p.name
            )),
            (None, false) => {}
        }
    }
    found
}

/// Exactly the services the SDK serves `GET /v1/{project_id}/jobs/{job_id}` for have
/// profiles with that API (on the same hosts).
pub fn common_api(catalog: &Catalog, regions: &Value) -> Vec<String> {
    let served: BTreeSet<String> = (regions["v1_job_api"]["served_by"]
        .as_array()
        .unwrap()
        .iter())
    .flat_map(|s| s["host_names"].as_array().unwrap().iter())
    .map(|h| h.as_str().unwrap().to_string())
    .collect();
    let profiled: BTreeSet<String> = catalog
        .jobs()
        .filter(|p| p.path == "/v1/{project_id}/jobs/{job_id}")
        .filter_map(|p| p.host.huaweicloud.clone())
        .collect();
    let mut found = Vec::new();
    for extra in profiled.difference(&served) {
        found.push(format!(
            "the /v1 job API on host {extra}, which no SDK service serves"
        ));
    }
    for missing in served.difference(&profiled) {
        found.push(format!(
            "the SDK serves the /v1 job API on {missing}, which no profile asks"
        ));
    }
    found
}
