//! The job APIs jobwait knows by name: the built-in profiles (`profiles/jobs/*.toml`,
//! inside the binary), as the rest of the code and the tests ask for them.
//!
//! Every fact was read in the services' API documentation (`opentelekomcloud-docs/*`),
//! the official Go SDK's models and region tables, and the Terraform providers; the
//! profile files cite where, and the tests in `builtin_tests.rs` and `tests/providers.rs`
//! hold the files to those sources.

use super::catalog::Catalog;
use super::profile::{Hosts, Kind, Profile};

/// Every built-in job profile, in the order `--list-services` shows them.
pub fn all() -> Vec<Profile> {
    Catalog::builtin().jobs().cloned().collect()
}

/// The built-in profile for `--service NAME` (or one of its aliases), else the common
/// API with `NAME` as its host.
pub fn find(name: &str) -> Profile {
    match Catalog::builtin().find(Kind::Job, name) {
        Ok(profile) => profile.clone(),
        Err(_) => common(name),
    }
}

/// The common `/v1` job API, for `service` (its name is its host).
pub fn common(service: &str) -> Profile {
    let ecs = Catalog::builtin()
        .find(Kind::Job, "ecs")
        .expect("the built-in profiles define ecs");
    Profile {
        name: service.to_string(),
        aliases: Vec::new(),
        host: Hosts {
            huaweicloud: Some(service.to_string()),
            otc: Some(service.to_string()),
            ..Hosts::default()
        },
        ..ecs.clone()
    }
}
