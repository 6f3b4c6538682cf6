//! clouds.yaml with files in a temporary home: where they are found, which wins, and
//! what a bad file or a missing entry says. Nothing here reads the developer's own home.

use std::path::Path;

use crate::auth::{AccessKeys, Method, PasswordLogin, Token};
use crate::config::{Config, Env, resolve};

const PROJECT: &str = "0123456789abcdef0123456789abcdef";

/// A temporary home with `HOME` and `XDG_CONFIG_HOME` pointing into it.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, rel: &str) -> std::path::PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str) -> String {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    }

    fn env(&self, more: &[(&str, &str)]) -> Env {
        let home = self.path("home").display().to_string();
        let mut env: Env = [("HOME".to_string(), home)].into_iter().collect();
        env.extend(more.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        env
    }

    fn resolve(&self, args: &[&str], more: &[(&str, &str)]) -> Result<Config, String> {
        let mut all = vec!["--endpoint", "http://127.0.0.1:9"];
        all.extend_from_slice(args);
        self.resolve_exactly(&all, more)
    }

    /// Without the loopback endpoint the other tests use.
    fn resolve_exactly(&self, args: &[&str], more: &[(&str, &str)]) -> Result<Config, String> {
        let args = crate::cli::parse(
            ["jobwait", "--job-id", "j1"]
                .into_iter()
                .chain(args.iter().copied()),
        )
        .unwrap();
        resolve(&args, &self.env(more), || panic!("stdin")).map_err(|e| e.to_string())
    }
}

fn method<T: Method>(c: &Config) -> &T {
    let any: &dyn std::any::Any = c.credentials.as_ref();
    any.downcast_ref::<T>()
        .unwrap_or_else(|| panic!("{:?}", c.credentials))
}

/// The example of otcextensions' docs (doc/source/install/configuration.rst), password
/// in secure.yaml, AK/SK beside `auth:`.
const OTC: &str = "\
clouds:
  otc:
    profile: otc
    auth:
      username: 'jobwait-user'
      project_id: '0123456789abcdef0123456789abcdef'
      user_domain_name: 'OTC00000000001000000xxx'
      auth_url: 'https://iam.eu-de.otc.t-systems.com:443/v3'
    region_name: eu-de
    interface: 'public'
    identity_api_version: 3
";

const SECURE: &str = "\
clouds:
  otc:
    auth:
      password: 'pw-from-secure-yaml'
";

#[test]
fn an_entry_with_secure_yaml_merged_gives_a_password_login() {
    let home = Home::new();
    let file = home.write("home/.config/openstack/clouds.yaml", OTC);
    let secure = home.write("home/.config/openstack/secure.yaml", SECURE);
    let c = home.resolve(&["--os-cloud", "otc"], &[]).unwrap();
    let login = method::<PasswordLogin>(&c);
    assert_eq!(login.username, "jobwait-user");
    assert_eq!(login.password.expose(), "pw-from-secure-yaml");
    assert_eq!(login.domain_name, "OTC00000000001000000xxx");
    assert_eq!(
        login.auth_url.as_str(),
        "https://iam.eu-de.otc.t-systems.com/v3"
    );
    assert_eq!(c.project_id.as_deref(), Some(PROJECT));
    assert_eq!(
        c.cloud_note.as_deref(),
        Some(format!("cloud otc from {file}, merged with {secure}").as_str())
    );
    assert!(
        c.auth_note.contains(
            "clouds.yaml (cloud otc): auth.username, secure.yaml (cloud otc): auth.password"
        ),
        "{}",
        c.auth_note
    );
    // The secret from the file is a Secret: masked, never shown.
    assert!(!format!("{c:?}").contains("pw-from-secure-yaml"));
    assert!(!crate::secret::redact("x pw-from-secure-yaml").contains("pw-from"));
}

#[test]
fn flags_and_every_variable_come_before_the_file() {
    let home = Home::new();
    home.write("home/.config/openstack/clouds.yaml", OTC);
    home.write("home/.config/openstack/secure.yaml", SECURE);
    let c = home
        .resolve(
            &["--os-cloud", "otc"],
            &[("OS_PROJECT_ID", "fedcba9876543210fedcba9876543210")],
        )
        .unwrap();
    assert_eq!(
        c.project_id.as_deref(),
        Some("fedcba9876543210fedcba9876543210")
    );
    let c = home.resolve_exactly(&["--os-cloud", "otc"], &[]).unwrap();
    assert_eq!(c.endpoint.as_str(), "https://ecs.eu-de.otc.t-systems.com/");
    let c = home
        .resolve_exactly(&["--os-cloud", "otc"], &[("HW_REGION_NAME", "eu-nl")])
        .unwrap();
    assert_eq!(c.endpoint.as_str(), "https://ecs.eu-nl.otc.t-systems.com/");
    // A token in a variable wins over the file's password login, which is named unused.
    let c = home
        .resolve(
            &[],
            &[("OS_CLOUD", "otc"), ("HW_AUTH_TOKEN", "tok-from-env-123")],
        )
        .unwrap();
    method::<Token>(&c);
    assert!(
        c.auth_note
            .contains("not used: password login (clouds.yaml (cloud otc)")
    );
}

