//! `/workouts/{id}`: one workout — summary, charts, zones, laps, route, notes, exports.

use domain::{LapSummary, SpeedStyle, Units, WorkoutDetail, WorkoutSummary, XAxis, display};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::{
    components::A,
    hooks::{use_params_map, use_query_map},
};

use crate::{
    AppError,
    components::{ChartText, ChartView, FormMessage, InlineChart, RequireUser, RouteMap},
    csrf::CsrfField,
    gear::SetWorkoutGear,
    i18n::{date_long, int, num},
    pages::gear::GearOptions,
    workouts::{DeleteWorkout, UpdateWorkout, WorkoutPageData, workout_page},
};

/// The workout page.
#[component]
pub fn Workout() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let update = ServerAction::<UpdateWorkout>::new();
    let wanted = move || {
        let id = params
            .get()
            .get("id")
            .and_then(|i| i.parse::<i64>().ok())
            .unwrap_or(0);
        (
            id,
            query.get().get("x").unwrap_or_default(),
            update.version().get(),
        )
    };
    // Created here, outside `RequireUser`'s `Suspend`: Suspense walks its children more than
    // once, so a resource created inside one is created (and its server function called) anew
    // each time, and the runs left behind lose the request's context.
    let data = Resource::new(wanted, |(id, x, _)| workout_page(id, x));
    view! { <RequireUser children=move |_| view! { <WorkoutView data update /> } /> }
}

#[component]
fn WorkoutView(
    data: Resource<Result<WorkoutPageData, AppError>>,
    update: ServerAction<UpdateWorkout>,
) -> impl IntoView {
    view! {
        <Transition fallback=|| view! { <p class="muted">{t!("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => Either::Left(view! { <WorkoutBody data update /> }),
                    Err(error) => Either::Right(view! {
                        <Title text=t!("workout-title") />
                        <section class="card"><h1>{t!("workout-title")}</h1><p class="form-error">{error.to_string()}</p></section>
                    }),
                }
            })}
        </Transition>
    }
}

fn local_start(w: &WorkoutSummary) -> String {
    let date = w.local_date();
    let (h, m) = w.local_time();
    let zone = w
        .time_zone
        .as_deref()
        .map(|z| format!(" {z}"))
        .unwrap_or_default();
    t!(
        "workout-start",
        date = date_long(date),
        time = format!("{h:02}:{m:02}"),
        offset = w.offset_label(),
        zone = zone,
    )
}

fn tiles(w: &WorkoutSummary, units: Units) -> Vec<(String, String)> {
    let style = SpeedStyle::for_sport(w.sport);
    let mut tiles = vec![
        (t!("word-duration"), display::duration(w.metrics.elapsed_ms)),
        (t!("workout-moving-time"), display::duration(w.moving_ms)),
    ];
    if let Some(d) = w.metrics.distance_m {
        tiles.push((t!("word-distance"), num(display::distance(d, units))));
    }
    if let Some(v) = w.metrics.avg_speed {
        let label = if style == SpeedStyle::Speed {
            t!("workout-avg-speed")
        } else {
            t!("workout-avg-pace")
        };
        tiles.push((label, num(display::speed(v, style, units))));
    }
    if let Some(hr) = w.metrics.avg_hr {
        tiles.push((t!("workout-avg-hr"), format!("{hr} bpm")));
    }
    if let Some(hr) = w.metrics.max_hr {
        tiles.push((t!("workout-max-hr"), format!("{hr} bpm")));
    }
    if let Some(kcal) = w.metrics.calories {
        tiles.push((
            t!("word-calories"),
            format!("{} kcal", int(i64::from(kcal))),
        ));
    }
    if let Some(a) = w.metrics.ascent_m {
        tiles.push((t!("word-ascent"), display::elevation(a, units)));
    }
    if let Some(c) = w.metrics.avg_cadence {
        let (value, unit) = if style == SpeedStyle::Pace {
            (c * 2, "spm")
        } else {
            (c, "rpm")
        };
        tiles.push((t!("workout-avg-cadence"), format!("{value} {unit}")));
    }
    if let Some(p) = w.metrics.avg_power {
        tiles.push((t!("workout-avg-power"), format!("{p} W")));
    }
    if let Some(p) = w.max_power {
        tiles.push((t!("workout-max-power"), format!("{p} W")));
    }
    tiles
}

