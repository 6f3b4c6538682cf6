//! The built-in resource profiles (`profiles/resources/*.toml`) held to the facts read in
//! the providers' own sources (`tests/data/providers/resources/resources.json`, every fact
//! cited and re-checked by its `extract.py`): the request, where the id and the status
//! are, every documented status word classified, the failure text, how "gone" looks,
//! where a create call's answer keeps the id, and the hosts.
//!
//! A documented word no list of the profile holds would end a normal wait with exit 3;
//! a failure word of Terraform's that the profile took for anything else could turn a
//! failure green. `a_probe_profile_is_caught` shows the check able to fail.

use jobwait::job::Profile;
use jobwait::job::catalog::Catalog;
use jobwait::job::profile::Kind;
use jobwait::status::StatusClass;
use serde_json::Value;

const FACTS: &str = include_str!("data/providers/resources/resources.json");

/// A profile whose facts are another entry's (or a part of it): the shared (v2) load
/// balancer is recorded under `elb-loadbalancer`'s `shared_v2`, with the v2 word lists.
const RECORDED_UNDER: &[(&str, &str)] = &[("elb-loadbalancer-v2", "elb-loadbalancer")];

/// Words Terraform's wait functions make up rather than read from the API: a Pending or
/// Target list naming one of these says nothing about the API's words. Each with why.
const TERRAFORM_STATES: &[(&str, &str, &str)] = &[
    (
        "*",
        "PENDING",
        "HW tf's refresh functions report their own PENDING",
    ),
    (
        "*",
        "COMPLETED",
        "HW tf's refresh functions report their own COMPLETED",
    ),
    (
        "*",
        "DELETED",
        "the refresh functions report a 404 (or an empty list) as DELETED",
    ),
    (
        "*",
        "Deleted",
        "OTC tf's CCE refresh functions report a 404 as Deleted",
    ),
    (
        "*",
        "deleted",
        "OTC tf's EVS and SFS Turbo refresh functions report a 404 as deleted",
    ),
    (
        "*",
        "EMPTY",
        "HW tf's refresh functions report a missing field as EMPTY",
    ),
    (
        "vpc",
        "ACTIVE",
        "HW tf vpc/resource_huaweicloud_vpc.go:427 reports OK as ACTIVE",
    ),
    (
        "dds-instance",
        "updating",
        "HW and OTC tf report normal with actions as updating",
    ),
];

fn resources() -> Vec<Value> {
    let facts: Value = serde_json::from_str(FACTS).unwrap();
    facts["resources"].as_array().unwrap().clone()
}

