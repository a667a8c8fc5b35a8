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
        <Title text="Move workouts to your time zone" />
        <RequireUser children=move |_| view! { <MovePanel preview /> } />
    }
}

#[component]
fn MovePanel(preview: Resource<Result<ZoneMovePreview, AppError>>) -> impl IntoView {
    let action = ServerAction::<MoveWorkoutsZone>::new();
    let result = Signal::derive(move || action.value().get());
    view! {
        <section class="card">
            <h1>"Move workouts to your time zone?"</h1>
            <FormMessage result />
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match preview.await {
                        Ok(preview) if preview.moves.is_empty() => Either::Left(view! {
                            <p class="empty-state">{format!("No workout has its local time from {} any more: nothing to move.", preview.from)}</p>
                            <p><A href="/settings">"Back to settings"</A></p>
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
    let plural = |n: usize, one: &'static str, many: &'static str| if n == 1 { one } else { many };
    let ZoneMovePreview { from, to, moves } = preview;
    let hidden = count.saturating_sub(SHOWN);
    view! {
        <p>
            {format!(
                "{count} {} took {} local time from your previous time zone, {from}, when {} imported: {} no position to tell where {} recorded, or {} Polar HRM files, which record local time only.",
                plural(count, "workout", "workouts"),
                plural(count, "its", "their"),
                plural(count, "it was", "they were"),
                plural(count, "it has", "they have"),
                plural(count, "it was", "they were"),
                plural(count, "it is one of the", "some are"),
            )}
        </p>
        <p class="zone-move-summary">
            <strong>{format!("Moved to {to}: ")}</strong>
            {if days == 0 {
                "none lands on another day.".to_owned()
            } else {
                format!("{days} {} on another day.", plural(days, "lands", "land"))
            }}
            " HRM files keep the time on their clock; the others keep their moment and show the new local time."
        </p>
        <ul class="zone-moves">
            {moves.into_iter().take(SHOWN).map(|m| view! { <MoveRow m /> }).collect_view()}
        </ul>
        {(hidden > 0).then(|| view! { <p class="muted">{format!("… and {hidden} more.")}</p> })}
        <ActionForm action attr:class="inline-form">
            <CsrfField />
            <input type="hidden" name="from" value=from />
            <button type="submit" class="primary">{format!("Move {count} {}", plural(count, "workout", "workouts"))}</button>
            <A href="/settings">"Keep them as they are"</A>
        </ActionForm>
    }
}

#[component]
fn MoveRow(m: ZoneMove) -> impl IntoView {
    let changes_day = m.changes_day();
    view! {
        <li class="zone-move" class:changes-day=changes_day>
            <A href=format!("/workouts/{}", m.id)>{m.title.clone()}</A>
            <span class="muted">{format!(" · {}", m.sport.label())}</span>
            <br />
            <span>{m.before.to_string()}</span>
            " → "
            <strong>{m.after.to_string()}</strong>
            {changes_day.then(|| view! { " " <span class="badge warning">"another day"</span> })}
        </li>
    }
}
