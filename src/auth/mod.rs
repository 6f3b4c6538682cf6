//! Credentials, and how each kind authenticates a request.
//!
//! Three methods, chosen in this order when several are configured: a token
//! (`X-Auth-Token`), an access key pair (`SDK-HMAC-SHA256` signatures), an IAM password
//! login (a token obtained at run time). Whoever sends requests sees only
//! [`Authenticator`]: "authorise this request" and "the API refused it, what now?", so a
//! new method stays inside this module and the credential resolver. Never retries a
//! rejected signature: the gateway locks an access key for five minutes after five bad
//! ones.

pub mod iam;
pub mod signer;

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::HeaderValue;
use reqwest::{Client, Url};

use crate::fault::Fault;
use crate::secret::Secret;
use crate::time::sdk_date;
use crate::transport::host_header;

/// What the user gave us to authenticate with.
#[derive(Clone, Debug)]
pub enum Credentials {
    Token(Secret),
    AkSk {
        access_key: String,
        secret_key: Secret,
        /// Temporary credentials come with a security token.
        security_token: Option<Secret>,
    },
    Password(PasswordLogin),
}

#[derive(Clone, Debug)]
pub struct PasswordLogin {
    pub username: String,
    pub password: Secret,
    pub domain_name: String,
    /// The IAM base, e.g. `https://iam.eu-de.otc.t-systems.com/v3`.
    pub auth_url: Url,
    pub scope: Scope,
}

/// The project a password login's token is scoped to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    ProjectId(String),
    ProjectName(String),
}

impl Credentials {
    /// `token`, `AK/SK`, `password` — for the "auth:" line.
    pub fn method(&self) -> &'static str {
        match self {
            Credentials::Token(_) => "token",
            Credentials::AkSk {
                security_token: None,
                ..
            } => "AK/SK",
            Credentials::AkSk { .. } => "AK/SK with security token",
            Credentials::Password(_) => "IAM password login",
        }
    }

    /// What to suggest when the API answers 401 to these credentials.
    pub fn rejection_hint(&self) -> &'static str {
        match self {
            Credentials::Token(_) => {
                "the token was refused: tokens expire after 24 hours and are scoped to one project and region"
            }
            Credentials::AkSk {
                security_token: None,
                ..
            } => {
                "check the secret key, this machine's clock (signatures are valid for 15 minutes) and the project id; not retried, as the gateway locks an access key after five bad signatures"
            }
            Credentials::AkSk { .. } => {
                "temporary credentials expire: check the security token, the secret key, this machine's clock and the project id; not retried, as the gateway locks an access key after five bad signatures"
            }
            Credentials::Password(_) => {
                "the token from the IAM login was refused even after logging in again: check the project and the user's permissions"
            }
        }
    }
}

/// Called with every secret jobwait obtains at run time (an IAM token), before anything
/// could print it: in GitHub Actions this masks it in the log.
pub type SecretSink = Arc<dyn Fn(&Secret) + Send + Sync>;

/// Authenticates requests with one set of credentials.
pub struct Authenticator {
    credentials: Credentials,
    /// The login session, for password credentials.
    iam: Option<iam::Session>,
}

/// What authorised one request: the headers to send with it, and the token they carry.
pub struct Authorization {
    pub headers: Vec<(&'static str, HeaderValue)>,
    /// The IAM token used, so a refusal can be matched to the login that made it.
    token: Option<iam::Token>,
}

/// What to do after the API refused a request as unauthorised (401).
#[derive(Debug, PartialEq, Eq)]
pub enum AfterRefusal {
    /// Authorise again and resend: a fresh IAM login may help, once.
    Retry,
    /// Final: resending could only lock the key or repeat the refusal.
    GiveUp,
}

impl Authenticator {
    /// `on_secret` is told every secret obtained at run time (an IAM token) before anything
    /// could print it.
    pub fn new(credentials: Credentials, on_secret: SecretSink) -> Authenticator {
        let iam = match &credentials {
            Credentials::Password(login) => Some(iam::Session::new(login.clone(), on_secret)),
            _ => None,
        };
        Authenticator { credentials, iam }
    }

    /// Log in now if the method needs a login and has no token yet: a login scoped by
    /// project name learns the project id, which the request's URL needs.
    pub async fn ready(&self, http: &Client, timeout: Duration) -> Result<(), Fault> {
        if let Some(session) = &self.iam {
            session.token(http, timeout).await?;
        }
        Ok(())
    }

    /// The project id a password login scoped by name was given, once logged in.
    pub async fn project_id(&self) -> Option<String> {
        match &self.iam {
            Some(session) => session.project_id().await,
            None => None,
        }
    }

    /// Log in first if the method needs it; then the headers for a `method` request to
    /// `url` (whose `Host` header is [`host_header`]). `project_id` is signed as
    /// `X-Project-Id` when known.
    pub async fn authorize(
        &self,
        http: &Client,
        method: &str,
        url: &Url,
        project_id: Option<&str>,
        timeout: Duration,
    ) -> Result<Authorization, Fault> {
        let mut headers = Vec::new();
        let mut token = None;
        match &self.credentials {
            Credentials::Token(secret) => headers.push(("X-Auth-Token", secret_header(secret))),
            Credentials::Password(_) => {
                let session = self.iam.as_ref().expect("a password login has a session");
                let t = session.token(http, timeout).await?;
                headers.push(("X-Auth-Token", secret_header(&t.value)));
                token = Some(t);
            }
            Credentials::AkSk {
                access_key,
                secret_key,
                security_token,
            } => {
                // A fresh date per request: a wait can outlive the 15-minute signature window.
                let date = sdk_date(SystemTime::now());
                let host = host_header(url);
                // Each signed header is also sent (the caller sends Host); the signature
                // covers exactly what the gateway receives.
                let mut signed: Vec<(&str, &str)> = vec![("Host", &host), ("X-Sdk-Date", &date)];
                headers.push(("X-Sdk-Date", plain_header(&date)));
                if let Some(p) = project_id {
                    signed.push(("X-Project-Id", p));
                    headers.push(("X-Project-Id", plain_header(p)));
                }
                if let Some(st) = security_token {
                    signed.push(("X-Security-Token", st.expose()));
                    headers.push(("X-Security-Token", secret_header(st)));
                }
                let authorization = signer::authorization(
                    access_key,
                    secret_key,
                    &signer::Request {
                        method,
                        path: url.path(),
                        query: url.query().unwrap_or(""),
                        headers: &signed,
                        body: b"",
                    },
                );
                headers.push(("Authorization", plain_header(&authorization)));
            }
        }
        Ok(Authorization { headers, token })
    }

    /// The API answered 401 to a request `authorization` authorised.
    pub async fn refused(&self, authorization: &Authorization) -> AfterRefusal {
        match (&self.iam, &authorization.token) {
            (Some(session), Some(token)) => session.refused(token).await,
            _ => AfterRefusal::GiveUp,
        }
    }

    /// What to suggest when the API refuses these credentials for good.
    pub fn rejection_hint(&self) -> &'static str {
        self.credentials.rejection_hint()
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

/// A header value we built ourselves from checked parts (dates, ids, signatures).
fn plain_header(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).unwrap_or_else(|_| HeaderValue::from_static(""))
}
