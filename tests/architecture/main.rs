//! The house rules, kept true by parsing the sources with `syn` (every `use` tree, path and
//! macro invocation, resolved to where it points):
//! - `layers`: every import between top-level modules is one the table below allows;
//! - `cycles`: the top-level modules import one way;
//! - `wait-knows-no-http`: the wait loop never names reqwest, hyper, http or sockets;
//! - `pure-cores`: the schedule and the signer read no clock and do no I/O;
//! - `env-in-config`: only `config` reads (or changes) the environment;
//! - `io-in-app`: nothing outside `app/` writes to stdout/stderr or exits;
//! - `renderers-return-text`: `report/` and `ci/` do no I/O at all;
//! - `fn-length`: no function is longer than 80 lines, whatever its qualifiers;
//! - `modules`: every file under `src/` is a module the rules read.
//!
//! Test code is exempt where the compiler says it is test code: items under
//! `#[cfg(test)]` (including the files such a `mod` declares) and `#[test]` functions.
//!
//! Each rule is shown able to fail: `tests/architecture/probes/` holds one small crate per
//! violation, and `every_probe_breaks_exactly_its_rule` runs the same checker over each.

mod facts;
mod rules;
mod scope;
mod tree;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rules::{Ban, Finding, Layer, check, module_edges};

/// The layers, as the top-level modules each module may import (`main` is the binary).
/// Every import between top-level modules must be listed here, and everything listed here
/// must be imported; the README's "Layers" table says the same (a test keeps them equal).
/// To change the architecture, change this table and the README together.
#[rustfmt::skip]
const LAYERS: &[Layer] = &[
    ("main",          &["app", "config", "exit", "signals"]),
    ("app",           &["auth", "ci", "cli", "config", "exit", "fault", "jobids", "limiter",
                        "report", "sanitize", "secret", "source", "time", "transport",
                        "wait"]),
    ("config",        &["auth", "ci", "cli", "endpoint", "job", "jobids", "options", "regions",
                        "report", "sanitize", "secret", "time", "transport", "usage"]),
    ("ci",            &["exit", "github_escape", "report", "sanitize", "secret", "time", "wait"]),
    ("report",        &["exit", "fault", "job", "sanitize", "secret", "status", "time", "wait"]),
    ("source",        &["auth", "fault", "job", "time", "transport", "wait"]),
    ("wait",          &["exit", "fault", "job", "limiter", "schedule", "status", "time"]),
    ("endpoint",      &["job", "regions", "sanitize"]),
    ("schedule",      &["job", "time"]),
    ("auth",          &["fault", "jobids", "secret", "time", "transport"]),
    ("job",           &["fault", "json_limits", "sanitize", "status", "time"]),
    ("jobids",        &["fault", "sanitize"]),
    ("signals",       &["exit"]),
    ("exit",          &["usage"]),
    ("transport",     &["fault", "time"]),
    ("fault",         &["json_limits", "sanitize"]),
    ("cli",           &["options"]),
    ("limiter",       &["time"]),
    ("sanitize",      &["secret"]),
    ("secret",        &["github_escape"]),
    ("usage",         &["options"]),
    ("github_escape", &[]),
    ("json_limits",   &[]),
    ("options",       &[]),
    ("regions",       &[]),
    ("status",        &[]),
    ("time",          &[]),
];

fn under(module: &[String], prefix: &[&str]) -> bool {
    module.len() >= prefix.len() && module.iter().zip(prefix).all(|(m, p)| m == p)
}

/// What modules must never name, rule by rule.
const BANS: &[Ban] = &[
    Ban {
        rule: "wait-knows-no-http",
        applies: |m| under(m, &["crate", "wait"]),
        paths: &["reqwest", "hyper", "http", "h2", "std::net", "tokio::net"],
        macros: &[],
        methods: &[],
        why: "the wait loop knows no HTTP (it is tested with a scripted source)",
    },
    Ban {
        rule: "pure-cores",
        applies: |m| under(m, &["crate", "schedule"]) || under(m, &["crate", "auth", "signer"]),
        paths: &[
            "std::time::SystemTime::now",
            "std::time::Instant::now",
            "tokio",
            "std::thread",
            "std::fs",
            "std::io",
            "std::net",
            "std::process",
            "reqwest",
        ],
        macros: &[],
        methods: &["elapsed"],
        why: "the schedule and the signer read no clock and do no I/O (time is an argument)",
    },
    Ban {
        rule: "env-in-config",
        applies: |m| !under(m, &["crate", "config"]),
        paths: &[
            "std::env::var",
            "std::env::var_os",
            "std::env::vars",
            "std::env::vars_os",
            "std::env::set_var",
            "std::env::remove_var",
        ],
        macros: &[],
        methods: &[],
        why: "only config reads the environment (tests hand it a map)",
    },
    Ban {
        rule: "io-in-app",
        applies: |m| !under(m, &["crate", "app"]),
        paths: &[
            "std::io::stdout",
            "std::io::stderr",
            "std::io::Stdout",
            "std::io::Stderr",
            "std::io::StdoutLock",
            "std::io::StderrLock",
            "std::process::exit",
            "std::process::abort",
            "std::panic::set_hook",
            "indicatif",
            "console::Term",
        ],
        macros: &[
            "std::print",
            "std::println",
            "std::eprint",
            "std::eprintln",
            "std::dbg",
        ],
        methods: &[],
        why: "only app writes to stdout or stderr, or exits",
    },
    Ban {
        rule: "renderers-return-text",
        applies: |m| under(m, &["crate", "report"]) || under(m, &["crate", "ci"]),
        paths: &["std::io", "std::fs", "std::net", "std::process"],
        macros: &[],
        methods: &["write_all"],
        why: "renderers return text, and app writes it",
    },
];

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn probes_dir() -> PathBuf {
    manifest_dir().join("tests/architecture/probes")
}

