//! clouds.yaml end to end: the real binary in a temporary home and working directory,
//! against the fake API's IAM. Nothing here reads the developer's own home.

mod support;

use std::path::Path;

use support::*;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn fake() -> FakeApi {
    FakeApi::start(
        Config::new()
            .project(PROJECT)
            .auth(Auth::Iam(Iam {
                user: "ci-bot".into(),
                password: PASSWORD.into(),
                domain: "acme".into(),
                project_id: Some(PROJECT.into()),
                ..Default::default()
            }))
            .sequence("j", vec![Step::job("RUNNING"), Step::job("SUCCESS")]),
    )
}

fn entry(fake: &FakeApi, user: &str) -> String {
    format!(
        "clouds:\n  ci:\n    auth:\n      auth_url: {}/v3\n      username: {user}\n      user_domain_name: acme\n      project_id: {PROJECT}\n    region_name: eu-de\n",
        fake.url
    )
}

#[test]
fn check_names_the_file_and_entry_and_the_working_directory_wins() {
    let fake = fake();
    let tmp = tempfile::tempdir().unwrap();
    let (home, work) = (tmp.path().join("home"), tmp.path().join("work"));
    let user_dir = home.join(".config/openstack");
    write(&user_dir.join("clouds.yaml"), &entry(&fake, "someone-else"));
    write(&work.join("clouds.yaml"), &entry(&fake, "ci-bot"));
    write(
        &user_dir.join("secure.yaml"),
        &format!("clouds:\n  ci:\n    auth:\n      password: '{PASSWORD}'\n"),
    );
    let out = jobwait(&[
        "--endpoint",
        &fake.url,
        "--job-id",
        "j",
        "--os-cloud",
        "ci",
        "--check",
    ])
    .env("HOME", &home.to_string_lossy())
    .current_dir(&work)
    .run();
    out.assert_clean();
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.assert_stderr_has(&format!(
        "jobwait: clouds.yaml: cloud ci from {}, merged with {}",
        work.join("clouds.yaml").display(),
        user_dir.join("secure.yaml").display()
    ));
    out.assert_stderr_has(
        "jobwait: auth: IAM password login (clouds.yaml (cloud ci): auth.username, secure.yaml (cloud ci): auth.password)",
    );
    assert_eq!(fake.logins(), 1);
}

#[test]
fn a_missing_entry_is_exit_4_naming_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("clouds.yaml");
    write(
        &file,
        "clouds:\n  prod:\n    auth:\n      password: pw-never-shown-1\n",
    );
    let out = jobwait(&["--job-id", "j", "--region", "eu-de"])
        .env("HOME", &tmp.path().join("home").to_string_lossy())
        .env("OS_CLOUD", "staging")
        .env("OS_CLIENT_CONFIG_FILE", &file.to_string_lossy())
        .run();
    assert_eq!(out.code, 4, "{}", out.stderr);
    out.assert_stderr_has(&format!(
        "jobwait: error: OS_CLOUD names cloud staging, which {} does not have (its clouds: prod)",
        file.display()
    ));
    assert!(!out.stderr.contains("pw-never-shown"));
}
