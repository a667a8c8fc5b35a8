//! Maps: a workout's route and the map of all routes on map tiles with Leaflet.
//!
//! The map is no island: the page renders a container holding its data (tiles, the track,
//! laps, the marked effort) as attributes, and loads Leaflet and a small plain script
//! (`app/js/map.js`) with it, only on pages that show a map. Without script, or with
//! `--map-tiles none`, the server-drawn SVG stays what the page shows. The script talks to the
//! chart islands through a `laps-cursor` event on `window` (see [`crate::components::ChartView`]).

use domain::{RouteTrack, TileLayer, XAxis};
use leptos::prelude::*;
use leptos_meta::{Script, Stylesheet};

/// What pages with a map need: the tiles, and where the map's files are. The server provides
/// it when the map is on (`--map-tiles` is not `none`) and the site was built with the map's
/// files; without it, pages show their SVG only.
#[derive(Debug, Clone, PartialEq)]
pub struct MapSetup {
    /// Where tiles come from, whom they credit, how deep they zoom.
    pub tiles: TileLayer,
    /// Leaflet's script.
    pub leaflet_js: String,
    /// Leaflet's stylesheet.
    pub leaflet_css: String,
    /// Laps' own map script.
    pub glue_js: String,
}

/// The map setup, when the map is on.
pub fn use_map_setup() -> Option<MapSetup> {
    use_context::<MapSetup>()
}

/// Leaflet and the map script, into the page's head (deferred, so they run in order once the
/// page is parsed), and the map's container attributes for the tiles.
#[component]
fn MapFiles(setup: MapSetup) -> impl IntoView {
    view! {
        <Stylesheet id="leaflet-css" href=setup.leaflet_css />
        <Script id="leaflet-js" src=setup.leaflet_js defer="" />
        <Script id="laps-map-js" src=setup.glue_js defer="" />
    }
}

/// A workout's route on a map, above its SVG (which stays the fallback and is hidden once the
/// map is up); just the SVG when the map is off.
#[component]
pub fn RouteMap(
    /// The route as SVG, drawn by the server.
    svg: String,
    /// The route for the map.
    track: Option<RouteTrack>,
    /// Where each lap starts, seconds from the workout's start.
    laps: Vec<i64>,
    /// A stretch to mark (from, to, seconds): a record's effort.
    segment: Option<(u32, u32)>,
    /// What the charts' x axis measures (the map follows their cursor in those units).
    axis: XAxis,
) -> impl IntoView {
    let map = use_map_setup().zip(track).map(|(setup, track)| {
        let tiles = setup.tiles.clone();
        view! {
            <MapFiles setup />
            <div
                class="route-map map-box"
                hidden=true
                role="region"
                aria-label=t!("map-route-label")
                data-tiles=tiles.template.as_str().to_owned()
                data-attribution=tiles.attribution
                data-max-zoom=tiles.max_zoom
                data-track=json(track)
                data-laps=json(laps)
                data-segment=segment.map(|s| json([s.0, s.1]))
                data-axis=if axis == XAxis::Distance { "distance" } else { "time" }
                data-fallback="route-svg"
            ></div>
        }
    });
    view! {
        {map}
        <div class="route" id="route-svg" inner_html=svg></div>
    }
}

/// Every route of the athlete on one map; the SVG image at `svg_src` is the fallback.
#[component]
pub fn RoutesMap(
    /// The routes: each workout's id and its route as an encoded polyline.
    routes: Vec<(i64, String)>,
    /// The SVG picture of the same routes.
    svg_src: String,
) -> impl IntoView {
    let alt = t!("map-picture", count = routes.len());
    match use_map_setup() {
        Some(setup) => {
            let tiles = setup.tiles.clone();
            let routes = json(routes);
            leptos::either::Either::Left(view! {
                <MapFiles setup />
                <div
                    class="heat-map map-box"
                    hidden=true
                    role="region"
                    aria-label=t!("map-routes-label")
                    data-tiles=tiles.template.as_str().to_owned()
                    data-attribution=tiles.attribution
                    data-max-zoom=tiles.max_zoom
                    data-routes=routes
                ></div>
                <noscript><img class="heat-picture" src=svg_src alt=alt /></noscript>
            })
        }
        None => leptos::either::Either::Right(view! {
            <img class="heat-picture" src=svg_src alt=alt />
        }),
    }
}

/// JSON for a data attribute.
fn json(value: impl serde::Serialize) -> String {
    serde_json::to_string(&value).unwrap_or_default()
}
