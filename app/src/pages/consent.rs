//! `/oauth/authorize` (and Polar's `/oauth2/authorization`): a partner app asks for access.
//!
//! The page says in plain words who is asking, for what, and where the user will be sent; the
//! decision is a CSRF-protected POST to `/oauth/authorize`. The page may not be framed (the
//! server's `frame-ancestors 'none'` and `X-Frame-Options: DENY`).

use leptos::{either::EitherOf3, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_query_map};

use crate::{
    components::FormMessage,
    csrf::CsrfField,
    partners::{ConsentDecide, ConsentQuery, ConsentView, consent_request},
};

/// The consent page.
#[component]
pub fn Consent() -> impl IntoView {
    let query = use_query_map();
    let location = use_location();
    let request = Resource::new(
        move || {
            let q = query.get();
            let get = |k: &str| q.get(k);
            let consent = ConsentQuery {
                response_type: get("response_type"),
                client_id: get("client_id"),
                redirect_uri: get("redirect_uri"),
                scope: get("scope"),
                state: get("state"),
                code_challenge: get("code_challenge"),
                code_challenge_method: get("code_challenge_method"),
            };
            let next = format!("{}{}", location.pathname.get(), location.search.get());
            let next = if next.contains('?') || location.search.get().is_empty() {
                next
            } else {
                format!("{}?{}", location.pathname.get(), location.search.get())
            };
            (consent, next)
        },
        |(consent, next)| consent_request(consent, next),
    );
    let action = ServerAction::<ConsentDecide>::new();
    let result = Signal::derive(move || action.value().get());
    view! {
        <Title text=t!("partners-consent-title") />
        <section class="card narrow consent">
            <Transition fallback=|| view! { <p class="muted">{t!("loading")}</p> }>
                {move || Suspend::new(async move {
                    match request.await {
                        Ok(ConsentView::Ask { name, homepage, scopes, redirect_uri, query }) => {
                            let host = redirect_uri.split("://").nth(1).and_then(|r| r.split(['/', '?']).next()).unwrap_or(&redirect_uri).to_owned();
                            EitherOf3::A(view! {
                                <h1>{t!("partners-consent-heading", name = &name)}</h1>
                                {homepage.map(|h| view! { <p class="muted">{t!("partners-consent-from")} " " <a href=h.clone() rel="noopener noreferrer" target="_blank">{h.clone()}</a></p> })}
                                <FormMessage result />
                                <p>{t!("partners-consent-asks", name = &name)}</p>
                                <ul class="scopes">
                                    {scopes.into_iter().map(|s| view! { <li><strong>{s.description}</strong> <span class="muted">{format!(" ({})", s.name)}</span></li> }).collect_view()}
                                </ul>
                                <p class="muted">{t!("partners-consent-read-only")}</p>
                                <p>{t!("partners-consent-sent-to")} " " <strong class="redirect-host">{host}</strong> "."</p>
                                <ActionForm action attr:class="consent-actions">
                                    <CsrfField />
                                    {hidden("response_type", query.response_type)}
                                    {hidden("client_id", query.client_id)}
                                    {hidden("redirect_uri", query.redirect_uri)}
                                    {hidden("scope", query.scope)}
                                    {hidden("state", query.state)}
                                    {hidden("code_challenge", query.code_challenge)}
                                    {hidden("code_challenge_method", query.code_challenge_method)}
                                    <button type="submit" name="decision" value="approve" class="primary">{t!("partners-consent-allow", name = &name)}</button>
                                    <button type="submit" name="decision" value="deny">{t!("partners-consent-deny")}</button>
                                </ActionForm>
                            })
                        }
                        Ok(ConsentView::Refused(message)) => EitherOf3::B(view! {
                            <h1>{t!("partners-consent-refused")}</h1>
                            <p class="form-error" role="alert">{message}</p>
                            <p class="muted">{t!("partners-consent-nothing-shared")}</p>
                        }),
                        Ok(ConsentView::Leaving) => EitherOf3::C(view! { <p class="muted">{t!("partners-redirecting")}</p> }.into_any()),
                        Err(error) => EitherOf3::C(view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any()),
                    }
                })}
            </Transition>
        </section>
    }
}

fn hidden(name: &'static str, value: Option<String>) -> impl IntoView {
    value.map(|value| view! { <input type="hidden" name=name value=value /> })
}
