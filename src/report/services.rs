//! `--list-services`: the job APIs jobwait knows, one line each, or as JSON.

use serde_json::{Value, json};

use crate::job::{Profile, builtin};

/// Profiles that differ only in their host (the common `/v1` API's services), as one
/// row: their names, and the first of them.
fn groups(profiles: &[Profile]) -> Vec<(String, &Profile)> {
    let mut out: Vec<(String, &Profile)> = Vec::new();
    for p in profiles {
        let shape = |q: &Profile| Profile {
            name: String::new(),
            about: String::new(),
            aliases: Vec::new(),
            host: Default::default(),
            ..q.clone()
        };
        let same = |q: &Profile| shape(q) == shape(p);
        match out.iter_mut().find(|(_, q)| same(q)) {
            Some((names, _)) => {
                names.push_str(", ");
                names.push_str(&p.name);
            }
            None => out.push((p.name.clone(), p)),
        }
    }
    out
}

/// One line per profile: name, request, status field and words.
pub fn text() -> String {
    let all = builtin::all();
    let rows: Vec<[String; 4]> = groups(&all)
        .into_iter()
        .map(|(names, p)| [names, p.request(), p.status_at(), p.words().brief()])
        .collect();
    let widths: Vec<usize> = (0..3)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i < 3 {
                out.push_str(&format!("{cell:<width$}  ", width = widths[i]));
            } else {
                out.push_str(cell);
            }
        }
        out.push('\n');
    }
    out.push_str(
        "Any other --service is taken as a service with the /v1 job API, its name as the host.\n",
    );
    out
}

/// The same as a JSON list, with each profile's hosts.
pub fn json() -> String {
    let list: Vec<Value> = builtin::all()
        .iter()
        .map(|p| {
            let h = &p.host;
            let status_fields: Vec<&str> = p.status_fields().map(|s| s.at.as_str()).collect();
            json!({
                "name": p.name,
                "aliases": p.aliases,
                "request": p.request(),
                "params": p.params(),
                "host": { "huaweicloud": h.huaweicloud, "otc": h.otc, "regional": !h.global },
                "status_field": status_fields,
                "pending": p.words().pending(),
                "success": p.words().success(),
                "failure": p.words().failure(),
            })
        })
        .collect();
    Value::Array(list).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_per_service_with_request_status_field_and_words() {
        let listing = text();
        let rds = listing.lines().find(|l| l.starts_with("rds ")).unwrap();
        assert!(
            rds.contains("GET /v3/{project_id}/jobs?id={job_id}"),
            "{rds}"
        );
        assert!(rds.contains("/job/status"), "{rds}");
        assert!(rds.ends_with("Running / Completed / Failed"), "{rds}");
        assert!(listing.lines().next().unwrap().starts_with("ecs, evs, ims"));
        assert_eq!(listing.lines().count(), groups(&builtin::all()).len() + 1);
    }

    #[test]
    fn json_lists_every_service_with_its_hosts() {
        let list: Value = serde_json::from_str(&json()).unwrap();
        let list = list.as_array().unwrap();
        assert_eq!(list.len(), builtin::all().len());
        let kafka = list.iter().find(|p| p["name"] == "kafka").unwrap();
        assert_eq!(kafka["params"], json!(["instance_id"]));
        assert_eq!(kafka["host"]["otc"], "dms");
        let bss = list.iter().find(|p| p["name"] == "bss").unwrap();
        assert_eq!(
            bss["host"],
            json!({"huaweicloud": "bss", "otc": null, "regional": false})
        );
    }
}
