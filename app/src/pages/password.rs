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
                <fieldset>
                    <legend>"Also"</legend>
                    <label class="checkbox"><input type="checkbox" name="revoke_tokens" value="on" />" Revoke my access tokens"</label>
                    <label class="checkbox"><input type="checkbox" name="revoke_apps" value="on" />" Disconnect my partner apps"</label>
                    <label class="checkbox"><input type="checkbox" name="compromised" value="on" />" I think my password was compromised (revokes every token and disconnects every app)"</label>
                </fieldset>
                <button type="submit" class="primary" disabled=move || action.pending().get()>
                    "Change password"
                </button>
            </ActionForm>
        </section>
    }
}
