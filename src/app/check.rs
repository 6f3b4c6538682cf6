//! `--check`: everything resolved and each job asked about once, nothing waited for.
//!
//! For setting a pipeline up: it shows where jobwait would ask, with which credentials
//! and job API, and whether each job answers, before anything depends on a verdict.
//!
//! It keeps the wait's two promises: no more than `--max-rps` requests a second (the
//! jobs are asked side by side, each taking a slot of one shared [`RateLimiter`]), and no
//! longer than `--timeout` (each request is clipped to the time left, as the wait's last
//! poll is; a job whose turn would come after the deadline is not asked, and the check
//! fails). A signal stops it with what was learnt so far, as 130/143.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use super::Shutdown;
use super::sink::Sink;
use crate::config::{Config, Output};
use crate::exit::{Check, Failure, Signal};
use crate::limiter::RateLimiter;
use crate::sanitize::clean;
use crate::time::{after, format_elapsed_precise};
use crate::wait::{Answer, FINAL_POLL_GRACE, JobSource, Reply};

/// Ask once about each job; passed when every one answered with a job document.
pub async fn run(config: &Config, sink: &Sink, shutdown: Shutdown) -> Result<Check, Failure> {
    super::announce(config, sink);
    let p = &config.profile;
    sink.err(&format!(
        "jobwait: {}: {} (status at {}; {})",
        p.kind.api(),
        p.name,
        p.status_at(),
        p.words().describe()
    ));
    let source = Arc::new(super::source(config, sink)?);
    let mut shutdown = match super::listen(shutdown).await {
        Ok(shutdown) => shutdown,
        Err(signal) => return Ok(cancelled(config, sink, signal, Vec::new())),
    };
    let limits = Limits {
        limiter: Arc::new(RateLimiter::new(config.max_rps)),
        deadline: after(Instant::now(), config.timeout),
        request_timeout: config.request_timeout,
    };
    let mut handles = ask_all(source, &config.job_ids, &limits).into_iter();
    let mut results = Vec::new();
    while let Some(mut handle) = handles.next() {
        let asked = tokio::select! {
            biased;
            signal = &mut shutdown => {
                handle.abort();
                handles.for_each(|h| h.abort());
                return Ok(cancelled(config, sink, signal, results));
            }
            asked = &mut handle => asked.unwrap_or(Asked::NotAsked),
        };
        let (line, result) = describe(&config.job_ids[results.len()], &asked, config);
        sink.err(&line);
        results.push(result);
    }
    let passed = results.iter().all(|r| r["answered"] == true);
    sink.err(if passed {
        "jobwait: check passed: every job answered"
    } else {
        "jobwait: check failed: a job did not answer with a job document"
    });
    let check = if passed { Check::Passed } else { Check::Failed };
    print_json(config, sink, check, results);
    Ok(check)
}

/// What bounds the check: the shared rate, the deadline, and each request's own limit.
struct Limits {
    limiter: Arc<RateLimiter>,
    deadline: Instant,
    request_timeout: Duration,
}

/// One job's part of the check.
#[derive(Debug)]
enum Asked {
    Answered(Box<Reply>),
    /// Its turn under the rate limit would have come after the deadline.
    NotAsked,
}

/// Ask about every job at once, each as soon as the rate allows and never after the
/// deadline: one task per job, the handles in the order of `jobs`.
fn ask_all<S: JobSource + 'static>(
    source: Arc<S>,
    jobs: &[String],
    limits: &Limits,
) -> Vec<JoinHandle<Asked>> {
    jobs.iter()
        .map(|job| {
            let (source, job) = (Arc::clone(&source), job.clone());
            let (limiter, deadline) = (Arc::clone(&limits.limiter), limits.deadline);
            let request_timeout = limits.request_timeout;
            tokio::spawn(async move {
                if !limiter.acquire(deadline).await {
                    return Asked::NotAsked;
                }
                // As the wait's last poll: at most FINAL_POLL_GRACE past the deadline.
                let left =
                    after(deadline, FINAL_POLL_GRACE).saturating_duration_since(Instant::now());
                Asked::Answered(Box::new(
                    source.fetch(&job, request_timeout.min(left)).await,
                ))
            })
        })
        .collect()
}

