pub mod sanitize;
