//! The `laps` server: configuration, command line, HTTP server around the Leptos app.
//!
//! `main.rs` only calls [`cli::run`]; everything is here so that tests can build an
//! [`startup::Application`] on port 0 and talk to it.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

/// The release and the commit it was built from (see `build.rs`): `laps --version`, and what
/// a backup's manifest names as its maker.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("LAPS_COMMIT"),
    ")"
);

pub mod cli;
mod commands;
pub mod config;
pub mod http;
#[cfg(test)]
mod import_graph;
pub mod inbox;
mod iso8601;
pub mod metrics;
pub mod startup;
pub mod telemetry;
pub mod webhooks;
