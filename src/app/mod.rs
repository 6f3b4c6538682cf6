//! From command line to outcome: parse, resolve, wait, report.
//!
//! The application shell: the one place where the pieces meet and the only code that
//! writes to stdout, stderr and the runner's files (`sink.rs` for lines and files, the
//! live block's terminal drawing in `live.rs`, and the panic hook here). Everything below
//! it returns values; [`run`] returns the outcome or the failure, and [`crate::exit`]
//! alone turns that into a code.
//!
//! What stops a run is passed in, as mini-redis passes its server a shutdown future:
//! `main` hands over [`crate::signals::cancelled`], tests a future they complete, so a
//! cancel is tested in-process and at a moment the test chooses.

mod check;
mod live;
mod observer;
mod progress;
mod sink;

use std::ffi::OsString;
use std::future::Future;
use std::io::{self, IsTerminal, Read, Write};
use std::pin::Pin;
use std::sync::Arc;
use std::task::Poll;

use anyhow::Context as _;
use clap::error::ErrorKind;
use tokio::sync::watch;
use tokio::time::Instant;

use crate::auth::{Authenticator, SecretSink};
use crate::ci::Finished;
use crate::cli;
use crate::config::{self, Color, Config, Env, Output, UsageError};
use crate::exit::{Failure, Outcome, Signal, Verdict};
use crate::jobids::STDIN_LIMIT;
use crate::limiter::RateLimiter;
use crate::report::human::{Style, render_tally};
use crate::report::{Verbosity, json, services};
use crate::source::{Api, HttpSource};
use crate::time::format_elapsed_precise;
use crate::transport;
use crate::wait::{self, Context, Settings, Stop, Subject};
use progress::Progress;
use sink::Sink;

/// Where the process reads and writes; the demo and tests substitute their own.
pub struct Io {
    pub stdout: Box<dyn Write + Send>,
    pub stderr: Box<dyn Write + Send>,
    pub stderr_is_terminal: bool,
    pub stdin: Box<dyn FnOnce() -> io::Result<String> + Send>,
}

impl Io {
    pub fn std() -> Io {
        Io {
            stdout: Box::new(io::stdout()),
            stderr: Box::new(io::stderr()),
            stderr_is_terminal: io::stderr().is_terminal(),
            stdin: Box::new(read_stdin),
        }
    }
}

fn read_stdin() -> io::Result<String> {
    let stdin = io::stdin();
    if stdin.is_terminal() {
        return Err(io::Error::other("stdin is a terminal; pipe the job ids in"));
    }
    let mut bytes = Vec::new();
    stdin
        .lock()
        .take(STDIN_LIMIT as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > STDIN_LIMIT {
        return Err(io::Error::other(format!(
            "more than {} KiB on stdin",
            STDIN_LIMIT / 1024
        )));
    }
    String::from_utf8(bytes).map_err(|_| io::Error::other("stdin is not UTF-8 text"))
}

/// A panic is a bug, but still must not leave a library-chosen exit code (101) behind:
/// say so in one line and exit 3, "no verdict".
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let what = crate::secret::redact(&what);
        eprintln!("jobwait: internal error{at}: {what} (a bug; please report it)");
        std::process::exit(i32::from(Verdict::NoVerdict.code()));
    }));
}

/// What stops a run early, and why: the first stop request.
pub type Shutdown = Pin<Box<dyn Future<Output = Signal> + Send>>;

/// Run jobwait until it ends or `shutdown` resolves: the outcome, or why there was none.
/// Errors are already reported.
///
/// `shutdown` is first polled just before the first request is sent, so a signal handler
/// it installs is in place by then; a run that asks nothing (help, a usage error) never
/// polls it.
pub fn run(
    args: Vec<OsString>,
    env: &Env,
    io: Io,
    shutdown: impl Future<Output = Signal> + Send + 'static,
) -> Result<Outcome, Failure> {
    let sink = Sink::new(io.stdout, io.stderr);
    // Nothing on the command line: perhaps a first try, perhaps the Action (all inputs).
    let bare = args.len() <= 1;
    let io = Started {
        stdin: io.stdin,
        stderr_is_terminal: io.stderr_is_terminal,
        shutdown: Box::pin(shutdown),
    };
    let result = start(args, env, io, sink.clone());
    if let Err(failure) = &result {
        sink.err(&format!("jobwait: error: {failure}"));
        if bare && matches!(failure, Failure::Usage(_)) {
            sink.err(&format!(
                "\n{}\n\nSee jobwait --help for the options, the variables and examples.",
                cli::command().render_usage()
            ));
        }
        if let Failure::Usage(e) = failure {
            for emit in config::ci_system(env).usage_error(&e.to_string()) {
                sink.emit(emit);
            }
        }
    }
    result
}

