//! The command line as clap sees it, built from the option table ([`crate::options`]).
//!
//! Values stay strings here; [`crate::config`] parses them, so a bad `--timeout` and a bad
//! `JOBWAIT_TIMEOUT` get the same clear message and the same exit code (4).

use std::ffi::OsString;

use clap::{Arg, ArgAction, ArgMatches, Command};

use crate::options::{self, Kind, OPTIONS, Opt};

/// What to print instead of waiting: shell completions or the man page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Generate {
    Bash,
    Zsh,
    Fish,
    PowerShell,
    Man,
}

/// Below `-h`: where to find the rest.
const AFTER_SHORT_HELP: &str = "\
Exit codes: 0 success, 1 a job failed, 2 timeout (job seen pending), 3 no verdict, 4 usage,
130/143 cancelled. See --help for examples, defaults, variables and the exit codes in full.";

/// Below `--help`: examples, variables, exit codes.
const AFTER_HELP: &str = "\
Examples:
  # One job; the endpoint from region and service, the token from OS_AUTH_TOKEN
  jobwait --job-id 2c9eb2c5544cbf6101544f0602af2b4f --region eu-de

  # Straight from the create call: the JSON it answered goes to stdin
  curl -sf -X POST \"$ECS/v1/$PROJECT/cloudservers\" -H \"X-Auth-Token: $TOKEN\" -d @server.json \\
    | jobwait --job-id - --region eu-de

  # Several jobs, the result as JSON for jq, stopping at the first failure
  jobwait --job-id \"$JOB_A,$JOB_B\" --region cn-north-4 --output json --fail-fast \\
    | jq -r '.jobs[] | .job_id + \" \" + .verdict'

  # An RDS job, and a Kafka task under its instance
  jobwait --service rds --region eu-de --job-id \"$JOB_ID\"
  jobwait --service kafka --region eu-de --param instance_id=\"$INSTANCE\" --job-id \"$TASK\"

  # A resource itself: a server until it is ACTIVE, an RDS instance until it is gone
  jobwait --resource ecs-server --id \"$SERVER_ID\" --region eu-de
  jobwait --resource rds-instance --id \"$INSTANCE_ID\" --for deleted --region eu-de

  # A job API nobody built in, described by flags
  jobwait --endpoint https://api.example.com --job-id \"$ID\" \\
    --path '/v9/{project_id}/exports/{job_id}?verbose=1' --status-field /export/state \\
    --pending-status QUEUED,WORKING --success-status DONE --failure-status BROKEN

Every option can also be given as an environment variable JOBWAIT_<NAME> (JOBWAIT_JOB_ID,
JOBWAIT_TIMEOUT, ...) or as a GitHub Action input INPUT_<NAME>. Precedence: flag > INPUT_*
> JOBWAIT_* > the variables Huawei Cloud / OpenStack tools already use (shown as [env: ...])
> the clouds.yaml entry --os-cloud names (its keys shown as [clouds.yaml: ...]; found as the
openstack CLI finds it: OS_CLIENT_CONFIG_FILE, ./clouds.yaml, ~/.config/openstack/,
/etc/openstack/; secure.yaml merged over it). Empty variables count as unset.
Proxies: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY.

Exit codes:
  0    every job succeeded
  1    a job failed (its failure text is printed)
  2    the timeout passed while a job was seen still pending
  3    no verdict: credentials refused, job not found, unknown status, job never seen
  4    usage or configuration error
  130  cancelled by SIGINT, 143 cancelled by SIGTERM, SIGHUP or SIGQUIT
With several jobs the most serious wins: 1 > 130/143 > 3 > 2 > 0.";

/// The command line, parsed: values as given, not yet checked.
#[derive(Debug, Default)]
pub struct Args {
    matches: Option<ArgMatches>,
}

impl Args {
    /// The value of a single-value option, if given.
    pub fn value(&self, opt: &Opt) -> Option<String> {
        self.matches.as_ref()?.get_one::<String>(opt.name).cloned()
    }

