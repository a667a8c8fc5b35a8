//! `/signin`.

use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::components::A;

use crate::{
    auth::{SignIn as SignInFn, SignUpInfo, sign_up_state},
    components::{FormMessage, TextField},
    csrf::CsrfField,
};

/// The sign-in form. Works as a plain HTML form before the WebAssembly loads.
#[component]
pub fn SignIn() -> impl IntoView {
    // Created here, inside the routes: that is where a no-JavaScript form's error is read
    // back from the URL.
    let action = ServerAction::<SignInFn>::new();
    let result = Signal::derive(move || action.value().get());
    let sign_up = Resource::new(|| (), |_| sign_up_state());
    // Where sign-in was asked from (e.g. an app's consent page), to go back there after.
    let query = leptos_router::hooks::use_query_map();
    let next = move || {
        query
            .with(|q| q.get("next"))
            .filter(|n| crate::auth::safe_next(Some(n)) == n)
    };
    view! {
        <Title text=t!("account-sign-in") />
        <section class="card narrow">
            <h1>{t!("account-sign-in")}</h1>
            <FormMessage result />
            <ActionForm action attr:class="stack" attr:novalidate=true>
                <CsrfField />
                {move || next().map(|next| view! { <input type="hidden" name="next" value=next /> })}
                <TextField name="username" label=t!("account-username") autocomplete="username" result />
                <TextField name="password" label=t!("account-password") kind="password" autocomplete="current-password" result />
                <button type="submit" class="primary" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { t!("account-signing-in") } else { t!("account-sign-in") }}
                </button>
            </ActionForm>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match sign_up.await {
                        // A fresh instance: whoever installed it comes here first.
                        Ok(SignUpInfo { first: true, .. }) => Some(Either::Left(view! {
                            <div class="notice" role="note">
                                <p><strong>{t!("account-fresh")}</strong>" "{t!("account-fresh-detail")}</p>
                                <p><A href="/signup" attr:class="button">{t!("account-create-first")}</A></p>
                            </div>
                        })),
                        Ok(SignUpInfo { allowed: true, .. }) => Some(Either::Right(view! {
                            <p class="muted">{t!("account-new-here")}" "<A href="/signup">{t!("account-sign-up-title")}</A></p>
                        })),
                        _ => None,
                    }
                })}
            </Transition>
        </section>
    }
}
