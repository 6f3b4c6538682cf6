//! An error answer's body (401, 404, 429, 5xx, or a proxy's page): the code and message
//! are read, or the raw text is kept, shortened. Never a panic; the kept text is bounded
//! whatever the body's size.
#![no_main]

use jobwait::fault::ErrorInfo;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let info = ErrorInfo::from_body(data);
    if let Some(raw) = &info.raw {
        assert!(raw.chars().count() <= 301, "raw text not shortened");
    }
    let _ = info.summary();
});
