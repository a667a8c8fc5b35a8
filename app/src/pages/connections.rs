//! `/settings/connections`: the apps the user connected, and a Disconnect button for each.

use leptos::{either::Either, prelude::*};
use leptos_meta::Title;

use crate::{
    AppError,
    components::{FormMessage, RequireUser},
    csrf::CsrfField,
    partners::{ConnectedApp, DisconnectApp, connected_apps},
};

/// The connected-apps page.
#[component]
pub fn Connections() -> impl IntoView {
    let action = ServerAction::<DisconnectApp>::new();
    // Created here, outside `RequireUser`'s `Suspend`: Suspense walks its children more than
    // once, so a resource created inside one is created (and its server function called) anew
    // each time, and the runs left behind lose the request's context.
    let apps = Resource::new(move || action.version().get(), |_| connected_apps());
    view! {
        <Title text=t!("partners-connections-title") />
        <RequireUser children=move |_| view! { <ConnectionList action apps /> } />
    }
}

#[component]
fn ConnectionList(
    action: ServerAction<DisconnectApp>,
    apps: Resource<Result<Vec<ConnectedApp>, AppError>>,
) -> impl IntoView {
    let result = Signal::derive(move || action.value().get());
    view! {
        <section class="card">
            <h1>{t!("partners-connections-title")}</h1>
            <FormMessage result success=t!("partners-disconnected") />
            <Transition fallback=|| view! { <p class="muted">{t!("loading")}</p> }>
                {move || Suspend::new(async move {
                    match apps.await {
                        Ok(apps) if apps.is_empty() => Either::Left(view! {
                            <div class="empty-state">
                                <p>{t!("partners-connections-empty")}</p>
                                <p class="muted">{t!("partners-connections-empty-hint")}</p>
                            </div>
                        }.into_any()),
                        Ok(apps) => Either::Left(view! {
                            <ul class="connections">
                                {apps.into_iter().map(|app| {
                                    let used = app.last_used_at.map_or_else(|| t!("partners-never"), |t| crate::tokens::local_minute(t, app.utc_offset_min));
                                    let granted = crate::tokens::local_minute(app.granted_at, app.utc_offset_min);
                                    view! {
                                        <li class="connection">
                                            <h2>{app.name.clone()}</h2>
                                            {app.homepage.clone().map(|h| view! { <p class="muted"><a href=h.clone() rel="noopener noreferrer">{h.clone()}</a></p> })}
                                            <ul class="scopes">
                                                {app.scopes.into_iter().map(|s| view! { <li>{s.description}</li> }).collect_view()}
                                            </ul>
                                            <p class="muted">{t!("partners-connected", granted = granted, used = used)}</p>
                                            <ActionForm action>
                                                <CsrfField />
                                                <input type="hidden" name="client_id" value=app.client_id.clone() />
                                                <button type="submit" class="danger" aria-label=t!("partners-disconnect-label", name = &app.name)>{t!("partners-disconnect")}</button>
                                            </ActionForm>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()),
                        Err(error) => Either::Right(view! { <p class="form-error">{error.to_string()}</p> }),
                    }
                })}
            </Transition>
        </section>
    }
}
