//! The `laps` server: configuration, command line, HTTP server around the Leptos app.
//!
//! `main.rs` only calls [`cli::run`]; everything is here so that tests can build an
//! [`startup::Application`] on port 0 and talk to it.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod cli;
mod commands;
pub mod config;
pub mod http;
pub mod startup;
pub mod telemetry;
pub mod webhooks;

/// The current time as unix milliseconds, the unit of the stored columns: the one clock,
/// [`domain::Timestamp::now`], read in that unit (a name for the many call sites here).
pub(crate) fn now_ms() -> i64 {
    domain::Timestamp::now().unix_ms()
}
