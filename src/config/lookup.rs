//! Looking an option up: its flag, then each variable in precedence order, then the
//! `clouds.yaml` entry `--os-cloud` names.

use std::time::Duration;

use super::clouds::CloudEntry;
use super::{Env, UsageError};
use crate::cli::Args;
use crate::jobids;
use crate::options::{Kind, Opt};
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

/// A value parsed, and where it came from: `None` when it is the option's default.
#[derive(Clone, Debug)]
pub struct Parsed<T> {
    pub value: T,
    pub opt: &'static Opt,
    pub source: Option<String>,
}

impl<T> Parsed<T> {
    /// What to name in a message about it: where it came from, else the flag that would
    /// change it.
    pub fn named(&self) -> String {
        self.source.clone().unwrap_or_else(|| self.opt.flag())
    }
}

/// A value a person typed, safe to show in a message.
pub fn shown(value: &str) -> String {
    crate::sanitize::clean(&crate::sanitize::shorten(value, 80))
}

pub struct Lookup<'a> {
    args: &'a Args,
    env: &'a Env,
    cloud: Option<&'a CloudEntry>,
}

impl<'a> Lookup<'a> {
    pub fn new(args: &'a Args, env: &'a Env) -> Lookup<'a> {
        Lookup {
            args,
            env,
            cloud: None,
        }
    }

    /// The same lookup, with the chosen `clouds.yaml` entry after every variable.
    pub fn with_cloud(self, cloud: Option<&'a CloudEntry>) -> Lookup<'a> {
        Lookup { cloud, ..self }
    }

    /// A variable, trimmed; empty counts as unset.
    pub fn env(&self, name: &str) -> Option<Sourced> {
        let value = self.env.get(name)?.trim();
        (!value.is_empty()).then(|| Sourced {
            value: value.to_string(),
            source: name.to_string(),
        })
    }

    /// A single-value option: the flag, else the first variable that is set, else the
    /// `clouds.yaml` entry's key.
    pub fn get(&self, opt: &Opt) -> Option<Sourced> {
        debug_assert_eq!(opt.kind, Kind::Value, "{}", opt.name);
        if let Some(v) = self.args.value(opt) {
            let v = v.trim();
            if !v.is_empty() {
                return Some(Sourced {
                    value: v.to_string(),
                    source: opt.flag(),
                });
            }
        }
        self.variable(opt)
            .or_else(|| self.cloud.and_then(|c| c.value(opt)))
    }

    /// A single-value option, else its default word (`text`, `ecs`), named as the
    /// default in messages.
    pub fn get_or_default(&self, opt: &Opt) -> Option<Sourced> {
        self.get(opt).or_else(|| {
            opt.default_word().map(|word| Sourced {
                value: word.to_string(),
                source: format!("the default of {}", opt.flag()),
            })
        })
    }

    fn variable(&self, opt: &Opt) -> Option<Sourced> {
        opt.variables().iter().find_map(|v| self.env(v))
    }

    /// A list option: every flag's items, else the first variable's; items are separated
    /// by commas, spaces or lines. Also says where they came from.
    pub fn list(&self, opt: &Opt) -> (Vec<String>, String) {
        debug_assert_eq!(opt.kind, Kind::List, "{}", opt.name);
        let flags = jobids::split_args(&self.args.values(opt));
        if !flags.is_empty() {
            return (flags, opt.flag());
        }
        match self.variable(opt) {
            Some(s) => (jobids::split_args(&[s.value]), s.source),
            None => (Vec::new(), opt.flag()),
        }
    }

    /// A switch: the flag, else a variable holding true or false.
    pub fn switch(&self, opt: &Opt) -> Result<bool, UsageError> {
        Ok(self.switch_from(opt)?.is_some())
    }

    /// A switch that is on, and where it was turned on: the flag, else a variable holding
    /// true (`None` when it is off).
    pub fn switch_from(&self, opt: &Opt) -> Result<Option<String>, UsageError> {
        if self.args.switch(opt) {
            return Ok(Some(opt.flag()));
        }
        match self.variable(opt) {
            None => Ok(None),
            Some(s) => match s.value.to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" | "on" => Ok(Some(s.source)),
                "0" | "false" | "no" | "off" => Ok(None),
                _ => Err(s.invalid("true or false")),
            },
        }
    }

    /// A duration option and where it came from, else its default from the table.
    pub fn duration(&self, opt: &'static Opt) -> Result<Parsed<Duration>, UsageError> {
        match self.get(opt) {
            None => Ok(Parsed {
                value: opt.default_duration(),
                opt,
                source: None,
            }),
            Some(s) => match parse_duration(&s.value) {
                Ok(value) => Ok(Parsed {
                    value,
                    opt,
                    source: Some(s.source),
                }),
                Err(error) => Err(UsageError::Duration {
                    from: s.source,
                    error,
                }),
            },
        }
    }
}