fn facts_of(name: &str) -> Option<Value> {
    let recorded = RECORDED_UNDER
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(name, |(_, under)| *under);
    resources().into_iter().find(|r| r["name"] == recorded)
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// Every word the profile places: in any status field's sets, or among its gone words.
fn placed(p: &Profile, word: &str) -> bool {
    let gone = p.gone.clone().unwrap_or_default();
    let listed = |set: &[String]| set.iter().any(|w| w.eq_ignore_ascii_case(word));
    p.status_fields().any(|f| {
        f.words.classify(word) != StatusClass::Unknown || f.words.why_unknown(word).is_some()
    }) || listed(&gone.words)
        || listed(&gone.deleting)
}

fn made_up_by_terraform(resource: &str, word: &str) -> bool {
    TERRAFORM_STATES
        .iter()
        .any(|(r, w, _)| (*r == "*" || *r == resource) && *w == word)
}

/// What is wrong with `p` against the facts `f`, each a line naming the fact.
fn problems(p: &Profile, f: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let shared = p.name == "elb-loadbalancer-v2";
    words(p, f, shared, &mut out);
    request(p, f, shared, &mut out);
    answer(p, f, &mut out);
    out
}

/// Every documented word placed; Terraform's failure words failures; its create targets ready.
fn words(p: &Profile, f: &Value, shared: bool, out: &mut Vec<String>) {
    let st = &f["status"];
    // Where one entry records both load balancers, each list and wait says which it is.
    let split = f["request"]["shared_v2"].is_object();
    let is_v2 = |list: &Value| list["path"].as_str().unwrap_or("").contains("v2");
    let lists = st["sdk"]
        .as_array()
        .into_iter()
        .chain(st["docs"].as_array())
        .flatten();
    for list in lists.filter(|l| !split || is_v2(l) == shared) {
        for word in strings(&list["words"]) {
            if !placed(p, &word) {
                out.push(format!(
                    "{}: documented word '{word}' ({}) is in no list",
                    p.name, list["path"]
                ));
            }
        }
    }
    for wait in st["terraform"].as_array().into_iter().flatten() {
        let phase = wait["phase"].as_str().unwrap_or("");
        if split && phase.contains("(shared") != shared {
            continue;
        }
        for word in strings(&wait["pending"])
            .into_iter()
            .chain(strings(&wait["target"]))
        {
            if !placed(p, &word) && !made_up_by_terraform(&p.name, &word) {
                out.push(format!(
                    "{}: Terraform's word '{word}' ({}:{}) is in no list",
                    p.name, wait["path"], wait["line"]
                ));
            }
        }
        for word in strings(&wait["failure"]["words"]) {
            let fails = p
                .status_fields()
                .any(|s| s.words.classify(&word) == StatusClass::Failure);
            if !fails {
                out.push(format!(
                    "{}: Terraform fails on '{word}' ({}:{}); the profile does not",
                    p.name, wait["path"], wait["line"]
                ));
            }
        }
        if phase.starts_with("create") {
            for word in strings(&wait["target"]) {
                let ready = p.words().classify(&word) == StatusClass::Success;
                if !ready && !made_up_by_terraform(&p.name, &word) {
                    out.push(format!(
                        "{}: Terraform's create target '{word}' ({}:{}) is not ready",
                        p.name, wait["path"], wait["line"]
                    ));
                }
            }
        }
    }
}

/// The path (each cloud's), the hosts, and where a create answer keeps the id.
fn request(p: &Profile, f: &Value, shared: bool, out: &mut Vec<String>) {
    let rq = &f["request"];
    let (hw, otc) = if shared {
        let v2 = &rq["shared_v2"];
        (v2["huaweicloud"]["path"].clone(), v2["otc"]["path"].clone())
    } else {
        (rq["path"].clone(), rq["otc_path"].clone())
    };
    if hw.as_str() != Some(p.path.as_str()) {
        out.push(format!(
            "{}: path {} where the facts say {hw}",
            p.name, p.path
        ));
    }
    // An OTC path that is a path (not prose about several) must be the profile's.
    if let Some(otc) = otc.as_str().filter(|o| !o.contains(' ')) {
        if p.otc_path.as_deref() != Some(otc) {
            out.push(format!(
                "{}: otc_path {:?} where the facts say {otc}",
                p.name, p.otc_path
            ));
        }
    } else if p.otc_path.is_some() && otc.is_null() {
        out.push(format!(
            "{}: otc_path {:?} that no fact records",
            p.name, p.otc_path
        ));
    }
    if !shared {
        for (cloud, host) in [("huaweicloud", &p.host.huaweicloud), ("otc", &p.host.otc)] {
            if let Some(want) = rq["hosts"][cloud]["host"].as_str()
                && host.as_deref() != Some(want)
            {
                out.push(format!(
                    "{}: {cloud} host {host:?} where the facts say {want}",
                    p.name
                ));
            }
        }
        // The facts write each element of a list as `*`, the profiles as `[]`.
        let create: Vec<String> = strings(&f["create_answer"]["id_pointers"])
            .iter()
            .map(|p| p.replace("/*/", "/[]/"))
            .collect();
        if create != p.create_id {
            out.push(format!(
                "{}: create_id {:?} where the facts say {create:?}",
                p.name, p.create_id
            ));
        }
    }
}

/// Where the id, the status and the failure text are, and how the API says "gone".
fn answer(p: &Profile, f: &Value, out: &mut Vec<String>) {
    let rq = &f["request"];
    let (list, id) = match rq["shape"].as_str() {
        Some("list") => (
            rq["list_pointer"].as_str().map(String::from),
            rq["id_field"].as_str().map(|i| format!("/{i}")),
        ),
        _ => (None, rq["id_pointer"].as_str().map(String::from)),
    };
    if p.list != list || p.id != id {
        out.push(format!(
            "{}: list {:?} and id {:?} where the facts say {list:?} and {id:?}",
            p.name, p.list, p.id
        ));
    }
    let at = f["status"]["pointer"].as_str().unwrap_or("");
    if p.status.at != at {
        out.push(format!(
            "{}: status at {} where the facts say {at}",
            p.name, p.status.at
        ));
    }
    let fault = strings(&f["fault"]["pointers"]);
    for pointer in p.reasons.iter().chain(&p.codes) {
        if !fault.contains(pointer) {
            out.push(format!(
                "{}: failure text at {pointer}, which no fact records",
                p.name
            ));
        }
    }
    for pointer in fault.iter().filter(|f| !f.contains('*')) {
        if !p.reasons.contains(pointer) && !p.codes.contains(pointer) {
            out.push(format!(
                "{}: the failure text at {pointer} is not read",
                p.name
            ));
        }
    }
    let gone = p.gone.clone().unwrap_or_default();
    for by in strings(&f["gone"]["by"]) {
        let said = match by.split_once(':') {
            _ if by == "http-404" => gone.http.contains(&404),
            _ if by == "empty-list" => gone.empty_list,
            Some(("status", word)) => gone.words.iter().any(|w| w == word),
            Some(("error-code", code)) => gone.codes.iter().any(|c| c == code),
            _ => false,
        };
        if !said {
            out.push(format!("{}: gone by {by} is not in the profile", p.name));
        }
    }
}

#[test]
fn every_built_in_resource_agrees_with_the_facts() {
    let mut all = Vec::new();
    for p in Catalog::builtin().resources() {
        let facts = facts_of(&p.name).unwrap_or_else(|| panic!("no facts recorded for {}", p.name));
        all.extend(problems(p, &facts));
    }
    assert!(all.is_empty(), "{}", all.join("\n"));
}

#[test]
fn every_resource_with_facts_is_built_in() {
    for f in resources() {
        let name = f["name"].as_str().unwrap();
        assert!(
            Catalog::builtin().find(Kind::Resource, name).is_ok(),
            "{name} has facts but no profile"
        );
    }
}

/// The check above, shown able to fail: a profile that forgets a documented word, takes
/// one of Terraform's failure words for pending, reads the status elsewhere and forgets
/// the failure text and the gone word must each be named.
#[test]
fn a_probe_profile_is_caught() {
    let probe = include_str!("data/probes/resource-ecs-server.toml");
    let catalog = Catalog::with_files(&[("probe.toml".into(), probe.into())]).unwrap();
    let p = catalog.find(Kind::Resource, "ecs-server").unwrap();
    let found = problems(p, &facts_of("ecs-server").unwrap()).join("\n");
    for expected in [
        "documented word 'SHUTOFF'",
        "Terraform fails on 'ERROR'",
        "status at /server/state",
        "the failure text at /server/fault/message is not read",
        "gone by status:DELETED",
        "create_id",
    ] {
        assert!(
            found.contains(expected),
            "the probe's {expected} was not caught:\n{found}"
        );
    }
}
