//! A server-drawn chart with a readout that follows the pointer (or the arrow keys).

use domain::{Chart, XAxis, display};
use leptos::prelude::*;

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

fn x_text(x: f32, axis: XAxis, distance_unit: &str) -> String {
    match axis {
        XAxis::Time => display::duration((x * 1000.0) as i64),
        XAxis::Distance => format!("{x:.2} {distance_unit}"),
        XAxis::LogDuration => display::effort_duration(10f32.powf(x).round() as u32),
        XAxis::Day => domain::Date::from_days(x.round() as i64).to_string(),
    }
}

fn y_text(y: f32, chart: &Chart) -> String {
    match chart.key.as_str() {
        "pace" => format!("{} {}", display::clock(f64::from(y)), chart.unit),
        "speed" => format!("{y:.1} {}", chart.unit),
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
    /// Where the picture is.
    src: String,
    /// A stretch to mark (from, to, in the x axis' units): a record's effort.
    segment: Option<(f32, f32)>,
) -> impl IntoView {
    let (x0, x1) = chart.x_range;
    let (left, right) = (chart.plot_left, chart.plot_right);
    // The marked stretch as a share of the picture's width, clipped to the plot.
    let segment = segment.and_then(|(a, b)| {
        let at = |x: f32| {
            let t = if x1 > x0 {
                ((x - x0) / (x1 - x0)).clamp(0.0, 1.0)
            } else {
                0.0
            };
            (left + t * (right - left)) * 100.0
        };
        let (a, b) = (at(a.min(b)), at(a.max(b)));
        (b > a).then(|| format!("left: {a:.2}%; width: {:.2}%", b - a))
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
    let on_move = move |ev: leptos::ev::PointerEvent| {
        let Some(fraction) = pointer_fraction(&ev) else {
            return;
        };
        let t = ((fraction - left) / (right - left)).clamp(0.0, 1.0);
        set_cursor.set(nearest(x0 + t * (x1 - x0)));
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
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
                set_cursor.set(None);
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        set_cursor.set(Some(next));
    };
    let readout = move || {
        let i = cursor.get()?;
        chart.with_value(|c| {
            let (x, y) = *c.points.get(i)?;
            let t = if x1 > x0 { (x - x0) / (x1 - x0) } else { 0.0 };
            let percent = (left + t * (right - left)) * 100.0;
            Some((
                percent,
                format!("{} · {}", x_text(x, axis, &distance_unit), y_text(y, c)),
            ))
        })
    };
    let (title, unit, summary) = chart.with_value(|c| {
        let ys: Vec<f32> = c.points.iter().map(|p| p.1).collect();
        let lo = ys.iter().copied().fold(f32::MAX, f32::min);
        let hi = ys.iter().copied().fold(f32::MIN, f32::max);
        let summary = if ys.is_empty() {
            String::new()
        } else if c.key == "pace" {
            format!("fastest {}, slowest {}", y_text(lo, c), y_text(hi, c))
        } else {
            format!("from {} to {}", y_text(lo, c), y_text(hi, c))
        };
        (c.title.clone(), c.unit.clone(), summary)
    });
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
                aria-label=format!("{title}: move the pointer or use the arrow keys for values")
                on:pointermove=on_move
                on:pointerleave=move |_| set_cursor.set(None)
                on:keydown=on_key
                on:blur=move |_| set_cursor.set(None)
            >
                <img class="chart-picture" src=src width="800" height="200" alt=format!("{title} chart, {summary}") />
                {segment.map(|style| view! { <div class="chart-segment" style=style aria-hidden="true"></div> })}
                {move || readout().map(|(percent, text)| view! {
                    <div class="chart-cursor" style=format!("left: {percent:.2}%")></div>
                    <div class="chart-readout" style=format!("left: {:.2}%", percent.clamp(12.0, 88.0)) aria-live="polite">{text}</div>
                })}
            </div>
        </figure>
    }
}
