//! The profiles jobwait knows: the built-in files (`profiles/*.toml`, inside the binary),
//! then each `--profiles` file in turn, which may add profiles, replace one by its name,
//! or extend one (`extends = "rds"`: that profile's keys, with the entry's own in place:
//! tables merged key by key, an empty table clearing what it inherits, `host` replaced
//! whole, and `aliases` never inherited).
//!
//! It only parses text it is handed; configuration reads the files. A file that is wrong
//! in any way is refused whole, with a message naming the file, the entry and the field,
//! so a pipeline never waits with half a profile.

mod check;
mod names;
mod schema;

pub use check::{host, label, path, pointer};
pub use names::{Ambiguous, NotFound};

use std::fmt;
use std::sync::OnceLock;

use toml::{Table, Value};

use super::profile::{Kind, Origin, Profile};

/// The built-in profile files, in the order `--list-services` shows them.
const BUILT_IN: &[(&str, &str)] = &[
    (
        "jobs/common.toml",
        include_str!("../../../profiles/jobs/common.toml"),
    ),
    (
        "jobs/databases.toml",
        include_str!("../../../profiles/jobs/databases.toml"),
    ),
    (
        "jobs/infrastructure.toml",
        include_str!("../../../profiles/jobs/infrastructure.toml"),
    ),
    (
        "jobs/analytics.toml",
        include_str!("../../../profiles/jobs/analytics.toml"),
    ),
    (
        "jobs/global.toml",
        include_str!("../../../profiles/jobs/global.toml"),
    ),
    (
        "resources/compute.toml",
        include_str!("../../../profiles/resources/compute.toml"),
    ),
    (
        "resources/databases.toml",
        include_str!("../../../profiles/resources/databases.toml"),
    ),
    (
        "resources/containers.toml",
        include_str!("../../../profiles/resources/containers.toml"),
    ),
    (
        "resources/network.toml",
        include_str!("../../../profiles/resources/network.toml"),
    ),
    (
        "resources/messaging.toml",
        include_str!("../../../profiles/resources/messaging.toml"),
    ),
];

/// Why a profile file was refused: the file, and where in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileError {
    pub file: String,
    /// `job 'rds'`
    pub entry: Option<String>,
    /// `status.at`
    pub field: Option<String>,
    pub why: String,
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "profile file {}", self.file)?;
        if let Some(entry) = &self.entry {
            write!(f, ": {entry}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ", field '{field}'")?;
        }
        write!(f, ": {}", self.why)
    }
}

/// Every profile, and the names that could mean several.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    profiles: Vec<Profile>,
    ambiguous: Vec<Ambiguous>,
    /// Each entry as written, with what it extended merged in: what `extends` copies.
    raw: Vec<(Kind, String, Table)>,
}