/// What a run takes in besides its arguments, once its output is a [`Sink`].
struct Started {
    stdin: Box<dyn FnOnce() -> io::Result<String> + Send>,
    stderr_is_terminal: bool,
    shutdown: Shutdown,
}

fn start(args: Vec<OsString>, env: &Env, io: Started, mut sink: Sink) -> Result<Outcome, Failure> {
    let args = match cli::parse(args) {
        Ok(args) => args,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            sink.out_text(&e.render().to_string());
            return Ok(Outcome::Shown);
        }
        Err(e) => return Err(UsageError::Arguments(one_line(&e)).into()),
    };
    let early = config::early(&args, env)?;
    if show(&early, &sink) {
        return Ok(Outcome::Shown);
    }
    let config = config::resolve(&args, env, io.stdin)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
        .map_err(Failure::Setup)?;
    if config.output == Output::Json {
        sink.commands_to_stderr();
    }
    if config.verbosity == Verbosity::Verbose {
        sink.stamp_from(tokio::time::Instant::now());
    }
    let style = Style {
        color: match config.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => io.stderr_is_terminal,
        },
    };
    if config.check {
        let check = runtime.block_on(check::run(&config, &sink, io.shutdown))?;
        return Ok(Outcome::Checked(check));
    }
    // The live block only where a person watches a terminal and nothing asked for
    // quiet or for every answer.
    let live = io.stderr_is_terminal && !config.in_ci && config.verbosity == Verbosity::Normal;
    let verdict = runtime.block_on(wait_and_report(config, sink, style, live, io.shutdown))?;
    Ok(Outcome::Waited(verdict))
}

/// Start listening for the shutdown: poll it once, so whatever it listens with is in
/// place before the first request; `Err` with the signal if it has already come.
async fn listen(mut shutdown: Shutdown) -> Result<Shutdown, Signal> {
    match std::future::poll_fn(|cx| Poll::Ready(shutdown.as_mut().poll(cx))).await {
        Poll::Ready(signal) => Err(signal),
        Poll::Pending => Ok(shutdown),
    }
}

/// What is printed instead of waiting (`--list-services`, `--generate`); `true` if so.
fn show(early: &config::Early, sink: &Sink) -> bool {
    if let Some(kind) = early.generate {
        sink.out_bytes(&cli::generate(kind, &early.services, &early.resources));
    } else if let Some(catalog) = early.catalog.as_ref().filter(|_| early.list_services) {
        match early.output {
            Output::Json => sink.out(&services::json(catalog)),
            Output::Text if early.verbose => sink.out_text(&services::details(catalog)),
            Output::Text => sink.out_text(&services::text(catalog)),
        }
    } else {
        return false;
    }
    true
}

/// clap's message on one line: the error, plus its tip if it has one.
fn one_line(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines
        .next()
        .unwrap_or("invalid arguments")
        .trim_start_matches("error: ");
    let tip = lines.find_map(|l| l.strip_prefix("tip: "));
    match tip {
        Some(tip) => format!("{first}; {tip} (see jobwait --help)"),
        None => format!("{first} (see jobwait --help)"),
    }
}

