//! `/workouts`: every workout, newest first, paged, with a sport filter.

use domain::display;
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

use crate::{
    AppError,
    components::{EmptyLog, RequireUser},
    workouts::{ListData, workout_list},
};

/// The list page.
#[component]
pub fn WorkoutList() -> impl IntoView {
    let query = use_query_map();
    let wanted = move || {
        let q = query.get();
        let page = q
            .get("page")
            .and_then(|p| p.parse::<u64>().ok())
            .unwrap_or(1);
        (page, q.get("sport").unwrap_or_default())
    };
    // Created here, outside `RequireUser`'s `Suspend`: Suspense walks its children more than
    // once, so a resource created inside one is created (and its server function called) anew
    // each time, and the runs left behind lose the request's context.
    let data = Resource::new(wanted, |(page, sport)| workout_list(page, sport));
    view! {
        <Title text="Workouts" />
        <RequireUser children=move |_| view! { <ListView data /> } />
    }
}

#[component]
fn ListView(data: Resource<Result<ListData, AppError>>) -> impl IntoView {
    let query = use_query_map();
    let banner = move || {
        let q = query.get();
        let n = |key: &str| q.get(key).and_then(|v| v.parse::<u64>().ok());
        n("imported").map(|imported| {
            format!(
                "Upload finished: {imported} imported, {} already there, {} refused.",
                n("duplicates").unwrap_or(0),
                n("refused").unwrap_or(0)
            )
        })
    };
    view! {
        <section class="card">
            <header class="calendar-head">
                <h1>"Workouts"</h1>
                <nav class="calendar-nav" aria-label="Views">
                    <A href="/calendar">"Calendar"</A>
                    <A href="/upload">"Upload"</A>
                </nav>
            </header>
            <div role="status" aria-live="polite">
                {move || banner().map(|text| view! { <p class="form-success">{text}</p> })}
            </div>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => Either::Left(view! { <ListTable data /> }),
                        Err(error) => Either::Right(view! { <p class="form-error">{error.to_string()}</p> }),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ListTable(data: ListData) -> impl IntoView {
    let ListData {
        workouts,
        total,
        page,
        per_page,
        sports,
        preferences,
    } = data;
    let units = preferences.units;
    let pages = total.div_ceil(per_page).max(1);
    let sport = use_query_map()
        .get_untracked()
        .get("sport")
        .unwrap_or_default();
    let link = {
        let sport = sport.clone();
        move |page: u64| {
            if sport.is_empty() {
                format!("/workouts?page={page}")
            } else {
                format!("/workouts?page={page}&sport={sport}")
            }
        }
    };
    if total == 0 && sport.is_empty() {
        return Either::Left(view! { <EmptyLog /> });
    }
    Either::Right(view! {
        <form method="get" action="/workouts" class="inline-form filter">
            <label for="sport-filter">"Sport"</label>
            <select id="sport-filter" name="sport">
                <option value="" selected=sport.is_empty()>"All sports"</option>
                {sports.into_iter().map(|s| {
                    let selected = s.name() == sport;
                    view! { <option value=s.name() selected=selected>{s.label()}</option> }
                }).collect_view()}
            </select>
            <button type="submit">"Show"</button>
        </form>
        <div class="table-scroll">
            <table class="table workouts">
                <thead>
                    <tr>
                        <th scope="col">"Date"</th>
                        <th scope="col">"Workout"</th>
                        <th scope="col">"Sport"</th>
                        <th scope="col" class="num">"Duration"</th>
                        <th scope="col" class="num">"Distance"</th>
                        <th scope="col" class="num">"Avg HR"</th>
                    </tr>
                </thead>
                <tbody>
                    {workouts.into_iter().map(|w| {
                        let (h, m) = w.local_time();
                        view! {
                            <tr>
                                <td class="when">{format!("{} {h:02}:{m:02}", w.local_date())}</td>
                                <td class="title"><A href=format!("/workouts/{}", w.id)>{w.title.clone()}</A></td>
                                <td class="sport"><span class=format!("sport-dot sport-{}", w.sport.name().replace('_', "-")) aria-hidden="true"></span>{w.sport.label()}</td>
                                <td class="num" data-label="Duration">{display::duration(w.metrics.elapsed_ms)}</td>
                                <td class="num" data-label="Distance">{w.metrics.distance_m.map(|d| display::distance(d, units))}</td>
                                <td class="num" data-label="Avg HR">{w.metrics.avg_hr}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <nav class="pager" aria-label="Pages">
            {(page > 1).then(|| view! { <A href=link(page - 1) attr:rel="prev">"‹ Newer"</A> })}
            <span>{format!("Page {page} of {pages} · {total} workouts")}</span>
            {(page < pages).then(|| view! { <A href=link(page + 1) attr:rel="next">"Older ›"</A> })}
        </nav>
    })
}