fn lines(findings: &[Finding]) -> Vec<String> {
    findings.iter().map(|f| f.to_string()).collect()
}

#[test]
fn the_sources_keep_every_rule() {
    let findings = check(&manifest_dir().join("src"), LAYERS, BANS);
    assert!(findings.is_empty(), "{:#?}", lines(&findings));
}

/// The allow-list says what is, not what once was: an allowance nothing uses, or a module
/// that is gone, is stale; a module with no row would be allowed nothing unnoticed.
#[test]
fn the_layer_table_is_the_module_graph() {
    let edges = module_edges(&manifest_dir().join("src"));
    let used: BTreeSet<(&str, &str)> = edges
        .keys()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let unused: Vec<String> = (LAYERS.iter())
        .flat_map(|(from, may)| may.iter().map(move |to| (*from, *to)))
        .filter(|edge| !used.contains(edge))
        .map(|(from, to)| format!("{from} -> {to}"))
        .collect();
    assert!(
        unused.is_empty(),
        "allowed but never imported (remove them here and in the README): {unused:#?}"
    );
    let rows: BTreeSet<&str> = LAYERS.iter().map(|(m, _)| *m).collect();
    let modules = top_level_modules();
    let missing: Vec<&String> = modules
        .iter()
        .filter(|m| !rows.contains(m.as_str()))
        .collect();
    let gone: Vec<&&str> = rows.iter().filter(|r| !modules.contains(**r)).collect();
    assert!(
        missing.is_empty(),
        "modules with no row in LAYERS: {missing:?}"
    );
    assert!(
        gone.is_empty(),
        "rows in LAYERS for modules that do not exist: {gone:?}"
    );
}

/// `main` and the library's top-level modules.
fn top_level_modules() -> BTreeSet<String> {
    let lib = std::fs::read_to_string(manifest_dir().join("src/lib.rs")).unwrap();
    let file = syn::parse_file(&lib).unwrap();
    let mods = file.items.iter().filter_map(|item| match item {
        syn::Item::Mod(m) if !tree::is_test(&m.attrs) => Some(m.ident.to_string()),
        _ => None,
    });
    mods.chain(["main".to_string()]).collect()
}

/// Layers import one way: the table allows no cycle, so no cycle can hide behind it.
#[test]
fn the_layer_table_is_one_way() {
    fn reach(from: &str, seen: &mut BTreeSet<String>) {
        for (_, may) in LAYERS.iter().filter(|(m, _)| *m == from) {
            for to in *may {
                if seen.insert(to.to_string()) {
                    reach(to, seen);
                }
            }
        }
    }
    for (module, _) in LAYERS {
        let mut seen = BTreeSet::new();
        reach(module, &mut seen);
        assert!(
            !seen.contains(*module),
            "the layer table lets `{module}` import itself"
        );
    }
}

/// The README's "Layers" table, as module -> imports.
fn readme_layers() -> BTreeMap<String, BTreeSet<String>> {
    let readme = std::fs::read_to_string(manifest_dir().join("README.md")).unwrap();
    let section = (readme.lines())
        .skip_while(|l| l.trim() != "### Layers")
        .skip(1)
        .take_while(|l| !l.starts_with('#'));
    let ticked = |cell: &str| -> Vec<String> {
        cell.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    (section.filter(|l| l.starts_with("| `")))
        .map(|row| {
            let cells: Vec<&str> = row.split('|').collect();
            let module = ticked(cells[1]).concat();
            (module, ticked(cells[2]).into_iter().collect())
        })
        .collect()
}

#[test]
fn the_readme_shows_the_layer_table() {
    let table: BTreeMap<String, BTreeSet<String>> = (LAYERS.iter())
        .map(|(m, may)| (m.to_string(), may.iter().map(|s| s.to_string()).collect()))
        .collect();
    let readme = readme_layers();
    let modules: BTreeSet<&String> = readme.keys().chain(table.keys()).collect();
    let differ: Vec<String> = (modules.into_iter())
        .filter(|m| readme.get(*m) != table.get(*m))
        .map(|m| format!("{m}: README {:?}, LAYERS {:?}", readme.get(m), table.get(m)))
        .collect();
    assert!(
        differ.is_empty(),
        "README.md's \"### Layers\" table differs from LAYERS: {differ:#?}"
    );
}

/// A probe's expected findings: its `expected` file, one finding a line (`#` comments).
fn expected(probe: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(probe.join("expected")).unwrap();
    (text.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn probes() -> Vec<PathBuf> {
    let mut probes: Vec<PathBuf> = (std::fs::read_dir(probes_dir()).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    probes.sort();
    probes
}

#[test]
fn every_probe_breaks_exactly_its_rule() {
    let mut wrong = Vec::new();
    for probe in probes() {
        let found = lines(&check(&probe.join("src"), LAYERS, BANS));
        let want = expected(&probe);
        if found != want {
            wrong.push(format!(
                "{}:\n  found {found:#?}\n  expected {want:#?}",
                probe.display()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every rule has a probe it catches, so none can pass by seeing nothing.
#[test]
fn every_rule_is_shown_able_to_fail() {
    let fired: BTreeSet<String> = (probes().iter())
        .flat_map(|p| expected(p))
        .filter_map(|l| l.split(':').next().map(str::to_string))
        .collect();
    let rules = ["modules", "layers", "cycles", "fn-length"];
    let all = rules.into_iter().chain(BANS.iter().map(|b| b.rule));
    let silent: Vec<&str> = all.filter(|r| !fired.contains(*r)).collect();
    assert!(
        silent.is_empty(),
        "rules no probe shows failing: {silent:?}"
    );
}