impl Catalog {
    /// The built-in profiles. They are checked by the tests, so a mistake in them fails
    /// the build's tests rather than a user's run.
    pub fn builtin() -> &'static Catalog {
        static BUILT: OnceLock<Catalog> = OnceLock::new();
        BUILT.get_or_init(|| {
            let mut catalog = Catalog::default();
            for (file, text) in BUILT_IN {
                if let Err(e) = catalog.add(Origin::BuiltIn(file), text) {
                    panic!("a built-in profile is wrong: {e}");
                }
            }
            catalog
        })
    }

    /// The built-in profiles, then each file's (shown name, text) in order.
    pub fn with_files(files: &[(String, String)]) -> Result<Catalog, ProfileError> {
        let mut catalog = Catalog::builtin().clone();
        for (name, text) in files {
            catalog.add(Origin::File(name.clone()), text)?;
        }
        Ok(catalog)
    }

    /// Every profile, in the order of the files.
    pub fn profiles(&self) -> &[Profile] {
        &self.profiles
    }

    /// The profiles of jobs.
    pub fn jobs(&self) -> impl Iterator<Item = &Profile> {
        self.profiles.iter().filter(|p| p.kind == Kind::Job)
    }

    /// The profiles of resources.
    pub fn resources(&self) -> impl Iterator<Item = &Profile> {
        self.profiles.iter().filter(|p| p.kind == Kind::Resource)
    }

    pub fn ambiguous(&self) -> &[Ambiguous] {
        &self.ambiguous
    }

    /// The profile of `kind` called `name` (or by one of its aliases), case aside.
    pub fn find(&self, kind: Kind, name: &str) -> Result<&Profile, NotFound> {
        names::find(self, kind, name)
    }

    /// Read one file's profiles into the catalog: all of them, or none and the error.
    fn add(&mut self, origin: Origin, text: &str) -> Result<(), ProfileError> {
        let file = match &origin {
            Origin::BuiltIn(f) => format!("profiles/{f} (built in)"),
            Origin::File(f) => f.clone(),
        };
        let error = |entry: Option<String>, field: Option<String>, why: String| ProfileError {
            file: file.clone(),
            entry,
            field,
            why,
        };
        let table: Table = toml::from_str(text).map_err(|e| error(None, None, syntax(text, &e)))?;
        let mut next = self.clone();
        for (key, value) in table {
            let Value::Table(entries) = value else {
                return Err(error(None, Some(key), "must be a table".into()));
            };
            let kind = match key.as_str() {
                "job" => Kind::Job,
                "resource" => Kind::Resource,
                "ambiguous" => {
                    next.add_ambiguous(entries)
                        .map_err(|(entry, field, why)| error(Some(entry), field, why))?;
                    continue;
                }
                other => {
                    let why =
                        format!("unknown table '{other}' (expected job, resource or ambiguous)");
                    return Err(error(None, None, why));
                }
            };
            for (name, value) in entries {
                let entry = format!("{} '{name}'", kind.table());
                next.add_entry(kind, &name, value, &origin)
                    .map_err(|(field, why)| error(Some(entry), field, why))?;
            }
        }
        *self = next;
        Ok(())
    }

    /// One `[job.NAME]`: merged with what it extends, read, checked, and put in place of
    /// a profile of the same name or after the others.
    fn add_entry(
        &mut self,
        kind: Kind,
        name: &str,
        value: Value,
        origin: &Origin,
    ) -> Result<(), (Option<String>, String)> {
        let name = label(name).map_err(|why| (None, why))?;
        let Value::Table(mut own) = value else {
            return Err((None, "must be a table".into()));
        };
        let merged = match own.remove("extends") {
            Some(Value::String(base)) => {
                let Some((_, _, base_table)) = self
                    .raw
                    .iter()
                    .find(|(k, n, _)| *k == kind && n.eq_ignore_ascii_case(&base))
                else {
                    let why = format!(
                        "extends '{base}', which no earlier {} defines",
                        kind.table()
                    );
                    return Err((Some("extends".into()), why));
                };
                let mut merged = base_table.clone();
                merged.remove("aliases");
                // A host belongs to a service, not to the shape of its answers.
                if own.contains_key("host") {
                    merged.remove("host");
                }
                deep_merge(&mut merged, own);
                merged
            }
            Some(_) => return Err((Some("extends".into()), "must be a profile's name".into())),
            None => own,
        };
        let (readable, service) = self.with_service_host(kind, merged.clone())?;
        let entry: schema::Entry = serde_path_to_error::deserialize(Value::Table(readable))
            .map_err(|e| {
                let field = e.path().to_string();
                let field = (field != ".").then_some(field);
                (field, e.into_inner().message().to_string())
            })?;
        let mut profile = entry
            .resolve(&name, kind, origin.clone())
            .map_err(|(field, why)| (Some(field), why))?;
        profile.service = service;
        if kind == Kind::Resource {
            check::resource(&profile).map_err(|(field, why)| (Some(field), why))?;
        }
        names::check_aliases(self, &profile).map_err(|why| (Some("aliases".into()), why))?;
        self.put(kind, name, profile, merged);
        Ok(())
    }

    /// A resource's `service = "rds"`: it lives where that job API does, so the entry
    /// takes the job profile's host (every cloud's, and the regions' exceptions), unless
    /// it names a host of its own. One host table per service, whichever is waited for.
    fn with_service_host(
        &self,
        kind: Kind,
        mut table: Table,
    ) -> Result<(Table, Option<String>), (Option<String>, String)> {
        let service = match table.remove("service") {
            None => return Ok((table, None)),
            Some(Value::String(s)) if kind == Kind::Resource => s,
            Some(_) if kind == Kind::Resource => {
                return Err((Some("service".into()), "must be a job API's name".into()));
            }
            Some(_) => {
                let why = "belongs to resources: a job profile names its own host";
                return Err((Some("service".into()), why.into()));
            }
        };
        // By its name or an alias (`vpc` is the eip job API's: the vpc host).
        let named = names::find(self, Kind::Job, &service).map(|p| p.name.clone());
        let found = named.ok().and_then(|name| {
            self.raw
                .iter()
                .find(|(k, n, _)| *k == Kind::Job && *n == name)
        });
        let Some((_, _, job)) = found else {
            let why = format!("names '{service}', which no earlier job profile defines");
            return Err((Some("service".into()), why));
        };
        if !table.contains_key("host")
            && let Some(host) = job.get("host")
        {
            table.insert("host".into(), host.clone());
        }
        Ok((table, Some(service.to_ascii_lowercase())))
    }

    fn put(&mut self, kind: Kind, name: String, profile: Profile, raw: Table) {
        // A new name that was another profile's alias now means this profile alone.
        for other in self.profiles.iter_mut().filter(|p| p.kind == kind) {
            other.aliases.retain(|a| !a.eq_ignore_ascii_case(&name));
        }
        let same = |p: &Profile| p.kind == kind && p.name == name;
        match self.profiles.iter().position(same) {
            Some(i) => self.profiles[i] = profile,
            None => self.profiles.push(profile),
        }
        self.raw.retain(|(k, n, _)| !(*k == kind && *n == name));
        self.raw.push((kind, name, raw));
    }

    fn add_ambiguous(&mut self, entries: Table) -> Result<(), (String, Option<String>, String)> {
        for (name, value) in entries {
            let entry = format!("ambiguous '{name}'");
            let read: names::AmbiguousEntry = serde_path_to_error::deserialize(value)
                .map_err(|e| (entry.clone(), None, e.into_inner().message().to_string()))?;
            let ambiguous = read
                .resolve(&name)
                .map_err(|(field, why)| (entry, Some(field), why))?;
            self.ambiguous.retain(|a| a.name != ambiguous.name);
            self.ambiguous.push(ambiguous);
        }
        Ok(())
    }
}

/// `base` with `over`'s keys in place: tables merge key by key, an empty table clears
/// what was there (`notes = {}`), anything else replaces.
fn deep_merge(base: &mut Table, over: Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(Value::Table(inner)), Value::Table(more)) if !more.is_empty() => {
                deep_merge(inner, more)
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// A TOML syntax error on one line: where, and what.
fn syntax(text: &str, e: &toml::de::Error) -> String {
    let message = e.message().trim().to_string();
    match e.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("line {line}: {message}")
        }
        None => message,
    }
}

#[cfg(test)]
mod tests;
