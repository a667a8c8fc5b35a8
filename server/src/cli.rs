//! The command line: `laps serve | migrate | user ... | config ...`.
//!
//! This module only composes: the top-level [`Cli`] with its global options, and the dispatch
//! to the subcommands, each of which owns its clap type and handler in `crate::commands`.

use std::{path::PathBuf, process::ExitCode};

use clap::{Parser, Subcommand};

use crate::{
    commands::{
        backup::BackupArgs,
        check::check,
        config::ConfigCommand,
        files::{ConvertArgs, FileError, InspectArgs},
        healthcheck::healthcheck,
        import::ImportArgs,
        migrate::migrate,
        partner::PartnerCommand,
        restore::RestoreArgs,
        serve::serve,
        token::TokenCommand,
        user::UserCommand,
    },
    config::{Config, Settings},
};

/// Laps: a self-hosted training log.
///
/// Every option can also be set in a TOML file (--config) or as a LAPS_* environment variable;
/// flags win over the environment, which wins over the file. `laps config example` prints a
/// file with every key and its default.
#[derive(Debug, Parser)]
#[command(name = "laps", version = crate::VERSION, max_term_width = 100)]
pub struct Cli {
    /// Configuration file (TOML) [default: ./laps.toml when it exists]
    #[arg(long, env = "LAPS_CONFIG", global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(flatten)]
    settings: Settings,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web server (applies pending migrations first)
    Serve,
    /// Apply pending database migrations and exit
    Migrate,
    /// Ask the server at the listen address whether it and its database are up (exit 0 when
    /// they are): for a container's HEALTHCHECK or a monitor
    Healthcheck,
    /// Manage accounts
    #[command(subcommand)]
    User(UserCommand),
    /// Partner apps (OAuth clients): add, list, rotate-secret, suspend, approve
    #[command(subcommand)]
    Partner(PartnerCommand),
    /// Personal access tokens: add, list, revoke
    #[command(subcommand)]
    Token(TokenCommand),
    /// Show configuration: an example file, or the resolved values
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Import workout files for a user: files, folders (recursively) and zips; an HRM with the
    /// GPX of the same name becomes one workout. Safe to run while the server runs
    Import(ImportArgs),
    /// Write a consistent copy of a SQLite instance to FILE while the server runs (Postgres:
    /// see the README's "Backups")
    Backup(BackupArgs),
    /// Restore a backup written by `laps backup` into an empty data directory
    Restore(RestoreArgs),
    /// Check the store: every recording decodes, every original matches its hash, counts agree
    /// (exit 1 with each problem named)
    Check,
    /// Print a JSON summary of each workout file (FIT, TCX, GPX, HRM, gzipped or not)
    Inspect(InspectArgs),
    /// Convert a workout file to the format of OUT's extension (fit, tcx, gpx, hrm, csv)
    Convert(ConvertArgs),
}

/// Parses the command line and runs the command. Exit codes: 0 done, 1 failed, 2 bad usage.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    // File commands need no configuration, database or runtime.
    let file_result = match &cli.command {
        Command::Inspect(args) => Some(args.run()),
        Command::Convert(args) => Some(args.run()),
        _ => None,
    };
    if let Some(result) = file_result {
        return match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(FileError::Invalid(message)) => {
                // inspect has printed its line per file already
                if !matches!(cli.command, Command::Inspect(_)) {
                    report(&message);
                }
                ExitCode::from(1)
            }
            Err(FileError::Usage(message)) => {
                report(&message);
                ExitCode::from(2)
            }
        };
    }
    let config = match Config::resolve(cli.settings, cli.config.as_deref()) {
        Ok(config) => config,
        Err(error) => return fail(&error),
    };
    let serving = matches!(cli.command, Command::Serve);
    // Commands other than `serve` print their results; their logs would only be noise.
    let filter = if serving {
        config.log.clone()
    } else {
        "warn".to_owned()
    };
    crate::telemetry::init(&filter, config.log_format);

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return fail(&error.into()),
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Serve => serve(config).await,
            Command::Migrate => migrate(&config).await,
            Command::Healthcheck => healthcheck(&config).await,
            Command::User(command) => command.run(&config).await,
            Command::Partner(command) => command.run(&config).await,
            Command::Token(command) => command.run(&config).await,
            Command::Import(args) => args.run(&config).await,
            Command::Backup(args) => args.run(&config).await,
            Command::Restore(args) => args.run(&config).await,
            Command::Check => check(&config).await,
            Command::Config(command) => {
                command.run(&config);
                Ok(())
            }
            Command::Inspect(_) | Command::Convert(_) => unreachable!("handled above"),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(&error),
    }
}

fn fail(error: &anyhow::Error) -> ExitCode {
    report(&format!("error: {error:#}"));
    ExitCode::FAILURE
}

#[allow(clippy::print_stderr)] // the one place the command line reports a failure
fn report(line: &str) {
    eprintln!("{line}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory as _;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn help_documents_every_setting_with_its_default_and_variable() {
        let help = Cli::command().render_long_help().to_string();
        // (file commands are documented by their own --help)
        for (flag, env) in [
            ("--listen", "LAPS_LISTEN"),
            ("--database-url", "LAPS_DATABASE_URL"),
            ("--data-dir", "LAPS_DATA_DIR"),
            ("--public-url", "LAPS_PUBLIC_URL"),
            ("--site-dir", "LAPS_SITE_DIR"),
            ("--log-format", "LAPS_LOG_FORMAT"),
            ("--trust-forwarded-for", "LAPS_TRUST_FORWARDED_FOR"),
            ("--session-days", "LAPS_SESSION_DAYS"),
            ("--max-body-kib", "LAPS_MAX_BODY_KIB"),
        ] {
            assert!(help.contains(flag), "help lacks {flag}");
            assert!(help.contains(env), "help lacks {env}");
        }
        let defaults = help.matches("[default: ").count();
        assert!(
            defaults >= 14,
            "every setting states its default ({defaults} found)\n{help}"
        );
    }

    #[test]
    fn settings_are_accepted_after_the_subcommand_too() {
        let cli = Cli::try_parse_from(["laps", "serve", "--listen", "127.0.0.1:0"]).unwrap();
        assert_eq!(cli.settings.listen.unwrap().port(), 0);
        let cli = Cli::try_parse_from([
            "laps",
            "--listen",
            "127.0.0.1:9",
            "user",
            "add",
            "ada",
            "--admin",
        ])
        .unwrap();
        assert!(matches!(
            cli.command,
            Command::User(UserCommand::Add { admin: true, .. })
        ));
    }
}
