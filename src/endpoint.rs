//! Where the job API and IAM live, from the names people already use.
//!
//! `https://{service}.{region}.{domain}`: Huawei Cloud is `myhuaweicloud.com`, Open
//! Telekom Cloud `otc.t-systems.com` (its Swiss region `eu-ch2` lives under
//! `sc.otc.t-systems.com`, its IAM at `iam-pub`). Plain `http://` is refused unless the
//! host is this machine: tokens and signatures must not cross a network in clear text.

use std::net::IpAddr;

use reqwest::Url;

use crate::job::catalog;
use crate::job::profile::Hosts;
use crate::regions;

/// A cloud's domain, chosen by `--cloud` or inferred from the region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cloud {
    pub name: String,
    domain: String,
}

impl Cloud {
    pub fn resolve(cloud: Option<&str>, region: Option<&str>) -> Result<Cloud, String> {
        let name = match cloud.map(|c| c.trim().to_ascii_lowercase()) {
            Some(c) => c,
            None if region.is_some_and(|r| regions::OPEN_TELEKOM_CLOUD.contains(&r)) => {
                "otc".into()
            }
            None => "huaweicloud".into(),
        };
        let domain = match name.as_str() {
            "huaweicloud" | "huawei" | "hwc" => "myhuaweicloud.com".to_string(),
            "otc" | "opentelekomcloud" | "open-telekom-cloud" => "otc.t-systems.com".to_string(),
            other if other.contains('.') && is_host_like(other) => {
                other.trim_matches('.').to_string()
            }
            other => {
                return Err(format!(
                    "unknown cloud '{other}': use huaweicloud, otc, or the domain suffix of another Huawei-based cloud (e.g. example.com)"
                ));
            }
        };
        Ok(Cloud { name, domain })
    }

    /// The domain hosts of `region` live under.
    fn domain_for(&self, region: &str) -> String {
        if self.domain == "otc.t-systems.com" && region == "eu-ch2" {
            "sc.otc.t-systems.com".into()
        } else {
            self.domain.clone()
        }
    }

    /// `https://{service}.{region}.{domain}`
    pub fn service_url(&self, service: &str, region: &str) -> Url {
        let text = format!("https://{service}.{region}.{}", self.domain_for(region));
        Url::parse(&text).expect("validated names make a valid URL")
    }

    pub fn is_otc(&self) -> bool {
        self.domain == "otc.t-systems.com"
    }

    /// Where a service's API lives on this cloud; `region` is needed for regional hosts.
    /// A region the profile lists as an exception gets its own host name (the European
    /// region `eu-west-101` keeps half the services under `myhuaweicloud.eu`). The error
    /// says what is missing or that the cloud does not offer the service.
    pub fn host_url(&self, hosts: &Hosts, region: Option<&str>) -> Result<Url, HostError> {
        let name = if self.is_otc() {
            hosts.otc.as_ref()
        } else {
            hosts.huaweicloud.as_ref()
        };
        let Some(name) = name else {
            return Err(HostError::NotOffered);
        };
        let named_cloud = self.is_otc() || self.domain == "myhuaweicloud.com";
        let exception = region.filter(|_| named_cloud).and_then(|r| {
            hosts
                .regions
                .iter()
                .find(|(listed, _)| listed == r)
                .map(|(_, host)| host)
        });
        let text = match (exception, region) {
            (Some(host), _) => format!("https://{host}"),
            (None, _) if hosts.global => format!("https://{name}.{}", self.domain),
            (None, Some(region)) => return Ok(self.service_url(name, region)),
            (None, None) => return Err(HostError::NoRegion),
        };
        Ok(Url::parse(&text).expect("validated names make a valid URL"))
    }

    /// The IAM v3 endpoint for `region`, or the cloud's global one.
    pub fn iam_url(&self, region: Option<&str>) -> Result<Url, String> {
        let text = match (self.domain.as_str(), region) {
            ("otc.t-systems.com", Some("eu-ch2")) => {
                "https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3".to_string()
            }
            (domain, Some(region)) => format!("https://iam.{region}.{domain}/v3"),
            ("myhuaweicloud.com", None) => "https://iam.myhuaweicloud.com/v3".to_string(),
            _ => return Err("a password login needs --auth-url or --region to find IAM".into()),
        };
        Ok(Url::parse(&text).expect("validated names make a valid URL"))
    }
}

/// Why a service has no URL on a cloud.
#[derive(Debug, PartialEq, Eq)]
pub enum HostError {
    NoRegion,
    NotOffered,
}

/// A service or region name: it becomes part of a host name.
pub fn check_name(what: &str, value: &str) -> Result<String, String> {
    catalog::label(value).map_err(|_| {
        format!(
            "'{}' is not a valid {what} name (letters, digits and '-')",
            crate::sanitize::clean(value)
        )
    })
}

fn is_host_like(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}

