/// `panic!` is allowed: a bug, not output (the app's hook reports it).
pub fn poll(status: &str) -> Result<(), String> {
    let scheme = "http"; // a string, not a crate
    match status {
        "SUCCESS" => Ok(()),
        "" => panic!("empty status from {scheme}"),
        other => Err(Self_::describe(other)),
    }
}

struct Self_;

impl Self_ {
    fn describe(status: &str) -> String {
        Self::quote(status)
    }

    fn quote(status: &str) -> String {
        format!("`{status}`")
    }
}

pub mod inner {
    pub fn again() -> Result<(), String> {
        super::poll("SUCCESS")
    }
}

#[cfg(all(test, unix))]
fn only_in_tests() {
    eprintln!("test-only code");
}

#[test]
fn a_test_outside_a_test_module() {
    dbg!(poll("SUCCESS")).unwrap();
}
