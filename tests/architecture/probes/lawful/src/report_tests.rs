// Test code, declared under `#[cfg(test)]` through `#[path]`: it may print and read the
// environment.
use super::*;

#[test]
fn renders() {
    println!("{}", render(&["j1"]));
    let _ = std::env::var("HOME");
}
