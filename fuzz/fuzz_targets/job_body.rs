//! A 200 answer's body, as the job API (or a proxy in its way) might send it: parsed, then
//! every accessor the wait loop and the reporters call on a job document. None may panic,
//! and none may need memory out of proportion to the body.
#![no_main]

use jobwait::job::{Body, builtin, read};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for profile in builtin::all() {
        check(read(&profile, data));
    }
});

fn check(body: Body) {
    match body {
        Body::Job(doc) => {
            if let Some(progress) = doc.progress() {
                let fraction = progress.fraction();
                assert!((0.0..=1.0).contains(&fraction), "{progress:?}");
            }
            let _ = doc.failure_details();
            let _ = doc.entity_ids();
            let _ = doc.entities_json();
            let _ = doc.begin();
        }
        Body::QueryError(info) => {
            let _ = info.summary();
        }
        Body::NotAJob(reason) => assert!(reason.len() < 100, "{reason}"),
        Body::NoStatus { at, keys } => assert!(at.len() + keys.len() < 4096, "{keys}"),
        Body::OtherJob(why) | Body::NotListed(why) | Body::Gone(why) => assert!(why.len() < 2048, "{why}"),
    }
}
