//! `/activity/:date`: a day of synced activity: steps, active calories and time, by the hour.

use domain::display;
use leptos::{either::EitherOf3, prelude::*};
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    AppError,
    components::RequireUser,
    i18n::int,
    workouts::{DayActivity, activity_day},
};

/// The daily activity page.
#[component]
pub fn Activity() -> impl IntoView {
    let params = use_params_map();
    let date = Signal::derive(move || params.with(|p| p.get("date").unwrap_or_default()));
    // Created here, outside `RequireUser`'s `Suspend`: Suspense walks its children more than
    // once, so a resource created inside one is created (and its server function called) anew
    // each time, and the runs left behind lose the request's context.
    let day = Resource::new(move || date.get(), activity_day);
    view! {
        <Title text=t!("activity-title") />
        <RequireUser children=move |_| view! { <DayView date day /> } />
    }
}

#[component]
fn DayView(
    date: Signal<String>,
    day: Resource<Result<Option<DayActivity>, AppError>>,
) -> impl IntoView {
    view! {
        <section class="card">
            <Transition fallback=|| view! { <p class="muted">{t!("loading")}</p> }>
                {move || Suspend::new(async move {
                    match day.await {
                        Ok(Some(day)) => EitherOf3::A(view! { <Day day /> }),
                        Ok(None) => EitherOf3::B(view! {
                            <h1>{t!("activity-on", date = date.get())}</h1>
                            <p class="empty-state">{t!("activity-none")}</p>
                        }),
                        Err(error) => EitherOf3::C(view! { <p class="form-error">{error.to_string()}</p> }),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Day(day: DayActivity) -> impl IntoView {
    let most = day.hours.iter().map(|h| h.steps).max().unwrap_or(0).max(1);
    let month = format!("/calendar/{}/{}", day.date.year, day.date.month);
    let source = match &day.source {
        None => t!("activity-source-device"),
        Some(service) => t!("activity-source-archive", service = service),
    };
    view! {
        <h1>{t!("activity-on", date = day.date.to_string())}</h1>
        <dl class="tiles">
            <div><dt>{t!("activity-steps")}</dt><dd>{int(day.steps)}</dd></div>
            <div><dt>{t!("activity-active-calories")}</dt><dd>{format!("{} kcal", int(day.active_kcal))}</dd></div>
            <div><dt>{t!("activity-active-time")}</dt><dd>{display::duration(day.active_s * 1000)}</dd></div>
        </dl>
        <p class="muted">{source}</p>
        {(!day.hours.is_empty()).then(|| view! {
            <h2>{t!("activity-by-hour")}</h2>
            <ol class="hour-bars" aria-label=t!("activity-by-hour")>
                {(0..24u8).map(|hour| {
                    let steps = day.hours.iter().find(|h| h.hour == hour).map_or(0, |h| h.steps);
                    let height = f64::from(steps) / f64::from(most) * 100.0;
                    // Steps ungrouped (`4000`), as these labels always had them; as text, a
                    // catalogue gives `1` its singular with a `[1]` variant.
                    let (time, steps) = (format!("{hour:02}:00"), steps.to_string());
                    view! {
                        <li title=t!("activity-hour-title", time = &time, steps = &steps) aria-label=t!("activity-hour-label", time = &time, steps = &steps)>
                            <span class="bar" style=format!("height: {height:.0}%")></span>
                            <span class="hour">{(hour % 6 == 0).then(|| format!("{hour:02}"))}</span>
                        </li>
                    }
                }).collect_view()}
            </ol>
        })}
        <p class="muted"><A href=month>{t!("activity-back")}</A></p>
    }
}
