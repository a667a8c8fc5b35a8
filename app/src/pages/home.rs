//! `/`: the signed-in home page.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::RequireUser;

/// The home page: a greeting and the training log's state.
#[component]
pub fn Home() -> impl IntoView {
    view! {
        <Title text="" />
        <RequireUser children=|user| {
            view! {
                <section class="card">
                    <h1>"Hello, " {user.username.to_string()}</h1>
                    <div class="empty-state">
                        <p class="empty-icon" aria-hidden="true">"◴"</p>
                        <p>"Your training log is empty."</p>
                        <p class="muted">
                            "Workouts you add will appear here, in a calendar with their heart-rate and pace charts."
                        </p>
                    </div>
                </section>
            }
        } />
    }
}
