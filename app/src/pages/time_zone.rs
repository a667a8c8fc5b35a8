//! `/settings/time-zone?from=ZONE`: after the time zone changed, the workouts that took their
//! local time from the old one, before and after, and a button that moves them.

use domain::{ZoneMove, ZoneMovePreview};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::components::A;

use crate::{
    AppError,
    components::{FormMessage, RequireUser},
    csrf::CsrfField,
    time_zone::{MoveWorkoutsZone, zone_move_page},
};

/// At most this many rows are listed (the move takes them all).
const SHOWN: usize = 100;

/// The preview page.
#[component]
pub fn TimeZoneMove() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let from = move || query.with(|q| q.get("from")).unwrap_or_default();
    // Created here, outside `RequireUser`'s `Suspend` (see the settings page).
    let preview = Resource::new(from, zone_move_page);
    view! {
        <Title text=t!("timezone-title") />
        <RequireUser children=move |_| view! { <MovePanel preview /> } />
    }
}

#[component]
fn MovePanel(preview: Resource<Result<ZoneMovePreview, AppError>>) -> impl IntoView {
    let action = ServerAction::<MoveWorkoutsZone>::new();
    let result = Signal::derive(move || action.value().get());
    view! {
        <section class="card">
            <h1>{t!("timezone-heading")}</h1>
            <FormMessage result />
            <Transition fallback=|| view! { <p class="muted">{t!("loading")}</p> }>
                {move || Suspend::new(async move {
                    match preview.await {
                        Ok(preview) if preview.moves.is_empty() => Either::Left(view! {
                            <p class="empty-state">{t!("timezone-nothing", zone = &preview.from)}</p>
                            <p><A href="/settings">{t!("timezone-back")}</A></p>
                        }.into_any()),
                        Ok(preview) => Either::Left(view! { <Preview preview action /> }.into_any()),
                        Err(error) => Either::Right(view! { <p class="form-error">{error.to_string()}</p> }),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Preview(preview: ZoneMovePreview, action: ServerAction<MoveWorkoutsZone>) -> impl IntoView {
    let count = preview.moves.len();
    let days = preview.days_changed();
    let ZoneMovePreview { from, to, moves } = preview;
    let hidden = count.saturating_sub(SHOWN);
    view! {
        <p>{t!("timezone-explained", count = count, zone = &from)}</p>
        <p class="zone-move-summary">
            <strong>{t!("timezone-moved-to", zone = to)}" "</strong>
            {t!("timezone-days", count = days)}
            " "{t!("timezone-clocks")}
        </p>
        <ul class="zone-moves">
            {moves.into_iter().take(SHOWN).map(|m| view! { <MoveRow m /> }).collect_view()}
        </ul>
        {(hidden > 0).then(|| view! { <p class="muted">{t!("timezone-more", count = hidden)}</p> })}
        <ActionForm action attr:class="inline-form">
            <CsrfField />
            <input type="hidden" name="from" value=from />
            <button type="submit" class="primary">{t!("timezone-move", count = count)}</button>
            <A href="/settings">{t!("timezone-keep")}</A>
        </ActionForm>
    }
}

#[component]
fn MoveRow(m: ZoneMove) -> impl IntoView {
    let changes_day = m.changes_day();
    view! {
        <li class="zone-move" class:changes-day=changes_day>
            <A href=format!("/workouts/{}", m.id)>{m.title.clone()}</A>
            <span class="muted">{format!(" · {}", crate::i18n::sport(m.sport))}</span>
            <br />
            <span>{m.before.to_string()}</span>
            " → "
            <strong>{m.after.to_string()}</strong>
            {changes_day.then(|| view! { " " <span class="badge warning">{t!("timezone-another-day")}</span> })}
        </li>
    }
}
