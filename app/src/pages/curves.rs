//! `/curves`: the athlete's mean-max power, pace or heart-rate curve over all time, this year
//! and the last 90 days (and a workout's own against them), on a log-scaled duration axis
//! with a readout, and the same numbers as a table.

use domain::{EffortKind, XAxis, display};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    answers::{CurvesData, curves_page},
    components::{ChartView, RequireUser},
    pages::records::AnswersNav,
};

/// The curves page.
#[component]
pub fn CurvesPage() -> impl IntoView {
    let query = use_query_map();
    let wanted = move || {
        let q = query.get();
        (
            q.get("kind").unwrap_or_default(),
            q.get("sport").unwrap_or_default(),
            q.get("workout")
                .and_then(|w| w.parse::<i64>().ok())
                .unwrap_or(0),
        )
    };
    // Created outside `RequireUser`'s `Suspend` (see the workout list for why).
    let data = Resource::new(wanted, |(kind, sport, workout)| {
        curves_page(kind, sport, workout)
    });
    view! {
        <Title text="Curves" />
        <RequireUser children=move |_| view! {
            <section class="card">
                <h1>"Curves"</h1>
                <AnswersNav current="/curves" />
                <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match data.await {
                            Ok(data) => Either::Left(view! { <CurvesBody data /> }),
                            Err(error) => Either::Right(view! { <p class="form-error">{error.to_string()}</p> }),
                        }
                    })}
                </Transition>
            </section>
        } />
    }
}

/// A value as the table shows it.
fn value_text(kind: EffortKind, value: f64, unit: &str) -> String {
    match kind {
        EffortKind::Pace => format!("{} {unit}", display::clock(value)),
        _ => format!("{value:.0} {unit}"),
    }
}

#[component]
fn CurvesBody(data: CurvesData) -> impl IntoView {
    let CurvesData {
        kind,
        chart,
        labels,
        rows,
        unit,
        sports,
    } = data;
    let q = use_query_map().get_untracked();
    let sport = q.get("sport").unwrap_or_default();
    let workout = q.get("workout").unwrap_or_default();
    let kinds = [
        (EffortKind::Power, "Power"),
        (EffortKind::Pace, "Pace"),
        (EffortKind::Hr, "Heart rate"),
    ];
    let body = match chart {
        None => Either::Left(view! {
            <div class="empty-state">
                <p class="empty-icon" aria-hidden="true">"📈"</p>
                <p>"No curve here yet."</p>
                <p class="muted">"Workouts recorded with a power meter, GPS or a heart-rate strap draw these curves: the best you held for every duration from seconds to hours."</p>
            </div>
        }),
        Some(c) => Either::Right(view! {
            <ChartView chart=c.chart axis=XAxis::LogDuration distance_unit=String::new() src=c.src segment=None />
            <div class="table-scroll">
                <table class="table">
                    <caption>"Best for each duration"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Duration"</th>
                            {labels.into_iter().map(|l| view! { <th scope="col" class="num">{l}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|(d, values)| view! {
                            <tr>
                                <th scope="row">{display::effort_duration(d)}</th>
                                {values.into_iter().map(|v| view! {
                                    <td class="num">{v.map_or_else(|| "–".to_owned(), |v| value_text(kind, v, &unit))}</td>
                                }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }),
    };
    view! {
        <form method="get" action="/curves" class="inline-form filter">
            <label for="curve-kind">"Curve"</label>
            <select id="curve-kind" name="kind">
                {kinds.into_iter().map(|(k, label)| view! {
                    <option value=k.name() selected=k == kind>{label}</option>
                }).collect_view()}
            </select>
            <label for="curve-sport">"Sport"</label>
            <select id="curve-sport" name="sport">
                <option value="" selected=sport.is_empty()>"All sports"</option>
                {sports.into_iter().map(|s| {
                    let selected = s.name() == sport;
                    view! { <option value=s.name() selected=selected>{s.label()}</option> }
                }).collect_view()}
            </select>
            {(!workout.is_empty()).then(|| view! { <input type="hidden" name="workout" value=workout.clone() /> })}
            <button type="submit">"Show"</button>
        </form>
        <p class="hint">"The best mean held for each duration, from 1 second to hours; the time axis is logarithmic. Open a workout's curve against these from its page."</p>
        {body}
    }
}
