//! The crate as the compiler sees it: every file under the source root parsed with `syn`,
//! placed at its module path by following `mod` declarations from `lib.rs` and `main.rs`
//! (`#[path]`, inline modules, `mod.rs` and non-`mod.rs` layouts). A file no declaration
//! reaches could hide from every rule, so it is a finding, as is a file that does not parse.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use syn::{Attribute, Expr, Item, ItemMod, Lit, Meta};

use crate::rules::Finding;

/// One parsed file and where it sits in the module tree.
pub struct Source {
    /// The path relative to the source root, `/`-separated (`wait/job.rs`).
    pub rel: String,
    /// The module path: `["crate", "wait", "job"]` in the library, `["main"]` for the
    /// binary's root (whose `crate::` is itself).
    pub module: Vec<String>,
    pub file: syn::File,
}

/// The non-test sources of a crate, and what stopped some file from being placed.
pub struct Tree {
    pub sources: Vec<Source>,
    pub problems: Vec<Finding>,
}

/// Reads the crate under `root` (a `src/` directory).
pub fn load(root: &Path) -> Tree {
    let mut loader = Loader {
        root: root.to_path_buf(),
        reached: BTreeSet::new(),
        tree: Tree {
            sources: Vec::new(),
            problems: Vec::new(),
        },
    };
    for (file, module) in [("lib.rs", "crate"), ("main.rs", "main")] {
        let path = root.join(file);
        if path.exists() {
            loader.file(&path, vec![module.to_string()], false);
        }
    }
    for path in rust_files(root) {
        if !loader.reached.contains(&path) {
            let rel = loader.rel(&path);
            loader.problem(&rel, 1, "no `mod` declaration reaches this file".into());
        }
    }
    loader.tree
}

struct Loader {
    root: PathBuf,
    reached: BTreeSet<PathBuf>,
    tree: Tree,
}

impl Loader {
    fn rel(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        rel.to_string_lossy().replace('\\', "/")
    }

    fn problem(&mut self, rel: &str, line: usize, message: String) {
        self.tree.problems.push(Finding {
            rule: "modules",
            file: rel.to_string(),
            line,
            message,
        });
    }

    /// Parses `path` as module `module`; `test` says it is declared under `#[cfg(test)]`
    /// (then it is placed, but no rule reads it).
    fn file(&mut self, path: &Path, module: Vec<String>, test: bool) {
        self.reached.insert(path.to_path_buf());
        let rel = self.rel(path);
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => return self.problem(&rel, 1, format!("cannot read: {e}")),
        };
        let file = match syn::parse_file(&text) {
            Ok(file) => file,
            Err(e) => {
                let line = e.span().start().line;
                return self.problem(&rel, line, format!("does not parse: {e}"));
            }
        };
        let dir = children_dir(path);
        self.declared(&file.items, (path, &dir, false), &module, test);
        if !test {
            self.tree.sources.push(Source { rel, module, file });
        }
    }

    /// Follows the `mod name;` declarations among `items` of `file`; `dir` is where the
    /// children's files live (it grows by one name per inline module, `inline`).
    fn declared(&mut self, items: &[Item], at: At, module: &[String], test: bool) {
        let (file, dir, _) = at;
        for item in items {
            let Item::Mod(decl) = item else { continue };
            let name = decl.ident.to_string();
            let child: Vec<String> = module.iter().cloned().chain([name.clone()]).collect();
            let test = test || is_test(&decl.attrs);
            match &decl.content {
                Some((_, inner)) => {
                    self.declared(inner, (file, &dir.join(&name), true), &child, test);
                }
                None => match module_file(decl, at) {
                    Some(path) => self.file(&path, child, test),
                    None => {
                        let rel = self.rel(file);
                        let line = decl.ident.span().start().line;
                        self.problem(&rel, line, format!("`mod {name};` has no file"));
                    }
                },
            }
        }
    }
}

/// The declaring file, the directory of its children, and whether the declaration sits
/// in an inline module.
type At<'a> = (&'a Path, &'a Path, bool);

/// Where a file's outline child modules live: beside `lib.rs`, `main.rs` and `mod.rs`,
/// in a directory named for the module otherwise.
fn children_dir(path: &Path) -> PathBuf {
    let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    if ["lib", "main", "mod"].contains(&stem.as_ref()) {
        dir
    } else {
        dir.join(stem.as_ref())
    }
}

/// The file of `mod name;`: its `#[path]` (relative to the declaring file's directory,
/// or inside an inline module to the children's directory), or `dir/name.rs`, or
/// `dir/name/mod.rs`.
fn module_file(decl: &ItemMod, (file, dir, inline): At) -> Option<PathBuf> {
    if let Some(path) = path_attr(&decl.attrs) {
        let base = if inline { dir } else { file.parent()? };
        let path = base.join(path);
        return path.exists().then_some(path);
    }
    let name = decl.ident.to_string();
    [
        dir.join(format!("{name}.rs")),
        dir.join(&name).join("mod.rs"),
    ]
    .into_iter()
    .find(|p| p.exists())
}

fn path_attr(attrs: &[Attribute]) -> Option<String> {
    attrs.iter().find_map(|attr| match &attr.meta {
        Meta::NameValue(nv) if nv.path.is_ident("path") => match &nv.value {
            Expr::Lit(lit) => match &lit.lit {
                Lit::Str(s) => Some(s.value()),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    })
}

/// Whether the attributes compile the item only for tests: `#[cfg(test)]`, or a `cfg` whose
/// predicate cannot hold without `test` (`all(test, …)`). `#[test]` functions count too.
pub fn is_test(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|attr| {
        if attr.path().is_ident("test") {
            return true;
        }
        if !attr.path().is_ident("cfg") {
            return false;
        }
        attr.parse_args::<Meta>()
            .is_ok_and(|meta| needs_test(&meta))
    })
}

fn needs_test(meta: &Meta) -> bool {
    match meta {
        Meta::Path(path) => path.is_ident("test"),
        Meta::List(list) => {
            let Ok(args) = list.parse_args_with(
                syn::punctuated::Punctuated::<Meta, syn::Token![,]>::parse_terminated,
            ) else {
                return false;
            };
            if list.path.is_ident("all") {
                args.iter().any(needs_test)
            } else if list.path.is_ident("any") {
                !args.is_empty() && args.iter().all(needs_test)
            } else {
                false
            }
        }
        Meta::NameValue(_) => false,
    }
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}