/// A workout chart's heading in the page's language (the service names them in English), by
/// the chart's key; `None` for a chart this page has no name for.
fn chart_title(key: &str) -> Option<String> {
    Some(match key {
        "heart_rate" => t!("word-heart-rate"),
        "pace" => t!("word-pace"),
        "speed" => t!("word-speed"),
        "elevation" => t!("word-elevation"),
        "cadence" => t!("word-cadence"),
        "power" => t!("word-power"),
        _ => return None,
    })
}

/// What ended a lap, in words.
fn trigger_text(trigger: domain::LapTrigger) -> String {
    use domain::LapTrigger;
    match trigger {
        LapTrigger::Manual => t!("workout-trigger-manual"),
        LapTrigger::Time => t!("workout-trigger-time"),
        LapTrigger::Distance => t!("workout-trigger-distance"),
        LapTrigger::Position => t!("workout-trigger-position"),
        LapTrigger::HeartRate => t!("workout-trigger-heart-rate"),
        LapTrigger::SessionEnd => t!("workout-trigger-session-end"),
        LapTrigger::Split => t!("workout-trigger-split"),
        LapTrigger::Other(_) => t!("workout-trigger-other"),
    }
}

#[component]
fn WorkoutBody(data: WorkoutPageData, update: ServerAction<UpdateWorkout>) -> impl IntoView {
    let WorkoutPageData {
        detail,
        preferences,
        gear: choices,
        load,
    } = data;
    let WorkoutDetail {
        summary,
        laps,
        laps_are_splits,
        zones,
        charts,
        pictures,
        x_axis,
        has_distance,
        route_svg,
        route,
        overlaps,
        sources,
        gear,
    } = detail;
    let units = preferences.units;
    let id = summary.id;
    // Power when it has power, else pace (or heart rate without distance), of its sport.
    let curves_link = {
        let kind = if summary.metrics.avg_power.is_some() {
            "power"
        } else if summary.metrics.distance_m.is_some() {
            "pace"
        } else {
            "hr"
        };
        format!(
            "/curves?kind={kind}&sport={}&workout={id}",
            summary.sport.name()
        )
    };
    // A record's link marks its effort: seconds from the start, on the time axis only.
    let segment = {
        let q = use_query_map().get_untracked();
        let second = |key: &str| q.get(key).and_then(|v| v.parse::<u32>().ok());
        match (second("from"), second("to")) {
            (Some(a), Some(b)) if b > a && x_axis == XAxis::Time => Some((a, b)),
            _ => None,
        }
    };
    // The map marks the same effort, and each lap, by seconds from the start.
    let map_segment = {
        let q = use_query_map().get_untracked();
        let second = |key: &str| q.get(key).and_then(|v| v.parse::<u32>().ok());
        match (second("from"), second("to")) {
            (Some(a), Some(b)) if b > a => Some((a, b)),
            _ => None,
        }
    };
    let lap_starts: Vec<i64> = laps
        .iter()
        .map(|lap| lap.start.ms_since(summary.start) / 1000)
        .collect();
    let distance_unit = if units == Units::Imperial { "mi" } else { "km" };
    let exports = [
        ("TCX".to_owned(), "tcx"),
        ("GPX".to_owned(), "gpx"),
        ("FIT".to_owned(), "fit"),
        ("HRM".to_owned(), "hrm"),
        ("CSV".to_owned(), "csv"),
        (t!("workout-export-original"), "original"),
    ];
    let zone_total: i64 = zones.iter().map(|z| z.ms).sum::<i64>().max(1);
    view! {
        <Title text=summary.title.clone() />
        <article class="card workout">
            <header class="workout-head">
                <p class=format!("sport-badge sport-{}", summary.sport.name().replace('_', "-"))>{crate::i18n::sport(summary.sport)}</p>
                <h1>{summary.title.clone()}</h1>
                <p class="muted">
                    <time datetime=formats_iso(summary.start.unix_ms())>{local_start(&summary)}</time>
                    {summary.device.clone().map(|d| format!(" · {d}"))}
                </p>
                {(!sources.is_empty()).then(|| view! {
                    <p class="muted sources">{t!("workout-also-in", sources = sources.join(", "))}</p>
                })}
            </header>
            {(!overlaps.is_empty()).then(move || view! {
                <p class="notice" role="note">
                    {t!("workout-overlaps")} " "
                    {overlaps.clone().into_iter().map(|(oid, title)| view! { <A href=format!("/workouts/{oid}")>{title}</A> " " }).collect_view()}
                </p>
            })}
            <dl class="tiles">
                {tiles(&summary, units).into_iter().map(|(label, value)| view! {
                    <div class="tile"><dt>{label}</dt><dd>{value}</dd></div>
                }).collect_view()}
                {load.map(|l| {
                    // Which load it is, said: training stress from power, or heart-rate TRIMP.
                    let (label, value) = match (l.basis, l.intensity) {
                        (domain::LoadBasis::Power, Some(i)) => (t!("workout-training-stress"), num(format!("{:.0} (IF {i:.2})", l.load))),
                        (domain::LoadBasis::Power, None) => (t!("workout-training-stress"), format!("{:.0}", l.load)),
                        (domain::LoadBasis::Hr, _) => (t!("workout-load-trimp"), format!("{:.0}", l.load)),
                    };
                    view! { <div class="tile"><dt>{label}</dt><dd>{value}</dd></div> }
                })}
            </dl>
            <p class="muted workout-answers">
                <A href=curves_link>{t!("workout-curve-link")}</A>
            </p>
            <nav class="exports" aria-label=t!("workout-export-label")>
                <span class="muted">{t!("workout-export")} " "</span>
                // GPX holds only points with a position: not offered for indoor workouts.
                {exports.into_iter().filter(|(_, fmt)| summary.has_gps || *fmt != "gpx").map(|(label, fmt)| view! {
                    <a class="button secondary" href=format!("/api/v1/workouts/{id}/export/{fmt}") download="" rel="external">{label}</a>
                }).collect_view()}
            </nav>
        </article>

        <WorkoutGear workout=id.get() current=gear choices />

        {(!charts.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="charts-heading">
                <header class="section-head">
                    <h2 id="charts-heading">{t!("workout-charts")}</h2>
                    {has_distance.then(|| view! {
                        <nav class="toggle" aria-label=t!("workout-chart-axis")>
                            // Plain links: the router's would mark "By time" current on
                            // both views (its path is the page's; the query is not compared).
                            <a href=format!("/workouts/{id}") aria-current=(x_axis == XAxis::Time).then_some("true")>{t!("workout-by-time")}</a>
                            <a href=format!("/workouts/{id}?x=distance") aria-current=(x_axis == XAxis::Distance).then_some("true")>{t!("workout-by-distance")}</a>
                        </nav>
                    })}
                </header>
                {segment.map(|(a, b)| view! {
                    <p class="segment-note">
                        <span class="segment-swatch" aria-hidden="true"></span>
                        {t!(
                            "workout-marked",
                            from = display::duration(i64::from(a) * 1000),
                            to = display::duration(i64::from(b) * 1000),
                        )}
                    </p>
                })}
                {charts.into_iter().zip(pictures).map(|(mut chart, pictures)| {
                    if let Some(title) = chart_title(&chart.key) {
                        chart.title = title;
                    }
                    let segment = segment.map(|(a, b)| (a as f32, b as f32));
                    // The pictures are in the page: the whole view is this one request.
                    view! {
                        <ChartView chart=chart.clone() axis=x_axis distance_unit=distance_unit.to_owned() has_narrow=true segment>
                            <InlineChart alt=ChartText::of(&chart).alt() pictures />
                        </ChartView>
                    }
                }).collect_view()}
            </section>
        })}

        {(!zones.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="zones-heading">
                <h2 id="zones-heading">{t!("workout-zones")}</h2>
                <ol class="zones">
                    {zones.into_iter().map(|z| {
                        let percent = z.ms as f64 * 100.0 / zone_total as f64;
                        view! {
                            <li class=format!("zone zone-{}", z.zone)>
                                <span class="zone-name">{t!("workout-zone", zone = z.zone, low = z.low, high = z.high)}</span>
                                <span class="zone-bar" aria-hidden="true"><span style=format!("width: {percent:.1}%")></span></span>
                                <span class="zone-time">{format!("{} ({})", display::duration(z.ms), num(format!("{percent:.0}%")))}</span>
                            </li>
                        }
                    }).collect_view()}
                </ol>
                <p class="muted">{t!("workout-zones-from")} " " <A href="/settings">{t!("workout-zones-settings")}</A> "."</p>
            </section>
        })}

        {(!laps.is_empty()).then(|| view! { <LapTable laps splits=laps_are_splits sport=summary.sport units /> })}

        {route_svg.map(|svg| view! {
            <section class="card" aria-labelledby="route-heading">
                <h2 id="route-heading">{t!("workout-route")}</h2>
                <RouteMap svg track=route laps=lap_starts segment=map_segment axis=x_axis />
            </section>
        })}

        <EditWorkout summary=summary.clone() update />
        <DeleteWorkoutForm id=id.get() />
    }
}

