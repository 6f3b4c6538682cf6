//! Jobs that report progress and then fail (issue 20): how soon jobwait sees the failure,
//! next to the default schedule and the anchors on the same failure times, and how it
//! does on the same jobs when they run to their end.
//!
//! Progress says when a job should *succeed*; a job can fail at any moment before that.
//! A planner that trusts progress to space its polls must not see failures later than a
//! waiter that ignores it: that is what this section measures.

use crate::anchors::{ANCHORS, DEFAULT, Score};
use crate::measure::{Case, Reports};
use crate::{Mode, verdict};

/// Issue 13's jobs, each spread over ±20 %.
const DURATIONS: [f64; 4] = [13.7, 31.3, 58.9, 107.3];
const SPREAD: f64 = 0.2;
/// Where in its run a failing job fails.
const FAILS_AT: f64 = 0.3;
/// A failure may be seen this much later, on average, than by the default schedule.
const FAILURE_MARGIN: f64 = 0.5;

/// One way of reporting progress: case id prefix, name, reports, the success lag target.
struct Kind {
    prefix: &'static str,
    name: &'static str,
    reports: Reports,
    limit: Option<f64>,
}

const KINDS: [Kind; 5] = [
    Kind {
        prefix: "i20-endtimes-",
        name: "5 sub-jobs with end_time",
        reports: Reports::SubJobsWithEndTimes(5),
        limit: Some(0.5),
    },
    Kind {
        prefix: "i20-count-",
        name: "5 sub-jobs, a count only",
        reports: Reports::SubJobCount(5),
        limit: Some(2.0),
    },
    Kind {
        prefix: "i20-percent-",
        name: "process_percent, whole percents",
        reports: Reports::Percent(1),
        limit: Some(2.0),
    },
    Kind {
        prefix: "i20-tens-",
        name: "process_percent rising by 10",
        reports: Reports::Percent(10),
        limit: Some(2.0),
    },
    Kind {
        prefix: "i20-nothing-",
        name: "no progress (for reference)",
        reports: Reports::Nothing,
        limit: None,
    },
];

/// Every duration, `reps` times: one job in the middle of each of `reps` equal slices of
/// ±20 % around it.
fn durations(reps: usize) -> Vec<(f64, f64)> {
    DURATIONS
        .iter()
        .flat_map(|&d| {
            (0..reps).map(move |k| {
                let slice = (k as f64 + 0.5) / reps as f64;
                (d, d * (1.0 + SPREAD * (2.0 * slice - 1.0)))
            })
        })
        .collect()
}

/// For every kind, each job failing at 30 % of its run, then the same jobs succeeding.
pub fn cases(mode: &Mode) -> Vec<Case> {
    let mut cases = Vec::new();
    for kind in &KINDS {
        for outcome in ["fail", "ok"] {
            for (i, (_, d)) in durations(mode.failure_reps).into_iter().enumerate() {
                cases.push(Case {
                    id: format!("{}{outcome}-{i:03}", kind.prefix),
                    remaining: d,
                    began_ago: 0.0,
                    reports: kind.reports,
                    fails_after: (outcome == "fail").then_some(FAILS_AT * d),
                });
            }
        }
    }
    cases
}

/// One kind's figures: mean failure lag and the worst job, mean success lag and requests.
struct Measured {
    failure: f64,
    worst: (f64, f64, f64),
    success: Score,
    per_duration: Vec<f64>,
}

fn measured(kind: &Kind, results: &[(&Case, Score)]) -> Measured {
    let of = |outcome: &str| -> Vec<(&Case, Score)> {
        let prefix = format!("{}{outcome}-", kind.prefix);
        results
            .iter()
            .filter(|(c, _)| c.id.starts_with(&prefix))
            .map(|(c, s)| (*c, *s))
            .collect()
    };
    let (failed, ok) = (of("fail"), of("ok"));
    let worst = failed
        .iter()
        .map(|(c, s)| (s.lag, c.remaining, c.verdict_after()))
        .fold((0.0, 0.0, 0.0), |w, x| if x.0 > w.0 { x } else { w });
    let reps = failed.len() / DURATIONS.len();
    let per_duration = failed
        .chunks(reps.max(1))
        .map(|chunk| Score::mean(chunk.iter().map(|(_, s)| *s)).lag)
        .collect();
    Measured {
        failure: Score::mean(failed.iter().map(|(_, s)| *s)).lag,
        worst,
        success: Score::mean(ok.iter().map(|(_, s)| *s)),
        per_duration,
    }
}

