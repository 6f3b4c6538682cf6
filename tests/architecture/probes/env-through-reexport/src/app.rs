pub fn proxy() -> Option<String> {
    crate::config::read("HTTPS_PROXY").ok()
}
