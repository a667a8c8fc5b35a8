//! What each subcommand does: every module owns its clap type (the `Subcommand` enum or `Args`
//! struct that `cli` composes) and its handler.
//!
//! The direction of use is `cli -> commands -> startup/config`: a command connects to the
//! store through [`crate::startup::connect`] and never reaches back into `cli`.

pub mod backup;
mod backup_file;
pub mod check;
pub mod config;
pub mod files;
pub mod healthcheck;
pub mod import;
pub mod migrate;
pub mod partner;
pub mod restore;
pub mod serve;
pub mod token;
pub mod user;
