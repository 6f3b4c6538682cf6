use super::*;

fn load(text: &str) -> Result<Catalog, ProfileError> {
    Catalog::with_files(&[("mine.toml".to_string(), text.to_string())])
}

fn error(text: &str) -> String {
    load(text).unwrap_err().to_string()
}

const EXPORTS: &str = r#"
[job.exports]
about = "Exports of a service nobody built in"
aliases = ["export"]
path = "/v9/{project_id}/exports/{job_id}"
host = { huaweicloud = "exports" }
status = { at = "/export/state", pending = ["QUEUED"], success = ["DONE"], failure = ["BROKEN"] }
answer = { reason = ["/export/error"] }
"#;

#[test]
fn every_built_in_file_loads() {
    let catalog = Catalog::builtin();
    assert!(catalog.jobs().count() >= 19);
    assert!(
        catalog
            .profiles()
            .iter()
            .all(|p| matches!(p.origin, Origin::BuiltIn(_)))
    );
}

#[test]
fn a_file_adds_a_profile_and_says_where_it_came_from() {
    let catalog = load(EXPORTS).unwrap();
    let p = catalog.find(Kind::Job, "Export").unwrap();
    assert_eq!(p.name, "exports");
    assert_eq!(p.origin, Origin::File("mine.toml".into()));
    assert_eq!(p.status.at, "/export/state");
    assert_eq!(p.reasons, ["/export/error"]);
    assert_eq!(p.method, "GET");
    assert_eq!(catalog.find(Kind::Job, "rds").unwrap().name, "rds");
}

#[test]
fn a_file_replaces_a_built_in_profile_in_place() {
    let text = r#"
[job.rds]
extends = "rds"
host = { huaweicloud = "rds-proxy" }
"#;
    let catalog = load(text).unwrap();
    let builtin = Catalog::builtin().find(Kind::Job, "rds").unwrap();
    let rds = catalog.find(Kind::Job, "rds").unwrap();
    assert_eq!(rds.host.huaweicloud.as_deref(), Some("rds-proxy"));
    assert_eq!(rds.host.otc, None, "a host is replaced whole");
    assert_eq!(rds.status, builtin.status);
    assert_eq!(rds.origin, Origin::File("mine.toml".into()));
    let position = |c: &Catalog| c.profiles().iter().position(|p| p.name == "rds");
    assert_eq!(position(&catalog), position(Catalog::builtin()));
}

#[test]
fn extends_merges_tables_key_by_key_and_never_copies_aliases() {
    let text = r#"
[job.my-taurus]
extends = "taurusdb"
status = { unknown = { Paused = "a paused task may resume or not" } }
"#;
    let catalog = load(text).unwrap();
    let mine = catalog.find(Kind::Job, "my-taurus").unwrap();
    assert_eq!(mine.status.at, "/job/status");
    assert_eq!(mine.words().pending(), ["Pending", "Running"]);
    assert_eq!(
        mine.words().why_unknown("paused"),
        Some("a paused task may resume or not")
    );
    assert!(mine.aliases.is_empty());
}

#[test]
fn a_bad_file_names_the_file_the_entry_and_the_field() {
    let cases = [
        (
            EXPORTS.replace("\"/export/state\"", "\"export.state\""),
            "profile file mine.toml: job 'exports', field 'status.at': 'export.state' is not a JSON Pointer",
        ),
        (
            EXPORTS.replace("answer = {", "answer = { reasons = [], "),
            "profile file mine.toml: job 'exports', field 'answer.reasons': unknown field `reasons`, expected one of `list`, `id`, `reason`",
        ),
        (
            EXPORTS.replace("pending = [\"QUEUED\"]", "pending = \"QUEUED\""),
            "profile file mine.toml: job 'exports', field 'status.pending': invalid type: string",
        ),
        (
            EXPORTS.replace("{job_id}", "{id}"),
            "profile file mine.toml: job 'exports', field 'path': '/v9/{project_id}/exports/{id}' must start with '/' and contain {job_id}",
        ),
        (
            EXPORTS.replace("failure = [\"BROKEN\"]", "failure = [\"done\"]"),
            "profile file mine.toml: job 'exports', field 'status': 'DONE' is in two sets of words",
        ),
        (
            EXPORTS.replace("host = { huaweicloud = \"exports\" }\n", ""),
            "profile file mine.toml: job 'exports': missing field `host`",
        ),
        (
            EXPORTS.replace("[job.exports]", "[job.exports]\nextends = \"nothing\""),
            "profile file mine.toml: job 'exports', field 'extends': extends 'nothing', which no earlier job defines",
        ),
        (
            EXPORTS.replace("[\"export\"]", "[\"dms\"]"),
            "profile file mine.toml: job 'exports', field 'aliases': 'dms' already names the profile 'kafka'",
        ),
        (
            EXPORTS.replace("[job.exports]", "[jobs.exports]"),
            "profile file mine.toml: unknown table 'jobs' (expected job, resource or ambiguous)",
        ),
        (
            "[job.x\npath = 1".to_string(),
            "profile file mine.toml: line 1: ",
        ),
    ];
    for (text, want) in cases {
        let got = error(&text);
        assert!(got.starts_with(want), "{got}\n  wanted: {want}");
    }
}

