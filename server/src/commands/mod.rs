//! What each subcommand does.

mod files;
mod import;
mod partner;
mod token;

pub use files::{FileError, convert, inspect};
pub use import::import;
pub use partner::partner;
pub use token::token;

use std::io::{BufRead as _, IsTerminal as _};

use anyhow::{Context as _, bail};

use crate::{cli::UserCommand, config::Config, startup};

/// Connects to the configured database and applies pending migrations.
pub async fn connect(config: &Config) -> anyhow::Result<db::Db> {
    let db = db::Db::connect(&config.database_url, config.db_max_connections)
        .await
        .with_context(|| format!("Failed to connect to the database {}", config.database_url))?;
    db.migrate()
        .await
        .context("Failed to apply database migrations")?;
    Ok(db)
}

/// `laps serve`.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let app = startup::Application::build(config).await?;
    app.run_until_stopped(startup::shutdown_signal()).await
}

/// `laps migrate`.
pub async fn migrate(config: &Config) -> anyhow::Result<()> {
    let db = connect(config).await?;
    let applied = db.applied_migrations().await?;
    println!(
        "database {} is at migration {}",
        config.database_url,
        applied.last().copied().unwrap_or(0)
    );
    db.close().await;
    Ok(())
}

/// `laps user ...`.
pub async fn user(config: &Config, command: UserCommand) -> anyhow::Result<()> {
    let db = connect(config).await?;
    let accounts = auth::Accounts::new(db.clone(), config.throttle);
    let result = match command {
        UserCommand::Add { name, admin } => {
            let password = read_password()?;
            let user = accounts
                .add_user(&name, &password, admin)
                .await
                .map_err(account_error)?;
            let role = if user.is_admin {
                "administrator"
            } else {
                "athlete"
            };
            println!("created {} ({role})", user.username);
            Ok(())
        }
        UserCommand::List { json } => {
            let users = db.list_users().await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&users)?);
            } else {
                println!("{:<8} {:<32} ROLE", "ID", "USERNAME");
                for user in users {
                    let role = if user.is_admin {
                        "administrator"
                    } else {
                        "athlete"
                    };
                    println!("{:<8} {:<32} {role}", user.id, user.username);
                }
            }
            Ok(())
        }
        UserCommand::SetPassword { name } => {
            let password = read_password()?;
            let user = accounts
                .set_password(&name, &password)
                .await
                .map_err(account_error)?;
            println!(
                "password of {} changed; their sessions are signed out",
                user.username
            );
            Ok(())
        }
        UserCommand::SetAdmin { name, revoke } => {
            let user = accounts
                .set_admin(&name, !revoke)
                .await
                .map_err(account_error)?;
            let verb = if user.is_admin {
                "is now"
            } else {
                "is no longer"
            };
            println!("{} {verb} an administrator", user.username);
            Ok(())
        }
    };
    db.close().await;
    result
}

/// The user-facing text of an account error; internal ones keep their cause for the log line.
fn account_error(error: auth::AccountError) -> anyhow::Error {
    match error {
        auth::AccountError::Internal(source) => {
            anyhow::anyhow!(source).context("account operation failed")
        }
        other => anyhow::anyhow!("{other}"),
    }
}

/// A password from the terminal (asked twice, not echoed) or from standard input (one line),
/// so scripts can pipe it in without it appearing in the process list.
fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let password = rpassword::prompt_password("Password: ")?;
        let again = rpassword::prompt_password("Password (again): ")?;
        if password != again {
            bail!("the two passwords differ");
        }
        Ok(password)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("Failed to read the password from standard input")?;
        let password = line.strip_suffix('\n').unwrap_or(&line);
        let password = password.strip_suffix('\r').unwrap_or(password);
        if password.is_empty() {
            bail!("no password on standard input");
        }
        Ok(password.to_owned())
    }
}
