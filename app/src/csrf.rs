//! The anti-forgery (CSRF) token.
//!
//! The server keeps a random token in an HttpOnly, SameSite=Strict cookie and refuses every
//! state-changing request that does not repeat it, in the `csrf_token` form field or the
//! `x-csrf-token` header (a double-submit check: another site can make the browser send the
//! cookie, but cannot read it to fill in the field). The server renders the token into a
//! `<meta>` tag; the hydrated app reads it from there, so both render the same forms.

use leptos::prelude::*;

/// The form field that carries the token.
pub const FIELD: &str = "csrf_token";
/// The request header that carries the token (for requests that are not forms).
pub const HEADER: &str = "x-csrf-token";
/// The `<meta name>` the token is rendered into.
pub const META_NAME: &str = "csrf-token";

/// This browser's anti-forgery token.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CsrfToken(pub String);

impl CsrfToken {
    /// The token the server's CSRF layer attached to the current request (server side).
    #[cfg(feature = "ssr")]
    pub fn from_request() -> Option<Self> {
        use_context::<http::request::Parts>()?
            .extensions
            .get::<Self>()
            .cloned()
    }

    /// The token rendered into the page's `<meta>` tag (browser side).
    #[cfg(not(feature = "ssr"))]
    pub fn from_request() -> Option<Self> {
        #[cfg(feature = "hydrate")]
        {
            let document = web_sys::window()?.document()?;
            let meta = document
                .query_selector(&format!("meta[name={META_NAME}]"))
                .ok()??;
            meta.get_attribute("content").map(Self)
        }
        #[cfg(not(feature = "hydrate"))]
        None
    }
}

/// Makes the token available to [`CsrfField`].
pub fn provide_csrf_context() {
    provide_context(CsrfToken::from_request().unwrap_or_default());
}

/// The hidden input every state-changing form includes.
#[component]
pub fn CsrfField() -> impl IntoView {
    // Inside an island in the browser there is no server context: the page's meta tag has it.
    let token = use_context::<CsrfToken>()
        .or_else(CsrfToken::from_request)
        .unwrap_or_default();
    view! { <input type="hidden" name=FIELD value=token.0 /> }
}
