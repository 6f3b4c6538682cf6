//! The step outputs are named once, in `jobwait::ci::step_outputs::StepOutput`; these
//! tests hold `action.yml`'s outputs and the README's outputs table to that list, in the
//! same order, so no copy can drift (they were written three times, unchecked).

use jobwait::ci::step_outputs::StepOutput;

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{}/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// `action.yml`'s outputs, in order: name and the value it maps to.
fn action_outputs(yaml: &str) -> Vec<(String, String)> {
    let mut outputs: Vec<(String, String)> = Vec::new();
    let mut inside = false;
    for line in yaml.lines() {
        if !line.starts_with(' ') && !line.is_empty() {
            inside = line == "outputs:";
        } else if !inside {
        } else if let Some(name) = line.strip_prefix("  ").and_then(|l| l.strip_suffix(':')) {
            if !name.starts_with(' ') {
                outputs.push((name.to_string(), String::new()));
            }
        } else if let Some(value) = line.trim_start().strip_prefix("value:")
            && let Some(last) = outputs.last_mut()
        {
            last.1 = value.trim().to_string();
        }
    }
    outputs
}

/// The names in the README's outputs table (`| output | meaning |`), in order.
fn readme_outputs(markdown: &str) -> Vec<String> {
    markdown
        .lines()
        .skip_while(|l| !l.starts_with("| output |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| l.split('`').nth(1).map(String::from))
        .collect()
}

/// Everything on which the two documents disagree with the code.
fn drift(action: &str, readme: &str) -> Vec<String> {
    let code: Vec<&str> = StepOutput::ALL.iter().map(|o| o.name()).collect();
    let mut problems = Vec::new();
    let action = action_outputs(action);
    let names: Vec<&str> = action.iter().map(|(n, _)| n.as_str()).collect();
    if names != code {
        problems.push(format!(
            "action.yml outputs {names:?}, the code writes {code:?}"
        ));
    }
    for (name, value) in &action {
        let want = format!("${{{{ steps.wait.outputs.{name} }}}}");
        if *value != want {
            problems.push(format!("action.yml output {name} is {value:?}, not {want}"));
        }
    }
    let readme = readme_outputs(readme);
    if readme != code {
        problems.push(format!(
            "the README lists {readme:?}, the code writes {code:?}"
        ));
    }
    problems
}

#[test]
fn code_action_yml_and_readme_name_the_same_outputs_in_the_same_order() {
    let problems = drift(&read("action.yml"), &read("README.md"));
    assert!(problems.is_empty(), "{problems:#?}");
}

/// The check can fail: documents that dropped, renamed or reordered an output.
#[test]
fn the_check_sees_a_drifted_copy() {
    let action = read("action.yml").replace("  job_type:\n", "  job_kind:\n");
    let readme = read("README.md").replace("| `result` |", "| `results` |");
    let problems = drift(&action, &readme);
    // The renamed output: not in the list, and mapped to a name it does not have; the
    // README's renamed row.
    assert_eq!(problems.len(), 3, "{problems:#?}");
    let wrong_value = read("action.yml").replace(
        "steps.wait.outputs.verdict }}",
        "steps.install.outputs.verdict }}",
    );
    assert_eq!(drift(&wrong_value, &read("README.md")).len(), 1);
    assert_eq!(
        readme_outputs("| output | meaning |\n|---|---|\n"),
        Vec::<String>::new()
    );
}