#[test]
fn a_bad_file_changes_nothing() {
    let text = format!("{EXPORTS}\n[job.broken]\npath = \"/x/{{job_id}}\"\n");
    assert!(load(&text).is_err());
    assert!(Catalog::builtin().find(Kind::Job, "exports").is_err());
}

#[test]
fn resources_share_the_format_with_their_own_id_and_gone() {
    let text = r#"
[resource.thing]
path = "/v1/{project_id}/things/{id}"
host = { huaweicloud = "things", otc = "things" }
status = { at = "/thing/status", pending = ["BUILD"], ready = ["ACTIVE"], failure = ["ERROR"] }
answer = { reason = ["/thing/fault/message"] }
gone = { http = [404], words = ["DELETED"] }
"#;
    let catalog = load(text).unwrap();
    let thing = catalog.find(Kind::Resource, "thing").unwrap();
    assert_eq!(thing.words().success(), ["ACTIVE"]);
    assert_eq!(thing.gone.as_ref().unwrap().http, [404]);
    assert!(catalog.find(Kind::Job, "thing").is_err());
}

#[test]
fn unknown_and_ambiguous_names() {
    let catalog = Catalog::builtin();
    match catalog.find(Kind::Job, "rsd") {
        Err(NotFound::Unknown(nearest)) => assert_eq!(nearest[0], "rds"),
        other => panic!("{other:?}"),
    }
}

/// The first TOML block of the README after `heading`.
fn readme_toml(heading: &str) -> &'static str {
    let readme = include_str!("../../../README.md");
    let section = readme.split(heading).nth(1).unwrap();
    let block = section.split("```toml\n").nth(1).unwrap();
    block.split("```").next().unwrap()
}

/// The README documents the format with one whole example: it must load as written.
#[test]
fn the_readmes_example_profile_loads() {
    let catalog = load(readme_toml("### Profiles: job APIs as data")).unwrap();
    let p = catalog.find(Kind::Job, "export").unwrap();
    assert_eq!(p.list.as_deref(), Some("/exports"));
    assert_eq!(p.and.len(), 1);
    assert_eq!(p.host.regions.len(), 1);
    assert!(p.sub_jobs.as_ref().unwrap().words.is_some());
    assert!(matches!(
        catalog.find(Kind::Job, "exp"),
        Err(NotFound::Ambiguous(_))
    ));
}

/// The README documents a resource profile's own keys with one example: it loads, and
/// takes its host from the job API it names.
#[test]
fn the_readmes_resource_example_loads() {
    let catalog = load(readme_toml("A resource profile adds these keys")).unwrap();
    let thing = catalog.find(Kind::Resource, "thing").unwrap();
    let ecs = catalog.find(Kind::Job, "ecs").unwrap();
    assert_eq!(thing.host, ecs.host);
    assert_eq!(thing.service.as_deref(), Some("ecs"));
    assert_eq!(thing.otc_path.as_deref(), Some("/v1.1/things/{id}"));
    assert_eq!(thing.busy, ["/thing/task"]);
    assert_eq!(thing.confirmations, Some(2));
    let gone = thing.gone.as_ref().unwrap();
    assert_eq!(gone.deleting, ["DELETING", "ERROR"]);
}

#[test]
fn a_resource_must_say_how_it_is_gone_and_keep_its_words_apart() {
    let base = r#"
[resource.thing]
service = "ecs"
path = "/v1/{project_id}/things/{id}"
status = { at = "/s", pending = ["BUILD"], ready = ["UP"], failure = ["ERROR"] }
"#;
    assert!(error(base).contains("field 'gone': a resource must say how its API shows it is gone"));
    let word_twice = format!("{base}gone = {{ words = [\"UP\"] }}\n");
    assert!(
        error(&word_twice).contains("'UP' is also a status word"),
        "{}",
        error(&word_twice)
    );
    let deleting_ready = format!("{base}gone = {{ http = [404], deleting = [\"UP\"] }}\n");
    assert!(error(&deleting_ready).contains("gone.deleting"));
    let failing_is_fine = format!("{base}gone = {{ http = [404], deleting = [\"ERROR\"] }}\n");
    assert!(load(&failing_is_fine).is_ok());
    let empty = base.replace("ready = [\"UP\"]", "ready = [\"\"]") + "gone = { http = [404] }\n";
    assert!(
        error(&empty).contains("needs answer.id"),
        "{}",
        error(&empty)
    );
    let unknown_service = base.replace("\"ecs\"", "\"nope\"") + "gone = { http = [404] }\n";
    assert!(error(&unknown_service).contains("no earlier job profile defines"));
    let on_a_job = "[job.x]\nservice = \"ecs\"\npath = \"/{job_id}\"\nstatus = { at = \"/s\", success = [\"OK\"] }\n";
    assert!(
        error(on_a_job).contains("belongs to resources"),
        "{}",
        error(on_a_job)
    );
}
