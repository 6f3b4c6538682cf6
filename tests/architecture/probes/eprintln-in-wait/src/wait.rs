pub fn poll(status: &str) {
    if status == "RUNNING" {
        eprintln!("still running");
    }
}