/// Parse a URL given by the user: http(s) with a host, no credentials in it, and plain
/// http only to this machine.
pub fn check_url(what: &str, text: &str) -> Result<Url, String> {
    let shown = crate::sanitize::clean(text);
    // `ecs.eu-de.otc.t-systems.com`: a host without its scheme.
    let authority = text.trim().split('/').next().unwrap_or_default();
    let (host, port) = authority.split_once(':').unwrap_or((authority, "0"));
    let port_ok = port.bytes().all(|b| b.is_ascii_digit());
    if !text.contains("://") && host.contains('.') && is_host_like(host) && port_ok {
        return Err(format!(
            "{what} '{shown}' has no scheme: did you mean https://{}?",
            shown.trim()
        ));
    }
    let url =
        Url::parse(text.trim()).map_err(|e| format!("{what} '{shown}' is not a URL ({e})"))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!("{what} must not carry credentials in the URL"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "{what} '{shown}' must not have a query or fragment"
        ));
    }
    match url.scheme() {
        "https" if url.host().is_some() => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err(format!(
            "{what} '{shown}' uses plain http: tokens and signatures must not cross a network in clear text; use https (plain http is allowed only for localhost)"
        )),
        _ => Err(format!("{what} '{shown}' must be an https:// URL")),
    }
}

/// `localhost`, `127.0.0.0/8` or `::1`.
pub fn is_loopback(url: &Url) -> bool {
    // The parsed host, serialised: an IPv6 address in brackets, IPv4 in dotted decimal.
    let Some(host) = url.host_str() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}

/// A job path template given by the user (`--path`): see [`catalog::path`].
pub fn check_path(source: &str, template: &str, id: &str) -> Result<String, String> {
    catalog::path(template, id).map_err(|why| format!("{source} {why}"))
}

