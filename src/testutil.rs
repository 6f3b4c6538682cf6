//! Fixtures shared by unit tests.

use std::time::Duration;

use crate::exit::Verdict;
use crate::job::{Body, builtin, read};
use crate::wait::JobReport;

/// A report for `job` with the given verdict and last document (JSON text).
pub fn report(job: &str, verdict: Verdict, body: Option<&str>, elapsed_secs: u64) -> JobReport {
    let doc = body.map(|b| match read(&builtin::common("ecs"), b.as_bytes()) {
        Body::Job(doc) => doc,
        other => panic!("fixture is not a job: {other:?}"),
    });
    JobReport {
        job_id: job.to_string(),
        verdict,
        doc,
        reason: None,
        problem: None,
        polls: 3,
        elapsed: Duration::from_secs(elapsed_secs),
        gone: None,
        subject: Default::default(),
    }
}

pub const FAILED_ECS: &str = r#"{"status":"FAIL","job_id":"j3","job_type":"createServer","error_code":"Ecs.0039",
  "fail_reason":"ECS quota exceeded for flavor s3.large","entities":{"sub_jobs_total":2,"sub_jobs":[
  {"status":"SUCCESS","job_id":"sub-ok","entities":{"server_id":"s-ok"}},
  {"status":"FAIL","job_id":"sub-bad","job_type":"createSingleServer","error_code":"Ecs.0037",
   "fail_reason":"EIP quota exceeded","entities":{"server_id":"s-bad","errorcode_message":"Insufficient EIP quota"}}]}}"#;

pub const OK_ECS: &str = r#"{"status":"SUCCESS","job_id":"j1","job_type":"createServer",
  "entities":{"sub_jobs":[{"status":"SUCCESS","job_id":"s1","entities":{"server_id":"bae51750"}}]},"extra_field":42}"#;
