//! The curves and fitness charts as the pages draw them: the athlete's mean-max curve over
//! several spans (and a workout against them) on a log-scaled duration axis, and the fitness
//! model's lines over the daily load, in the athlete's units.

use domain::{
    Curve, Date, EffortKind, Fitness, SpeedStyle, Sport, Units, UserId, WorkoutId, XAxis, display,
};

use super::Span;
use crate::{
    Workouts, WorkoutsError,
    charts::{Line, Lines},
};

/// Line colours: the spans from widest to narrowest, then the workout.
const COLOURS: [(u8, u8, u8); 4] = [
    (0x1d, 0x6f, 0xd8),
    (0xe0, 0x8a, 0x00),
    (0x2e, 0x9d, 0x4f),
    (0xc8, 0x40, 0x1b),
];

/// A curve value in the units the page shows: watts and bpm as they are, a speed as the
/// sport's pace (seconds per km or mile; per 100 m for swims).
fn shown(kind: EffortKind, value: f64, style: SpeedStyle, units: Units) -> Option<f64> {
    match kind {
        EffortKind::Pace => display::pace_seconds(value, style, units),
        _ => Some(value),
    }
}

impl Workouts {
    /// The athlete's `kind` curve (power, pace or heart rate) of one sport or all, over all
    /// time, this year and the last 90 days up to `today`, and a workout's own curve when
    /// asked: the lines of the curves page. An empty line is left out.
    pub async fn curve_lines(
        &self,
        user: UserId,
        kind: EffortKind,
        sport: Option<Sport>,
        workout: Option<WorkoutId>,
        today: Date,
    ) -> Result<Lines, WorkoutsError> {
        let units = self.db.preferences(user).await?.units;
        let style = sport.map_or(SpeedStyle::Pace, SpeedStyle::for_sport);
        let spans = [
            ("all_time", "All time", None),
            ("this_year", "This year", Date::new(today.year, 1, 1)),
            (
                "last_90_days",
                "Last 90 days",
                Some(Date::from_days(today.days() - 89)),
            ),
        ];
        let mut curves: Vec<(&'static str, String, Curve)> = Vec::new();
        for (id, label, from) in spans {
            let span = Span {
                sport,
                from,
                to: Some(today),
                include_indoor: false,
            };
            curves.push((id, label.to_owned(), self.curve(user, kind, &span).await?));
        }
        if let Some(id) = workout {
            let title = self.summary(user, id).await?.title;
            curves.push(("workout", title, self.workout_curve(user, id, kind).await?));
        }
        let lines = curves
            .into_iter()
            .zip(COLOURS)
            .map(|((id, label, curve), colour)| Line {
                id,
                label,
                colour,
                points: curve
                    .points
                    .iter()
                    .filter_map(|p| {
                        let y = shown(kind, p.value, style, units)?;
                        Some((f64::from(p.duration_s).log10(), y))
                    })
                    .collect(),
            })
            .filter(|l| !l.points.is_empty())
            .collect();
        let (title, unit) = match kind {
            EffortKind::Power => ("Power curve", "W".to_owned()),
            EffortKind::Hr => ("Heart-rate curve", "bpm".to_owned()),
            _ => ("Pace curve", display::pace_unit(style, units).to_owned()),
        };
        Ok(Lines {
            key: kind.name(),
            title: title.to_owned(),
            unit,
            axis: XAxis::LogDuration,
            inverted: kind == EffortKind::Pace,
            lines,
            bars: Vec::new(),
        })
    }

    /// The fitness model for `from..=to` and its chart: fitness, fatigue and form as lines
    /// over each day's load.
    pub async fn fitness_lines(
        &self,
        user: UserId,
        from: Date,
        to: Date,
    ) -> Result<(Fitness, Lines), WorkoutsError> {
        let fitness = self.fitness(user, from, to).await?;
        let line = |id, label: &str, colour, value: fn(&domain::FitnessDay) -> f64| Line {
            id,
            label: label.to_owned(),
            colour,
            points: fitness
                .days
                .iter()
                .map(|d| (d.date.days() as f64, value(d)))
                .collect(),
        };
        let lines = Lines {
            key: "fitness",
            title: "Fitness".to_owned(),
            unit: String::new(),
            axis: XAxis::Day,
            inverted: false,
            lines: vec![
                line("fitness", "Fitness", COLOURS[0], |d| d.fitness),
                line("fatigue", "Fatigue", (0xd6, 0x33, 0x3f), |d| d.fatigue),
                line("form", "Form", COLOURS[2], |d| d.form),
            ],
            bars: fitness
                .days
                .iter()
                .map(|d| (d.date.days() as f64, d.load))
                .collect(),
        };
        Ok((fitness, lines))
    }
}
