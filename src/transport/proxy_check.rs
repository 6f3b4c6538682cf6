//! Whether a proxy setting is one this client can use, decided before anything is sent.
//!
//! reqwest is built without SOCKS support, takes `host:port` as `http://host:port` (as
//! curl does), and otherwise finds out only when a request fails, which would read as
//! "nothing answered" (exit 3) instead of a configuration error (exit 4). This says
//! why a setting is unusable without ever quoting it: a proxy URL may carry a password.

use reqwest::Url;

/// `Ok` for a proxy this client can use, else why not (never quoting the value).
pub fn check_proxy(value: &str) -> Result<(), String> {
    // As reqwest reads it: a URL with a scheme as it is, `host:port` as `http://host:port`.
    let url = if value.contains("://") {
        Url::parse(value)
    } else {
        Url::parse(&format!("http://{value}"))
    }
    .map_err(|e| format!("is not a proxy URL ({e}); give http://host:port"))?;
    match url.scheme() {
        "http" | "https" if url.host_str().is_some_and(|h| !h.is_empty()) => Ok(()),
        "http" | "https" => Err("names no proxy host; give http://host:port".into()),
        scheme => Err(format!(
            "is a {scheme}:// proxy, which jobwait cannot use: give an http:// or https:// proxy, or unset it"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_and_https_proxies_are_usable_and_nothing_else() {
        for ok in [
            "http://proxy.example.com:3128",
            "https://proxy.example.com",
            "http://user:p%40ss@10.0.0.1:8080/",
            "proxy.example.com:3128",
            "10.0.0.1:8080",
        ] {
            assert_eq!(check_proxy(ok), Ok(()), "{ok}");
        }
        for (bad, why) in [
            ("socks5://127.0.0.1:1080", "is a socks5:// proxy"),
            ("socks5h://user:secret@proxy:1080", "is a socks5h:// proxy"),
            ("ftp://proxy.example.com", "is a ftp:// proxy"),
            ("http://", "is not a proxy URL"),
            ("http://[::1", "is not a proxy URL"),
            ("proxy.example.com:port", "is not a proxy URL"),
        ] {
            let e = check_proxy(bad).unwrap_err();
            assert!(e.starts_with(why), "{bad}: {e}");
            assert!(!e.contains("secret"), "{bad}: {e}");
        }
    }
}