#[test]
fn the_first_file_found_wins_in_openstacksdk_order() {
    let home = Home::new();
    let entry = |project: &str| {
        format!(
            "clouds:\n  c:\n    auth:\n      token: tok-{project}-123456\n      project_id: {project}\n"
        )
    };
    let system = home.write("etc/clouds.yaml", &entry("from-config-file-var"));
    home.write("xdg/openstack/clouds.yml", &entry("from-xdg-config-home"));
    home.write("home/.config/openstack/clouds.yaml", &entry("from-home"));
    let project = |more: &[(&str, &str)]| {
        let mut vars = vec![("OS_CLOUD", "c")];
        vars.extend_from_slice(more);
        home.resolve(&[], &vars).unwrap().project_id.unwrap()
    };
    assert_eq!(project(&[]), "from-home");
    let xdg = home.path("xdg").display().to_string();
    assert_eq!(
        project(&[("XDG_CONFIG_HOME", &xdg)]),
        "from-xdg-config-home"
    );
    assert_eq!(
        project(&[
            ("XDG_CONFIG_HOME", &xdg),
            ("OS_CLIENT_CONFIG_FILE", &system)
        ]),
        "from-config-file-var"
    );
}

#[test]
fn ak_sk_as_otcextensions_and_gophertelekomcloud_keep_them() {
    let home = Home::new();
    // otcextensions: beside `auth:` (otcextensions/sdk/__init__.py, get_ak_sk).
    home.write(
        "home/.config/openstack/clouds.yaml",
        &format!(
            "clouds:\n  a:\n    ak: AKFROMTOPLEVEL\n    sk: sk-top-level-123\n    region_name: eu-de\n    auth:\n      project_id: {PROJECT}\n  \
             b:\n    auth:\n      ak: AKFROMAUTH\n      sk: sk-in-auth-123\n      security_token: sts-in-auth-123\n      project-id: {PROJECT}\n"
        ),
    );
    let c = home.resolve(&["--os-cloud", "a"], &[]).unwrap();
    assert_eq!(
        method::<AccessKeys>(&c).access_key.expose(),
        "AKFROMTOPLEVEL"
    );
    let c = home.resolve(&["--os-cloud", "b"], &[]).unwrap();
    let keys = method::<AccessKeys>(&c);
    assert_eq!(keys.access_key.expose(), "AKFROMAUTH");
    assert_eq!(
        keys.security_token.as_ref().unwrap().expose(),
        "sts-in-auth-123"
    );
    // `project-id` is `project_id`, as openstacksdk normalises keys.
    assert_eq!(c.project_id.as_deref(), Some(PROJECT));
}

#[test]
fn without_a_name_no_file_is_read() {
    let home = Home::new();
    home.write("home/.config/openstack/clouds.yaml", "not: [valid");
    let err = home.resolve(&[], &[]).unwrap_err();
    assert!(err.starts_with("no credentials"), "{err}");
}

#[test]
fn a_missing_entry_or_file_names_the_file_and_the_entry() {
    let home = Home::new();
    let file = home.write("home/.config/openstack/clouds.yaml", OTC);
    let err = home.resolve(&["--os-cloud", "prod"], &[]).unwrap_err();
    assert_eq!(
        err,
        format!("--os-cloud names cloud prod, which {file} does not have (its clouds: otc)")
    );
    let empty = Home::new();
    let err = empty.resolve(&[], &[("OS_CLOUD", "otc")]).unwrap_err();
    assert!(
        err.starts_with("OS_CLOUD names cloud otc, but there is no clouds.yaml: looked in "),
        "{err}"
    );
    assert!(
        err.contains(&empty.path("home/.config/openstack").display().to_string()),
        "{err}"
    );
    let err = empty
        .resolve(
            &["--os-cloud", "otc"],
            &[("OS_CLIENT_CONFIG_FILE", "/nonexistent/clouds.yaml")],
        )
        .unwrap_err();
    assert_eq!(
        err,
        "OS_CLIENT_CONFIG_FILE names /nonexistent/clouds.yaml, which does not exist"
    );
}

#[test]
fn a_bad_file_is_a_usage_error_that_never_shows_a_value() {
    let home = Home::new();
    let file = home.write(
        "home/.config/openstack/clouds.yaml",
        "clouds:\n  otc:\n    auth:\n      password: pw-never-shown-1\n     broken: [\n",
    );
    let err = home.resolve(&["--os-cloud", "otc"], &[]).unwrap_err();
    assert!(
        err.starts_with(&format!("cannot read {file}: not valid YAML at line")),
        "{err}"
    );
    assert!(!err.contains("pw-never-shown"), "{err}");
    home.write(
        "home/.config/openstack/clouds.yaml",
        "clouds:\n  otc:\n    auth:\n      password: [pw-never-shown-1]\n",
    );
    let err = home.resolve(&["--os-cloud", "otc"], &[]).unwrap_err();
    assert_eq!(err, format!("{file}: cloud otc: auth.password is not text"));
    home.write("home/.config/openstack/clouds.yaml", "");
    let err = home.resolve(&["--os-cloud", "otc"], &[]).unwrap_err();
    assert!(err.ends_with("it is empty or not a mapping"), "{err}");
}

#[test]
fn the_working_directory_is_searched_first() {
    let dirs = super::places::directories(&|_| None, Some(Path::new("/w")));
    assert_eq!(dirs[0], Path::new("/w"));
}
