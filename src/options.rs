//! Every option, defined once: its flag, the variables that may carry it (in precedence
//! order), its Action input, its default and its help.
//!
//! Each option is a static item ([`TIMEOUT`], [`PROJECT_ID`], …) that the rest of the code
//! uses by reference, so a misspelt option does not compile. clap's help
//! ([`crate::cli`]), the resolver ([`crate::config`]), every "missing …" message, and the
//! checks of `action.yml` and the README's options table all read this table, so they
//! cannot drift apart again (they had: the help named four variables for the project id,
//! the resolver read five, and the error message a different four). A default is a typed
//! value ([`DefaultValue`]): the resolver uses it and `--help` shows it, so changing it
//! here changes both, and the docs' checks fail until the docs follow.
//!
//! Names are snake_case; the flag is the kebab-case form (`--project-id`), the variables
//! are `INPUT_<NAME>` (GitHub Action inputs) and `JOBWAIT_<NAME>`, then the conventions of
//! the clouds' own tools listed in each option's `env`, then the keys of the `clouds.yaml`
//! entry `--os-cloud` names (`clouds_yaml`), last, as the openstack CLI reads them: its
//! flags and `OS_*` variables override the file.

use std::fmt;
use std::time::Duration;

/// What kind of value an option takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One value. Giving the flag twice is refused (clap says so, exit 4); a flag still
    /// overrides the variables.
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

/// What an option is when nobody gives it: a value the resolver uses as it is, shown by
/// `--help` and checked against the docs in the same form (`30m`, `10`, `ecs`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DefaultValue {
    /// A duration, shown as humantime writes it (`30m`, `1s`).
    Duration(Duration),
    /// A number (`10`).
    Number(f64),
    /// A whole number (`1`).
    Count(u32),
    /// One of the words the option takes (`ecs`, `text`, `auto`).
    Word(&'static str),
    /// Not one value but a rule the resolver applies, said in words (`the service's`).
    Rule(&'static str),
}

impl fmt::Display for DefaultValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DefaultValue::Duration(d) => write!(f, "{}", humantime::format_duration(*d)),
            DefaultValue::Number(n) => write!(f, "{n}"),
            DefaultValue::Count(n) => write!(f, "{n}"),
            DefaultValue::Word(w) | DefaultValue::Rule(w) => f.write_str(w),
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
    /// What applies when the option is not given, if anything does.
    pub default: Option<DefaultValue>,
    /// Variables the clouds' tools already use, read after `INPUT_*` and `JOBWAIT_*`, in
    /// this order.
    pub env: &'static [&'static str],
    /// Keys of the chosen `clouds.yaml` entry that may carry it (`auth.username`), read
    /// after every variable, in this order.
    pub clouds_yaml: &'static [&'static str],
    /// Whether a value is a credential: never shown, and masked wherever it appears.
    pub secret: bool,
    /// Whether the GitHub Action has it as an input (not for what only makes sense at a
    /// terminal, such as listing the services).
    pub input: bool,
    /// The words it takes, when they are few and fixed: shell completions offer them.
    pub values: &'static [&'static str],
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

    /// The default of a duration option (every `DURATION` option has one: the table's
    /// tests say so).
    pub fn default_duration(&self) -> Duration {
        match self.default {
            Some(DefaultValue::Duration(d)) => d,
            _ => Duration::ZERO,
        }
    }

    /// The default of an option that takes a number.
    pub fn default_number(&self) -> f64 {
        match self.default {
            Some(DefaultValue::Number(n)) => n,
            _ => 0.0,
        }
    }

    /// The default of an option that takes a whole number.
    pub fn default_count(&self) -> u32 {
        match self.default {
            Some(DefaultValue::Count(n)) => n,
            _ => 0,
        }
    }

    /// The default word of an option that takes one of a few words.
    pub fn default_word(&self) -> Option<&'static str> {
        match self.default {
            Some(DefaultValue::Word(w)) => Some(w),
            _ => None,
        }
    }

    /// How a person can give it, for "missing …" messages:
    /// `--project-id (or JOBWAIT_PROJECT_ID, HW_PROJECT_ID, …)`.
    pub fn ways(&self) -> String {
        let mut vars = vec![self.jobwait_variable()];
        vars.extend(self.env.iter().map(|v| v.to_string()));
        format!("{} (or {})", self.flag(), vars.join(", "))
    }
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
        clouds_yaml: &[],
        secret: false,
        input: true,
        values: &[],
    }
}

