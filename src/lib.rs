//! jobwait waits for asynchronous Huawei Cloud and Open Telekom Cloud jobs
//! (`GET /v1/{project_id}/jobs/{job_id}`) and answers by exit code, for CI pipelines.
//!
//! The binary's `main` only calls [`app::run`], handing it the process's stop requests
//! ([`signals::cancelled`]) as its shutdown future. Everything else is a module with one
//! concern: [`options`] defines every option once, [`config`] turns flags and variables
//! into a [`config::Config`], [`wait`] polls through the [`wait::JobSource`] seam on the
//! [`schedule`], [`source`] is that seam over HTTP ([`transport`] below it, [`auth`] beside
//! it, [`job`] reading the answers), [`fault`] is the vocabulary of failure they share,
//! [`report`] renders, [`ci`] speaks GitHub and GitLab, and [`exit`] is the exit-code
//! contract.

pub mod app;
pub mod auth;
pub mod ci;
pub mod cli;
pub mod config;
pub mod endpoint;
pub mod exit;
pub mod fault;
pub mod github_escape;
pub mod job;
pub mod jobids;
pub mod json_limits;
pub mod limiter;
pub mod options;
pub mod regions;
pub mod report;
pub mod sanitize;
pub mod schedule;
pub mod secret;
pub mod signals;
pub mod source;
pub mod status;
pub mod time;
pub mod transport;
pub mod usage;
pub mod wait;

#[cfg(test)]
mod testutil;
