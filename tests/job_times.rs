//! Where each built-in job API says when a job began and ended is the providers' own
//! field (`tests/data/providers/job_status.json`: the SDK's model or the docs), so the
//! verdict's "the job ran 4m12s" reads the time the API means. The profiles
//! (`profiles/jobs/*.toml`, as the catalog loads them) are what is checked.

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
                    .map(|p| p["pointer"].as_str().unwrap().to_string())
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
        // A list-shaped answer's pointers are relative to its element: `/jobs/[]/end_time`
        // in the data is `end = "/end_time"` under `list = "/jobs"`.
        let whole = |at: &str| match &profile.list {
            Some(list) => format!("{list}/[]{at}"),
            None => at.to_string(),
        };
        if let Some(end) = profile.end.as_deref().map(whole) {
            ends += 1;
            assert!(
                pointers(api, "end").contains(&end),
                "{}: end {end} is not one of {:?}",
                profile.name,
                pointers(api, "end")
            );
            let begin = profile.begin.as_deref().map(whole);
            let begin = begin.expect("an end without a begin");
            assert!(
                pointers(api, "begin").contains(&begin),
                "{}: begin {begin}",
                profile.name
            );
        }
    }
    assert!(ends >= 8, "only {ends} APIs say when a job ended");
}