/// The line on stderr and the JSON entry for one job (or resource).
fn describe(job: &str, asked: &Asked, config: &Config) -> (String, Value) {
    let noun = super::subject(config).noun;
    let (line, status, error) = match asked {
        Asked::Answered(reply) => match &reply.answer {
            Answer::Job(doc) => (
                format!("answered, status {}", clean(&doc.status)),
                Some(doc.status.clone()),
                None,
            ),
            Answer::Gone { how, .. } => (
                format!("gone ({})", clean(how)),
                Some("gone".to_string()),
                None,
            ),
            Answer::Fault(fault) => {
                let problem = fault.problem().to_string();
                (
                    format!("no {noun} document: {}", clean(&problem)),
                    None,
                    Some(problem),
                )
            }
            Answer::Unread(unread) => {
                let has = unread
                    .detail
                    .as_ref()
                    .map(|keys| format!(" (the answer has {keys})"))
                    .unwrap_or_default();
                let problem = format!("{}{has}", unread.problem);
                (
                    format!("no {noun} document: {}", clean(&problem)),
                    None,
                    Some(problem),
                )
            }
        },
        Asked::NotAsked => {
            let why = format!(
                "not asked: the timeout ({}) ran out before its turn at --max-rps {}",
                format_elapsed_precise(config.timeout),
                config.max_rps
            );
            (why.clone(), None, Some(why))
        }
    };
    let result =
        json!({ "job_id": job, "answered": status.is_some(), "status": status, "error": error });
    (format!("{noun} {}: {line}", clean(job)), result)
}

/// A signal stopped the check: say how far it got, and report the jobs not yet answered.
fn cancelled(config: &Config, sink: &Sink, signal: Signal, mut results: Vec<Value>) -> Check {
    let done = results.len();
    sink.err(&format!(
        "jobwait: check cancelled by {}: {done} of {} jobs checked",
        signal.name(),
        config.job_ids.len()
    ));
    let error = format!("cancelled by {} before it answered", signal.name());
    for job in &config.job_ids[done..] {
        results.push(json!({ "job_id": job, "answered": false, "status": null, "error": error }));
    }
    let check = Check::Cancelled(signal);
    print_json(config, sink, check, results);
    check
}

fn print_json(config: &Config, sink: &Sink, check: Check, jobs: Vec<Value>) {
    if config.output == Output::Json {
        let word = match check {
            Check::Passed => "passed",
            Check::Failed => "failed",
            Check::Cancelled(_) => "cancelled",
        };
        sink.out(&json!({ "check": word, "jobs": jobs }).to_string());
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::fault::{Fault, Problem};

    /// Answers every question after `delay`, recording when each was asked and with what
    /// time limit.
    struct Recorder {
        start: Instant,
        delay: Duration,
        asked: Mutex<Vec<(String, Duration, Duration)>>,
    }

    impl JobSource for Recorder {
        async fn fetch(&self, job_id: &str, timeout: Duration) -> Reply {
            let sent = Instant::now();
            let at = sent - self.start;
            self.asked
                .lock()
                .unwrap()
                .push((job_id.to_string(), at, timeout));
            tokio::time::sleep(self.delay.min(timeout)).await;
            Reply {
                answer: Answer::Fault(Fault::Transient(Problem::new("scripted"))),
                sent,
                received: Instant::now(),
                server_date: None,
            }
        }
    }

    async fn check(jobs: usize, rps: f64, timeout: u64, delay: u64) -> (Arc<Recorder>, usize) {
        let start = Instant::now();
        let source = Arc::new(Recorder {
            start,
            delay: Duration::from_secs(delay),
            asked: Mutex::new(Vec::new()),
        });
        let ids: Vec<String> = (0..jobs).map(|i| format!("j{i}")).collect();
        let limits = Limits {
            limiter: Arc::new(RateLimiter::new(rps)),
            deadline: start + Duration::from_secs(timeout),
            request_timeout: Duration::from_secs(15),
        };
        let mut not_asked = 0;
        for handle in ask_all(Arc::clone(&source), &ids, &limits) {
            if let Asked::NotAsked = handle.await.unwrap() {
                not_asked += 1;
            }
        }
        (source, not_asked)
    }

    #[tokio::test(start_paused = true)]
    async fn the_rate_limit_spaces_the_questions_and_the_deadline_ends_them() {
        let start = Instant::now();
        let (source, not_asked) = check(300, 10.0, 10, 0).await;
        let asked = source.asked.lock().unwrap();
        // One every 0.1 s from 0 s to the deadline at 10 s, in the order given.
        assert_eq!(asked.len(), 101);
        assert_eq!(not_asked, 199);
        for (i, (job, at, _)) in asked.iter().enumerate() {
            assert_eq!(job, &format!("j{i}"));
            assert_eq!(*at, Duration::from_millis(100 * i as u64), "{job}");
        }
        assert_eq!(Instant::now() - start, Duration::from_secs(10));
    }

    #[tokio::test(start_paused = true)]
    async fn each_question_gets_only_the_time_left() {
        let start = Instant::now();
        // Nothing ever answers; 15 s per request would be 45 s in turn.
        let (source, not_asked) = check(3, 1.0, 2, 3600).await;
        assert_eq!(not_asked, 0);
        let limits: Vec<(Duration, Duration)> = source
            .asked
            .lock()
            .unwrap()
            .iter()
            .map(|(_, at, limit)| (*at, *limit))
            .collect();
        let ms = Duration::from_millis;
        assert_eq!(
            limits,
            [(ms(0), ms(2750)), (ms(1000), ms(1750)), (ms(2000), ms(750))]
        );
        assert_eq!(
            Instant::now() - start,
            ms(2750),
            "the deadline and its grace"
        );
    }
}
