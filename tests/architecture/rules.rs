//! The rules, each a function of the facts of one source tree, so the same code checks
//! `src/` and every probe. A finding names its rule, the file and line, and what is wrong.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt;
use std::path::Path;

use crate::facts::{At, Facts, Named, gather};
use crate::scope::{Modules, Raw};
use crate::tree::load;

/// The longest a function may be, from its qualifiers to its closing brace.
pub const MAX_FN_LINES: usize = 80;

/// A module and the top-level modules it may import.
pub type Layer = (&'static str, &'static [&'static str]);

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub rule: &'static str,
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Finding {
            rule,
            file,
            line,
            message,
        } = self;
        write!(f, "{rule}: {file}:{line}: {message}")
    }
}

impl Finding {
    fn at(rule: &'static str, at: &At, message: String) -> Finding {
        Finding {
            rule,
            file: at.file.clone(),
            line: at.line,
            message,
        }
    }
}

/// What some modules must never name. A path is named when it starts with a banned one
/// (`std::io` bans `std::io::Write`), or when it is a glob import that brings one in
/// (`use std::env::*` names `std::env::var`).
pub struct Ban {
    pub rule: &'static str,
    /// Whose code the rule reads, by module path (`["crate", "wait", "job"]`, `["main"]`).
    pub applies: fn(&[String]) -> bool,
    pub paths: &'static [&'static str],
    pub macros: &'static [&'static str],
    pub methods: &'static [&'static str],
    pub why: &'static str,
}

/// Every finding of every rule on the crate under `root`, sorted.
pub fn check(root: &Path, layers: &[Layer], bans: &[Ban]) -> Vec<Finding> {
    let tree = load(root);
    let modules = Modules::of(&tree.sources);
    let facts = gather(&tree.sources, &modules);
    let edges = edges(&facts, &modules);
    let mut findings = tree.problems;
    findings.extend(layer_findings(&edges, layers));
    findings.extend(cycle_findings(&edges));
    for ban in bans {
        findings.extend(ban_findings(&facts, &modules, ban));
    }
    findings.extend(length_findings(&facts));
    findings.sort();
    findings
}

/// Which top-level module imports which, each edge with where it is first named.
pub type Edges = BTreeMap<(String, String), (At, Raw)>;

/// The edges between the top-level modules of the crate under `root`.
pub fn module_edges(root: &Path) -> Edges {
    let tree = load(root);
    let modules = Modules::of(&tree.sources);
    edges(&gather(&tree.sources, &modules), &modules)
}

fn edges(facts: &Facts, modules: &Modules) -> Edges {
    let top_level = modules.top_level();
    let mut edges = Edges::new();
    for (at, named) in &facts.named {
        let (Named::Path(path) | Named::Macro(path)) = named else {
            continue;
        };
        let Some(to) = target(path, &top_level) else {
            continue;
        };
        let from = source(&at.module);
        if from != to {
            let first = (at.clone(), path.clone());
            edges.entry((from, to)).or_insert(first);
        }
    }
    edges
}

/// The top-level module code in `module` belongs to: `main` for the binary, `lib` for the
/// library's root.
fn source(module: &[String]) -> String {
    match module {
        [root, ..] if root == "main" => "main".into(),
        [_, top, ..] => top.clone(),
        _ => "lib".into(),
    }
}

/// The top-level module of the library a resolved path reaches into, if any.
fn target(path: &[String], top_level: &BTreeSet<String>) -> Option<String> {
    match path {
        [root, top, ..] if root == "crate" && top_level.contains(top) => Some(top.clone()),
        [root, _, ..] if root == "crate" => Some("lib".into()),
        _ => None,
    }
}

fn layer_findings(edges: &Edges, layers: &[Layer]) -> Vec<Finding> {
    let allowed = |from: &str, to: &str| {
        layers
            .iter()
            .any(|(m, may)| *m == from && may.contains(&to))
    };
    let table = |(from, to): &(String, String)| {
        if layers.iter().any(|(m, _)| m == from) {
            format!("`{from}` may not import `{to}`: the layer table does not allow it")
        } else {
            format!("`{from}` imports `{to}`, and `{from}` is not in the layer table")
        }
    };
    (edges.iter())
        .filter(|((from, to), _)| !allowed(from, to))
        .map(|(edge, (at, path))| {
            let message = format!("{} (`{}`)", table(edge), path.join("::"));
            Finding::at("layers", at, message)
        })
        .collect()
}

