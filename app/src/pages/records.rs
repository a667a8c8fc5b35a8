//! `/records`: the athlete's bests per sport (fastest times over distances, the longest
//! distance, the highest power and heart rate over durations), all time, of one year or
//! between two chosen days, each linking to the workout with the effort's segment marked on its charts.

use domain::{EffortKind, Record, SpeedStyle, Sport, Units, display};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

use crate::{
    AppError,
    answers::{RecordsData, records_page},
    components::RequireUser,
};

/// The durations the page lists for power and heart rate (the API has every stored one).
const SHOWN_DURATIONS: [u32; 9] = [5, 15, 60, 300, 600, 1200, 1800, 3600, 7200];

/// The records page.
#[component]
pub fn RecordsPage() -> impl IntoView {
    let query = use_query_map();
    let wanted = move || {
        let q = query.get();
        (
            q.get("sport").unwrap_or_default(),
            q.get("year").unwrap_or_default(),
            q.get("from").unwrap_or_default(),
            q.get("to").unwrap_or_default(),
            q.get("indoor")
                .is_some_and(|v| v == "1" || v == "on" || v == "true"),
        )
    };
    // Created outside `RequireUser`'s `Suspend` (see the workout list for why).
    let data = Resource::new(wanted, |(sport, year, from, to, indoor)| {
        records_page(sport, year, from, to, indoor)
    });
    view! {
        <Title text="Records" />
        <RequireUser children=move |_| view! { <RecordsView data /> } />
    }
}

