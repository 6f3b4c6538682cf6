//! What the fake answers for a job: one [`Step`] per request, chosen by the job's
//! [`Script`] (a sequence, a timeline, or a simulated job that follows the clock), and
//! the bytes of its body.

use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use serde_json::{Value, json};

use super::{Config, State};

/// What the fake does on one request for a job.
#[derive(Clone, Debug)]
pub struct Step {
    pub code: u16,
    pub body: Body,
    pub headers: Vec<(String, String)>,
    /// Stall this long before answering.
    pub delay: Duration,
    /// Send the body in pieces over this long.
    pub drip: Duration,
    /// Close the connection without answering.
    pub drop: bool,
}

#[derive(Clone, Debug)]
pub enum Body {
    /// A job document with this status; the object's fields are merged in.
    Job(String, Value),
    Json(Value),
    Text(String),
    /// Bytes as they are, valid UTF-8 or not.
    Bytes(Vec<u8>),
    /// A valid job document padded to about this many bytes.
    Huge(String, usize),
}

impl Step {
    pub fn job(status: &str) -> Step {
        Step::with_body(200, Body::Job(status.into(), json!({})))
    }
    pub fn http(code: u16, body: Value) -> Step {
        Step::with_body(code, Body::Json(body))
    }
    pub fn bytes(code: u16, bytes: &[u8]) -> Step {
        Step::with_body(code, Body::Bytes(bytes.to_vec()))
    }
    pub fn text(code: u16, text: &str) -> Step {
        Step::with_body(code, Body::Text(text.into()))
    }
    pub fn huge(status: &str, bytes: usize) -> Step {
        Step::with_body(200, Body::Huge(status.into(), bytes))
    }
    pub fn dropped() -> Step {
        Step {
            drop: true,
            ..Step::job("RUNNING")
        }
    }
    fn with_body(code: u16, body: Body) -> Step {
        Step {
            code,
            body,
            headers: vec![],
            delay: Duration::ZERO,
            drip: Duration::ZERO,
            drop: false,
        }
    }
    /// Merge these fields into a job document.
    pub fn fields(mut self, extra: Value) -> Step {
        if let Body::Job(_, fields) = &mut self.body {
            merge(fields, extra);
        }
        self
    }
    pub fn header(mut self, name: &str, value: &str) -> Step {
        self.headers.push((name.into(), value.into()));
        self
    }
    pub fn delay(mut self, d: Duration) -> Step {
        self.delay = d;
        self
    }
    pub fn drip(mut self, d: Duration) -> Step {
        self.drip = d;
        self
    }
}

/// A job whose status follows the clock: it runs `duration` seconds from `began_ago`
/// seconds before its first request, split into `sub_jobs` parts that end evenly.
#[derive(Clone, Debug, Default)]
pub struct Simulated {
    pub duration: f64,
    pub began_ago: f64,
    pub sub_jobs: u32,
    /// Report finished sub-jobs with their `end_time`.
    pub end_times: bool,
    /// Report progress as `entities.process_percent` instead of sub-jobs: whole percents,
    /// rounded down, rising linearly with the job's age.
    pub percent: bool,
    /// With `percent`, report only multiples of this many percent (0 or 1: every one).
    pub percent_step: u32,
    /// Fail at this age (seconds since the job began) instead of running to the end; its
    /// progress stays where it was then.
    pub fails_at: Option<f64>,
}

#[derive(Clone, Debug)]
pub enum Script {
    /// One step per request; the last repeats.
    Sequence(Vec<Step>),
    /// Steps by seconds since the job's first request.
    Timeline(Vec<(f64, Step)>),
    Simulated(Simulated),
}

/// The step job `id`'s script plays for this request; 404 for a job nobody scripted.
pub(crate) fn play(cfg: &Config, st: &Mutex<State>, id: &str) -> Step {
    let Some(script) = cfg.jobs.get(id) else {
        return Step::http(
            404,
            json!({"error": {"code": "SDRS.1301", "message": format!("job {id} does not exist")}}),
        );
    };
    let now = Instant::now();
    let (first, index) = {
        let mut s = st.lock().unwrap();
        let first = *s.first_seen.entry(id.to_string()).or_insert(now);
        let count = s.counts.entry(id.to_string()).or_insert(0);
        *count += 1;
        (first, *count - 1)
    };
    let since = now.duration_since(first).as_secs_f64();
    match script {
        Script::Sequence(steps) => steps[index.min(steps.len() - 1)].clone(),
        Script::Timeline(steps) => steps
            .iter()
            .rfind(|(at, _)| *at <= since)
            .or(steps.first())
            .map(|(_, s)| s.clone())
            .expect("a timeline has steps"),
        Script::Simulated(sim) => simulated(sim, since),
    }
}

