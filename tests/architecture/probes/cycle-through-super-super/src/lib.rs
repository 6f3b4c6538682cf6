pub mod app;
pub mod wait;
