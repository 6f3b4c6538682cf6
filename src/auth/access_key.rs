//! An access key pair: every request signed (`SDK-HMAC-SHA256`, see [`super::signer`])
//! with a fresh date, optionally with the security token of temporary credentials.

use std::time::SystemTime;

use super::{
    Authorization, BoxFuture, Context, Method, Target, plain_header, secret_header, signer,
};
use crate::fault::Fault;
use crate::secret::Secret;
use crate::time::sdk_date;
use crate::transport::host_header;

#[derive(Clone, Debug)]
pub struct AccessKeys {
    /// A secret too: not because an access key is one, but because the two are easily
    /// given the wrong way round, and the secret key then travels as `Access=`.
    pub access_key: Secret,
    pub secret_key: Secret,
    /// Temporary credentials come with a security token.
    pub security_token: Option<Secret>,
}

impl AccessKeys {
    /// The headers that sign `target` at `now`. Each signed header is also sent (the
    /// caller sends `Host`), so the signature covers exactly what the gateway receives.
    fn sign(&self, target: &Target<'_>, now: SystemTime) -> Authorization {
        let date = sdk_date(now);
        let host = host_header(target.url);
        let mut signed: Vec<(&str, &str)> = vec![("Host", &host), ("X-Sdk-Date", &date)];
        let mut headers = vec![("X-Sdk-Date", plain_header(&date))];
        if let Some(p) = target.project_id {
            signed.push(("X-Project-Id", p));
            headers.push(("X-Project-Id", plain_header(p)));
        }
        if let Some(st) = &self.security_token {
            signed.push(("X-Security-Token", st.expose()));
            headers.push(("X-Security-Token", secret_header(st)));
        }
        let authorization = signer::authorization(
            self.access_key.expose(),
            &self.secret_key,
            &signer::Request {
                method: target.method,
                path: target.url.path(),
                query: target.url.query().unwrap_or(""),
                headers: &signed,
                body: b"",
            },
        );
        // It names the access key, so it is marked sensitive like the secrets.
        let mut authorization = plain_header(&authorization);
        authorization.set_sensitive(true);
        headers.push(("Authorization", authorization));
        Authorization::headers(headers)
    }
}

impl Method for AccessKeys {
    fn name(&self) -> &'static str {
        match self.security_token {
            None => "AK/SK",
            Some(_) => "AK/SK with security token",
        }
    }

    fn authorize<'a>(
        &'a self,
        _cx: &'a Context<'a>,
        target: &'a Target<'a>,
    ) -> BoxFuture<'a, Result<Authorization, Fault>> {
        // A fresh date per request: a wait can outlive the 15-minute signature window.
        let authorization = self.sign(target, SystemTime::now());
        Box::pin(async move { Ok(authorization) })
    }

    fn unauthorized_hint(&self) -> &'static str {
        match self.security_token {
            None => {
                "check the secret key, this machine's clock (signatures are valid for 15 minutes) and the project id; not retried, as the gateway locks an access key after five bad signatures"
            }
            Some(_) => {
                "temporary credentials expire: check the security token, the secret key, this machine's clock and the project id; not retried, as the gateway locks an access key after five bad signatures"
            }
        }
    }
}
