//! Everything here is allowed: the rules must stay silent (a rule that fires on lawful
//! code would soon be switched off).
pub mod app;
pub mod config;
pub mod report;
pub mod wait;

#[cfg(test)]
mod testutil;
