//! The HTTP layer: one client for the process, requests sent and read within a deadline,
//! and answers sorted by what they mean for whoever asked (a [`Fault`], described as a
//! [`Problem`] with the API's own error body, from [`crate::fault`]).
//!
//! It knows neither credentials nor jobs: [`crate::auth`] adds what proves who we are, and
//! [`crate::source`] turns a good answer into a job. Keeping it ignorant is what lets a new
//! authentication method or a new job API leave this file alone.
//!
//! Every request is bounded twice: by reqwest's own timeout and by `tokio::time::timeout`
//! around the whole exchange including the body, so a stalled or slow-dripping server can
//! never hold a wait past its deadline. Redirects are not followed: a token in
//! `X-Auth-Token` must not be replayed to whatever host a redirect names.

use std::error::Error as _;
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::{Client, RequestBuilder, Url};
use tokio::time::Instant;

use crate::fault::{ErrorInfo, Fault, Problem};

mod overflow;
mod proxy_check;
pub use overflow::{Condense, READ_THROUGH_LIMIT};
pub use proxy_check::check_proxy;

/// Larger answers are cut off: a job document is a few kilobytes, an error page maybe a
/// few megabytes, and anything beyond is not worth the memory.
pub const BODY_LIMIT: usize = 16 * 1024 * 1024;

/// Answers larger than this are read and read out one at a time, process-wide: a hundred
/// jobs answering 15 MiB each must not cost a hundred times 15 MiB.
pub const LARGE_BODY: usize = 64 * 1024;

/// The one permit for a large answer, held from the moment an answer grows past
/// [`LARGE_BODY`] until whoever reads it drops the [`Response`].
static LARGE_BODIES: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

/// The proxies to use, as configuration resolved them from the environment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Proxies {
    /// For `https://` URLs (`HTTPS_PROXY`, else `ALL_PROXY`).
    pub https: Option<String>,
    /// For `http://` URLs (`HTTP_PROXY`, else `ALL_PROXY`).
    pub http: Option<String>,
    /// Hosts to reach directly (`NO_PROXY`).
    pub no_proxy: Option<String>,
}

/// Hosts always reached directly, whatever `NO_PROXY` says: this machine. Decided for
/// each request's own URL, so a loopback IAM is reached directly although the job API is
/// remote (through a plain-http proxy the password would cross it in clear text), a
/// remote IAM still goes through the proxy although the job API is local, and a local
/// stand-in is never captured by a developer's proxy.
const LOOPBACK: &str = "localhost, 127.0.0.0/8, ::1";

/// Build the one HTTP client of the process: every URL it is asked for goes through the
/// proxy for its scheme, unless `NO_PROXY` names its host or the host is this machine.
pub fn client(proxies: &Proxies) -> reqwest::Result<Client> {
    // Ring rather than aws-lc: no C toolchain quirks when cross-building static binaries,
    // and a smaller binary. Installing twice is harmless (the demo runs us in-process).
    let _ = rustls::crypto::ring::default_provider().install_default();
    // reqwest would read the proxy variables itself; configuration has already read them,
    // so that one place decides what the environment means.
    let mut builder = Client::builder()
        .user_agent(concat!("jobwait/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .pool_idle_timeout(Duration::from_secs(90))
        .no_proxy();
    let direct = || {
        let listed = proxies.no_proxy.as_deref().unwrap_or("").trim();
        reqwest::NoProxy::from_string(&format!("{listed}, {LOOPBACK}"))
    };
    if let Some(url) = &proxies.https {
        builder = builder.proxy(reqwest::Proxy::https(url)?.no_proxy(direct()));
    }
    if let Some(url) = &proxies.http {
        builder = builder.proxy(reqwest::Proxy::http(url)?.no_proxy(direct()));
    }
    builder.build()
}

/// An answer read in full (up to [`BODY_LIMIT`]), or a good one larger than that read
/// through a [`Condense`].
pub struct Response {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// What the caller's [`Condense`] kept of a good answer too large to hold (`body` is
    /// then empty).
    pub condensed: Option<serde_json::Value>,
    /// Held while a large body is in memory: see [`LARGE_BODY`].
    _large: Option<tokio::sync::SemaphorePermit<'static>>,
}

impl Response {
    /// An answer with no headers (tests and fuzzing build answers this way).
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: HeaderMap::new(),
            body: body.into(),
            condensed: None,
            _large: None,
        }
    }

    /// The same answer with one more header; a value that cannot be a header is dropped.
    pub fn with_header(mut self, name: &'static str, value: &str) -> Response {
        if let Ok(value) = value.parse() {
            self.headers.insert(name, value);
        }
        self
    }

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

    /// A problem with this answer, described as `what`.
    pub fn problem(&self, what: String) -> Problem {
        Problem {
            status: Some(self.status),
            what,
            request_id: self.request_id(),
            retry_after: self.retry_after(),
            ..Problem::default()
        }
    }

    /// `503 Service Unavailable`
    pub fn status_line(&self) -> String {
        status_line(self.status)
    }
}

