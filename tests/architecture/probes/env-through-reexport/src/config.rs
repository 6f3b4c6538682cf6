// Naming `std::env::var` is fine here; handing it out under another name is not.
pub use std::env::var as read;
