//! The profiles in use: the built-in ones, then each `--profiles` file. The only code that
//! reads a profile file; [`crate::job::catalog`] parses what it is handed.

use std::io::Read;

use super::lookup::Lookup;
use super::{Result, UsageError};
use crate::job::catalog::Catalog;
use crate::options;

/// No profile file is larger: a bigger one is the wrong file (or `/dev/zero`).
const FILE_LIMIT: u64 = 1024 * 1024;

/// The built-in profiles and the user's files, in the order given.
pub(super) fn catalog(l: &Lookup) -> Result<Catalog> {
    let (files, source) = l.list(&options::PROFILES);
    if files.is_empty() {
        return Ok(Catalog::builtin().clone());
    }
    let mut texts = Vec::new();
    for file in files {
        let text = read(&file).map_err(|e| {
            UsageError::Profiles(format!(
                "cannot read the profile file {file} (from {source}): {e}"
            ))
        })?;
        texts.push((file, text));
    }
    Catalog::with_files(&texts).map_err(|e| UsageError::Profiles(e.to_string()))
}

fn read(path: &str) -> std::io::Result<String> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(FILE_LIMIT + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > FILE_LIMIT {
        return Err(std::io::Error::other(format!(
            "larger than {} KiB, which no profile file is",
            FILE_LIMIT / 1024
        )));
    }
    String::from_utf8(bytes).map_err(|_| std::io::Error::other("not UTF-8 text"))
}

/// Every built-in service's name and aliases, for shell completions.
/// The built-in resources' names and aliases, for shell completions.
pub(super) fn resource_names() -> Vec<String> {
    Catalog::builtin()
        .resources()
        .flat_map(|p| std::iter::once(p.name.clone()).chain(p.aliases.iter().cloned()))
        .collect()
}

pub(super) fn service_names() -> Vec<String> {
    Catalog::builtin()
        .jobs()
        .flat_map(|p| std::iter::once(p.name.clone()).chain(p.aliases.iter().cloned()))
        .collect()
}
