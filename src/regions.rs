//! The regions jobwait knows by name, per cloud, and the "did you mean" for a name that is
//! almost one of them.
//!
//! The lists are the research data's (`tests/data/providers/`): every region of the
//! official Go SDK's region tables (`regions.json`) for Huawei Cloud, and the regions of
//! OTC's endpoint table plus the Swiss region its Terraform provider names
//! (`otc_endpoints.json`) for Open Telekom Cloud; `tests/regions.rs` holds them equal.
//! A region not listed is still used as given when `--cloud` says whose it is: clouds
//! open regions, and other Huawei-based clouds have their own. Never reads anything.

/// Huawei Cloud's regions, as the official Go SDK's region tables name them.
pub const HUAWEI_CLOUD: &[&str] = &[
    "ae-ad-1",
    "af-north-1",
    "af-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "cn-east-2",
    "cn-east-3",
    "cn-east-4",
    "cn-east-5",
    "cn-north-1",
    "cn-north-11",
    "cn-north-12",
    "cn-north-2",
    "cn-north-4",
    "cn-north-9",
    "cn-south-1",
    "cn-south-2",
    "cn-south-4",
    "cn-southwest-2",
    "cn-southwest-3",
    "eu-west-0",
    "eu-west-101",
    "la-north-2",
    "la-south-2",
    "me-east-1",
    "my-kualalumpur-1",
    "na-mexico-1",
    "ru-moscow-1",
    "ru-northwest-2",
    "sa-brazil-1",
    "sa-peru-1",
    "tr-west-1",
];

/// Open Telekom Cloud's regions: Germany, the Netherlands, Switzerland.
pub const OPEN_TELEKOM_CLOUD: &[&str] = &["eu-de", "eu-nl", "eu-ch2"];

/// Every region jobwait knows, on either cloud.
pub fn all() -> impl Iterator<Item = &'static str> {
    OPEN_TELEKOM_CLOUD.iter().chain(HUAWEI_CLOUD).copied()
}

pub fn is_known(region: &str) -> bool {
    all().any(|r| r.eq_ignore_ascii_case(region))
}

/// The known regions a mistyped name is closest to (one or two edits away: a letter too
/// many, too few, swapped or wrong), closest first; empty for a known name or one
/// nothing is close to.
pub fn near(region: &str) -> Vec<&'static str> {
    let region = region.to_ascii_lowercase();
    if is_known(&region) {
        return Vec::new();
    }
    let mut close: Vec<(usize, &'static str)> = all()
        .map(|r| (strsim::damerau_levenshtein(&region, r), r))
        .filter(|(d, r)| *d <= 2 && *d < r.len() / 2)
        .collect();
    close.sort_by_key(|(d, _)| *d);
    let best = close.first().map(|(d, _)| *d);
    close
        .into_iter()
        .filter(|(d, _)| Some(*d) == best)
        .map(|(_, r)| r)
        .collect()
}

/// `did you mean eu-de?`, or `did you mean cn-north-1 or cn-north-2?`, for a name that is
/// almost a known region.
pub fn did_you_mean(region: &str) -> Option<String> {
    let near = near(region);
    let (last, rest) = near.split_last()?;
    Some(if rest.is_empty() {
        format!("did you mean {last}?")
    } else {
        format!("did you mean {} or {last}?", rest.join(", "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_is_near_the_region_it_misses() {
        assert_eq!(near("eu-dee"), ["eu-de"]);
        assert_eq!(near("EU-DE"), Vec::<&str>::new());
        assert_eq!(near("eude"), ["eu-de"]);
        assert_eq!(near("eu-ch"), ["eu-ch2"]);
        assert_eq!(near("cn-nort-4"), ["cn-north-4"]);
        assert_eq!(
            did_you_mean("eu-dee").as_deref(),
            Some("did you mean eu-de?")
        );
        assert_eq!(
            did_you_mean("cn-north-3").as_deref(),
            Some("did you mean cn-north-1, cn-north-2, cn-north-4 or cn-north-9?")
        );
    }

    #[test]
    fn names_nothing_is_close_to_get_no_hint() {
        for far in ["germany", "r1", "my-private-region", "x"] {
            assert_eq!(did_you_mean(far), None, "{far}");
        }
    }
}
