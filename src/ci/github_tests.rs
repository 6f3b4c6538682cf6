use std::time::Duration;

use super::*;
use crate::testutil::{FAILED_ECS, OK_ECS, report};

#[test]
fn annotation_for_a_failure_is_one_escaped_line() {
    let r = report("j3", Verdict::Failed, Some(FAILED_ECS), 12);
    let line = annotation(&r).unwrap();
    assert!(
        line.starts_with("::error title=jobwait%3A job j3 failed::job j3: FAIL after 12s"),
        "{line}"
    );
    assert!(line.contains("%0A  sub-job sub-bad"));
    assert!(!line.contains('\n'));
    assert_eq!(
        annotation(&report("j1", Verdict::Succeeded, Some(OK_ECS), 1)),
        None
    );
}

#[test]
fn mask_line_carries_the_secret_for_the_runner() {
    assert_eq!(
        add_mask(&Secret::new("MII-token%x")),
        "::add-mask::MII-token%25x"
    );
}

#[test]
fn a_secret_too_short_to_mask_is_never_registered() {
    // GitHub would mask "abc" in every line of the job.
    assert_eq!(GitHub::default().mask(&Secret::new("abc")), None);
    assert!(GitHub::default().mask(&Secret::new("mask-6")).is_some());
}

#[test]
fn outputs_describe_the_decisive_job() {
    let reports = vec![
        report("j1", Verdict::Succeeded, Some(OK_ECS), 1),
        report("j3", Verdict::Failed, Some(FAILED_ECS), 12),
    ];
    let out = step_outputs::values(&reports, Verdict::Failed, Duration::from_secs(13));
    let get = |name: &str| out.iter().find(|(n, _)| *n == name).unwrap().1.clone();
    assert_eq!(get("status"), "FAIL");
    assert_eq!(get("job_type"), "createServer");
    assert_eq!(get("error_code"), "Ecs.0039");
    assert_eq!(get("fail_reason"), "ECS quota exceeded for flavor s3.large");
    assert_eq!(get("elapsed_seconds"), "12.000");
    let result: serde_json::Value = serde_json::from_str(&get("result")).unwrap();
    assert_eq!(result["elapsed_seconds"], 13.0);
    assert_eq!(result["jobs"][1]["job_id"], "j3");
    let entities: serde_json::Value = serde_json::from_str(&get("entities")).unwrap();
    assert_eq!(entities["sub_jobs_total"], 2);
    assert_eq!(get("verdict"), "failed");
    assert_eq!(get("exit_code"), "1");
}

#[test]
fn outputs_use_unique_delimiters() {
    let text = outputs_text(&[
        ("result", "line1\nline2".into()),
        ("status", "SUCCESS".into()),
    ]);
    let lines: Vec<&str> = text.lines().collect();
    let (name, delim) = lines[0].split_once("<<").unwrap();
    assert_eq!(name, "result");
    assert!(delim.starts_with("ghadelimiter_") && delim.len() > 20);
    assert_eq!(&lines[1..4], &["line1", "line2", delim]);
    assert!(lines[4].starts_with("status<<"));
    assert_ne!(lines[4].split_once("<<").unwrap().1, delim);
}

#[test]
fn finishing_annotates_failures_and_appends_outputs_and_summary() {
    let gh = GitHub {
        output: Some("/o".into()),
        step_summary: Some("/s".into()),
    };
    let reports = vec![report("j3", Verdict::Failed, Some(FAILED_ECS), 12)];
    let emits = gh.finish(&Finished {
        reports: &reports,
        verdict: Verdict::Failed,
        elapsed: Duration::from_secs(12),
    });
    assert_eq!(emits.len(), 3);
    assert!(matches!(&emits[0], Emit::Command(c) if c.starts_with("::error title=")));
    assert!(
        matches!(&emits[1], Emit::Append { path, text, .. } if path.to_str() == Some("/o") && text.starts_with("status<<"))
    );
    assert!(
        matches!(&emits[2], Emit::Append { path, text, .. } if path.to_str() == Some("/s") && text.starts_with("### jobwait"))
    );
    let none = crate::ci::NoCi;
    assert!(none.open_group("x").is_none() && none.mask(&Secret::new("x")).is_none());
}

#[test]
fn summary_is_a_markdown_table_with_safe_cells() {
    let mut bad = report("j|x", Verdict::Failed, Some(FAILED_ECS), 12);
    bad.job_id = "j|x".into();
    let md = summary(
        &[report("j1", Verdict::Succeeded, Some(OK_ECS), 247), bad],
        Verdict::Failed,
    );
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines[0], "### jobwait: failed");
    assert_eq!(
        lines[2],
        "| job | type | verdict | elapsed | entities | failure |"
    );
    assert_eq!(
        lines[4],
        "| `j1` | `createServer` | ✅ success | 4m7s | `server_id=bae51750` |  |"
    );
    assert!(
        lines[5].starts_with("| `j\\|x` | `createServer` | ❌ failed | 12s |"),
        "{}",
        lines[5]
    );
    assert!(lines[5].contains("Ecs.0037"));
    assert_eq!(lines.len(), 6);
}

#[test]
fn a_cell_is_one_code_span_no_pipe_can_end() {
    assert_eq!(
        cell("[x](https://e.example/) <b>"),
        "`[x](https://e.example/) <b>`"
    );
    assert_eq!(cell("a|b `c`"), "`a\\|b 'c'`");
    // `\\` is an escaped backslash to GitHub's table, which would leave the pipe bare.
    assert_eq!(cell("a\\|b"), "`a\\ \\|b`");
    assert_eq!(cell("a\\\\|b"), "`a\\\\ \\|b`");
    assert_eq!(cell("  "), "");
}

#[test]
fn what_workflow_commands_escape_is_still_masked() {
    let secret = "gh-Secret-100%,a:b\r\nc";
    let _s = Secret::new(secret);
    let line = format!(
        "::error title={}::{}",
        github_escape::property(&format!("t {secret}")),
        github_escape::data(&format!("m {secret}"))
    );
    assert_eq!(crate::secret::redact(&line), "::error title=t ***::m ***");
}
