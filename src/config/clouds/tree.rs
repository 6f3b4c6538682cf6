//! The text of a `clouds.yaml` or `secure.yaml` as a tree of maps, lists and text, built
//! from the events of yaml-rust2's parser; `.json` files (which openstacksdk also reads)
//! go through serde_json.
//!
//! Scalars stay the text the file has: a project id of digits only, or with leading
//! zeros, must not turn into a number. Anchors, aliases and `<<` merge keys work as
//! PyYAML (which openstacksdk uses) has them, so an entry that shares its `auth` block
//! with another reads the same here; an alias is expanded under a budget, so a file of
//! nested aliases (a "billion laughs") is refused instead of filling the memory. Nothing
//! here reports a value from the file, only where in the file a problem is.

use std::collections::HashMap;

use serde_json::{Map, Value};
use yaml_rust2::Event;
use yaml_rust2::parser::{MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Most nodes a file may expand to, aliases counted at their full size: a clouds.yaml has
/// dozens; nested aliases reach billions.
const MAX_NODES: usize = 100_000;

/// Parse a file's text; `json` for a `.json` file. The error says what and where.
pub fn parse(text: &str, json: bool) -> Result<Value, String> {
    if json {
        return serde_json::from_str(text)
            .map_err(|e| format!("not valid JSON at line {} column {}", e.line(), e.column()));
    }
    let mut builder = Builder::default();
    Parser::new_from_str(text)
        .load(&mut builder, false)
        .map_err(|e| {
            let at = e.marker();
            format!(
                "not valid YAML at line {} column {}: {}",
                at.line(),
                at.col() + 1,
                e.info()
            )
        })?;
    match builder.error {
        Some(error) => Err(error),
        None => Ok(builder.document.unwrap_or(Value::Null)),
    }
}

/// A map or list being read, with the anchor it is known by and the node count when it
/// began (its size is the difference at its end).
enum Open {
    List(Vec<Value>, usize, usize),
    Map {
        map: Map<String, Value>,
        key: Option<String>,
        merges: Vec<Value>,
        anchor: usize,
        from: usize,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Open>,
    anchors: HashMap<usize, (Value, usize)>,
    document: Option<Value>,
    nodes: usize,
    error: Option<String>,
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        let done = match event {
            Event::Scalar(text, style, anchor, tag) => {
                self.nodes += 1;
                let value = match (style, tag) {
                    (TScalarStyle::Plain, None) if is_null(&text) => Value::Null,
                    _ => Value::String(text),
                };
                Some((value, anchor, 1))
            }
            Event::Alias(id) => match self.anchors.get(&id) {
                Some((value, size)) => {
                    self.nodes += size;
                    Some((value.clone(), 0, *size))
                }
                None => return self.fail("an alias to an unknown anchor", mark),
            },
            Event::SequenceStart(anchor, _) => {
                self.nodes += 1;
                self.stack.push(Open::List(Vec::new(), anchor, self.nodes));
                None
            }
            Event::MappingStart(anchor, _) => {
                self.nodes += 1;
                self.stack.push(Open::Map {
                    map: Map::new(),
                    key: None,
                    merges: Vec::new(),
                    anchor,
                    from: self.nodes,
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(mark),
            _ => None,
        };
        if self.nodes > MAX_NODES {
            return self.fail("too large once its aliases are expanded", mark);
        }
        if let Some((value, anchor, size)) = done {
            self.insert(value, anchor, size, mark);
        }
    }
}

impl Builder {
    fn fail(&mut self, what: &str, at: Marker) {
        self.error = Some(format!(
            "{what} at line {} column {}",
            at.line(),
            at.col() + 1
        ));
    }

    /// The map or list that just ended, as a value with its anchor and size.
    fn close(&mut self, mark: Marker) -> Option<(Value, usize, usize)> {
        match self.stack.pop()? {
            Open::List(items, anchor, from) => {
                Some((Value::Array(items), anchor, self.nodes - from + 1))
            }
            Open::Map {
                mut map,
                merges,
                anchor,
                from,
                ..
            } => {
                // PyYAML's merge keys: the map's own keys win, then earlier merged maps.
                for merged in merges.iter().flat_map(|m| match m {
                    Value::Array(maps) => maps.iter().collect(),
                    other => vec![other],
                }) {
                    let Value::Object(merged) = merged else {
                        self.fail("a << merge key whose value is not a mapping", mark);
                        return None;
                    };
                    for (k, v) in merged {
                        map.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                }
                Some((Value::Object(map), anchor, self.nodes - from + 1))
            }
        }
    }

    /// Put a finished value where it belongs: the document, a list, a map's key or value.
    fn insert(&mut self, value: Value, anchor: usize, size: usize, mark: Marker) {
        if anchor > 0 {
            self.anchors.insert(anchor, (value.clone(), size));
        }
        match self.stack.last_mut() {
            None => {
                self.document.get_or_insert(value);
            }
            Some(Open::List(items, ..)) => items.push(value),
            Some(Open::Map {
                map, key, merges, ..
            }) => match key.take() {
                Some(k) if k == "<<" => merges.push(value),
                Some(k) => {
                    map.insert(k, value);
                }
                None => match value {
                    Value::String(k) => *key = Some(k),
                    _ => self.fail("a key that is not text", mark),
                },
            },
        }
    }
}

/// The plain scalars YAML reads as null.
fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_stay_text_and_nulls_are_null() {
        let tree = parse("a: 0123\nb: 1e5\nc: ~\nd: 'x'\ne: true\nf:\n", false).unwrap();
        assert_eq!(
            tree,
            json!({"a": "0123", "b": "1e5", "c": null, "d": "x", "e": "true", "f": null})
        );
    }

    #[test]
    fn anchors_aliases_and_merge_keys_work_as_pyyaml_has_them() {
        let text = "\
base: &base
  auth: {auth_url: 'https://iam', username: u}
  region_name: eu-de
clouds:
  one:
    <<: *base
    region_name: eu-nl
  two: *base
";
        let tree = parse(text, false).unwrap();
        assert_eq!(tree["clouds"]["one"]["region_name"], "eu-nl");
        assert_eq!(tree["clouds"]["one"]["auth"]["username"], "u");
        assert_eq!(tree["clouds"]["two"]["region_name"], "eu-de");
    }

    #[test]
    fn nested_aliases_are_refused_before_they_fill_the_memory() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let err = parse(&text, false).unwrap_err();
        assert!(err.contains("too large"), "{err}");
    }

    #[test]
    fn errors_say_where_and_never_what() {
        let err = parse(
            "clouds:\n  otc:\n    password: hunter22-secret\n   bad: [",
            false,
        )
        .unwrap_err();
        assert!(err.contains("line"), "{err}");
        assert!(!err.contains("hunter22"), "{err}");
        let err = parse("{\"password\": \"hunter22-secret\",", true).unwrap_err();
        assert!(err.starts_with("not valid JSON at line 1"), "{err}");
        assert!(parse("[a]: b", false).unwrap_err().contains("not text"));
        assert!(parse("a: *nope", false).is_err());
    }

    #[test]
    fn json_files_are_json() {
        let tree = parse(
            r#"{"clouds": {"otc": {"auth": {"project_id": "0123"}}}}"#,
            true,
        )
        .unwrap();
        assert_eq!(tree["clouds"]["otc"]["auth"]["project_id"], "0123");
    }
}
