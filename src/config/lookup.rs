//! Looking an option up: its flag, then each variable in precedence order.

use std::time::Duration;

use super::{Env, UsageError};
use crate::cli::Args;
use crate::jobids;
use crate::options::{self, Kind};
use crate::time::parse_duration;

/// A value and where it came from, for messages: `--timeout`, `JOBWAIT_TIMEOUT`,
/// `HW_REGION_NAME`.
#[derive(Clone, Debug)]
pub struct Sourced {
    pub value: String,
    pub source: String,
}

impl Sourced {
    /// "`{source}` must be `{expected}`, not '…'" for this value.
    pub fn invalid(&self, expected: &'static str) -> UsageError {
        UsageError::Invalid {
            from: self.source.clone(),
            expected,
            value: shown(&self.value),
        }
    }
}

/// A value a person typed, safe to show in a message.
pub fn shown(value: &str) -> String {
    crate::sanitize::clean(&crate::sanitize::shorten(value, 80))
}

pub struct Lookup<'a> {
    args: &'a Args,
    env: &'a Env,
}

impl<'a> Lookup<'a> {
    pub fn new(args: &'a Args, env: &'a Env) -> Lookup<'a> {
        Lookup { args, env }
    }

    /// A variable, trimmed; empty counts as unset.
    pub fn env(&self, name: &str) -> Option<Sourced> {
        let value = self.env.get(name)?.trim();
        (!value.is_empty()).then(|| Sourced {
            value: value.to_string(),
            source: name.to_string(),
        })
    }

    /// A single-value option: the flag, else the first variable that is set.
    pub fn get(&self, name: &str) -> Option<Sourced> {
        let opt = options::get(name);
        debug_assert_eq!(opt.kind, Kind::Value, "{name}");
        if let Some(v) = self.args.value(name) {
            let v = v.trim();
            if !v.is_empty() {
                return Some(Sourced {
                    value: v.to_string(),
                    source: opt.flag(),
                });
            }
        }
        self.variable(name)
    }

    fn variable(&self, name: &str) -> Option<Sourced> {
        options::get(name)
            .variables()
            .iter()
            .find_map(|v| self.env(v))
    }

    /// A list option: every flag's items, else the first variable's; items are separated
    /// by commas, spaces or lines. Also says where they came from.
    pub fn list(&self, name: &str) -> (Vec<String>, String) {
        let opt = options::get(name);
        debug_assert_eq!(opt.kind, Kind::List, "{name}");
        let flags = jobids::split_args(&self.args.values(name));
        if !flags.is_empty() {
            return (flags, opt.flag());
        }
        match self.variable(name) {
            Some(s) => (jobids::split_args(&[s.value]), s.source),
            None => (Vec::new(), opt.flag()),
        }
    }

    /// A switch: the flag, else a variable holding true or false.
    pub fn switch(&self, name: &str) -> Result<bool, UsageError> {
        if self.args.switch(name) {
            return Ok(true);
        }
        match self.variable(name) {
            None => Ok(false),
            Some(s) => match s.value.to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" | "on" => Ok(true),
                "0" | "false" | "no" | "off" => Ok(false),
                _ => Err(s.invalid("true or false")),
            },
        }
    }

    /// A duration option, or `default` when not given.
    pub fn duration(&self, name: &str, default: Duration) -> Result<Duration, UsageError> {
        match self.get(name) {
            None => Ok(default),
            Some(s) => parse_duration(&s.value).map_err(|error| UsageError::Duration {
                from: s.source,
                error,
            }),
        }
    }
}
