//! Waiting for jobs: one task per job, one shared rate limit, one deadline.
//!
//! The loop itself (`job.rs`) is plain code over two small traits defined here, beside
//! their user: [`JobSource`] ("what does the API say about this job now?", answered with
//! an already classified [`Answer`]) and [`Observer`] (what the loop tells the outside
//! world while it runs). Tests drive it with a scripted source and a paused clock: a
//! 30-minute timeout is checked in milliseconds, and the schedule is asserted exactly.
//! Nothing here knows HTTP.

mod job;

use std::collections::{BinaryHeap, HashMap};
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::exit::{Signal, Verdict};
use crate::fault::{Fault, Problem};
use crate::job::JobDoc;
use crate::limiter::RateLimiter;
use crate::status::StatusClass;

/// What one poll means for the wait.
#[derive(Debug)]
pub enum Answer {
    /// A job document: its status decides.
    Job(Box<JobDoc>),
    /// No job document: the fault says whether to retry, slow down, tolerate a 404 for a
    /// while, or give up.
    Fault(Fault),
    /// A good answer (2xx) that is not this job's document: retried, but it never lets a
    /// wait end as a timeout, and the wait gives up when it is all there is.
    Unread(Unread),
    /// A resource waited for to be deleted is gone: how the answer said so (`404 Not
    /// Found from …`, `status DELETED`), and the document, if it was one. The source
    /// sends it only for such a wait: for any other, a missing resource is not found.
    Gone {
        how: String,
        doc: Option<Box<JobDoc>>,
    },
}

/// A 2xx answer that could not be read as this job's document.
#[derive(Debug)]
pub struct Unread {
    /// What came back and why it is not read (`200 OK from host, but …`).
    pub problem: Problem,
    pub kind: UnreadKind,
    /// What the answer does have, when that helps find the right pointer.
    pub detail: Option<String>,
}

/// Why a good answer was not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnreadKind {
    /// Not a job document at all: not JSON, HTML, too large.
    NotADocument,
    /// A document with no status where the profile says.
    NoStatus,
    /// A list of jobs without this one.
    NotListed,
    /// Another job's document.
    OtherJob,
}

/// One poll's outcome, with the timing the schedule needs.
#[derive(Debug)]
pub struct Reply {
    pub answer: Answer,
    pub sent: Instant,
    pub received: Instant,
    /// The answer's `Date` header.
    pub server_date: Option<SystemTime>,
}

/// Why the wait stops before a job has ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stop {
    /// The process was told to stop (CI cancels with SIGINT, then SIGTERM).
    Signal(Signal),
    /// `--fail-fast`: this job failed, or has no verdict, so the others are not waited for.
    FailFast(String),
}

/// Where job documents come from: the real API, or a script in tests.
pub trait JobSource: Send + Sync {
    /// Ask once about `job_id`, giving up after `timeout`.
    fn fetch(&self, job_id: &str, timeout: Duration) -> impl Future<Output = Reply> + Send;
}

/// A job document arrived, with what the wait makes of it.
pub struct Seen<'a> {
    pub job: &'a str,
    /// Since the start of the wait.
    pub elapsed: Duration,
    pub doc: &'a JobDoc,
    pub class: StatusClass,
    /// When the schedule expects the job to end, as time since the start of the wait,
    /// where its progress says.
    pub end_at: Option<Duration>,
}

/// What the wait loop tells the outside world while it runs.
pub trait Observer: Send + Sync {
    /// A job document arrived.
    fn answered(&self, seen: &Seen);
    /// A poll failed and will be retried after `retry_in`.
    fn retrying(&self, job: &str, elapsed: Duration, problem: &Problem, retry_in: Duration);
    /// A job's wait ended.
    fn finished(&self, report: &JobReport);
}

/// How long the last poll, made at the deadline, may take: the process ends at most this
/// much after its timeout, even when the server stalls.
pub const FINAL_POLL_GRACE: Duration = Duration::from_millis(750);
/// ±10 % on every nominal sleep, so that many jobs and pipelines drift out of lock-step.
pub const JITTER: f64 = 0.1;

#[derive(Clone, Debug)]
pub struct Settings {
    pub start: Instant,
    pub deadline: Instant,
    pub poll_interval: Duration,
    pub max_interval: Duration,
    pub not_found_grace: Duration,
    pub request_timeout: Duration,
    /// The job API and its status words, for the message about a status nobody knows:
    /// `rds (pending: Running; success: Completed; failure: Failed)`.
    pub statuses: String,
    /// What to do about a status nobody knows (which flags place a word).
    pub unknown_hint: String,
    /// Where the profile reads the status, for the message when no answer has one.
    pub status_at: String,
    pub success_confirmations: u32,
    /// Stop waiting for every job once one fails or has no verdict.
    pub fail_fast: bool,
    /// What is waited for, as people are told about it.
    pub subject: Arc<Subject>,
    /// Fixed seed for the jitter (tests); random when `None`.
    pub seed: Option<u64>,
    /// `Some(n)`: a finished job keeps its last document only if it is among the first
    /// `n` jobs of its verdict, in the order given (see [`DOCS_KEPT`]); `None`: every job
    /// keeps its own (`--output json` shows them all).
    pub docs_kept: Option<usize>,
}

/// How many jobs of each verdict keep their documents when not all need to: more than
/// any report within a limit shows (a step summary's table, GitHub's 1 MB outputs), so
/// a hundred thousand jobs' answers need not all be held to the end.
pub const DOCS_KEPT: usize = 2000;

