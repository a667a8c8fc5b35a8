//! `laps migrate`: bring the database schema up to date and exit.

use crate::{config::Config, startup};

/// `laps migrate`: applies pending migrations and prints the one the database is at.
pub async fn migrate(config: &Config) -> anyhow::Result<()> {
    let db = startup::connect(config).await?;
    let applied = db.applied_migrations().await?;
    println!(
        "database {} is at migration {}",
        config.database_url,
        applied.last().copied().unwrap_or(0)
    );
    db.close().await;
    Ok(())
}
