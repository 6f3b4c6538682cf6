//! IAM password login: a project-scoped token from `POST {auth_url}/auth/tokens`.
//!
//! The token (the `X-Subject-Token` header) lives 24 hours. The session logs in lazily on
//! first use, shares one token between all jobs, and logs in again at most once when the
//! API refuses the token; a second refusal is final.

use std::fmt;

use reqwest::{Client, Url};
use serde_json::json;
use tokio::sync::Mutex;

use super::{AfterRefusal, Authorization, BoxFuture, Context, Method, Target, secret_header};
use crate::fault::{Fault, Problem};
use crate::jobids;
use crate::secret::{MIN_MASKED, Secret};
use crate::transport::{self, Response};

/// The project a password login's token is scoped to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    ProjectId(String),
    ProjectName(String),
}

/// A password login, and the session it keeps: one token shared by every job.
pub struct PasswordLogin {
    pub username: String,
    pub password: Secret,
    pub domain_name: String,
    /// The IAM base, e.g. `https://iam.eu-de.otc.t-systems.com/v3`.
    pub auth_url: Url,
    pub scope: Scope,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    token: Option<(Secret, u64)>,
    /// Which login produced the current token.
    generation: u64,
    logins: u32,
    project_id: Option<String>,
}

impl fmt::Debug for PasswordLogin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordLogin")
            .field("username", &self.username)
            .field("password", &self.password)
            .field("domain_name", &self.domain_name)
            .field("auth_url", &self.auth_url.as_str())
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

impl PasswordLogin {
    pub fn new(
        username: String,
        password: Secret,
        domain_name: String,
        auth_url: Url,
        scope: Scope,
    ) -> PasswordLogin {
        PasswordLogin {
            username,
            password,
            domain_name,
            auth_url,
            scope,
            state: Mutex::new(State::default()),
        }
    }

    /// The current token and the login that made it, logging in first if there is none.
    /// Concurrent callers wait for one login instead of each starting their own.
    async fn token(&self, cx: &Context<'_>) -> Result<(Secret, u64), Fault> {
        let mut state = self.state.lock().await;
        if let Some(token) = &state.token {
            return Ok(token.clone());
        }
        let (value, project_id) = login(cx.http, self, cx.timeout).await?;
        (cx.on_secret)(&value);
        state.generation += 1;
        state.logins += 1;
        state.project_id = state.project_id.take().or(project_id);
        let token = (value, state.generation);
        state.token = Some(token.clone());
        Ok(token)
    }
}

impl Method for PasswordLogin {
    fn name(&self) -> &'static str {
        "IAM password login"
    }

    fn authorize<'a>(
        &'a self,
        cx: &'a Context<'a>,
        _target: &'a Target<'a>,
    ) -> BoxFuture<'a, Result<Authorization, Fault>> {
        Box::pin(async move {
            let (token, generation) = self.token(cx).await?;
            Ok(Authorization {
                headers: vec![("X-Auth-Token", secret_header(&token))],
                login: Some(generation),
            })
        })
    }

    fn unauthorized_hint(&self) -> &'static str {
        "the token from the IAM login was refused even after logging in again: check the project and the user's permissions"
    }

    /// Log in again, at most once: a second refusal is final. A refusal of an older
    /// token (another job's request raced a fresh login) just retries with the new one.
    fn refused<'a>(&'a self, authorization: &'a Authorization) -> BoxFuture<'a, AfterRefusal> {
        Box::pin(async move {
            let mut state = self.state.lock().await;
            if authorization.login != Some(state.generation) {
                return AfterRefusal::Retry;
            }
            if state.logins >= 2 {
                return AfterRefusal::GiveUp;
            }
            state.token = None;
            AfterRefusal::Retry
        })
    }

    fn ready<'a>(&'a self, cx: &'a Context<'a>) -> BoxFuture<'a, Result<(), Fault>> {
        Box::pin(async move { self.token(cx).await.map(|_| ()) })
    }

    fn finds_project_id(&self) -> bool {
        matches!(self.scope, Scope::ProjectName(_))
    }

    fn project_id(&self) -> BoxFuture<'_, Option<String>> {
        Box::pin(async move { self.state.lock().await.project_id.clone() })
    }
}

