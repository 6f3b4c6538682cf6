//! From command line to exit code: parse, resolve, wait, report.
//!
//! The one place where the pieces meet and where output is written: progress and
//! verdicts to stderr, with the log group that folds them; the JSON result and the other
//! CI workflow commands to stdout (those move to stderr under `--output json`, so stdout
//! stays pure JSON).

use std::ffi::OsString;
use std::io::{self, IsTerminal, Read, Write};
use std::sync::{Arc, Mutex};

use clap::Parser;
use clap::error::ErrorKind;
use tokio::sync::watch;
use tokio::time::Instant;

use crate::api::client::{HttpSource, http_client};
use crate::auth::SecretSink;
use crate::ci::{github, gitlab};
use crate::cli::Cli;
use crate::config::{self, Config, Env, Output};
use crate::exit::{USAGE, Verdict};
use crate::jobids::STDIN_LIMIT;
use crate::limiter::RateLimiter;
use crate::report::human::{Live, Style, render_tally, render_verdict};
use crate::report::{Verbosity, json};
use crate::time::format_elapsed_precise;
use crate::wait::{self, Context, Settings};

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

/// The process environment, UTF-8 variables only.
pub fn process_env() -> Env {
    std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
        .collect()
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

/// A writer several owners share, so lines from different places never interleave.
#[derive(Clone)]
struct Shared(Arc<Mutex<Box<dyn Write + Send>>>);

impl Shared {
    fn new(w: Box<dyn Write + Send>) -> Shared {
        Shared(Arc::new(Mutex::new(w)))
    }

    /// Write one line, secrets masked, and flush; a closed stream is not a reason to
    /// fail the wait.
    fn line(&self, text: &str) {
        self.unmasked_line(&crate::secret::redact(text));
    }

    /// Write one line as it is: only for `::add-mask::`, which must name the secret.
    fn unmasked_line(&self, text: &str) {
        let mut w = self.0.lock().expect("writer lock");
        let _ = writeln!(w, "{text}");
        let _ = w.flush();
    }
}

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().expect("writer lock").write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.lock().expect("writer lock").flush()
    }
}

/// Run jobwait; returns the exit code.
pub fn run(args: Vec<OsString>, env: &Env, io: Io) -> u8 {
    let Io {
        mut stdout,
        mut stderr,
        stderr_is_terminal,
        stdin,
    } = io;
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let _ = write!(stdout, "{e}");
            return 0;
        }
        Err(e) => {
            let _ = writeln!(stderr, "jobwait: error: {}", one_line(&e));
            return USAGE;
        }
    };
    let config = match config::resolve(&cli, env, stdin) {
        Ok(config) => config,
        Err(e) => {
            let _ = writeln!(stderr, "jobwait: error: {e}");
            return USAGE;
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            let _ = writeln!(
                stderr,
                "jobwait: error: cannot start the async runtime: {e}"
            );
            return Verdict::NoVerdict.code();
        }
    };
    let color = config.color_allowed && stderr_is_terminal;
    runtime.block_on(wait_and_report(
        config,
        Shared::new(stdout),
        Shared::new(stderr),
        Style { color },
    ))
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

async fn wait_and_report(config: Config, stdout: Shared, stderr: Shared, style: Style) -> u8 {
    let start = Instant::now();
    let json_out = config.output == Output::Json;
    let commands = if json_out {
        stderr.clone()
    } else {
        stdout.clone()
    };
    let talk = config.verbosity > Verbosity::Quiet;
    let github = config.ci.github.clone();

    let jobs = match config.job_ids.as_slice() {
        [one] => format!("job {}", one),
        many => format!("{} jobs", many.len()),
    };
    if talk {
        stderr.line(&format!("jobwait: auth: {}", config.auth_note));
        stderr.line(&format!(
            "jobwait: endpoint: {} ({})",
            config.endpoint, config.endpoint_origin
        ));
        stderr.line(&format!(
            "jobwait: waiting for {jobs} (timeout {})",
            format_elapsed_precise(config.timeout)
        ));
    }
    if config.verbosity == Verbosity::Verbose {
        stderr.line(&format!(
            "jobwait: polls at once, then every {} growing ×1.5 to {}; 404 tolerated for {}; at most {} requests/s; {}",
            humantime::format_duration(config.poll_interval),
            humantime::format_duration(config.max_interval),
            humantime::format_duration(config.not_found_grace),
            config.max_rps,
            config.statuses.describe()
        ));
    }
    let title = format!("jobwait: waiting for {jobs}");
    if github.is_some() {
        // On stderr with the poll log it folds: the runner reads stdout and stderr through
        // separate pipes, so a marker on stdout could land a line early or late.
        stderr.line(&github::group(&title));
    } else if config.ci.gitlab {
        stderr.line(&gitlab::section_start(&title));
    }

    let http = match http_client(config.loopback) {
        Ok(http) => http,
        Err(e) => {
            stderr.line(&format!(
                "jobwait: error: cannot set up the HTTP client: {e}"
            ));
            return Verdict::NoVerdict.code();
        }
    };
    let on_secret: SecretSink = match &github {
        Some(_) => {
            let commands = commands.clone();
            Arc::new(move |secret| commands.unmasked_line(&github::add_mask(secret)))
        }
        None => Arc::new(|_| {}),
    };
    let source = HttpSource::new(
        http,
        config.endpoint.clone(),
        config.path.clone(),
        config.project_id.clone(),
        config.credentials.clone(),
        on_secret,
    );
    let observer = Arc::new(Live::new(Box::new(stderr.clone()), config.verbosity, style));
    let ctx = Arc::new(Context {
        source,
        limiter: RateLimiter::new(config.max_rps),
        observer,
        settings: Settings {
            start,
            deadline: start + config.timeout,
            poll_interval: config.poll_interval,
            max_interval: config.max_interval,
            not_found_grace: config.not_found_grace,
            request_timeout: config.request_timeout,
            statuses: config.statuses.clone(),
            success_confirmations: config.success_confirmations,
            seed: None,
        },
    });
    let (cancel_tx, cancel_rx) = watch::channel(None);
    let listener = tokio::spawn(async move {
        let signal = crate::signals::cancelled().await;
        let _ = cancel_tx.send(Some(signal));
    });
    let reports = wait::wait_all(ctx, config.job_ids.clone(), cancel_rx).await;
    listener.abort();

    if github.is_some() {
        stderr.line(github::END_GROUP);
    } else if config.ci.gitlab {
        stderr.line(&gitlab::section_end());
    }
    let verdict = Verdict::worst(reports.iter().map(|r| r.verdict));
    for report in &reports {
        if talk || report.verdict != Verdict::Succeeded {
            stderr.line(&render_verdict(report, style));
        }
    }
    if talk && let Some(tally) = render_tally(&reports) {
        stderr.line(&tally);
    }
    let result = json::render(&reports, verdict, start.elapsed());
    if json_out {
        stdout.line(&result);
    }
    if let Some(gh) = &github {
        for annotation in reports.iter().filter_map(github::annotation) {
            commands.line(&annotation);
        }
        if let Some(path) = &gh.output
            && let Err(e) =
                github::write_outputs(path, &github::outputs(&reports, verdict, &result))
        {
            stderr.line(&format!(
                "jobwait: warning: cannot write step outputs to {}: {e}",
                path.display()
            ));
        }
        if let Some(path) = &gh.step_summary
            && let Err(e) = github::append(path, &github::summary(&reports, verdict))
        {
            stderr.line(&format!(
                "jobwait: warning: cannot write the step summary to {}: {e}",
                path.display()
            ));
        }
    }
    verdict.code()
}