/// Sort an answer by its status code: `None` for 2xx, else the [`Fault`] it is, described
/// with the API's own error code and message. `what` names the answer for messages
/// (`503 Service Unavailable from host`).
pub fn classify(response: &Response, what: String) -> Option<Fault> {
    let status = response.status;
    if (200..=299).contains(&status) {
        return None;
    }
    let problem = Problem {
        info: ErrorInfo::from_body(&response.body),
        ..response.problem(what)
    };
    Some(match status {
        404 => Fault::NotFound(problem),
        429 => Fault::Throttled(problem),
        408 | 500 | 502..=504 | 506..=510 | 520..=599 => Fault::Transient(problem),
        _ => Fault::Rejected(problem),
    })
}

/// Send a request and read the whole answer within `timeout`, describing any failure for
/// a person: [`send_until`] with the deadline `timeout` from now.
pub async fn send(request: RequestBuilder, timeout: Duration) -> Result<Response, Problem> {
    send_until(request, crate::time::after(Instant::now(), timeout), None).await
}

/// Send a request and read the whole answer by `until`, describing any failure for a
/// person. The limit covers the body too: reqwest's own timeout is set as well, but a body
/// that trickles in is only stopped by the outer `tokio::time::timeout_at`. A good (2xx)
/// answer larger than [`BODY_LIMIT`] is read through `condense`, when given, instead of
/// refused.
///
/// A failure says how far the exchange got, so nobody is told "nothing answered" about a
/// server that did: once the status line is read, the problem carries the status (a body
/// that broke off or never ended); an answer that is not HTTP at all (a bad status line,
/// headers too large) is marked [`Problem::not_http`].
pub async fn send_until(
    request: RequestBuilder,
    until: Instant,
    condense: Option<Condense>,
) -> Result<Response, Problem> {
    let timeout = until.saturating_duration_since(Instant::now());
    // The status, once the head is read (0 before): what a timeout interrupted.
    let head = AtomicU16::new(0);
    let exchange = async {
        let mut response = request
            .timeout(timeout)
            .send()
            .await
            .map_err(|e| describe(e, timeout, None))?;
        let status = response.status().as_u16();
        head.store(status, Ordering::Relaxed);
        let headers = std::mem::take(response.headers_mut());
        // Its announced size, when within the limit: growing a buffer by doubling holds
        // the old and the new one at once, half again the memory of the body.
        let announced = response.content_length().unwrap_or(0) as usize;
        // Only a good answer is worth reading through; an error page past the limit is not.
        let condense = condense.filter(|_| (200..=299).contains(&status));
        let condensed = |kept, large| Response {
            status,
            headers: headers.clone(),
            body: Vec::new(),
            condensed: Some(kept),
            _large: large,
        };
        if announced > BODY_LIMIT {
            // Decided on its announcement: holding the first 16 MiB would only be thrown
            // away, so it is read through from its first byte, or refused unread.
            let Some(condense) = condense else {
                return Err(too_large(status));
            };
            let kept = overflow::read_through(&mut response, Vec::new(), condense, status);
            return Ok(condensed(kept.await?, None));
        }
        let mut body = Vec::with_capacity(announced.min(LARGE_BODY));
        let mut large = None;
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| describe(e, timeout, Some(status)))?
        {
            if body.len() + chunk.len() > BODY_LIMIT {
                let Some(condense) = condense else {
                    return Err(too_large(status));
                };
                body.extend_from_slice(&chunk);
                let kept = overflow::read_through(&mut response, body, condense, status);
                return Ok(condensed(kept.await?, large));
            }
            if large.is_none() && body.len() + chunk.len() > LARGE_BODY {
                // Never closed, so acquiring cannot fail.
                large = LARGE_BODIES.acquire().await.ok();
                body.reserve_exact(announced.min(BODY_LIMIT).saturating_sub(body.len()));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Response {
            status,
            headers,
            body,
            condensed: None,
            _large: large,
        })
    };
    match tokio::time::timeout_at(until, exchange).await {
        Ok(result) => result,
        Err(_) => Err(match head.load(Ordering::Relaxed) {
            0 => no_answer(timeout),
            status => body_unfinished(status, timeout),
        }),
    }
}

/// The one message for every way a request can run out of time before an answer began.
pub fn no_answer(timeout: Duration) -> Problem {
    Problem::new(format!(
        "no answer within {}",
        crate::time::format_elapsed_precise(timeout)
    ))
}

/// An answer past [`BODY_LIMIT`], announced or read.
fn too_large(status: u16) -> Problem {
    Problem {
        status: Some(status),
        too_large: true,
        ..Problem::new(format!(
            "the answer ({status}) is larger than {} MiB; not a job document",
            BODY_LIMIT / 1024 / 1024
        ))
    }
}

/// An answer whose status line came but whose body did not end in time.
fn body_unfinished(status: u16, timeout: Duration) -> Problem {
    Problem {
        status: Some(status),
        ..Problem::new(format!(
            "{}, but its body did not end within {}",
            status_line(status),
            crate::time::format_elapsed_precise(timeout)
        ))
    }
}