impl Opt {
    const fn default(mut self, default: DefaultValue) -> Opt {
        self.default = Some(default);
        self
    }
    const fn env(mut self, env: &'static [&'static str]) -> Opt {
        self.env = env;
        self
    }
    const fn clouds_yaml(mut self, keys: &'static [&'static str]) -> Opt {
        self.clouds_yaml = keys;
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
    const fn values(mut self, values: &'static [&'static str]) -> Opt {
        self.values = values;
        self
    }
}

use Heading::*;

/// Each option as a static item, and [`OPTIONS`], every one of them in the order of
/// `--help`: written once, so no option can be left out of the list.
macro_rules! options {
    ($($item:ident = $definition:expr;)*) => {
        $(pub static $item: Opt = $definition;)*

        /// Every option, in the order `--help` shows them.
        pub static OPTIONS: &[&Opt] = &[$(&$item),*];
    };
}

const fn secs(n: u64) -> DefaultValue {
    DefaultValue::Duration(Duration::from_secs(n))
}

const fn minutes(n: u64) -> DefaultValue {
    secs(n * 60)
}

use DefaultValue::{Count, Number, Rule, Word};

options! {
    JOB_ID = opt("job_id", Job, "ID", "Job to wait for; repeat it, or separate ids with commas or spaces; - reads ids (or the JSON a create call returned) from stdin").list();
    RESOURCE = opt("resource", Job, "NAME", "Wait for a resource instead of a job: ecs-server, evs-volume, rds-instance, cce-cluster, ... (see --list-services); picks its API and host, and takes its ids from --id");
    ID = opt("id", Job, "ID", "Resource to wait for (with --resource); repeat it, or separate ids with commas or spaces; - reads ids (or the JSON a create call returned) from stdin").list();
    FOR = opt("for", Job, "STATE", "What a resource is waited for: ready, deleted (gone; already gone at the first answer is exit 0 with a notice), or one of its status words (e.g. SHUTOFF)").default(Word("ready")).values(&["ready", "deleted"]);
    PROJECT_ID = opt("project_id", Job, "ID", "Project the job or resource belongs to")
        .env(&["HW_PROJECT_ID", "OS_PROJECT_ID", "OS_TENANT_ID", "HUAWEICLOUD_SDK_PROJECT_ID", "HUAWEI_CLOUD_PROJECT_ID"])
        .clouds_yaml(&["auth.project_id", "auth.tenant_id"]);
    TIMEOUT = opt("timeout", Job, "DURATION", "Give up after this long (exit 2): 90s, 15m, 1h 30m or bare seconds").default(minutes(30));
    ENDPOINT = opt("endpoint", Endpoint, "URL", "Base URL of the job API, e.g. https://ecs.eu-de.otc.t-systems.com (overrides --service, --region and --cloud)");
    SERVICE = opt("service", Endpoint, "NAME", "Service that created the job, which picks its job API and host: ecs, evs, rds, cce, kafka, ... (see --list-services)").default(Word("ecs"));
    REGION = opt("region", Endpoint, "REGION", "Region, e.g. eu-de, cn-north-4")
        .env(&["HW_REGION_NAME", "OS_REGION_NAME", "HUAWEICLOUD_SDK_REGION", "HUAWEI_CLOUD_REGION"])
        .clouds_yaml(&["region_name"]);
    CLOUD = opt("cloud", Endpoint, "CLOUD", "huaweicloud, otc, or the domain suffix of another Huawei-based cloud")
        .default(Rule("otc for eu-de/eu-nl/eu-ch2, else huaweicloud"));
    PATH = opt("path", Api, "TEMPLATE", "Path (and query) of the job API, with {project_id}, {job_id} and any {name} given by --param")
        .default(Rule("the service's"));
    PARAM = opt("param", Api, "NAME=VALUE", "Another value the path needs, e.g. instance_id=... for kafka (repeatable)").list();
    STATUS_FIELD = opt("status_field", Api, "POINTER", "Where the answer keeps the status (JSON Pointer, e.g. /export/state)")
        .default(Rule("the service's"));
    REASON_FIELD = opt("reason_field", Api, "POINTER", "Where the answer keeps the failure text (JSON Pointer; repeatable)").list();
    PROGRESS_FIELD = opt("progress_field", Api, "POINTER", "Where the answer keeps a percentage done (JSON Pointer)");
    PENDING_STATUS = opt("pending_status", Api, "LIST", "More statuses that mean still working (comma list), besides the service's").list();
    SUCCESS_STATUS = opt("success_status", Api, "LIST", "More statuses that mean done (comma list), besides the service's").list();
    FAILURE_STATUS = opt("failure_status", Api, "LIST", "More statuses that mean failed (comma list), besides the service's").list();
    PROFILES = opt("profiles", Api, "FILE", "Profile file (TOML) that adds job APIs or overrides built-in ones; repeatable (see the README, Profiles)").list();
    OS_CLOUD = opt("os_cloud", Credentials, "NAME", "Entry of clouds.yaml (and secure.yaml) to read credentials, project and region from, after flags and variables, as the openstack CLI does")
        .env(&["OS_CLOUD"]);
    TOKEN = opt("token", Credentials, "TOKEN", "IAM token, sent as X-Auth-Token")
        .env(&["HW_AUTH_TOKEN", "OS_AUTH_TOKEN", "OS_TOKEN"]).clouds_yaml(&["auth.token"]).secret();
    ACCESS_KEY = opt("access_key", Credentials, "AK", "Access key id (AK); requests are signed (SDK-HMAC-SHA256)")
        .env(&["HW_ACCESS_KEY", "OS_ACCESS_KEY", "HUAWEICLOUD_SDK_AK", "HUAWEI_CLOUD_ACCESS_KEY_ID"])
        .clouds_yaml(&["auth.ak", "access_key", "ak"]);
    SECRET_KEY = opt("secret_key", Credentials, "SK", "Secret access key (SK)")
        .env(&["HW_SECRET_KEY", "OS_SECRET_KEY", "HUAWEICLOUD_SDK_SK", "HUAWEI_CLOUD_SECRET_ACCESS_KEY"])
        .clouds_yaml(&["auth.sk", "secret_key", "sk"]).secret();
    SECURITY_TOKEN = opt("security_token", Credentials, "TOKEN", "Security token of temporary AK/SK credentials")
        .env(&["HW_SECURITY_TOKEN", "OS_SECURITY_TOKEN", "HUAWEICLOUD_SDK_SECURITY_TOKEN", "HUAWEI_CLOUD_SECURITY_TOKEN"])
        .clouds_yaml(&["auth.security_token", "security_token"]).secret();
    USERNAME = opt("username", Credentials, "USER", "IAM user name for a password login")
        .env(&["HW_USER_NAME", "OS_USERNAME"]).clouds_yaml(&["auth.username"]);
    PASSWORD = opt("password", Credentials, "PASSWORD", "IAM user password")
        .env(&["HW_USER_PASSWORD", "OS_PASSWORD"]).clouds_yaml(&["auth.password"]).secret();
    DOMAIN_NAME = opt("domain_name", Credentials, "NAME", "Account (domain) name of the IAM user")
        .env(&["HW_DOMAIN_NAME", "OS_USER_DOMAIN_NAME", "OS_DOMAIN_NAME"])
        .clouds_yaml(&["auth.user_domain_name", "auth.domain_name"]);
    AUTH_URL = opt("auth_url", Credentials, "URL", "IAM endpoint for a password login, e.g. https://iam.eu-de.otc.t-systems.com/v3")
        .default(Rule("the region's IAM")).env(&["HW_AUTH_URL", "OS_AUTH_URL"]).clouds_yaml(&["auth.auth_url"]);
    PROJECT_NAME = opt("project_name", Credentials, "NAME", "Project name to scope a password login to, instead of --project-id")
        .env(&["HW_PROJECT_NAME", "OS_PROJECT_NAME"])
        .clouds_yaml(&["auth.project_name", "auth.tenant_name"]);
    POLL_INTERVAL = opt("poll_interval", Waiting, "DURATION", "First wait between polls; it grows x1.5 up to --max-interval").default(secs(1));
    MAX_INTERVAL = opt("max_interval", Waiting, "DURATION", "Longest wait between polls").default(secs(10));
    NOT_FOUND_GRACE = opt("not_found_grace", Waiting, "DURATION", "How long a job may answer 404 (a fresh job not yet visible) before it counts as not found").default(secs(30));
    REQUEST_TIMEOUT = opt("request_timeout", Waiting, "DURATION", "Longest time one request may take").default(secs(15));
    MAX_RPS = opt("max_rps", Waiting, "N", "Most requests per second, over all jobs").default(Number(10.0));
    SUCCESS_CONFIRMATIONS = opt("success_confirmations", Waiting, "N", "Consecutive success answers required before a job counts as done").default(Count(1));
    FAIL_FAST = opt("fail_fast", Waiting, "", "With several jobs, stop waiting for all as soon as one fails or has no verdict").switch(None);
    OUTPUT = opt("output", Output, "FORMAT", "text (progress and verdicts on stderr) or json (the result on stdout)").default(Word("text"))
        .values(&["text", "json"]);
    COLOR = opt("color", Output, "WHEN", "auto (on a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always (also in GitHub's log, which shows colour) or never").default(Word("auto"))
        .values(&["auto", "always", "never"]);
    QUIET = opt("quiet", Output, "", "Only failures and problems on stderr").switch(Some('q'));
    VERBOSE = opt("verbose", Output, "", "Every answer and retry decision on stderr (never a credential)").switch(Some('v'));
    CHECK = opt("check", Output, "", "Check the configuration: resolve everything, ask once about each job, say what answered, and exit (0 when every job answered)").switch(None);
    LIST_SERVICES = opt("list_services", Output, "", "List the job APIs jobwait knows and where each came from (-v: hosts and words; --output json: as JSON) and exit").switch(None).no_input();
    GENERATE = opt("generate", Output, "KIND", "Print shell completions or the man page and exit: complete-bash, complete-zsh, complete-fish, complete-powershell, man").no_input()
        .values(&["complete-bash", "complete-zsh", "complete-fish", "complete-powershell", "man"]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_snake_case() {
        for (i, o) in OPTIONS.iter().enumerate() {
            assert!(
                o.name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{}",
                o.name
            );
            assert!(OPTIONS[..i].iter().all(|p| p.name != o.name), "{}", o.name);
        }
    }

    #[test]
    fn variables_come_in_precedence_order() {
        assert_eq!(PROJECT_ID.flag(), "--project-id");
        assert_eq!(
            PROJECT_ID.variables(),
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
        assert_eq!(TIMEOUT.ways(), "--timeout (or JOBWAIT_TIMEOUT)");
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

    /// The resolver reads each default as its type; an option whose default had another
    /// type would silently fall back to zero.
    #[test]
    fn every_default_has_the_type_of_its_value() {
        for o in OPTIONS {
            let fits = match (o.value_name, o.default) {
                ("DURATION", d) => matches!(d, Some(DefaultValue::Duration(_))),
                ("N", d) => matches!(d, Some(DefaultValue::Number(_) | DefaultValue::Count(_))),
                (_, d) => !matches!(
                    d,
                    Some(
                        DefaultValue::Duration(_)
                            | DefaultValue::Number(_)
                            | DefaultValue::Count(_)
                    )
                ),
            };
            assert!(fits, "{}: default {:?}", o.name, o.default);
        }
    }

    #[test]
    fn defaults_are_shown_as_people_write_them() {
        let shown: Vec<(&str, String)> = OPTIONS
            .iter()
            .filter_map(|o| Some((o.name, o.default?.to_string())))
            .filter(|(_, d)| !d.contains(' '))
            .collect();
        let want = [
            ("for", "ready"),
            ("timeout", "30m"),
            ("service", "ecs"),
            ("poll_interval", "1s"),
            ("max_interval", "10s"),
            ("not_found_grace", "30s"),
            ("request_timeout", "15s"),
            ("max_rps", "10"),
            ("success_confirmations", "1"),
            ("output", "text"),
            ("color", "auto"),
        ];
        assert_eq!(shown, want.map(|(n, d)| (n, d.to_string())));
    }
}
