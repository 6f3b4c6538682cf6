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
//!
//! This file holds the world a test configures ([`Config`]), the running fake
//! ([`FakeApi`]) and the routing of a request; `fake_api/` holds the scripts, the HTTP
//! side, the gateway's checks and the demo's world.
#![allow(dead_code)]

#[path = "sdk_signature.rs"]
pub mod sdk_signature;

#[path = "fake_api/demo.rs"]
pub mod demo;
#[path = "fake_api/gateway.rs"]
mod gateway;
#[path = "fake_api/http.rs"]
mod http;
#[path = "fake_api/script.rs"]
mod script;

#[allow(unused_imports)] // each includer uses its own part
pub use script::{Body, Script, Simulated, Step, stamp};

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde_json::json;
use tokio::net::TcpListener;

use gateway::{check_auth, login, no_such_api, unauthorized};
use http::{Request, serve_connection};
use script::play;

/// The project and token of [`Config::standard`], the world most tests run in.
pub const TEST_PROJECT: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
pub const TEST_TOKEN: &str = "tok-Secret-1234567890abcdef";

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
pub(crate) struct State {
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

/// Decide the step for a request: routing, authentication, then the job's script.
pub(crate) fn answer(
    req: &Request,
    cfg: &Config,
    st: &Mutex<State>,
) -> (Step, Option<String>, String) {
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
