use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::*;

const SERVER_AT_ZERO: f64 = 1_700_000_000.25;

fn planner() -> Planner {
    Planner::new(Duration::from_secs(1), Duration::from_secs(10), 0.1)
}

/// An answer at local time `t` from a server whose clock reads SERVER_AT_ZERO at local 0.
fn answer(t: f64, begin_local: Option<f64>, progress: Option<Progress>) -> Observation {
    Observation {
        sent: t,
        received: t + 0.002,
        server_date: Some((SERVER_AT_ZERO + t + 0.001).floor()),
        begin: begin_local.map(|b| SERVER_AT_ZERO + b),
        progress,
    }
}

fn system_time(epoch_secs: f64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs_f64(epoch_secs)
}

#[test]
fn jitter_stays_within_ten_percent_and_under_the_cap() {
    let mut p = planner();
    p.observe(&answer(0.0, None, None));
    // Nominal next after age 0 is 1 s.
    assert!((p.next_delay(0.0, 0.0) - 0.9).abs() < 1e-9);
    assert!((p.next_delay(0.0, 1.0) - 1.1).abs() < 1e-9);
    assert!((p.next_delay(0.0, 0.5) - 1.0).abs() < 1e-9);
    // At the cap, jitter may only shorten the interval.
    for unit in [0.0, 0.5, 0.99] {
        let d = p.next_delay(100.0, unit);
        assert!((0.0..=10.0).contains(&d), "{d}");
    }
}

#[test]
fn a_fresh_job_follows_the_nominal_schedule() {
    let mut p = planner();
    let mut t = 0.0;
    let mut polls = vec![];
    for _ in 0..7 {
        p.observe(&answer(t, Some(-0.2), None));
        t += p.next_delay(t, 0.5);
        polls.push(t);
    }
    let want = [0.8, 2.3, 4.55, 7.925, 12.9875, 20.58125, 30.58125];
    for (got, want) in polls.iter().zip(want) {
        assert!((got - want).abs() < 0.6, "{polls:?}");
    }
}

#[test]
fn an_old_job_continues_its_schedule_instead_of_restarting() {
    let mut p = planner();
    // The job began 120 s before our first poll.
    p.observe(&answer(0.0, Some(-120.0), None));
    assert!((p.job_age(0.0) - 120.0).abs() < 0.6);
    let d = p.next_delay(0.0, 0.5);
    assert!(d >= 4.0, "restarted at {d}");
    let mut t = d;
    for _ in 0..5 {
        p.observe(&answer(t, Some(-120.0), None));
        let d = p.next_delay(t, 0.5);
        assert!((d - 10.0).abs() < 1e-6, "{d}");
        t += d;
    }
}

#[test]
fn without_a_date_header_the_job_counts_as_fresh() {
    let mut p = planner();
    let mut obs = answer(0.0, Some(-120.0), None);
    obs.server_date = None;
    p.observe(&obs);
    assert_eq!(p.job_age(0.0), 0.0);
    assert!((p.next_delay(0.0, 0.5) - 1.0).abs() < 1e-9);
}

#[test]
fn sub_job_end_times_place_a_poll_just_after_the_predicted_end() {
    // A 60 s job with 5 even sub-jobs; the first ended at 12 s.
    let mut p = planner();
    let progress = Progress::SubJobs {
        done: 1,
        total: 5,
        last_end: Some(system_time(SERVER_AT_ZERO + 12.0)),
    };
    for t in [0.0, 1.0, 2.5, 4.75, 8.125] {
        let none = Progress::SubJobs {
            done: 0,
            total: 5,
            last_end: None,
        };
        p.observe(&answer(t, Some(0.0), Some(none)));
    }
    p.observe(&answer(13.19, Some(0.0), Some(progress)));
    // Next nominal poll would be 20.78; the prediction (60 s) is too far: nominal it is.
    let d = p.next_delay(13.19, 0.5);
    assert!((13.19 + d - 20.78).abs() < 0.6, "{d}");
    // From 50.78 the end is within one interval: sleep until just after it.
    p.observe(&answer(50.78, Some(0.0), Some(progress)));
    let d = p.next_delay(50.78, 0.5);
    let poll_at = 50.78 + d;
    assert!(poll_at > 60.0 && poll_at < 60.8, "poll at {poll_at}");
}

#[test]
fn percent_progress_without_times_uses_the_bracket_of_two_answers() {
    let mut p = planner();
    p.observe(&answer(0.0, Some(0.0), Some(Progress::Percent(0.0))));
    p.observe(&answer(10.0, Some(0.0), Some(Progress::Percent(0.0))));
    // 50 % was reached between 10 and 20 s: about 15 s, so the end is near 30 s.
    p.observe(&answer(20.0, Some(0.0), Some(Progress::Percent(50.0))));
    let d = p.next_delay(20.0, 0.5);
    assert!((20.0 + d - 30.0).abs() < 1.5, "poll at {}", 20.0 + d);
}

#[test]
fn past_the_predicted_end_it_polls_again_soon_and_backs_off() {
    let mut p = planner();
    let all_done = Progress::SubJobs {
        done: 5,
        total: 5,
        last_end: Some(system_time(SERVER_AT_ZERO + 30.0)),
    };
    p.observe(&answer(30.78, Some(0.0), Some(all_done)));
    let d1 = p.next_delay(30.78, 0.5);
    let d2 = p.next_delay(30.78 + d1, 0.5);
    assert!((d1 - 1.0).abs() < 1e-9, "{d1}");
    assert!((d2 - 1.5).abs() < 1e-9, "{d2}");
}

