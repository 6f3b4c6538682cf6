//! The job API over HTTP: the [`JobSource`] the wait loop polls in production.
//!
//! It sits on top of the layers below it: [`crate::transport`] sends and sorts answers,
//! [`crate::auth`] authorises each request (and says whether a refusal is worth one more
//! try), and [`crate::job`] reads a job document. This file only builds the job's URL and
//! turns what comes back into the wait loop's [`Answer`].

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::{Client, Url};
use tokio::time::Instant;

use crate::auth::{AfterRefusal, Authenticator, Target};
use crate::fault::{Fault, Problem};
use crate::job::resource::{self as resource_wait, gone_by_word};
use crate::job::{Body, Profile, read_for, read_scanned, scan_reader};
use crate::transport::{self, Condense, Response, host_header};
use crate::wait::{Answer, JobSource, Reply, Unread, UnreadKind};

/// Polls waiting for their answer at once, process-wide. Each holds a connection with its
/// buffers (some 13 KB); unbounded, 100,000 jobs at a high `--max-rps` against an API
/// slower than that opened 25,000 connections and 570 MB.
pub const MAX_IN_FLIGHT: usize = 128;
static IN_FLIGHT: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(MAX_IN_FLIGHT);

/// The real job API.
pub struct HttpSource {
    http: Client,
    api: Api,
    auth: Authenticator,
}

/// Where a job API is and how to ask it.
pub struct Api {
    pub base: Url,
    pub profile: Profile,
    /// The path's other placeholders (`instance_id`, …) and their values.
    pub params: Vec<(String, String)>,
    pub project_id: Option<String>,
}

impl HttpSource {
    pub fn new(http: Client, api: Api, auth: Authenticator) -> HttpSource {
        HttpSource { http, api, auth }
    }