/// What went wrong, as far as the exchange got: `status` once the head was read.
fn describe(e: reqwest::Error, timeout: Duration, status: Option<u16>) -> Problem {
    let mut cause = e.source();
    let (mut root, mut not_http) = (None, false);
    while let Some(c) = cause {
        root = Some(c.to_string());
        // hyper's own word that the bytes that came back are not an HTTP answer it reads:
        // a parse error, or bytes before any request (an SSH or SMTP banner; hyper has
        // no predicate for that kind, only its description).
        not_http |= c.downcast_ref::<hyper::Error>().is_some_and(|h| {
            h.is_parse() || h.to_string() == "received unexpected message from connection"
        });
        cause = c.source();
    }
    let root = root.map(|r| format!(": {r}")).unwrap_or_default();
    if let Some(status) = status {
        if e.is_timeout() {
            return body_unfinished(status, timeout);
        }
        return Problem {
            status: Some(status),
            ..Problem::new(format!(
                "{}, but the answer broke off{root}",
                status_line(status)
            ))
        };
    }
    if e.is_timeout() {
        return no_answer(timeout);
    }
    if not_http {
        return Problem {
            not_http: true,
            ..Problem::new(format!(
                "the answer is not HTTP that jobwait can read{root}"
            ))
        };
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

/// `503 Service Unavailable`, or just `599` for a code without a name.
fn status_line(status: u16) -> String {
    let reason = reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    format!("{status} {reason}").trim_end().to_string()
}

/// `host` or `host:port` when the port is not the scheme's default: what `Host` carries.
pub fn host_header(url: &Url) -> String {
    let host = url.host_str().unwrap_or("");
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}

#[cfg(test)]
mod misbehaving;

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(status: u16) -> &'static str {
        let body = br#"{"error":{"code":"X","message":"m"}}"#;
        match classify(&Response::new(status, &body[..]), format!("{status}")) {
            None => "ok",
            Some(Fault::Transient(_)) => "transient",
            Some(Fault::Throttled(_)) => "throttled",
            Some(Fault::NotFound(_)) => "not found",
            Some(Fault::Rejected(_)) => "rejected",
        }
    }

    #[test]
    fn status_codes_are_classified_as_documented() {
        assert_eq!(kind(200), "ok");
        assert_eq!(kind(204), "ok");
        for s in [408, 500, 502, 503, 504] {
            assert_eq!(kind(s), "transient", "{s}");
        }
        assert_eq!(kind(429), "throttled");
        assert_eq!(kind(404), "not found");
        for s in [301, 400, 401, 403, 405, 409, 501] {
            assert_eq!(kind(s), "rejected", "{s}");
        }
    }

    /// A live exchange against a small mock: status, headers and the whole body are
    /// kept, a redirect is answered, not followed (a token must not follow it).
    #[tokio::test]
    async fn send_reads_the_whole_answer_and_follows_no_redirect() {
        let mut server = mockito::Server::new_async().await;
        let moved = server
            .mock("GET", "/v1/p/jobs/j")
            .with_status(302)
            .with_header("Location", "https://elsewhere.example.com/")
            .create_async()
            .await;
        let busy = server
            .mock("GET", "/busy")
            .with_status(503)
            .with_header("Retry-After", "7")
            .with_header("X-Request-Id", "req-9")
            .with_body(r#"{"error_code":"APIGW.0503","error_msg":"busy"}"#)
            .create_async()
            .await;
        let http = client(&Proxies::default()).unwrap();
        let get = |path: &str| http.get(format!("{}{path}", server.url()));
        let timeout = Duration::from_secs(10);

        let redirect = send(get("/v1/p/jobs/j"), timeout).await.unwrap();
        assert_eq!(redirect.status, 302);
        assert_eq!(
            redirect.header("location").as_deref(),
            Some("https://elsewhere.example.com/")
        );
        let answer = send(get("/busy"), timeout).await.unwrap();
        assert_eq!(answer.retry_after(), Some(Duration::from_secs(7)));
        let Some(Fault::Transient(p)) = classify(&answer, answer.status_line()) else {
            panic!("a 503 is worth retrying");
        };
        assert_eq!(
            p.to_string(),
            "503 Service Unavailable: APIGW.0503: busy (request id req-9)"
        );
        moved.assert_async().await;
        busy.assert_async().await;
    }

    #[test]
    fn problems_read_as_one_line() {
        let answer = Response::new(
            401,
            r#"{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information"}"#,
        )
        .with_header("x-request-id", "req-1");
        let Some(Fault::Rejected(mut p)) = classify(
            &answer,
            "401 Unauthorized from ecs.eu-de.otc.t-systems.com".into(),
        ) else {
            panic!()
        };
        p.hint = Some("check the secret key".into());
        assert_eq!(
            p.to_string(),
            "401 Unauthorized from ecs.eu-de.otc.t-systems.com: APIGW.0301: Incorrect IAM authentication information (request id req-1) — check the secret key"
        );
    }
}
