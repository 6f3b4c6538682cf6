//! Which credentials to use, when several kinds are configured: exactly one method, in
//! the order token, AK/SK, password. The choice and where each part came from are
//! described for the start-up line; the secrets themselves never are.

use super::lookup::{Lookup, Sourced};
use super::{Result, UsageError};
use std::sync::Arc;

use crate::auth::{AccessKeys, Method, PasswordLogin, Scope, Token};
use crate::endpoint::{self, Cloud};
use crate::options::{self, Opt};
use crate::secret::{MIN_MASKED, Secret};

/// Every credential input that was given, with where it came from.
struct Given {
    token: Option<Sourced>,
    ak: Option<Sourced>,
    sk: Option<Sourced>,
    sts: Option<Sourced>,
    user: Option<Sourced>,
    password: Option<Sourced>,
}

/// `HW_ACCESS_KEY, HW_SECRET_KEY`: where the given parts came from.
fn sources(items: &[&Option<Sourced>]) -> String {
    items
        .iter()
        .filter_map(|s| s.as_ref().map(|s| s.source.clone()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Pick exactly one method: token, then AK/SK, then password.
pub(super) fn choose(
    l: &Lookup,
    cloud: &Cloud,
    region: Option<&Sourced>,
    project_id: Option<&str>,
) -> Result<(Arc<dyn Method>, String)> {
    let g = Given {
        token: l.get(&options::TOKEN),
        ak: l.get(&options::ACCESS_KEY),
        sk: l.get(&options::SECRET_KEY),
        sts: l.get(&options::SECURITY_TOKEN),
        user: l.get(&options::USERNAME),
        password: l.get(&options::PASSWORD),
    };
    let mut ignored = Vec::new();
    let (creds, mut note) = if let Some(t) = &g.token {
        if g.ak.is_some() || g.sk.is_some() {
            ignored.push(format!("AK/SK ({})", sources(&[&g.ak, &g.sk])));
        }
        if g.user.is_some() || g.password.is_some() {
            ignored.push(format!(
                "password login ({})",
                sources(&[&g.user, &g.password])
            ));
        }
        let token = Token(header_secret(t, "token")?);
        let note = format!("{} ({})", token.name(), t.source);
        (Arc::new(token) as Arc<dyn Method>, note)
    } else if let (Some(ak), Some(sk)) = (&g.ak, &g.sk) {
        if g.user.is_some() || g.password.is_some() {
            ignored.push(format!(
                "password login ({})",
                sources(&[&g.user, &g.password])
            ));
        }
        access_keys(ak, sk, g.sts.as_ref())?
    } else if let (Some(user), Some(password)) = (&g.user, &g.password) {
        password_login(l, cloud, region, project_id, user, password)?
    } else {
        return Err(no_credentials(&g));
    };
    if !ignored.is_empty() {
        note.push_str(&format!("; not used: {}", ignored.join(", ")));
    }
    Ok((creds, note))
}

fn access_keys(
    ak: &Sourced,
    sk: &Sourced,
    sts: Option<&Sourced>,
) -> Result<(Arc<dyn Method>, String)> {
    if ak.value.contains(char::is_whitespace) || !ak.value.is_ascii() {
        return Err(UsageError::AccessKey(ak.source.clone()));
    }
    let keys = AccessKeys {
        // Masked like the secret key, whose place it easily swaps with; no length rule, as
        // an access key is no secret of its own.
        access_key: Secret::new(ak.value.clone()),
        secret_key: secret(sk, "secret key")?,
        security_token: sts
            .map(|s| header_secret(s, "security token"))
            .transpose()?,
    };
    let mut parts = vec![ak.source.clone(), sk.source.clone()];
    parts.extend(sts.map(|s| s.source.clone()));
    let note = format!("{} ({})", keys.name(), parts.join(", "));
    Ok((Arc::new(keys), note))
}

fn password_login(
    l: &Lookup,
    cloud: &Cloud,
    region: Option<&Sourced>,
    project_id: Option<&str>,
    user: &Sourced,
    password: &Sourced,
) -> Result<(Arc<dyn Method>, String)> {
    let Some(domain) = l.get(&options::DOMAIN_NAME) else {
        return Err(UsageError::NoDomain {
            user_source: user.source.clone(),
            option: &options::DOMAIN_NAME,
        });
    };
    let auth_url = match l.get(&options::AUTH_URL) {
        Some(s) => endpoint::check_url(&s.source, &s.value).map_err(UsageError::Endpoint)?,
        None => cloud
            .iam_url(region.map(|r| r.value.as_str()))
            .map_err(UsageError::Endpoint)?,
    };
    let scope = match (project_id, l.get(&options::PROJECT_NAME)) {
        (Some(id), _) => Scope::ProjectId(id.to_string()),
        (None, Some(name)) => Scope::ProjectName(name.value),
        (None, None) => return Err(UsageError::NoScope),
    };
    let login = PasswordLogin::new(
        user.value.clone(),
        secret(password, "password")?,
        domain.value,
        auth_url,
        scope,
    );
    let note = format!(
        "{} ({}, {}) at {}",
        login.name(),
        user.source,
        password.source,
        login.auth_url
    );
    Ok((Arc::new(login), note))
}

/// Every way to give credentials, from the option table, and what was found half-given.
fn no_credentials(g: &Given) -> UsageError {
    let mut partial = Vec::new();
    if g.ak.is_some() != g.sk.is_some() {
        partial.push(format!(
            "an access key pair needs both halves (found only {})",
            sources(&[&g.ak, &g.sk])
        ));
    }
    if g.user.is_some() != g.password.is_some() {
        partial.push(format!(
            "a password login needs user name and password (found only {})",
            sources(&[&g.user, &g.password])
        ));
    }
    let partial = if partial.is_empty() {
        String::new()
    } else {
        format!(" ({})", partial.join("; "))
    };
    let ways = |opts: &[&Opt]| {
        opts.iter()
            .map(|o| o.ways())
            .collect::<Vec<_>>()
            .join(" and ")
    };
    UsageError::NoCredentials {
        partial,
        ways: format!(
            "a token: {}; an access key pair: {}; a password login: {} with {}; or an entry of clouds.yaml that has one: {}",
            ways(&[&options::TOKEN]),
            ways(&[&options::ACCESS_KEY, &options::SECRET_KEY]),
            ways(&[&options::USERNAME, &options::PASSWORD]),
            ways(&[&options::DOMAIN_NAME]),
            ways(&[&options::OS_CLOUD])
        ),
    }
}

/// A secret that travels in a header (a token, a security token) must be printable ASCII
/// without spaces; anything else is a copy-paste accident better caught here than by a
/// 401 from the gateway. The message names the source, never the value.
fn header_secret(s: &Sourced, what: &'static str) -> Result<Secret> {
    if s.value.bytes().all(|b| b.is_ascii_graphic()) {
        secret(s, what)
    } else {
        Err(UsageError::NotHeaderSafe {
            what,
            from: s.source.clone(),
        })
    }
}

/// A credential long enough to be masked wherever it shows up. Output masking leaves
/// values shorter than [`MIN_MASKED`] alone (masking every `abc` would garble the log), so
/// such a value would be printed as it is; no real token, key or password is that short.
fn secret(s: &Sourced, what: &'static str) -> Result<Secret> {
    if s.value.chars().count() < MIN_MASKED {
        return Err(UsageError::SecretTooShort {
            what,
            from: s.source.clone(),
            min: MIN_MASKED,
        });
    }
    Ok(Secret::new(s.value.clone()))
}
