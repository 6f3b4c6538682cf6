pub mod app;
pub mod config;
