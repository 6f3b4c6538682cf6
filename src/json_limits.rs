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
