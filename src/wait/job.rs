//! The wait for one job: poll, classify, decide, sleep within the deadline.
//!
//! Rules that matter and are easy to break:
//! - the first poll is at once (the job may be done already);
//! - no sleep runs past the deadline; one last poll is made at the deadline, and its
//!   request may take at most [`FINAL_POLL_GRACE`];
//! - a 401 or 403 ends the wait at once: retrying a bad signature locks the access key;
//! - a 404 is retried only during the not-found grace period, measured from the first poll.

use std::time::Duration;

use tokio::sync::watch;
use tokio::time::{Instant, sleep_until};

use super::{Answer, Context, FINAL_POLL_GRACE, JITTER, JobReport, JobSource};
use crate::exit::{Signal, Verdict};
use crate::job::JobDoc;
use crate::limiter::THROTTLE_PAUSE;
use crate::schedule::{Observation, Planner};
use crate::status::StatusClass;
use crate::time::{epoch_secs, format_elapsed_precise};
use crate::transport::Problem;

/// The longest pause after repeated 429s without `Retry-After`.
const MAX_THROTTLE_PAUSE: Duration = Duration::from_secs(60);

struct State {
    job_id: String,
    start: Instant,
    polls: u32,
    first_poll: Option<Instant>,
    doc: Option<Box<JobDoc>>,
    /// The failure of the latest poll, cleared by a good answer.
    last_error: Option<Problem>,
    confirmations: u32,
    throttles: u32,
}

impl State {
    fn end(self, verdict: Verdict, reason: Option<String>, problem: Option<Problem>) -> JobReport {
        JobReport {
            job_id: self.job_id,
            verdict,
            doc: self.doc,
            reason,
            problem,
            polls: self.polls,
            elapsed: self.start.elapsed(),
        }
    }

    fn timed_out(self, timeout: Duration) -> JobReport {
        let seen = match &self.doc {
            Some(doc) => format!("last status {}", doc.status),
            None => "no status seen".to_string(),
        };
        let reason = format!(
            "timed out after {}; {seen}",
            format_elapsed_precise(timeout)
        );
        let problem = self.last_error.clone();
        self.end(Verdict::TimedOut, Some(reason), problem)
    }

    fn cancelled(self, signal: Signal) -> JobReport {
        let seen = match &self.doc {
            Some(doc) => format!("last status {}", doc.status),
            None => "no status seen yet".to_string(),
        };
        let problem = self.last_error.clone();
        self.end(
            Verdict::Cancelled(signal),
            Some(format!("cancelled; {seen}")),
            problem,
        )
    }
}

