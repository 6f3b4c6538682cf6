pub fn clean(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn test_code_may_print() {
        println!("{}", super::clean("ok"));
    }
}

// Not test code: it follows a `#[cfg(test)]` item, but nothing makes it test-only.
pub fn shout(text: &str) {
    println!("{}", clean(text));
}
