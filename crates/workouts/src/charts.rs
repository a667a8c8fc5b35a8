//! Charts drawn with plotters to SVG on the server, and the route as SVG.
//!
//! Each picture is a standalone SVG with its own light and dark colours (a `prefers-color-scheme`
//! rule inside it), so browsers can cache it apart from the page; being vectors, they stay crisp
//! on any screen.

use std::sync::Once;

use domain::{Chart, Language, XAxis, display};
use plotters::{
    coord::{
        ranged1d::{DefaultFormatting, KeyPointHint},
        types::RangedCoordf64,
    },
    prelude::*,
};

use crate::analysis::{Series, downsample};

mod lines;
mod ticks;

pub use lines::{Line, Lines};

const WIDTH: u32 = 800;
const HEIGHT: u32 = 200;
const LEFT: u32 = 56;
const RIGHT_MARGIN: u32 = 12;

/// The picture's size: wide (800 × 200) for screens, or narrow (400 × 240) for phones, where
/// a wide picture shrunk to the screen would be about 90 px tall with its labels unreadable.
/// The labels keep their size in both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Size {
    /// 800 × 200.
    #[default]
    Wide,
    /// 400 × 240, fewer ticks.
    Narrow,
}

impl Size {
    /// Width and height in pixels.
    fn pixels(self) -> (u32, u32) {
        match self {
            Self::Wide => (WIDTH, HEIGHT),
            Self::Narrow => (400, 240),
        }
    }

    /// The plotting area's left and right edges as fractions of the width.
    fn plot(self) -> (f32, f32) {
        let (width, _) = self.pixels();
        (
            LEFT as f32 / width as f32,
            (width - RIGHT_MARGIN) as f32 / width as f32,
        )
    }

    /// At most this many ticks on the x axis.
    fn x_ticks(self) -> usize {
        match self {
            Self::Wide => 8,
            Self::Narrow => 4,
        }
    }
}
/// Points drawn per chart: about one per pixel of the plotting area, peaks kept.
const BUCKETS: usize = 500;
/// Points sent to the browser for the hover readout.
const READOUT_POINTS: usize = 300;

fn register_font() {
    static FONT: Once = Once::new();
    FONT.call_once(|| {
        // Only metrics are needed (to place labels); browsers draw the text themselves.
        let _ = plotters::style::register_font(
            "sans-serif",
            FontStyle::Normal,
            include_bytes!("../assets/DejaVuSans.ttf"),
        );
    });
}

fn colour(key: &str) -> RGBColor {
    match key {
        "heart_rate" => RGBColor(0xd6, 0x33, 0x3f),
        "pace" | "speed" => RGBColor(0x1d, 0x6f, 0xd8),
        "elevation" => RGBColor(0x4a, 0x8f, 0x3c),
        "cadence" => RGBColor(0x9b, 0x59, 0xb6),
        _ => RGBColor(0xe0, 0x8a, 0x00),
    }
}

fn x_label(x: f64, axis: XAxis) -> String {
    match axis {
        XAxis::Time => display::duration((x * 1000.0) as i64),
        XAxis::Distance => format!("{x:.1}"),
        XAxis::LogDuration => display::effort_duration(10f64.powf(x).round() as u32),
        XAxis::Day => {
            let d = domain::Date::from_days(x.round() as i64);
            format!("{}-{:02}", d.year, d.month)
        }
    }
}

fn y_label(y: f64, key: &str) -> String {
    match key {
        "pace" => display::clock(y.abs()),
        "speed" => format!("{y:.1}"),
        _ => format!("{y:.0}"),
    }
}

/// The x range of a series' points (never empty).
fn x_range(points: &[(f64, Option<f64>)]) -> Option<(f64, f64)> {
    let x0 = points.first()?.0;
    Some((x0, points.last()?.0.max(x0 + 1e-6)))
}

/// What the page needs to know of a chart (the picture comes from [`svg`]); `None` when the
/// series has too few values to draw.
pub fn chart(series: &Series) -> Option<Chart> {
    if series.points.iter().filter(|(_, y)| y.is_some()).count() < 2 {
        return None;
    }
    let (x0, x1) = x_range(&series.points)?;
    let readout: Vec<(f32, f32)> = downsample(&series.points, READOUT_POINTS / 2)
        .into_iter()
        .filter_map(|(x, y)| y.map(|y| (x as f32, y as f32)))
        .collect();
    Some(Chart {
        key: series.key.to_owned(),
        title: series.title.to_owned(),
        unit: series.unit.clone(),
        plot_left: Size::Wide.plot().0,
        plot_right: Size::Wide.plot().1,
        narrow_plot: Size::Narrow.plot(),
        x_range: (x0 as f32, x1 as f32),
        points: readout,
    })
}

