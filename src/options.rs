//! Every option, defined once: its flag, the variables that may carry it (in precedence
//! order), its Action input, its default and its help.
//!
//! clap's help ([`crate::cli`]), the resolver ([`crate::config`]), every "missing …"
//! message, and the checks of `action.yml` and the README's options table all read this
//! table, so they cannot drift apart again (they had: the help named four variables for
//! the project id, the resolver read five, and the error message a different four).
//!
//! Names are snake_case; the flag is the kebab-case form (`--project-id`), the variables
//! are `INPUT_<NAME>` (GitHub Action inputs) and `JOBWAIT_<NAME>`, then the conventions of
//! the clouds' own tools listed in [`Opt::env`].

/// What kind of value an option takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One value; the last flag wins.
    Value,
    /// Repeatable; each value may also hold several, separated by commas, spaces or lines.
    List,
    /// On or off: a bare flag, or `true`/`false` in a variable.
    Switch,
}

/// The sections of `--help`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Heading {
    Job,
    Endpoint,
    Api,
    Credentials,
    Waiting,
    Output,
}

impl Heading {
    pub fn title(self) -> &'static str {
        match self {
            Heading::Job => "Job",
            Heading::Endpoint => "Endpoint",
            Heading::Api => "Job API",
            Heading::Credentials => "Credentials",
            Heading::Waiting => "Waiting",
            Heading::Output => "Output",
        }
    }
}

#[derive(Debug)]
pub struct Opt {
    /// snake_case: the Action input, and the base of the flag and the variables.
    pub name: &'static str,
    pub short: Option<char>,
    pub kind: Kind,
    /// What `--help` shows as the value (`DURATION`); unused for switches.
    pub value_name: &'static str,
    pub heading: Heading,
    /// One line for `--help`, without the default or the variables (added from below).
    pub help: &'static str,
    /// The default as people read it, when there is one.
    pub default: Option<&'static str>,
    /// Variables the clouds' tools already use, read after `INPUT_*` and `JOBWAIT_*`, in
    /// this order.
    pub env: &'static [&'static str],
    /// Whether a value is a credential: never shown, and masked wherever it appears.
    pub secret: bool,
    /// Whether the GitHub Action has it as an input (not for what only makes sense at a
    /// terminal, such as listing the services).
    pub input: bool,
}

impl Opt {
    /// `--project-id`
    pub fn flag(&self) -> String {
        format!("--{}", self.name.replace('_', "-"))
    }

    /// `PROJECT_ID`
    fn upper(&self) -> String {
        self.name.to_ascii_uppercase()
    }

    /// Every variable that may carry the option, highest precedence first.
    pub fn variables(&self) -> Vec<String> {
        let mut all = vec![format!("INPUT_{}", self.upper()), self.jobwait_variable()];
        all.extend(self.env.iter().map(|v| v.to_string()));
        all
    }

    /// `JOBWAIT_PROJECT_ID`
    pub fn jobwait_variable(&self) -> String {
        format!("JOBWAIT_{}", self.upper())
    }

    /// How a person can give it, for "missing …" messages:
    /// `--project-id (or JOBWAIT_PROJECT_ID, HW_PROJECT_ID, …)`.
    pub fn ways(&self) -> String {
        let mut vars = vec![self.jobwait_variable()];
        vars.extend(self.env.iter().map(|v| v.to_string()));
        format!("{} (or {})", self.flag(), vars.join(", "))
    }
}

/// Look an option up by name. Names are compile-time constants of this crate, so an
/// unknown one is a bug that the table's own tests catch.
pub fn get(name: &str) -> &'static Opt {
    OPTIONS
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("no option named {name}"))
}

const fn opt(
    name: &'static str,
    heading: Heading,
    value_name: &'static str,
    help: &'static str,
) -> Opt {
    Opt {
        name,
        short: None,
        kind: Kind::Value,
        value_name,
        heading,
        help,
        default: None,
        env: &[],
        secret: false,
        input: true,
    }
}

