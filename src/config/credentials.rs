//! Which credentials to use, when several kinds are configured: exactly one method, in
//! the order token, AK/SK, password. The choice and where each part came from are
//! described for the start-up line; the secrets themselves never are.

use super::{Lookup, Result, Sourced, UsageError, usage};
use crate::auth::{Credentials, PasswordLogin, Scope};
use crate::cli::Cli;
use crate::endpoint::{self, Cloud};
use crate::secret::Secret;

/// Pick exactly one method: token, then AK/SK, then password.
pub(super) fn choose(
    cli: &Cli,
    l: &Lookup,
    cloud: &Cloud,
    region: Option<&Sourced>,
    project_id: Option<&str>,
) -> Result<(Credentials, String)> {
    let token = l.get(
        &cli.token,
        "token",
        &["HW_AUTH_TOKEN", "OS_AUTH_TOKEN", "OS_TOKEN"],
    );
    let ak = l.get(
        &cli.access_key,
        "access_key",
        &[
            "HW_ACCESS_KEY",
            "OS_ACCESS_KEY",
            "HUAWEICLOUD_SDK_AK",
            "HUAWEI_CLOUD_ACCESS_KEY_ID",
        ],
    );
    let sk = l.get(
        &cli.secret_key,
        "secret_key",
        &[
            "HW_SECRET_KEY",
            "OS_SECRET_KEY",
            "HUAWEICLOUD_SDK_SK",
            "HUAWEI_CLOUD_SECRET_ACCESS_KEY",
        ],
    );
    let sts = l.get(
        &cli.security_token,
        "security_token",
        &[
            "HW_SECURITY_TOKEN",
            "OS_SECURITY_TOKEN",
            "HUAWEICLOUD_SDK_SECURITY_TOKEN",
            "HUAWEI_CLOUD_SECURITY_TOKEN",
        ],
    );
    let user = l.get(&cli.username, "username", &["HW_USER_NAME", "OS_USERNAME"]);
    let password = l.get(
        &cli.password,
        "password",
        &["HW_USER_PASSWORD", "OS_PASSWORD"],
    );
    let domain = l.get(
        &cli.domain_name,
        "domain_name",
        &["HW_DOMAIN_NAME", "OS_USER_DOMAIN_NAME", "OS_DOMAIN_NAME"],
    );
    let auth_url = l.get(&cli.auth_url, "auth_url", &["HW_AUTH_URL", "OS_AUTH_URL"]);
    let project_name = l.get(
        &cli.project_name,
        "project_name",
        &["HW_PROJECT_NAME", "OS_PROJECT_NAME"],
    );

    let sources = |items: &[&Option<Sourced>]| -> String {
        items
            .iter()
            .filter_map(|s| s.as_ref().map(|s| s.source.clone()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let aksk_complete = ak.is_some() && sk.is_some();
    let password_complete = user.is_some() && password.is_some();
    let mut ignored = Vec::new();

    let chosen = if let Some(t) = &token {
        if ak.is_some() || sk.is_some() {
            ignored.push(format!("AK/SK ({})", sources(&[&ak, &sk])));
        }
        if user.is_some() || password.is_some() {
            ignored.push(format!("password login ({})", sources(&[&user, &password])));
        }
        (
            Credentials::Token(header_secret(t, "token")?),
            format!("token ({})", t.source),
        )
    } else if aksk_complete {
        let (ak, sk) = (ak.clone().expect("checked"), sk.clone().expect("checked"));
        if user.is_some() || password.is_some() {
            ignored.push(format!("password login ({})", sources(&[&user, &password])));
        }
        if ak.value.contains(char::is_whitespace) || !ak.value.is_ascii() {
            return usage(format!(
                "the access key from {} contains spaces or non-ASCII characters",
                ak.source
            ));
        }
        let creds = Credentials::AkSk {
            access_key: ak.value.clone(),
            secret_key: Secret::new(sk.value.clone()),
            security_token: sts
                .as_ref()
                .map(|s| header_secret(s, "security token"))
                .transpose()?,
        };
        let mut note = format!("{} ({}", creds.method(), sources(&[&Some(ak), &Some(sk)]));
        if let Some(s) = &sts {
            note.push_str(&format!(", {}", s.source));
        }
        note.push(')');
        (creds, note)
    } else if password_complete {
        let (user, password) = (
            user.clone().expect("checked"),
            password.clone().expect("checked"),
        );
        let Some(domain) = &domain else {
            return usage(format!(
                "a password login (user from {}) needs the account's domain name: --domain-name (or HW_DOMAIN_NAME, OS_USER_DOMAIN_NAME)",
                user.source
            ));
        };
        let auth_url = match &auth_url {
            Some(s) => endpoint::check_url(&s.source, &s.value).map_err(UsageError)?,
            None => cloud
                .iam_url(region.map(|r| r.value.as_str()))
                .map_err(UsageError)?,
        };
        let scope = match (project_id, &project_name) {
            (Some(id), _) => Scope::ProjectId(id.to_string()),
            (None, Some(name)) => Scope::ProjectName(name.value.clone()),
            (None, None) => {
                return usage(
                    "a password login needs a project to scope its token to: --project-id or --project-name",
                );
            }
        };
        let note = format!(
            "IAM password login ({}, {}) at {auth_url}",
            user.source, password.source
        );
        let login = PasswordLogin {
            username: user.value,
            password: Secret::new(password.value),
            domain_name: domain.value.clone(),
            auth_url,
            scope,
        };
        (Credentials::Password(login), note)
    } else {
        let mut partial = Vec::new();
        if ak.is_some() != sk.is_some() {
            partial.push(format!(
                "an access key pair needs both halves (found only {})",
                sources(&[&ak, &sk])
            ));
        }
        if user.is_some() != password.is_some() {
            partial.push(format!(
                "a password login needs user name and password (found only {})",
                sources(&[&user, &password])
            ));
        }
        let partial = if partial.is_empty() {
            String::new()
        } else {
            format!(" ({})", partial.join("; "))
        };
        return usage(format!(
            "no credentials{partial}: give a token (--token, JOBWAIT_TOKEN, HW_AUTH_TOKEN, OS_AUTH_TOKEN), an access key pair (--access-key and --secret-key, HW_ACCESS_KEY/HW_SECRET_KEY, OS_ACCESS_KEY/OS_SECRET_KEY, HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK), or a password login (--username, --password, --domain-name; HW_USER_NAME/HW_USER_PASSWORD, OS_USERNAME/OS_PASSWORD)"
        ));
    };
    let (creds, mut note) = chosen;
    if !ignored.is_empty() {
        note.push_str(&format!("; not used: {}", ignored.join(", ")));
    }
    Ok((creds, note))
}

/// A secret that travels in a header (a token, a security token) must be printable ASCII
/// without spaces; anything else is a copy-paste accident better caught here than by a
/// 401 from the gateway. The message names the source, never the value.
fn header_secret(s: &Sourced, what: &str) -> Result<Secret> {
    if s.value.bytes().all(|b| b.is_ascii_graphic()) {
        Ok(Secret::new(s.value.clone()))
    } else {
        usage(format!(
            "the {what} from {} contains spaces, line breaks or non-ASCII characters; it cannot be sent in an HTTP header",
            s.source
        ))
    }
}