/// One login; the error is already classified (transient or rejected).
async fn login(
    http: &Client,
    login: &PasswordLogin,
    timeout: std::time::Duration,
) -> Result<(Secret, Option<String>), Fault> {
    let project = match &login.scope {
        Scope::ProjectId(id) => json!({ "id": id }),
        Scope::ProjectName(name) => {
            json!({ "name": name, "domain": { "name": login.domain_name } })
        }
    };
    let body = json!({
        "auth": {
            "identity": {
                "methods": ["password"],
                "password": { "user": {
                    "name": login.username,
                    "password": login.password.expose(),
                    "domain": { "name": login.domain_name },
                }},
            },
            "scope": { "project": project },
        }
    })
    .to_string();
    let url = tokens_url(&login.auth_url);
    let host = url.host_str().unwrap_or("IAM").to_string();
    let request = http
        .post(url)
        .header("Content-Type", "application/json;charset=utf8")
        .body(body);
    let response = match transport::send(request, timeout).await {
        Ok(response) => response,
        Err(problem) => return Err(Fault::Transient(with_prefix(problem, &host))),
    };
    let status = response.status;
    if (200..300).contains(&status) {
        return issued(login, &response).map_err(|what| {
            Fault::Rejected(Problem::new(format!("IAM login at {host} answered {what}")))
        });
    }
    let what = format!("IAM login refused: {} from {host}", response.status_line());
    let refusal = transport::classify(&response, what);
    Err(match refusal {
        // A 2xx was handled above; a 3xx or 1xx is no login either.
        None => Fault::Rejected(Problem::new(format!(
            "IAM login at {host} answered {status}"
        ))),
        Some(Fault::Rejected(mut p) | Fault::NotFound(mut p)) => {
            p.hint = Some(if status == 401 {
                "check the user name, password and domain (account) name".into()
            } else {
                "check --auth-url and the project scope".into()
            });
            Fault::Rejected(p)
        }
        Some(other) => other,
    })
}

/// What a login answered with a 2xx: its token, and the project id when the scope named
/// the project, each checked like what the user gives; else what was wrong with it. A
/// token too short to be masked is no token (`::add-mask::abc` would mask `abc` in every
/// line of the job), and a project id goes into the path, so one IAM should not have sent
/// is an IAM error, not a path to request.
fn issued(login: &PasswordLogin, response: &Response) -> Result<(Secret, Option<String>), String> {
    let Some(token) = response.header("x-subject-token") else {
        return Err(format!(
            "{} without an X-Subject-Token header",
            response.status
        ));
    };
    let length = token.chars().count();
    if length < MIN_MASKED {
        return Err(format!(
            "a token of {length} characters; no real token is that short, and one that short cannot be masked"
        ));
    }
    let project_id = match login.scope {
        Scope::ProjectId(_) => None,
        Scope::ProjectName(_) => {
            let answer = serde_json::from_slice::<serde_json::Value>(&response.body).ok();
            let id = answer.and_then(|v| v["token"]["project"]["id"].as_str().map(String::from));
            let usable = id.filter(|id| jobids::is_project_id(id)).ok_or(
                "no usable project id (token.project.id) for the project named in the scope",
            )?;
            Some(usable)
        }
    };
    Ok((Secret::new(token), project_id))
}

/// A login that got no answer: the IAM URL is to blame (or the network to it), never the
/// job API's `--endpoint`, which the login does not use.
fn with_prefix(mut problem: Problem, host: &str) -> Problem {
    problem.what = format!("IAM login at {host}: {}", problem.what);
    problem.hint = Some(
        "check the IAM URL (--auth-url, or the region it is built from) and that this machine can reach it; --endpoint is not used to log in".into(),
    );
    problem
}

/// `{auth_url}/auth/tokens`, adding the `/v3` that `OS_AUTH_URL` values sometimes omit.
pub fn tokens_url(auth_url: &Url) -> Url {
    let mut url = auth_url.clone();
    let path = url.path().trim_end_matches('/').to_string();
    let base = if path.is_empty() {
        "/v3".to_string()
    } else {
        path
    };
    url.set_path(&format!("{base}/auth/tokens"));
    url
}

#[cfg(test)]
#[path = "iam_tests.rs"]
mod tests;
