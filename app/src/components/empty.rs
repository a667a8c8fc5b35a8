//! The empty training log: what to do next.

use leptos::prelude::*;
use leptos_router::components::A;

/// Shown where workouts would be, before there are any.
#[component]
pub fn EmptyLog() -> impl IntoView {
    view! {
        <div class="empty-state">
            <p class="empty-icon" aria-hidden="true">"◴"</p>
            <p>{t!("empty-log")}</p>
            <p class="muted">{t!("empty-log-hint")}</p>
            <A href="/upload" attr:class="button">{t!("upload-workouts")}</A>
        </div>
    }
}
