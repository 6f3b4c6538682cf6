//! The regions jobwait knows (`src/regions.rs`) are the research data's, no more, no less:
//! Huawei Cloud's from the official Go SDK's region tables, Open Telekom Cloud's from its
//! endpoint table plus the Swiss region its Terraform provider names; and the profiles'
//! per-region hosts name no region outside them.

use std::collections::BTreeSet;

use jobwait::job::Profile;
use jobwait::job::catalog::Catalog;
use jobwait::regions::{HUAWEI_CLOUD, OPEN_TELEKOM_CLOUD};
use serde_json::Value;

fn data(name: &str) -> Value {
    let path = format!("{}/tests/data/providers/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn set(items: impl IntoIterator<Item = String>) -> BTreeSet<String> {
    items.into_iter().collect()
}

#[test]
fn huawei_cloud_regions_are_the_sdk_region_tables() {
    let regions = data("regions.json");
    let from_data = set(regions["services"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["regions"].as_array().unwrap())
        .map(|r| r["region"].as_str().unwrap().to_string()));
    assert_eq!(set(HUAWEI_CLOUD.iter().map(|r| r.to_string())), from_data);
}

#[test]
fn otc_regions_are_its_endpoint_table_and_the_swiss_region() {
    let otc = data("otc_endpoints.json");
    let mut from_data = set(otc["regions_listed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().to_string()));
    let swiss = otc["eu_ch2"]["hosts_seen"].as_array().unwrap();
    assert!(
        swiss.iter().all(|h| h["text"]
            .as_str()
            .unwrap()
            .contains(".eu-ch2.sc.otc.t-systems.com")),
        "{swiss:?}"
    );
    from_data.insert("eu-ch2".into());
    assert_eq!(
        set(OPEN_TELEKOM_CLOUD.iter().map(|r| r.to_string())),
        from_data
    );
}

/// The per-region hosts of `profiles` whose region is in no list of `src/regions.rs`.
fn unknown_regions<'a>(profiles: impl Iterator<Item = &'a Profile>) -> Vec<String> {
    let mut unknown = Vec::new();
    for profile in profiles {
        for (region, host) in &profile.host.regions {
            if !jobwait::regions::is_known(region) {
                unknown.push(format!("{}: {region} ({host})", profile.name));
            }
        }
    }
    unknown
}

/// One list of regions: every per-region host a built-in profile names (job or resource)
/// is for a region of that list, so a profile cannot know a region the `--region` check
/// calls a typo, nor hold an exception for a name no one can give.
#[test]
fn every_regional_host_exception_is_a_known_region() {
    let catalog = Catalog::builtin();
    let profiles = || catalog.jobs().chain(catalog.resources());
    assert!(profiles().any(|p| !p.host.regions.is_empty()));
    assert_eq!(unknown_regions(profiles()), Vec::<String>::new());
    // The probe: an exception for a mistyped region is caught.
    let mut probe = catalog.jobs().next().unwrap().clone();
    probe
        .host
        .regions
        .push(("eu-dee".into(), "x.eu-dee.otc.t-systems.com".into()));
    assert_eq!(
        unknown_regions(std::iter::once(&probe)),
        [format!(
            "{}: eu-dee (x.eu-dee.otc.t-systems.com)",
            probe.name
        )]
    );
}
