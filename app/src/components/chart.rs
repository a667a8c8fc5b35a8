//! A server-drawn chart with a readout that follows the pointer (or the arrow keys).
//!
//! The charts of a page and its route map follow one another: whichever the athlete points at
//! announces its cursor (`x` in the charts' x-axis units, or `null` when it leaves) as a
//! [`CURSOR_EVENT`] on `window`, with its own name as `source`; the others move theirs there.

use domain::{Chart, XAxis, display};
use leptos::prelude::*;

use crate::i18n::num;

/// Where the pointer is across the element handling the event, 0 to 1.
#[cfg(feature = "hydrate")]
fn pointer_fraction(ev: &leptos::ev::PointerEvent) -> Option<f32> {
    use leptos::wasm_bindgen::JsCast as _;
    let element: web_sys::Element = ev.current_target()?.unchecked_into();
    let rect = element.get_bounding_client_rect();
    (rect.width() > 0.0).then(|| ((f64::from(ev.client_x()) - rect.left()) / rect.width()) as f32)
}

/// Pointer events only happen in the browser.
#[cfg(not(feature = "hydrate"))]
fn pointer_fraction(_: &leptos::ev::PointerEvent) -> Option<f32> {
    None
}

/// Below this width a chart shows its narrow picture (400 × 240, labels as large as on the
/// wide one): the same breakpoint as the pages' phone layouts.
pub const NARROW_MEDIA: &str = "(max-width: 42rem)";

/// Whether the window matches a media query now.
#[cfg(feature = "hydrate")]
fn media_matches(query: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(query).ok().flatten())
        .is_some_and(|list| list.matches())
}

/// Media queries are the browser's.
#[cfg(not(feature = "hydrate"))]
fn media_matches(_: &str) -> bool {
    false
}

/// The event the charts and the route map announce their cursor by (see the module's docs).
pub const CURSOR_EVENT: &str = "laps-cursor";

/// Tells the others where this chart's cursor is.
#[cfg(feature = "hydrate")]
fn announce(x: Option<f32>, source: &str) {
    use leptos::wasm_bindgen::JsValue;
    let detail = js_sys::Object::new();
    let x = x.map_or(JsValue::NULL, |x| JsValue::from_f64(f64::from(x)));
    let _ = js_sys::Reflect::set(&detail, &"x".into(), &x);
    let _ = js_sys::Reflect::set(&detail, &"source".into(), &source.into());
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&detail);
    if let (Some(window), Ok(event)) = (
        web_sys::window(),
        web_sys::CustomEvent::new_with_event_init_dict(CURSOR_EVENT, &init),
    ) {
        let _ = window.dispatch_event(&event);
    }
}

/// Only the browser has others to tell.
#[cfg(not(feature = "hydrate"))]
fn announce(_: Option<f32>, _: &str) {}

/// Follows the cursors the others announce: `follow` gets their `x` (`None` when it left).
#[cfg(feature = "hydrate")]
fn follow_others(own: String, follow: impl Fn(Option<f32>) + 'static) {
    use leptos::wasm_bindgen::JsCast as _;
    let handle = window_event_listener_untyped(CURSOR_EVENT, move |event| {
        let Some(event) = event.dyn_ref::<web_sys::CustomEvent>() else {
            return;
        };
        let detail = event.detail();
        let field = |name: &str| js_sys::Reflect::get(&detail, &name.into()).ok();
        if field("source").and_then(|s| s.as_string()).as_deref() == Some(own.as_str()) {
            return;
        }
        follow(field("x").and_then(|x| x.as_f64()).map(|x| x as f32));
    });
    on_cleanup(move || handle.remove());
}

