//! Name resolution, as far as the rules need it: what a path's first segment means where
//! it is written. `crate`, `self`, `super` (any number of them) and a leading `::` are
//! exact; any other first name is looked up in the enclosing blocks' `use` items, then the
//! module's `use` items and child modules, then its glob imports of crate modules, and is
//! otherwise an external crate (`std`, `reqwest`, …). So `use std::env as e; e::var` is
//! `std::env::var`, and `use crate::{a::{b}, wait::Answer}` is two paths.

use std::collections::{BTreeMap, BTreeSet};

use syn::{Item, UseTree};

use crate::tree::{Source, is_test};

/// The library's own name, by which `main.rs` reaches it (`jobwait::app::run`).
pub const CRATE_NAME: &str = "jobwait";

/// A path as written: its segments (a leading `::` is an empty first segment).
pub type Raw = Vec<String>;

/// The names a module or a block brings into scope.
#[derive(Default)]
pub struct Table {
    children: BTreeSet<String>,
    names: BTreeMap<String, Raw>,
    globs: Vec<Raw>,
}

impl Table {
    /// The `use` items among `items` (test-only ones left out), and the child modules.
    pub fn of<'a>(items: impl IntoIterator<Item = &'a Item>) -> Table {
        let mut table = Table::default();
        for item in items {
            match item {
                Item::Use(u) if !is_test(&u.attrs) => {
                    for entry in flatten(&u.tree, leading(u.leading_colon.is_some())) {
                        table.add(entry);
                    }
                }
                Item::Mod(m) if !is_test(&m.attrs) => {
                    table.children.insert(m.ident.to_string());
                }
                _ => {}
            }
        }
        table
    }

    fn add(&mut self, entry: UseEntry) {
        if entry.glob {
            self.globs.push(entry.path);
        } else if let Some(name) = entry.name {
            self.names.insert(name, entry.path);
        }
    }
}

/// One leaf of a `use` tree: the full path, the name it binds (none for `as _` and
/// globs), and the line of the leaf.
pub struct UseEntry {
    pub path: Raw,
    pub name: Option<String>,
    pub glob: bool,
    pub line: usize,
}

pub fn leading(colon: bool) -> Raw {
    if colon { vec![String::new()] } else { vec![] }
}

/// Every leaf of a `use` tree, through nested groups, renames, `self` and globs.
pub fn flatten(tree: &UseTree, prefix: Raw) -> Vec<UseEntry> {
    let join = |name: String| prefix.iter().cloned().chain([name]).collect::<Raw>();
    match tree {
        UseTree::Path(p) => flatten(&p.tree, join(p.ident.to_string())),
        UseTree::Name(n) => {
            let (path, name) = if n.ident == "self" {
                (prefix.clone(), prefix.last().cloned())
            } else {
                (join(n.ident.to_string()), Some(n.ident.to_string()))
            };
            let line = n.ident.span().start().line;
            vec![UseEntry {
                path,
                name,
                glob: false,
                line,
            }]
        }
        UseTree::Rename(r) => {
            let path = if r.ident == "self" {
                prefix.clone()
            } else {
                join(r.ident.to_string())
            };
            let name = Some(r.rename.to_string()).filter(|n| n != "_");
            let line = r.ident.span().start().line;
            vec![UseEntry {
                path,
                name,
                glob: false,
                line,
            }]
        }
        UseTree::Glob(g) => {
            let line = g.star_token.span.start().line;
            vec![UseEntry {
                path: prefix,
                name: None,
                glob: true,
                line,
            }]
        }
        UseTree::Group(g) => g
            .items
            .iter()
            .flat_map(|t| flatten(t, prefix.clone()))
            .collect(),
    }
}

/// The tables of every module of a crate, by module path.
#[derive(Default)]
pub struct Modules {
    tables: BTreeMap<Raw, Table>,
}

impl Modules {
    pub fn of(sources: &[Source]) -> Modules {
        let mut modules = Modules::default();
        for source in sources {
            modules.add(source.module.clone(), &source.file.items);
        }
        modules
    }

    fn add(&mut self, module: Raw, items: &[Item]) {
        for item in items {
            if let Item::Mod(m) = item
                && let Some((_, inner)) = &m.content
                && !is_test(&m.attrs)
            {
                let child = module
                    .iter()
                    .cloned()
                    .chain([m.ident.to_string()])
                    .collect();
                self.add(child, inner);
            }
        }
        self.tables.insert(module, Table::of(items));
    }

