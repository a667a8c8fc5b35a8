//! `/settings/password`.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    auth::ChangePassword as ChangePasswordFn,
    components::{FormMessage, RequireUser, TextField},
    csrf::CsrfField,
};

/// The change-password form.
#[component]
pub fn ChangePassword() -> impl IntoView {
    view! {
        <Title text="Change password" />
        <RequireUser children=|_user| view! { <ChangePasswordForm /> } />
    }
}

#[component]
fn ChangePasswordForm() -> impl IntoView {
    let action = ServerAction::<ChangePasswordFn>::new();
    let result = Signal::derive(move || action.value().get());
    view! {
        <section class="card narrow">
            <h1>"Change password"</h1>
            <p class="muted">"Your other devices will be signed out."</p>
            <FormMessage result success="Your password has been changed." />
            <ActionForm action attr:class="stack" attr:novalidate=true>
                <CsrfField />
                <TextField
                    name="current_password"
                    label="Current password"
                    kind="password"
                    autocomplete="current-password"
                    result
                />
                <TextField
                    name="password"
                    label="New password"
                    kind="password"
                    autocomplete="new-password"
                    hint="At least 10 characters."
                    result
                />
                <button type="submit" class="primary" disabled=move || action.pending().get()>
                    "Change password"
                </button>
            </ActionForm>
        </section>
    }
}
