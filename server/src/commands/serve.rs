//! `laps serve`: the web server.

use crate::{config::Config, startup};

/// `laps serve`: builds the application (connecting and migrating first) and serves until
/// Ctrl-C or SIGTERM.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let app = startup::Application::build(config).await?;
    app.run_until_stopped(startup::shutdown_signal()).await
}
