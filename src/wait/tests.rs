//! The wait loop against a scripted source on a paused clock: nothing really sleeps, so
//! half-hour timeouts are checked exactly and quickly.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, UNIX_EPOCH};

use super::*;
use crate::source::{classify, classify_for};
use crate::transport::Response;

/// What the fake API does on one poll.
#[derive(Clone, Debug)]
enum Step {
    /// A job document with this status (and optional extra JSON fields).
    Job(&'static str),
    Body(&'static str),
    Http(u16, &'static str),
    Throttle(Option<u64>),
    /// Never answers.
    Stall,
    /// No HTTP answer at all: connection refused.
    Refused,
    /// An answer, but not in HTTP (a bad status line).
    NotHttp,
    /// A status line, then a body that did not end in time.
    Unfinished,
    /// A resource waited for to be deleted is gone (404).
    Gone,
}

const BASE_EPOCH: u64 = 1_700_000_000;

struct Script {
    start: Instant,
    steps: Mutex<HashMap<String, Vec<Step>>>,
    /// (job, time of each poll since start)
    polls: Mutex<Vec<(String, Duration)>>,
    /// The job began this long before the start.
    begun_ago: f64,
}

impl Script {
    fn new(jobs: &[(&str, Vec<Step>)]) -> Script {
        Script {
            start: Instant::now(),
            steps: Mutex::new(
                jobs.iter()
                    .map(|(j, s)| (j.to_string(), s.clone()))
                    .collect(),
            ),
            polls: Mutex::new(vec![]),
            begun_ago: 0.0,
        }
    }

    fn times(&self, job: &str) -> Vec<f64> {
        let polls = self.polls.lock().unwrap();
        polls
            .iter()
            .filter(|(j, _)| j == job)
            .map(|(_, t)| t.as_secs_f64())
            .collect()
    }
}

impl JobSource for Script {
    async fn fetch(&self, job_id: &str, timeout: Duration) -> Reply {
        let sent = Instant::now();
        self.polls
            .lock()
            .unwrap()
            .push((job_id.to_string(), sent - self.start));
        let common = crate::job::builtin::common("ecs");
        let step = {
            let mut steps = self.steps.lock().unwrap();
            let list = steps.get_mut(job_id).expect("scripted job");
            if list.len() > 1 {
                list.remove(0)
            } else {
                list[0].clone()
            }
        };
        let since = (sent - self.start).as_secs_f64();
        let server_date = UNIX_EPOCH + Duration::from_secs(BASE_EPOCH + since.floor() as u64);
        let begin = humantime::format_rfc3339_millis(
            UNIX_EPOCH + Duration::from_secs_f64(BASE_EPOCH as f64 - self.begun_ago),
        );
        let answer = match step {
            Step::Job(status) => {
                let body = format!(
                    r#"{{"status":"{status}","job_id":"{job_id}","begin_time":"{begin}","job_type":"createServer"}}"#
                );
                classify_for(
                    &common,
                    Some(job_id),
                    &Response::new(200, body),
                    "200 OK".into(),
                )
            }
            Step::Body(body) => classify_for(
                &common,
                Some(job_id),
                &Response::new(200, body),
                "200 OK".into(),
            ),
            Step::Http(code, body) => {
                classify(&common, &Response::new(code, body), format!("{code}"))
            }
            Step::Throttle(after) => {
                let mut answer = Response::new(429, "{}");
                if let Some(secs) = after {
                    answer = answer.with_header("retry-after", &secs.to_string());
                }
                classify(&common, &answer, "429".into())
            }
            Step::Stall => {
                tokio::time::sleep(timeout).await;
                Answer::Fault(Fault::Transient(Problem::new("the request timed out")))
            }
            Step::Gone => Answer::Gone {
                how: "404 Not Found from ecs.example.com".into(),
                doc: None,
            },
            Step::Refused => Answer::Fault(Fault::Transient(Problem::new(
                "could not connect: Connection refused (GET ecs.example.com)",
            ))),
            Step::NotHttp => Answer::Fault(Fault::Transient(Problem {
                not_http: true,
                ..Problem::new(
                    "the answer is not HTTP that jobwait can read: invalid HTTP version parsed",
                )
            })),
            Step::Unfinished => Answer::Fault(Fault::Transient(Problem {
                status: Some(200),
                ..Problem::new("200 OK, but its body did not end within 15s")
            })),
        };
        Reply {
            answer,
            sent,
            received: Instant::now(),
            server_date: Some(server_date).filter(|_| self.begun_ago >= 0.0),
        }
    }
}

#[derive(Default)]
struct Recorder {
    events: Mutex<Vec<String>>,
}

impl Observer for Recorder {
    fn answered(&self, seen: &Seen) {
        self.events.lock().unwrap().push(format!(
            "{} {} {:?} @{}",
            seen.job,
            seen.doc.status,
            seen.class,
            seen.elapsed.as_secs_f64()
        ));
    }
    fn retrying(&self, job: &str, _: Duration, problem: &Problem, retry_in: Duration) {
        self.events.lock().unwrap().push(format!(
            "{job} retry in {:.3}: {problem}",
            retry_in.as_secs_f64()
        ));
    }
    fn finished(&self, report: &JobReport) {
        self.events
            .lock()
            .unwrap()
            .push(format!("{} finished {:?}", report.job_id, report.verdict));
    }
}

fn settings(timeout: Duration) -> Settings {
    let start = Instant::now();
    Settings {
        start,
        deadline: start + timeout,
        poll_interval: Duration::from_secs(1),
        max_interval: Duration::from_secs(10),
        not_found_grace: Duration::from_secs(30),
        request_timeout: Duration::from_secs(15),
        statuses: "ecs (pending: INIT; success: SUCCESS; failure: FAIL)".into(),
        unknown_hint: "place it with --pending-status".into(),
        status_at: "/status".into(),
        success_confirmations: 1,
        fail_fast: false,
        subject: Default::default(),
        seed: Some(7),
        docs_kept: None,
    }
}

struct Run {
    reports: Vec<JobReport>,
    ctx: Arc<Context<Script>>,
    recorder: Arc<Recorder>,
}

async fn run_with(script: Script, settings: Settings, cancel_at: Option<Duration>) -> Run {
    run_at_rate(script, settings, cancel_at, 1000.0).await
}

async fn run_at_rate(
    script: Script,
    settings: Settings,
    cancel_at: Option<Duration>,
    max_rps: f64,
) -> Run {
    let recorder = Arc::new(Recorder::default());
    let jobs: Vec<String> = {
        let steps = script.steps.lock().unwrap();
        let mut jobs: Vec<String> = steps.keys().cloned().collect();
        jobs.sort();
        jobs
    };
    let ctx = Arc::new(Context {
        source: script,
        limiter: RateLimiter::new(max_rps),
        observer: recorder.clone() as Arc<dyn Observer>,
        settings,
    });
    let (stop, _) = watch::channel(None);
    if let Some(at) = cancel_at {
        let stop = stop.clone();
        tokio::spawn(async move {
            tokio::time::sleep(at).await;
            stop.send_replace(Some(Stop::Signal(Signal::Interrupt)));
        });
    }
    let reports = wait_all(Arc::clone(&ctx), jobs, stop).await;
    Run {
        reports,
        ctx,
        recorder,
    }
}

async fn run(jobs: &[(&str, Vec<Step>)], timeout: Duration) -> Run {
    run_with(Script::new(jobs), settings(timeout), None).await
}

/// Why a report's wait ended, as it says.
fn reason(report: &JobReport) -> String {
    report.reason.clone().unwrap_or_default()
}

/// The failure a report kept, as it reads.
fn problem(report: &JobReport) -> String {
    report
        .problem
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default()
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

#[tokio::test(start_paused = true)]
async fn a_finished_job_costs_one_poll() {
    let r = run(&[("j", vec![Step::Job("SUCCESS")])], secs(60)).await;
    assert_eq!(r.reports[0].verdict, Verdict::Succeeded);
    assert_eq!(r.reports[0].polls, 1);
    assert_eq!(r.ctx.source.times("j"), vec![0.0]);
    assert_eq!(r.reports[0].elapsed, Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn a_zero_timeout_still_asks_once() {
    let r = run(&[("done", vec![Step::Job("SUCCESS")])], Duration::ZERO).await;
    assert_eq!(r.reports[0].verdict, Verdict::Succeeded);
    assert_eq!(r.ctx.source.times("done"), vec![0.0]);
    let r = run(&[("busy", vec![Step::Job("RUNNING")])], Duration::ZERO).await;
    assert_eq!(r.reports[0].verdict, Verdict::TimedOut);
    assert_eq!(r.reports[0].polls, 1);
    let reason = r.reports[0].reason.as_deref().unwrap();
    assert_eq!(reason, "timed out after 0ms; last status RUNNING");
}

#[tokio::test(start_paused = true)]
async fn polls_follow_the_backoff_within_the_jitter() {
    let mut steps = vec![Step::Job("INIT")];
    steps.extend(std::iter::repeat_n(Step::Job("RUNNING"), 9));
    steps.push(Step::Job("SUCCESS"));
    let r = run(&[("j", steps)], secs(600)).await;
    assert_eq!(r.reports[0].verdict, Verdict::Succeeded);
    let times = r.ctx.source.times("j");
    assert_eq!(times.len(), 11);
    let nominal = [
        1.0, 1.5, 2.25, 3.375, 5.0625, 7.59375, 10.0, 10.0, 10.0, 10.0,
    ];
    for (i, gap) in times.windows(2).map(|w| w[1] - w[0]).enumerate() {
        let want: f64 = nominal[i];
        assert!(
            gap >= want * 0.9 - 0.6 && gap <= (want * 1.1).min(10.0) + 0.6 && gap <= 10.0 + 1e-9,
            "gap {i} = {gap}, nominal {want}: {times:?}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_half_hour_timeout_ends_exactly_at_the_deadline_after_a_last_poll() {
    let r = run(&[("j", vec![Step::Job("RUNNING")])], secs(1800)).await;
    let report = &r.reports[0];
    assert_eq!(report.verdict, Verdict::TimedOut);
    assert_eq!(report.elapsed, secs(1800));
    let times = r.ctx.source.times("j");
    assert_eq!(*times.last().unwrap(), 1800.0, "last poll at the deadline");
    // About one poll per 9.5 s once the interval is capped.
    assert!((180..=200).contains(&times.len()), "{} polls", times.len());
    assert!(
        reason(report).contains("last status RUNNING"),
        "{}",
        reason(report)
    );
    assert!(report.problem.is_none());
}

/// `--max-rps 0.5`: a poll every 2 s at most, over all jobs. However far the rate pushes
/// the next slot, a wait ends at its deadline, not before, and a cancel still ends it.
#[tokio::test(start_paused = true)]
async fn a_slow_rate_ends_the_wait_at_the_deadline_not_before() {
    for (jobs, timeout, polls) in [
        (&["j"][..], 1, vec![0.0]),
        (&["j"][..], 3, vec![0.0, 2.0]),
        (&["a", "b", "c"][..], 5, vec![0.0, 2.0, 4.0]),
    ] {
        let script: Vec<(&str, Vec<Step>)> = jobs
            .iter()
            .map(|j| (*j, vec![Step::Job("RUNNING")]))
            .collect();
        let r = run_at_rate(Script::new(&script), settings(secs(timeout)), None, 0.5).await;
        let mut times: Vec<f64> = jobs.iter().flat_map(|j| r.ctx.source.times(j)).collect();
        times.sort_by(f64::total_cmp);
        assert_eq!(times, polls, "{jobs:?} in {timeout}s");
        for report in &r.reports {
            assert_eq!(report.verdict, Verdict::TimedOut, "{}", reason(report));
            assert_eq!(report.elapsed, secs(timeout), "{}", report.job_id);
            let want = format!("timed out after {timeout}s; last status RUNNING");
            assert_eq!(reason(report), want);
        }
    }
    let script = Script::new(&[("j", vec![Step::Job("RUNNING")])]);
    let r = run_at_rate(script, settings(secs(60)), Some(secs(7)), 0.01).await;
    assert_eq!(r.reports[0].verdict, Verdict::Cancelled(Signal::Interrupt));
    assert_eq!(r.reports[0].elapsed, secs(7));
}

#[tokio::test(start_paused = true)]
async fn a_stalled_server_cannot_hold_the_wait_past_the_deadline() {
    let r = run(&[("j", vec![Step::Stall])], secs(5)).await;
    let report = &r.reports[0];
    // Never seen at all: no verdict, not "still running".
    assert_eq!(report.verdict, Verdict::NoVerdict);
    assert!(
        report.elapsed <= secs(5) + FINAL_POLL_GRACE,
        "{:?}",
        report.elapsed
    );
    assert!(report.elapsed >= secs(5));
    assert!(
        reason(report).contains("no job document was read within the timeout (5s)"),
        "{}",
        reason(report)
    );
    assert!(problem(report).contains("timed out"), "{}", problem(report));
}

#[tokio::test(start_paused = true)]
async fn each_request_is_clipped_to_the_time_left() {
    let mut script = Script::new(&[(
        "j",
        vec![Step::Job("RUNNING"), Step::Job("RUNNING"), Step::Stall],
    )]);
    script.begun_ago = 0.0;
    let mut s = settings(secs(3));
    s.request_timeout = secs(60);
    let r = run_with(script, s, None).await;
    // Polls at 0 and ~1 s; the third (~2.5 s) stalls and is cut at 3 s, then one last
    // poll at the deadline that may take the grace period.
    assert!(r.reports[0].elapsed <= secs(3) + FINAL_POLL_GRACE);
    assert_eq!(r.reports[0].verdict, Verdict::TimedOut);
}

#[tokio::test(start_paused = true)]
async fn not_found_is_retried_during_the_grace_period_only() {
    let r = run(
        &[(
            "late",
            vec![
                Step::Http(404, "{}"),
                Step::Http(404, "{}"),
                Step::Job("SUCCESS"),
            ],
        )],
        secs(600),
    )
    .await;
    assert_eq!(r.reports[0].verdict, Verdict::Succeeded);

    let r = run(
        &[(
            "never",
            vec![Step::Http(
                404,
                r#"{"error":{"code":"Ecs.0114","message":"gone"}}"#,
            )],
        )],
        secs(600),
    )
    .await;
    let report = &r.reports[0];
    assert_eq!(report.verdict, Verdict::NoVerdict);
    assert_eq!(
        report.elapsed,
        secs(30),
        "decided exactly when the grace ends"
    );
    let reason = report.reason.as_deref().unwrap();
    assert!(
        reason.contains("not found") && reason.contains("a day after they end"),
        "{reason}"
    );
    assert!(
        problem(report).contains("Ecs.0114: gone"),
        "{}",
        problem(report)
    );
}

#[tokio::test(start_paused = true)]
async fn unauthorized_and_forbidden_are_never_retried() {
    for code in [401, 403] {
        let r = run(
            &[(
                "j",
                vec![
                    Step::Http(code, r#"{"error_code":"APIGW.0301","error_msg":"bad"}"#),
                    Step::Job("SUCCESS"),
                ],
            )],
            secs(600),
        )
        .await;
        assert_eq!(r.reports[0].verdict, Verdict::NoVerdict);
        assert_eq!(r.ctx.source.times("j").len(), 1);
        assert!(
            r.reports[0]
                .problem
                .as_ref()
                .unwrap()
                .to_string()
                .contains("APIGW.0301")
        );
    }
}

#[tokio::test(start_paused = true)]
async fn an_unknown_status_ends_the_wait_without_a_verdict() {
    let r = run(
        &[("j", vec![Step::Job("RUNNING"), Step::Job("WEIRD")])],
        secs(600),
    )
    .await;
    let report = &r.reports[0];
    assert_eq!(report.verdict, Verdict::NoVerdict);
    let reason = report.reason.as_deref().unwrap();
    assert!(
        reason.starts_with("unexpected status 'WEIRD' for ecs (pending: INIT"),
        "{reason}"
    );
}

#[tokio::test(start_paused = true)]
async fn success_must_be_confirmed_consecutively() {
    let script = Script::new(&[(
        "j",
        vec![
            Step::Job("SUCCESS"),
            Step::Job("RUNNING"),
            Step::Job("SUCCESS"),
            Step::Job("SUCCESS"),
        ],
    )]);
    let mut s = settings(secs(600));
    s.success_confirmations = 2;
    let r = run_with(script, s, None).await;
    assert_eq!(r.reports[0].verdict, Verdict::Succeeded);
    let times = r.ctx.source.times("j");
    assert_eq!(times.len(), 4);
    // Confirmations come after the first interval, not the grown one.
    assert_eq!(times[1] - times[0], 1.0);
    assert_eq!(times[3] - times[2], 1.0);
}

#[tokio::test(start_paused = true)]
async fn transient_errors_are_retried_and_reported() {
    let r = run(
        &[(
            "j",
            vec![
                Step::Http(503, r#"{"error":{"code":"SYS.5003","message":"busy"}}"#),
                Step::Http(502, "<html>bad gateway</html>"),
                Step::Body("<html>captive portal</html>"),
                Step::Body(r#"{"code":"Ecs.0001","message":"query failed"}"#),
                Step::Job("SUCCESS"),
            ],
        )],
        secs(600),
    )
    .await;
    assert_eq!(r.reports[0].verdict, Verdict::Succeeded);
    let events = r.recorder.events.lock().unwrap();
    let retries: Vec<&String> = events.iter().filter(|e| e.contains("retry in")).collect();
    assert_eq!(retries.len(), 4, "{events:?}");
    assert!(retries[0].contains("SYS.5003: busy"));
    assert!(retries[2].contains("not a job document"));
    assert!(retries[3].contains("Ecs.0001: query failed"));
}

#[tokio::test(start_paused = true)]
async fn a_timeout_while_failing_reports_the_last_error() {
    let r = run(
        &[(
            "j",
            vec![
                Step::Job("RUNNING"),
                Step::Http(503, r#"{"error":{"code":"SYS.5003","message":"busy"}}"#),
            ],
        )],
        secs(20),
    )
    .await;
    let report = &r.reports[0];
    assert_eq!(report.verdict, Verdict::TimedOut);
    assert!(
        reason(report).contains("last status RUNNING"),
        "{}",
        reason(report)
    );
    assert!(problem(report).contains("SYS.5003"), "{}", problem(report));
}

#[tokio::test(start_paused = true)]
async fn retry_after_is_honoured_and_slows_everyone() {
    let r = run(
        &[("j", vec![Step::Throttle(Some(7)), Step::Job("SUCCESS")])],
        secs(600),
    )
    .await;
    assert_eq!(r.reports[0].verdict, Verdict::Succeeded);
    assert_eq!(r.ctx.source.times("j"), vec![0.0, 7.0]);
    assert!(r.ctx.limiter.current_rate() < 1000.0);
}

#[tokio::test(start_paused = true)]
async fn throttling_without_retry_after_backs_off() {
    let r = run(
        &[(
            "j",
            vec![
                Step::Throttle(None),
                Step::Throttle(None),
                Step::Throttle(None),
                Step::Job("SUCCESS"),
            ],
        )],
        secs(600),
    )
    .await;
    let times = r.ctx.source.times("j");
    let gaps: Vec<f64> = times.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(
        gaps[0] >= 2.0 && gaps[1] >= 4.0 && gaps[2] >= 8.0,
        "{gaps:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_cancel_stops_every_job_promptly() {
    let script = Script::new(&[("a", vec![Step::Job("RUNNING")]), ("b", vec![Step::Stall])]);
    let r = run_with(script, settings(secs(600)), Some(secs(5))).await;
    for report in &r.reports {
        assert_eq!(report.verdict, Verdict::Cancelled(Signal::Interrupt));
        assert_eq!(report.elapsed, secs(5));
    }
    assert!(
        r.reports[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("last status RUNNING")
    );
}

#[tokio::test(start_paused = true)]
async fn several_jobs_are_reported_in_order_with_the_worst_verdict() {
    let r = run(
        &[
            ("a1", vec![Step::Job("SUCCESS")]),
            ("a2", vec![Step::Job("RUNNING"), Step::Job("FAIL")]),
            ("a3", vec![Step::Http(401, "{}")]),
        ],
        secs(60),
    )
    .await;
    let verdicts: Vec<Verdict> = r.reports.iter().map(|r| r.verdict).collect();
    assert_eq!(
        verdicts,
        vec![Verdict::Succeeded, Verdict::Failed, Verdict::NoVerdict]
    );
    assert_eq!(Verdict::worst(verdicts), Verdict::Failed);
    let finished = r
        .recorder
        .events
        .lock()
        .unwrap()
        .iter()
        .filter(|e| e.contains("finished"))
        .count();
    assert_eq!(finished, 3);
}

#[tokio::test(start_paused = true)]
async fn an_old_job_is_polled_on_its_own_schedule_not_a_fresh_one() {
    let mut script = Script::new(&[("j", vec![Step::Job("RUNNING")])]);
    script.begun_ago = 120.0;
    let r = run_with(script, settings(secs(60)), None).await;
    let times = r.ctx.source.times("j");
    // A restarted schedule would poll ~10 times in the first 30 s; continuing needs ~3.
    let early = times.iter().filter(|t| **t <= 30.0).count();
    assert!(early <= 4, "{times:?}");
}

#[tokio::test(start_paused = true)]
async fn a_job_never_seen_is_no_verdict_at_the_deadline_not_a_timeout() {
    let r = run(
        &[(
            "j",
            vec![Step::Http(
                503,
                r#"{"error_code":"SYS.5003","error_msg":"busy"}"#,
            )],
        )],
        secs(60),
    )
    .await;
    let report = &r.reports[0];
    assert_eq!(report.verdict, Verdict::NoVerdict);
    // The API did answer (503), so the wait went on to the deadline.
    assert_eq!(report.elapsed, secs(60));
    assert!(problem(report).contains("SYS.5003"), "{}", problem(report));
}

/// Servers that answered, badly: never "nothing answered" (issue 19). One that speaks
/// no HTTP still ends the wait after the grace period (a wrong port must not look like a
/// job still running), saying so; a body that never ends is an answer, so the wait goes
/// on to the deadline.
#[tokio::test(start_paused = true)]
async fn a_server_that_answered_badly_is_never_called_silent() {
    let r = run(&[("j", vec![Step::NotHttp])], secs(1800)).await;
    let report = &r.reports[0];
    assert_eq!(report.verdict, Verdict::NoVerdict);
    // At the first poll after the grace period (30 s here), not at the 30-minute deadline.
    assert!(
        report.elapsed >= secs(30) && report.elapsed <= secs(40),
        "{:?}",
        report.elapsed
    );
    assert_eq!(
        reason(report),
        "no HTTP answer for 30s: something at the endpoint answers, but not in HTTP — check --endpoint (its scheme and port), --region and --cloud"
    );
    assert!(
        problem(report).contains("invalid HTTP version"),
        "{}",
        problem(report)
    );

    let r = run(&[("j", vec![Step::Unfinished])], secs(120)).await;
    let report = &r.reports[0];
    assert_eq!(report.verdict, Verdict::NoVerdict);
    assert_eq!(
        report.elapsed,
        secs(120),
        "the deadline, not the grace period"
    );
    assert!(
        !reason(report).contains("nothing answered"),
        "{}",
        reason(report)
    );
    assert!(
        problem(report).contains("body did not end"),
        "{}",
        problem(report)
    );
}

#[tokio::test(start_paused = true)]
async fn nothing_answering_ends_the_wait_after_the_grace_period() {
    let r = run(&[("j", vec![Step::Refused])], secs(1800)).await;
    let report = &r.reports[0];
    assert_eq!(report.verdict, Verdict::NoVerdict);
    // --not-found-grace (30 s in these settings) from the first poll, not 30 minutes.
    let grace = settings(secs(1)).not_found_grace;
    assert!(
        report.elapsed >= grace && report.elapsed <= grace + secs(10),
        "{:?}",
        report.elapsed
    );
    assert!(
        report
            .reason
            .as_deref()
            .unwrap()
            .starts_with("nothing answered for")
    );
    assert!(
        problem(report).contains("Connection refused"),
        "{}",
        problem(report)
    );
}

#[tokio::test(start_paused = true)]
async fn a_job_seen_pending_then_unreachable_times_out() {
    let r = run(
        &[("j", vec![Step::Job("RUNNING"), Step::Refused])],
        secs(120),
    )
    .await;
    let report = &r.reports[0];
    assert_eq!(report.verdict, Verdict::TimedOut);
    assert_eq!(report.elapsed, secs(120));
    assert!(
        reason(report).contains("last status RUNNING"),
        "{}",
        reason(report)
    );
    assert!(
        problem(report).contains("Connection refused"),
        "{}",
        problem(report)
    );
}

#[tokio::test(start_paused = true)]
async fn fail_fast_stops_the_others_when_one_fails_and_the_failure_decides() {
    let script = Script::new(&[
        ("a", vec![Step::Job("RUNNING")]),
        (
            "b",
            vec![
                Step::Job("RUNNING"),
                Step::Job("RUNNING"),
                Step::Job("FAIL"),
            ],
        ),
        ("c", vec![Step::Job("SUCCESS")]),
    ]);
    let mut s = settings(secs(600));
    s.fail_fast = true;
    let r = run_with(script, s, None).await;
    let verdicts: Vec<Verdict> = r.reports.iter().map(|r| r.verdict).collect();
    assert_eq!(
        verdicts,
        [Verdict::NotWaited, Verdict::Failed, Verdict::Succeeded]
    );
    // b failed at its third poll (2.5 s); a was stopped then, not at the timeout.
    assert_eq!(r.reports[0].elapsed, r.reports[1].elapsed);
    assert!(r.reports[0].elapsed < secs(5), "{:?}", r.reports[0].elapsed);
    let reason = r.reports[0].reason.as_deref().unwrap();
    assert_eq!(
        reason,
        "job b did not succeed (--fail-fast); last status RUNNING"
    );
    assert_eq!(Verdict::worst(verdicts), Verdict::Failed);

    // Without it, the others are waited for to their own end.
    let script = Script::new(&[
        ("a", vec![Step::Job("RUNNING")]),
        ("b", vec![Step::Job("FAIL")]),
    ]);
    let r = run_with(script, settings(secs(60)), None).await;
    assert_eq!(r.reports[0].verdict, Verdict::TimedOut);
}

#[tokio::test(start_paused = true)]
async fn a_tiny_progress_is_polled_no_faster_than_a_plain_job() {
    // Issue 11: `process_percent: 1e-300` on a job that began years ago made the planner
    // poll at the full rate limit (here 1,000 a second; 200 in 20 s at the default 10).
    let tiny = r#"{"status":"RUNNING","begin_time":"2016-04-25T20:04:34.604Z","entities":{"process_percent":1e-300}}"#;
    let plain = r#"{"status":"RUNNING","begin_time":"2016-04-25T20:04:34.604Z"}"#;
    let tiny = run(&[("j", vec![Step::Body(tiny)])], secs(20)).await;
    let plain = run(&[("j", vec![Step::Body(plain)])], secs(20)).await;
    let (tiny, plain) = (tiny.ctx.source.times("j"), plain.ctx.source.times("j"));
    assert_eq!(plain, vec![0.0, 10.0, 19.445, 20.0]);
    // No more polls than the plain job's; one fewer, since the progress says the job
    // cannot end before the next maximum interval, which therefore is not jittered.
    let head = &tiny[..tiny.len().min(8)];
    assert!(tiny.len() <= plain.len(), "polls at {head:?}…");
}

/// With `docs_kept`, only the first jobs of each verdict, in the order given, keep their
/// documents, whatever order they end in: a hundred thousand answers are not all held.
#[tokio::test(start_paused = true)]
async fn only_the_first_jobs_of_each_verdict_keep_their_documents() {
    let late = |status| {
        vec![
            Step::Job("RUNNING"),
            Step::Job("RUNNING"),
            Step::Job(status),
        ]
    };
    let jobs = [
        ("a", late("FAIL")),
        ("b", vec![Step::Job("FAIL")]),
        ("c", vec![Step::Job("FAIL")]),
        ("d", vec![Step::Job("SUCCESS")]),
        ("e", vec![Step::Job("SUCCESS")]),
    ];
    let settings = Settings {
        docs_kept: Some(2),
        ..settings(secs(60))
    };
    let r = run_with(Script::new(&jobs), settings, None).await;
    let kept: Vec<(&str, Verdict, bool)> = (r.reports.iter())
        .map(|r| (r.job_id.as_str(), r.verdict, r.doc.is_some()))
        .collect();
    assert_eq!(
        kept,
        [
            ("a", Verdict::Failed, true),
            ("b", Verdict::Failed, true),
            ("c", Verdict::Failed, false),
            ("d", Verdict::Succeeded, true),
            ("e", Verdict::Succeeded, true),
        ],
        "a ends last, yet comes first"
    );
}

#[tokio::test(start_paused = true)]
async fn a_resource_gone_after_it_was_seen_is_a_success() {
    let r = run(&[("s", vec![Step::Job("RUNNING"), Step::Gone])], secs(60)).await;
    let report = &r.reports[0];
    assert_eq!(report.verdict, Verdict::Succeeded);
    assert_eq!(report.polls, 2);
    assert_eq!(report.reason, None);
    assert!(report.doc.is_none(), "a gone resource has no last document");
    assert_eq!(
        report.gone.as_deref(),
        Some("404 Not Found from ecs.example.com")
    );
}

/// As `kubectl wait --for=delete`: gone at once is a success, with a notice that the
/// resource may never have been there (a wrong id reads the same).
#[tokio::test(start_paused = true)]
async fn a_resource_gone_at_the_first_answer_is_a_success_with_a_notice() {
    let r = run(&[("s", vec![Step::Gone])], secs(60)).await;
    let report = &r.reports[0];
    assert_eq!(report.verdict, Verdict::Succeeded);
    assert_eq!(report.polls, 1);
    assert!(
        reason(report)
            .starts_with("already gone at the first answer (404 Not Found from ecs.example.com)")
            && reason(report).contains("or the id is wrong"),
        "{}",
        reason(report)
    );
}
