//! The command line as clap sees it: names, help, and nothing else.
//!
//! Values stay strings here; [`crate::config`] parses them, so a bad `--timeout` and a bad
//! `JOBWAIT_TIMEOUT` get the same clear message and the same exit code (4).

use clap::Parser;

const AFTER_HELP: &str = "\
Every option can also be given as an environment variable JOBWAIT_<NAME> (JOBWAIT_JOB_ID,
JOBWAIT_TIMEOUT, ...) or as a GitHub Action input INPUT_<NAME>. Precedence: flag > INPUT_*
> JOBWAIT_* > the variables Huawei Cloud / OpenStack tools already use (HW_*, OS_*,
HUAWEICLOUD_SDK_*, HUAWEI_CLOUD_*). Empty variables count as unset.

Exit codes:
  0    every job succeeded
  1    a job failed (its fail_reason is printed)
  2    the timeout passed before a job ended
  3    no verdict: credentials refused, job not found, unknown status
  4    usage or configuration error
  130  cancelled by SIGINT, 143 cancelled by SIGTERM
With several jobs the most serious wins: 1 > 3 > 2 > 0.";

#[derive(Parser, Debug, Default)]
#[command(
    name = "jobwait",
    version,
    about = "Wait for Huawei Cloud / Open Telekom Cloud jobs to finish; answer by exit code.",
    after_help = AFTER_HELP,
    max_term_width = 100,
    allow_negative_numbers = true
)]
pub struct Cli {
    /// Job to wait for; repeat it, or separate ids with commas or spaces. `-` reads ids
    /// (or the JSON a create call returned) from stdin.
    #[arg(long, value_name = "ID", help_heading = "Job")]
    pub job_id: Vec<String>,
    /// Project id [env: HW_PROJECT_ID, OS_PROJECT_ID, OS_TENANT_ID, HUAWEICLOUD_SDK_PROJECT_ID]
    #[arg(long, value_name = "ID", help_heading = "Job")]
    pub project_id: Option<String>,
    /// Give up after this long: 90s, 15m, 1h 30m or bare seconds [default: 30m]
    #[arg(long, value_name = "DURATION", help_heading = "Job")]
    pub timeout: Option<String>,

    /// Base URL of the job API, e.g. https://ecs.eu-de.otc.t-systems.com (overrides
    /// --service/--region/--cloud)
    #[arg(long, value_name = "URL", help_heading = "Endpoint")]
    pub endpoint: Option<String>,
    /// Service that created the job: ecs, evs, sdrs, ims, bms, ... [default: ecs]
    #[arg(long, value_name = "NAME", help_heading = "Endpoint")]
    pub service: Option<String>,
    /// Region, e.g. eu-de, cn-north-4 [env: HW_REGION_NAME, OS_REGION_NAME, HUAWEICLOUD_SDK_REGION]
    #[arg(long, value_name = "REGION", help_heading = "Endpoint")]
    pub region: Option<String>,
    /// huaweicloud, otc, or the domain suffix of another Huawei-based cloud [default:
    /// otc for eu-de/eu-nl/eu-ch2, else huaweicloud]
    #[arg(long, value_name = "CLOUD", help_heading = "Endpoint")]
    pub cloud: Option<String>,
    /// Job path template [default: /v1/{project_id}/jobs/{job_id}]
    #[arg(long, value_name = "TEMPLATE", help_heading = "Endpoint")]
    pub path: Option<String>,