/// The y axis' range for `values`: all of them, widened a little. The caption names the lowest
/// and highest, and the axis holds them (standing still has no pace and is left out; a walking
/// break or a GPS spike is drawn as recorded). Inverted (pace) means drawn negated, faster up.
fn y_range(values: &[f64], inverted: bool) -> (f64, f64) {
    let lo = values.iter().copied().fold(f64::MAX, f64::min);
    let hi = values.iter().copied().fold(f64::MIN, f64::max);
    let pad = ((hi - lo) * 0.08).max(1e-3);
    // A pace is never below zero: the padding stops there.
    let lo = if inverted {
        (lo - pad).max(0.0)
    } else {
        lo - pad
    };
    let hi = hi + pad;
    if inverted { (-hi, -lo) } else { (lo, hi) }
}

/// Draws one series as a standalone SVG document of the given size, its numbers written in
/// `language`'s marks (`12,5` in German).
pub fn svg_sized(series: &Series, axis: XAxis, size: Size, language: Language) -> Option<String> {
    themed(&drawn(series, axis, size, language)?, series.title)
}

/// Draws one series as an SVG element to place inside a page: no style of its own (a
/// `<style>` in an inline SVG would apply to the whole page), the page's colours through
/// `currentColor`, and hidden from screen readers, which read the page's own description.
pub fn svg_inline(series: &Series, axis: XAxis, size: Size, language: Language) -> Option<String> {
    let svg = drawn(series, axis, size, language)?.replace("#000000", "currentColor");
    let open_end = svg.find('>')?;
    Some(format!(
        "{} class=\"chart-svg\" aria-hidden=\"true\" focusable=\"false\">{}",
        &svg[..open_end],
        &svg[open_end + 1..]
    ))
}

/// The plotters drawing of one series.
fn drawn(series: &Series, axis: XAxis, size: Size, language: Language) -> Option<String> {
    register_font();
    let points = downsample(&series.points, BUCKETS);
    let values: Vec<f64> = points.iter().filter_map(|(_, y)| *y).collect();
    if values.len() < 2 {
        return None;
    }
    let (x0, x1) = x_range(&series.points)?;
    let (y0, y1) = y_range(&values, series.inverted);
    let sign = if series.inverted { -1.0 } else { 1.0 };

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size.pixels()).into_drawing_area();
        let mut c = framed(
            &root,
            (x0, x1),
            (y0, y1),
            axis,
            series.key,
            series.inverted,
            (size, language),
        )?;
        let line = colour(series.key).stroke_width(2);
        // One line per run of values, so pauses show as breaks.
        let mut run = Vec::new();
        for &(x, y) in &points {
            match y {
                Some(y) => run.push((x, (y * sign).clamp(y0, y1))),
                None if !run.is_empty() => {
                    c.draw_series(LineSeries::new(std::mem::take(&mut run), line))
                        .ok()?;
                }
                None => {}
            }
        }
        if !run.is_empty() {
            c.draw_series(LineSeries::new(run, line)).ok()?;
        }
        root.present().ok()?;
    }
    Some(svg)
}

/// A linear axis whose ticks are given (see `ticks`): plotters' own `f64` axis places them
/// at decimal steps of the raw values, and its key-point wrapper cannot take our label
/// formatters. The grid's lines follow the ticks.
pub(crate) struct Ticked {
    range: RangedCoordf64,
    ticks: Vec<f64>,
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.range.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        // Bold lines at the ticks; no light lines between them.
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.range.range()
    }
}

/// A chart on `root` over these ranges, with its grid and the axes labelled for `axis` and
/// the values of `key`: the frame every chart here shares.
fn framed<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, plotters::coord::Shift>,
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
    axis: XAxis,
    key: &'a str,
    inverted: bool,
    (size, language): (Size, Language),
) -> Option<ChartContext<'a, SVGBackend<'b>, Cartesian2d<Ticked, Ticked>>> {
    // Ticks on round values of the unit (see `ticks`), plotters' grid on them.
    let x_ticks = ticks::x_ticks(axis, x0, x1, size.x_ticks());
    let y_ticks = ticks::y_ticks(key, y0, y1, inverted);
    let mut c = ChartBuilder::on(root)
        .margin_right(RIGHT_MARGIN)
        .margin_top(8)
        .x_label_area_size(24)
        .y_label_area_size(LEFT)
        .build_cartesian_2d(
            Ticked {
                range: (x0..x1).into(),
                ticks: x_ticks,
            },
            Ticked {
                range: (y0..y1).into(),
                ticks: y_ticks,
            },
        )
        .ok()?;
    c.configure_mesh()
        .light_line_style(BLACK.mix(0.06))
        .bold_line_style(BLACK.mix(0.12))
        .axis_style(BLACK.mix(0.4))
        .label_style(label_font())
        .x_labels(size.x_ticks())
        .y_labels(5)
        .x_label_formatter(&|x| i18n::number(language, &x_label(*x, axis)))
        .y_label_formatter(&|y| i18n::number(language, &y_label(*y, key)))
        .draw()
        .ok()?;
    Some(c)
}

