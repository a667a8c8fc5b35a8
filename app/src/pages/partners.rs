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
        <Title text="Partner apps" />
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
            <h1>"Partner apps"</h1>
            <p class="muted">"Apps that read athletes' data through OAuth and the AccessLink-compatible /v3 API. A new app starts in the sandbox: only you can connect it until you approve it."</p>
            <FormMessage result=change_result success="Saved." />
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let page = match page.await {
                        Ok(page) => page,
                        Err(error) => return Either::Right(view! { <p class="form-error">{error.to_string()}</p> }),
                    };
                    Either::Left(view! {
                        {page.new_secret.map(|(client_id, secret)| view! {
                            <div class="secret-once" role="status">
                                <p><strong>"Copy the client secret now: it is shown only once."</strong></p>
                                <p>"client_id " <code class="client-id">{client_id}</code></p>
                                <p>"client_secret " <code class="client-secret">{secret}</code></p>
                            </div>
                        })}
                        {if page.partners.is_empty() {
                            Either::Left(view! { <p class="empty-state">"No partner apps yet."</p> })
                        } else {
                            Either::Right(view! {
                                <table class="table partners">
                                    <thead><tr><th scope="col">"App"</th><th scope="col">"Status"</th><th scope="col">"Redirect URIs"</th><th scope="col">"Actions"</th></tr></thead>
                                    <tbody>{page.partners.into_iter().map(|p| view! { <PartnerLine p change /> }).collect_view()}</tbody>
                                </table>
                            })
                        }}
                    })
                })}
            </Transition>
            <h2>"Register an app"</h2>
            <FormMessage result=add_result success="Registered." />
            <ActionForm action=add attr:class="stack">
                <CsrfField />
                <div class="field"><label for="partner-name">"Name"</label><input id="partner-name" name="name" required=true maxlength="100" /></div>
                <div class="field"><label for="partner-homepage">"Homepage"</label><input id="partner-homepage" name="homepage" type="url" placeholder="https://" /></div>
                <div class="field">
                    <label for="partner-uris">"Redirect URIs, one per line (matched exactly)"</label>
                    <textarea id="partner-uris" name="redirect_uris" rows="2" required=true placeholder="https://app.example/callback"></textarea>
                </div>
                <fieldset>
                    <legend>"What it may read (standard apps)"</legend>
                    <label class="checkbox"><input type="checkbox" name="scope_workouts" value="on" checked=true />" Workouts"</label>
                    <label class="checkbox"><input type="checkbox" name="scope_activity" value="on" checked=true />" Daily activity"</label>
                    <label class="checkbox"><input type="checkbox" name="scope_profile" value="on" checked=true />" Profile"</label>
                </fieldset>
                <div class="field">
                    <label for="partner-testers">"Test users while in the sandbox (usernames)"</label>
                    <input id="partner-testers" name="test_users" placeholder="bob, carol" />
                </div>
                <label class="checkbox"><input type="checkbox" name="accesslink" value="on" />" AccessLink-compatible (for clients written for Polar AccessLink: year-long tokens, PKCE optional)"</label>
                <label class="checkbox"><input type="checkbox" name="public" value="on" />" Public client (mobile or desktop app without a secret; must use PKCE)"</label>
                <label class="checkbox"><input type="checkbox" name="approved" value="on" />" Approved: anyone on this Laps may connect it"</label>
                <button type="submit" class="primary">"Register"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn PartnerLine(p: PartnerRow, change: ServerAction<ChangePartner>) -> impl IntoView {
    let profile = match (p.accesslink, p.public) {
        (true, _) => "AccessLink",
        (false, true) => "public",
        (false, false) => "standard",
    };
    let actions: Vec<(&str, &str)> = match p.status.as_str() {
        "approved" => vec![("suspend", "Suspend")],
        "suspended" => vec![("approve", "Reinstate")],
        _ => vec![("approve", "Approve"), ("suspend", "Suspend")],
    };
    let rotate = !p.public;
    view! {
        <tr>
            <td><strong>{p.name.clone()}</strong><br /><code class="muted">{p.client_id.clone()}</code><br /><span class="muted">{format!("{profile} · {}", p.scopes)}</span></td>
            <td>{p.status.clone()}</td>
            <td>{p.redirect_uris.iter().map(|u| view! { <code>{u.clone()}</code><br /> }).collect_view()}</td>
            <td class="actions">
                {actions.into_iter().map(|(action, label)| view! { <ChangeButton client_id=p.client_id.clone() action label change /> }).collect_view()}
                {rotate.then(|| view! { <ChangeButton client_id=p.client_id.clone() action="rotate-secret" label="New secret" change /> })}
            </td>
        </tr>
    }
}

#[component]
fn ChangeButton(
    client_id: String,
    action: &'static str,
    label: &'static str,
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
