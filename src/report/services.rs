//! `--list-services`: the job APIs jobwait knows, and where each profile came from.
//!
//! One table fits a 100-column terminal (name, request, origin); `-v` adds each profile's
//! hosts, words and answer fields; `--output json` gives everything as data. The README's
//! services table is [`markdown`] of the built-in profiles, and a test keeps them equal,
//! so the documentation cannot drift from what the binary knows.

use serde_json::{Value, json};

use crate::job::catalog::Catalog;
use crate::job::profile::{Gone, Hosts, Origin, Profile};
use crate::sanitize::clean;
use crate::status::StatusSets;

/// The width the listing fits.
const WIDTH: usize = 100;

/// Profiles that differ only in name and host (the common `/v1` API's services) as one
/// row: their names, and the first of them.
fn groups<'a>(profiles: impl Iterator<Item = &'a Profile>) -> Vec<(Vec<&'a str>, &'a Profile)> {
    let shape = |q: &Profile| Profile {
        name: String::new(),
        about: String::new(),
        aliases: Vec::new(),
        host: Hosts::default(),
        ..q.clone()
    };
    let mut out: Vec<(Vec<&str>, &Profile)> = Vec::new();
    for p in profiles {
        match out.iter_mut().find(|(_, q)| shape(q) == shape(p)) {
            Some((names, _)) => names.push(&p.name),
            None => out.push((vec![&p.name], p)),
        }
    }
    out
}

/// Where a profile came from, for people: `built in`, or the file.
fn origin(p: &Profile) -> String {
    match &p.origin {
        Origin::BuiltIn(_) => "built in".into(),
        Origin::File(file) => clean(file),
    }
}

/// `text` cut to `width` characters, with `…` where it was cut.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let kept: String = text.chars().take(width.saturating_sub(1)).collect();
    format!("{kept}…")
}

/// A header, then one line per job API: its names, request, and where it came from; then
/// the same for the resources, in their own section.
pub fn text(catalog: &Catalog) -> String {
    let jobs = table(
        "Job APIs for --service NAME (-v: hosts, words and fields; --output json: all of it)",
        "SERVICE",
        catalog.jobs(),
    );
    let resources = table(
        "Resources for --resource NAME --id ID (--for ready, deleted, or one of its words)",
        "RESOURCE",
        catalog.resources(),
    );
    format!("{jobs}\n{resources}")
}

