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
    i18n::num,
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
        <Title text=t!("records-title") />
        <RequireUser children=move |_| view! { <RecordsView data /> } />
    }
}

#[component]
fn RecordsView(data: Resource<Result<RecordsData, AppError>>) -> impl IntoView {
    view! {
        <section class="card">
            <h1>{t!("records-title")}</h1>
            <AnswersNav current="/records" />
            <Transition fallback=|| view! { <p class="muted">{t!("loading")}</p> }>
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
                {t!("records-pending", count = records.pending)}
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
                <p>{if year.is_empty() && sport.is_empty() && !ranged { t!("records-empty") } else { t!("records-empty-filtered") }}</p>
                <p class="muted">{t!("records-empty-hint")}</p>
                <A href="/upload" attr:class="button">{t!("upload-workouts")}</A>
            </div>
        }
    });
    view! {
        <form method="get" action="/records" class="inline-form filter">
            <label for="records-sport">{t!("word-sport")}</label>
            <select id="records-sport" name="sport">
                <option value="" selected=sport.is_empty()>{t!("records-all-sports")}</option>
                {sports.into_iter().map(|s| {
                    let selected = s.name() == sport;
                    view! { <option value=s.name() selected=selected>{crate::i18n::sport(s)}</option> }
                }).collect_view()}
            </select>
            <label for="records-year">{t!("records-period")}</label>
            <select id="records-year" name="year" aria-describedby="records-range-hint">
                <option value="" selected=year.is_empty()>{t!("records-all-time")}</option>
                {years.into_iter().map(|y| {
                    let selected = y.to_string() == year;
                    view! { <option value=y selected=selected>{y}</option> }
                }).collect_view()}
            </select>
            <fieldset class="date-range">
                <legend>{t!("records-between")}</legend>
                <label for="records-from">{t!("records-from")}</label>
                <input id="records-from" type="date" name="from" value=from />
                <label for="records-to">{t!("records-to")}</label>
                <input id="records-to" type="date" name="to" value=to />
                <small id="records-range-hint" class="muted">{t!("records-range-hint")}</small>
            </fieldset>
            <label class="check">
                <input type="checkbox" name="indoor" value="1" checked=indoor />
                {t!("records-indoor-distances")}
            </label>
            <button type="submit">{t!("records-show")}</button>
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
        ("/records", t!("records-title")),
        ("/curves", t!("curves-title")),
        ("/fitness", t!("fitness-title")),
    ];
    view! {
        <nav class="toggle answers-nav" aria-label=t!("records-answers")>
            {pages.into_iter().map(|(href, label)| view! {
                <A href=href attr:aria-current=(href == current).then_some("page")>{label}</A>
            }).collect_view()}
        </nav>
    }
}

/// A record's distance as runners name it: `400 m`, `1 km`, `1 mile`, `Half marathon`.
fn effort_distance(metres: u32) -> String {
    match metres {
        1609 => t!("records-mile"),
        21_097 | 21_098 => t!("records-half-marathon"),
        42_195 => t!("records-marathon"),
        m => display::effort_distance(m),
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
    let sport_name = crate::i18n::sport(sport);
    let labelled_by = id.clone();
    let style = SpeedStyle::for_sport(sport);
    let of = |kind: EffortKind| list.iter().filter(move |r| r.kind == kind);
    let distances: Vec<_> = of(EffortKind::Distance)
        .map(|r| {
            let pace = num(display::speed(f64::from(r.target) / r.value, style, units));
            (effort_distance(r.target), num(display::race_time(r.value)), Some(pace), r)
        })
        .chain(of(EffortKind::Longest).map(|r| {
            (t!("records-longest"), num(display::distance(r.value, units)), None, r)
        }))
        .map(|(what, value, pace, r)| view! {
            <tr>
                <th scope="row">{what}</th>
                <td class="num">{value}</td>
                <td class="num">{pace}</td>
                <td>{r.date.to_string()}</td>
                <td><a href=segment_link(r)>{r.title.clone()}</a>{r.indoor.then(|| format!(" {}", t!("records-indoor")))}</td>
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
            <h2 id=id>{sport_name}</h2>
            {has_distance.then(|| view! {
                <div class="table-scroll">
                    <table class="table">
                        <caption>{t!("records-fastest")}</caption>
                        <thead><tr><th scope="col">{t!("word-distance")}</th><th scope="col" class="num">{t!("word-time")}</th><th scope="col" class="num">{t!("word-pace")}</th><th scope="col">{t!("word-date")}</th><th scope="col">{t!("records-workout")}</th></tr></thead>
                        <tbody>{distances}</tbody>
                    </table>
                </div>
            })}
            {has_power.then(|| view! {
                <div class="table-scroll">
                    <table class="table">
                        <caption>{t!("records-best-power")}</caption>
                        <thead><tr><th scope="col">{t!("word-duration")}</th><th scope="col" class="num">{t!("records-mean-power")}</th><th scope="col">{t!("word-date")}</th><th scope="col">{t!("records-workout")}</th></tr></thead>
                        <tbody>{power}</tbody>
                    </table>
                </div>
            })}
            {has_hr.then(|| view! {
                <div class="table-scroll">
                    <table class="table">
                        <caption>{t!("records-highest-hr")}</caption>
                        <thead><tr><th scope="col">{t!("word-duration")}</th><th scope="col" class="num">{t!("records-mean-hr")}</th><th scope="col">{t!("word-date")}</th><th scope="col">{t!("records-workout")}</th></tr></thead>
                        <tbody>{heart}</tbody>
                    </table>
                </div>
            })}
        </section>
    }
}