#[component]
fn RecordsView(data: Resource<Result<RecordsData, AppError>>) -> impl IntoView {
    view! {
        <section class="card">
            <h1>"Records"</h1>
            <AnswersNav current="/records" />
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => Either::Left(view! { <RecordsBody data /> }),
                        Err(error) => Either::Right(view! { <p class="form-error">{error.to_string()}</p> }),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn RecordsBody(data: RecordsData) -> impl IntoView {
    let RecordsData {
        records,
        years,
        sports,
        units,
    } = data;
    let q = use_query_map().get_untracked();
    let sport = q.get("sport").unwrap_or_default();
    let year = q.get("year").unwrap_or_default();
    let (from, to) = (
        q.get("from").unwrap_or_default(),
        q.get("to").unwrap_or_default(),
    );
    let ranged = !from.is_empty() || !to.is_empty();
    let indoor = q
        .get("indoor")
        .is_some_and(|v| v == "1" || v == "on" || v == "true");
    let pending = (records.pending > 0).then(|| {
        view! {
            <p class="notice" role="status">
                {format!(
                    "Working through your history: {} workouts still to analyse. Records may change as they are done.",
                    records.pending
                )}
            </p>
        }
    });
    let mut by_sport: Vec<(Sport, Vec<Record>)> = Vec::new();
    for r in records.records {
        match by_sport.iter_mut().find(|(s, _)| *s == r.sport) {
            Some((_, list)) => list.push(r),
            None => by_sport.push((r.sport, vec![r])),
        }
    }
    let empty = by_sport.is_empty().then(|| {
        view! {
            <div class="empty-state">
                <p class="empty-icon" aria-hidden="true">"🏅"</p>
                <p>{if year.is_empty() && sport.is_empty() && !ranged { "No records yet." } else { "No records here." }}</p>
                <p class="muted">"Workouts with distance, power or heart rate give records: the fastest 1 km, 5 km and marathon, the best 5-minute and 20-minute power, and more."</p>
                <A href="/upload" attr:class="button">"Upload workouts"</A>
            </div>
        }
    });
    view! {
        <form method="get" action="/records" class="inline-form filter">
            <label for="records-sport">"Sport"</label>
            <select id="records-sport" name="sport">
                <option value="" selected=sport.is_empty()>"All sports"</option>
                {sports.into_iter().map(|s| {
                    let selected = s.name() == sport;
                    view! { <option value=s.name() selected=selected>{s.label()}</option> }
                }).collect_view()}
            </select>
            <label for="records-year">"Period"</label>
            <select id="records-year" name="year" aria-describedby="records-range-hint">
                <option value="" selected=year.is_empty()>"All time"</option>
                {years.into_iter().map(|y| {
                    let selected = y.to_string() == year;
                    view! { <option value=y selected=selected>{y}</option> }
                }).collect_view()}
            </select>
            <fieldset class="date-range">
                <legend>"Or between two days"</legend>
                <label for="records-from">"From"</label>
                <input id="records-from" type="date" name="from" value=from />
                <label for="records-to">"To"</label>
                <input id="records-to" type="date" name="to" value=to />
                <small id="records-range-hint" class="muted">"Days given win over the period."</small>
            </fieldset>
            <label class="check">
                <input type="checkbox" name="indoor" value="1" checked=indoor />
                "Count treadmill and trainer distances"
            </label>
            <button type="submit">"Show"</button>
        </form>
        {pending}
        {empty}
        {by_sport.into_iter().map(|(sport, list)| view! { <SportRecords sport list units /> }).collect_view()}
    }
}

/// The tabs of the pages that answer questions: records, curves, fitness.
#[component]
pub(crate) fn AnswersNav(
    /// The page shown (its path).
    current: &'static str,
) -> impl IntoView {
    let pages = [
        ("/records", "Records"),
        ("/curves", "Curves"),
        ("/fitness", "Fitness"),
    ];
    view! {
        <nav class="toggle answers-nav" aria-label="Answers">
            {pages.into_iter().map(|(href, label)| view! {
                <A href=href attr:aria-current=(href == current).then_some("page")>{label}</A>
            }).collect_view()}
        </nav>
    }
}

/// The link to a record's workout with its segment marked on the charts.
fn segment_link(r: &Record) -> String {
    if r.length_s > 0.0 {
        format!(
            "/workouts/{}?from={:.0}&to={:.0}#charts",
            r.workout_id,
            r.start_offset_s.floor(),
            (r.start_offset_s + r.length_s).ceil()
        )
    } else {
        format!("/workouts/{}", r.workout_id)
    }
}

#[component]
fn SportRecords(sport: Sport, list: Vec<Record>, units: Units) -> impl IntoView {
    let id = format!("records-{}", sport.name());
    let labelled_by = id.clone();
    let style = SpeedStyle::for_sport(sport);
    let of = |kind: EffortKind| list.iter().filter(move |r| r.kind == kind);
    let distances: Vec<_> = of(EffortKind::Distance)
        .map(|r| {
            let pace = display::speed(f64::from(r.target) / r.value, style, units);
            (display::effort_distance(r.target), display::race_time(r.value), Some(pace), r)
        })
        .chain(of(EffortKind::Longest).map(|r| {
            ("Longest".to_owned(), display::distance(r.value, units), None, r)
        }))
        .map(|(what, value, pace, r)| view! {
            <tr>
                <th scope="row">{what}</th>
                <td class="num">{value}</td>
                <td class="num">{pace}</td>
                <td>{r.date.to_string()}</td>
                <td><a href=segment_link(r)>{r.title.clone()}</a>{r.indoor.then_some(" (indoor)")}</td>
            </tr>
        })
        .collect_view();
    let by_duration = |kind: EffortKind, unit: &'static str| {
        of(kind)
            .filter(|r| SHOWN_DURATIONS.contains(&r.target))
            .map(|r| {
                view! {
                    <tr>
                        <th scope="row">{display::effort_duration(r.target)}</th>
                        <td class="num">{format!("{:.0} {unit}", r.value)}</td>
                        <td>{r.date.to_string()}</td>
                        <td><a href=segment_link(r)>{r.title.clone()}</a></td>
                    </tr>
                }
            })
            .collect_view()
    };
    let power = by_duration(EffortKind::Power, "W");
    let heart = by_duration(EffortKind::Hr, "bpm");
    let has = |kind: EffortKind| list.iter().any(|r| r.kind == kind);
    let (has_distance, has_power, has_hr) = (
        has(EffortKind::Distance) || has(EffortKind::Longest),
        has(EffortKind::Power),
        has(EffortKind::Hr),
    );
    view! {
        <section class="records" aria-labelledby=labelled_by>
            <h2 id=id>{sport.label()}</h2>
            {has_distance.then(|| view! {
                <div class="table-scroll">
                    <table class="table">
                        <caption>"Fastest times"</caption>
                        <thead><tr><th scope="col">"Distance"</th><th scope="col" class="num">"Time"</th><th scope="col" class="num">"Pace"</th><th scope="col">"Date"</th><th scope="col">"Workout"</th></tr></thead>
                        <tbody>{distances}</tbody>
                    </table>
                </div>
            })}
            {has_power.then(|| view! {
                <div class="table-scroll">
                    <table class="table">
                        <caption>"Best power"</caption>
                        <thead><tr><th scope="col">"Duration"</th><th scope="col" class="num">"Mean power"</th><th scope="col">"Date"</th><th scope="col">"Workout"</th></tr></thead>
                        <tbody>{power}</tbody>
                    </table>
                </div>
            })}
            {has_hr.then(|| view! {
                <div class="table-scroll">
                    <table class="table">
                        <caption>"Highest heart rate"</caption>
                        <thead><tr><th scope="col">"Duration"</th><th scope="col" class="num">"Mean heart rate"</th><th scope="col">"Date"</th><th scope="col">"Workout"</th></tr></thead>
                        <tbody>{heart}</tbody>
                    </table>
                </div>
            })}
        </section>
    }
}
