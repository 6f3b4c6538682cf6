//! A scripted stand-in for the Huawei Cloud / Open Telekom Cloud job API, on loopback.
//!
//! Shared by the integration tests, the demo and the benchmarks (`#[path]`-included, so it
//! never ships in the binary). It plays per-job scripts: status sequences and timelines,
//! HTTP errors, throttling, dropped connections, stalls, slow-drip and huge bodies; it
//! checks tokens, AK/SK signatures and IAM password logins the way the gateway does; and
//! it records every request so tests can count and time them.
//!
//! The HTTP side is deliberately tiny and hand-made: faults such as a connection dropped
//! mid-answer or a body that trickles in are exactly what a real server library hides.
#![allow(dead_code)]

#[path = "sdk_signature.rs"]
pub mod sdk_signature;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The project and token of [`Config::standard`], the world most tests run in.
pub const TEST_PROJECT: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
pub const TEST_TOKEN: &str = "tok-Secret-1234567890abcdef";

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

#[derive(Clone, Debug, Default)]
pub enum Auth {
    #[default]
    None,
    Token(String),
    AkSk {
        ak: String,
        sk: String,
        security_token: Option<String>,
    },
    Iam(Iam),
}

#[derive(Clone, Debug, Default)]
pub struct Iam {
    pub user: String,
    pub password: String,
    pub domain: String,
    pub project_id: Option<String>,
    pub project_name: Option<String>,
    /// The first token issued stops working after this many uses.
    pub revoke_first_after: Option<u32>,
    /// Every token stops working after this many uses.
    pub revoke_every_after: Option<u32>,
    /// Refuse a login with an error page that quotes the request body, password and all,
    /// as some gateways and debug-mode proxies do.
    pub echo_refusals: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Config {
    pub project_id: Option<String>,
    pub auth: Auth,
    pub jobs: HashMap<String, Script>,
    /// Jobs of other job APIs, by the exact path (and query) they are asked at, e.g.
    /// `/v3/{project}/jobs?id=j1` for RDS: a request anywhere else is "The API does not
    /// exist", as the gateway answers.
    pub routes: HashMap<String, String>,
}

impl Config {
    pub fn new() -> Config {
        Config::default()
    }
    /// The tests' usual world: project [`TEST_PROJECT`], token [`TEST_TOKEN`].
    pub fn standard() -> Config {
        Config::new()
            .project(TEST_PROJECT)
            .auth(Auth::Token(TEST_TOKEN.into()))
    }
    pub fn project(mut self, id: &str) -> Config {
        self.project_id = Some(id.into());
        self
    }
    pub fn auth(mut self, auth: Auth) -> Config {
        self.auth = auth;
        self
    }
    pub fn job(mut self, id: &str, script: Script) -> Config {
        self.jobs.insert(id.into(), script);
        self
    }
    pub fn sequence(self, id: &str, steps: Vec<Step>) -> Config {
        self.job(id, Script::Sequence(steps))
    }
    /// A job of another job API, asked about at exactly `path` (with its query).
    pub fn job_at(mut self, path: &str, id: &str, script: Script) -> Config {
        self.routes.insert(path.into(), id.into());
        self.job(id, script)
    }
}

/// One request as the fake saw it.
#[derive(Clone, Debug)]
pub struct Record {
    pub at: Instant,
    pub method: String,
    pub path: String,
    pub job: Option<String>,
    pub headers: Vec<(String, String)>,
    pub code: u16,
    /// Why an auth check failed, if it did.
    pub note: String,
}

impl Record {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct State {
    records: Vec<Record>,
    first_seen: HashMap<String, Instant>,
    counts: HashMap<String, usize>,
    issued: Vec<(String, u32)>,
    revoked: Vec<String>,
}

/// A running fake; stops when dropped.
pub struct FakeApi {
    pub url: String,
    pub port: u16,
    config: Arc<Config>,
    state: Arc<Mutex<State>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FakeApi {
    pub fn start(config: Config) -> FakeApi {
        let config = Arc::new(config);
        let state = Arc::new(Mutex::new(State::default()));
        let (port_tx, port_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let (cfg, st) = (Arc::clone(&config), Arc::clone(&state));
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("fake runtime");
            rt.block_on(async move {
                let listener = TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("bind loopback");
                port_tx.send(listener.local_addr().unwrap().port()).unwrap();
                let serve = async {
                    loop {
                        let Ok((stream, _)) = listener.accept().await else {
                            continue;
                        };
                        let (cfg, st) = (Arc::clone(&cfg), Arc::clone(&st));
                        tokio::spawn(async move {
                            let _ = serve_connection(stream, cfg, st).await;
                        });
                    }
                };
                tokio::select! {
                    _ = serve => {}
                    _ = stop_rx => {}
                }
            });
            rt.shutdown_background();
        });
        let port = port_rx.recv().expect("fake started");
        FakeApi {
            url: format!("http://127.0.0.1:{port}"),
            port,
            config,
            state,
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }

    pub fn requests(&self) -> Vec<Record> {
        self.state.lock().unwrap().records.clone()
    }

    /// Requests for one job, in order.
    pub fn job_requests(&self, job: &str) -> Vec<Record> {
        self.requests()
            .into_iter()
            .filter(|r| r.job.as_deref() == Some(job))
            .collect()
    }

    pub fn logins(&self) -> usize {
        self.requests()
            .iter()
            .filter(|r| r.method == "POST" && r.job.is_none())
            .count()
    }

    pub fn config(&self) -> &Config {
        &self.config
    }
}

impl Drop for FakeApi {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

async fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Request> {
    let head_end = loop {
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos;
        }
        if buf.len() > 64 * 1024 {
            return None;
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let mut parts = lines.next()?.split(' ');
    let (method, path) = (parts.next()?.to_string(), parts.next()?.to_string());
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let total = head_end + 4 + length;
    while buf.len() < total {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = buf[head_end + 4..total].to_vec();
    buf.drain(..total);
    Some(Request {
        method,
        path,
        headers,
        body,
    })
}

async fn serve_connection(
    mut stream: TcpStream,
    cfg: Arc<Config>,
    st: Arc<Mutex<State>>,
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    while let Some(req) = read_request(&mut stream, &mut buf).await {
        let arrived = Instant::now();
        let (step, job, note) = answer(&req, &cfg, &st);
        // Recorded on arrival, before any stall: a test may wait for a request to have
        // been seen while its answer is still held back.
        st.lock().unwrap().records.push(Record {
            at: arrived,
            method: req.method.clone(),
            path: req.path.clone(),
            job: job.clone(),
            headers: req.headers.clone(),
            code: if step.drop { 0 } else { step.code },
            note: note.clone(),
        });
        if !step.delay.is_zero() {
            tokio::time::sleep(step.delay).await;
        }
        if step.drop {
            let _ = stream.shutdown().await;
            return Ok(());
        }
        let body = render_body(&step.body, job.as_deref().unwrap_or(""), &cfg, &st);
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nDate: {}\r\n",
            step.code,
            reason(step.code),
            body.len(),
            httpdate::fmt_http_date(SystemTime::now())
        );
        if !step
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        {
            head.push_str("Content-Type: application/json;charset=UTF-8\r\n");
        }
        for (n, v) in &step.headers {
            head.push_str(&format!("{n}: {v}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).await?;
        if step.drip.is_zero() {
            stream.write_all(&body).await?;
        } else {
            let pieces = 20;
            for piece in body.chunks(body.len() / pieces + 1) {
                stream.write_all(piece).await?;
                stream.flush().await?;
                tokio::time::sleep(step.drip / pieces as u32).await;
            }
        }
        stream.flush().await?;
    }
    Ok(())
}

/// Decide the step for a request: routing, authentication, then the job's script.
fn answer(req: &Request, cfg: &Config, st: &Mutex<State>) -> (Step, Option<String>, String) {
    let path = req.path.split('?').next().unwrap_or("");
    // A POST is an IAM login, unless a job API asked with POST lives at that path.
    if req.method == "POST" && !cfg.routes.contains_key(&req.path) {
        return (login(req, cfg, st), None, String::new());
    }
    if let Some(id) = cfg.routes.get(&req.path) {
        if let Err(why) = check_auth(req, cfg, st) {
            return (unauthorized(&why), Some(id.clone()), why);
        }
        return (play(cfg, st, id), Some(id.clone()), String::new());
    }
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let [version, project, "jobs", job] = parts[..] else {
        return (no_such_api(), None, String::new());
    };
    let job = Some(job.to_string());
    if !["v1", "v2"].contains(&version) {
        return (no_such_api(), job, String::new());
    }
    if let Err(why) = check_auth(req, cfg, st) {
        return (unauthorized(&why), job, why);
    }
    if cfg.project_id.as_deref().is_some_and(|p| p != project) {
        return (
            Step::http(
                403,
                json!({"error": {"code": "Ecs.0001", "message": "project mismatch"}}),
            ),
            job,
            String::new(),
        );
    }
    let id = job.clone().unwrap();
    (play(cfg, st, &id), job, String::new())
}

fn no_such_api() -> Step {
    Step::http(
        404,
        json!({"error": {"code": "APIGW.0101", "message": "The API does not exist"}}),
    )
}

fn unauthorized(why: &str) -> Step {
    Step::http(401, json!({"error_code": "APIGW.0301", "error_msg": format!("Incorrect IAM authentication information: {why}"), "request_id": "req-401"}))
        .header("X-Request-Id", "req-401")
}

/// The step job `id`'s script plays for this request; 404 for a job nobody scripted.
fn play(cfg: &Config, st: &Mutex<State>, id: &str) -> Step {
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

fn render_body(body: &Body, job: &str, _cfg: &Config, st: &Mutex<State>) -> Vec<u8> {
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

fn check_auth(req: &Request, cfg: &Config, st: &Mutex<State>) -> Result<(), String> {
    let token = req.header("x-auth-token");
    match &cfg.auth {
        Auth::None => Ok(()),
        Auth::Token(want) => (token == Some(want.as_str()))
            .then_some(())
            .ok_or("bad or missing X-Auth-Token".into()),
        Auth::AkSk {
            ak,
            sk,
            security_token,
        } => verify_signature(req, ak, sk, security_token.as_deref()),
        Auth::Iam(iam) => {
            let token = token.ok_or("no X-Auth-Token")?;
            let mut s = st.lock().unwrap();
            if s.revoked.iter().any(|t| t == token) {
                return Err("token expired".into());
            }
            let index = s
                .issued
                .iter()
                .position(|(t, _)| t == token)
                .ok_or("token not issued by this IAM")?;
            s.issued[index].1 += 1;
            let limit = iam.revoke_every_after.or(if index == 0 {
                iam.revoke_first_after
            } else {
                None
            });
            if limit.is_some_and(|l| s.issued[index].1 > l) {
                s.revoked.push(token.to_string());
                return Err("token expired".into());
            }
            Ok(())
        }
    }
}

/// Recompute the signature the way the gateway does: with the headers the request says
/// it signed, a date within 15 minutes, and the mandatory ones present.
fn verify_signature(
    req: &Request,
    ak: &str,
    sk: &str,
    security_token: Option<&str>,
) -> Result<(), String> {
    let got = req
        .header("authorization")
        .ok_or("no Authorization header")?;
    let rest = got
        .strip_prefix("SDK-HMAC-SHA256 ")
        .ok_or("not SDK-HMAC-SHA256")?;
    let fields: HashMap<&str, &str> = rest.split(", ").filter_map(|p| p.split_once('=')).collect();
    if fields.get("Access") != Some(&ak) {
        return Err("wrong access key".into());
    }
    let signed: Vec<&str> = fields
        .get("SignedHeaders")
        .ok_or("no SignedHeaders")?
        .split(';')
        .collect();
    for must in ["host", "x-sdk-date"] {
        if !signed.contains(&must) {
            return Err(format!("header {must} is not signed"));
        }
    }
    if let Some(want) = security_token
        && (req.header("x-security-token") != Some(want) || !signed.contains(&"x-security-token"))
    {
        return Err("missing, wrong or unsigned X-Security-Token".into());
    }
    let date = req.header("x-sdk-date").ok_or("no X-Sdk-Date")?;
    let parsed = parse_sdk_date(date).ok_or(format!("bad X-Sdk-Date {date}"))?;
    let skew = SystemTime::now()
        .duration_since(parsed)
        .unwrap_or_else(|e| e.duration());
    if skew > Duration::from_secs(15 * 60) {
        return Err("X-Sdk-Date is more than 15 minutes off".into());
    }
    let mut headers = Vec::new();
    for name in &signed {
        let value = req
            .header(name)
            .ok_or(format!("signed header {name} is absent"))?;
        headers.push((name.to_string(), value.to_string()));
    }
    let (path, query) = req.path.split_once('?').unwrap_or((&req.path, ""));
    let want = sdk_signature::authorization(&req.method, path, query, &headers, &req.body, ak, sk);
    (want == got)
        .then_some(())
        .ok_or("signature mismatch".into())
}

fn parse_sdk_date(d: &str) -> Option<SystemTime> {
    if d.len() != 16 {
        return None;
    }
    let iso = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &d[0..4],
        &d[4..6],
        &d[6..8],
        &d[9..11],
        &d[11..13],
        &d[13..15]
    );
    humantime::parse_rfc3339(&iso).ok()
}

fn login(req: &Request, cfg: &Config, st: &Mutex<State>) -> Step {
    if req.path.split('?').next() != Some("/v3/auth/tokens") {
        return Step::http(
            404,
            json!({"error": {"code": "APIGW.0101", "message": "no such API"}}),
        );
    }
    let Auth::Iam(iam) = &cfg.auth else {
        return Step::http(
            404,
            json!({"error": {"code": "APIGW.0101", "message": "no IAM here"}}),
        );
    };
    let Ok(body) = serde_json::from_slice::<Value>(&req.body) else {
        return Step::http(
            400,
            json!({"error": {"code": "IAM.0001", "message": "bad token request"}}),
        );
    };
    let user = &body["auth"]["identity"]["password"]["user"];
    let scope = &body["auth"]["scope"]["project"];
    let ok = user["name"] == iam.user.as_str()
        && user["password"] == iam.password.as_str()
        && user["domain"]["name"] == iam.domain.as_str()
        && body["auth"]["identity"]["methods"] == json!(["password"])
        && (iam.project_id.as_deref().is_some_and(|p| scope["id"] == p)
            || iam
                .project_name
                .as_deref()
                .is_some_and(|n| scope["name"] == n));
    if !ok && iam.echo_refusals {
        let page = format!(
            "<html><h1>401 Unauthorized</h1><pre>{}</pre></html>",
            String::from_utf8_lossy(&req.body)
        );
        return Step::text(401, &page).header("Content-Type", "text/html");
    }
    if !ok {
        return Step::http(
            401,
            json!({"error": {"code": 401, "title": "Unauthorized", "message": "The username or password is wrong."}}),
        );
    }
    let token = {
        let mut s = st.lock().unwrap();
        let token = format!("MII-issued-{}", s.issued.len());
        s.issued.push((token.clone(), 0));
        token
    };
    Step::http(201, json!({"token": {"expires_at": "2099-01-01T00:00:00.000000Z", "project": {"id": iam.project_id.clone().unwrap_or("p-from-name".into())}}}))
        .header("X-Subject-Token", &token)
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        201 => "Created",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        408 => "Request Timeout",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

/// The demo's world: token auth, one job that goes INIT → RUNNING → SUCCESS and one that
/// fails, one that never ends. Used by `cargo run --example demo` and by the Action's
/// workflow test through `cargo run --example fake_api`.
pub mod demo {
    use super::*;

    pub const PROJECT: &str = "0123456789abcdef0123456789abcdef";
    pub const TOKEN: &str = "demo-token";

    /// What the demo runs: what each run shows, its own arguments, and the exit code it
    /// must end with. `tests/demo.rs` runs each [`command`] as the demo prints it.
    pub const RUNS: &[(&str, &[&str], u8)] = &[
        (
            "A job that goes INIT → RUNNING → SUCCESS",
            &["--job-id", "job-ok", "--timeout", "1m"],
            0,
        ),
        (
            "A job that fails",
            &["--job-id", "job-fail", "--timeout", "1m"],
            1,
        ),
        (
            "A job that outlives its timeout",
            &["--job-id", "job-slow", "--timeout", "3s"],
            2,
        ),
        (
            "Both at once, result as JSON on stdout",
            &[
                "--job-id",
                "job-ok,job-fail",
                "--output",
                "json",
                "--timeout",
                "1m",
            ],
            1,
        ),
        (
            "An RDS job (GET /v3/{project_id}/jobs?id=…): Running → Completed",
            &[
                "--service",
                "rds",
                "--job-id",
                "db-create",
                "--timeout",
                "1m",
            ],
            0,
        ),
        (
            "A CCE job whose node fails (its sub-job says why)",
            &[
                "--service",
                "cce",
                "--job-id",
                "node-pool",
                "--timeout",
                "1m",
            ],
            1,
        ),
        (
            "A server, waited for itself until it is ACTIVE (--resource ecs-server)",
            &[
                "--resource",
                "ecs-server",
                "--id",
                "server-new",
                "--timeout",
                "1m",
            ],
            0,
        ),
        (
            "An RDS instance, from the list GET /v3/{project_id}/instances?id=…",
            &[
                "--resource",
                "rds-instance",
                "--id",
                "db-new",
                "--timeout",
                "1m",
            ],
            0,
        ),
        (
            "A server being deleted, until it answers 404 (--for deleted)",
            &[
                "--resource",
                "ecs-server",
                "--id",
                "server-old",
                "--for",
                "deleted",
                "--timeout",
                "1m",
            ],
            0,
        ),
        (
            "A database instance being deleted, until the list no longer holds it",
            &[
                "--resource",
                "rds-instance",
                "--id",
                "db-old",
                "--for",
                "deleted",
                "--timeout",
                "1m",
            ],
            0,
        ),
    ];

    /// A run's whole command line against the fake at `url`, credentials included, so
    /// it runs as shown with nothing else set.
    pub fn command(url: &str, args: &[&str]) -> Vec<String> {
        let mut all: Vec<String> = [
            "jobwait",
            "--endpoint",
            url,
            "--token",
            TOKEN,
            "--project-id",
            PROJECT,
        ]
        .map(String::from)
        .to_vec();
        all.extend(args.iter().map(|a| a.to_string()));
        all
    }

    /// The command as a shell takes it: words with other than the plain characters of
    /// ids, URLs and durations are single-quoted.
    pub fn shell(words: &[String]) -> String {
        let plain = |w: &str| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.,:/=@%+".contains(c))
        };
        words
            .iter()
            .map(|w| {
                if plain(w) {
                    w.clone()
                } else {
                    format!("'{}'", w.replace('\'', r"'\''"))
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn config() -> Config {
        let server = json!({"sub_jobs_total": 1, "sub_jobs": [{
            "status": "SUCCESS", "job_id": "sub-ok-1", "job_type": "createSingleServer",
            "entities": {"server_id": "bae51750-0089-41a1-9b18-5c777978ff6d"},
            "error_code": null, "fail_reason": null}]});
        let failed = json!({"sub_jobs_total": 1, "sub_jobs": [{
            "status": "FAIL", "job_id": "sub-fail-1", "job_type": "createSingleServer",
            "entities": {"errorcode_message": "Insufficient EIP quota"},
            "error_code": "Ecs.0037", "fail_reason": "EIP quota exceeded"}]});
        Config::new()
            .project(PROJECT)
            .auth(Auth::Token(TOKEN.into()))
            .job(
                "job-ok",
                Script::Timeline(vec![
                    (0.0, Step::job("INIT")),
                    (1.0, Step::job("RUNNING")),
                    (
                        4.0,
                        Step::job("SUCCESS").fields(json!({"entities": server})),
                    ),
                ]),
            )
            .job(
                "job-fail",
                Script::Timeline(vec![
                    (0.0, Step::job("RUNNING")),
                    (
                        2.0,
                        Step::job("FAIL").fields(json!({
                            "error_code": "Ecs.0039",
                            "fail_reason": "ECS quota exceeded for flavor s3.large",
                            "entities": failed,
                        })),
                    ),
                ]),
            )
            .sequence("job-slow", vec![Step::job("RUNNING")])
            .job_at(
                &format!("/v3/{PROJECT}/jobs?id=db-create"),
                "db-create",
                Script::Timeline(vec![
                    (0.0, rds("Running", "20", None)),
                    (1.5, rds("Running", "60", None)),
                    (3.0, rds("Completed", "", None)),
                ]),
            )
            .job_at(
                &format!("/api/v3/projects/{PROJECT}/jobs/node-pool"),
                "node-pool",
                Script::Timeline(vec![
                    (0.0, cce("Initializing", None)),
                    (1.0, cce("Running", None)),
                    (
                        2.0,
                        cce("Failed", Some("insufficient ECS quota in eu-de-01")),
                    ),
                ]),
            )
            .job_at(
                &format!("/v1/{PROJECT}/cloudservers/server-new"),
                "server-new",
                Script::Timeline(vec![
                    (0.0, ecs_server("server-new", "BUILD")),
                    (3.0, ecs_server("server-new", "ACTIVE")),
                ]),
            )
            .job_at(
                &format!("/v1/{PROJECT}/cloudservers/server-old"),
                "server-old",
                Script::Timeline(vec![
                    (0.0, ecs_server("server-old", "ACTIVE")),
                    (
                        2.0,
                        Step::http(
                            404,
                            json!({"error": {"message": "server-old does not exist"}}),
                        ),
                    ),
                ]),
            )
            .job_at(
                &format!("/v3/{PROJECT}/instances?id=db-new"),
                "db-new",
                Script::Timeline(vec![
                    (0.0, instances(Some(("db-new", "BUILD")))),
                    (3.0, instances(Some(("db-new", "ACTIVE")))),
                ]),
            )
            .job_at(
                &format!("/v3/{PROJECT}/instances?id=db-old"),
                "db-old",
                Script::Timeline(vec![
                    (0.0, instances(Some(("db-old", "ACTIVE")))),
                    (2.0, instances(None)),
                ]),
            )
    }

    /// An ECS server as the ECS API answers (`GET /v1/{project_id}/cloudservers/{id}`):
    /// the documented example, with this id and status.
    pub fn ecs_server(id: &str, status: &str) -> Step {
        let mut answer: Value = serde_json::from_str(include_str!(
            "../data/providers/resources/examples/ecs-server/otc-show-server.json"
        ))
        .expect("the documented example is JSON");
        answer["server"]["id"] = json!(id);
        answer["server"]["status"] = json!(status);
        Step::http(200, answer)
    }

    /// RDS instances as the RDS API lists them (`GET /v3/{project_id}/instances?id=`):
    /// the documented example with this one instance and status, or none (deleted).
    pub fn instances(one: Option<(&str, &str)>) -> Step {
        let mut answer: Value = serde_json::from_str(include_str!(
            "../data/providers/resources/examples/rds-instance/otc-list-instances.json"
        ))
        .expect("the documented example is JSON");
        match one {
            Some((id, status)) => {
                answer["instances"][0]["id"] = json!(id);
                answer["instances"][0]["status"] = json!(status);
            }
            None => {
                answer["instances"] = json!([]);
                answer["total_count"] = json!(0);
            }
        }
        Step::http(200, answer)
    }

    /// An RDS job as the RDS API answers (`GET /v3/{project_id}/jobs?id=`).
    fn rds(status: &str, process: &str, reason: Option<&str>) -> Step {
        Step::http(
            200,
            json!({"job": {"id": "db-create", "name": "CreateMysqlSingleHAInstance", "status": status,
                "process": process, "instance": {"id": "a48e43ff268f4c0e879652d65e63d0fbin01", "name": "demo-db"},
                "fail_reason": reason}}),
        )
    }

    /// A CCE job, whose one sub-job fails with it.
    fn cce(phase: &str, reason: Option<&str>) -> Step {
        let sub = json!({"kind": "Job", "metadata": {"uid": "install-node-1"}, "spec": {"type": "InstallNode"},
            "status": {"phase": if reason.is_some() { "Failed" } else { phase }, "reason": reason}});
        Step::http(
            200,
            json!({"kind": "Job", "apiVersion": "v3", "metadata": {"uid": "node-pool"},
                "spec": {"type": "CreateNode", "resourceID": "node-1", "subJobs": [sub]},
                "status": {"phase": phase, "reason": reason.map(|_| "1 of 1 nodes failed")}}),
        )
    }
}
