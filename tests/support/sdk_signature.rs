//! `SDK-HMAC-SHA256` computed the way the official Huawei Cloud Python SDK computes it
//! (`huaweicloudsdkcore.signer.Signer`), written apart from jobwait's own signer so that
//! the fake API never checks jobwait's requests with jobwait's code: a wrong
//! string-to-sign in `src/auth/signer.rs` must fail the integration tests, not pass them.
//! `tests/signatures.rs` proves this copy against the golden signatures the SDK made.
#![allow(dead_code)]

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

/// The `Authorization` value the SDK would send for this request. `headers` are the
/// headers to sign, as sent; names with `_` are left out, as the SDK does.
pub fn authorization(
    method: &str,
    path: &str,
    query: &str,
    headers: &[(String, String)],
    body: &[u8],
    ak: &str,
    sk: &str,
) -> String {
    let mut signed: Vec<(String, String)> = headers
        .iter()
        .filter(|(name, _)| !name.contains('_'))
        .map(|(name, value)| (name.to_lowercase(), value.trim().to_string()))
        .collect();
    signed.sort_by(|a, b| a.0.cmp(&b.0));
    let names: Vec<&str> = signed.iter().map(|(n, _)| n.as_str()).collect();
    let date = signed
        .iter()
        .find(|(n, _)| n == "x-sdk-date")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let mut canonical = String::new();
    canonical.push_str(&method.to_uppercase());
    canonical.push('\n');
    canonical.push_str(&uri(path));
    canonical.push('\n');
    canonical.push_str(&query_string(query));
    canonical.push('\n');
    for (name, value) in &signed {
        canonical.push_str(&format!("{name}:{value}\n"));
    }
    canonical.push('\n');
    canonical.push_str(&names.join(";"));
    canonical.push('\n');
    canonical.push_str(&hex_sha256(body));
    let to_sign = format!(
        "SDK-HMAC-SHA256\n{date}\n{}",
        hex_sha256(canonical.as_bytes())
    );
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(sk.as_bytes()).unwrap();
    mac.update(to_sign.as_bytes());
    let signature: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!(
        "SDK-HMAC-SHA256 Access={ak}, SignedHeaders={}, Signature={signature}",
        names.join(";")
    )
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Python's `quote(s, safe='~')` over UTF-8.
fn quote(text: &str) -> String {
    let mut out = String::new();
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || b"_.-~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Python's `unquote`: `%XX` decoded, invalid escapes kept as they are.
fn unquote(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The SDK: `unquote(path)`, split at `/`, each part quoted, a `/` appended.
fn uri(path: &str) -> String {
    let mut out: Vec<String> = unquote(path).split('/').map(quote).collect();
    if out.last().is_some_and(|s| !s.is_empty()) {
        out.push(String::new());
    }
    out.join("/")
}

/// The SDK: `parse_qsl(query, keep_blank_values=True)`, pairs sorted, each part quoted.
fn query_string(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = match p.find('=') {
                Some(i) => (&p[..i], &p[i + 1..]),
                None => (p, ""),
            };
            (unquote(&k.replace('+', " ")), unquote(&v.replace('+', " ")))
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", quote(k), quote(v)))
        .collect::<Vec<_>>()
        .join("&")
}
