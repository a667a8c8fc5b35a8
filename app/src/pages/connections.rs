//! `/settings/connections`: the apps the user connected, and a Disconnect button for each.

use leptos::{either::Either, prelude::*};
use leptos_meta::Title;

use crate::{
    components::{FormMessage, RequireUser},
    csrf::CsrfField,
    partners::{DisconnectApp, connected_apps},
};

/// The connected-apps page.
#[component]
pub fn Connections() -> impl IntoView {
    view! {
        <Title text="Connected apps" />
        <RequireUser children=|_| view! { <ConnectionList /> } />
    }
}

#[component]
fn ConnectionList() -> impl IntoView {
    let action = ServerAction::<DisconnectApp>::new();
    let result = Signal::derive(move || action.value().get());
    let apps = Resource::new(move || action.version().get(), |_| connected_apps());
    view! {
        <section class="card">
            <h1>"Connected apps"</h1>
            <FormMessage result success="Disconnected. The app can no longer read your data." />
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match apps.await {
                        Ok(apps) if apps.is_empty() => Either::Left(view! {
                            <div class="empty-state">
                                <p>"No apps are connected."</p>
                                <p class="muted">"When a coach's platform or another service asks to read your training data, it appears here, and you can disconnect it at any time."</p>
                            </div>
                        }.into_any()),
                        Ok(apps) => Either::Left(view! {
                            <ul class="connections">
                                {apps.into_iter().map(|app| {
                                    let used = app.last_used_at.map_or_else(|| "never".to_owned(), |t| crate::tokens::local_minute(t, app.utc_offset_min));
                                    view! {
                                        <li class="connection">
                                            <h2>{app.name.clone()}</h2>
                                            {app.homepage.clone().map(|h| view! { <p class="muted"><a href=h.clone() rel="noopener noreferrer">{h.clone()}</a></p> })}
                                            <ul class="scopes">
                                                {app.scopes.into_iter().map(|s| view! { <li>{s.description}</li> }).collect_view()}
                                            </ul>
                                            <p class="muted">{format!("Connected {} · last used {used}", crate::tokens::local_minute(app.granted_at, app.utc_offset_min))}</p>
                                            <ActionForm action>
                                                <CsrfField />
                                                <input type="hidden" name="client_id" value=app.client_id.clone() />
                                                <button type="submit" class="danger" aria-label=format!("Disconnect {}", app.name)>"Disconnect"</button>
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
