macro_rules! document {
    ($($body:tt)*) => {};
}

pub fn give_up(ids: &[&str]) {
    document!({ "ids": ids.iter().collect::<Vec<_>>(), "then": std::process::exit(3) });
}
