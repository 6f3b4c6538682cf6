//! Any HTTP answer, classified for the wait loop: status, body and the header-derived
//! fields together, then described for a person as the reporters do.
#![no_main]


use jobwait::source::classify;
use jobwait::transport::Response;
use jobwait::wait::Answer;
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct HttpAnswer {
    status: u16,
    request_id: Option<String>,
    retry_after_ms: Option<u32>,
    body: Vec<u8>,
}

fuzz_target!(|a: HttpAnswer| {
    let what = format!("{} from fuzz.example.com", a.status);
    let mut answer = Response::new(a.status, a.body);
    if let Some(id) = &a.request_id {
        answer = answer.with_header("x-request-id", id);
    }
    if let Some(ms) = a.retry_after_ms {
        answer = answer.with_header("retry-after", &format!("{}", f64::from(ms) / 1000.0));
    }
    match classify(&jobwait::job::builtin::common("ecs"), &answer, what) {
        Answer::Job(doc) => {
            let _ = doc.progress();
            let _ = doc.failure_details();
        }
        Answer::Fault(fault) => {
            let p = fault.problem();
            assert_eq!(p.status, Some(a.status));
            let _ = p.to_string();
        }
        Answer::Unread(unread) => {
            assert!((200..300).contains(&a.status));
            assert_eq!(unread.problem.status, Some(a.status));
            let _ = unread.problem.to_string();
        }
        Answer::Gone { .. } => panic!("a job's answer is never 'gone'"),
    }
});