/// The start-up lines: how we authenticate and where we ask.
fn announce(config: &Config, sink: &Sink) {
    if let Some(cloud) = &config.cloud_note {
        sink.err(&format!("jobwait: clouds.yaml: {cloud}"));
    }
    sink.err(&format!("jobwait: auth: {}", config.auth_note));
    let project = config.project_id.as_deref().unwrap_or("{project_id}");
    let mut values = vec![("project_id", project)];
    values.extend(config.params.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    let request = config.profile.fill(&values);
    sink.err(&format!(
        "jobwait: endpoint: {} ({}); {} {request}",
        config.endpoint, config.endpoint_origin, config.profile.method
    ));
}

/// `job 2c9e…`, `3 jobs`, `ecs-server 1f2e… to be ready`, `2 rds-instances to be deleted`.
fn waited_for(config: &Config) -> String {
    let subject = subject(config);
    let noun = &subject.noun;
    let what = match config.job_ids.as_slice() {
        [one] => format!("{noun} {}", crate::sanitize::clean(one)),
        many => format!("{} {noun}s", many.len()),
    };
    match subject.target.as_deref() {
        None => what,
        Some(state @ ("ready" | "deleted")) => format!("{what} to be {state}"),
        Some(word) => format!("{what} to reach {}", crate::sanitize::clean(word)),
    }
}

/// What is waited for, and with `--verbose`, how.
fn announce_wait(config: &Config, sink: &Sink, jobs: &str) {
    sink.err(&format!(
        "jobwait: waiting for {jobs} (timeout {})",
        format_elapsed_precise(config.timeout)
    ));
    if config.verbosity == Verbosity::Verbose {
        sink.err(&format!(
            "jobwait: polls at once, then every {} growing ×1.5 to {}; 404 tolerated for {}; at most {} requests/s; {}",
            humantime::format_duration(config.poll_interval),
            humantime::format_duration(config.max_interval),
            humantime::format_duration(config.not_found_grace),
            config.max_rps,
            config.profile.words().describe()
        ));
    }
}

async fn wait_and_report(
    config: Config,
    sink: Sink,
    style: Style,
    live: bool,
    shutdown: Shutdown,
) -> Result<Verdict, Failure> {
    let start = Instant::now();
    let jobs = waited_for(&config);
    if config.verbosity > Verbosity::Quiet {
        announce(&config, &sink);
        announce_wait(&config, &sink, &jobs);
    }
    let progress = Progress::start(&config, &sink, style, live, start);
    let ctx = Arc::new(context(&config, &sink, progress.observer(), start)?);
    let (stop, _) = watch::channel(None);
    let listener = match listen(shutdown).await {
        Ok(shutdown) => {
            let stop = stop.clone();
            Some(tokio::spawn(async move {
                stop.send_replace(Some(Stop::Signal(shutdown.await)));
            }))
        }
        Err(signal) => {
            stop.send_replace(Some(Stop::Signal(signal)));
            None
        }
    };
    let reports = wait::wait_all(ctx, config.job_ids.clone(), stop).await;
    if let Some(listener) = listener {
        listener.abort();
    }
    progress.end();
    Ok(report(&config, &sink, &reports, start))
}

/// Everything the jobs share: the HTTP source with its credentials, the rate limit, the
/// observer and the settings of the wait.
fn context(
    config: &Config,
    sink: &Sink,
    observer: Arc<dyn wait::Observer>,
    start: Instant,
) -> Result<Context<HttpSource>, Failure> {
    Ok(Context {
        source: source(config, sink)?,
        limiter: RateLimiter::new(config.max_rps),
        observer,
        settings: settings(config, start),
    })
}

/// The job API over HTTP, authenticated as configured.
fn source(config: &Config, sink: &Sink) -> Result<HttpSource, Failure> {
    let http = transport::client(&config.proxies)
        .context("cannot set up the HTTP client")
        .map_err(Failure::Setup)?;
    // Secrets learnt at run time (an IAM token) are masked in the CI log before anything
    // could print them.
    let on_secret: SecretSink = {
        let (ci, sink) = (Arc::clone(&config.ci), sink.clone());
        Arc::new(move |secret| {
            if let Some(line) = ci.mask(secret) {
                sink.command_unmasked(&line);
            }
        })
    };
    let api = Api {
        base: config.endpoint.clone(),
        profile: config.profile.clone(),
        params: config.params.clone(),
        project_id: config.project_id.clone(),
    };
    Ok(HttpSource::new(
        http,
        api,
        Authenticator::new(Arc::clone(&config.credentials), on_secret),
    ))
}

fn settings(config: &Config, start: Instant) -> Settings {
    Settings {
        start,
        deadline: crate::time::after(start, config.timeout),
        poll_interval: config.poll_interval,
        max_interval: config.max_interval,
        not_found_grace: config.not_found_grace,
        request_timeout: config.request_timeout,
        statuses: format!(
            "{} ({})",
            config.profile.described(),
            config.profile.words().describe()
        ),
        unknown_hint: if config.profile.customised.is_empty() {
            "if the service added a word, place it with --pending-status, --success-status or --failure-status".into()
        } else {
            "give the API's words: --pending-status for still working, --success-status, --failure-status".into()
        },
        status_at: config.profile.status_at(),
        success_confirmations: config.success_confirmations,
        fail_fast: config.fail_fast,
        subject: Arc::new(subject(config)),
        seed: None,
        // Every document for the JSON result; else only as many as a bounded report
        // shows (a GitHub step summary and outputs).
        docs_kept: (config.output != Output::Json).then_some(wait::DOCS_KEPT),
    }
}

/// What is waited for, as people are told about it: a job, or a resource of a profile.
fn subject(config: &Config) -> Subject {
    let p = &config.profile;
    match &p.target {
        Some(target) => Subject {
            noun: p.name.clone(),
            target: Some(target.name().to_string()),
            not_found: p.not_found.clone(),
        },
        None => Subject::job(),
    }
}

/// The tally on stderr (each job's verdict was printed when it ended), the JSON result on
/// stdout, and what the CI system wants.
fn report(config: &Config, sink: &Sink, reports: &[wait::JobReport], start: Instant) -> Verdict {
    let verdict = Verdict::worst(reports.iter().map(|r| r.verdict));
    let talk = config.verbosity > Verbosity::Quiet;
    if talk && let Some(tally) = render_tally(reports) {
        sink.err(&tally);
    }
    let elapsed = start.elapsed();
    if config.output == Output::Json {
        sink.out(&json::render(reports, verdict, elapsed));
    }
    for emit in config.ci.finish(&Finished {
        reports,
        verdict,
        elapsed,
    }) {
        sink.emit(emit);
    }
    verdict
}