    /// Every value of a list option, in order.
    pub fn values(&self, opt: &Opt) -> Vec<String> {
        self.matches
            .as_ref()
            .and_then(|m| m.get_many::<String>(opt.name))
            .map(|v| v.cloned().collect())
            .unwrap_or_default()
    }

    /// Whether a switch was given.
    pub fn switch(&self, opt: &Opt) -> bool {
        self.matches.as_ref().is_some_and(|m| m.get_flag(opt.name))
    }
}

/// Parse the command line (the first item is the program name).
pub fn parse(
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
) -> Result<Args, clap::Error> {
    let matches = command().try_get_matches_from(args)?;
    Ok(Args {
        matches: Some(matches),
    })
}

pub fn command() -> Command {
    let mut cmd = Command::new("jobwait")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Wait for Huawei Cloud / Open Telekom Cloud jobs to finish; answer by exit code.")
        .override_usage(
            "jobwait --job-id <ID>... [OPTIONS]\n       jobwait --resource <NAME> --id <ID>... [OPTIONS]",
        )
        .after_help(AFTER_SHORT_HELP)
        .after_long_help(AFTER_HELP)
        .max_term_width(100)
        .allow_negative_numbers(true);
    for opt in OPTIONS {
        cmd = cmd.arg(arg(opt));
    }
    cmd.mut_arg(options::VERBOSE.name, |a| {
        a.conflicts_with(options::QUIET.name)
    })
}

/// Shell completions or the man page, made from the same command `--help` describes.
/// Completions offer the words an option takes, `services` for `--service` and
/// `resources` for `--resource`.
pub fn generate(kind: Generate, services: &[String], resources: &[String]) -> Vec<u8> {
    use clap_complete::Shell;
    let mut out = Vec::new();
    let mut cmd = command();
    for opt in OPTIONS {
        let words: Vec<String> = if opt.name == options::SERVICE.name {
            services.to_vec()
        } else if opt.name == options::RESOURCE.name {
            resources.to_vec()
        } else {
            opt.values.iter().map(|v| v.to_string()).collect()
        };
        if !words.is_empty() {
            cmd = cmd.mut_arg(opt.name, |a| {
                a.value_parser(Offered(words)).hide_possible_values(true)
            });
        }
    }
    let shell = match kind {
        Generate::Bash => Shell::Bash,
        Generate::Zsh => Shell::Zsh,
        Generate::Fish => Shell::Fish,
        Generate::PowerShell => Shell::PowerShell,
        Generate::Man => {
            // Writing into a Vec cannot fail.
            let _ = clap_mangen::Man::new(cmd).render(&mut out);
            return out;
        }
    };
    clap_complete::generate(shell, &mut cmd, "jobwait", &mut out);
    out
}

/// Any value, with some offered to shell completion: the resolver, not clap, checks
/// values, so that a flag and a variable get the same message (and `--service` names
/// from a profile file are taken too).
#[derive(Clone)]
struct Offered(Vec<String>);

impl clap::builder::TypedValueParser for Offered {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &Command,
        arg: Option<&Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        let values = self.0.iter().map(clap::builder::PossibleValue::new);
        Some(Box::new(values))
    }
}

