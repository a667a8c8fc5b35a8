//! Which address a request comes from, for sign-in throttling.

use std::{net::SocketAddr, sync::Arc};

use app::auth::ClientAddr;
use axum::{
    extract::{ConnectInfo, Request, State},
    middleware::Next,
    response::Response,
};

use crate::config::Config;

/// Puts the client's [`ClientAddr`] into the request's extensions: the socket's peer, or, when
/// configured to trust a reverse proxy, the last `X-Forwarded-For` entry (the one the proxy
/// added; earlier entries are whatever the client claimed).
pub async fn layer(
    State(config): State<Arc<Config>>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let forwarded = config
        .trust_forwarded_for
        .then(|| {
            request
                .headers()
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|value| value.to_str().ok())
                .flat_map(|value| value.split(','))
                .next_back()
                .and_then(|last| last.trim().parse().ok())
        })
        .flatten();
    if let Some(addr) = forwarded.or(peer) {
        request.extensions_mut().insert(ClientAddr(addr));
    }
    next.run(request).await
}