fn simulated(sim: &Simulated, since: f64) -> Step {
    let now_age = since + sim.began_ago;
    let failed = sim
        .fails_at
        .filter(|at| now_age >= *at && *at < sim.duration);
    // Progress as it stood at the failure, once the job failed.
    let age = failed.unwrap_or(now_age);
    let now = SystemTime::now();
    let at = |job_secs: f64| stamp(now - Duration::from_secs_f64((now_age - job_secs).max(0.0)));
    let begin = stamp(now - Duration::from_secs_f64(now_age));
    let done = age >= sim.duration;
    let mut fields = json!({ "begin_time": begin });
    if let Some(failed) = failed {
        fields["end_time"] = json!(at(failed));
        fields["fail_reason"] = json!("simulated failure");
    } else if done {
        fields["end_time"] = json!(at(sim.duration));
    }
    if sim.percent {
        let percent = (100.0 * age / sim.duration).floor().min(100.0) as u32;
        let percent = percent - percent % sim.percent_step.max(1);
        fields["entities"] = json!({ "process_percent": percent });
    } else if sim.sub_jobs > 0 {
        let per = sim.duration / f64::from(sim.sub_jobs);
        let subs: Vec<Value> = (1..=sim.sub_jobs)
            .map(|k| {
                let end = per * f64::from(k);
                let finished = age >= end;
                let mut sub = json!({
                    "status": if finished { "SUCCESS" } else { "RUNNING" },
                    "job_id": format!("sub-{k}"),
                    "job_type": "createSingleServer",
                    "begin_time": begin,
                    "entities": { "server_id": format!("server-{k}") },
                    "error_code": null, "fail_reason": null,
                });
                if finished && sim.end_times {
                    sub["end_time"] = json!(at(end));
                }
                sub
            })
            .collect();
        fields["entities"] = json!({ "sub_jobs_total": sim.sub_jobs, "sub_jobs": subs });
    }
    let status = match (failed, done) {
        (Some(_), _) => "FAIL",
        (None, true) => "SUCCESS",
        (None, false) => "RUNNING",
    };
    Step::job(status).fields(fields)
}

pub(crate) fn render_body(body: &Body, job: &str, _cfg: &Config, st: &Mutex<State>) -> Vec<u8> {
    // A scripted job began when it was first asked about, as a real one began just before
    // its create call answered; a step's own `begin_time` overrides this.
    let first_seen = st.lock().unwrap().first_seen.get(job).copied();
    let began = SystemTime::now() - first_seen.map_or(Duration::ZERO, |t| t.elapsed());
    match body {
        Body::Json(v) => v.to_string().into_bytes(),
        Body::Text(t) => t.clone().into_bytes(),
        Body::Bytes(b) => b.clone(),
        Body::Job(status, extra) => job_document(job, status, began, extra)
            .to_string()
            .into_bytes(),
        Body::Huge(status, bytes) => {
            // The padding spliced in as text: serialising megabytes through serde_json in a
            // debug build takes seconds on a busy machine, longer than the tests' deadlines.
            let doc = job_document(job, status, began, &json!({})).to_string();
            let mut text = doc.into_bytes();
            text.pop(); // the closing brace
            text.extend_from_slice(br#","padding":""#);
            text.resize(text.len() + bytes, b'x');
            text.extend_from_slice(b"\"}");
            text
        }
    }
}

fn job_document(job: &str, status: &str, began: SystemTime, extra: &Value) -> Value {
    let failed = status.eq_ignore_ascii_case("FAIL") || status.eq_ignore_ascii_case("FAILED");
    let finished = failed || status.eq_ignore_ascii_case("SUCCESS");
    let mut doc = json!({
        "status": status,
        "entities": {},
        "job_id": job,
        "job_type": "createServer",
        "begin_time": stamp(began),
        "end_time": if finished { json!(stamp(SystemTime::now())) } else { Value::Null },
        "error_code": null,
        "fail_reason": null,
    });
    merge(&mut doc, extra.clone());
    doc
}

fn merge(into: &mut Value, extra: Value) {
    if let (Value::Object(a), Value::Object(b)) = (into, extra) {
        for (k, v) in b {
            a.insert(k, v);
        }
    }
}

/// `2016-04-25T20:04:34.604Z`, as the services write it.
pub fn stamp(t: SystemTime) -> String {
    humantime::format_rfc3339_millis(t).to_string()
}