impl Opt {
    const fn default(mut self, default: &'static str) -> Opt {
        self.default = Some(default);
        self
    }
    const fn env(mut self, env: &'static [&'static str]) -> Opt {
        self.env = env;
        self
    }
    const fn secret(mut self) -> Opt {
        self.secret = true;
        self
    }
    const fn list(mut self) -> Opt {
        self.kind = Kind::List;
        self
    }
    const fn switch(mut self, short: Option<char>) -> Opt {
        self.kind = Kind::Switch;
        self.short = short;
        self
    }
    const fn no_input(mut self) -> Opt {
        self.input = false;
        self
    }
}

use Heading::*;

pub static OPTIONS: &[Opt] = &[
    opt("job_id", Job, "ID", "Job to wait for; repeat it, or separate ids with commas or spaces; - reads ids (or the JSON a create call returned) from stdin").list(),
    opt("project_id", Job, "ID", "Project the job belongs to")
        .env(&["HW_PROJECT_ID", "OS_PROJECT_ID", "OS_TENANT_ID", "HUAWEICLOUD_SDK_PROJECT_ID", "HUAWEI_CLOUD_PROJECT_ID"]),
    opt("timeout", Job, "DURATION", "Give up after this long (exit 2): 90s, 15m, 1h 30m or bare seconds").default("30m"),
    opt("endpoint", Endpoint, "URL", "Base URL of the job API, e.g. https://ecs.eu-de.otc.t-systems.com (overrides --service, --region and --cloud)"),
    opt("service", Endpoint, "NAME", "Service that created the job, which picks its job API and host: ecs, evs, rds, cce, kafka, ... (see --list-services)").default("ecs"),
    opt("region", Endpoint, "REGION", "Region, e.g. eu-de, cn-north-4")
        .env(&["HW_REGION_NAME", "OS_REGION_NAME", "HUAWEICLOUD_SDK_REGION", "HUAWEI_CLOUD_REGION"]),
    opt("cloud", Endpoint, "CLOUD", "huaweicloud, otc, or the domain suffix of another Huawei-based cloud")
        .default("otc for eu-de/eu-nl/eu-ch2, else huaweicloud"),
    opt("path", Api, "TEMPLATE", "Path (and query) of the job API, with {project_id}, {job_id} and any {name} given by --param")
        .default("the service's"),
    opt("param", Api, "NAME=VALUE", "Another value the path needs, e.g. instance_id=... for kafka (repeatable)").list(),
    opt("status_field", Api, "POINTER", "Where the answer keeps the status (JSON Pointer, e.g. /export/state)")
        .default("the service's"),
    opt("reason_field", Api, "POINTER", "Where the answer keeps the failure text (JSON Pointer; repeatable)").list(),
    opt("progress_field", Api, "POINTER", "Where the answer keeps a percentage done (JSON Pointer)"),
    opt("pending_status", Api, "LIST", "More statuses that mean still working (comma list), besides the service's").list(),
    opt("success_status", Api, "LIST", "More statuses that mean done (comma list), besides the service's").list(),
    opt("failure_status", Api, "LIST", "More statuses that mean failed (comma list), besides the service's").list(),
    opt("token", Credentials, "TOKEN", "IAM token, sent as X-Auth-Token")
        .env(&["HW_AUTH_TOKEN", "OS_AUTH_TOKEN", "OS_TOKEN"]).secret(),
    opt("access_key", Credentials, "AK", "Access key id (AK); requests are signed (SDK-HMAC-SHA256)")
        .env(&["HW_ACCESS_KEY", "OS_ACCESS_KEY", "HUAWEICLOUD_SDK_AK", "HUAWEI_CLOUD_ACCESS_KEY_ID"]),
    opt("secret_key", Credentials, "SK", "Secret access key (SK)")
        .env(&["HW_SECRET_KEY", "OS_SECRET_KEY", "HUAWEICLOUD_SDK_SK", "HUAWEI_CLOUD_SECRET_ACCESS_KEY"]).secret(),
    opt("security_token", Credentials, "TOKEN", "Security token of temporary AK/SK credentials")
        .env(&["HW_SECURITY_TOKEN", "OS_SECURITY_TOKEN", "HUAWEICLOUD_SDK_SECURITY_TOKEN", "HUAWEI_CLOUD_SECURITY_TOKEN"]).secret(),
    opt("username", Credentials, "USER", "IAM user name for a password login")
        .env(&["HW_USER_NAME", "OS_USERNAME"]),
    opt("password", Credentials, "PASSWORD", "IAM user password")
        .env(&["HW_USER_PASSWORD", "OS_PASSWORD"]).secret(),
    opt("domain_name", Credentials, "NAME", "Account (domain) name of the IAM user")
        .env(&["HW_DOMAIN_NAME", "OS_USER_DOMAIN_NAME", "OS_DOMAIN_NAME"]),
    opt("auth_url", Credentials, "URL", "IAM endpoint for a password login, e.g. https://iam.eu-de.otc.t-systems.com/v3")
        .default("the region's IAM").env(&["HW_AUTH_URL", "OS_AUTH_URL"]),
    opt("project_name", Credentials, "NAME", "Project name to scope a password login to, instead of --project-id")
        .env(&["HW_PROJECT_NAME", "OS_PROJECT_NAME"]),
    opt("poll_interval", Waiting, "DURATION", "First wait between polls; it grows x1.5 up to --max-interval").default("1s"),
    opt("max_interval", Waiting, "DURATION", "Longest wait between polls").default("10s"),
    opt("not_found_grace", Waiting, "DURATION", "How long a job may answer 404 (a fresh job not yet visible) before it counts as not found").default("30s"),
    opt("request_timeout", Waiting, "DURATION", "Longest time one request may take").default("15s"),
    opt("max_rps", Waiting, "N", "Most requests per second, over all jobs").default("10"),
    opt("success_confirmations", Waiting, "N", "Consecutive success answers required before a job counts as done").default("1"),
    opt("fail_fast", Waiting, "", "With several jobs, stop waiting for all as soon as one fails or has no verdict").switch(None),
    opt("output", Output, "FORMAT", "text (progress and verdicts on stderr) or json (the result on stdout)").default("text"),
    opt("color", Output, "WHEN", "auto (on a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always (also in GitHub's log, which shows colour) or never").default("auto"),
    opt("quiet", Output, "", "Only failures and problems on stderr").switch(Some('q')),
    opt("verbose", Output, "", "Every answer and retry decision on stderr (never a credential)").switch(Some('v')),
    opt("check", Output, "", "Check the configuration: resolve everything, ask once about each job, say what answered, and exit (0 when every job answered)").switch(None),
    opt("list_services", Output, "", "List the job APIs jobwait knows (with --output json, as JSON) and exit").switch(None).no_input(),
    opt("generate", Output, "KIND", "Print shell completions or the man page and exit: complete-bash, complete-zsh, complete-fish, complete-powershell, man").no_input(),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_snake_case_and_findable() {
        for (i, o) in OPTIONS.iter().enumerate() {
            assert!(
                o.name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{}",
                o.name
            );
            assert!(OPTIONS[..i].iter().all(|p| p.name != o.name), "{}", o.name);
            assert!(std::ptr::eq(get(o.name), o));
        }
    }

    #[test]
    fn variables_come_in_precedence_order() {
        let o = get("project_id");
        assert_eq!(o.flag(), "--project-id");
        assert_eq!(
            o.variables(),
            [
                "INPUT_PROJECT_ID",
                "JOBWAIT_PROJECT_ID",
                "HW_PROJECT_ID",
                "OS_PROJECT_ID",
                "OS_TENANT_ID",
                "HUAWEICLOUD_SDK_PROJECT_ID",
                "HUAWEI_CLOUD_PROJECT_ID"
            ]
        );
        assert_eq!(get("timeout").ways(), "--timeout (or JOBWAIT_TIMEOUT)");
    }

    #[test]
    fn credentials_are_marked_secret() {
        let secret: Vec<&str> = OPTIONS
            .iter()
            .filter(|o| o.secret)
            .map(|o| o.name)
            .collect();
        assert_eq!(
            secret,
            ["token", "secret_key", "security_token", "password"]
        );
    }
}
