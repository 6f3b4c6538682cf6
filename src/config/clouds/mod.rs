//! `clouds.yaml`: where OpenStack's tools, and Open Telekom Cloud's with them (its
//! Terraform provider, the `openstack` CLI, `otcextensions`), keep credentials, project
//! and region, one entry per cloud, chosen by `--os-cloud` / `OS_CLOUD`.
//!
//! Read only when an entry is named, as the OTC Terraform provider does: a file lying in
//! a pipeline's working directory never becomes credentials on its own. The file is found
//! as openstacksdk finds it ([`places`]), `secure.yaml` is merged over it (its keys win),
//! and its values come last in each option's precedence, after the flag and every
//! variable, as the openstack CLI puts its flags and `OS_*` variables over the file. The
//! keys each option reads are in the option table (`Opt::clouds_yaml`): the openstacksdk
//! names under `auth:`, `region_name`, and the AK/SK keys of gophertelekomcloud
//! (`auth.ak`, `auth.sk`, `auth.security_token`) and of otcextensions (`access_key`/`ak`,
//! `secret_key`/`sk`, `security_token` beside `auth:`).
//!
//! A file that cannot be read or parsed, or a missing entry, is a usage error naming the
//! file and the entry; a value from the file is never shown, and its secrets become
//! `Secret`s like any other.

mod places;
mod tree;

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::lookup::{Lookup, Sourced, shown};
use super::{Result, UsageError};
use crate::options::{self, OPTIONS, Opt};

/// The largest file read: a clouds.yaml is a few KiB.
const MAX_FILE: u64 = 1024 * 1024;

/// The chosen entry, as each file has it.
pub struct CloudEntry {
    pub name: String,
    /// The clouds.yaml read, if one was found.
    pub file: Option<PathBuf>,
    /// The secure.yaml merged over it, if one was found.
    pub secure_file: Option<PathBuf>,
    /// The entry in each file that has it, the one that wins first: (file name, entry).
    layers: Vec<(String, Map<String, Value>)>,
}

/// Names and files only: the values hold secrets.
impl fmt::Debug for CloudEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CloudEntry")
            .field("name", &self.name)
            .field("file", &self.file)
            .field("secure_file", &self.secure_file)
            .finish_non_exhaustive()
    }
}

impl CloudEntry {
    /// The option's value from the entry, named by file, entry and key:
    /// `secure.yaml (cloud otc): auth.password`.
    pub fn value(&self, opt: &Opt) -> Option<Sourced> {
        opt.clouds_yaml.iter().find_map(|key| {
            self.layers.iter().find_map(|(file, entry)| {
                let value = text(at(entry, key)?).ok()??;
                Some(Sourced {
                    value,
                    source: format!("{file} (cloud {}): {key}", self.name),
                })
            })
        })
    }

    /// Which entry of which files, for the start-up line and `--check`.
    pub fn describe(&self) -> String {
        let name = shown(&self.name);
        match (&self.file, &self.secure_file) {
            (Some(f), Some(s)) => format!(
                "cloud {name} from {}, merged with {}",
                f.display(),
                s.display()
            ),
            (Some(f), None) => format!("cloud {name} from {}", f.display()),
            (None, Some(s)) => format!("cloud {name} from {}", s.display()),
            (None, None) => format!("cloud {name}"),
        }
    }
}

/// The entry `--os-cloud` / `OS_CLOUD` names, if any; `cwd` is where `./clouds.yaml` is.
pub(super) fn load(l: &Lookup, cwd: Option<&Path>) -> Result<Option<CloudEntry>> {
    let Some(name) = l.get(&options::OS_CLOUD) else {
        return Ok(None);
    };
    let var = |n: &str| l.env(n).map(|s| s.value);
    let dirs = places::directories(&var, cwd);
    let main = find(l, "OS_CLIENT_CONFIG_FILE", "clouds", &dirs)?;
    let secure = find(l, "OS_CLIENT_SECURE_FILE", "secure", &dirs)?;
    if main.is_none() && secure.is_none() {
        let looked: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
        return Err(UsageError::Clouds(format!(
            "{} names cloud {}, but there is no clouds.yaml: looked in {} (and OS_CLIENT_CONFIG_FILE names none)",
            name.source,
            shown(&name.value),
            looked.join(", ")
        )));
    }
    let mut layers = Vec::new();
    let mut names = Vec::new();
    for (path, tree) in [&secure, &main].into_iter().flatten() {
        names.extend(cloud_names(path, tree)?);
        if let Some(entry) = entry(path, tree, &name.value)? {
            let file = path.file_name().unwrap_or_default().to_string_lossy();
            check_keys(path, &name.value, &entry)?;
            layers.push((file.into_owned(), entry));
        }
    }
    if layers.is_empty() {
        let file = main.as_ref().or(secure.as_ref()).map(|(p, _)| p.display());
        names.sort();
        names.dedup();
        return Err(UsageError::Clouds(format!(
            "{} names cloud {}, which {} does not have (its clouds: {})",
            name.source,
            shown(&name.value),
            file.map(|f| f.to_string()).unwrap_or_default(),
            if names.is_empty() {
                "none".into()
            } else {
                names.join(", ")
            }
        )));
    }
    Ok(Some(CloudEntry {
        name: name.value,
        file: main.map(|(p, _)| p),
        secure_file: secure.map(|(p, _)| p),
        layers,
    }))
}