/// One cycle per strongly connected group of top-level modules, from its first module.
fn cycle_findings(edges: &Edges) -> Vec<Finding> {
    let mut graph: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, to) in edges.keys() {
        graph.entry(from).or_default().push(to);
    }
    let mut seen = BTreeSet::new();
    let mut findings = Vec::new();
    for &start in graph.keys() {
        if seen.contains(start) {
            continue;
        }
        let Some(cycle) = shortest_cycle(&graph, start) else {
            continue;
        };
        seen.extend(cycle.iter().copied());
        let (at, _) = &edges[&(cycle[0].to_string(), cycle[1].to_string())];
        let message = format!("import cycle: {}", cycle.join(" -> "));
        findings.push(Finding::at("cycles", at, message));
    }
    findings
}

/// The shortest way from `start` back to itself (breadth first), if there is one.
fn shortest_cycle<'a>(
    graph: &BTreeMap<&'a str, Vec<&'a str>>,
    start: &'a str,
) -> Option<Vec<&'a str>> {
    let mut parent: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for &next in graph.get(node).into_iter().flatten() {
            if next == start {
                let mut cycle = vec![node];
                while let Some(&up) = parent.get(cycle[cycle.len() - 1]) {
                    cycle.push(up);
                }
                cycle.reverse();
                cycle.push(start);
                return Some(cycle);
            }
            if !parent.contains_key(next) {
                parent.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    None
}

/// A ban reads where a path finally points, so a re-export (`pub use std::env::var as
/// read;` in one module, `crate::config::read(…)` in another) does not hide it.
fn ban_findings(facts: &Facts, modules: &Modules, ban: &Ban) -> Vec<Finding> {
    let banned = |list: &[&str], written: &[String], bang: &str| {
        let path = modules.canonical(written);
        let hit = (list.iter()).any(|b| names(&path, &b.split("::").collect::<Vec<_>>()));
        let through = if path == written {
            String::new()
        } else {
            format!(" (as `{}{bang}`)", written.join("::"))
        };
        hit.then(|| format!("`{}{bang}`{through}", path.join("::")))
    };
    let applies = |(at, _): &&(At, Named)| (ban.applies)(&at.module);
    let mut findings = Vec::new();
    for (at, named) in facts.named.iter().filter(applies) {
        let hit = match named {
            Named::Path(path) => banned(ban.paths, path, ""),
            Named::Macro(path) => banned(ban.macros, path, "!"),
            Named::Method(name) => {
                let banned = ban.methods.contains(&name.as_str());
                banned.then(|| format!("`.{name}()`"))
            }
        };
        if let Some(what) = hit {
            let module = at.module.join("::");
            let message = format!("`{module}` names {what}: {}", ban.why);
            findings.push(Finding::at(ban.rule, at, message));
        }
    }
    findings
}

/// Whether `path` names `banned`: it starts with it, or it is a glob that brings it in.
fn names(path: &[String], banned: &[&str]) -> bool {
    if path.len() >= banned.len() && path.iter().zip(banned).all(|(p, b)| p == b) {
        return true;
    }
    match path.split_last() {
        Some((star, prefix)) if star == "*" => {
            prefix.len() < banned.len() && prefix.iter().zip(banned).all(|(p, b)| p == b)
        }
        _ => false,
    }
}

fn length_findings(facts: &Facts) -> Vec<Finding> {
    (facts.functions.iter())
        .filter(|f| f.last_line + 1 - f.at.line > MAX_FN_LINES)
        .map(|f| {
            let lines = f.last_line + 1 - f.at.line;
            let message = format!(
                "`{}` is {lines} lines long (at most {MAX_FN_LINES})",
                f.name
            );
            Finding::at("fn-length", &f.at, message)
        })
        .collect()
}