    async fn url_for(&self, job_id: &str) -> Url {
        let api = &self.api;
        let project = match &api.project_id {
            Some(p) => p.clone(),
            None => self.auth.project_id().await.unwrap_or_default(),
        };
        let mut values = vec![
            ("project_id", project.as_str()),
            (api.profile.kind.id_placeholder(), job_id),
        ];
        values.extend(api.params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        api.profile.url(&api.base, &values)
    }

    async fn exchange(&self, job_id: &str, until: Instant) -> (Answer, Option<SystemTime>) {
        let left = || until.saturating_duration_since(Instant::now());
        loop {
            if let Err(fault) = self.auth.ready(&self.http, left()).await {
                return (Answer::Fault(fault), None);
            }
            let url = self.url_for(job_id).await;
            let target = Target {
                method: self.api.profile.method.as_str(),
                url: &url,
                project_id: self.api.project_id.as_deref(),
            };
            let authorization = match self.auth.authorize(&self.http, &target, left()).await {
                Ok(a) => a,
                Err(fault) => return (Answer::Fault(fault), None),
            };
            // Sent with the method it was signed with.
            let mut request = self
                .http
                .request(self.api.profile.method.clone(), url.clone())
                .header("Accept", "application/json")
                .header("Host", host_header(&url));
            for (name, value) in &authorization.headers {
                request = request.header(*name, value.clone());
            }
            // The profile's own headers (CAE's X-Environment-ID), filled from --param.
            let params: Vec<(&str, &str)> = (self.api.params.iter())
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            for (name, value) in self.api.profile.filled_headers(&params) {
                request = request.header(name, value);
            }
            // A good answer too large to hold is read through for the profile's fields.
            let profile = self.api.profile.clone();
            let condense: Condense = Arc::new(move |r| scan_reader(&profile, r));
            let response = match transport::send_until(request, until, Some(condense)).await {
                Ok(r) => r,
                Err(mut problem) => {
                    problem.what = format!(
                        "{} ({} {})",
                        problem.what,
                        self.api.profile.method,
                        host_header(&url)
                    );
                    // A good answer too large to read may have been the end (a FAIL padded
                    // past the limit); one whose body broke off or never ended is the
                    // network's doing, retried as any transient failure.
                    let good = problem.status.is_some_and(|s| (200..=299).contains(&s));
                    let answer = if good && problem.too_large {
                        Answer::Unread(Unread {
                            problem,
                            kind: UnreadKind::NotADocument,
                            detail: None,
                        })
                    } else {
                        Answer::Fault(Fault::Transient(problem))
                    };
                    return (answer, None);
                }
            };
            if response.status == 401
                && self.auth.refused(&authorization).await == AfterRefusal::Retry
            {
                continue;
            }
            let date = response.date();
            return (self.answer_for(job_id, &url, response).await, date);
        }
    }

    async fn answer_for(&self, job_id: &str, url: &Url, response: Response) -> Answer {
        let what = format!("{} from {}", response.status_line(), host_header(url));
        let hint = match response.status {
            401 | 403 => self
                .auth
                .refusal_hint(response.status)
                .unwrap_or_default()
                .into(),
            300..=399 => match response.header("location") {
                Some(to) => format!("redirected to {to}; point --endpoint at the API itself"),
                None => "redirected; point --endpoint at the API itself".into(),
            },
            _ => "check --endpoint, --service and --path".into(),
        };
        let mut answer = if response.body.len() > transport::LARGE_BODY {
            // A large body takes a while to read: off the runtime's thread, so no timer
            // of any job fires late, and one at a time (the response holds the permit).
            let profile = self.api.profile.clone();
            let job = job_id.to_string();
            tokio::task::spawn_blocking(move || classify_for(&profile, Some(&job), &response, what))
                .await
                .unwrap_or_else(|_| {
                    Answer::Fault(Fault::Transient(Problem::new("reading the answer failed")))
                })
        } else {
            classify_for(&self.api.profile, Some(job_id), &response, what)
        };
        if let Answer::Fault(Fault::Rejected(p)) = &mut answer {
            p.hint = Some(hint);
        }
        answer
    }
}

impl JobSource for HttpSource {
    /// A poll that finds [`MAX_IN_FLIGHT`] others still waiting for their answers for
    /// all of `timeout` is not sent: that is jobwait asking faster than the API answers,
    /// so it counts as throttled (everyone slows down), never as an API that did not
    /// answer. The exchange is boxed: a wait holds it only while it runs, so a hundred
    /// thousand jobs waiting their turn cost their own state, not an HTTP client's each.
    fn fetch(&self, job_id: &str, timeout: Duration) -> impl Future<Output = Reply> + Send {
        Box::pin(async move {
            let sent = Instant::now();
            // One deadline for the whole exchange and for the transport inside it: at the
            // same instant, the inner one answers first and says how far the answer got.
            let until = crate::time::after(sent, timeout);
            let Ok(Ok(_turn)) = tokio::time::timeout_at(until, IN_FLIGHT.acquire()).await else {
                let problem = Problem::new(format!(
                    "not sent: {MAX_IN_FLIGHT} requests were still waiting for their answers; sending slower"
                ));
                return Reply {
                    answer: Answer::Fault(Fault::Throttled(problem)),
                    sent,
                    received: Instant::now(),
                    server_date: None,
                };
            };
            let outcome = tokio::time::timeout_at(until, self.exchange(job_id, until)).await;
            let (answer, server_date) = outcome.unwrap_or_else(|_| {
                (
                    Answer::Fault(Fault::Transient(transport::no_answer(timeout))),
                    None,
                )
            });
            Reply {
                answer,
                sent,
                received: Instant::now(),
                server_date,
            }
        })
    }
}

/// What an HTTP answer means for the wait: its status code sorts it, and a 2xx body must
/// be a job document of `profile`'s API. `what` names the answer for messages (`503
/// Service Unavailable from host`).
pub fn classify(profile: &Profile, response: &Response, what: String) -> Answer {
    classify_for(profile, None, response, what)
}

/// As [`classify`], for job `job_id`: a 2xx document about another job is not its answer.
pub fn classify_for(
    profile: &Profile,
    job_id: Option<&str>,
    response: &Response,
    what: String,
) -> Answer {
    if let Some(fault) = transport::classify(response, what.clone()) {
        return gone_or(profile, response.status, fault);
    }
    let unread = |kind: UnreadKind, why: String, detail: Option<String>| {
        Answer::Unread(Unread {
            problem: response.problem(format!("{what}, but {why}")),
            kind,
            detail,
        })
    };
    let body = match &response.condensed {
        Some(kept) => read_scanned(profile, job_id, kept),
        None => read_for(profile, job_id, &response.body),
    };
    match body {
        Body::Job(doc)
            if resource_wait::wants_gone(profile) && gone_by_word(profile, &doc.status) =>
        {
            Answer::Gone {
                how: format!("status {}", doc.status),
                doc: Some(doc),
            }
        }
        Body::Job(doc) => Answer::Job(doc),
        Body::Gone(how) if resource_wait::wants_gone(profile) => Answer::Gone {
            how: format!("{what}: {how}"),
            doc: None,
        },
        Body::Gone(how) => unread(UnreadKind::NotListed, how, None),
        Body::QueryError(info) => Answer::Fault(Fault::Transient(Problem {
            info,
            ..response.problem(format!("{what}, but the job query failed"))
        })),
        Body::NotAJob(reason) => unread(
            UnreadKind::NotADocument,
            format!("not a job document: {reason}"),
            None,
        ),
        Body::NoStatus { at, keys } => unread(
            UnreadKind::NoStatus,
            format!("no status at {at}"),
            Some(keys),
        ),
        Body::OtherJob(why) => unread(UnreadKind::OtherJob, why, None),
        Body::NotListed(why) => unread(UnreadKind::NotListed, why, None),
    }
}

/// What a refused answer (`fault`, HTTP `status`) means for a resource: gone, when its
/// profile says this answer means so (404; DDS's `400 DBS.280110`) and the wait is for
/// that; else not found, which is tolerated for `--not-found-grace` as for a job. A
/// gateway's own 404 (`APIGW.0101`: no such API, a wrong path or host) is never gone:
/// that would turn a wrong endpoint into "deleted".
fn gone_or(profile: &Profile, status: u16, fault: Fault) -> Answer {
    let code = fault.problem().info.code.clone();
    let gateway = code.as_deref().is_some_and(|c| c.starts_with("APIGW."));
    if gateway || !resource_wait::gone_by_answer(profile, status, code.as_deref()) {
        return Answer::Fault(fault);
    }
    let problem = match fault {
        Fault::Transient(p) | Fault::Throttled(p) | Fault::NotFound(p) | Fault::Rejected(p) => p,
    };
    if resource_wait::wants_gone(profile) {
        Answer::Gone {
            how: problem.to_string(),
            doc: None,
        }
    } else {
        Answer::Fault(Fault::NotFound(problem))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(status: u16, body: &str) -> &'static str {
        let common = crate::job::builtin::common("ecs");
        match classify(&common, &Response::new(status, body), format!("{status}")) {
            Answer::Job(_) => "job",
            Answer::Fault(Fault::Transient(_)) => "transient",
            Answer::Fault(Fault::Throttled(_)) => "throttled",
            Answer::Fault(Fault::NotFound(_)) => "not found",
            Answer::Fault(Fault::Rejected(_)) => "rejected",
            Answer::Unread(_) => "unread",
            Answer::Gone { .. } => "gone",
        }
    }

    #[test]
    fn only_a_2xx_job_document_is_a_job() {
        let job = r#"{"status":"RUNNING"}"#;
        let err = r#"{"error":{"code":"X","message":"m"}}"#;
        assert_eq!(kind(200, job), "job");
        assert_eq!(kind(200, err), "transient");
        assert_eq!(kind(200, "<html>proxy</html>"), "unread");
        assert_eq!(kind(200, r#"{"status":"RUNN"#), "unread");
        assert_eq!(kind(503, job), "transient");
        assert_eq!(kind(429, err), "throttled");
        assert_eq!(kind(404, err), "not found");
        assert_eq!(kind(401, job), "rejected");
    }

    /// Polls beyond [`MAX_IN_FLIGHT`] wait their turn within their own timeout; one that
    /// gets none is throttled (everyone slows down), never an API that did not answer.
    #[tokio::test(start_paused = true)]
    async fn a_poll_that_gets_no_turn_is_throttled_not_unanswered() {
        use std::sync::Arc;

        use crate::auth::Token;
        use crate::secret::Secret;
        use crate::transport::Proxies;

        let _all = IN_FLIGHT.acquire_many(MAX_IN_FLIGHT as u32).await.unwrap();
        let api = Api {
            base: Url::parse("http://127.0.0.1:9/").unwrap(),
            profile: crate::job::builtin::common("ecs"),
            params: Vec::new(),
            project_id: Some("p".into()),
        };
        let token = Arc::new(Token(Secret::new("tok-Secret-in-flight")));
        let auth = Authenticator::new(token, Arc::new(|_: &Secret| {}));
        let http = transport::client(&Proxies::default()).unwrap();
        let source = HttpSource::new(http, api, auth);
        let reply = source.fetch("j", Duration::from_millis(300)).await;
        let Answer::Fault(Fault::Throttled(problem)) = reply.answer else {
            panic!("{:?}", reply.answer);
        };
        assert_eq!(
            problem.to_string(),
            "not sent: 128 requests were still waiting for their answers; sending slower"
        );
        assert_eq!(reply.received - reply.sent, Duration::from_millis(300));
    }

    #[test]
    fn a_200_query_error_keeps_the_api_message() {
        let answer = Response::new(200, r#"{"code":"Ecs.0114","message":"busy"}"#);
        let common = crate::job::builtin::common("ecs");
        let Answer::Fault(Fault::Transient(p)) = classify(&common, &answer, "200 OK".into()) else {
            panic!()
        };
        assert_eq!(
            p.to_string(),
            "200 OK, but the job query failed: Ecs.0114: busy"
        );
    }
}