/// The labels' font.
fn label_font() -> TextStyle<'static> {
    ("sans-serif", 13).into_font().color(&BLACK)
}

/// A plotters SVG made standalone and themable: axes and labels in one colour that follows
/// the viewer's light or dark scheme, and an accessible name.
fn themed(svg: &str, title: &str) -> Option<String> {
    let svg = svg.replace("#000000", "currentColor");
    let open_end = svg.find('>')?;
    Some(format!(
        "{} role=\"img\" aria-label=\"{} chart\"><style>svg{{color:#1c2330}}\
         text{{fill:#5b6576;font-family:system-ui,sans-serif}}@media (prefers-color-scheme:dark)\
         {{svg{{color:#e6e9ee}}text{{fill:#9aa4b3}}}}</style>{}",
        &svg[..open_end],
        title,
        &svg[open_end + 1..]
    ))
}

/// The route as an SVG path (no map tiles: Laps works offline), start and end marked.
pub fn route(latitude: &[f64], longitude: &[f64]) -> Option<String> {
    let points: Vec<(f64, f64)> = latitude
        .iter()
        .zip(longitude)
        .filter(|(a, o)| a.is_finite() && o.is_finite() && a.abs() <= 90.0 && o.abs() <= 180.0)
        .map(|(a, o)| (*a, *o))
        .collect();
    if points.len() < 2 {
        return None;
    }
    let (min_lat, max_lat) = points.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
        (lo.min(p.0), hi.max(p.0))
    });
    let (min_lon, max_lon) = points.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
        (lo.min(p.1), hi.max(p.1))
    });
    // Equirectangular with the mid-latitude's scale: true shapes at workout sizes.
    let k = ((min_lat + max_lat) / 2.0).to_radians().cos().max(0.01);
    let (w, h) = (
        ((max_lon - min_lon) * k).max(1e-9),
        (max_lat - min_lat).max(1e-9),
    );
    let size = 400.0;
    let scale = (size - 20.0) / w.max(h);
    let (ox, oy) = ((size - w * scale) / 2.0, (size - h * scale) / 2.0);
    let project = |(lat, lon): (f64, f64)| {
        (
            ox + (lon - min_lon) * k * scale,
            oy + (max_lat - lat) * scale,
        )
    };
    let step = points.len().div_ceil(2000).max(1);
    let mut d = String::with_capacity(points.len() / step * 14);
    for (i, p) in points.iter().step_by(step).chain(points.last()).enumerate() {
        let (x, y) = project(*p);
        d.push_str(&format!("{}{x:.1},{y:.1}", if i == 0 { "M" } else { "L" }));
    }
    let (sx, sy) = project(points[0]);
    let (ex, ey) = project(*points.last()?);
    Some(format!(
        "<svg class=\"route-svg\" viewBox=\"0 0 {size} {size}\" role=\"img\" aria-label=\"Route map: the track drawn from start (green) to finish (red)\">\
         <path d=\"{d}\" fill=\"none\" stroke=\"#c8401b\" stroke-width=\"3\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>\
         <circle cx=\"{sx:.1}\" cy=\"{sy:.1}\" r=\"6\" fill=\"#2e9d4f\" stroke=\"white\" stroke-width=\"2\"/>\
         <circle cx=\"{ex:.1}\" cy=\"{ey:.1}\" r=\"6\" fill=\"#d6333f\" stroke=\"white\" stroke-width=\"2\"/></svg>"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_holds_every_value_the_caption_can_name() {
        // A steady line with one high value: the axis reaches it (it used to stop at the 99th
        // percentile and clip what the caption called the maximum).
        let mut values: Vec<f64> = (0..1000).map(|i| 140.0 + f64::from(i % 7)).collect();
        values.push(191.0);
        let (y0, y1) = y_range(&values, false);
        assert!(y0 < 140.0 && y1 > 191.0, "{y0}..{y1}");
        // Pace, drawn negated: the slowest and the fastest both inside.
        let pace = [250.0, 260.0, 255.0, 420.0];
        let (y0, y1) = y_range(&pace, true);
        assert!(y0 < -420.0 && y1 > -250.0, "{y0}..{y1}");
        // A spike near zero: the padding stops at zero pace.
        let (_, y1) = y_range(&[5.0, 1700.0], true);
        assert_eq!(y1, 0.0);
    }
}
