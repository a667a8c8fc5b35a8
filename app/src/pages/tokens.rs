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
        <Title text="Access tokens" />
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
            <h1>"Access tokens"</h1>
            <p class="muted">"A token lets a script, a phone app or a sensor companion app upload or sync workouts as you, without your password. Send it as " <code>"Authorization: Bearer …"</code> "; apps that cannot set headers may add " <code>"?access_token=…"</code> " to the URL (less safe: URLs end up in logs)."</p>
            <FormMessage result=revoked success="Revoked. Apps using that token are refused from now on." />
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let page = match page.await {
                        Ok(page) => page,
                        Err(error) => return Either::Right(view! { <p class="form-error">{error.to_string()}</p> }),
                    };
                    Either::Left(view! {
                        {page.new_token.map(|(name, token)| view! {
                            <div class="secret-once" role="status">
                                <p><strong>{format!("Copy the token \u{201c}{name}\u{201d} now: it is shown only once.")}</strong></p>
                                <p><code class="new-token">{token}</code></p>
                            </div>
                        })}
                        {if page.tokens.is_empty() {
                            Either::Left(view! { <p class="empty-state">"No tokens yet."</p> })
                        } else {
                            Either::Right(view! {
                                <table class="table tokens">
                                    <thead><tr><th scope="col">"Name"</th><th scope="col">"May"</th><th scope="col">"Made"</th><th scope="col">"Last used"</th><th scope="col"><span class="visually-hidden">"Revoke"</span></th></tr></thead>
                                    <tbody>
                                        {page.tokens.into_iter().map(|t| view! {
                                            <tr>
                                                <td>{t.name.clone()}</td>
                                                <td>{t.scopes.join(", ")}</td>
                                                <td>{t.created}</td>
                                                <td>{t.last_used.unwrap_or_else(|| "never".into())}</td>
                                                <td>
                                                    <ActionForm action=revoke attr:class="inline-form">
                                                        <CsrfField />
                                                        <input type="hidden" name="id" value=t.id />
                                                        <button type="submit" class="danger" aria-label=format!("Revoke {}", t.name)>"Revoke"</button>
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
            <h2>"Make a token"</h2>
            <FormMessage result=created success="Made." />
            <ActionForm action=create attr:class="stack">
                <CsrfField />
                <div class="field">
                    <label for="token-name">"Name"</label>
                    <input id="token-name" name="name" value=kept_value("name") required=true maxlength="80" placeholder="Phone uploader" />
                    <p class="field-error" role="alert">{field_error("name")}</p>
                </div>
                <fieldset>
                    <legend>"It may"</legend>
                    <label class="checkbox"><input type="checkbox" name="scope_upload" value="on" checked=true />" Upload workout files"</label>
                    <label class="checkbox"><input type="checkbox" name="scope_sync" value="on" />" Sync sensor data"</label>
                    <label class="checkbox"><input type="checkbox" name="scope_read" value="on" />" Read workouts and exports"</label>
                    <p class="field-error" role="alert">{field_error("scopes")}</p>
                </fieldset>
                <button type="submit" class="primary">"Make token"</button>
            </ActionForm>
        </section>
    }
}
