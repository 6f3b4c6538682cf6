use super::*;
use crate::testutil::{FAILED_ECS, OK_ECS, report};

const PLAIN: Style = Style { color: false };

#[test]
fn success_names_the_job_type_and_entities() {
    let r = report("j1", Verdict::Succeeded, Some(OK_ECS), 247);
    assert_eq!(
        render_verdict(&r, PLAIN),
        "job j1: SUCCESS after 4m7s (createServer; server_id=bae51750)"
    );
}

#[test]
fn failure_shows_codes_reasons_and_failed_sub_jobs() {
    let r = report("j3", Verdict::Failed, Some(FAILED_ECS), 12);
    assert_eq!(
        render_verdict(&r, PLAIN),
        "job j3: FAIL after 12s (createServer): Ecs.0039: ECS quota exceeded for flavor s3.large\n  sub-job sub-bad (createSingleServer): Ecs.0037: EIP quota exceeded — Insufficient EIP quota"
    );
}

#[test]
fn failure_without_any_detail_says_so() {
    let r = report("j", Verdict::Failed, Some(r#"{"status":"FAIL"}"#), 1);
    assert_eq!(
        render_verdict(&r, PLAIN),
        "job j: FAIL after 1s: the API gave no reason"
    );
}

#[test]
fn timeout_and_no_verdict_explain_themselves() {
    let mut r = report(
        "j",
        Verdict::TimedOut,
        Some(r#"{"status":"RUNNING","entities":{"process_percent":40}}"#),
        3,
    );
    r.reason = Some("timed out after 3s; last status RUNNING".into());
    r.problem = Some(Box::new(crate::fault::Problem::new(
        "503 Service Unavailable from h",
    )));
    assert_eq!(
        render_verdict(&r, PLAIN),
        "job j: timed out after 3s; last status RUNNING (40%)\n  last error: 503 Service Unavailable from h"
    );
    let mut r = report("j", Verdict::NoVerdict, None, 0);
    r.problem = Some(Box::new(crate::fault::Problem::new(
        "401 Unauthorized from h",
    )));
    assert_eq!(
        render_verdict(&r, PLAIN),
        "job j: no verdict: 401 Unauthorized from h"
    );
}

#[test]
fn server_text_cannot_inject_escapes_or_lines() {
    let body = r#"{"status":"FAIL","fail_reason":"bad\u001b[2J\n::error::forged"}"#;
    let r = report("j", Verdict::Failed, Some(body), 1);
    let text = render_verdict(&r, PLAIN);
    assert!(!text.contains('\u{1b}') && !text.contains('\n'), "{text:?}");
}

#[test]
fn colour_only_when_asked() {
    let r = report("j1", Verdict::Succeeded, Some(OK_ECS), 1);
    assert!(render_verdict(&r, Style { color: true }).contains("\u{1b}[32mSUCCESS\u{1b}[0m"));
    assert!(!render_verdict(&r, PLAIN).contains('\u{1b}'));
}

#[test]
fn tally_counts_each_verdict() {
    let reports = vec![
        report("a", Verdict::Succeeded, None, 1),
        report("b", Verdict::Failed, None, 1),
        report("c", Verdict::Succeeded, None, 1),
    ];
    assert_eq!(
        render_tally(&reports).unwrap(),
        "jobwait: 3 jobs: 2 succeeded, 1 failed"
    );
    assert_eq!(render_tally(&reports[..1]), None);
}

fn doc(text: &str) -> JobDoc {
    match crate::job::read(&crate::job::builtin::common("ecs"), text.as_bytes()) {
        crate::job::Body::Job(d) => *d,
        _ => unreachable!(),
    }
}

#[test]
fn progress_log_prints_changes_and_a_heartbeat_at_most_every_ten_seconds() {
    let mut log = ProgressLog::new(Verbosity::Normal, PLAIN);
    let running = doc(
        r#"{"status":"RUNNING","entities":{"sub_jobs_total":5,"sub_jobs":[{"status":"SUCCESS"},{"status":"SUCCESS"}]}}"#,
    );
    let init = doc(r#"{"status":"INIT"}"#);
    let s = Duration::from_secs;
    let mut lines = Vec::new();
    lines.extend(log.answered("j", s(0), &init, StatusClass::Pending));
    for t in [1, 5, 11, 13, 80] {
        lines.extend(log.answered("j", s(t), &running, StatusClass::Pending));
    }
    let done = doc(r#"{"status":"SUCCESS"}"#);
    lines.extend(log.answered("j", s(81), &done, StatusClass::Success));
    assert_eq!(
        lines,
        [
            "job j: INIT [0s elapsed]",
            "job j: RUNNING [1s elapsed] (2/5 sub-jobs done)",
            "job j: still RUNNING [11s elapsed] (2/5 sub-jobs done)",
            "job j: still RUNNING [1m20s elapsed] (2/5 sub-jobs done)",
        ]
    );
}

/// The note comes from the job's profile, shown when its status first appears.
#[test]
fn a_profiles_note_on_a_status_is_shown_when_it_appears() {
    let mut log = ProgressLog::new(Verbosity::Normal, PLAIN);
    let mut noted = doc(r#"{"status":"RUNNING"}"#);
    noted.note = Some("a note from the profile".into());
    let first = log.answered("j", Duration::ZERO, &noted, StatusClass::Pending);
    assert_eq!(
        first.as_deref(),
        Some("job j: RUNNING [0s elapsed] — a note from the profile")
    );
    let later = log.answered("j", Duration::from_secs(10), &noted, StatusClass::Pending);
    assert_eq!(later.as_deref(), Some("job j: still RUNNING [10s elapsed]"));
}

#[test]
fn awaiting_payment_is_explained_and_quiet_prints_nothing() {
    let mut log = ProgressLog::new(Verbosity::Normal, PLAIN);
    let payment = doc(r#"{"status":"PENDING_PAYMENT"}"#);
    let line = log
        .answered("j", Duration::ZERO, &payment, StatusClass::Pending)
        .unwrap();
    assert!(line.contains("awaits payment"), "{line}");
    let problem = crate::fault::Problem::new("503 from h");
    assert_eq!(
        log.retrying("j", &problem, Duration::from_millis(1500))
            .as_deref(),
        Some("warning: job j: 503 from h — retrying in 1.5s")
    );

    let mut quiet = ProgressLog::new(Verbosity::Quiet, PLAIN);
    let running = doc(r#"{"status":"RUNNING"}"#);
    assert_eq!(
        quiet.answered("j", Duration::ZERO, &running, StatusClass::Pending),
        None
    );
    assert_eq!(quiet.retrying("j", &problem, Duration::from_secs(1)), None);
}

#[test]
fn the_verdict_gives_the_jobs_own_run_time_when_the_api_says_it() {
    let ran = r#"{"status":"SUCCESS","job_type":"createServer","begin_time":"2024-05-06T08:00:00Z","end_time":"2024-05-06T08:04:12Z"}"#;
    let r = report("j1", Verdict::Succeeded, Some(ran), 5);
    assert_eq!(
        render_verdict(&r, PLAIN),
        "job j1: SUCCESS after 5s; the job ran 4m12s (createServer)"
    );
    let failed = r#"{"status":"FAIL","begin_time":"1684191545379","end_time":"1684191605379","fail_reason":"no quota"}"#;
    let r = report("j2", Verdict::Failed, Some(failed), 70);
    assert_eq!(
        render_verdict(&r, PLAIN),
        "job j2: FAIL after 1m10s; the job ran 1m0s: no quota"
    );
    // Without an end (still running, or an API that never says), only the wait is told.
    let running = r#"{"status":"SUCCESS","begin_time":"2024-05-06T08:00:00Z","end_time":null}"#;
    let r = report("j3", Verdict::Succeeded, Some(running), 5);
    assert_eq!(render_verdict(&r, PLAIN), "job j3: SUCCESS after 5s");
}
