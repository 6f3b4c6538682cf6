//! The gateway's and IAM's side: "no such API", tokens, AK/SK signatures recomputed with
//! the fake's own copy of the SDK's algorithm ([`super::sdk_signature`]), and password
//! logins that issue (and revoke) tokens.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use serde_json::{Value, json};

use super::http::Request;
use super::{Auth, Config, State, Step, sdk_signature};

pub(crate) fn no_such_api() -> Step {
    Step::http(
        404,
        json!({"error": {"code": "APIGW.0101", "message": "The API does not exist"}}),
    )
}

pub(crate) fn unauthorized(why: &str) -> Step {
    Step::http(401, json!({"error_code": "APIGW.0301", "error_msg": format!("Incorrect IAM authentication information: {why}"), "request_id": "req-401"}))
        .header("X-Request-Id", "req-401")
}

pub(crate) fn check_auth(req: &Request, cfg: &Config, st: &Mutex<State>) -> Result<(), String> {
    let token = req.header("x-auth-token");
    match &cfg.auth {
        Auth::None => Ok(()),
        Auth::Token(want) => (token == Some(want.as_str()))
            .then_some(())
            .ok_or("bad or missing X-Auth-Token".into()),
        Auth::AkSk {
            ak,
            sk,
            security_token,
        } => verify_signature(req, ak, sk, security_token.as_deref()),
        Auth::Iam(iam) => {
            let token = token.ok_or("no X-Auth-Token")?;
            let mut s = st.lock().unwrap();
            if s.revoked.iter().any(|t| t == token) {
                return Err("token expired".into());
            }
            let index = s
                .issued
                .iter()
                .position(|(t, _)| t == token)
                .ok_or("token not issued by this IAM")?;
            s.issued[index].1 += 1;
            let limit = iam.revoke_every_after.or(if index == 0 {
                iam.revoke_first_after
            } else {
                None
            });
            if limit.is_some_and(|l| s.issued[index].1 > l) {
                s.revoked.push(token.to_string());
                return Err("token expired".into());
            }
            Ok(())
        }
    }
}

/// Recompute the signature the way the gateway does: with the headers the request says
/// it signed, a date within 15 minutes, and the mandatory ones present.
fn verify_signature(
    req: &Request,
    ak: &str,
    sk: &str,
    security_token: Option<&str>,
) -> Result<(), String> {
    let got = req
        .header("authorization")
        .ok_or("no Authorization header")?;
    let rest = got
        .strip_prefix("SDK-HMAC-SHA256 ")
        .ok_or("not SDK-HMAC-SHA256")?;
    let fields: HashMap<&str, &str> = rest.split(", ").filter_map(|p| p.split_once('=')).collect();
    if fields.get("Access") != Some(&ak) {
        return Err("wrong access key".into());
    }
    let signed: Vec<&str> = fields
        .get("SignedHeaders")
        .ok_or("no SignedHeaders")?
        .split(';')
        .collect();
    for must in ["host", "x-sdk-date"] {
        if !signed.contains(&must) {
            return Err(format!("header {must} is not signed"));
        }
    }
    if let Some(want) = security_token
        && (req.header("x-security-token") != Some(want) || !signed.contains(&"x-security-token"))
    {
        return Err("missing, wrong or unsigned X-Security-Token".into());
    }
    let date = req.header("x-sdk-date").ok_or("no X-Sdk-Date")?;
    let parsed = parse_sdk_date(date).ok_or(format!("bad X-Sdk-Date {date}"))?;
    let skew = SystemTime::now()
        .duration_since(parsed)
        .unwrap_or_else(|e| e.duration());
    if skew > Duration::from_secs(15 * 60) {
        return Err("X-Sdk-Date is more than 15 minutes off".into());
    }
    let mut headers = Vec::new();
    for name in &signed {
        let value = req
            .header(name)
            .ok_or(format!("signed header {name} is absent"))?;
        headers.push((name.to_string(), value.to_string()));
    }
    let (path, query) = req.path.split_once('?').unwrap_or((&req.path, ""));
    let want = sdk_signature::authorization(&req.method, path, query, &headers, &req.body, ak, sk);
    (want == got)
        .then_some(())
        .ok_or("signature mismatch".into())
}

fn parse_sdk_date(d: &str) -> Option<SystemTime> {
    if d.len() != 16 {
        return None;
    }
    let iso = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &d[0..4],
        &d[4..6],
        &d[6..8],
        &d[9..11],
        &d[11..13],
        &d[13..15]
    );
    humantime::parse_rfc3339(&iso).ok()
}

pub(crate) fn login(req: &Request, cfg: &Config, st: &Mutex<State>) -> Step {
    if req.path.split('?').next() != Some("/v3/auth/tokens") {
        return Step::http(
            404,
            json!({"error": {"code": "APIGW.0101", "message": "no such API"}}),
        );
    }
    let Auth::Iam(iam) = &cfg.auth else {
        return Step::http(
            404,
            json!({"error": {"code": "APIGW.0101", "message": "no IAM here"}}),
        );
    };
    let Ok(body) = serde_json::from_slice::<Value>(&req.body) else {
        return Step::http(
            400,
            json!({"error": {"code": "IAM.0001", "message": "bad token request"}}),
        );
    };
    let user = &body["auth"]["identity"]["password"]["user"];
    let scope = &body["auth"]["scope"]["project"];
    let ok = user["name"] == iam.user.as_str()
        && user["password"] == iam.password.as_str()
        && user["domain"]["name"] == iam.domain.as_str()
        && body["auth"]["identity"]["methods"] == json!(["password"])
        && (iam.project_id.as_deref().is_some_and(|p| scope["id"] == p)
            || iam
                .project_name
                .as_deref()
                .is_some_and(|n| scope["name"] == n));
    if !ok && iam.echo_refusals {
        let page = format!(
            "<html><h1>401 Unauthorized</h1><pre>{}</pre></html>",
            String::from_utf8_lossy(&req.body)
        );
        return Step::text(401, &page).header("Content-Type", "text/html");
    }
    if !ok {
        return Step::http(
            401,
            json!({"error": {"code": 401, "title": "Unauthorized", "message": "The username or password is wrong."}}),
        );
    }
    let token = {
        let mut s = st.lock().unwrap();
        let token = format!("MII-issued-{}", s.issued.len());
        s.issued.push((token.clone(), 0));
        token
    };
    Step::http(201, json!({"token": {"expires_at": "2099-01-01T00:00:00.000000Z", "project": {"id": iam.project_id.clone().unwrap_or("p-from-name".into())}}}))
        .header("X-Subject-Token", &token)
}
