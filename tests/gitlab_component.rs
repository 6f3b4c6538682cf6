//! The GitLab CI/CD component (`templates/jobwait.yml`) held to the option table: each of
//! its inputs is an option (or one of the component's own: job name, stage, image), every
//! option the Action takes is an input unless it is a secret, and each input reaches
//! jobwait as its `INPUT_<NAME>` variable and as nothing else. `.ci/checks/packaging.sh`
//! checks the rest: GitLab's schema, and the job run as GitLab's runner runs it.

use jobwait::options::{Kind, OPTIONS, Opt};
use yaml_rust2::{Yaml, YamlLoader};

/// The component's own inputs, which are no options of jobwait.
const OWN_INPUTS: [&str; 3] = ["job_name", "stage", "image"];

fn text() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/jobwait.yml"
    ))
    .unwrap()
}

fn option(name: &str) -> Option<&'static Opt> {
    OPTIONS.iter().copied().find(|o| o.name == name && o.input)
}

fn str_of(yaml: &Yaml) -> Option<&str> {
    yaml.as_str()
}

/// Everything wrong with a component's text, one line each.
fn problems(text: &str) -> Vec<String> {
    let docs = match YamlLoader::load_from_str(text) {
        Ok(docs) => docs,
        Err(e) => return vec![format!("not YAML: {e}")],
    };
    let [spec, jobs] = &docs[..] else {
        return vec![format!("{} documents, not spec and job", docs.len())];
    };
    let mut problems = Vec::new();
    let inputs = spec["spec"]["inputs"]
        .as_hash()
        .cloned()
        .unwrap_or_default();
    let names: Vec<&str> = inputs.keys().filter_map(str_of).collect();
    for (key, input) in &inputs {
        let name = key.as_str().unwrap_or("?");
        problems.extend(input_problems(name, input));
    }
    for opt in OPTIONS.iter().filter(|o| o.input && !o.secret) {
        if !names.contains(&opt.name) {
            problems.push(format!("option {} has no input", opt.flag()));
        }
    }
    for own in OWN_INPUTS {
        if !names.contains(&own) {
            problems.push(format!("no input {own}"));
        }
    }
    let image = str_of(&inputs[&Yaml::from_str("image")]["default"]).unwrap_or("");
    let want = format!(":{}-shell", env!("CARGO_PKG_VERSION"));
    if !image.ends_with(&want) {
        problems.push(format!(
            "image {image} is not the shell image of this version ({want})"
        ));
    }
    let Some(jobs) = jobs.as_hash() else {
        return [problems, vec!["no job document".into()]].concat();
    };
    if jobs.len() != 1 {
        problems.push(format!("{} jobs, not one", jobs.len()));
    }
    for job in jobs.values() {
        problems.extend(job_problems(job, &names));
    }
    problems
}

fn input_problems(name: &str, input: &Yaml) -> Vec<String> {
    let mut problems = Vec::new();
    if str_of(&input["description"]).is_none_or(|d| d.trim().is_empty()) {
        problems.push(format!("input {name} has no description"));
    }
    if OWN_INPUTS.contains(&name) {
        return problems;
    }
    let Some(opt) = option(name) else {
        problems.push(format!("input {name} is not an option the Action takes"));
        return problems;
    };
    if opt.secret {
        problems.push(format!(
            "input {name} is a credential: inputs are written into the pipeline's configuration unmasked"
        ));
    }
    let default = &input["default"];
    match (name, default) {
        (_, d) if str_of(d) != Some("") => problems.push(format!(
            "input {name} defaults to {d:?}, not empty: it would override the pipeline's JOBWAIT_*/HW_*/OS_* variables"
        )),
        _ => {}
    }
    if opt.kind == Kind::Switch {
        let options: Vec<&str> = input["options"]
            .as_vec()
            .map(|v| v.iter().filter_map(str_of).collect())
            .unwrap_or_default();
        if options != ["", "true", "false"] {
            problems.push(format!(
                "switch {name} does not offer '', true, false: {options:?}"
            ));
        }
    }
    problems
}

fn job_problems(job: &Yaml, inputs: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    let variables = job["variables"].as_hash().cloned().unwrap_or_default();
    for (key, value) in &variables {
        let key = key.as_str().unwrap_or("?");
        let value = str_of(value).unwrap_or("");
        match key.strip_prefix("INPUT_") {
            Some(name) if inputs.contains(&name.to_ascii_lowercase().as_str()) => {
                let name = name.to_ascii_lowercase();
                if value != format!("$[[ inputs.{name} ]]") {
                    problems.push(format!("{key} is {value:?}, not input {name}"));
                }
            }
            _ if key == "GIT_STRATEGY" => {}
            _ => problems.push(format!(
                "the job sets {key}, which is no input's INPUT_<NAME> and could clobber the pipeline's variables"
            )),
        }
    }
    for name in inputs.iter().filter(|n| !OWN_INPUTS.contains(n)) {
        let key = format!("INPUT_{}", name.to_ascii_uppercase());
        if !variables.contains_key(&Yaml::from_str(&key)) {
            problems.push(format!("input {name} never reaches jobwait ({key})"));
        }
    }
    let script: Vec<&str> = job["script"]
        .as_vec()
        .map(|v| v.iter().filter_map(str_of).collect())
        .unwrap_or_default();
    if script != ["jobwait"] {
        problems.push(format!("the script is {script:?}, not jobwait alone"));
    }
    problems
}

#[test]
fn the_component_maps_every_input_to_an_option() {
    let problems = problems(&text());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A probe: the same component with a credential as an input, an input that is no option,
/// a default that would hide the pipeline's variables, a variable no input feeds, and an
/// option left out. Each is caught.
#[test]
fn a_component_that_drifts_from_the_options_is_caught() {
    let text = text()
        .replace(
            "    timeout:\n",
            "    token:\n      description: \"x\"\n      default: \"\"\n    no_such_option:\n      description: \"x\"\n      default: \"\"\n    timeout:\n",
        )
        .replace(
            "INPUT_REGION: \"$[[ inputs.region ]]\"",
            "INPUT_REGION: \"$[[ inputs.cloud ]]\"\n    OS_REGION_NAME: eu-de",
        )
        .replace("    quiet:\n      description: \"true to log only failures and problems.\"\n      default: \"\"\n      options: [\"\", \"true\", \"false\"]\n", "")
        .replace("    INPUT_QUIET: \"$[[ inputs.quiet ]]\"\n", "");
    let text = text.replacen(
        "      description: \"Give up after this long (exit 2), e.g. 90s, 15m, 1h 30m. Empty means 30m.\"\n      default: \"\"",
        "      description: \"Give up after this long (exit 2), e.g. 90s, 15m, 1h 30m. Empty means 30m.\"\n      default: \"30m\"",
        1,
    );
    let found = problems(&text).join("\n");
    for expected in [
        "input token is a credential",
        "input no_such_option is not an option",
        "input timeout defaults to",
        "INPUT_REGION is \"$[[ inputs.cloud ]]\", not input region",
        "the job sets OS_REGION_NAME",
        "option --quiet has no input",
    ] {
        assert!(found.contains(expected), "missed {expected:?} in:\n{found}");
    }
}
