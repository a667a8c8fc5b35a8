//! `laps config …`: the example configuration file, or the resolved values.

use clap::Subcommand;

use crate::config::{Config, EXAMPLE};

/// `laps config …`.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print an example configuration file with every key and its default
    Example,
    /// Print the resolved configuration (passwords masked)
    Show,
}

impl ConfigCommand {
    /// Prints what was asked for; `config` is the one resolved from flags, environment and file.
    pub fn run(&self, config: &Config) {
        match self {
            Self::Example => print!("{EXAMPLE}"),
            Self::Show => println!("{config:#?}"),
        }
    }
}
