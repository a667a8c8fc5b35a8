//! `/workouts`: every workout, newest first, paged, with a sport filter.

use domain::display;
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

use crate::{
    AppError,
    components::{EmptyLog, RequireUser},
    i18n::{num, sport as sport_name},
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
        <Title text=t!("word-workouts") />
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
            t!(
                "list-upload-finished",
                imported = imported,
                duplicates = n("duplicates").unwrap_or(0),
                refused = n("refused").unwrap_or(0)
            )
        })
    };
    view! {
        <section class="card">
            <header class="calendar-head">
                <h1>{t!("word-workouts")}</h1>
                <nav class="calendar-nav" aria-label=t!("list-views")>
                    <A href="/calendar">{t!("nav-calendar")}</A>
                    <A href="/upload">{t!("nav-upload")}</A>
                </nav>
            </header>
            <div role="status" aria-live="polite">
                {move || banner().map(|text| view! { <p class="form-success">{text}</p> })}
            </div>
            <Transition fallback=|| view! { <p class="muted">{t!("loading")}</p> }>
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
    // The column names, again as each cell's label where the table is cards (a phone).
    let (duration, distance, avg_hr) =
        (t!("word-duration"), t!("word-distance"), t!("list-avg-hr"));
    Either::Right(view! {
        <form method="get" action="/workouts" class="inline-form filter">
            <label for="sport-filter">{t!("word-sport")}</label>
            <select id="sport-filter" name="sport">
                <option value="" selected=sport.is_empty()>{t!("list-all-sports")}</option>
                {sports.into_iter().map(|s| {
                    let selected = s.name() == sport;
                    view! { <option value=s.name() selected=selected>{sport_name(s)}</option> }
                }).collect_view()}
            </select>
            <button type="submit">{t!("list-show")}</button>
        </form>
        <div class="table-scroll">
            <table class="table workouts">
                <thead>
                    <tr>
                        <th scope="col">{t!("word-date")}</th>
                        <th scope="col">{t!("list-workout")}</th>
                        <th scope="col">{t!("word-sport")}</th>
                        <th scope="col" class="num">{duration.clone()}</th>
                        <th scope="col" class="num">{distance.clone()}</th>
                        <th scope="col" class="num">{avg_hr.clone()}</th>
                    </tr>
                </thead>
                <tbody>
                    {workouts.into_iter().map(|w| {
                        let (h, m) = w.local_time();
                        let (duration, distance, avg_hr) = (duration.clone(), distance.clone(), avg_hr.clone());
                        view! {
                            <tr>
                                <td class="when">{format!("{} {h:02}:{m:02}", w.local_date())}</td>
                                <td class="title"><A href=format!("/workouts/{}", w.id)>{w.title.clone()}</A></td>
                                <td class="sport"><span class=format!("sport-dot sport-{}", w.sport.name().replace('_', "-")) aria-hidden="true"></span>{sport_name(w.sport)}</td>
                                <td class="num" data-label=duration>{display::duration(w.metrics.elapsed_ms)}</td>
                                <td class="num" data-label=distance>{w.metrics.distance_m.map(|d| num(display::distance(d, units)))}</td>
                                <td class="num" data-label=avg_hr>{w.metrics.avg_hr}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <nav class="pager" aria-label=t!("list-pages")>
            {(page > 1).then(|| view! { <A href=link(page - 1) attr:rel="prev">{t!("list-newer")}</A> })}
            <span>{t!("list-page", page = page, pages = pages, count = total)}</span>
            {(page < pages).then(|| view! { <A href=link(page + 1) attr:rel="next">{t!("list-older")}</A> })}
        </nav>
    })
}
