pub mod app;
pub mod exit;
pub mod wait;
