//! The option table (`src/options.rs`) is the one definition of every option: `--help`,
//! the resolver and the error messages read it directly, and these tests hold `action.yml`
//! and the README's options table to it, so no copy can drift again.

use std::collections::BTreeMap;

use jobwait::options::{Kind, OPTIONS};

/// The inputs of `action.yml`: name → description (one line, or a folded block).
fn action_inputs() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/action.yml")).unwrap();
    let mut inputs = BTreeMap::new();
    let mut in_inputs = false;
    let mut current: Option<String> = None;
    let mut folding = false;
    for line in text.lines() {
        if !line.starts_with(' ') && !line.is_empty() {
            in_inputs = line == "inputs:";
            current = None;
            continue;
        }
        if !in_inputs {
            continue;
        }
        if let Some(name) = line.strip_prefix("  ").and_then(|l| l.strip_suffix(':'))
            && !name.starts_with(' ')
        {
            current = Some(name.to_string());
            inputs.insert(name.to_string(), String::new());
            folding = false;
            continue;
        }
        let Some(name) = &current else { continue };
        let entry = inputs.get_mut(name).unwrap();
        if let Some(desc) = line.trim_start().strip_prefix("description:") {
            let desc = desc.trim();
            folding = desc.starts_with('>') || desc.starts_with('|');
            if !folding {
                entry.push_str(desc);
            }
        } else if folding && line.starts_with("      ") {
            entry.push(' ');
            entry.push_str(line.trim());
        } else {
            folding = false;
        }
    }
    inputs
}

/// The README's options table: flag → (variables cell, default cell).
fn readme_rows() -> BTreeMap<String, (String, String)> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let mut rows = BTreeMap::new();
    for line in text.lines().filter(|l| l.starts_with("| `-")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let first = cells[1];
        if cells.len() < 5 {
            continue;
        }
        // `-q`, `--quiet` or `--timeout DURATION`
        let flag = first
            .split(['`', ' '])
            .find(|w| w.starts_with("--"))
            .unwrap()
            .to_string();
        rows.insert(flag, (cells[2].to_string(), cells[3].to_string()));
    }
    rows
}

fn backticked(vars: &[&str]) -> String {
    vars.iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn every_option_is_an_action_input_whose_description_agrees() {
    let inputs = action_inputs();
    for opt in OPTIONS.iter().filter(|o| o.input) {
        let desc = inputs
            .get(opt.name)
            .unwrap_or_else(|| panic!("action.yml has no input {}", opt.name));
        for var in opt.env {
            assert!(
                desc.contains(var),
                "input {}: description lacks {var}",
                opt.name
            );
        }
        if let Some(default) = opt.default {
            let default = default.to_string();
            assert!(
                desc.contains("Empty means") && desc.contains(&default),
                "input {}: description should say that empty means {default}: {desc}",
                opt.name
            );
        }
        if opt.kind == Kind::Switch {
            assert!(
                desc.contains("true"),
                "input {}: say it takes true",
                opt.name
            );
        }
    }
    for name in inputs.keys() {
        assert!(
            name == "version" || OPTIONS.iter().any(|o| o.name == name && o.input),
            "action.yml input {name} is not an option the Action takes"
        );
    }
}

#[test]
fn the_readme_options_table_lists_each_option_with_its_variables_and_default() {
    let rows = readme_rows();
    for opt in OPTIONS {
        let (vars, default) = rows
            .get(&opt.flag())
            .unwrap_or_else(|| panic!("README's options table has no row for {}", opt.flag()));
        let want_vars = if opt.kind == Kind::Switch {
            format!("(`{}=true`)", opt.jobwait_variable())
        } else if opt.clouds_yaml.is_empty() {
            backticked(opt.env)
        } else {
            format!(
                "{}; clouds.yaml {}",
                backticked(opt.env),
                backticked(opt.clouds_yaml)
            )
        };
        assert_eq!(
            vars.trim(),
            want_vars,
            "README row {}: variables",
            opt.flag()
        );
        if let Some(d) = opt.default {
            assert_eq!(
                default.replace('`', ""),
                d.to_string(),
                "README row {}: default",
                opt.flag()
            );
        }
    }
    let known: Vec<String> = OPTIONS.iter().map(|o| o.flag()).collect();
    for flag in rows.keys() {
        assert!(
            known.contains(flag),
            "README lists {flag}, which is no option"
        );
    }
}