/// A JSON Pointer (RFC 6901) into the answer given by the user: `/job/status`.
pub fn check_pointer(source: &str, pointer: &str) -> Result<String, String> {
    catalog::pointer(pointer).map_err(|why| format!("{source} {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts_are_this_machine_only() {
        let at = |u: &str| is_loopback(&Url::parse(u).unwrap());
        for local in [
            "http://localhost:8080/",
            "http://LOCALHOST/",
            "http://127.0.0.1/",
            "http://127.9.9.9:1/",
            "http://0x7f.1/",
            "http://[::1]:8080/",
        ] {
            assert!(at(local), "{local}");
        }
        for remote in [
            "http://example.com/",
            "http://localhost.example.com/",
            "http://128.0.0.1/",
            "http://[::2]/",
            "http://0.0.0.0/",
        ] {
            assert!(!at(remote), "{remote}");
        }
    }

    #[test]
    fn huawei_cloud_endpoints() {
        let cloud = Cloud::resolve(None, Some("cn-north-4")).unwrap();
        assert_eq!(
            cloud.service_url("ecs", "cn-north-4").as_str(),
            "https://ecs.cn-north-4.myhuaweicloud.com/"
        );
        assert_eq!(
            cloud.iam_url(Some("cn-north-4")).unwrap().as_str(),
            "https://iam.cn-north-4.myhuaweicloud.com/v3"
        );
        assert_eq!(
            cloud.iam_url(None).unwrap().as_str(),
            "https://iam.myhuaweicloud.com/v3"
        );
    }

    #[test]
    fn open_telekom_cloud_is_inferred_from_its_regions() {
        let cloud = Cloud::resolve(None, Some("eu-de")).unwrap();
        assert_eq!(cloud.name, "otc");
        assert_eq!(
            cloud.service_url("evs", "eu-de").as_str(),
            "https://evs.eu-de.otc.t-systems.com/"
        );
        assert_eq!(
            cloud.iam_url(Some("eu-nl")).unwrap().as_str(),
            "https://iam.eu-nl.otc.t-systems.com/v3"
        );
        assert!(cloud.iam_url(None).is_err());
    }

    #[test]
    fn swiss_region_lives_under_sc() {
        let cloud = Cloud::resolve(Some("otc"), Some("eu-ch2")).unwrap();
        assert_eq!(
            cloud.service_url("sdrs", "eu-ch2").as_str(),
            "https://sdrs.eu-ch2.sc.otc.t-systems.com/"
        );
        assert_eq!(
            cloud.iam_url(Some("eu-ch2")).unwrap().as_str(),
            "https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3"
        );
    }

    #[test]
    fn other_clouds_by_domain_suffix() {
        let cloud = Cloud::resolve(Some("example.com"), Some("r1")).unwrap();
        assert_eq!(
            cloud.service_url("ims", "r1").as_str(),
            "https://ims.r1.example.com/"
        );
        assert!(
            Cloud::resolve(Some("aws"), None)
                .unwrap_err()
                .contains("unknown cloud 'aws'")
        );
        assert!(Cloud::resolve(Some("ev il/x.com"), None).is_err());
    }

    #[test]
    fn plain_http_only_to_this_machine() {
        assert!(check_url("--endpoint", "http://127.0.0.1:8080").is_ok());
        assert!(check_url("--endpoint", "http://localhost:1/base").is_ok());
        assert!(check_url("--endpoint", "http://[::1]:9").is_ok());
        let err = check_url("--endpoint", "http://ecs.eu-de.otc.t-systems.com").unwrap_err();
        assert!(err.contains("clear text") && err.contains("https"), "{err}");
        assert!(check_url("--endpoint", "https://ecs.eu-de.otc.t-systems.com").is_ok());
        assert!(check_url("--endpoint", "ftp://x").is_err());
        assert!(check_url("--endpoint", "not a url").is_err());
        assert_eq!(
            check_url("--endpoint", "ecs.eu-de.otc.t-systems.com").unwrap_err(),
            "--endpoint 'ecs.eu-de.otc.t-systems.com' has no scheme: did you mean https://ecs.eu-de.otc.t-systems.com?"
        );
        assert!(
            check_url("--auth-url", "iam.eu-de.otc.t-systems.com/v3")
                .unwrap_err()
                .ends_with("did you mean https://iam.eu-de.otc.t-systems.com/v3?")
        );
        assert!(
            check_url("--auth-url", "iam.eu-de.otc.t-systems.com:443/v3")
                .unwrap_err()
                .ends_with("did you mean https://iam.eu-de.otc.t-systems.com:443/v3?")
        );
        assert!(
            check_url("--endpoint", "https://user:pw@host")
                .unwrap_err()
                .contains("credentials")
        );
        assert!(check_url("--endpoint", "https://host/?q=1").is_err());
    }

    #[test]
    fn hosts_per_cloud() {
        let hw = Cloud::resolve(None, Some("cn-north-4")).unwrap();
        let otc = Cloud::resolve(None, Some("eu-de")).unwrap();
        let both = Hosts {
            huaweicloud: Some("gaussdb".into()),
            otc: Some("gaussdb-mysql".into()),
            regions: vec![(
                "tr-west-1".into(),
                "gaussdbformysql.tr-west-1.myhuaweicloud.com".into(),
            )],
            ..Hosts::default()
        };
        assert_eq!(
            hw.host_url(&both, Some("cn-north-4")).unwrap().as_str(),
            "https://gaussdb.cn-north-4.myhuaweicloud.com/"
        );
        assert_eq!(
            hw.host_url(&both, Some("tr-west-1")).unwrap().as_str(),
            "https://gaussdbformysql.tr-west-1.myhuaweicloud.com/"
        );
        // Another cloud's domain takes no exception meant for Huawei Cloud's.
        let other = Cloud::resolve(Some("example.com"), Some("tr-west-1")).unwrap();
        assert_eq!(
            other.host_url(&both, Some("tr-west-1")).unwrap().as_str(),
            "https://gaussdb.tr-west-1.example.com/"
        );
        assert_eq!(
            otc.host_url(&both, Some("eu-de")).unwrap().as_str(),
            "https://gaussdb-mysql.eu-de.otc.t-systems.com/"
        );
        assert_eq!(hw.host_url(&both, None), Err(HostError::NoRegion));
        let global = Hosts {
            huaweicloud: Some("cdn".into()),
            global: true,
            regions: vec![("eu-west-101".into(), "cdn.myhuaweicloud.eu".into())],
            ..Hosts::default()
        };
        assert_eq!(
            hw.host_url(&global, None).unwrap().as_str(),
            "https://cdn.myhuaweicloud.com/"
        );
        assert_eq!(
            hw.host_url(&global, Some("eu-west-101")).unwrap().as_str(),
            "https://cdn.myhuaweicloud.eu/"
        );
        assert_eq!(otc.host_url(&global, None), Err(HostError::NotOffered));
    }

    #[test]
    fn names_and_paths_are_checked() {
        assert_eq!(check_name("service", "ECS"), Ok("ecs".into()));
        assert!(check_name("region", "eu de").is_err());
        assert!(check_name("region", "evil.com/").is_err());
        let path = |t: &str| check_path("--path", t, "job_id");
        assert_eq!(
            path("/v2/{project_id}/jobs/{job_id}"),
            Ok("/v2/{project_id}/jobs/{job_id}".into())
        );
        assert!(path("/v9/{project_id}/exports/{job_id}?verbose=1").is_ok());
        assert!(path("/v2/{project_id}/instances/{instance_id}/tasks/{job_id}").is_ok());
        assert!(path("/v1/jobs").is_err());
        assert!(path("v1/{job_id}").is_err());
        assert!(path("/v1/{job_id}?a=1?b=2").is_err());
        assert!(path("/v1/{job id}/{job_id}").is_err());
        assert!(path("/v1/{job_id}#frag").is_err());
        assert!(path("/v1/{job_id} x").is_err());
        assert_eq!(
            check_pointer("--status-field", " /job/status "),
            Ok("/job/status".into())
        );
        assert!(check_pointer("--status-field", "job.status").is_err());
    }
}
