//! The profile file format as serde reads it: one struct per table, unknown keys refused,
//! so a typo in a file is an error naming the field rather than a fact silently ignored.
//! [`Entry::resolve`] checks what types cannot (pointers, placeholders, overlapping words)
//! and builds the [`Profile`]. The README's "Profiles" section documents every key.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};

use super::check;
use crate::job::profile::{Gone, Hosts, Kind, Origin, Profile, StatusField, SubJobs};
use crate::status::StatusSets;

/// A TOML table read as (key, value) pairs in the file's order.
#[derive(Debug)]
pub struct Pairs<T>(pub Vec<(String, T)>);

impl<T> Default for Pairs<T> {
    fn default() -> Self {
        Pairs(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Pairs<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PairsVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for PairsVisitor<T> {
            type Value = Pairs<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pairs<T>, A::Error> {
                let mut out = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, T>()? {
                    out.push((key, value));
                }
                Ok(Pairs(out))
            }
        }
        deserializer.deserialize_map(PairsVisitor(PhantomData))
    }
}

fn get() -> String {
    "GET".into()
}

/// `[job.NAME]` or `[resource.NAME]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    #[serde(default)]
    about: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default = "get")]
    method: String,
    path: String,
    host: HostEntry,
    status: WordsEntry,
    #[serde(default)]
    answer: AnswerEntry,
    sub_jobs: Option<SubJobsEntry>,
    #[serde(default)]
    create_id: Vec<String>,
    /// Headers the request carries, with placeholders given by `--param`.
    #[serde(default)]
    headers: Pairs<String>,
    gone: Option<GoneEntry>,
    otc_path: Option<String>,
    confirmations: Option<u32>,
    not_found: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HostEntry {
    huaweicloud: Option<String>,
    otc: Option<String>,
    #[serde(default)]
    global: bool,
    #[serde(default)]
    regions: Pairs<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WordsEntry {
    at: String,
    #[serde(default)]
    pending: Vec<String>,
    #[serde(default, alias = "ready")]
    success: Vec<String>,
    #[serde(default)]
    failure: Vec<String>,
    #[serde(default)]
    unknown: Pairs<String>,
    #[serde(default)]
    notes: Pairs<String>,
    /// `"pending"`: words in no list count as pending (APIs whose words are not all
    /// documented).
    others: Option<String>,
    /// More status fields that must agree (only on the main one).
    #[serde(default)]
    and: Vec<WordsEntry>,
    /// Pointers that keep a ready answer waiting while they hold anything (main only).
    #[serde(default)]
    busy: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerEntry {
    list: Option<String>,
    id: Option<String>,
    #[serde(default)]
    reason: Vec<String>,
    #[serde(default)]
    code: Vec<String>,
    #[serde(default)]
    progress: Vec<String>,
    begin: Option<String>,
    end: Option<String>,
    #[serde(rename = "type")]
    job_type: Option<String>,
    entities: Option<String>,
    #[serde(default)]
    ids: Pairs<String>,
    failed_count: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SubJobsEntry {
    at: Vec<String>,
    total: Option<String>,
    id: Option<String>,
    #[serde(rename = "type")]
    job_type: Option<String>,
    status: Option<String>,
    #[serde(default)]
    reason: Vec<String>,
    #[serde(default)]
    code: Vec<String>,
    end: Option<String>,
    entities: Option<String>,
    pending: Option<Vec<String>>,
    #[serde(alias = "ready")]
    success: Option<Vec<String>>,
    failure: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoneEntry {
    #[serde(default)]
    http: Vec<u16>,
    #[serde(default)]
    empty_list: bool,
    #[serde(default)]
    codes: Vec<String>,
    #[serde(default)]
    words: Vec<String>,
    #[serde(default)]
    deleting: Vec<String>,
}

/// A field that is wrong, and why: the loader adds the file and the entry.
pub type Invalid = (String, String);

fn invalid(field: &str, why: impl Into<String>) -> Invalid {
    (field.to_string(), why.into())
}

fn pointer(field: &str, value: &str) -> Result<String, Invalid> {
    check::pointer(value).map_err(|why| invalid(field, why))
}

fn pointers(field: &str, values: &[String]) -> Result<Vec<String>, Invalid> {
    values.iter().map(|v| pointer(field, v)).collect()
}

fn maybe(field: &str, value: &Option<String>) -> Result<Option<String>, Invalid> {
    value.as_deref().map(|v| pointer(field, v)).transpose()
}

impl WordsEntry {
    fn resolve(&self, field: &str) -> Result<StatusField, Invalid> {
        for (key, used) in [
            ("and", !self.and.is_empty()),
            ("busy", !self.busy.is_empty()),
        ] {
            if field != "status" && used {
                return Err(invalid(
                    &format!("{field}.{key}"),
                    "belongs on the main status only",
                ));
            }
        }
        let at = pointer(&format!("{field}.at"), &self.at)?;
        let words = StatusSets::from_lists(
            self.pending.clone(),
            self.success.clone(),
            self.failure.clone(),
        )
        .with_unknown(self.unknown.0.clone())
        .with_notes(self.notes.0.clone())
        .with_others_pending(match self.others.as_deref() {
            None => false,
            Some("pending") => true,
            Some(_) => {
                return Err(invalid(
                    &format!("{field}.others"),
                    "may only be \"pending\"",
                ));
            }
        });
        if words.success().is_empty() {
            return Err(invalid(field, "needs at least one success word"));
        }
        if let Some(word) = words.overlap() {
            return Err(invalid(field, format!("'{word}' is in two sets of words")));
        }
        for (word, _) in words.notes() {
            let listed = [words.pending(), words.success(), words.failure()]
                .iter()
                .any(|set| set.iter().any(|w| w.eq_ignore_ascii_case(word)));
            if !listed {
                let why = format!("'{word}' is in no set of words");
                return Err(invalid(&format!("{field}.notes"), why));
            }
        }
        Ok(StatusField { at, words })
    }
}

impl HostEntry {
    fn resolve(&self) -> Result<Hosts, Invalid> {
        if self.huaweicloud.is_none() && self.otc.is_none() {
            return Err(invalid(
                "host",
                "names no host: give huaweicloud, otc or both",
            ));
        }
        let label = |cloud: &str, name: &Option<String>| {
            name.as_deref()
                .map(|n| check::label(n).map_err(|why| invalid(&format!("host.{cloud}"), why)))
                .transpose()
        };
        let mut regions = Vec::new();
        for (region, host) in &self.regions.0 {
            let field = format!("host.regions.{region}");
            check::label(region).map_err(|why| invalid(&field, why))?;
            regions.push((
                region.clone(),
                check::host(host).map_err(|why| invalid(&field, why))?,
            ));
        }
        Ok(Hosts {
            huaweicloud: label("huaweicloud", &self.huaweicloud)?,
            otc: label("otc", &self.otc)?,
            global: self.global,
            regions,
        })
    }
}

impl SubJobsEntry {
    fn resolve(&self) -> Result<SubJobs, Invalid> {
        let f = |name: &str| format!("sub_jobs.{name}");
        let words = match (&self.pending, &self.success, &self.failure) {
            (None, None, None) => None,
            (p, s, fl) => {
                let list = |l: &Option<Vec<String>>| l.clone().unwrap_or_default();
                let words = StatusSets::from_lists(list(p), list(s), list(fl));
                if let Some(word) = words.overlap() {
                    return Err(invalid(
                        "sub_jobs",
                        format!("'{word}' is in two sets of words"),
                    ));
                }
                Some(words)
            }
        };
        if self.at.is_empty() {
            return Err(invalid(&f("at"), "names no array of sub-jobs"));
        }
        Ok(SubJobs {
            at: pointers(&f("at"), &self.at)?,
            total: maybe(&f("total"), &self.total)?,
            id: maybe(&f("id"), &self.id)?,
            job_type: maybe(&f("type"), &self.job_type)?,
            status: maybe(&f("status"), &self.status)?,
            reasons: pointers(&f("reason"), &self.reason)?,
            codes: pointers(&f("code"), &self.code)?,
            end: maybe(&f("end"), &self.end)?,
            entities: maybe(&f("entities"), &self.entities)?,
            words,
        })
    }
}

impl Entry {
    /// The profile this entry describes, or the first field that is wrong.
    pub fn resolve(&self, name: &str, kind: Kind, origin: Origin) -> Result<Profile, Invalid> {
        let method = match self.method.to_ascii_uppercase().as_str() {
            "GET" => reqwest::Method::GET,
            "POST" => reqwest::Method::POST,
            _ => return Err(invalid("method", "must be GET or POST")),
        };
        let path =
            check::path(&self.path, kind.id_placeholder()).map_err(|w| invalid("path", w))?;
        let otc_path = self
            .otc_path
            .as_deref()
            .map(|p| check::path(p, kind.id_placeholder()).map_err(|w| invalid("otc_path", w)))
            .transpose()?;
        for alias in &self.aliases {
            check::label(alias).map_err(|why| invalid("aliases", why))?;
        }
        let a = &self.answer;
        let f = |name: &str| format!("answer.{name}");
        let ids = a
            .ids
            .0
            .iter()
            .map(|(label, at)| Ok((label.clone(), pointer(&f(&format!("ids.{label}")), at)?)))
            .collect::<Result<_, Invalid>>()?;
        let and = self
            .status
            .and
            .iter()
            .enumerate()
            .map(|(i, w)| w.resolve(&format!("status.and[{i}]")))
            .collect::<Result<_, _>>()?;
        Ok(Profile {
            name: name.to_string(),
            kind,
            about: self.about.trim().to_string(),
            aliases: self.aliases.clone(),
            origin,
            host: self.host.resolve()?,
            method,
            path,
            list: maybe(&f("list"), &a.list)?,
            id: maybe(&f("id"), &a.id)?,
            status: self.status.resolve("status")?,
            and,
            reasons: pointers(&f("reason"), &a.reason)?,
            codes: pointers(&f("code"), &a.code)?,
            progress: pointers(&f("progress"), &a.progress)?,
            begin: maybe(&f("begin"), &a.begin)?,
            end: maybe(&f("end"), &a.end)?,
            job_type: maybe(&f("type"), &a.job_type)?,
            entities: maybe(&f("entities"), &a.entities)?,
            ids,
            sub_jobs: self
                .sub_jobs
                .as_ref()
                .map(SubJobsEntry::resolve)
                .transpose()?,
            failed_count: maybe(&f("failed_count"), &a.failed_count)?,
            create_id: self
                .create_id
                .iter()
                .map(|p| check::list_pointer(p).map_err(|why| invalid("create_id", why)))
                .collect::<Result<_, _>>()?,
            headers: self.headers()?,
            gone: self.gone.as_ref().map(GoneEntry::resolve),
            target: None,
            service: None,
            otc_path,
            busy: pointers("status.busy", &self.status.busy)?,
            confirmations: self.confirmations,
            not_found: self.not_found.as_ref().map(|t| t.trim().to_string()),
            customised: Vec::new(),
        })
    }
}

impl Entry {
    /// Header names are tokens; values may hold placeholders and no line breaks.
    fn headers(&self) -> Result<Vec<(String, String)>, Invalid> {
        let mut out = Vec::new();
        for (name, value) in &self.headers.0 {
            let field = format!("headers.{name}");
            let token = !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !token {
                return Err(invalid(&field, "is not a header name"));
            }
            if value.contains(|c: char| c.is_control()) {
                return Err(invalid(&field, "may not hold control characters"));
            }
            out.push((name.clone(), value.clone()));
        }
        Ok(out)
    }
}

impl GoneEntry {
    fn resolve(&self) -> Gone {
        Gone {
            http: self.http.clone(),
            empty_list: self.empty_list,
            codes: self.codes.clone(),
            words: self.words.clone(),
            deleting: self.deleting.clone(),
        }
    }
}
