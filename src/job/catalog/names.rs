//! Names: which profile a name picks, and when none does, what the user may have meant.
//!
//! A name is a profile's own or one of its aliases, matched without regard to case. A
//! name that means different things on different clouds (`gaussdb`: TaurusDB's host on
//! Huawei Cloud, openGauss's on Open Telekom Cloud) is listed as ambiguous and refused,
//! naming the choices; any other unknown name is refused with the nearest known ones,
//! never guessed at (it used to become a host name, and a typo then waited out its grace).

use serde::Deserialize;

use super::Catalog;
use super::schema::Invalid;
use crate::job::profile::{Kind, Profile};

/// A name that could mean several profiles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ambiguous {
    pub name: String,
    pub choices: Vec<String>,
    /// Why it is ambiguous, for the message.
    pub why: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AmbiguousEntry {
    choices: Vec<String>,
    why: String,
}

impl AmbiguousEntry {
    pub(super) fn resolve(self, name: &str) -> Result<Ambiguous, Invalid> {
        if self.choices.len() < 2 {
            return Err(("choices".into(), "names fewer than two profiles".into()));
        }
        Ok(Ambiguous {
            name: name.to_ascii_lowercase(),
            choices: self.choices,
            why: self.why,
        })
    }
}

/// Why a name picks no profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotFound {
    Ambiguous(Ambiguous),
    /// No profile has the name; the nearest names, best first (maybe none).
    Unknown(Vec<String>),
}

pub(super) fn find<'a>(
    catalog: &'a Catalog,
    kind: Kind,
    name: &str,
) -> Result<&'a Profile, NotFound> {
    let name = name.trim();
    let of_kind = || catalog.profiles.iter().filter(move |p| p.kind == kind);
    if let Some(p) = of_kind().find(|p| p.name.eq_ignore_ascii_case(name)) {
        return Ok(p);
    }
    if let Some(p) = of_kind().find(|p| p.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))) {
        return Ok(p);
    }
    if let Some(a) = catalog
        .ambiguous
        .iter()
        .find(|a| a.name.eq_ignore_ascii_case(name))
    {
        return Err(NotFound::Ambiguous(a.clone()));
    }
    let known = of_kind().flat_map(|p| std::iter::once(&p.name).chain(&p.aliases));
    Err(NotFound::Unknown(nearest(name, known)))
}

/// Up to three known names close to `name`: those a fewest edits away (at most two, or
/// a quarter of its length), and those holding it or held in it.
fn nearest<'a>(name: &str, known: impl Iterator<Item = &'a String>) -> Vec<String> {
    let name = name.to_ascii_lowercase();
    let scored: Vec<(usize, bool, &String)> = known
        .map(|k| {
            let holds = name.len() >= 3 && (k.contains(&name) || name.contains(k.as_str()));
            (strsim::damerau_levenshtein(&name, k), holds, k)
        })
        .filter(|(d, holds, _)| *holds || *d <= 2.max(name.len() / 4))
        .collect();
    let best = scored.iter().map(|(d, _, _)| *d).min().unwrap_or(0);
    let mut kept: Vec<(usize, &String)> = (scored.into_iter())
        .filter(|(d, holds, _)| *holds || *d == best)
        .map(|(d, _, k)| (d, k))
        .collect();
    kept.sort();
    kept.dedup_by(|a, b| a.1 == b.1);
    kept.into_iter().take(3).map(|(_, k)| k.clone()).collect()
}

/// A new profile's aliases must not already name another profile of its kind.
pub(super) fn check_aliases(catalog: &Catalog, profile: &Profile) -> Result<(), String> {
    for alias in &profile.aliases {
        let taken = catalog
            .profiles
            .iter()
            .filter(|p| p.kind == profile.kind && p.name != profile.name)
            .find(|p| {
                p.name.eq_ignore_ascii_case(alias)
                    || p.aliases.iter().any(|a| a.eq_ignore_ascii_case(alias))
            });
        if let Some(other) = taken {
            return Err(format!(
                "'{alias}' already names the profile '{}'",
                other.name
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_names_first() {
        let known: Vec<String> = [
            "rds",
            "dds",
            "dcs",
            "kafka",
            "gaussdb-opengauss",
            "taurusdb",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(nearest("rsd", known.iter()), ["rds"]);
        assert_eq!(nearest("kafak", known.iter()), ["kafka"]);
        assert_eq!(nearest("opengauss", known.iter()), ["gaussdb-opengauss"]);
        assert!(nearest("zzzzzzzz", known.iter()).is_empty());
    }
}
