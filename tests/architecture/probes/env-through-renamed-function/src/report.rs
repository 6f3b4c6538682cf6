use std::env::{var as v};

pub fn colour() -> bool {
    v("NO_COLOR").is_err()
}
