//! `/activity/:date`: a day of synced activity: steps, active calories and time, by the hour.

use domain::display;
use leptos::{either::EitherOf3, prelude::*};
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    AppError,
    components::RequireUser,
    pages::calendar::group_thousands,
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
        <Title text="Daily activity" />
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
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match day.await {
                        Ok(Some(day)) => EitherOf3::A(view! { <Day day /> }),
                        Ok(None) => EitherOf3::B(view! {
                            <h1>{format!("Activity on {}", date.get())}</h1>
                            <p class="empty-state">"No activity is known for this day. A wearable's companion app sends it through the sync API; account archives (Garmin Connect, Polar Flow, Apple Health, Google Fit) bring past days in from the upload page."</p>
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
    view! {
        <h1>{format!("Activity on {}", day.date)}</h1>
        <dl class="tiles">
            <div><dt>"Steps"</dt><dd>{group_thousands(day.steps)}</dd></div>
            <div><dt>"Active calories"</dt><dd>{format!("{} kcal", day.active_kcal)}</dd></div>
            <div><dt>"Active time"</dt><dd>{display::duration(day.active_s * 1000)}</dd></div>
        </dl>
        <p class="muted">{format!("Figures from {}.", day.source)}</p>
        {(!day.hours.is_empty()).then(|| view! {
            <h2>"Steps by the hour"</h2>
            <ol class="hour-bars" aria-label="Steps by the hour">
                {(0..24u8).map(|hour| {
                    let steps = day.hours.iter().find(|h| h.hour == hour).map_or(0, |h| h.steps);
                    let height = f64::from(steps) / f64::from(most) * 100.0;
                    view! {
                        <li title=format!("{hour:02}:00 · {steps} steps") aria-label=format!("{hour:02}:00, {steps} steps")>
                            <span class="bar" style=format!("height: {height:.0}%")></span>
                            <span class="hour">{(hour % 6 == 0).then(|| format!("{hour:02}"))}</span>
                        </li>
                    }
                }).collect_view()}
            </ol>
        })}
        <p class="muted"><A href=month>"Back to the calendar"</A></p>
    }
}
