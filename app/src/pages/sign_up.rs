//! `/signup`.

use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::components::A;

use crate::{
    auth::{SignUp as SignUpFn, SignUpInfo, sign_up_state},
    components::{BrowserTimeZone, FormMessage, TextField},
    csrf::CsrfField,
};

/// The sign-up form, or a note that sign-up is closed.
#[component]
pub fn SignUp() -> impl IntoView {
    // Created here, inside the routes: that is where a no-JavaScript form's error is read
    // back from the URL.
    let action = ServerAction::<SignUpFn>::new();
    let result = Signal::derive(move || action.value().get());
    let state = Resource::new(|| (), |_| sign_up_state());
    view! {
        <Title text=t!("account-sign-up-title") />
        <section class="card narrow">
            <h1>{t!("account-sign-up-title")}</h1>
            <Transition fallback=|| view! { <p class="muted">{t!("loading")}</p> }>
                {move || Suspend::new(async move {
                    let state = state.await;
                    if let Ok(SignUpInfo { allowed: true, first }) = state {
                        Either::Left(view! {
                            {first.then(|| view! {
                                <p class="notice" role="note">{t!("account-first")}</p>
                            })}
                            <FormMessage result />
                            <ActionForm action attr:class="stack" attr:novalidate=true>
                                <CsrfField />
                                <TextField
                                    name="username"
                                    label=t!("account-username")
                                    autocomplete="username"
                                    hint=t!("account-username-hint")
                                    result
                                />
                                <TextField
                                    name="password"
                                    label=t!("account-password")
                                    kind="password"
                                    autocomplete="new-password"
                                    hint=t!("account-password-hint")
                                    result
                                />
                                <BrowserTimeZone />
                                <button type="submit" class="primary" disabled=move || action.pending().get()>
                                    {t!("account-create")}
                                </button>
                            </ActionForm>
                            <p class="muted">{t!("account-have-account")}" "<A href="/signin">{t!("account-sign-in")}</A></p>
                        })
                    } else {
                        Either::Right(view! {
                            <p>{t!("account-sign-up-closed")}</p>
                            <p><A href="/signin">{t!("account-sign-in")}</A></p>
                        })
                    }
                })}
            </Transition>
        </section>
    }
}