/// Resolves when a cancel signal arrives; never, if the sender is gone.
async fn cancelled(cancel: &mut watch::Receiver<Option<Signal>>) -> Signal {
    loop {
        if let Some(signal) = *cancel.borrow_and_update() {
            return signal;
        }
        if cancel.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

pub(super) async fn wait_job<S: JobSource>(
    ctx: &Context<S>,
    job_id: String,
    mut cancel: watch::Receiver<Option<Signal>>,
) -> JobReport {
    let s = &ctx.settings;
    let mut planner = Planner::new(s.poll_interval, s.max_interval, JITTER);
    let mut rng = match s.seed {
        Some(seed) => fastrand::Rng::with_seed(seed),
        None => fastrand::Rng::new(),
    };
    let local = |t: Instant| t.saturating_duration_since(s.start).as_secs_f64();
    let timeout = s.deadline.saturating_duration_since(s.start);
    let mut st = State {
        job_id,
        start: s.start,
        polls: 0,
        first_poll: None,
        doc: None,
        last_error: None,
        confirmations: 0,
        throttles: 0,
    };
    // With no time at all (`--timeout 0`) the one poll is the last one: "is it done yet?"
    // still gets an answer instead of a timeout without asking.
    let mut last_round = Instant::now() >= s.deadline;
    loop {
        let latest = if last_round {
            s.deadline + FINAL_POLL_GRACE
        } else {
            s.deadline
        };
        let slot = tokio::select! {
            biased;
            signal = cancelled(&mut cancel) => return st.cancelled(signal),
            slot = ctx.limiter.acquire(latest) => slot,
        };
        if !slot {
            return st.timed_out(timeout);
        }
        let now = Instant::now();
        let budget = if now >= s.deadline {
            (s.deadline + FINAL_POLL_GRACE).saturating_duration_since(now)
        } else {
            s.request_timeout.min(s.deadline - now)
        };
        let reply = tokio::select! {
            biased;
            signal = cancelled(&mut cancel) => return st.cancelled(signal),
            reply = ctx.source.fetch(&st.job_id, budget) => reply,
        };
        st.polls += 1;
        let first = *st.first_poll.get_or_insert(reply.sent);
        let mut observation = Observation {
            sent: local(reply.sent),
            received: local(reply.received),
            server_date: reply.server_date.map(epoch_secs),
            ..Observation::default()
        };
        let elapsed = st.start.elapsed();
        let mut delay = None;
        let mut not_found_until = None;
        if !matches!(reply.answer, Answer::Throttled(_)) {
            st.throttles = 0;
        }
        match reply.answer {
            Answer::Job(doc) => {
                ctx.limiter.recovered();
                st.last_error = None;
                observation.begin = doc.begin().map(epoch_secs);
                observation.progress = doc.progress();
                let class = s.statuses.classify(&doc.status);
                ctx.observer.answered(&st.job_id, elapsed, &doc, class);
                let status = doc.status.clone();
                st.doc = Some(doc);
                match class {
                    StatusClass::Pending => st.confirmations = 0,
                    StatusClass::Success => {
                        st.confirmations += 1;
                        if st.confirmations >= s.success_confirmations {
                            return st.end(Verdict::Succeeded, None, None);
                        }
                        delay = Some(planner.confirmation_delay());
                    }
                    StatusClass::Failure => return st.end(Verdict::Failed, None, None),
                    StatusClass::Unknown => {
                        let reason =
                            format!("unexpected status '{status}' ({})", s.statuses.describe());
                        return st.end(Verdict::NoVerdict, Some(reason), None);
                    }
                }
            }
            Answer::Transient(problem) => st.last_error = Some(problem),
            Answer::Throttled(problem) => {
                ctx.limiter.throttled(problem.retry_after);
                st.throttles += 1;
                let backoff = THROTTLE_PAUSE
                    .saturating_mul(1 << st.throttles.min(8).saturating_sub(1))
                    .min(MAX_THROTTLE_PAUSE);
                let wait = problem.retry_after.unwrap_or(backoff);
                delay = Some(
                    wait.as_secs_f64()
                        .max(planner.next_delay(local(Instant::now()), rng.f64())),
                );
                st.last_error = Some(problem);
            }
            Answer::NotFound(problem) => {
                let until = first + s.not_found_grace;
                if reply.sent >= until {
                    let reason = format!(
                        "job not found: still 404 after {} — job records are deleted about a day after they end; check the job id, the project id, and that the endpoint is the service that created the job (--service)",
                        format_elapsed_precise(s.not_found_grace)
                    );
                    return st.end(Verdict::NoVerdict, Some(reason), Some(problem));
                }
                not_found_until = Some(until);
                st.last_error = Some(problem);
            }
            Answer::Rejected(problem) => {
                return st.end(Verdict::NoVerdict, None, Some(problem));
            }
        }
        planner.observe(&observation);

        if last_round {
            return st.timed_out(timeout);
        }
        let now = Instant::now();
        if now >= s.deadline {
            last_round = true;
            continue;
        }
        let delay = delay.unwrap_or_else(|| planner.next_delay(local(now), rng.f64()));
        let mut wake = now + Duration::from_secs_f64(delay.max(0.0));
        if let Some(until) = not_found_until {
            // Ask once more exactly when the grace period ends, to decide promptly.
            wake = wake.min(until.max(now));
        }
        if let Some(problem) = &st.last_error {
            ctx.observer
                .retrying(&st.job_id, elapsed, problem, wake.min(s.deadline) - now);
        }
        if wake >= s.deadline {
            wake = s.deadline;
            last_round = true;
        }
        tokio::select! {
            biased;
            signal = cancelled(&mut cancel) => return st.cancelled(signal),
            _ = sleep_until(wake) => {}
        }
    }
}
