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
    components::{ChartView, FormMessage, RequireUser, RouteMap},
    csrf::CsrfField,
    gear::SetWorkoutGear,
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
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => Either::Left(view! { <WorkoutBody data update /> }),
                    Err(error) => Either::Right(view! {
                        <Title text="Workout" />
                        <section class="card"><h1>"Workout"</h1><p class="form-error">{error.to_string()}</p></section>
                    }),
                }
            })}
        </Transition>
    }
}

fn local_start(w: &WorkoutSummary) -> String {
    let date = w.local_date();
    let (h, m) = w.local_time();
    let weekday = domain::date::WEEKDAY_NAMES[date.weekday() as usize];
    let month = &domain::date::MONTH_NAMES[date.month as usize - 1][..3];
    let zone = w
        .time_zone
        .as_deref()
        .map(|z| format!(" {z}"))
        .unwrap_or_default();
    format!(
        "{weekday} {} {month} {}, {h:02}:{m:02} (UTC{}{zone})",
        date.day,
        date.year,
        w.offset_label()
    )
}

fn tiles(w: &WorkoutSummary, units: Units) -> Vec<(&'static str, String)> {
    let style = SpeedStyle::for_sport(w.sport);
    let mut tiles = vec![
        ("Duration", display::duration(w.metrics.elapsed_ms)),
        ("Moving time", display::duration(w.moving_ms)),
    ];
    if let Some(d) = w.metrics.distance_m {
        tiles.push(("Distance", display::distance(d, units)));
    }
    if let Some(v) = w.metrics.avg_speed {
        let label = if style == SpeedStyle::Speed {
            "Avg speed"
        } else {
            "Avg pace"
        };
        tiles.push((label, display::speed(v, style, units)));
    }
    if let Some(hr) = w.metrics.avg_hr {
        tiles.push(("Avg HR", format!("{hr} bpm")));
    }
    if let Some(hr) = w.metrics.max_hr {
        tiles.push(("Max HR", format!("{hr} bpm")));
    }
    if let Some(kcal) = w.metrics.calories {
        tiles.push(("Calories", format!("{kcal} kcal")));
    }
    if let Some(a) = w.metrics.ascent_m {
        tiles.push(("Ascent", display::elevation(a, units)));
    }
    if let Some(c) = w.metrics.avg_cadence {
        let (value, unit) = if style == SpeedStyle::Pace {
            (c * 2, "spm")
        } else {
            (c, "rpm")
        };
        tiles.push(("Avg cadence", format!("{value} {unit}")));
    }
    if let Some(p) = w.metrics.avg_power {
        tiles.push(("Avg power", format!("{p} W")));
    }
    if let Some(p) = w.max_power {
        tiles.push(("Max power", format!("{p} W")));
    }
    tiles
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
        ("TCX", "tcx"),
        ("GPX", "gpx"),
        ("FIT", "fit"),
        ("HRM", "hrm"),
        ("CSV", "csv"),
        ("Original", "original"),
    ];
    let zone_total: i64 = zones.iter().map(|z| z.ms).sum::<i64>().max(1);
    view! {
        <Title text=summary.title.clone() />
        <article class="card workout">
            <header class="workout-head">
                <p class=format!("sport-badge sport-{}", summary.sport.name().replace('_', "-"))>{summary.sport.label()}</p>
                <h1>{summary.title.clone()}</h1>
                <p class="muted">
                    <time datetime=formats_iso(summary.start.unix_ms())>{local_start(&summary)}</time>
                    {summary.device.clone().map(|d| format!(" · {d}"))}
                </p>
                {(!sources.is_empty()).then(|| view! {
                    <p class="muted sources">{format!("Also in: {}", sources.join(", "))}</p>
                })}
            </header>
            {(!overlaps.is_empty()).then(move || view! {
                <p class="notice" role="note">
                    "Another workout overlaps this one in time (perhaps the same session from another device): "
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
                        (domain::LoadBasis::Power, Some(i)) => ("Training stress", format!("{:.0} (IF {i:.2})", l.load)),
                        (domain::LoadBasis::Power, None) => ("Training stress", format!("{:.0}", l.load)),
                        (domain::LoadBasis::Hr, _) => ("Load (TRIMP)", format!("{:.0}", l.load)),
                    };
                    view! { <div class="tile"><dt>{label}</dt><dd>{value}</dd></div> }
                })}
            </dl>
            <p class="muted workout-answers">
                <A href=curves_link>"Its curve against your bests"</A>
            </p>
            <nav class="exports" aria-label="Export">
                <span class="muted">"Export: "</span>
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
                    <h2 id="charts-heading">"Charts"</h2>
                    {has_distance.then(|| view! {
                        <nav class="toggle" aria-label="Chart x axis">
                            // Plain links: the router's would mark "By time" current on
                            // both views (its path is the page's; the query is not compared).
                            <a href=format!("/workouts/{id}") aria-current=(x_axis == XAxis::Time).then_some("true")>"By time"</a>
                            <a href=format!("/workouts/{id}?x=distance") aria-current=(x_axis == XAxis::Distance).then_some("true")>"By distance"</a>
                        </nav>
                    })}
                </header>
                {segment.map(|(a, b)| view! {
                    <p class="segment-note">
                        <span class="segment-swatch" aria-hidden="true"></span>
                        {format!(
                            "Marked: the effort from {} to {} into the workout.",
                            display::duration(i64::from(a) * 1000),
                            display::duration(i64::from(b) * 1000)
                        )}
                    </p>
                })}
                {charts.into_iter().map(|chart| {
                    let x = if x_axis == XAxis::Distance { "?x=distance" } else { "" };
                    let src = format!("/api/v1/workouts/{id}/charts/{}.svg{x}", chart.key);
                    // A phone gets a picture drawn for its width (readable labels, taller).
                    let narrow_src = format!("/api/v1/workouts/{id}/charts/{}.svg?size=narrow{}", chart.key, x.replace('?', "&"));
                    let segment = segment.map(|(a, b)| (a as f32, b as f32));
                    view! { <ChartView chart axis=x_axis distance_unit=distance_unit.to_owned() src narrow_src segment /> }
                }).collect_view()}
            </section>
        })}

        {(!zones.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="zones-heading">
                <h2 id="zones-heading">"Heart-rate zones"</h2>
                <ol class="zones">
                    {zones.into_iter().map(|z| {
                        let percent = z.ms as f64 * 100.0 / zone_total as f64;
                        view! {
                            <li class=format!("zone zone-{}", z.zone)>
                                <span class="zone-name">{format!("Zone {} · {}–{} bpm", z.zone, z.low, z.high)}</span>
                                <span class="zone-bar" aria-hidden="true"><span style=format!("width: {percent:.1}%")></span></span>
                                <span class="zone-time">{format!("{} ({percent:.0}%)", display::duration(z.ms))}</span>
                            </li>
                        }
                    }).collect_view()}
                </ol>
                <p class="muted">"Zones from your " <A href="/settings">"settings"</A> "."</p>
            </section>
        })}

        {(!laps.is_empty()).then(|| view! { <LapTable laps splits=laps_are_splits sport=summary.sport units /> })}

        {route_svg.map(|svg| view! {
            <section class="card" aria-labelledby="route-heading">
                <h2 id="route-heading">"Route"</h2>
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
            "Splits (every mile)"
        } else {
            "Splits (every kilometre)"
        }
    } else {
        "Laps"
    };
    // On a phone each lap is a card of labelled values (the labels come from here).
    let speed_label = if style == SpeedStyle::Speed {
        "Speed"
    } else {
        "Pace"
    };
    view! {
        <section class="card" aria-labelledby="laps-heading">
            <h2 id="laps-heading">{title}</h2>
            <div class="table-scroll">
                <table class="table laps">
                    <thead>
                        <tr>
                            <th scope="col">"#"</th>
                            <th scope="col" class="num">"Time"</th>
                            <th scope="col" class="num">"Distance"</th>
                            <th scope="col" class="num">{if style == SpeedStyle::Speed { "Speed" } else { "Pace" }}</th>
                            <th scope="col" class="num">"Avg HR"</th>
                            <th scope="col" class="num">"Max HR"</th>
                            {has_cadence.then(|| view! { <th scope="col" class="num">"Cadence"</th> })}
                            {has_power
                                .then(|| {
                                    view! {
                                        <th scope="col" class="num">"Avg power"</th>
                                        <th scope="col" class="num">
                                            <abbr title="Normalized power">"NP"</abbr>
                                        </th>
                                    }
                                })}
                            <th scope="col">"Ended by"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {laps.into_iter().map(|lap| view! {
                            <tr class:rest=lap.intensity == domain::Intensity::Rest data-lap=lap.index>
                                <td data-label="Lap">{lap.index + 1}</td>
                                <td class="num" data-label="Time">{display::duration(lap.timer_ms.unwrap_or(lap.metrics.elapsed_ms))}</td>
                                <td class="num" data-label="Distance">{lap.metrics.distance_m.map(|d| display::distance(d, units))}</td>
                                <td class="num" data-label=speed_label>{lap.metrics.avg_speed.map(|v| display::speed(v, style, units))}</td>
                                <td class="num" data-label="Avg HR">{lap.metrics.avg_hr}</td>
                                <td class="num" data-label="Max HR">{lap.metrics.max_hr}</td>
                                {has_cadence.then(|| view! { <td class="num" data-label="Cadence">{lap.metrics.avg_cadence}</td> })}
                                {has_power
                                    .then(|| {
                                        view! {
                                            <td class="num" data-label="Avg power">{lap.metrics.avg_power.map(|w| format!("{w} W"))}</td>
                                            <td class="num" data-label="NP">{lap.normalized_power.map(|w| format!("{w} W"))}</td>
                                        }
                                    })}
                                <td data-label="Ended by">{lap.trigger.name().replace('_', " ")}</td>
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
            <h2 id="edit-heading">"Title, sport and notes"</h2>
            <FormMessage result success="Saved." />
            <ActionForm action=update attr:class="stack-form">
                <CsrfField />
                <input type="hidden" name="id" value=summary.id.get() />
                <div class="field">
                    <label for="field-title">"Title"</label>
                    <input id="field-title" name="title" value=summary.title.clone() required=true maxlength="120" />
                </div>
                <div class="field">
                    <label for="field-sport">"Sport"</label>
                    <select id="field-sport" name="sport">
                        {domain::SPORTS.into_iter().map(|s| view! {
                            <option value=s.name() selected=s == current>{s.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="field-notes">"Notes"</label>
                    <textarea id="field-notes" name="notes" rows="4" maxlength="10000">{summary.notes.clone()}</textarea>
                </div>
                <button type="submit">"Save"</button>
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
            Some(("form-success", "Gear saved.".to_owned()))
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
            <h2 id="gear-heading">"Gear"</h2>
            <div role="status" aria-live="polite">
                {move || status().map(|(class, text)| view! { <p class=class>{text}</p> })}
            </div>
            <p class="workout-gear">
                {match current {
                    Some(g) => {
                        let make = g.make().map(|m| format!(" ({m})"));
                        let retired = g.retired.then_some(", now retired");
                        Either::Left(view! {
                            "Done with " <A href="/gear">{g.name}</A> {make} {retired} "."
                        })
                    }
                    None => Either::Right(view! { "No gear chosen." }),
                }}
            </p>
            {if offered.is_empty() {
                Either::Left(view! {
                    <p class="muted">"Add your shoes or bike on the " <A href="/gear">"gear page"</A> ", then choose them here; their kilometres add up there."</p>
                })
            } else {
                Either::Right(view! {
                    <ActionForm action=set attr:class="inline-form gear-choice">
                        <CsrfField />
                        <input type="hidden" name="workout" value=workout />
                        <label for="field-gear">"Gear"</label>
                        <select id="field-gear" name="gear_id">
                            <option value="" selected=current_id.is_none()>"None"</option>
                            <GearOptions gear=offered current=current_id />
                        </select>
                        <button type="submit">"Set gear"</button>
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
                <summary>"Delete this workout…"</summary>
                <p>"The workout, its laps, samples and original file are deleted for good. Export it first if you may want it back."</p>
                <FormMessage result />
                <ActionForm action=delete>
                    <CsrfField />
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class="danger">"Delete for good"</button>
                </ActionForm>
            </details>
        </section>
    }
}
