//! Where `clouds.yaml` and `secure.yaml` are looked for, in openstacksdk's order
//! (`openstack/config/loader.py`, `CONFIG_SEARCH_PATH`, at openstacksdk 94758e9): the
//! working directory, the user's configuration directory as platformdirs names it, the
//! Unix `~/.config/openstack`, the site's configuration directory, and `/etc/openstack`;
//! in each, `NAME.yaml`, `NAME.yml`, then `NAME.json`. `OS_CLIENT_CONFIG_FILE` (or
//! `OS_CLIENT_SECURE_FILE`) goes before them all. The first file that exists is the one
//! read; the others are not merged.
//!
//! Every directory comes from the variables handed in (`HOME`, `XDG_CONFIG_HOME`, …), so
//! tests point them at a temporary directory and never read a developer's own files.

use std::path::{Path, PathBuf};

/// The directories searched, in order, without repeats.
pub fn directories(var: &dyn Fn(&str) -> Option<String>, cwd: Option<&Path>) -> Vec<PathBuf> {
    let home = var("HOME")
        .or_else(|| var("USERPROFILE"))
        .map(PathBuf::from);
    let mut dirs: Vec<PathBuf> = cwd.map(Path::to_path_buf).into_iter().collect();
    dirs.extend(user_config_dir(var, home.as_deref()));
    // `~/.config/openstack`; inside a snap, under the real home.
    let unix_home = var("SNAP_REAL_HOME").map(PathBuf::from).or(home);
    dirs.extend(unix_home.map(|h| h.join(".config").join("openstack")));
    dirs.extend(site_config_dirs(var));
    dirs.push(PathBuf::from("/etc/openstack"));
    let mut unique: Vec<PathBuf> = Vec::new();
    for dir in dirs {
        if !unique.contains(&dir) {
            unique.push(dir);
        }
    }
    unique
}

/// `NAME.yaml`, `NAME.yml`, `NAME.json` in each directory, in order.
pub fn files(name: &str, dirs: &[PathBuf]) -> Vec<PathBuf> {
    dirs.iter()
        .flat_map(|d| ["yaml", "yml", "json"].map(|ext| d.join(format!("{name}.{ext}"))))
        .collect()
}

/// platformdirs' `user_config_dir("openstack", "OpenStack")`.
fn user_config_dir(var: &dyn Fn(&str) -> Option<String>, home: Option<&Path>) -> Option<PathBuf> {
    if cfg!(windows) {
        return var("LOCALAPPDATA").map(|d| Path::new(&d).join("OpenStack").join("openstack"));
    }
    if cfg!(target_os = "macos") {
        return home.map(|h| h.join("Library/Application Support/openstack"));
    }
    match var("XDG_CONFIG_HOME").filter(|d| Path::new(d).is_absolute()) {
        Some(dir) => Some(Path::new(&dir).join("openstack")),
        None => home.map(|h| h.join(".config").join("openstack")),
    }
}

/// platformdirs' `site_config_dir("openstack", "OpenStack", multipath=True)`.
fn site_config_dirs(var: &dyn Fn(&str) -> Option<String>) -> Vec<PathBuf> {
    if cfg!(windows) {
        let data = var("PROGRAMDATA").unwrap_or_else(|| r"C:\ProgramData".into());
        return vec![Path::new(&data).join("OpenStack").join("openstack")];
    }
    if cfg!(target_os = "macos") {
        return vec![PathBuf::from("/Library/Application Support/openstack")];
    }
    let dirs = var("XDG_CONFIG_DIRS").unwrap_or_else(|| "/etc/xdg".into());
    dirs.split(':')
        .filter(|d| Path::new(d).is_absolute())
        .map(|d| Path::new(d).join("openstack"))
        .collect()
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn dirs(vars: &[(&str, &str)]) -> Vec<String> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        directories(&|n| vars.get(n).cloned(), Some(Path::new("/work")))
            .iter()
            .map(|p| p.display().to_string())
            .collect()
    }

    #[test]
    fn openstacksdk_order_on_linux() {
        assert_eq!(
            dirs(&[("HOME", "/home/u")]),
            [
                "/work",
                "/home/u/.config/openstack",
                "/etc/xdg/openstack",
                "/etc/openstack"
            ]
        );
        assert_eq!(
            dirs(&[
                ("HOME", "/home/u"),
                ("XDG_CONFIG_HOME", "/cfg"),
                ("XDG_CONFIG_DIRS", "/a:/b"),
                ("SNAP_REAL_HOME", "/real")
            ]),
            [
                "/work",
                "/cfg/openstack",
                "/real/.config/openstack",
                "/a/openstack",
                "/b/openstack",
                "/etc/openstack"
            ]
        );
        // No home at all: the working directory and the system's.
        assert_eq!(dirs(&[]), ["/work", "/etc/xdg/openstack", "/etc/openstack"]);
    }

    #[test]
    fn each_directory_offers_yaml_yml_then_json() {
        let f = files("secure", &[PathBuf::from("/d")]);
        assert_eq!(
            f,
            ["/d/secure.yaml", "/d/secure.yml", "/d/secure.json"].map(PathBuf::from)
        );
    }
}
