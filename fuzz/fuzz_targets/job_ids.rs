//! What `--job-id -` reads from stdin: bare ids, a create call's JSON answer, arrays or
//! JSON lines. Every id it returns is then validated and deduplicated, as the config does.
//! The app refuses non-UTF-8 stdin before this point, so only text is fed in.
#![no_main]

use jobwait::jobids::{dedup, from_stdin, validate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match from_stdin(text) {
        Ok(ids) => {
            assert!(!ids.is_empty());
            for id in &ids {
                match validate(id) {
                    Ok(()) => assert!(id.len() <= 128),
                    Err(e) => assert!(e.len() < 400, "{e}"),
                }
            }
            let _ = dedup(ids);
        }
        Err(e) => assert!(e.len() < 2000, "error message of {} bytes", e.len()),
    }
});