/// Only the browser has others to follow.
#[cfg(not(feature = "hydrate"))]
fn follow_others(_: String, _: impl Fn(Option<f32>) + 'static) {}

fn x_text(x: f32, axis: XAxis, distance_unit: &str) -> String {
    match axis {
        XAxis::Time => display::duration((x * 1000.0) as i64),
        XAxis::Distance => num(format!("{x:.2} {distance_unit}")),
        XAxis::LogDuration => display::effort_duration(10f32.powf(x).round() as u32),
        XAxis::Day => domain::Date::from_days(x.round() as i64).to_string(),
    }
}

fn y_text(y: f32, chart: &Chart) -> String {
    match chart.key.as_str() {
        "pace" => format!("{} {}", display::clock(f64::from(y)), chart.unit),
        "speed" => num(format!("{y:.1} {}", chart.unit)),
        _ => format!("{y:.0} {}", chart.unit),
    }
}

/// The chart picture, a caption with its range, and the readout (an island: hydrated on its own).
#[island]
pub fn ChartView(
    /// The chart from the server.
    chart: Chart,
    /// What the x axis measures.
    axis: XAxis,
    /// `km` or `mi`, for distance readouts.
    distance_unit: String,
    /// Whether the picture has a phone-sized variant (shown below [`NARROW_MEDIA`]).
    has_narrow: bool,
    /// A stretch to mark (from, to, in the x axis' units): a record's effort.
    segment: Option<(f32, f32)>,
    /// The picture, rendered on the server and never sent as island data: a
    /// [`ChartPicture`] or an [`InlineChart`].
    children: Children,
) -> impl IntoView {
    let (x0, x1) = chart.x_range;
    let wide_plot = (chart.plot_left, chart.plot_right);
    let narrow_plot = chart.narrow_plot;
    // Which picture the browser shows: the narrow one on a phone, when there is one. Known in
    // the browser only; the server renders for the wide one.
    let (narrow, set_narrow) = signal(false);
    let check_narrow = move || {
        if has_narrow {
            set_narrow.set(media_matches(NARROW_MEDIA));
        }
    };
    Effect::new(move |_| check_narrow());
    let plot = move || if narrow.get() { narrow_plot } else { wide_plot };
    // The marked stretch as a share of the picture's width, clipped to the plot.
    let segment = segment.map(|(a, b)| {
        move || {
            let (left, right) = plot();
            let at = |x: f32| {
                let t = if x1 > x0 {
                    ((x - x0) / (x1 - x0)).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                (left + t * (right - left)) * 100.0
            };
            let (a, b) = (at(a.min(b)), at(a.max(b)));
            format!("left: {a:.2}%; width: {:.2}%", (b - a).max(0.0))
        }
    });
    let chart = StoredValue::new(chart);
    // The index of the point under the cursor.
    let (cursor, set_cursor) = signal(None::<usize>);
    let nearest = move |x: f32| {
        chart.with_value(|c| {
            let i = c.points.partition_point(|p| p.0 < x);
            match (i.checked_sub(1), c.points.get(i)) {
                (Some(a), Some(b)) if (x - c.points[a].0) < (b.0 - x) => Some(a),
                (_, Some(_)) => Some(i),
                (Some(a), None) => Some(a),
                (None, None) => None,
            }
        })
    };
    let key = chart.with_value(|c| c.key.clone());
    // Moves this chart's cursor for the athlete, and tells the others.
    let point_at = {
        let key = key.clone();
        move |i: Option<usize>| {
            set_cursor.set(i);
            let x = i.and_then(|i| chart.with_value(|c| c.points.get(i).map(|p| p.0)));
            announce(x, &key);
        }
    };
    follow_others(key, move |x| set_cursor.set(x.and_then(nearest)));
    let on_move = {
        let point_at = point_at.clone();
        move |ev: leptos::ev::PointerEvent| {
            let Some(fraction) = pointer_fraction(&ev) else {
                return;
            };
            // The window may have turned since: look again which picture is shown.
            check_narrow();
            let (left, right) = plot();
            let t = ((fraction - left) / (right - left)).clamp(0.0, 1.0);
            point_at(nearest(x0 + t * (x1 - x0)));
        }
    };
    let on_key = {
        let point_at = point_at.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            let len = chart.with_value(|c| c.points.len());
            if len == 0 {
                return;
            }
            let step = (len / 50).max(1);
            let current = cursor.get_untracked();
            let next = match ev.key().as_str() {
                "ArrowRight" => current.map_or(0, |i| (i + step).min(len - 1)),
                "ArrowLeft" => current.map_or(0, |i| i.saturating_sub(step)),
                "Home" => 0,
                "End" => len - 1,
                "Escape" => {
                    point_at(None);
                    return;
                }
                _ => return,
            };
            ev.prevent_default();
            point_at(Some(next));
        }
    };
    let leave = {
        let point_at = point_at.clone();
        move || point_at(None)
    };
    let leave_too = leave.clone();
    let readout = move || {
        let i = cursor.get()?;
        chart.with_value(|c| {
            let (x, y) = *c.points.get(i)?;
            let t = if x1 > x0 { (x - x0) / (x1 - x0) } else { 0.0 };
            let (left, right) = plot();
            let percent = (left + t * (right - left)) * 100.0;
            Some((
                percent,
                format!("{} · {}", x_text(x, axis, &distance_unit), y_text(y, c)),
            ))
        })
    };
    let ChartText {
        title,
        unit,
        summary,
    } = chart.with_value(ChartText::of);
    view! {
        <figure class="chart" data-chart=chart.with_value(|c| c.key.clone())>
            <figcaption>
                <span class="chart-title">{title.clone()}</span>
                <span class="muted">{format!(" ({unit}) {summary}")}</span>
            </figcaption>
            <div
                class="chart-box"
                tabindex="0"
                role="group"
                aria-label=t!("chart-label", title = &title)
                on:pointermove=on_move.clone()
                // A tap on a phone shows the value there (a touch moves nothing before it lifts).
                on:pointerdown=on_move
                // A finger that lifts leaves the element: the readout stays until the next tap.
                on:pointerleave=move |ev: leptos::ev::PointerEvent| if ev.pointer_type() != "touch" { leave() }
                on:keydown=on_key
                on:blur=move |_| leave_too()
            >
                {children()}
                {segment.map(|style| view! { <div class="chart-segment" style=style aria-hidden="true"></div> })}
                {move || readout().map(|(percent, text)| view! {
                    <div class="chart-cursor" style=format!("left: {percent:.2}%")></div>
                    <div class="chart-readout" style=format!("left: {:.2}%", percent.clamp(12.0, 88.0)) aria-live="polite">{text}</div>
                })}
            </div>
        </figure>
    }
}

/// What a chart says in words: its title, unit, and the range of its values.
pub struct ChartText {
    /// "Heart rate".
    pub title: String,
    /// "bpm".
    pub unit: String,
    /// "from 95 to 171 bpm", or for pace the fastest and slowest.
    pub summary: String,
}

impl ChartText {
    /// The words of `c`.
    pub fn of(c: &Chart) -> Self {
        let ys: Vec<f32> = c.points.iter().map(|p| p.1).collect();
        let lo = ys.iter().copied().fold(f32::MAX, f32::min);
        let hi = ys.iter().copied().fold(f32::MIN, f32::max);
        let summary = if ys.is_empty() {
            String::new()
        } else if c.key == "pace" {
            t!(
                "chart-pace-range",
                fastest = y_text(lo, c),
                slowest = y_text(hi, c),
            )
        } else {
            t!("chart-range", low = y_text(lo, c), high = y_text(hi, c))
        };
        Self {
            title: c.title.clone(),
            unit: c.unit.clone(),
            summary,
        }
    }

    /// The picture's description for screen readers.
    pub fn alt(&self) -> String {
        t!("chart-alt", title = &self.title, summary = &self.summary)
    }
}

/// A chart's picture fetched from its own URL (the fitness and curve pages), with the
/// phone-sized one where there is one.
#[component]
pub fn ChartPicture(
    /// The picture's description ([`ChartText::alt`]).
    alt: String,
    /// Where the picture is.
    src: String,
    /// Where the phone-sized picture is, if there is one.
    #[prop(optional)]
    narrow_src: Option<String>,
) -> impl IntoView {
    view! {
        <picture>
            {narrow_src.map(|narrow| view! { <source media=NARROW_MEDIA srcset=narrow /> })}
            <img class="chart-picture" src=src width="800" height="200" alt=alt />
        </picture>
    }
}

/// A chart's pictures placed inside the page (the workout page: its view is one request). Both
/// sizes are in the page; the style sheet shows the one for the screen's width.
#[component]
pub fn InlineChart(
    /// The pictures' description ([`ChartText::alt`]).
    alt: String,
    /// Its pictures, drawn by the server for inline use.
    pictures: domain::ChartPictures,
) -> impl IntoView {
    view! {
        <div class="chart-inline" role="img" aria-label=alt>
            <div class="chart-wide" inner_html=pictures.wide></div>
            <div class="chart-narrow" inner_html=pictures.narrow></div>
        </div>
    }
}
