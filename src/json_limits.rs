//! How much JSON we agree to turn into values: bodies come from servers we do not control.
//!
//! An answer may be up to [`crate::transport::BODY_LIMIT`] bytes, and parsed JSON costs far
//! more than its text: 16 MiB of `{},{},…` sub-jobs became 1.4 GB of `SubJob`s and
//! intermediate values. Real documents are small (an ECS batch of 500 servers is about
//! 10,000 structural characters), so a body with more structure than any job document
//! or error body could have is refused before parsing. Counting is one pass over the
//! bytes and allocates nothing.

/// Most `{`, `[`, `,` and `:` outside strings a body may hold: twenty times the largest
/// real job document, and about 50 MB of parsed values at worst.
pub const MAX_STRUCTURE: usize = 250_000;

/// Whether `bytes` holds more JSON structure than any job document or error body would.
/// Invalid JSON is counted all the same; the parser rejects it afterwards.
pub fn too_much_structure(bytes: &[u8]) -> bool {
    let mut count = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in bytes {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' | b',' | b':' => {
                count += 1;
                if count > MAX_STRUCTURE {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// How deeply nested a document we keep. Real job documents are a few levels deep; the
/// JSON parser stops at 128, and `jq` refuses much deeper results, so anything below this
/// is replaced by [`DEPTH_MARKER`] before parsing.
pub const MAX_DEPTH: usize = 64;

/// What stands in for a subtree nested deeper than [`MAX_DEPTH`].
pub const DEPTH_MARKER: &str = "\"[jobwait: cut, nested too deep]\"";

/// `text` with every object or array that would sit deeper than [`MAX_DEPTH`] replaced by
/// [`DEPTH_MARKER`]; borrowed as it is when nothing is that deep. One pass, no recursion,
/// so no document can exhaust the stack. Invalid JSON stays invalid.
pub fn cap_depth(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let (mut depth, mut copied, mut i) = (0usize, 0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = skip_string(bytes, i),
            b'{' | b'[' if depth >= MAX_DEPTH => {
                let end = skip_container(bytes, i);
                let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
                o.push_str(&text[copied..i]);
                o.push_str(DEPTH_MARKER);
                copied = end;
                i = end;
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    match out {
        None => std::borrow::Cow::Borrowed(text),
        Some(mut o) => {
            o.push_str(&text[copied.min(text.len())..]);
            std::borrow::Cow::Owned(o)
        }
    }
}

/// The index of a string's closing quote (`start` is its opening one).
fn skip_string(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The index just past the container that opens at `start`.
fn skip_container(bytes: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = skip_string(bytes, i),
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repeat(unit: &str, n: usize) -> String {
        format!(
            "{{\"status\":\"RUNNING\",\"sub_jobs\":[{}]}}",
            vec![unit; n].join(",")
        )
    }

    #[test]
    fn real_documents_are_far_below_the_budget() {
        let sub_job = r#"{"status":"SUCCESS","entities":{"server_id":"bae51750-0089-41a1-9b18-5c777978ff6d"},"job_id":"2c9eb2c5544cbf6101544f0635672b60","job_type":"createSingleServer","begin_time":"2016-04-25T20:04:47.591Z","end_time":"2016-04-25T20:08:21.328Z","error_code":null,"fail_reason":null}"#;
        assert!(!too_much_structure(repeat(sub_job, 500).as_bytes()));
        assert!(!too_much_structure(repeat(sub_job, 5000).as_bytes()));
    }

    #[test]
    fn structure_inside_strings_does_not_count() {
        let padding = format!(
            "{{\"status\":\"SUCCESS\",\"padding\":\"{}\\\"\"}}",
            ",".repeat(3 << 20)
        );
        assert!(!too_much_structure(padding.as_bytes()));
    }

    #[test]
    fn deep_documents_are_cut_at_the_depth_limit() {
        let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
        let doc = format!(r#"{{"status":"SUCCESS","x":{deep},"after":"[{{"}}"#);
        let capped = cap_depth(&doc);
        let value: serde_json::Value = serde_json::from_str(&capped).unwrap();
        assert_eq!(value["status"], "SUCCESS");
        assert_eq!(value["after"], "[{");
        let mut v = &value["x"];
        let mut levels = 1;
        while let Some(inner) = v.get(0) {
            v = inner;
            levels += 1;
        }
        assert_eq!(levels, MAX_DEPTH);
        assert_eq!(v, &serde_json::json!("[jobwait: cut, nested too deep]"));
        let shallow = r#"{"a":[{"b":"}]"}]}"#;
        assert!(matches!(cap_depth(shallow), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn millions_of_tiny_values_are_refused() {
        assert!(too_much_structure(repeat("{}", MAX_STRUCTURE).as_bytes()));
        assert!(too_much_structure(
            repeat("0", MAX_STRUCTURE + 1).as_bytes()
        ));
        assert!(!too_much_structure(
            repeat("0", MAX_STRUCTURE - 10).as_bytes()
        ));
    }
}
