//! Reading an answer too large to keep: only the parts the profile asks for, in passing.
//!
//! A body with more JSON structure than any job document (a FAIL with a million sub-jobs
//! of padding, say) is not parsed into values: serde walks it once, keeping the values at
//! the profile's pointers (each bounded) and skipping everything else unseen
//! ([`serde::de::IgnoredAny`]), so the status is still read and a large FAIL is still a
//! failure. The result is a small document of the same shape, read like any other.
//!
//! It never keeps more than the pointers name: strings are cut, kept lists stop at
//! [`MAX_ITEMS`] elements (the rest counted in a marker the verdict sees), and values kept
//! whole are bounded in depth and size.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::Profile;

/// The most elements of one list kept (sub-jobs, jobs); more are counted, not kept.
pub const MAX_ITEMS: usize = 10_000;
/// The marker left in a list that had more elements than [`MAX_ITEMS`].
pub const MORE_ITEMS: &str = "[jobwait: more items than were kept]";
/// The longest string kept.
const MAX_STRING: usize = 64 * 1024;
/// How deep a value kept whole may go, and how many members it may have.
const MAX_DEPTH: usize = 8;
const MAX_MEMBERS: usize = 200;

/// One step of a pointer: an object key (or array index), or any key or element.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Seg {
    Key(String),
    Any,
}

/// What to keep under a value: the whole of it, or some of its members.
#[derive(Clone, Debug, Default)]
pub struct Wanted {
    whole: bool,
    children: Vec<(Seg, Wanted)>,
}

/// The unescaped steps of a JSON Pointer (RFC 6901: `~1` is `/`, `~0` is `~`).
fn steps(pointer: &str) -> Vec<Seg> {
    (pointer.split('/').skip(1))
        .map(|s| Seg::Key(s.replace("~1", "/").replace("~0", "~")))
        .collect()
}

impl Wanted {
    fn add(&mut self, path: &[Seg]) {
        let Some((first, rest)) = path.split_first() else {
            self.whole = true;
            return;
        };
        let i = match self.children.iter().position(|(s, _)| s == first) {
            Some(i) => i,
            None => {
                self.children.push((first.clone(), Wanted::default()));
                self.children.len() - 1
            }
        };
        self.children[i].1.add(rest);
    }

    fn child(&self, key: &str) -> Option<&Wanted> {
        (self.children.iter())
            .find(|(s, _)| matches!(s, Seg::Key(k) if k == key))
            .or_else(|| self.children.iter().find(|(s, _)| *s == Seg::Any))
            .map(|(_, w)| w)
    }

    /// Everything the reader may look at with `profile`: its pointers (under each list
    /// element for a list-shaped answer, under each sub-job for sub-jobs), and the keys
    /// error bodies use, at the top and one level down.
    pub fn of(profile: &Profile) -> Wanted {
        let mut root = Wanted::default();
        let base: Vec<Seg> = match &profile.list {
            Some(list) => [steps(list), vec![Seg::Any]].concat(),
            None => Vec::new(),
        };
        let mut add = |pointer: &str| root.add(&[base.clone(), steps(pointer)].concat());
        let p = profile;
        let single = [
            &p.id,
            &p.begin,
            &p.end,
            &p.job_type,
            &p.entities,
            &p.failed_count,
        ];
        single.into_iter().flatten().for_each(|s| add(s));
        p.status_fields().for_each(|f| add(&f.at));
        // A resource is ready only while these are empty: read them too (DCS task).
        p.busy.iter().for_each(|s| add(s));
        (p.reasons.iter())
            .chain(&p.codes)
            .chain(&p.progress)
            .for_each(|s| add(s));
        p.ids.iter().for_each(|(_, s)| add(s));
        if let Some(sub) = &p.sub_jobs {
            sub.total.iter().for_each(|s| add(s));
            let fields = [&sub.id, &sub.job_type, &sub.status, &sub.end, &sub.entities];
            for at in &sub.at {
                let mut under = |rel: &str| {
                    let path = [steps(at), vec![Seg::Any], steps(rel)].concat();
                    root.add(&[base.clone(), path].concat());
                };
                fields.into_iter().flatten().for_each(|s| under(s));
                sub.reasons.iter().chain(&sub.codes).for_each(|s| under(s));
            }
        }
        for key in [
            "error_code",
            "error_msg",
            "code",
            "message",
            "errCode",
            "errMsg",
            "request_id",
        ] {
            root.add(&[Seg::Key(key.into())]);
            root.add(&[Seg::Any, Seg::Key(key.into())]);
        }
        root
    }
}

/// The parts of `bytes` that `wanted` names, as a small document; `None` when the body
/// is not one JSON value.
pub fn scan(bytes: &[u8], wanted: &Wanted) -> Option<Value> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = Pick(wanted).deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(value)
}

/// The parts of a body read from `reader` (one too large to hold, as it arrives) that
/// `profile` reads, as a small document; `None` when it is not one JSON value (invalid
/// UTF-8 included: it cannot be replaced in passing).
pub fn scan_reader(profile: &Profile, reader: &mut dyn std::io::Read) -> Option<Value> {
    let wanted = Wanted::of(profile);
    let mut de = serde_json::Deserializer::from_reader(reader);
    let value = Pick(&wanted).deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(value)
}

/// Keeps what its [`Wanted`] names of the value it is given.
struct Pick<'w>(&'w Wanted);

impl<'de> DeserializeSeed<'de> for Pick<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        // Kept whole, unless pointers reach inside it (entities and its sub-jobs): then
        // those members are read as their pointers say, the others kept within bounds.
        if self.0.whole && self.0.children.is_empty() {
            return Bounded(0).deserialize(d);
        }
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Pick<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("JSON")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            match self.0.child(&key) {
                Some(w) => {
                    out.insert(key, map.next_value_seed(Pick(w))?);
                }
                None if self.0.whole && out.len() < MAX_MEMBERS => {
                    out.insert(key, map.next_value_seed(Bounded(1))?);
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Value::Object(out))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        let mut index = 0usize;
        loop {
            let wanted = self.0.child(&index.to_string());
            let kept = match wanted {
                Some(w) if out.len() < MAX_ITEMS => seq.next_element_seed(Pick(w))?,
                _ => seq.next_element::<IgnoredAny>()?.map(|_| Value::Null),
            };
            let Some(item) = kept else { break };
            if wanted.is_some() {
                if out.len() < MAX_ITEMS {
                    out.push(item);
                } else if out.len() == MAX_ITEMS {
                    out.push(Value::String(MORE_ITEMS.into()));
                }
            }
            index += 1;
        }
        Ok(Value::Array(out))
    }
    // Scalars where a container was expected: nothing the pointers can reach.
    fn visit_bool<E>(self, _: bool) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_str<E>(self, _: &str) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
}

/// A value kept whole, within bounds: strings cut, containers cut in depth and size.
struct Bounded(usize);

impl<'de> DeserializeSeed<'de> for Bounded {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Bounded {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        let end = (v.char_indices().nth(MAX_STRING)).map_or(v.len(), |(i, _)| i);
        Ok(Value::String(v[..end].to_string()))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while out.len() < MAX_MEMBERS && self.0 < MAX_DEPTH {
            match seq.next_element_seed(Bounded(self.0 + 1))? {
                Some(v) => out.push(v),
                None => return Ok(Value::Array(out)),
            }
        }
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.len() < MAX_MEMBERS && self.0 < MAX_DEPTH {
                out.insert(key, map.next_value_seed(Bounded(self.0 + 1))?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Value::Object(out))
    }
}
