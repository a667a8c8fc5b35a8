//! `/curves`: the athlete's mean-max power, pace or heart-rate curve over all time, this year
//! and the last 90 days (and a workout's own against them), on a log-scaled duration axis
//! with a readout, and the same numbers as a table.

use domain::{EffortKind, XAxis, display};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    answers::{CurvesData, curves_page},
    components::{ChartPicture, ChartText, ChartView, RequireUser},
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
        <Title text=t!("curves-title") />
        <RequireUser children=move |_| view! {
            <section class="card">
                <h1>{t!("curves-title")}</h1>
                <AnswersNav current="/curves" />
                <Transition fallback=|| view! { <p class="muted">{t!("loading")}</p> }>
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
        (EffortKind::Power, t!("word-power")),
        (EffortKind::Pace, t!("word-pace")),
        (EffortKind::Hr, t!("word-heart-rate")),
    ];
    let body = match chart {
        None => Either::Left(view! {
            <div class="empty-state">
                <p class="empty-icon" aria-hidden="true">"📈"</p>
                <p>{t!("curves-empty")}</p>
                <p class="muted">{t!("curves-empty-hint")}</p>
            </div>
        }),
        Some(c) => Either::Right(view! {
            <ChartView chart=c.chart.clone() axis=XAxis::LogDuration distance_unit=String::new() has_narrow=false segment=None>
                <ChartPicture alt=ChartText::of(&c.chart).alt() src=c.src />
            </ChartView>
            <div class="table-scroll">
                <table class="table">
                    <caption>{t!("curves-best")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!("word-duration")}</th>
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
            <label for="curve-kind">{t!("curves-curve")}</label>
            <select id="curve-kind" name="kind">
                {kinds.into_iter().map(|(k, label)| view! {
                    <option value=k.name() selected=k == kind>{label}</option>
                }).collect_view()}
            </select>
            <label for="curve-sport">{t!("word-sport")}</label>
            <select id="curve-sport" name="sport">
                <option value="" selected=sport.is_empty()>{t!("curves-all-sports")}</option>
                {sports.into_iter().map(|s| {
                    let selected = s.name() == sport;
                    view! { <option value=s.name() selected=selected>{crate::i18n::sport(s)}</option> }
                }).collect_view()}
            </select>
            {(!workout.is_empty()).then(|| view! { <input type="hidden" name="workout" value=workout.clone() /> })}
            <button type="submit">{t!("curves-show")}</button>
        </form>
        <p class="hint">{t!("curves-hint")}</p>
        {body}
    }
}
