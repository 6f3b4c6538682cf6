//! The built-in profiles held to the providers' own sources (`tests/data/providers/`,
//! extracted from the official Go SDK, the Terraform providers and the OTC and Huawei
//! Cloud docs at the commits its README names): every documented status word is placed,
//! every (service, region, cloud) host is the one the tables give, the /v1 job API is
//! asked only where the SDK serves it, and every documented answer reads as documented.
//!
//! Each rule is shown able to fail: `probe.toml` beside this file is a profile file that
//! breaks each one, and the last test checks that each check names exactly what it broke.

mod answers;
mod facts;

use jobwait::job::catalog::Catalog;
use serde_json::Value;

struct Facts {
    jobs: Value,
    regions: Value,
    otc: Value,
    creates: Value,
    examples: Value,
}

fn facts() -> Facts {
    Facts {
        jobs: facts::load("job_status.json"),
        regions: facts::load("regions.json"),
        otc: facts::load("otc_endpoints.json"),
        creates: facts::load("create_answers.json"),
        examples: facts::load("examples/index.json"),
    }
}

/// Everything every check finds wrong with `catalog`.
fn findings(catalog: &Catalog, f: &Facts) -> Vec<String> {
    let mut all = facts::words(catalog, &f.jobs);
    all.extend(facts::hosts(catalog, &f.regions));
    all.extend(facts::otc(catalog, &f.jobs, &f.otc, &f.examples));
    all.extend(facts::common_api(catalog, &f.regions));
    all.extend(answers::examples(catalog, &f.examples));
    all.extend(answers::creates(catalog, &f.creates));
    all
}

#[test]
fn the_built_in_profiles_agree_with_the_providers_sources() {
    let found = findings(Catalog::builtin(), &facts());
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn every_api_of_the_facts_has_a_profile() {
    let f = facts();
    for api in f.jobs["apis"].as_array().unwrap() {
        let name = api["name"].as_str().unwrap();
        assert!(facts::profile(Catalog::builtin(), name).is_some(), "{name}");
    }
}

/// A profile file that breaks each rule once; each check must say so, and nothing else.
#[test]
fn each_check_catches_its_probe() {
    let probe = include_str!("probe.toml");
    let catalog = Catalog::with_files(&[("probe.toml".into(), probe.into())]).unwrap();
    let found = findings(&catalog, &facts());
    let want = [
        "dcs: no status field at /status",
        "dds: 'Completed' at /job/status is in no set",
        "cbr: 'skipped' at /operation_log/status is in no set",
        "kafka: 'DELETED' at /tasks/[]/status is in no set",
        "cdn: sub-job word 'refreshing' is in no set",
        // The SDK's vpc tables too: vpc names EIP's API.
        "vpc in af-south-1: Ok(\"eip.af-south-1.myhuaweicloud.com\"), not vpc.af-south-1.myhuaweicloud.com (34 region(s) differ)",
        "eip in af-south-1: Ok(\"eip.af-south-1.myhuaweicloud.com\"), not vpc.af-south-1.myhuaweicloud.com (33 region(s) differ)",
        "taurusdb in tr-west-1: Ok(\"gaussdb.tr-west-1.myhuaweicloud.com\"), not gaussdbformysql.tr-west-1.myhuaweicloud.com (1 region(s) differ)",
        "rds: exception eu-west-102 = rds.eu-west-102.myhuaweicloud.eu is in no SDK table",
        "elb: an OTC host, but OTC documents no such API",
        "the /v1 job API on host eip, which no SDK service serves",
        "the SDK serves the /v1 job API on vpc, which no profile asks",
        "examples/dcs/success.json: NoStatus { at: \"/job/status\", keys: \"job_id, job_type, status, begin_time, end_time, fail_reason\" }",
        "examples/dcs/success.json: not read as job ff8080818822bbf70188235afc24141a",
        "examples/dds/success.json: Completed is Unknown, not Success",
        "cce: create answers keep the id at /status/jobID, not in create_id",
        "cce /status/jobID: Err(\"stdin JSON has no job id at /metadata/uid, job_id (keys: status)\"), not [\"id-from-create\"]",
        "cce: create answers keep the id at /status/jobID, not in create_id",
        "cce /status/jobID: Ok([\"4d1ecb2c-229a-11e8-9c75-0255ac100ceb\"]), not [\"2ec9b78d-9368-46f3-8f29-d1a95622a568\"]",
    ];
    assert_eq!(found, want);
}
