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
        <Title text="Create an account" />
        <section class="card narrow">
            <h1>"Create an account"</h1>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let state = state.await;
                    if let Ok(SignUpInfo { allowed: true, first }) = state {
                        Either::Left(view! {
                            {first.then(|| view! {
                                <p class="notice" role="note">"You are the first: this account becomes the administrator of this Laps. You can open sign-up for others or add their accounts under Administration."</p>
                            })}
                            <FormMessage result />
                            <ActionForm action attr:class="stack" attr:novalidate=true>
                                <CsrfField />
                                <TextField
                                    name="username"
                                    label="Username"
                                    autocomplete="username"
                                    hint="Letters, digits, '.', '-' and '_'; up to 32 characters."
                                    result
                                />
                                <TextField
                                    name="password"
                                    label="Password"
                                    kind="password"
                                    autocomplete="new-password"
                                    hint="At least 10 characters. A few words you will remember make a good one."
                                    result
                                />
                                <BrowserTimeZone />
                                <button type="submit" class="primary" disabled=move || action.pending().get()>
                                    "Create account"
                                </button>
                            </ActionForm>
                            <p class="muted">"Already have an account? " <A href="/signin">"Sign in"</A></p>
                        })
                    } else {
                        Either::Right(view! {
                            <p>"Sign-up is closed on this Laps. Ask its administrator for an account."</p>
                            <p><A href="/signin">"Sign in"</A></p>
                        })
                    }
                })}
            </Transition>
        </section>
    }
}
