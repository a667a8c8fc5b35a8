//! `/admin/partners`: the partner registry (administrators only): register partner apps,
//! approve, suspend, rotate secrets. A new secret is shown once.

use leptos::{either::Either, prelude::*};
use leptos_meta::Title;

use crate::{
    AppError,
    components::{FormMessage, RequireUser, forbidden_after},
    csrf::CsrfField,
    partners::{AddPartner, ChangePartner, PartnerRegistry, PartnerRow, partners_page},
};

/// The partner registry page.
#[component]
pub fn Partners() -> impl IntoView {
    // Forms post as HTML and reload the page, so the data is read once per page load (a new
    // secret shows on the first load after it was made: see `partners_page`).
    // Created here, outside `RequireUser`'s `Suspend`: Suspense walks its children more than
    // once, so a resource created inside one is created (and its server function called) anew
    // each time, and the runs left behind lose the request's context.
    let page = Resource::new(|| (), |()| partners_page());
    view! {
        <Title text=t!("partners-title") />
        <RequireUser children=move |user| {
            if user.is_admin {
                Either::Left(view! { <PartnerPanel page /> })
            } else {
                Either::Right(forbidden_after(page))
            }
        } />
    }
}

#[component]
fn PartnerPanel(page: Resource<Result<PartnerRegistry, AppError>>) -> impl IntoView {
    let add = ServerAction::<AddPartner>::new();
    let change = ServerAction::<ChangePartner>::new();
    let add_result = Signal::derive(move || add.value().get());
    let change_result = Signal::derive(move || change.value().get());
    view! {
        <section class="card">
            <h1>{t!("partners-title")}</h1>
            <p class="muted">{t!("partners-intro")}</p>
            <FormMessage result=change_result success=t!("word-saved") />
            <Transition fallback=|| view! { <p class="muted">{t!("loading")}</p> }>
                {move || Suspend::new(async move {
                    let page = match page.await {
                        Ok(page) => page,
                        Err(error) => return Either::Right(view! { <p class="form-error">{error.to_string()}</p> }),
                    };
                    Either::Left(view! {
                        {page.new_secret.map(|(client_id, secret)| view! {
                            <div class="secret-once" role="status">
                                <p><strong>{t!("partners-secret-once")}</strong></p>
                                <p>"client_id " <code class="client-id">{client_id}</code></p>
                                <p>"client_secret " <code class="client-secret">{secret}</code></p>
                            </div>
                        })}
                        {if page.partners.is_empty() {
                            Either::Left(view! { <p class="empty-state">{t!("partners-empty")}</p> })
                        } else {
                            Either::Right(view! {
                                <table class="table partners">
                                    <thead><tr><th scope="col">{t!("partners-col-app")}</th><th scope="col">{t!("partners-col-status")}</th><th scope="col">{t!("partners-col-redirect-uris")}</th><th scope="col">{t!("partners-col-actions")}</th></tr></thead>
                                    <tbody>{page.partners.into_iter().map(|p| view! { <PartnerLine p change /> }).collect_view()}</tbody>
                                </table>
                            })
                        }}
                    })
                })}
            </Transition>
            <h2>{t!("partners-register-title")}</h2>
            <FormMessage result=add_result success=t!("partners-registered") />
            <ActionForm action=add attr:class="stack">
                <CsrfField />
                <div class="field"><label for="partner-name">{t!("word-name")}</label><input id="partner-name" name="name" required=true maxlength="100" /></div>
                <div class="field"><label for="partner-homepage">{t!("partners-homepage")}</label><input id="partner-homepage" name="homepage" type="url" placeholder="https://" /></div>
                <div class="field">
                    <label for="partner-uris">{t!("partners-redirect-uris")}</label>
                    <textarea id="partner-uris" name="redirect_uris" rows="2" required=true placeholder="https://app.example/callback"></textarea>
                </div>
                <fieldset>
                    <legend>{t!("partners-scopes-legend")}</legend>
                    <label class="checkbox"><input type="checkbox" name="scope_workouts" value="on" checked=true />" " {t!("word-workouts")}</label>
                    <label class="checkbox"><input type="checkbox" name="scope_activity" value="on" checked=true />" " {t!("partners-daily-activity")}</label>
                    <label class="checkbox"><input type="checkbox" name="scope_profile" value="on" checked=true />" " {t!("partners-profile")}</label>
                </fieldset>
                <div class="field">
                    <label for="partner-testers">{t!("partners-test-users")}</label>
                    <input id="partner-testers" name="test_users" placeholder="bob, carol" />
                </div>
                <label class="checkbox"><input type="checkbox" name="accesslink" value="on" />" " {t!("partners-accesslink")}</label>
                <label class="checkbox"><input type="checkbox" name="public" value="on" />" " {t!("partners-public")}</label>
                <label class="checkbox"><input type="checkbox" name="approved" value="on" />" " {t!("partners-approved")}</label>
                <button type="submit" class="primary">{t!("partners-register")}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn PartnerLine(p: PartnerRow, change: ServerAction<ChangePartner>) -> impl IntoView {
    let profile = match (p.accesslink, p.public) {
        (true, _) => "AccessLink".to_owned(),
        (false, true) => t!("partners-kind-public"),
        (false, false) => t!("partners-kind-standard"),
    };
    let (status, actions) = match p.status.as_str() {
        "approved" => (
            t!("partners-status-approved"),
            vec![("suspend", t!("partners-suspend"))],
        ),
        "suspended" => (
            t!("partners-status-suspended"),
            vec![("approve", t!("partners-reinstate"))],
        ),
        _ => (
            t!("partners-status-sandbox"),
            vec![
                ("approve", t!("partners-approve")),
                ("suspend", t!("partners-suspend")),
            ],
        ),
    };
    let rotate = !p.public;
    view! {
        <tr>
            <td><strong>{p.name.clone()}</strong><br /><code class="muted">{p.client_id.clone()}</code><br /><span class="muted">{format!("{profile} · {}", p.scopes)}</span></td>
            <td>{status}</td>
            <td>{p.redirect_uris.iter().map(|u| view! { <code>{u.clone()}</code><br /> }).collect_view()}</td>
            <td class="actions">
                {actions.into_iter().map(|(action, label)| view! { <ChangeButton client_id=p.client_id.clone() action label change /> }).collect_view()}
                {rotate.then(|| view! { <ChangeButton client_id=p.client_id.clone() action="rotate-secret" label=t!("partners-new-secret") change /> })}
            </td>
        </tr>
    }
}

#[component]
fn ChangeButton(
    client_id: String,
    action: &'static str,
    label: String,
    change: ServerAction<ChangePartner>,
) -> impl IntoView {
    view! {
        <ActionForm action=change attr:class="inline-form">
            <CsrfField />
            <input type="hidden" name="client_id" value=client_id />
            <input type="hidden" name="action" value=action />
            <button type="submit">{label}</button>
        </ActionForm>
    }
}