/// The first of the candidates that exists, read; the variable's file first, which must
/// exist when it is named.
fn find(l: &Lookup, var: &str, stem: &str, dirs: &[PathBuf]) -> Result<Option<(PathBuf, Value)>> {
    let mut candidates = places::files(stem, dirs);
    if let Some(named) = l.env(var) {
        let path = PathBuf::from(&named.value);
        if !path.exists() {
            return Err(UsageError::Clouds(format!(
                "{var} names {}, which does not exist",
                shown(&named.value)
            )));
        }
        candidates.insert(0, path);
    }
    let Some(path) = candidates.into_iter().find(|p| p.exists()) else {
        return Ok(None);
    };
    let tree = read(&path)?;
    Ok(Some((path, tree)))
}

fn read(path: &Path) -> Result<Value> {
    let fail = |why: String| UsageError::Clouds(format!("cannot read {}: {why}", path.display()));
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE + 1).read_to_string(&mut text))
        .map_err(|e| fail(e.kind().to_string()))?;
    if text.len() as u64 > MAX_FILE {
        return Err(fail(format!("larger than {} KiB", MAX_FILE / 1024)));
    }
    let json = path.extension().is_some_and(|e| e == "json");
    let tree = tree::parse(&text, json).map_err(fail)?;
    match tree {
        Value::Object(_) => Ok(tree),
        _ => Err(fail("it is empty or not a mapping".into())),
    }
}

/// The names of a file's clouds, for the message about a missing one.
fn cloud_names(path: &Path, tree: &Value) -> Result<Vec<String>> {
    match tree.get("clouds") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Object(clouds)) => Ok(clouds.keys().map(|k| shown(k)).collect()),
        Some(_) => Err(UsageError::Clouds(format!(
            "cannot read {}: its clouds: is not a mapping",
            path.display()
        ))),
    }
}

fn entry(path: &Path, tree: &Value, name: &str) -> Result<Option<Map<String, Value>>> {
    match tree.get("clouds").and_then(|c| c.get(name)) {
        None => Ok(None),
        Some(Value::Object(entry)) => Ok(Some(entry.clone())),
        Some(_) => Err(UsageError::Clouds(format!(
            "{}: cloud {} is not a mapping",
            path.display(),
            shown(name)
        ))),
    }
}

/// Every key jobwait reads must be text (or absent), so a value is never half-used.
fn check_keys(path: &Path, name: &str, entry: &Map<String, Value>) -> Result<()> {
    for key in OPTIONS.iter().flat_map(|o| o.clouds_yaml) {
        if let Some(value) = at(entry, key)
            && text(value).is_err()
        {
            return Err(UsageError::Clouds(format!(
                "{}: cloud {}: {key} is not text",
                path.display(),
                shown(name)
            )));
        }
    }
    Ok(())
}

/// The value at a dotted key (`auth.project_id`); `-` and `_` in keys are the same, as
/// openstacksdk normalises them.
fn at<'v>(entry: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    let mut parts = key.split('.');
    let first = parts.next()?;
    let find = |map: &'v Map<String, Value>, part: &str| {
        map.iter()
            .find(|(k, _)| k.replace('-', "_") == part)
            .map(|(_, v)| v)
    };
    let mut value = find(entry, first)?;
    for part in parts {
        value = find(value.as_object()?, part)?;
    }
    Some(value)
}

/// A scalar's text: `None` for null or blank, an error for a map or list.
fn text(value: &Value) -> std::result::Result<Option<String>, ()> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        Value::Array(_) | Value::Object(_) => Err(()),
    }
}

#[cfg(test)]
mod tests;
