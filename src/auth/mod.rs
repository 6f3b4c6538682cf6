//! Credentials, and how each kind authenticates a request.
//!
//! Three methods, chosen in this order when several are configured: a token
//! ([`Token`], `X-Auth-Token`), an access key pair ([`AccessKeys`], `SDK-HMAC-SHA256`
//! signatures), an IAM password login ([`PasswordLogin`], a token obtained at run time).
//! Each is a type implementing [`Method`]: how it authorises a request, what a refusal
//! means for it (retry once, or give up) and what to tell the user then. Whoever sends
//! requests sees only [`Authenticator`], so a new method is a new type here and a few
//! lines in the credential resolver (`config/credentials.rs`), and nothing else. Never
//! retries a rejected signature: the gateway locks an access key for five minutes after
//! five bad ones.

mod access_key;
pub mod iam;
pub mod signer;
mod token;

use std::any::Any;
use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;
use reqwest::{Client, Url};

pub use access_key::AccessKeys;
pub use iam::{PasswordLogin, Scope};
pub use token::Token;

use crate::fault::Fault;
use crate::secret::Secret;

/// A future a [`Method`] returns; boxed, so methods can be chosen at run time.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Called with every secret jobwait obtains at run time (an IAM token), before anything
/// could print it: in GitHub Actions this masks it in the log.
pub type SecretSink = Arc<dyn Fn(&Secret) + Send + Sync>;

/// The request to authorise: what a signature covers.
pub struct Target<'a> {
    /// `GET`, `POST`: as the request is sent.
    pub method: &'a str,
    /// Its `Host` header is [`crate::transport::host_header`] of this URL.
    pub url: &'a Url,
    /// Signed as `X-Project-Id` when known.
    pub project_id: Option<&'a str>,
}

/// What a method may use while it authorises.
pub struct Context<'a> {
    /// For a login.
    pub http: &'a Client,
    /// Told every secret obtained at run time before anything could print it.
    pub on_secret: &'a SecretSink,
    /// How long a login may take.
    pub timeout: Duration,
}

/// What authorised one request: the headers to send with it, and which login made them.
pub struct Authorization {
    pub headers: Vec<(&'static str, HeaderValue)>,
    /// The login whose token was used, so a refusal can be matched to it: a refusal of
    /// an older token is no reason to log in again.
    login: Option<u64>,
}

impl Authorization {
    /// Headers made without a login.
    pub fn headers(headers: Vec<(&'static str, HeaderValue)>) -> Authorization {
        Authorization {
            headers,
            login: None,
        }
    }
}

/// What to do after the API refused a request as unauthorised (401).
#[derive(Debug, PartialEq, Eq)]
pub enum AfterRefusal {
    /// Authorise again and resend: a fresh IAM login may help, once.
    Retry,
    /// Final: resending could only lock the key or repeat the refusal.
    GiveUp,
}

/// One way to prove who we are. `Any`, so tests can look at the method chosen.
pub trait Method: Any + Debug + Send + Sync {
    /// `token`, `AK/SK`, `IAM password login`: for the "auth:" line.
    fn name(&self) -> &'static str;

    /// The headers for `target`, logging in first if the method needs it.
    fn authorize<'a>(
        &'a self,
        cx: &'a Context<'a>,
        target: &'a Target<'a>,
    ) -> BoxFuture<'a, Result<Authorization, Fault>>;

    /// What to suggest when the API answers 401 to these credentials for good.
    fn unauthorized_hint(&self) -> &'static str;

    /// The API answered 401 to a request `authorization` authorised: try again or not.
    fn refused<'a>(&'a self, _authorization: &'a Authorization) -> BoxFuture<'a, AfterRefusal> {
        Box::pin(async { AfterRefusal::GiveUp })
    }

    /// Log in now if the method needs a login and has no token yet: a login scoped by
    /// project name learns the project id, which the request's URL needs.
    fn ready<'a>(&'a self, _cx: &'a Context<'a>) -> BoxFuture<'a, Result<(), Fault>> {
        Box::pin(async { Ok(()) })
    }

    /// Whether the method learns the project id itself (a login scoped by project name),
    /// so none needs to be given.
    fn finds_project_id(&self) -> bool {
        false
    }

    /// The project id the method learnt, once ready.
    fn project_id(&self) -> BoxFuture<'_, Option<String>> {
        Box::pin(async { None })
    }
}

/// What to suggest when the API answers 403: the credentials were accepted, not allowed.
const FORBIDDEN_HINT: &str = "the credentials may not read jobs in this project: check the project id and the user's permissions";

/// Authenticates requests with one method.
pub struct Authenticator {
    method: Arc<dyn Method>,
    on_secret: SecretSink,
}

impl Authenticator {
    /// `on_secret` is told every secret obtained at run time (an IAM token) before anything
    /// could print it.
    pub fn new(method: Arc<dyn Method>, on_secret: SecretSink) -> Authenticator {
        Authenticator { method, on_secret }
    }

    fn context<'a>(&'a self, http: &'a Client, timeout: Duration) -> Context<'a> {
        Context {
            http,
            on_secret: &self.on_secret,
            timeout,
        }
    }

    /// See [`Method::ready`].
    pub async fn ready(&self, http: &Client, timeout: Duration) -> Result<(), Fault> {
        self.method.ready(&self.context(http, timeout)).await
    }

    /// The project id a password login scoped by name was given, once logged in.
    pub async fn project_id(&self) -> Option<String> {
        self.method.project_id().await
    }

    /// The headers for `target`, logging in first if the method needs it.
    pub async fn authorize(
        &self,
        http: &Client,
        target: &Target<'_>,
        timeout: Duration,
    ) -> Result<Authorization, Fault> {
        self.method
            .authorize(&self.context(http, timeout), target)
            .await
    }

    /// The API answered 401 to a request `authorization` authorised.
    pub async fn refused(&self, authorization: &Authorization) -> AfterRefusal {
        self.method.refused(authorization).await
    }

    /// What to suggest when the API refuses the credentials for good (401) or does not
    /// allow what they asked (403); `None` for any other answer.
    pub fn refusal_hint(&self, status: u16) -> Option<&'static str> {
        match status {
            401 => Some(self.method.unauthorized_hint()),
            403 => Some(FORBIDDEN_HINT),
            _ => None,
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

/// A header value we built ourselves from checked parts (dates, ids, signatures).
fn plain_header(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).unwrap_or_else(|_| HeaderValue::from_static(""))
}