#[test]
fn no_sleep_exceeds_the_maximum_interval() {
    let mut p = planner();
    let far = Progress::SubJobs {
        done: 1,
        total: 100,
        last_end: Some(system_time(SERVER_AT_ZERO + 50.0)),
    };
    p.observe(&answer(55.0, Some(0.0), Some(far)));
    for t in [55.0, 65.0, 300.0] {
        for unit in [0.0, 0.3, 0.999] {
            assert!(p.next_delay(t, unit) <= 10.0);
        }
    }
}

/// Walk the planner through a job of `duration` seconds with `subs` sub-jobs ending evenly
/// (each reported with its end time), answering at once; jitter draws come from `unit`.
/// Returns the poll times, the last being the first at or after the end.
fn walk(duration: f64, subs: u32, mut unit: impl FnMut() -> f64) -> Vec<f64> {
    let mut p = planner();
    let per = duration / f64::from(subs);
    let mut t = 0.0;
    let mut polls = vec![];
    loop {
        polls.push(t);
        if t >= duration {
            return polls;
        }
        let done = ((t / per).floor() as u32).min(subs);
        let progress = Progress::SubJobs {
            done,
            total: subs,
            last_end: (done > 0).then(|| system_time(SERVER_AT_ZERO + per * f64::from(done))),
        };
        p.observe(&answer(t, Some(0.0), Some(progress)));
        let d = p.next_delay(t, unit());
        assert!(d > 0.0 && d <= 10.0, "slept {d} at {t}");
        t += d;
    }
}

#[test]
fn once_capped_polls_are_spread_evenly_to_land_on_the_predicted_end() {
    // The nominal schedule ends a 120 s job with its 17th poll, at 120.78 s.
    let polls = walk(120.0, 5, || 0.5);
    assert_eq!(polls.len(), 17, "{polls:?}");
    assert!((120.0..120.7).contains(&polls[16]), "{polls:?}");
    // With jitter, capped polls used to drift early and often cost an 18th poll just
    // before the end (17.97 on average); now only jitter before the cap can (17.4).
    let mut rng = fastrand::Rng::with_seed(7);
    let mut total = 0;
    for _ in 0..100 {
        let polls = walk(120.0, 5, || rng.f64());
        let last = polls[polls.len() - 1];
        assert!((120.0..120.7).contains(&last), "{polls:?}");
        let capped: Vec<f64> = polls.windows(2).skip(8).map(|w| w[1] - w[0]).collect();
        let (lo, hi) = capped[..capped.len() - 1]
            .iter()
            .fold((10.0f64, 0.0f64), |(lo, hi), d| (lo.min(*d), hi.max(*d)));
        assert!(hi - lo < 0.5 && hi <= 10.0, "uneven: {capped:?}");
        total += polls.len();
    }
    assert!(total <= 1750, "{} polls on average", total as f64 / 100.0);
}

#[test]
fn a_far_estimate_keeps_the_short_early_intervals() {
    // 1 of 300 done after 2 s predicts 600 s, but until the intervals reach their cap the
    // nominal schedule decides: a job can fail at any time.
    let polls = walk(600.0, 300, || 0.5);
    let early = polls.iter().filter(|t| **t < 20.0).count();
    assert_eq!(early, 6, "{polls:?}");
}

/// The delays of a planner fed `answers`, next to those of one fed the same answers
/// without their progress, for a few jitter draws after each answer.
fn delays_with_and_without_progress(answers: &[Observation]) -> Vec<(f64, f64)> {
    let (mut with, mut without) = (planner(), planner());
    let mut out = vec![];
    for a in answers {
        with.observe(a);
        without.observe(&Observation {
            progress: None,
            ..a.clone()
        });
        for unit in [0.0, 0.5, 0.999] {
            out.push((
                with.next_delay(a.received, unit),
                without.next_delay(a.received, unit),
            ));
        }
    }
    out
}

#[test]
fn a_tiny_progress_never_polls_faster_than_the_first_interval() {
    // Issue 11: `process_percent: 1e-300` on a job that began years ago predicted an end
    // past what f64 holds, and the delay became NaN: polls at the full rate limit.
    for (began, percent) in [
        (-3e8, 1e-300),
        (-120.0, 1e-300),
        (0.0, 1e-300),
        (0.0, 5e-324),
    ] {
        let answers: Vec<Observation> = (0..40)
            .map(|k| {
                answer(
                    f64::from(k) * 0.5,
                    Some(began),
                    Some(Progress::Percent(percent)),
                )
            })
            .collect();
        for (with, without) in delays_with_and_without_progress(&answers) {
            assert!(
                with >= without.min(1.0) && with <= 10.0,
                "began {began}, {percent:e} %: slept {with} where the plain schedule sleeps {without}"
            );
        }
    }
}

#[test]
fn a_predicted_end_moments_away_still_waits_the_first_interval() {
    // 4 of 5 sub-jobs ended evenly by 40 s: the end is predicted just after 50 s. Asked
    // moments before that, the planner may not poll moments later: one second is the
    // shortest interval it sets.
    let mut p = planner();
    let four = Progress::SubJobs {
        done: 4,
        total: 5,
        last_end: Some(system_time(SERVER_AT_ZERO + 40.0)),
    };
    p.observe(&answer(45.0, Some(0.0), Some(four)));
    let delays: Vec<f64> = (0..=60)
        .map(|k| p.clone().next_delay(48.0 + f64::from(k) * 0.05, 0.5))
        .collect();
    assert!(delays.iter().all(|d| *d >= 1.0), "{delays:?}");
    assert!(delays.contains(&1.0), "{delays:?}");
}
