pub fn give_up(reason: &str) -> ! {
    let _ = reason;
    std::process::exit(3)
}