pub fn section(mode: &Mode, results: &[(&Case, Score)]) {
    let all = durations(mode.failure_reps);
    let ends: Vec<f64> = all.iter().map(|(_, d)| *d).collect();
    let failures: Vec<f64> = ends.iter().map(|d| FAILS_AT * d).collect();
    let default_failure = DEFAULT.shape.mean(&failures).lag;
    let default_success = DEFAULT.shape.mean(&ends);

    println!(
        "## Issue 20's jobs ({} s, each ±{:.0} %, {} jobs per duration): progress, then a failure at {:.0} % of the run\n",
        DURATIONS.map(|d| d.to_string()).join(", "),
        SPREAD * 100.0,
        mode.failure_reps,
        FAILS_AT * 100.0
    );
    println!(
        "| progress reported as | failure lag: jobwait | worst job | default, restarted | success lag / requests: jobwait | default, restarted |\n|---|---|---|---|---|---|"
    );
    let figures: Vec<Measured> = KINDS.iter().map(|k| measured(k, results)).collect();
    for (kind, m) in KINDS.iter().zip(&figures) {
        let (lag, d, at) = m.worst;
        println!(
            "| {} | **{:.2} s** | {lag:.2} s ({d:.1} s job failing at {at:.1} s) | {default_failure:.2} s | **{:.2} s / {:.2}** | {:.2} s / {:.2} |",
            kind.name,
            m.failure,
            m.success.lag,
            m.success.requests,
            default_success.lag,
            default_success.requests
        );
    }
    println!();
    per_duration_table(&figures, &all);
    anchor_table(&failures, &ends);
    for (kind, m) in KINDS.iter().zip(&figures) {
        if let Some(limit) = kind.limit {
            judge(kind, m, limit, default_failure, &ends);
        }
    }
}

/// Mean failure lag per duration, each kind next to the default schedule.
fn per_duration_table(figures: &[Measured], all: &[(f64, f64)]) {
    print!("| duration (±20 %) |");
    for kind in &KINDS {
        print!(" {} |", kind.name);
    }
    println!(
        " default, restarted |\n|---|{}",
        "---|".repeat(KINDS.len() + 1)
    );
    for (i, d) in DURATIONS.iter().enumerate() {
        print!("| {d} s |");
        for m in figures {
            print!(
                " {:.2} s |",
                m.per_duration.get(i).copied().unwrap_or(f64::NAN)
            );
        }
        let failures: Vec<f64> = all
            .iter()
            .filter(|(nominal, _)| nominal == d)
            .map(|(_, end)| FAILS_AT * end)
            .collect();
        println!(" {:.2} s |", DEFAULT.shape.mean(&failures).lag);
    }
    println!("\nEach cell: mean failure lag.\n");
}

/// Every anchor on the same failure times and the same ends.
fn anchor_table(failures: &[f64], ends: &[f64]) {
    println!(
        "| schedule (ignores progress) | failure lag | success lag / requests |\n|---|---|---|"
    );
    for a in ANCHORS {
        let s = a.shape.mean(ends);
        println!(
            "| {} | {:.2} s | {:.2} s / {:.2} |",
            a.name,
            a.shape.mean(failures).lag,
            s.lag,
            s.requests
        );
    }
    println!();
}

fn judge(kind: &Kind, m: &Measured, limit: f64, default_failure: f64, ends: &[f64]) {
    verdict(
        m.failure <= default_failure + FAILURE_MARGIN,
        &format!(
            "{}: mean failure lag ≤ the default schedule's + {FAILURE_MARGIN:.1} s ({:.2} s vs {:.2} s)",
            kind.name, m.failure, default_failure
        ),
    );
    let default = DEFAULT.shape.mean(ends);
    let better: Vec<&str> = ANCHORS
        .iter()
        .filter(|a| a.name != DEFAULT.name && a.shape.mean(ends).beats(&m.success))
        .map(|a| a.name)
        .collect();
    verdict(
        m.success.lag <= limit && m.success.requests <= default.requests && better.is_empty(),
        &format!(
            "{}, the same jobs succeeding: mean lag ≤ {limit:.1} s ({:.2} s) with no more requests than the default schedule ({:.2} vs {:.2}), no anchor better on both{}",
            kind.name,
            m.success.lag,
            m.success.requests,
            default.requests,
            if better.is_empty() {
                String::new()
            } else {
                format!(" — beaten by {}", better.join(", "))
            }
        ),
    );
}
