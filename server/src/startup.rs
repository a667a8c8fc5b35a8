//! Building and running the application: [`Application::build`], then
//! [`Application::run_until_stopped`]. Tests build one on port 0.

use std::{future::Future, net::SocketAddr, sync::Arc, time::Duration};

use anyhow::Context as _;
use tokio::net::TcpListener;

use crate::{
    config::Config,
    http::{AppState, Assets},
};

/// A bound, migrated, ready-to-run server.
pub struct Application {
    listener: TcpListener,
    state: AppState,
}

impl Application {
    /// Connects to the database, applies migrations and binds the listening socket.
    #[tracing::instrument(name = "startup", skip_all, fields(listen = %config.listen, database = %config.database_url))]
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let db = crate::commands::connect(&config).await?;
        let assets = Assets::discover(&config.site_dir);
        let workouts = workouts::Workouts::new(db.clone());
        let accounts = auth::Accounts::new(db, config.throttle);
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("Failed to listen on {}", config.listen))?;
        let state = AppState {
            accounts,
            leptos_options: assets.leptos_options(),
            assets: Arc::new(assets),
            config: Arc::new(config),
            workouts,
        };
        Ok(Self { listener, state })
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound socket has an address")
    }

    /// Serves until `shutdown` completes, then lets in-flight requests finish.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let db = self.state.accounts.db().clone();
        let sweeper = tokio::spawn(sweep_expired(db.clone(), self.state.config.throttle.window));
        tracing::info!(address = %self.local_addr(), public_url = self.state.config.public_url.as_str(), "Laps is listening");
        let app = crate::http::router(self.state);
        let served = axum::serve(
            self.listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
        .context("HTTP server failed");
        sweeper.abort();
        db.close().await;
        tracing::info!("stopped");
        served
    }
}

/// Deletes expired sessions and throttle windows once an hour. Every instance may run it: the
/// deletes are idempotent.
async fn sweep_expired(db: db::Db, throttle_window: Duration) {
    let window_ms = i64::try_from(throttle_window.as_millis()).unwrap_or(i64::MAX);
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        match (
            db.session_delete_expired().await,
            db.throttle_delete_expired(window_ms).await,
        ) {
            (Ok(sessions), Ok(windows)) => {
                tracing::debug!(sessions, windows, "expired rows deleted");
            }
            (Err(e), _) | (_, Err(e)) => {
                tracing::warn!(error = ?e, "could not delete expired rows");
            }
        }
    }
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown requested; finishing in-flight requests");
}