    /// Where a resolved path finally points, through re-exports: `crate::config::read` is
    /// `std::env::var` when `config` says `pub use std::env::var as read;`.
    pub fn canonical(&self, path: &[String]) -> Raw {
        let mut path = path.to_vec();
        for _ in 0..MAX_HOPS {
            let Some(k) = (1..path.len())
                .rev()
                .find(|k| self.tables.contains_key(&path[..*k]))
            else {
                break;
            };
            let Some(raw) = self.tables[&path[..k]].names.get(&path[k]) else {
                break;
            };
            let place = Place {
                modules: self,
                module: &path[..k],
                blocks: &[],
            };
            let Some(target) = place.resolve(raw) else {
                break;
            };
            path = target
                .into_iter()
                .chain(path[k + 1..].iter().cloned())
                .collect();
        }
        path
    }

    /// The top-level modules of the library (the children of its root).
    pub fn top_level(&self) -> BTreeSet<String> {
        let root = self.tables.get(&vec!["crate".to_string()]);
        root.map(|t| t.children.clone()).unwrap_or_default()
    }
}

/// Where a path is written: the module, and the blocks around it (innermost last).
pub struct Place<'a> {
    pub modules: &'a Modules,
    pub module: &'a [String],
    pub blocks: &'a [Table],
}

/// How many alias hops a lookup may take (a `use a as b; use b as a;` loop ends here).
const MAX_HOPS: usize = 16;

impl Place<'_> {
    /// The absolute path (`crate::…`, `main::…` or an external crate's) that `path` names
    /// here; `None` for a single name that is local (a variable, an item of this module).
    pub fn resolve(&self, path: &[String]) -> Option<Raw> {
        self.resolve_hops(path, 0)
    }

    fn resolve_hops(&self, path: &[String], hops: usize) -> Option<Raw> {
        let (first, rest) = path.split_first()?;
        let base = match first.as_str() {
            "crate" | "$crate" => vec![self.module[0].clone()],
            CRATE_NAME => vec!["crate".to_string()],
            "self" => self.module.to_vec(),
            "super" => return self.up(path),
            "" => return Some(rest.to_vec()),
            "Self" => return None,
            name => match self.lookup(name, hops) {
                Some(target) => target,
                None if rest.is_empty() => return None,
                None => return Some(path.to_vec()),
            },
        };
        Some(base.into_iter().chain(rest.iter().cloned()).collect())
    }

    /// `super::super::x`: one module up per `super`; never above the crate's root.
    fn up(&self, path: &[String]) -> Option<Raw> {
        let supers = path.iter().take_while(|s| *s == "super").count();
        let keep = self.module.len().checked_sub(supers).filter(|k| *k >= 1)?;
        let base = self.module[..keep].iter().cloned();
        Some(base.chain(path[supers..].iter().cloned()).collect())
    }

    /// What a first name means here: a `use` of the enclosing blocks (innermost first),
    /// of the module, a child module, or a name a glob import of a crate module brings.
    fn lookup(&self, name: &str, hops: usize) -> Option<Raw> {
        if hops > MAX_HOPS {
            return None;
        }
        for depth in (0..self.blocks.len()).rev() {
            if let Some(raw) = self.blocks[depth].names.get(name) {
                return self.within(depth + 1).resolve_hops(raw, hops + 1);
            }
        }
        let table = self.modules.tables.get(self.module)?;
        if let Some(raw) = table.names.get(name) {
            return self.within(0).resolve_hops(raw, hops + 1);
        }
        if table.children.contains(name) {
            return Some(
                self.module
                    .iter()
                    .cloned()
                    .chain([name.to_string()])
                    .collect(),
            );
        }
        let globs = self
            .blocks
            .iter()
            .flat_map(|b| &b.globs)
            .chain(&table.globs);
        globs.into_iter().find_map(|glob| {
            let target = self.within(0).resolve_hops(glob, hops + 1)?;
            let place = Place {
                modules: self.modules,
                module: &target,
                blocks: &[],
            };
            place.lookup(name, hops + 1)
        })
    }

    /// The same module, seeing only the outermost `depth` blocks.
    fn within(&self, depth: usize) -> Place<'_> {
        Place {
            modules: self.modules,
            module: self.module,
            blocks: &self.blocks[..depth],
        }
    }
}
