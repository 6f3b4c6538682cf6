//! The wait for one job: poll, classify, decide, sleep within the deadline.
//!
//! Rules that matter and are easy to break:
//! - the first poll is at once (the job may be done already);
//! - no sleep runs past the deadline; one last poll is made at the deadline, and its
//!   request may take at most [`FINAL_POLL_GRACE`];
//! - nor does a wait end before its deadline (unless a verdict ends it): when the rate
//!   limit leaves no slot before the deadline, the wait sleeps until it;
//! - a 401 or 403 ends the wait at once: retrying a bad signature locks the access key;
//! - a 404 is retried only during the not-found grace period, measured from the first poll;
//! - exit 2 means the job was *seen* pending at the deadline: a wait that never read a
//!   job document ends without a verdict (3), and when nothing at all has answered (no
//!   HTTP response: a wrong endpoint or region, DNS, TLS) for the not-found grace period
//!   from the first poll, it ends so at once. A typo must not look like "still building".

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::{Instant, sleep_until};

use super::{
    Answer, Context, FINAL_POLL_GRACE, JITTER, JobReport, JobSource, Reply, Seen, Stop, Subject,
    Unread, UnreadKind,
};
use crate::exit::Verdict;
use crate::fault::{Fault, Problem};
use crate::job::JobDoc;
use crate::limiter::THROTTLE_PAUSE;
use crate::schedule::{Observation, Planner};
use crate::status::StatusClass;
use crate::time::{after, epoch_secs, format_elapsed_precise, secs};

/// The longest pause after repeated 429s without `Retry-After`.
const MAX_THROTTLE_PAUSE: Duration = Duration::from_secs(60);

struct State {
    job_id: String,
    subject: Arc<Subject>,
    start: Instant,
    polls: u32,
    first_poll: Option<Instant>,
    doc: Option<Box<JobDoc>>,
    /// The failure of the latest poll, cleared by a good answer.
    last_error: Option<Problem>,
    /// Whether anything answered over HTTP yet, even with an error.
    answered: bool,
    /// Whether something answered, but not in HTTP (a wrong port, say).
    not_http: bool,
    /// Why the good answers since the last job document could not be read, if any was.
    unread: Option<String>,
    /// A resource waited for to be deleted: how it was seen gone.
    gone: Option<String>,
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
            problem: problem.map(Box::new),
            polls: self.polls,
            elapsed: self.start.elapsed(),
            gone: self.gone,
            subject: self.subject,
        }
    }

    /// The deadline passed: a timeout if the job was seen pending, else no verdict. A good
    /// answer that could not be read after the last pending one may have been the end (a
    /// FAIL too large to read), so then there is no verdict either.
    fn timed_out(self, timeout: Duration) -> JobReport {
        let limit = format_elapsed_precise(timeout);
        let problem = self.last_error.clone();
        match (&self.doc, &self.unread) {
            (Some(doc), Some(why)) => {
                let reason = format!(
                    "timed out after {limit}; the last status read was {}, but the answers since could not be read ({why}), so the job may have ended",
                    doc.status
                );
                self.end(Verdict::NoVerdict, Some(reason), problem)
            }
            (Some(doc), None) => {
                let reason = format!("timed out after {limit}; last status {}", doc.status);
                self.end(Verdict::TimedOut, Some(reason), problem)
            }
            (None, _) => {
                let reason = format!(
                    "no job document was read within the timeout ({limit}), so nothing says the job is running"
                );
                self.end(Verdict::NoVerdict, Some(reason), problem)
            }
        }
    }

    /// The wait was stopped before the job ended: by a signal, or by `--fail-fast`.
    fn cancelled(self, stop: Stop) -> JobReport {
        let seen = match &self.doc {
            Some(doc) => format!("last status {}", doc.status),
            None => "no status seen yet".to_string(),
        };
        let problem = self.last_error.clone();
        match stop {
            Stop::Signal(signal) => self.end(
                Verdict::Cancelled(signal),
                Some(format!("cancelled; {seen}")),
                problem,
            ),
            Stop::FailFast(job) => self.end(
                Verdict::NotWaited,
                Some(format!("job {job} did not succeed (--fail-fast); {seen}")),
                problem,
            ),
        }
    }
}

