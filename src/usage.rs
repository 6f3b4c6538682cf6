//! Usage and configuration errors: each says in one line what is wrong and what to do,
//! and every one of them is exit code 4.
//!
//! A value the user typed is shown cleaned and shortened; a credential never is, only
//! where it came from.

use crate::options::{self, Opt};

#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    /// clap's own message (unknown flag, missing value), already on one line.
    #[error("{0}")]
    Arguments(String),
    #[error("no {what}: give {}", .option.ways())]
    Missing {
        what: &'static str,
        option: &'static Opt,
    },
    /// No region to build the endpoint from (the option named is the region's).
    #[error(
        "no endpoint: give {} URL, or {} with {} (default {})",
        options::ENDPOINT.flag(),
        .0.ways(),
        options::SERVICE.flag(),
        options::SERVICE.default_word().unwrap_or_default()
    )]
    NoEndpoint(&'static Opt),
    #[error(
        "no job to wait for: give --job-id ID (or JOBWAIT_JOB_ID), or --job-id - to read ids from stdin; for a resource, --resource NAME and --id ID"
    )]
    NoJob,
    /// A resource that cannot be waited for as asked: an unknown name, a state it has
    /// not, options that do not go together (the message says which and why).
    #[error("{0}")]
    Resource(String),
    #[error("--job-id - may be given once")]
    StdinTwice,
    #[error("cannot read job ids from stdin: {0}")]
    Stdin(String),
    /// Job ids that are not job ids, or stdin that holds none.
    #[error("{0}")]
    JobIds(String),
    #[error("invalid {from}: {error}")]
    Duration { from: String, error: String },
    #[error("{from} must be {expected}, not '{value}'")]
    Invalid {
        from: String,
        expected: &'static str,
        value: String,
    },
    #[error("{from} must be at least {min}")]
    TooSmall { from: String, min: String },
    #[error("{from} must be at most {max}, not '{given}'")]
    TooLarge {
        from: String,
        max: &'static str,
        given: String,
    },
    #[error("{max_from} ({max}) is shorter than {first_from} ({first})")]
    IntervalOrder {
        max_from: String,
        max: String,
        first_from: String,
        first: String,
    },
    #[error("{quiet} and {verbose} cannot be used together")]
    QuietAndVerbose { quiet: String, verbose: String },
    /// The status sets contradict each other.
    #[error("{0}")]
    Statuses(String),
    /// A URL, host or path that cannot be used (the message says which and why).
    #[error("{0}")]
    Endpoint(String),
    /// A proxy variable this client cannot use (the message names it, never its value).
    #[error("{0}")]
    Proxy(String),
    #[error("{from} '{value}' is not a project id (letters, digits, '-', '_')")]
    ProjectId { from: String, value: String },
    #[error(
        "{from} '{value}' is a project name, not a project id (32 hex characters): give it as {} with a password login, which finds the id, or give the project's id",
        options::PROJECT_NAME.flag()
    )]
    ProjectName { from: String, value: String },
    #[error(
        "the {what} from {from} contains spaces, line breaks or non-ASCII characters; it cannot be sent in an HTTP header"
    )]
    NotHeaderSafe { what: &'static str, from: String },
    #[error(
        "the {what} from {from} is shorter than {min} characters: no real one is, so it would only be printed unmasked; check the value"
    )]
    SecretTooShort {
        what: &'static str,
        from: String,
        min: usize,
    },
    #[error("the access key from {0} contains spaces or non-ASCII characters")]
    AccessKey(String),
    #[error(
        "a password login (user from {user_source}) needs the account's domain name: give {}",
        .option.ways()
    )]
    NoDomain {
        user_source: String,
        option: &'static Opt,
    },
    #[error(
        "a password login needs a project to scope its token to: --project-id or --project-name"
    )]
    NoScope,
    #[error("{api} is not offered on {cloud}: choose another --cloud, or give --endpoint")]
    NotOffered { api: String, cloud: String },
    /// A profile file that cannot be read or is wrong (the message names the file, the
    /// entry and the field).
    #[error("{0}")]
    Profiles(String),
    /// A service name that picks no profile, with what the user may have meant.
    #[error("{0}")]
    Service(String),
    /// A path parameter that is missing, unknown or malformed.
    #[error("{0}")]
    Param(String),
    /// `clouds.yaml` or `secure.yaml` unreadable, or without the entry named.
    #[error("{0}")]
    Clouds(String),
    #[error("no credentials{partial}: give {ways}")]
    NoCredentials { partial: String, ways: String },
}
