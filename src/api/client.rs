//! The HTTP side of the job API: one `reqwest` client (one connection pool for every job),
//! authentication applied per request, and each answer classified for the wait loop.
//!
//! Every request is bounded twice: by reqwest's own timeout and by `tokio::time::timeout`
//! around the whole exchange including the body, so a stalled or slow-dripping server can
//! never hold a wait past its deadline. Redirects are not followed: a token in
//! `X-Auth-Token` must not be replayed to whatever host a redirect names.

use std::error::Error as _;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Client, RequestBuilder, Url};
use tokio::time::Instant;

use super::{Answer, JobSource, Problem, Reply, classify};
use crate::auth::iam::{AfterRefusal, Session, Token};
use crate::auth::signer;
use crate::auth::{Credentials, SecretSink};
use crate::secret::Secret;
use crate::time::sdk_date;

/// Larger answers are cut off: a job document is a few kilobytes, an error page maybe a
/// few megabytes, and anything beyond is not worth the memory.
pub const BODY_LIMIT: usize = 16 * 1024 * 1024;

/// Build the one HTTP client of the process.
pub fn http_client(loopback: bool) -> anyhow::Result<Client> {
    // Ring rather than aws-lc: no C toolchain quirks when cross-building static binaries,
    // and a smaller binary. Installing twice is harmless (the demo runs us in-process).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut builder = Client::builder()
        .user_agent(concat!("jobwait/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .pool_idle_timeout(Duration::from_secs(90));
    if loopback {
        // A developer's HTTP_PROXY must not capture requests to a local stand-in.
        builder = builder.no_proxy();
    }
    Ok(builder.build()?)
}

/// An answer read in full (up to [`BODY_LIMIT`]).
pub struct Response {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)?
            .to_str()
            .ok()
            .map(|s| s.trim().to_string())
    }

    pub fn request_id(&self) -> Option<String> {
        self.header("x-request-id")
            .or_else(|| self.header("x-openstack-request-id"))
    }

    /// `Retry-After` in seconds or as an HTTP date.
    pub fn retry_after(&self) -> Option<Duration> {
        let value = self.header("retry-after")?;
        if let Ok(secs) = value.parse::<f64>() {
            return Duration::try_from_secs_f64(secs).ok();
        }
        let at = httpdate::parse_http_date(&value).ok()?;
        Some(
            at.duration_since(SystemTime::now())
                .unwrap_or(Duration::ZERO),
        )
    }

    pub fn date(&self) -> Option<SystemTime> {
        httpdate::parse_http_date(&self.header("date")?).ok()
    }

    /// `503 Service Unavailable`
    pub fn status_line(&self) -> String {
        let reason = reqwest::StatusCode::from_u16(self.status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("");
        format!("{} {reason}", self.status).trim_end().to_string()
    }
}

/// Send a request and read the whole answer within `timeout`, describing any failure for
/// a person. The limit covers the body too: reqwest's own timeout is set as well, but a
/// body that trickles in is only stopped by the outer `tokio::time::timeout`.
pub async fn send(request: RequestBuilder, timeout: Duration) -> Result<Response, Problem> {
    let exchange = async {
        let mut response = request
            .timeout(timeout)
            .send()
            .await
            .map_err(|e| describe(e, timeout))?;
        let status = response.status().as_u16();
        let headers = std::mem::take(response.headers_mut());
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| describe(e, timeout))? {
            if body.len() + chunk.len() > BODY_LIMIT {
                return Err(Problem::new(format!(
                    "the answer ({status}) is larger than {} MiB; not a job document",
                    BODY_LIMIT / 1024 / 1024
                )));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Response {
            status,
            headers,
            body,
        })
    };
    match tokio::time::timeout(timeout, exchange).await {
        Ok(result) => result,
        Err(_) => Err(no_answer(timeout)),
    }
}

/// The one message for every way a request can run out of time.
pub fn no_answer(timeout: Duration) -> Problem {
    Problem::new(format!(
        "no answer within {}",
        crate::time::format_elapsed_precise(timeout)
    ))
}

fn describe(e: reqwest::Error, timeout: Duration) -> Problem {
    let mut cause = e.source();
    let mut root = None;
    while let Some(c) = cause {
        root = Some(c.to_string());
        cause = c.source();
    }
    let root = root.map(|r| format!(": {r}")).unwrap_or_default();
    if e.is_timeout() {
        return no_answer(timeout);
    }
    let what = if e.is_connect() {
        format!("could not connect{root}")
    } else if e.is_body() || e.is_decode() {
        format!("the answer broke off{root}")
    } else {
        format!("the request failed{root}")
    };
    Problem::new(what)
}

/// The real job API.
pub struct HttpSource {
    http: Client,
    base: Url,
    path_template: String,
    project_id: Option<String>,
    credentials: Credentials,
    /// The login session, for password credentials.
    iam: Option<Session>,
}

impl HttpSource {
    pub fn new(
        http: Client,
        base: Url,
        path_template: String,
        project_id: Option<String>,
        credentials: Credentials,
        on_secret: SecretSink,
    ) -> HttpSource {
        let iam = match &credentials {
            Credentials::Password(login) => Some(Session::new(login.clone(), on_secret)),
            _ => None,
        };
        HttpSource {
            http,
            base,
            path_template,
            project_id,
            credentials,
            iam,
        }
    }

    async fn url_for(&self, job_id: &str) -> Url {
        let project = match (&self.project_id, &self.iam) {
            (Some(p), _) => p.clone(),
            (None, Some(session)) => session.project_id().await.unwrap_or_default(),
            (None, None) => String::new(),
        };
        let path = self
            .path_template
            .replace("{project_id}", &project)
            .replace("{job_id}", job_id);
        let mut url = self.base.clone();
        url.set_path(&format!(
            "{}{}",
            self.base.path().trim_end_matches('/'),
            path
        ));
        url
    }

    /// One authenticated GET; `token` is the IAM token used, if any.
    async fn get(
        &self,
        url: &Url,
        timeout: Duration,
        token: Option<&Token>,
    ) -> Result<Response, Problem> {
        let host = host_header(url);
        let mut request = self
            .http
            .get(url.clone())
            .header("Accept", "application/json")
            .header("Host", &host);
        request = match &self.credentials {
            Credentials::Token(token) => request.header("X-Auth-Token", secret_header(token)),
            Credentials::Password(_) => match token {
                Some(t) => request.header("X-Auth-Token", secret_header(&t.value)),
                None => request,
            },
            Credentials::AkSk {
                access_key,
                secret_key,
                security_token,
            } => {
                // A fresh date per request: a wait can outlive the 15-minute signature window.
                let date = sdk_date(SystemTime::now());
                // Each signed header is also sent (Host already is); the signature covers
                // exactly what the gateway receives.
                let mut signed: Vec<(&str, &str)> = vec![("Host", &host), ("X-Sdk-Date", &date)];
                request = request.header("X-Sdk-Date", &date);
                if let Some(p) = &self.project_id {
                    signed.push(("X-Project-Id", p));
                    request = request.header("X-Project-Id", p);
                }
                if let Some(st) = security_token {
                    signed.push(("X-Security-Token", st.expose()));
                    request = request.header("X-Security-Token", secret_header(st));
                }
                let authorization = signer::authorization(
                    access_key,
                    secret_key,
                    &signer::Request {
                        method: "GET",
                        path: url.path(),
                        query: url.query().unwrap_or(""),
                        headers: &signed,
                        body: b"",
                    },
                );
                request.header("Authorization", authorization)
            }
        };
        send(request, timeout).await
    }

    async fn exchange(&self, job_id: &str, timeout: Duration) -> (Answer, Option<SystemTime>) {
        let until = Instant::now() + timeout;
        let left = || until.saturating_duration_since(Instant::now());
        let mut token = match &self.iam {
            Some(session) => match session.token(&self.http, left()).await {
                Ok(t) => Some(t),
                Err(answer) => return (answer, None),
            },
            None => None,
        };
        loop {
            let url = self.url_for(job_id).await;
            let response = match self.get(&url, left(), token.as_ref()).await {
                Ok(r) => r,
                Err(mut problem) => {
                    problem.what = format!("{} (GET {})", problem.what, host_header(&url));
                    return (Answer::Transient(problem), None);
                }
            };
            if let (401, Some(session), Some(t)) = (response.status, &self.iam, &token)
                && session.refused(t).await == AfterRefusal::Retry
            {
                match session.token(&self.http, left()).await {
                    Ok(fresh) => {
                        token = Some(fresh);
                        continue;
                    }
                    Err(answer) => return (answer, response.date()),
                }
            }
            let what = format!("{} from {}", response.status_line(), host_header(&url));
            let mut answer = classify(
                response.status,
                &response.body,
                what,
                response.request_id(),
                response.retry_after(),
            );
            if let Answer::Rejected(p) = &mut answer {
                p.hint = Some(match p.status {
                    Some(401) => self.credentials.rejection_hint().to_string(),
                    Some(403) => "the credentials may not read jobs in this project: check the project id and the user's permissions".into(),
                    Some(300..=399) => match response.header("location") {
                        Some(to) => format!("redirected to {to}; point --endpoint at the API itself"),
                        None => "redirected; point --endpoint at the API itself".into(),
                    },
                    _ => "check --endpoint, --service and --path".into(),
                });
            }
            return (answer, response.date());
        }
    }
}

impl JobSource for HttpSource {
    async fn fetch(&self, job_id: &str, timeout: Duration) -> Reply {
        let sent = Instant::now();
        let outcome = tokio::time::timeout(timeout, self.exchange(job_id, timeout)).await;
        let (answer, server_date) =
            outcome.unwrap_or_else(|_| (Answer::Transient(no_answer(timeout)), None));
        Reply {
            answer,
            sent,
            received: Instant::now(),
            server_date,
        }
    }
}

/// A credential as a header value, marked sensitive so that no `Debug` of the request,
/// in reqwest or below, can show it. Config refuses values that are not header-safe, so
/// the empty fallback cannot be reached; if it were, the API would refuse it (exit 3).
fn secret_header(secret: &Secret) -> HeaderValue {
    let mut value =
        HeaderValue::from_str(secret.expose()).unwrap_or_else(|_| HeaderValue::from_static(""));
    value.set_sensitive(true);
    value
}

/// `host` or `host:port` when the port is not the scheme's default: what `Host` carries.
fn host_header(url: &Url) -> String {
    let host = url.host_str().unwrap_or("");
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}