/// Resolves when the wait is told to stop; never, if the sender is gone.
async fn cancelled(stop: &mut watch::Receiver<Option<Stop>>) -> Stop {
    loop {
        if let Some(why) = stop.borrow_and_update().clone() {
            return why;
        }
        if stop.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// What the wait does after one answer, unless the answer ended it.
#[derive(Default)]
struct Pause {
    /// Sleep this long (seconds) instead of what the schedule says.
    delay: Option<f64>,
    /// A 404 inside the grace period: ask again at the latest when the grace ends.
    not_found_until: Option<Instant>,
}

/// What one answer means: pause and poll again, or end with a verdict (and why, and
/// the failure that decided it).
enum Next {
    Pause(Pause),
    End(Verdict, Option<String>, Option<Problem>),
}

/// One job's wait: its state, its schedule, and what it shares with the others.
struct Waiter<'a, S> {
    ctx: &'a Context<S>,
    st: State,
    planner: Planner,
    rng: fastrand::Rng,
}

impl<'a, S: JobSource> Waiter<'a, S> {
    fn new(ctx: &'a Context<S>, job_id: String) -> Self {
        let s = &ctx.settings;
        Waiter {
            ctx,
            st: State {
                job_id,
                subject: Arc::clone(&s.subject),
                start: s.start,
                polls: 0,
                first_poll: None,
                doc: None,
                last_error: None,
                answered: false,
                not_http: false,
                unread: None,
                gone: None,
                confirmations: 0,
                throttles: 0,
            },
            planner: Planner::new(s.poll_interval, s.max_interval, JITTER),
            rng: match s.seed {
                Some(seed) => fastrand::Rng::with_seed(seed),
                None => fastrand::Rng::new(),
            },
        }
    }

    /// Seconds since the start of the wait: the schedule's clock.
    fn local(&self, t: Instant) -> f64 {
        t.saturating_duration_since(self.ctx.settings.start)
            .as_secs_f64()
    }

    fn timeout(&self) -> Duration {
        let s = &self.ctx.settings;
        s.deadline.saturating_duration_since(s.start)
    }

    /// How long the next request may take: the request timeout, clipped to the deadline;
    /// the last poll, at the deadline, gets [`FINAL_POLL_GRACE`].
    fn budget(&self, now: Instant) -> Duration {
        let s = &self.ctx.settings;
        if now >= s.deadline {
            after(s.deadline, FINAL_POLL_GRACE).saturating_duration_since(now)
        } else {
            s.request_timeout.min(s.deadline - now)
        }
    }

    /// Take in one answer.
    fn take(&mut self, reply: Reply) -> Next {
        self.st.polls += 1;
        let first = *self.st.first_poll.get_or_insert(reply.sent);
        let mut observation = Observation {
            sent: self.local(reply.sent),
            received: self.local(reply.received),
            server_date: reply.server_date.map(epoch_secs),
            ..Observation::default()
        };
        if !matches!(reply.answer, Answer::Fault(Fault::Throttled(_))) {
            self.st.throttles = 0;
        }
        self.st.answered |=
            !matches!(&reply.answer, Answer::Fault(Fault::Transient(p)) if p.status.is_none());
        if let Answer::Job(doc) = &reply.answer {
            observation.begin = doc.begin().map(epoch_secs);
            observation.progress = doc.progress();
        }
        // First, so that what the answer says reaches the schedule (and the observer
        // hears the schedule's latest estimate).
        self.planner.observe(&observation);
        let mut pause = Pause::default();
        match reply.answer {
            Answer::Job(doc) => match self.job(doc) {
                Ok(delay) => pause.delay = delay,
                Err((verdict, reason)) => return Next::End(verdict, reason, None),
            },
            Answer::Fault(Fault::Transient(problem)) => {
                self.st.not_http |= problem.not_http;
                let grace = self.ctx.settings.not_found_grace;
                if !self.st.answered && reply.sent >= after(first, grace) {
                    let reason = self.unanswered_reason(problem.hint.is_some());
                    return Next::End(Verdict::NoVerdict, Some(reason), Some(problem));
                }
                self.st.last_error = Some(problem);
            }
            Answer::Fault(Fault::Throttled(problem)) => pause.delay = Some(self.throttled(problem)),
            Answer::Fault(Fault::NotFound(problem)) => {
                let until = after(first, self.ctx.settings.not_found_grace);
                if reply.sent >= until {
                    let reason = self.not_found_reason();
                    return Next::End(Verdict::NoVerdict, Some(reason), Some(problem));
                }
                self.st.last_error = Some(problem);
                pause.not_found_until = Some(until);
            }
            Answer::Fault(Fault::Rejected(problem)) => {
                return Next::End(Verdict::NoVerdict, None, Some(problem));
            }
            Answer::Gone { how, doc } => {
                let reason = self.gone(how, doc);
                return Next::End(Verdict::Succeeded, reason, None);
            }
            Answer::Unread(unread) => {
                let until = after(first, self.ctx.settings.not_found_grace);
                if let Some(reason) = self.unread_ends(&unread, reply.sent >= until) {
                    return Next::End(Verdict::NoVerdict, Some(reason), Some(unread.problem));
                }
                if matches!(unread.kind, UnreadKind::NoStatus | UnreadKind::NotListed) {
                    pause.not_found_until = Some(until);
                }
                self.st.unread = Some(unread.problem.to_string());
                self.st.last_error = Some(unread.problem);
            }
        }
        Next::Pause(pause)
    }

    /// Why a good answer that is not this job's ends the wait, if it does: the job was
    /// never read, the grace is over, and the answers say the profile's status is not
    /// where it looks (a wrong `--status-field` must not burn the whole timeout), or the
    /// list holds no such job (as a 404 would say).
    fn unread_ends(&self, unread: &Unread, grace_over: bool) -> Option<String> {
        if self.st.doc.is_some() || !grace_over {
            return None;
        }
        let grace = format_elapsed_precise(self.ctx.settings.not_found_grace);
        match unread.kind {
            UnreadKind::NoStatus => Some(format!(
                "no answer within {grace} had a status at {} — the answer has {}; check {} (or the service), and run --check to see an answer",
                self.ctx.settings.status_at,
                unread.detail.as_deref().unwrap_or("no keys"),
                "--status-field"
            )),
            UnreadKind::NotListed if self.ctx.settings.subject.is_resource() => Some(format!(
                "{} not found: no answer within {grace} listed it — check the id, the project id and the region",
                self.ctx.settings.subject.noun
            )),
            UnreadKind::NotListed => Some(format!(
                "job not found: no answer within {grace} listed it — check the job id, the project id and --service"
            )),
            UnreadKind::NotADocument | UnreadKind::OtherJob => None,
        }
    }

    /// A job document: its status decides (the verdict, and why when there is none), or
    /// says how soon to confirm a success.
    fn job(&mut self, doc: Box<JobDoc>) -> Result<Option<f64>, (Verdict, Option<String>)> {
        let s = &self.ctx.settings;
        self.ctx.limiter.recovered();
        self.st.last_error = None;
        self.st.unread = None;
        let class = doc.class;
        self.ctx.observer.answered(&Seen {
            job: &self.st.job_id,
            elapsed: self.st.start.elapsed(),
            doc: &doc,
            class,
            end_at: self.planner.expected_end().map(secs),
        });
        let status = doc.status.clone();
        let note = doc.note.clone();
        self.st.doc = Some(doc);
        match class {
            StatusClass::Pending => {
                self.st.confirmations = 0;
                Ok(None)
            }
            StatusClass::Success => {
                self.st.confirmations += 1;
                if self.st.confirmations < s.success_confirmations {
                    Ok(Some(self.planner.confirmation_delay()))
                } else {
                    Err((Verdict::Succeeded, None))
                }
            }
            StatusClass::Failure => Err((Verdict::Failed, None)),
            StatusClass::Unknown => {
                let why = note.map(|n| format!(": {n}")).unwrap_or_default();
                let reason = format!(
                    "unexpected status '{status}' for {}{why} — {}",
                    s.statuses, s.unknown_hint
                );
                Err((Verdict::NoVerdict, Some(reason)))
            }
        }
    }

    /// A 429: everyone slows down; this job waits for `Retry-After` or a growing pause.
    fn throttled(&mut self, problem: Problem) -> f64 {
        self.ctx
            .limiter
            .throttled(problem.retry_after, self.ctx.settings.deadline);
        self.st.throttles += 1;
        let backoff = THROTTLE_PAUSE
            .saturating_mul(1 << self.st.throttles.min(8).saturating_sub(1))
            .min(MAX_THROTTLE_PAUSE);
        let wait = problem.retry_after.unwrap_or(backoff);
        let now = self.local(Instant::now());
        let delay = wait
            .as_secs_f64()
            .max(self.planner.next_delay(now, self.rng.f64()));
        self.st.last_error = Some(problem);
        delay
    }

    /// Why a wait that never had an HTTP answer within the grace period ends: silence, or
    /// something that answers in another tongue.
    /// A problem that knows whom to blame (an IAM login) says so itself in its hint, so
    /// the reason then points at nothing else.
    fn unanswered_reason(&self, blamed: bool) -> String {
        let grace = format_elapsed_precise(self.ctx.settings.not_found_grace);
        if blamed {
            format!("nothing answered for {grace}")
        } else if self.st.not_http {
            format!(
                "no HTTP answer for {grace}: something at the endpoint answers, but not in HTTP — check --endpoint (its scheme and port), --region and --cloud"
            )
        } else {
            format!(
                "nothing answered for {grace} — check --endpoint, --region and --cloud, and that this machine can reach the API"
            )
        }
    }

    /// A resource waited for to be deleted is gone. Never seen before, it may have been
    /// deleted before the wait began, or the id may be wrong: a success, with a notice that
    /// says so (as `kubectl wait --for=delete` does).
    fn gone(&mut self, how: String, doc: Option<Box<JobDoc>>) -> Option<String> {
        let seen = self.st.doc.is_some();
        self.st.doc = doc;
        self.st.last_error = None;
        self.st.gone = Some(how.clone());
        (!seen).then(|| {
            format!(
                "already gone at the first answer ({how}): deleted before the wait began, or the id is wrong"
            )
        })
    }

    /// Why a job that still answers 404 after the grace period has no verdict.
    fn not_found_reason(&self) -> String {
        let subject = &self.ctx.settings.subject;
        if subject.is_resource() {
            let hint = subject
                .not_found
                .as_ref()
                .map(|h| format!("; {h}"))
                .unwrap_or_default();
            return format!(
                "{} not found: still 404 after {} — check the id, the project id and the region{hint}",
                subject.noun,
                format_elapsed_precise(self.ctx.settings.not_found_grace)
            );
        }
        format!(
            "job not found: still 404 after {} — job records are deleted about a day after they end; check the job id, the project id, and that the endpoint is the service that created the job (--service)",
            format_elapsed_precise(self.ctx.settings.not_found_grace)
        )
    }

    /// When to poll next, never past the deadline; `true` when that poll is the last.
    fn wake(&mut self, pause: Pause) -> (Instant, bool) {
        let now = Instant::now();
        let deadline = self.ctx.settings.deadline;
        let local = self.local(now);
        let delay = pause
            .delay
            .unwrap_or_else(|| self.planner.next_delay(local, self.rng.f64()));
        let mut wake = after(now, secs(delay));
        if let Some(until) = pause.not_found_until {
            // Ask once more exactly when the grace period ends, to decide promptly.
            wake = wake.min(until.max(now));
        }
        if let Some(problem) = &self.st.last_error {
            let elapsed = self.st.start.elapsed();
            self.ctx
                .observer
                .retrying(&self.st.job_id, elapsed, problem, wake.min(deadline) - now);
        }
        if wake >= deadline {
            (deadline, true)
        } else {
            (wake, false)
        }
    }
}

pub(super) async fn wait_job<S: JobSource>(
    ctx: &Context<S>,
    job_id: String,
    mut cancel: watch::Receiver<Option<Stop>>,
) -> JobReport {
    let s = &ctx.settings;
    let mut w = Waiter::new(ctx, job_id);
    // With no time at all (`--timeout 0`) the one poll is the last one: "is it done yet?"
    // still gets an answer instead of a timeout without asking.
    let mut last_round = Instant::now() >= s.deadline;
    loop {
        let latest = if last_round {
            after(s.deadline, FINAL_POLL_GRACE)
        } else {
            s.deadline
        };
        let slot = tokio::select! {
            biased;
            signal = cancelled(&mut cancel) => return w.st.cancelled(signal),
            slot = ctx.limiter.acquire(latest) => slot,
        };
        if !slot && !last_round {
            // The rate allows no poll before the deadline: the wait still lasts until
            // then, and asks once more at it if the rate allows that.
            tokio::select! {
                biased;
                signal = cancelled(&mut cancel) => return w.st.cancelled(signal),
                _ = sleep_until(s.deadline) => {}
            }
            last_round = true;
            continue;
        }
        if !slot {
            let timeout = w.timeout();
            return w.st.timed_out(timeout);
        }
        let budget = w.budget(Instant::now());
        let reply = tokio::select! {
            biased;
            signal = cancelled(&mut cancel) => return w.st.cancelled(signal),
            reply = ctx.source.fetch(&w.st.job_id, budget) => reply,
        };
        let pause = match w.take(reply) {
            Next::Pause(pause) => pause,
            Next::End(verdict, reason, problem) => return w.st.end(verdict, reason, problem),
        };
        if last_round {
            let timeout = w.timeout();
            return w.st.timed_out(timeout);
        }
        if Instant::now() >= s.deadline {
            last_round = true;
            continue;
        }
        let wake;
        (wake, last_round) = w.wake(pause);
        tokio::select! {
            biased;
            signal = cancelled(&mut cancel) => return w.st.cancelled(signal),
            _ = sleep_until(wake) => {}
        }
    }
}