/// At most this many waits run at once; with more jobs, the next starts as soon as one
/// ends. Each wait holds its state (about a kilobyte) for as long as it runs, and no
/// more waits than this can be polled usefully anyway: at the default 10 requests a
/// second, 10,000 jobs are each asked once every 1,000 seconds at best.
pub const MAX_WAITS: usize = 10_000;

/// How one job's wait ended, with what the user needs to know about it.
#[derive(Clone, Debug)]
pub struct JobReport {
    pub job_id: String,
    pub verdict: Verdict,
    /// The last job document seen.
    pub doc: Option<Box<JobDoc>>,
    /// Why there is no verdict, or what the timeout interrupted.
    pub reason: Option<String>,
    /// The failure that decided (no verdict), or the last one if polls were failing.
    /// Boxed: most reports have none, and a hundred thousand reports are held at once.
    pub problem: Option<Box<Problem>>,
    pub polls: u32,
    pub elapsed: Duration,
    /// A resource waited for to be deleted: how it was seen gone.
    pub gone: Option<String>,
    /// What was waited for: a job, or which resource.
    pub subject: Arc<Subject>,
}

/// What is waited for, as people are told about it: a job, or a resource of a profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subject {
    /// `job`, or the resource's profile (`ecs-server`): `ecs-server 1f2e…: ACTIVE`.
    pub noun: String,
    /// What a resource is waited for (`ready`, `deleted`, a word); `None` for a job.
    pub target: Option<String>,
    /// What its profile says about it not being found (ECS answers 404 while building).
    pub not_found: Option<String>,
}

impl Subject {
    pub fn job() -> Subject {
        Subject {
            noun: "job".into(),
            target: None,
            not_found: None,
        }
    }

    pub fn is_resource(&self) -> bool {
        self.target.is_some()
    }
}

impl Default for Subject {
    fn default() -> Subject {
        Subject::job()
    }
}

impl JobReport {
    pub fn status(&self) -> Option<&str> {
        self.doc.as_ref().map(|d| d.status.as_str())
    }
}

/// Everything the jobs share.
pub struct Context<S> {
    pub source: S,
    pub limiter: RateLimiter,
    pub observer: Arc<dyn Observer>,
    pub settings: Settings,
}

/// Wait for every job at once (up to [`MAX_WAITS`] at a time); reports come back in the
/// order of `job_ids`. Sending on `stop` ends every wait early (a signal); `--fail-fast`
/// sends on it too.
pub async fn wait_all<S: JobSource + 'static>(
    ctx: Arc<Context<S>>,
    job_ids: Vec<String>,
    stop: watch::Sender<Option<Stop>>,
) -> Vec<JobReport> {
    // In the order they end, and where each job's report is among them.
    let mut reports: Vec<(usize, JobReport)> = Vec::with_capacity(job_ids.len());
    let mut position = vec![usize::MAX; job_ids.len()];
    let mut waiting = job_ids.into_iter().enumerate();
    let mut tasks = JoinSet::new();
    let spawn = |tasks: &mut JoinSet<_>, (index, job_id): (usize, String)| {
        let ctx = Arc::clone(&ctx);
        let stop = stop.subscribe();
        tasks.spawn(async move { (index, job::wait_job(&ctx, job_id, stop).await) });
    };
    for next in waiting.by_ref().take(MAX_WAITS) {
        spawn(&mut tasks, next);
    }
    let mut kept = Kept::new(ctx.settings.docs_kept);
    while let Some(done) = tasks.join_next().await {
        if let Some(next) = waiting.next() {
            spawn(&mut tasks, next);
        }
        // A panicking task already ended the process through the panic hook.
        let Ok((index, report)) = done else { continue };
        ctx.observer.finished(&report);
        let decisive = matches!(report.verdict, Verdict::Failed | Verdict::NoVerdict);
        if ctx.settings.fail_fast && decisive {
            let job = report.job_id.clone();
            // A signal, or an earlier failure, already stopped the others.
            stop.send_if_modified(|s| {
                let first = s.is_none();
                if first {
                    *s = Some(Stop::FailFast(job));
                }
                first
            });
        }
        let (keep, dropped) = kept.admit(index, report.verdict);
        if let Some((_, other)) = dropped.and_then(|d| reports.get_mut(position[d])) {
            other.doc = None;
        }
        position[index] = reports.len();
        let doc = report.doc.filter(|_| keep);
        reports.push((index, JobReport { doc, ..report }));
    }
    // Sorted and unwrapped in place: a copy of a hundred thousand reports is megabytes.
    reports.sort_unstable_by_key(|(index, _)| *index);
    reports.into_iter().map(|(_, report)| report).collect()
}

/// Which finished jobs keep their documents: the first `limit` of each verdict, in the
/// order given, whatever order they end in.
struct Kept {
    limit: Option<usize>,
    /// For each verdict, the indices of the jobs that keep theirs: the smallest seen.
    kept: HashMap<Verdict, BinaryHeap<usize>>,
}

impl Kept {
    fn new(limit: Option<usize>) -> Kept {
        Kept {
            limit,
            kept: HashMap::new(),
        }
    }

    /// Job `index` ended with `verdict`: whether it keeps its document, and the job
    /// that no longer does because this one comes before it, if any.
    fn admit(&mut self, index: usize, verdict: Verdict) -> (bool, Option<usize>) {
        let Some(limit) = self.limit else {
            return (true, None);
        };
        let kept = self.kept.entry(verdict).or_default();
        kept.push(index);
        if kept.len() <= limit {
            return (true, None);
        }
        match kept.pop() {
            Some(last) if last != index => (true, Some(last)),
            _ => (false, None),
        }
    }
}

#[cfg(test)]
mod tests;
