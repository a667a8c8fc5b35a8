//! How many requests are served at once. Every request passes the general gate; uploads,
//! exports and sync-session closes (the requests that decode, encode or compress whole files)
//! also take a place at the heavy gate for as long as they work, so a burst of them cannot
//! exhaust memory or starve page views. A request that finds its gate full waits a little (a
//! burst clears in a moment), then gets `503 Service Unavailable` with `Retry-After`.

use std::{sync::Arc, time::Duration};

use axum::{
    extract::{FromRequestParts, Request, State},
    http::request::Parts,
    middleware::Next,
    response::{IntoResponse, Response},
};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::{ApiError, AppState};

/// The two gates and how long a request waits at one.
#[derive(Debug, Clone)]
pub struct Gates {
    all: Arc<Semaphore>,
    heavy: Arc<Semaphore>,
    wait: Duration,
}

impl Gates {
    /// Gates letting `all` requests and `heavy` heavy ones through at once; a request waits
    /// at most `wait` for a place.
    pub fn new(all: usize, heavy: usize, wait: Duration) -> Self {
        Self {
            all: Arc::new(Semaphore::new(all)),
            heavy: Arc::new(Semaphore::new(heavy)),
            wait,
        }
    }

    async fn enter(&self, gate: &Arc<Semaphore>) -> Result<OwnedSemaphorePermit, ApiError> {
        match tokio::time::timeout(self.wait, Arc::clone(gate).acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            // Timed out (or, never, closed): too busy right now.
            _ => Err(ApiError::Busy {
                retry_after: self.wait.as_secs().max(1),
            }),
        }
    }
}

/// The general gate, as middleware: held until the response (headers) is ready.
pub async fn layer(State(gates): State<Gates>, request: Request, next: Next) -> Response {
    match gates.enter(&gates.all).await {
        Ok(_permit) => next.run(request).await,
        Err(busy) => {
            tracing::warn!(path = request.uri().path(), "too many requests at once");
            busy.into_response()
        }
    }
}

/// A place at the heavy gate, taken before the request's body is read; the handler keeps it
/// for as long as it works (an export moves it into the task that writes the download).
#[derive(Debug)]
pub struct Heavy(#[allow(dead_code)] OwnedSemaphorePermit);

impl FromRequestParts<AppState> for Heavy {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let permit = state
            .gates
            .enter(&state.gates.heavy)
            .await
            .inspect_err(|_| {
                tracing::warn!(path = parts.uri.path(), "too many heavy requests at once");
            })?;
        Ok(Self(permit))
    }
}