    /// Token, sent as X-Auth-Token [env: HW_AUTH_TOKEN, OS_AUTH_TOKEN, OS_TOKEN]
    #[arg(long, value_name = "TOKEN", help_heading = "Credentials")]
    pub token: Option<String>,
    /// Access key id (AK) [env: HW_ACCESS_KEY, OS_ACCESS_KEY, HUAWEICLOUD_SDK_AK]
    #[arg(long, value_name = "AK", help_heading = "Credentials")]
    pub access_key: Option<String>,
    /// Secret access key (SK) [env: HW_SECRET_KEY, OS_SECRET_KEY, HUAWEICLOUD_SDK_SK]
    #[arg(long, value_name = "SK", help_heading = "Credentials")]
    pub secret_key: Option<String>,
    /// Security token of temporary credentials [env: HW_SECURITY_TOKEN, OS_SECURITY_TOKEN]
    #[arg(long, value_name = "TOKEN", help_heading = "Credentials")]
    pub security_token: Option<String>,
    /// IAM user name for a password login [env: HW_USER_NAME, OS_USERNAME]
    #[arg(long, value_name = "USER", help_heading = "Credentials")]
    pub username: Option<String>,
    /// IAM user password [env: HW_USER_PASSWORD, OS_PASSWORD]
    #[arg(long, value_name = "PASSWORD", help_heading = "Credentials")]
    pub password: Option<String>,
    /// Account (domain) name of the IAM user [env: HW_DOMAIN_NAME, OS_USER_DOMAIN_NAME, OS_DOMAIN_NAME]
    #[arg(long, value_name = "NAME", help_heading = "Credentials")]
    pub domain_name: Option<String>,
    /// IAM endpoint, e.g. https://iam.eu-de.otc.t-systems.com/v3 [env: HW_AUTH_URL, OS_AUTH_URL]
    #[arg(long, value_name = "URL", help_heading = "Credentials")]
    pub auth_url: Option<String>,
    /// Project name to scope a password login to, instead of --project-id [env: HW_PROJECT_NAME, OS_PROJECT_NAME]
    #[arg(long, value_name = "NAME", help_heading = "Credentials")]
    pub project_name: Option<String>,

    /// First wait between polls; it grows ×1.5 up to --max-interval [default: 1s]
    #[arg(long, value_name = "DURATION", help_heading = "Waiting")]
    pub poll_interval: Option<String>,
    /// Longest wait between polls [default: 10s]
    #[arg(long, value_name = "DURATION", help_heading = "Waiting")]
    pub max_interval: Option<String>,
    /// How long a job may answer 404 before it counts as not found [default: 30s]
    #[arg(long, value_name = "DURATION", help_heading = "Waiting")]
    pub not_found_grace: Option<String>,
    /// Longest time one request may take [default: 15s]
    #[arg(long, value_name = "DURATION", help_heading = "Waiting")]
    pub request_timeout: Option<String>,
    /// Most requests per second, over all jobs [default: 10]
    #[arg(long, value_name = "N", help_heading = "Waiting")]
    pub max_rps: Option<String>,
    /// Extra statuses that mean "still working" (comma list)
    #[arg(long, value_name = "LIST", help_heading = "Waiting")]
    pub pending_status: Option<String>,
    /// Extra statuses that mean "done" (comma list)
    #[arg(long, value_name = "LIST", help_heading = "Waiting")]
    pub success_status: Option<String>,
    /// Extra statuses that mean "failed" (comma list)
    #[arg(long, value_name = "LIST", help_heading = "Waiting")]
    pub failure_status: Option<String>,
    /// Consecutive SUCCESS answers required [default: 1]
    #[arg(long, value_name = "N", help_heading = "Waiting")]
    pub success_confirmations: Option<String>,

    /// text (progress and verdicts on stderr) or json (the result on stdout) [default: text]
    #[arg(long, value_name = "FORMAT", help_heading = "Output")]
    pub output: Option<String>,
    /// Only failures and problems on stderr
    #[arg(short, long, help_heading = "Output")]
    pub quiet: bool,
    /// Every answer and retry decision on stderr (never a credential)
    #[arg(short, long, help_heading = "Output", conflicts_with = "quiet")]
    pub verbose: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_long_option_is_kebab_case() {
        for arg in Cli::command().get_arguments() {
            if let Some(long) = arg.get_long() {
                assert!(
                    long.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                    "--{long}"
                );
            }
        }
    }
}
