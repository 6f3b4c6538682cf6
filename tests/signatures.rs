//! The fake API checks AK/SK signatures with its own copy of the official SDK's algorithm
//! (`tests/support/sdk_signature.rs`), not with jobwait's signer. This proves that copy
//! against the golden signatures the official Python SDK made
//! (`tests/data/make_sdk_signatures.py` says how), so the integration tests judge
//! jobwait's requests by the SDK's rules.

mod support;

use support::fake_api::sdk_signature::authorization;

#[test]
fn the_fakes_verifier_reproduces_every_golden_sdk_signature() {
    let data: serde_json::Value =
        serde_json::from_str(include_str!("data/sdk_signatures.json")).unwrap();
    let cases = data["cases"].as_array().unwrap();
    assert!(cases.len() >= 15, "{} cases", cases.len());
    for case in cases {
        let text = |k: &str| case[k].as_str().unwrap().to_string();
        let headers: Vec<(String, String)> = case["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h[0].as_str().unwrap().into(), h[1].as_str().unwrap().into()))
            .collect();
        let got = authorization(
            &text("method"),
            &text("path"),
            &text("query"),
            &headers,
            text("body").as_bytes(),
            &text("ak"),
            &text("sk"),
        );
        assert_eq!(got, text("authorization"), "case {}", text("name"));
    }
}
