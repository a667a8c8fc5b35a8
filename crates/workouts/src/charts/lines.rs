//! Charts of several lines over one x axis, for the pages that answer questions: mean-max
//! curves (log-scaled durations, a line per span of time) and the fitness model (days, with
//! each day's load as bars under the lines).

use domain::{Chart, Language, XAxis};
use plotters::prelude::*;

use super::{HEIGHT, LEFT, RIGHT_MARGIN, WIDTH, framed, label_font, register_font, themed};

/// One line of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// What it is, for an interface to name it in its language: `all_time`, `this_year`,
    /// `last_90_days`, `workout`, `fitness`, `fatigue` or `form`.
    pub id: &'static str,
    /// What it shows, for the legend ("All time", "Fitness"; a workout's title).
    pub label: String,
    /// Its colour.
    pub colour: (u8, u8, u8),
    /// Points in x order.
    pub points: Vec<(f64, f64)>,
}

/// What a chart of lines draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Lines {
    /// A stable key: `power`, `pace`, `hr` or `fitness` (it picks the value format).
    pub key: &'static str,
    /// Heading.
    pub title: String,
    /// Unit of the values.
    pub unit: String,
    /// The x axis.
    pub axis: XAxis,
    /// Pace: smaller values draw higher.
    pub inverted: bool,
    /// The lines, the first one the readout follows.
    pub lines: Vec<Line>,
    /// Bars from the x axis up (the fitness chart's daily load), on their own scale.
    pub bars: Vec<(f64, f64)>,
}

impl Lines {
    /// The x range over every line and bar.
    fn x_range(&self) -> Option<(f64, f64)> {
        let xs = self
            .lines
            .iter()
            .flat_map(|l| l.points.iter().map(|p| p.0))
            .chain(self.bars.iter().map(|b| b.0));
        let (lo, hi) = xs.fold((f64::MAX, f64::MIN), |(lo, hi), x| (lo.min(x), hi.max(x)));
        (lo <= hi).then_some((lo, hi.max(lo + 1e-6)))
    }

    /// What the page needs for the readout (of the first line); `None` without two points.
    pub fn chart(&self) -> Option<Chart> {
        let first = self.lines.first().filter(|l| l.points.len() >= 2)?;
        let (x0, x1) = self.x_range()?;
        Some(Chart {
            key: self.key.to_owned(),
            title: self.title.clone(),
            unit: self.unit.clone(),
            plot_left: LEFT as f32 / WIDTH as f32,
            plot_right: (WIDTH - RIGHT_MARGIN) as f32 / WIDTH as f32,
            // Drawn wide only (inlined in the page).
            narrow_plot: (
                LEFT as f32 / WIDTH as f32,
                (WIDTH - RIGHT_MARGIN) as f32 / WIDTH as f32,
            ),
            x_range: (x0 as f32, x1 as f32),
            points: first
                .points
                .iter()
                .map(|&(x, y)| (x as f32, y as f32))
                .collect(),
        })
    }

    /// The chart as a standalone SVG document, with a legend, its numbers in `language`'s
    /// marks; `None` when there is nothing to draw.
    pub fn svg(&self, language: Language) -> Option<String> {
        register_font();
        let (x0, x1) = self.x_range()?;
        let values: Vec<f64> = self
            .lines
            .iter()
            .flat_map(|l| l.points.iter().map(|p| p.1))
            .filter(|v| v.is_finite())
            .collect();
        if values.len() < 2 {
            return None;
        }
        let lo = values.iter().copied().fold(f64::MAX, f64::min);
        let hi = values.iter().copied().fold(f64::MIN, f64::max);
        // Form goes below zero; the others start from it.
        let lo = if self.key == "fitness" || self.inverted {
            lo
        } else {
            lo.min(0.0)
        };
        let pad = ((hi - lo) * 0.08).max(1e-3);
        let sign = if self.inverted { -1.0 } else { 1.0 };
        let (y0, y1) = if self.inverted {
            (-(hi + pad), -(lo - pad))
        } else {
            (lo - pad, hi + pad)
        };
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
            let mut c = framed(
                &root,
                (x0, x1),
                (y0, y1),
                self.axis,
                self.key,
                self.inverted,
                (super::Size::Wide, language),
            )?;
            if let Some(top) = self
                .bars
                .iter()
                .map(|b| b.1)
                .reduce(f64::max)
                .filter(|t| *t > 0.0)
            {
                // The bars fill the lower third, scaled to the busiest day.
                let height = (y1 - y0) / 3.0;
                let grey = RGBColor(0x8a, 0x94, 0xa6).mix(0.45).filled();
                c.draw_series(self.bars.iter().filter(|b| b.1 > 0.0).map(|&(x, v)| {
                    Rectangle::new([(x - 0.4, y0), (x + 0.4, y0 + height * v / top)], grey)
                }))
                .ok()?;
            }
            for line in &self.lines {
                let (r, g, b) = line.colour;
                let style = RGBColor(r, g, b).stroke_width(2);
                let points = line
                    .points
                    .iter()
                    .map(|&(x, y)| (x, (y * sign).clamp(y0, y1)));
                c.draw_series(LineSeries::new(points, style))
                    .ok()?
                    .label(line.label.clone())
                    .legend(move |(x, y)| {
                        PathElement::new([(x, y), (x + 18, y)], RGBColor(r, g, b).stroke_width(3))
                    });
            }
            c.configure_series_labels()
                .position(SeriesLabelPosition::UpperRight)
                .background_style(WHITE.mix(0.0))
                .border_style(BLACK.mix(0.0))
                .label_font(label_font())
                .draw()
                .ok()?;
            root.present().ok()?;
        }
        themed(&svg, &self.title)
    }
}
