//! Credentials, and how each kind authenticates a request.
//!
//! Three methods, chosen in this order when several are configured: a token
//! (`X-Auth-Token`), an access key pair (`SDK-HMAC-SHA256` signatures), an IAM password
//! login (a token obtained at run time). Never retries a rejected signature: the gateway
//! locks an access key for five minutes after five bad ones.

pub mod iam;
pub mod signer;

use std::sync::Arc;

use reqwest::Url;

use crate::secret::Secret;

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
