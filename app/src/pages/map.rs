//! `/map`: every route of the athlete on one map (a heatmap: routes run often show darker),
//! all time or of one year, of one sport or all.

use domain::MapRoutes;
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

use crate::{
    AppError,
    answers::{MapData, map_page},
    components::{RequireUser, RoutesMap},
};

/// The map page.
#[component]
pub fn MapPage() -> impl IntoView {
    let query = use_query_map();
    let wanted = move || {
        let q = query.get();
        (
            q.get("sport").unwrap_or_default(),
            q.get("year").unwrap_or_default(),
        )
    };
    // Created outside `RequireUser`'s `Suspend` (see the workout list for why).
    let data = Resource::new(wanted, |(sport, year)| map_page(sport, year));
    view! {
        <Title text=t!("map-title") />
        <RequireUser children=move |_| view! { <MapView data /> } />
    }
}

#[component]
fn MapView(data: Resource<Result<MapData, AppError>>) -> impl IntoView {
    view! {
        <section class="card">
            <h1>{t!("map-title")}</h1>
            <Transition fallback=|| view! { <p class="muted">{t!("loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => Either::Left(view! { <MapBody data /> }),
                        Err(error) => Either::Right(view! { <p class="form-error">{error.to_string()}</p> }),
                    }
                })}
            </Transition>
        </section>
    }
}

/// What the map shows, in words.
fn summary(routes: &MapRoutes) -> String {
    let shown = routes.routes.len();
    match (shown, routes.matching as usize) {
        (shown, matching) if shown == matching => t!("map-routes", count = shown),
        (shown, matching) if matching > routes.max_routes as usize => t!(
            "map-newest",
            shown = shown,
            matching = matching,
            max = routes.max_routes,
        ),
        (shown, matching) => t!("map-unreadable", shown = shown, matching = matching),
    }
}

#[component]
fn MapBody(data: MapData) -> impl IntoView {
    let MapData {
        routes,
        years,
        sports,
    } = data;
    let q = use_query_map().get_untracked();
    let sport = q.get("sport").unwrap_or_default();
    let year = q.get("year").unwrap_or_default();
    let svg_src = {
        let (from, to) = crate::answers::year_span(&year);
        let mut query = vec![];
        if !sport.is_empty() {
            query.push(format!("sport={}", domain::Sport::from_name(&sport).name()));
        }
        if let (Some(from), Some(to)) = (from, to) {
            query.push(format!("from={from}&to={to}"));
        }
        format!("/api/v1/routes.svg?{}", query.join("&"))
    };
    let text = summary(&routes);
    let empty = routes.routes.is_empty();
    let routes: Vec<(i64, String)> = routes
        .routes
        .into_iter()
        .map(|r| (r.workout_id.get(), r.polyline))
        .collect();
    view! {
        <form method="get" action="/map" class="inline-form filter">
            <label for="map-sport">{t!("word-sport")}</label>
            <select id="map-sport" name="sport">
                <option value="" selected=sport.is_empty()>{t!("map-all-sports")}</option>
                {sports.into_iter().map(|s| {
                    let selected = s.name() == sport;
                    view! { <option value=s.name() selected=selected>{crate::i18n::sport(s)}</option> }
                }).collect_view()}
            </select>
            <label for="map-year">{t!("map-period")}</label>
            <select id="map-year" name="year">
                <option value="" selected=year.is_empty()>{t!("map-all-time")}</option>
                {years.into_iter().map(|y| {
                    let selected = y.to_string() == year;
                    view! { <option value=y selected=selected>{y}</option> }
                }).collect_view()}
            </select>
            <button type="submit">{t!("map-show")}</button>
        </form>
        {if empty {
            Either::Left(view! {
                <div class="empty-state">
                    <p class="empty-icon" aria-hidden="true">"🗺"</p>
                    <p>{if year.is_empty() && sport.is_empty() { t!("map-empty") } else { t!("map-empty-filtered") }}</p>
                    <p class="muted">{t!("map-empty-hint")}</p>
                    <A href="/upload" attr:class="button">{t!("upload-workouts")}</A>
                </div>
            })
        } else {
            Either::Right(view! {
                <p class="muted map-summary">{text}</p>
                <RoutesMap routes svg_src />
            })
        }}
    }
}