/// The start as an ISO 8601 UTC instant, for `<time datetime>`.
fn formats_iso(ms: i64) -> String {
    let date = domain::Date::from_days(ms.div_euclid(86_400_000));
    let s = ms.rem_euclid(86_400_000) / 1000;
    format!("{date}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

#[component]
fn LapTable(
    laps: Vec<LapSummary>,
    splits: bool,
    sport: domain::Sport,
    units: Units,
) -> impl IntoView {
    let style = SpeedStyle::for_sport(sport);
    // Columns only a workout with such samples fills (the service fills laps the device left
    // blank, so one value means the stream was recorded).
    let has_cadence = laps.iter().any(|l| l.metrics.avg_cadence.is_some());
    let has_power = laps
        .iter()
        .any(|l| l.metrics.avg_power.is_some() || l.normalized_power.is_some());
    let title = if splits {
        if units == Units::Imperial {
            t!("workout-splits-mile")
        } else {
            t!("workout-splits-kilometre")
        }
    } else {
        t!("word-laps")
    };
    // On a phone each lap is a card of labelled values (the labels come from here).
    let speed_label = if style == SpeedStyle::Speed {
        t!("word-speed")
    } else {
        t!("word-pace")
    };
    let (time, distance, avg_hr, max_hr) = (
        t!("word-time"),
        t!("word-distance"),
        t!("workout-avg-hr"),
        t!("workout-max-hr"),
    );
    let (cadence, avg_power, ended_by, lap_label) = (
        t!("word-cadence"),
        t!("workout-avg-power"),
        t!("workout-ended-by"),
        t!("workout-lap"),
    );
    view! {
        <section class="card" aria-labelledby="laps-heading">
            <h2 id="laps-heading">{title}</h2>
            <div class="table-scroll">
                <table class="table laps">
                    <thead>
                        <tr>
                            <th scope="col">"#"</th>
                            <th scope="col" class="num">{time.clone()}</th>
                            <th scope="col" class="num">{distance.clone()}</th>
                            <th scope="col" class="num">{speed_label.clone()}</th>
                            <th scope="col" class="num">{avg_hr.clone()}</th>
                            <th scope="col" class="num">{max_hr.clone()}</th>
                            {has_cadence.then(|| view! { <th scope="col" class="num">{cadence.clone()}</th> })}
                            {has_power
                                .then(|| {
                                    view! {
                                        <th scope="col" class="num">{avg_power.clone()}</th>
                                        <th scope="col" class="num">
                                            <abbr title=t!("workout-normalized-power")>"NP"</abbr>
                                        </th>
                                    }
                                })}
                            <th scope="col">{ended_by.clone()}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {laps.into_iter().map(|lap| view! {
                            <tr class:rest=lap.intensity == domain::Intensity::Rest data-lap=lap.index>
                                <td data-label=lap_label.clone()>{lap.index + 1}</td>
                                <td class="num" data-label=time.clone()>{display::duration(lap.timer_ms.unwrap_or(lap.metrics.elapsed_ms))}</td>
                                <td class="num" data-label=distance.clone()>{lap.metrics.distance_m.map(|d| num(display::distance(d, units)))}</td>
                                <td class="num" data-label=speed_label.clone()>{lap.metrics.avg_speed.map(|v| num(display::speed(v, style, units)))}</td>
                                <td class="num" data-label=avg_hr.clone()>{lap.metrics.avg_hr}</td>
                                <td class="num" data-label=max_hr.clone()>{lap.metrics.max_hr}</td>
                                {has_cadence.then(|| view! { <td class="num" data-label=cadence.clone()>{lap.metrics.avg_cadence}</td> })}
                                {has_power
                                    .then(|| {
                                        view! {
                                            <td class="num" data-label=avg_power.clone()>{lap.metrics.avg_power.map(|w| format!("{w} W"))}</td>
                                            <td class="num" data-label="NP">{lap.normalized_power.map(|w| format!("{w} W"))}</td>
                                        }
                                    })}
                                <td data-label=ended_by.clone()>{trigger_text(lap.trigger)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn EditWorkout(summary: WorkoutSummary, update: ServerAction<UpdateWorkout>) -> impl IntoView {
    let result: Signal<Option<Result<(), AppError>>> = Signal::derive(move || update.value().get());
    let current = summary.sport;
    view! {
        <section class="card" aria-labelledby="edit-heading">
            <h2 id="edit-heading">{t!("workout-edit")}</h2>
            <FormMessage result success=t!("word-saved") />
            <ActionForm action=update attr:class="stack-form">
                <CsrfField />
                <input type="hidden" name="id" value=summary.id.get() />
                <div class="field">
                    <label for="field-title">{t!("word-title")}</label>
                    <input id="field-title" name="title" value=summary.title.clone() required=true maxlength="120" />
                </div>
                <div class="field">
                    <label for="field-sport">{t!("word-sport")}</label>
                    <select id="field-sport" name="sport">
                        {domain::SPORTS.into_iter().map(|s| view! {
                            <option value=s.name() selected=s == current>{crate::i18n::sport(s)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="field-notes">{t!("word-notes")}</label>
                    <textarea id="field-notes" name="notes" rows="4" maxlength="10000">{summary.notes.clone()}</textarea>
                </div>
                <button type="submit">{t!("word-save")}</button>
            </ActionForm>
        </section>
    }
}

/// The workout's gear and the control to change it.
#[component]
fn WorkoutGear(
    workout: i64,
    current: Option<domain::Gear>,
    choices: Vec<domain::Gear>,
) -> impl IntoView {
    let set = ServerAction::<SetWorkoutGear>::new();
    let query = use_query_map();
    let status = move || match set.value().get() {
        Some(Err(error)) => Some(("form-error", error.to_string())),
        _ if query.with(|q| q.get("gear").as_deref() == Some("saved")) => {
            Some(("form-success", t!("workout-gear-saved")))
        }
        _ => None,
    };
    let current_id = current.as_ref().map(|g| g.id);
    // Gear in use, and the workout's own even when it is retired.
    let offered: Vec<domain::Gear> = choices
        .into_iter()
        .filter(|g| !g.retired || Some(g.id) == current_id)
        .collect();
    view! {
        <section class="card" aria-labelledby="gear-heading">
            <h2 id="gear-heading">{t!("workout-gear")}</h2>
            <div role="status" aria-live="polite">
                {move || status().map(|(class, text)| view! { <p class=class>{text}</p> })}
            </div>
            <p class="workout-gear">
                {match current {
                    Some(g) => {
                        let make = g.make().map(|m| format!(" ({m})"));
                        let retired = g.retired.then(|| t!("workout-gear-retired"));
                        Either::Left(view! {
                            {t!("workout-gear-done")} " " <A href="/gear">{g.name}</A> {make} {retired} "."
                        })
                    }
                    None => Either::Right(view! { {t!("workout-gear-none-chosen")} }),
                }}
            </p>
            {if offered.is_empty() {
                Either::Left(view! {
                    <p class="muted">{t!("workout-gear-add-before")} " " <A href="/gear">{t!("workout-gear-add-link")}</A> {t!("workout-gear-add-after")}</p>
                })
            } else {
                Either::Right(view! {
                    <ActionForm action=set attr:class="inline-form gear-choice">
                        <CsrfField />
                        <input type="hidden" name="workout" value=workout />
                        <label for="field-gear">{t!("workout-gear")}</label>
                        <select id="field-gear" name="gear_id">
                            <option value="" selected=current_id.is_none()>{t!("workout-gear-none")}</option>
                            <GearOptions gear=offered current=current_id />
                        </select>
                        <button type="submit">{t!("workout-gear-set")}</button>
                    </ActionForm>
                })
            }}
        </section>
    }
}

#[component]
fn DeleteWorkoutForm(id: i64) -> impl IntoView {
    let delete = ServerAction::<DeleteWorkout>::new();
    let result: Signal<Option<Result<(), AppError>>> = Signal::derive(move || delete.value().get());
    view! {
        <section class="card danger-zone">
            <details>
                <summary>{t!("workout-delete")}</summary>
                <p>{t!("workout-delete-warning")}</p>
                <FormMessage result />
                <ActionForm action=delete>
                    <CsrfField />
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class="danger">{t!("workout-delete-confirm")}</button>
                </ActionForm>
            </details>
        </section>
    }
}
