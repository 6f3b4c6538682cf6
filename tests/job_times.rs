//! Where each built-in job API says when a job began and ended is the providers' own
//! field (`tests/data/providers/job_status.json`: the SDK's model or the docs), so the
//! verdict's "the job ran 4m12s" reads the time the API means.

use jobwait::job::builtin;
use serde_json::Value;

#[test]
fn begin_and_end_pointers_are_the_providers_fields() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/providers/job_status.json"
    );
    let data: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let pointers = |api: &Value, field: &str| -> Vec<String> {
        api["fields"][field]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|p| p["pointer"].as_str().unwrap().replace("/[]", "/0"))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut ends = 0;
    for profile in builtin::all() {
        let Some(api) = data["apis"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == profile.name)
        else {
            continue;
        };
        if let Some(end) = &profile.end {
            ends += 1;
            assert!(
                pointers(api, "end").contains(end),
                "{}: end {end} is not one of {:?}",
                profile.name,
                pointers(api, "end")
            );
            let begin = profile.begin.as_ref().expect("an end without a begin");
            assert!(
                pointers(api, "begin").contains(begin),
                "{}: begin {begin}",
                profile.name
            );
        }
    }
    assert!(ends >= 8, "only {ends} APIs say when a job ended");
}
