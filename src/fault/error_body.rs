//! Error bodies, in the shapes the clouds send them.
//!
//! Gateways answer `{"error_code":"APIGW.0301","error_msg":"…"}`, services
//! `{"error":{"code":"Ecs.0005","message":"…"}}`, OpenStack-style services
//! `{"itemNotFound":{"message":"…","code":404}}`, and proxies whatever they like. We read
//! the flat forms, then one level of nesting, then fall back to a shortened raw text.

use serde_json::{Map, Value};

use crate::sanitize::shorten;

/// The longest raw body text we keep for a message; error pages can be megabytes.
const RAW_LIMIT: usize = 300;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorInfo {
    pub code: Option<String>,
    pub message: Option<String>,
    /// The body's own `request_id`, when it has one (the header is preferred).
    pub request_id: Option<String>,
    /// The body itself, shortened, when it has no recognisable code or message. Secrets
    /// in it are masked before it is shortened, since a cut through one hides it from
    /// masking later.
    pub raw: Option<String>,
}

impl ErrorInfo {
    pub fn from_body(bytes: &[u8]) -> ErrorInfo {
        let text = String::from_utf8_lossy(bytes);
        let info = Self::from_json_text(&text);
        if info.code.is_some() || info.message.is_some() {
            return info;
        }
        let trimmed = text.trim();
        ErrorInfo {
            raw: (!trimmed.is_empty()).then(|| shorten(trimmed, RAW_LIMIT)),
            ..info
        }
    }

    /// Code and message from a JSON text; both `None` when it is not JSON or has neither.
    pub fn from_json_text(text: &str) -> ErrorInfo {
        if crate::json_limits::too_much_structure(text.as_bytes()) {
            return ErrorInfo::default();
        }
        match serde_json::from_str::<Value>(&crate::json_limits::cap_depth(text)) {
            Ok(value) => ErrorInfo::from_value(&value),
            Err(_) => ErrorInfo::default(),
        }
    }

    /// Code and message from a parsed body; both `None` when it has neither.
    pub fn from_value(value: &Value) -> ErrorInfo {
        let Value::Object(top) = value else {
            return ErrorInfo::default();
        };
        let request_id = text_of(top.get("request_id"));
        if let Some(found) = flat(top) {
            return ErrorInfo {
                request_id,
                ..found
            };
        }
        for value in top.values() {
            if let Value::Object(inner) = value
                && let Some(found) = flat(inner)
            {
                let request_id = request_id.or_else(|| text_of(inner.get("request_id")));
                return ErrorInfo {
                    request_id,
                    ..found
                };
            }
        }
        ErrorInfo {
            request_id,
            ..ErrorInfo::default()
        }
    }

    /// `APIGW.0301: Incorrect IAM authentication information`, or the raw text.
    pub fn summary(&self) -> Option<String> {
        match (&self.code, &self.message) {
            (Some(c), Some(m)) => Some(format!("{c}: {m}")),
            (Some(c), None) => Some(c.clone()),
            (None, Some(m)) => Some(m.clone()),
            (None, None) => self.raw.clone(),
        }
    }
}

fn flat(map: &Map<String, Value>) -> Option<ErrorInfo> {
    // SFS Turbo spells them errCode/errMsg.
    for (code_key, msg_key) in [
        ("error_code", "error_msg"),
        ("code", "message"),
        ("errCode", "errMsg"),
    ] {
        let code = text_of(map.get(code_key));
        let message = text_of(map.get(msg_key));
        if code.is_some() || message.is_some() {
            return Some(ErrorInfo {
                code,
                message,
                ..ErrorInfo::default()
            });
        }
    }
    None
}

fn text_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gateway_shape() {
        let info = ErrorInfo::from_body(
            br#"{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: verify aksk signature fail","request_id":"abc123"}"#,
        );
        assert_eq!(info.code.as_deref(), Some("APIGW.0301"));
        assert!(info.message.unwrap().starts_with("Incorrect IAM"));
        assert_eq!(info.request_id.as_deref(), Some("abc123"));
    }

    #[test]
    fn service_shape_from_the_reference() {
        let info = ErrorInfo::from_body(br#"{"error": {"message": "XXXX", "code": "XXX"}}"#);
        assert_eq!(info.code.as_deref(), Some("XXX"));
        assert_eq!(info.message.as_deref(), Some("XXXX"));
        assert_eq!(info.summary().as_deref(), Some("XXX: XXXX"));
    }

    #[test]
    fn openstack_shape_with_numeric_code() {
        let info = ErrorInfo::from_body(
            br#"{"itemNotFound":{"message":"Instance could not be found","code":404}}"#,
        );
        assert_eq!(info.code.as_deref(), Some("404"));
        assert_eq!(info.message.as_deref(), Some("Instance could not be found"));
    }

    #[test]
    fn flat_code_message() {
        let info = ErrorInfo::from_body(br#"{"code":"Ecs.0114","message":"job not found"}"#);
        assert_eq!(info.summary().as_deref(), Some("Ecs.0114: job not found"));
    }

    #[test]
    fn raw_text_is_shortened() {
        let page = format!("<html>{}</html>", "x".repeat(5000));
        let info = ErrorInfo::from_body(page.as_bytes());
        assert_eq!(info.code, None);
        let raw = info.raw.unwrap();
        assert!(raw.starts_with("<html>xxx"));
        assert!(raw.chars().count() <= RAW_LIMIT + 1);
        assert!(raw.ends_with('…'));
    }

    #[test]
    fn raw_text_is_masked_before_it_is_shortened() {
        let secret = "body-Secret-0123456789";
        let _s = crate::secret::Secret::new(secret);
        let page = format!("<pre>{}{secret}</pre>", "x".repeat(RAW_LIMIT - 20));
        let raw = ErrorInfo::from_body(page.as_bytes()).raw.unwrap();
        assert!(raw.ends_with("xxx***</pre>"), "{raw}");
    }

    #[test]
    fn empty_and_odd_bodies() {
        assert_eq!(ErrorInfo::from_body(b""), ErrorInfo::default());
        assert_eq!(ErrorInfo::from_body(b"[1,2]").raw.as_deref(), Some("[1,2]"));
        assert_eq!(ErrorInfo::from_body(b"{}").summary(), Some("{}".into()));
        // Invalid UTF-8 must not panic.
        assert!(ErrorInfo::from_body(&[0xff, 0xfe, 0x00]).raw.is_some());
    }

    #[test]
    fn an_error_body_of_millions_of_values_is_kept_as_shortened_text() {
        let body = format!(
            r#"{{"code":"X","message":"m","x":[{}]}}"#,
            vec!["0"; 1 << 20].join(",")
        );
        let info = ErrorInfo::from_body(body.as_bytes());
        assert_eq!(info.code, None);
        assert!(info.raw.unwrap().starts_with(r#"{"code":"X""#));
    }
}
