//! The house rules, kept true by reading the sources:
//! - the wait loop never names reqwest (it is tested without a network);
//! - the schedule and the signer read no clock and do no I/O (pure, checked on numbers);
//! - only `config` reads the environment (tests hand it a map);
//! - renderers (`report`, `ci`) never write: they return text, and `app` writes it;
//! - the top-level modules import one way: no cycle;
//! - no function is longer than 80 lines.
//!
//! Test code is exempt: files named `tests.rs`/`*_tests.rs`, `testutil.rs`, and whatever
//! follows a module's `#[cfg(test)]`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
const MAX_FN_LINES: usize = 80;

/// Every non-test source file: path relative to `src/`, and its code without comments,
/// string or character literals (so a rule never trips over prose or data).
fn sources() -> Vec<(String, String)> {
    let mut files = Vec::new();
    collect(Path::new(SRC), &mut files);
    files
        .into_iter()
        .filter_map(|path| {
            let rel = path
                .strip_prefix(SRC)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if name == "tests.rs" || name.ends_with("_tests.rs") || name == "testutil.rs" {
                return None;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap().to_string();
            Some((rel, strip(&code)))
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code with comments removed and the insides of string and character literals
/// blanked, keeping line breaks so line counts stay true.
fn strip(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    let mut out = String::with_capacity(code.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                if chars[i] == '\n' {
                    out.push('\n');
                }
                i += 1;
            }
            i += 2;
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && is_raw_start(&chars, i) {
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            i += 2 + hashes;
            out.push_str("\"\"");
            let close: Vec<char> = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            while i < chars.len() && chars[i..].iter().take(close.len()).ne(close.iter()) {
                if chars[i] == '\n' {
                    out.push('\n');
                }
                i += 1;
            }
            i += close.len();
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if chars.get(i) == Some(&'\n') {
                    out.push('\n');
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && is_char_literal(&chars, i) {
            let len = if next == Some('\\') {
                chars[i + 2..].iter().position(|&x| x == '\'').unwrap() + 3
            } else {
                3
            };
            i += len;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn is_raw_start(chars: &[char], i: usize) -> bool {
    let before = i.checked_sub(1).map(|j| chars[j]);
    if before.is_some_and(|b| b.is_alphanumeric() || b == '_') {
        return false;
    }
    let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
    chars.get(i + 1 + hashes) == Some(&'"')
}

/// `'x'` or `'\n'`, not a lifetime like `'a`.
fn is_char_literal(chars: &[char], i: usize) -> bool {
    match chars.get(i + 1) {
        Some('\\') => true,
        Some(_) => chars.get(i + 2) == Some(&'\''),
        None => false,
    }
}

fn offenders(
    files: &[(String, String)],
    scope: impl Fn(&str) -> bool,
    words: &[&str],
) -> Vec<String> {
    let mut found = Vec::new();
    for (path, code) in files.iter().filter(|(p, _)| scope(p)) {
        for (n, line) in code.lines().enumerate() {
            for word in words {
                if line.contains(word) {
                    found.push(format!("{path}:{}: {word}", n + 1));
                }
            }
        }
    }
    found
}

#[test]
fn the_wait_loop_never_names_reqwest() {
    let found = offenders(&sources(), |p| p.starts_with("wait/"), &["reqwest"]);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_schedule_and_the_signer_read_no_clock_and_do_no_io() {
    let found = offenders(
        &sources(),
        |p| p.starts_with("schedule/") || p == "auth/signer.rs",
        &[
            "Instant::now",
            "SystemTime::now",
            "std::fs",
            "std::io",
            "std::net",
            "tokio",
            "reqwest",
            "print!",
            "println!",
            "eprint",
            "sleep",
        ],
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn only_config_reads_the_environment() {
    let found = offenders(
        &sources(),
        |p| !p.starts_with("config/"),
        &["env::var", "env::vars", "vars_os", "set_var", "remove_var"],
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn renderers_never_write() {
    let found = offenders(
        &sources(),
        |p| p.starts_with("report/") || p.starts_with("ci/"),
        &[
            "write!",
            "writeln!",
            "std::fs",
            "OpenOptions",
            "io::Write",
            "print!",
            "eprint",
            "File::",
            "stdout()",
            "stderr()",
        ],
    );
    assert!(found.is_empty(), "{found:#?}");
}

/// Which top-level modules each top-level module uses.
fn module_graph(files: &[(String, String)]) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, code) in files {
        let top = path
            .split('/')
            .next()
            .unwrap()
            .trim_end_matches(".rs")
            .to_string();
        if top == "main" || top == "lib" {
            continue;
        }
        let mut used = BTreeSet::new();
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let group = &group[..group.find('}').unwrap_or(group.len())];
                for item in group.split(',') {
                    let name: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    used.insert(name);
                }
            } else {
                used.insert(
                    rest.chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect(),
                );
            }
        }
        used.retain(|m| !m.is_empty() && *m != top && m.chars().next().unwrap().is_lowercase());
        graph.entry(top).or_default().extend(used);
    }
    graph
}

#[test]
fn the_top_level_modules_import_one_way() {
    let graph = module_graph(&sources());
    assert!(graph.len() > 10, "{graph:?}");
    // Depth-first search for a back edge.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        if let Some(cycle) = visit(node, &graph, &mut Vec::new(), &mut done) {
            panic!("import cycle: {}", cycle.join(" -> "));
        }
    }
}

#[test]
fn no_function_is_longer_than_80_lines() {
    let mut long = Vec::new();
    for (path, code) in sources() {
        let lines: Vec<&str> = code.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i].trim_start();
            let is_fn = [
                "fn ",
                "pub fn ",
                "async fn ",
                "pub async fn ",
                "pub(super) fn ",
                "pub(super) async fn ",
                "pub(crate) fn ",
                "const fn ",
                "pub const fn ",
            ]
            .iter()
            .any(|p| line.starts_with(p));
            if !is_fn {
                i += 1;
                continue;
            }
            let (mut depth, mut opened, mut end) = (0i32, false, i);
            for (j, l) in lines.iter().enumerate().skip(i) {
                depth += l.matches('{').count() as i32 - l.matches('}').count() as i32;
                opened |= l.contains('{');
                end = j;
                if (opened && depth <= 0) || (!opened && l.trim_end().ends_with(';')) {
                    break;
                }
            }
            let length = end - i + 1;
            if length > MAX_FN_LINES {
                long.push(format!("{path}:{}: {length} lines", i + 1));
            }
            i = end + 1;
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_FN_LINES} lines: {long:#?}"
    );
}

#[test]
fn the_rules_see_what_they_look_for() {
    let code = strip("let s = \"reqwest // {\"; // reqwest\nlet c = '{'; fn f<'a>() {}\n");
    assert_eq!(code, "let s = \"\"; \nlet c = ' '; fn f<'a>() {}\n");
    let graph = module_graph(&[
        (
            "a.rs".into(),
            "use crate::b::X; use crate::{c, d::Y};".into(),
        ),
        ("b/mod.rs".into(), "crate::a::f()".into()),
    ]);
    assert_eq!(
        graph["a"],
        ["b", "c", "d"].iter().map(|s| s.to_string()).collect()
    );
    assert_eq!(graph["b"], ["a"].iter().map(|s| s.to_string()).collect());
}
