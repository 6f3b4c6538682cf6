// No `mod helpers;` declares this file: the compiler never reads it, and no rule could
// place it. (It would break one if it were declared.)
pub fn shout() {
    println!("loud");
}
