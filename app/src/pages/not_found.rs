//! The page for every unknown path.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// "Not found", with a 404 status when rendered on the server.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=t!("account-not-found") />
        <section class="card narrow">
            <h1>{t!("account-not-found")}</h1>
            <p>{t!("account-not-found-text")}</p>
            <p><A href="/">{t!("account-not-found-home")}</A></p>
        </section>
    }
}