/// A title, a header and one row per profile within [`WIDTH`] columns.
fn table<'a>(title: &str, what: &str, profiles: impl Iterator<Item = &'a Profile>) -> String {
    let rows: Vec<[String; 3]> = profiles
        .map(|p| [p.name.clone(), p.request(), origin(p)])
        .collect();
    let header = [what, "REQUEST", "FROM"].map(String::from);
    let width = |i: usize| {
        rows.iter()
            .chain([&header])
            .map(|r| r[i].chars().count())
            .max()
            .unwrap_or(0)
    };
    // The origin keeps its width, and a name up to 24 characters; the request gives way.
    let from = width(2).min(30);
    let names = width(0).min(24);
    let request = width(1).min(WIDTH - from - names - 4);
    let mut out = format!("{title}\n");
    for row in std::iter::once(&header).chain(&rows) {
        let line = format!(
            "{:<names$}  {:<request$}  {}",
            fit(&row[0], names),
            fit(&row[1], request),
            fit(&row[2], from)
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Every profile in full: one block each.
pub fn details(catalog: &Catalog) -> String {
    let mut out = String::new();
    for p in catalog.jobs().chain(catalog.resources()) {
        out.push_str(&block(p));
        out.push('\n');
    }
    out
}

fn block(p: &Profile) -> String {
    let mut lines = vec![format!("{} ({}): {}", p.name, origin(p), clean(&p.about))];
    let mut field = |name: &str, value: String| {
        if !value.is_empty() {
            lines.push(format!("  {name:<11}{value}"));
        }
    };
    field("aliases", p.aliases.join(", "));
    field("request", p.request());
    field(
        "params",
        p.params()
            .iter()
            .map(|n| format!("--param {n}=…"))
            .collect::<Vec<_>>()
            .join(" "),
    );
    field("hosts", hosts(&p.host));
    for s in p.status_fields() {
        field("status", format!("{}: {}", s.at, s.words.brief()));
        for (word, why) in s.words.unknown() {
            field("undecided", format!("{word}: {why}"));
        }
    }
    field("list", p.list.clone().unwrap_or_default());
    field("id", p.id.clone().unwrap_or_default());
    field("reason", p.reasons.join(", "));
    field("code", p.codes.join(", "));
    field("progress", p.progress.join(", "));
    if let Some(sub) = &p.sub_jobs {
        field("sub-jobs", sub.at.join(", "));
    }
    field("create id", p.create_id.join(", "));
    if let Some(gone) = &p.gone {
        field("gone", gone_text(gone));
    }
    field("otc path", p.otc_path.clone().unwrap_or_default());
    field("busy while", p.busy.join(", "));
    lines.join("\n") + "\n"
}

/// `404, an empty list, DBS.280110, DELETED; on the way: PENDING_DELETE`
fn gone_text(gone: &Gone) -> String {
    let mut parts: Vec<String> = gone.http.iter().map(u16::to_string).collect();
    if gone.empty_list {
        parts.push("an empty list".into());
    }
    parts.extend(gone.codes.iter().cloned());
    parts.extend(gone.words.iter().cloned());
    let mut text = parts.join(", ");
    if !gone.deleting.is_empty() {
        text.push_str(&format!("; on the way: {}", gone.deleting.join(", ")));
    }
    text
}

/// `huaweicloud rds, otc rds; eu-west-101 rds.eu-west-101.myhuaweicloud.eu`
fn hosts(h: &Hosts) -> String {
    let mut parts = Vec::new();
    let global = if h.global { " (global)" } else { "" };
    if let Some(name) = &h.huaweicloud {
        parts.push(format!("huaweicloud {name}{global}"));
    }
    if let Some(name) = &h.otc {
        parts.push(format!("otc {name}{global}"));
    }
    let mut text = parts.join(", ");
    if !h.regions.is_empty() {
        let regions: Vec<String> = h
            .regions
            .iter()
            .map(|(r, host)| format!("{r} {host}"))
            .collect();
        text.push_str(&format!("; {}", regions.join(", ")));
    }
    text
}

/// Every job API, then every resource, as a JSON list (`kind` says which), with its
/// hosts, words and where it came from.
pub fn json(catalog: &Catalog) -> String {
    let list: Vec<Value> = catalog
        .jobs()
        .chain(catalog.resources())
        .map(profile_json)
        .collect();
    Value::Array(list).to_string()
}

fn profile_json(p: &Profile) -> Value {
    let h = &p.host;
    let status: Vec<Value> = p
        .status_fields()
        .map(|s| {
            let w = &s.words;
            let undecided: Vec<&String> = w.unknown().iter().map(|(word, _)| word).collect();
            json!({"at": s.at, "pending": w.pending(), "success": w.success(),
                "failure": w.failure(), "undecided": undecided})
        })
        .collect();
    let regions: serde_json::Map<String, Value> = h
        .regions
        .iter()
        .map(|(r, host)| (r.clone(), Value::String(host.clone())))
        .collect();
    let gone = p.gone.as_ref().map(|g| {
        json!({"http": g.http, "empty_list": g.empty_list, "codes": g.codes,
            "words": g.words, "deleting": g.deleting})
    });
    json!({
        "kind": p.kind.table(),
        "name": p.name,
        "aliases": p.aliases,
        "about": p.about,
        "from": origin(p),
        "request": p.request(),
        "params": p.params(),
        "host": { "huaweicloud": h.huaweicloud, "otc": h.otc, "regional": !h.global, "regions": regions },
        "status": status,
        "create_id": p.create_id,
        "otc_request": p.otc_path.as_ref().map(|path| format!("{} {path}", p.method)),
        "gone": gone,
    })
}

/// The README's resources table: one row per resource, with how it is gone.
pub fn resources_markdown(catalog: &Catalog) -> String {
    let mut out = String::from(
        "| resource | request | status at | pending / ready / failure | gone |\n|---|---|---|---|---|\n",
    );
    let list = |w: &[String]| {
        w.iter()
            .map(|w| {
                if w.is_empty() {
                    "`\"\"`".to_string()
                } else {
                    format!("`{w}`")
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    for p in catalog.resources() {
        let w = p.words();
        let words = format!(
            "{} / {} / {}",
            list(w.pending()),
            list(w.success()),
            list(w.failure())
        );
        let request = match &p.otc_path {
            Some(otc) => format!("`{}` (OTC: `{otc}`)", p.request()),
            None => format!("`{}`", p.request()),
        };
        let gone = p.gone.as_ref().map(gone_text).unwrap_or_default();
        out.push_str(&format!(
            "| `{}` | {request} | `{}` | {words} | {gone} |\n",
            p.name,
            p.status_at()
        ));
    }
    out
}

/// The README's services table: one row per group of job APIs.
pub fn markdown(catalog: &Catalog) -> String {
    let mut out = String::from(
        "| service | request | status at | pending / success / failure |\n|---|---|---|---|\n",
    );
    for (names, p) in groups(catalog.jobs()) {
        let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        let words: Vec<String> = p.status_fields().map(|s| words_md(&s.words)).collect();
        out.push_str(&format!(
            "| {} | `{}` | `{}` | {} |\n",
            names.join(", "),
            p.request(),
            p.status_at(),
            words.join("; and ")
        ));
    }
    out
}

/// `` `Running` / `Completed` / `Failed` ``, with "any other word" where unlisted words
/// are pending, and the words that decide nothing.
fn words_md(w: &StatusSets) -> String {
    let list = |words: &[String]| {
        let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
        quoted.join(", ")
    };
    let mut pending = list(w.pending());
    if w.others_pending() {
        let sep = if pending.is_empty() { "" } else { ", " };
        pending.push_str(&format!("{sep}any other word"));
    }
    let undecided: Vec<String> = w.unknown().iter().map(|(u, _)| u.clone()).collect();
    let undecided = if undecided.is_empty() {
        String::new()
    } else {
        format!(" (no verdict: {})", list(&undecided))
    };
    format!(
        "{pending} / {} / {}{undecided}",
        list(w.success()),
        list(w.failure())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> &'static Catalog {
        Catalog::builtin()
    }

    #[test]
    fn a_header_then_one_line_per_api_within_100_columns() {
        let listing = text(builtin());
        let mut lines = listing.lines();
        assert!(
            lines
                .next()
                .unwrap()
                .starts_with("Job APIs for --service NAME")
        );
        assert!(lines.next().unwrap().starts_with("SERVICE "));
        let rds = listing.lines().find(|l| l.starts_with("rds ")).unwrap();
        assert!(
            rds.contains("GET /v3/{project_id}/jobs?id={job_id}"),
            "{rds}"
        );
        assert!(rds.ends_with("built in"), "{rds}");
        assert!(listing.contains("\neip "), "{listing}");
        let count = builtin().jobs().count() + builtin().resources().count();
        assert_eq!(listing.lines().count(), count + 5);
        let section = listing.split("\n\n").nth(1).unwrap();
        assert!(
            section.starts_with("Resources for --resource NAME"),
            "{section}"
        );
        let ecs = section
            .lines()
            .find(|l| l.starts_with("ecs-server "))
            .unwrap();
        assert!(
            ecs.contains("GET /v1/{project_id}/cloudservers/{id}"),
            "{ecs}"
        );
        for line in listing.lines() {
            assert!(line.chars().count() <= WIDTH, "{line}");
        }
    }

    #[test]
    fn details_show_hosts_words_and_fields() {
        let all = details(builtin());
        let rds = all.split("\n\n").find(|b| b.starts_with("rds ")).unwrap();
        assert!(
            rds.contains("status     /job/status: Running / Completed / Failed"),
            "{rds}"
        );
        assert!(rds.contains("hosts      huaweicloud rds"), "{rds}");
    }

    #[test]
    fn json_lists_every_service_with_its_hosts() {
        let list: Value = serde_json::from_str(&json(builtin())).unwrap();
        let list = list.as_array().unwrap();
        let jobs = builtin().jobs().count();
        assert_eq!(list.len(), jobs + builtin().resources().count());
        assert!(list[..jobs].iter().all(|p| p["kind"] == "job"));
        let rds = list.iter().find(|p| p["name"] == "rds-instance").unwrap();
        assert_eq!(rds["kind"], "resource");
        assert_eq!(rds["gone"]["empty_list"], true);
        let kafka = list.iter().find(|p| p["name"] == "kafka").unwrap();
        assert_eq!(kafka["params"], json!(["instance_id"]));
        assert_eq!(kafka["host"]["otc"], "dms");
        assert_eq!(kafka["from"], "built in");
        let bss = list.iter().find(|p| p["name"] == "bss").unwrap();
        assert_eq!(bss["host"]["regional"], false);
    }

    /// The README's services table is this table: change the profiles, and the README
    /// must follow (the message holds the table to paste).
    #[test]
    fn the_readme_services_table_is_the_built_in_profiles() {
        let readme = include_str!("../../README.md");
        let table = markdown(builtin());
        assert!(
            readme.contains(&table),
            "README.md's services table (under 'Job APIs') should read:\n{table}"
        );
        let table = resources_markdown(builtin());
        assert!(
            readme.contains(&table),
            "README.md's resources table (under 'Resources') should read:\n{table}"
        );
    }
}
