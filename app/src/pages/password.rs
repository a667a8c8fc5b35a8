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
        <Title text=t!("account-change-password") />
        <RequireUser children=|_user| view! { <ChangePasswordForm /> } />
    }
}

#[component]
fn ChangePasswordForm() -> impl IntoView {
    let action = ServerAction::<ChangePasswordFn>::new();
    let result = Signal::derive(move || action.value().get());
    view! {
        <section class="card narrow">
            <h1>{t!("account-change-password")}</h1>
            <p class="muted">{t!("account-other-devices")}</p>
            <FormMessage result success=t!("account-password-changed") />
            <ActionForm action attr:class="stack" attr:novalidate=true>
                <CsrfField />
                <TextField
                    name="current_password"
                    label=t!("account-current-password")
                    kind="password"
                    autocomplete="current-password"
                    result
                />
                <TextField
                    name="password"
                    label=t!("account-new-password")
                    kind="password"
                    autocomplete="new-password"
                    hint=t!("account-new-password-hint")
                    result
                />
                <fieldset>
                    <legend>{t!("account-also")}</legend>
                    <label class="checkbox"><input type="checkbox" name="revoke_tokens" value="on" />" "{t!("account-revoke-tokens")}</label>
                    <label class="checkbox"><input type="checkbox" name="revoke_apps" value="on" />" "{t!("account-revoke-apps")}</label>
                    <label class="checkbox"><input type="checkbox" name="compromised" value="on" />" "{t!("account-compromised")}</label>
                </fieldset>
                <button type="submit" class="primary" disabled=move || action.pending().get()>
                    {t!("account-change-password")}
                </button>
            </ActionForm>
        </section>
    }
}
