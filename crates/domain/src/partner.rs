//! What partner apps send that the browser carries: the OAuth authorization request.

use serde::{Deserialize, Serialize};

/// The query of an authorization request, as sent (every field optional, so that a bad
/// request can be told apart from a missing one).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct AuthorizeQuery {
    /// Must be `code`.
    pub response_type: Option<String>,
    /// The partner.
    pub client_id: Option<String>,
    /// One of the partner's registered URIs, exactly; the default when absent.
    pub redirect_uri: Option<String>,
    /// Space-separated; the partner's allowed scopes when absent.
    pub scope: Option<String>,
    /// Echoed back.
    pub state: Option<String>,
    /// PKCE S256 challenge.
    pub code_challenge: Option<String>,
    /// Must be `S256` when a challenge is sent.
    pub code_challenge_method: Option<String>,
}
