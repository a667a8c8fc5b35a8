//! `laps token …`: personal access tokens from the command line (for scripts).

use anyhow::Context as _;
use auth::TokenScope;
use domain::Username;
use serde_json::json;

use crate::{cli::TokenCommand, config::Config};

/// `laps token …`.
pub async fn token(config: &Config, command: TokenCommand) -> anyhow::Result<()> {
    let db = super::connect(config).await?;
    let accounts = auth::Accounts::new(db.clone(), config.throttle);
    let result = run(&accounts, command).await;
    db.close().await;
    result
}

async fn user_id(accounts: &auth::Accounts, name: &str) -> anyhow::Result<domain::UserId> {
    let username = Username::parse(name).map_err(|e| anyhow::anyhow!("{name:?}: {e}"))?;
    Ok(accounts
        .user_named(&username)
        .await?
        .with_context(|| format!("there is no user named {name}"))?
        .id)
}

async fn run(accounts: &auth::Accounts, command: TokenCommand) -> anyhow::Result<()> {
    match command {
        TokenCommand::Add {
            user,
            scope,
            name,
            json,
        } => {
            let scopes = TokenScope::parse_list(&scope).map_err(|unknown| {
                anyhow::anyhow!("unknown scope {unknown:?} (upload, sync, read)")
            })?;
            let made = accounts
                .create_token(
                    user_id(accounts, &user).await?,
                    name.as_deref().unwrap_or("Command line"),
                    &scopes,
                )
                .await
                .map_err(super::account_error)?;
            if json {
                println!(
                    "{}",
                    json!({ "token": made.token, "id": made.record.id, "name": made.record.name, "scopes": made.record.scopes.split_whitespace().collect::<Vec<_>>() })
                );
            } else {
                println!("{}\n(shown once: store it now)", made.token);
            }
        }
        TokenCommand::List { user, json } => {
            let tokens = accounts
                .tokens(user_id(accounts, &user).await?)
                .await
                .map_err(super::account_error)?;
            if json {
                let rows: Vec<_> = tokens
                    .iter()
                    .map(|t| json!({ "id": t.id, "name": t.name, "scopes": t.scopes.split_whitespace().collect::<Vec<_>>(), "created_at": t.created_at, "last_used_at": t.last_used_at }))
                    .collect();
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                println!("{:<6} {:<20} NAME", "ID", "SCOPES");
                for t in tokens {
                    println!("{:<6} {:<20} {}", t.id, t.scopes.replace(' ', ","), t.name);
                }
            }
        }
        TokenCommand::Revoke { user, id } => {
            if !accounts
                .revoke_token(user_id(accounts, &user).await?, id)
                .await
                .map_err(super::account_error)?
            {
                anyhow::bail!("{user} has no token {id}");
            }
            println!("token {id} revoked");
        }
    }
    Ok(())
}
