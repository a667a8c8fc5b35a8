//! The empty training log: what to do next.

use leptos::prelude::*;
use leptos_router::components::A;

/// Shown where workouts would be, before there are any.
#[component]
pub fn EmptyLog() -> impl IntoView {
    view! {
        <div class="empty-state">
            <p class="empty-icon" aria-hidden="true">"◴"</p>
            <p>"Your training log is empty."</p>
            <p class="muted">
                "Drop your FIT, TCX, GPX or Polar HRM files (or a zip of years of them) on the upload page: "
                "they will appear here, with their heart-rate and pace charts."
            </p>
            <A href="/upload" attr:class="button">"Upload workouts"</A>
        </div>
    }
}