/// `-h` shows each option's help line; `--help` adds its default and variables.
fn arg(opt: &'static Opt) -> Arg {
    let mut long = opt.help.to_string();
    if let Some(default) = opt.default {
        long.push_str(&format!(" [default: {default}]"));
    }
    if !opt.env.is_empty() {
        long.push_str(&format!(" [env: {}]", opt.env.join(", ")));
    }
    if !opt.clouds_yaml.is_empty() {
        long.push_str(&format!(" [clouds.yaml: {}]", opt.clouds_yaml.join(", ")));
    }
    let mut arg = Arg::new(opt.name)
        .long(opt.name.replace('_', "-"))
        .help(opt.help)
        .long_help(long)
        .help_heading(opt.heading.title());
    if let Some(short) = opt.short {
        arg = arg.short(short);
    }
    match opt.kind {
        Kind::Value => arg.value_name(opt.value_name).action(ArgAction::Set),
        Kind::List => arg.value_name(opt.value_name).action(ArgAction::Append),
        Kind::Switch => arg.action(ArgAction::SetTrue),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_definition_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn every_long_option_is_kebab_case() {
        for arg in command().get_arguments() {
            if let Some(long) = arg.get_long() {
                assert!(
                    long.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                    "--{long}"
                );
            }
        }
    }

    #[test]
    fn help_names_every_option_its_variables_and_its_default() {
        let help = command().render_long_help().to_string();
        for opt in OPTIONS {
            assert!(help.contains(&opt.flag()), "{}", opt.flag());
            for var in opt.env {
                assert!(help.contains(var), "{var} missing from --help");
            }
            for key in opt.clouds_yaml {
                assert!(help.contains(key), "{key} missing from --help");
            }
            if let Some(default) = opt.default {
                assert!(
                    help.contains(&format!("[default: {default}]")),
                    "default of {} missing from --help",
                    opt.name
                );
            }
        }
    }

    #[test]
    fn short_help_is_a_summary_and_long_help_has_examples() {
        let short = command().render_help().to_string();
        let long = command().render_long_help().to_string();
        assert!(
            short.contains("Usage: jobwait --job-id <ID>... [OPTIONS]"),
            "{short}"
        );
        assert!(
            !short.contains("Examples:") && !short.contains("[env:"),
            "{short}"
        );
        assert!(short.contains("See --help for examples"));
        assert!(short.lines().count() < long.lines().count() / 2);
        for example in [
            "--job-id -",
            "--output json",
            "--service rds",
            "--status-field",
        ] {
            assert!(long.contains(example), "{example}");
        }
        assert!(long.contains("Usage: jobwait --job-id <ID>... [OPTIONS]"));
    }

    #[test]
    fn completions_and_the_man_page_name_every_option() {
        for kind in [
            Generate::Bash,
            Generate::Zsh,
            Generate::Fish,
            Generate::PowerShell,
        ] {
            let services = ["rds".into(), "taurusdb".into()];
            let resources = ["ecs-server".into(), "cce-nodepool".into()];
            let text = String::from_utf8(generate(kind, &services, &resources)).unwrap();
            assert!(
                text.contains("job-id") && text.contains("list-services"),
                "{kind:?}"
            );
            if kind != Generate::PowerShell {
                for offered in [
                    "taurusdb",
                    "json",
                    "never",
                    "complete-zsh",
                    "cce-nodepool",
                    "deleted",
                ] {
                    assert!(text.contains(offered), "{kind:?}: {offered}");
                }
            }
        }
        let man = String::from_utf8(generate(Generate::Man, &[], &[])).unwrap();
        assert!(
            man.starts_with(".ie") || man.contains(".TH jobwait"),
            "{}",
            &man[..200]
        );
        assert!(man.contains("fail\\-fast") || man.contains("fail-fast"));
    }

    #[test]
    fn values_switches_and_lists_parse() {
        let args = parse([
            "jobwait",
            "--job-id",
            "a",
            "--job-id",
            "b,c",
            "-q",
            "--timeout",
            "5m",
        ])
        .unwrap();
        assert_eq!(args.values(&options::JOB_ID), ["a", "b,c"]);
        assert!(args.switch(&options::QUIET));
        assert!(!args.switch(&options::VERBOSE));
        assert_eq!(args.value(&options::TIMEOUT).as_deref(), Some("5m"));
        assert_eq!(args.value(&options::REGION), None);
        assert!(parse(["jobwait", "-q", "-v"]).is_err());
        // A single-value flag given twice is refused, as `Kind::Value` says.
        assert!(parse(["jobwait", "--timeout", "1m", "--timeout", "2m"]).is_err());
    }
}
