//! `/settings/tokens`: personal access tokens for scripts, phone uploaders and companion apps.

use leptos::{either::Either, prelude::*};
use leptos_meta::Title;

use crate::{
    AppError,
    components::{FormMessage, RequireUser, kept_value},
    csrf::CsrfField,
    tokens::{CreateToken, RevokeToken, TokenList, tokens_page},
};

/// The tokens page.
#[component]
pub fn Tokens() -> impl IntoView {
    // Forms post as HTML and reload the page: the data is read once per page load.
    // Created here, outside `RequireUser`'s `Suspend`: Suspense walks its children more than
    // once, so a resource created inside one is created (and its server function called) anew
    // each time, and the runs left behind lose the request's context.
    let page = Resource::new(|| (), |()| tokens_page());
    view! {
        <Title text=t!("tokens-title") />
        <RequireUser children=move |_| view! { <TokenPanel page /> } />
    }
}

#[component]
fn TokenPanel(page: Resource<Result<TokenList, AppError>>) -> impl IntoView {
    let create = ServerAction::<CreateToken>::new();
    let revoke = ServerAction::<RevokeToken>::new();
    let created = Signal::derive(move || create.value().get());
    let revoked = Signal::derive(move || revoke.value().get());
    let field_error = move |name: &'static str| {
        move || {
            created
                .get()
                .and_then(Result::err)
                .and_then(|e| e.for_field(name))
        }
    };
    view! {
        <section class="card">
            <h1>{t!("tokens-title")}</h1>
            <p class="muted">
                {t!("tokens-intro-before")}" "<code>"Authorization: Bearer …"</code>
                {t!("tokens-intro-middle")}" "<code>"?access_token=…"</code>
                " "{t!("tokens-intro-after")}
            </p>
            <FormMessage result=revoked success=t!("tokens-revoked") />
            <Transition fallback=|| view! { <p class="muted">{t!("loading")}</p> }>
                {move || Suspend::new(async move {
                    let page = match page.await {
                        Ok(page) => page,
                        Err(error) => return Either::Right(view! { <p class="form-error">{error.to_string()}</p> }),
                    };
                    Either::Left(view! {
                        {page.new_token.map(|(name, token)| view! {
                            <div class="secret-once" role="status">
                                <p><strong>{t!("tokens-copy", name = name)}</strong></p>
                                <p><code class="new-token">{token}</code></p>
                            </div>
                        })}
                        {if page.tokens.is_empty() {
                            Either::Left(view! { <p class="empty-state">{t!("tokens-empty")}</p> })
                        } else {
                            Either::Right(view! {
                                <table class="table tokens">
                                    <thead>
                                        <tr>
                                            <th scope="col">{t!("word-name")}</th>
                                            <th scope="col">{t!("tokens-may")}</th>
                                            <th scope="col">{t!("tokens-made-at")}</th>
                                            <th scope="col">{t!("tokens-last-used")}</th>
                                            <th scope="col"><span class="visually-hidden">{t!("tokens-revoke")}</span></th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {page.tokens.into_iter().map(|t| view! {
                                            <tr>
                                                <td>{t.name.clone()}</td>
                                                <td>{t.scopes.join(", ")}</td>
                                                <td>{t.created}</td>
                                                <td>{t.last_used.unwrap_or_else(|| t!("tokens-never"))}</td>
                                                <td>
                                                    <ActionForm action=revoke attr:class="inline-form">
                                                        <CsrfField />
                                                        <input type="hidden" name="id" value=t.id />
                                                        <button type="submit" class="danger" aria-label=t!("tokens-revoke-label", name = &t.name)>{t!("tokens-revoke")}</button>
                                                    </ActionForm>
                                                </td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            })
                        }}
                    })
                })}
            </Transition>
            <h2>{t!("tokens-make-title")}</h2>
            <FormMessage result=created success=t!("tokens-made") />
            <ActionForm action=create attr:class="stack">
                <CsrfField />
                <div class="field">
                    <label for="token-name">{t!("word-name")}</label>
                    <input id="token-name" name="name" value=kept_value("name") required=true maxlength="80" placeholder=t!("tokens-name-placeholder") />
                    <p class="field-error" role="alert">{field_error("name")}</p>
                </div>
                <fieldset>
                    <legend>{t!("tokens-it-may")}</legend>
                    <label class="checkbox"><input type="checkbox" name="scope_upload" value="on" checked=true />" "{t!("tokens-scope-upload-label")}</label>
                    <label class="checkbox"><input type="checkbox" name="scope_sync" value="on" />" "{t!("tokens-scope-sync-label")}</label>
                    <label class="checkbox"><input type="checkbox" name="scope_read" value="on" />" "{t!("tokens-scope-read-label")}</label>
                    <p class="field-error" role="alert">{field_error("scopes")}</p>
                </fieldset>
                <button type="submit" class="primary">{t!("tokens-make")}</button>
            </ActionForm>
        </section>
    }
}
