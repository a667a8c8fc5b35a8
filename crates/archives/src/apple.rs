//! Apple Health's *Export All Health Data*: `apple_health_export/export.xml`, read as a stream.
//!
//! A real export is several GB: millions of `Record`s, then the `Workout`s, then one
//! `ActivitySummary` a day, after a long internal DTD. [`Export`] walks it in bounded memory and
//! yields, in document order, what Laps keeps ([`Item`]): workouts, heart-rate samples, step and
//! active-energy records, and daily summaries. [`Days`] sums the records into days;
//! [`HeartRateSorter`] gives the workouts their heart-rate samples on a second pass.
//!
//! ```
//! use archives::apple::{Export, Item};
//! let xml = r#"<HealthData><Workout workoutActivityType="HKWorkoutActivityTypeRunning"
//!     duration="30" durationUnit="min" startDate="2019-07-19 10:00:00 -0700"
//!     endDate="2019-07-19 10:30:00 -0700"/></HealthData>"#;
//! let items: Vec<Item> = Export::new("export.xml", xml.as_bytes()).collect::<Result<_, _>>()?;
//! let Item::Workout(workout) = &items[0] else { panic!() };
//! assert_eq!(workout.workout.summary.moving_ms, Some(1_800_000));
//! # Ok::<(), archives::ArchiveError>(())
//! ```

mod days;
mod heart;
mod units;
pub mod xml;

use std::io::BufRead;

use domain::{Date, Timestamp};
use formats::{Recording, SamplesBuilder};

pub use days::Days;
pub use heart::HeartRateSorter;
pub use units::LocalTime;
use xml::{Event, Reader, Tag};

use crate::{ArchiveDay, ArchiveError, ArchiveWorkout, Meta, Samples, Summary};

/// The most route points read from a workout's inline `Location`s (older exports): a day's
/// worth at one a second.
const MAX_LOCATIONS: usize = 86_400;

/// One thing found in an export.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A `Workout`.
    Workout(Box<Workout>),
    /// A heart-rate `Record`.
    HeartRate(HeartRate),
    /// A step-count or active-energy `Record`, for [`Days`].
    Quantity(Quantity),
    /// An `ActivitySummary`: active energy and exercise time of a day (no hours, no steps).
    Summary(ArchiveDay),
}

/// A workout with what Apple adds to the shared shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Workout {
    /// The workout.
    pub workout: ArchiveWorkout,
    /// When it ended (its span, with `summary.start`, holds its heart-rate samples).
    pub end: Timestamp,
    /// The `HKTimeZone` metadata (`America/Los_Angeles`), when there.
    pub time_zone: Option<String>,
}

/// One heart-rate sample.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeartRate {
    /// When.
    pub time: Timestamp,
    /// Beats per minute.
    pub bpm: f32,
}

/// What a [`Quantity`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuantityKind {
    /// Steps (`HKQuantityTypeIdentifierStepCount`).
    Steps,
    /// Active energy, kcal (`HKQuantityTypeIdentifierActiveEnergyBurned`).
    ActiveEnergyKcal,
}

/// A step-count or active-energy record.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// What it counts.
    pub kind: QuantityKind,
    /// The device or app that counted (`sourceName`).
    pub source: String,
    /// The local day it started.
    pub date: Date,
    /// The local hour it started.
    pub hour: u8,
    /// Steps, or kcal.
    pub value: f64,
}

/// The streaming reader of an `export.xml`; an iterator of [`Item`]s.
#[derive(Debug)]
pub struct Export<R> {
    entry: String,
    reader: Reader<R>,
    /// The XML itself is broken (or the input ended): nothing more can be read.
    done: bool,
}

impl<R: BufRead> Export<R> {
    /// A reader of `input`, the archive's `entry` (named in errors).
    pub fn new(entry: impl Into<String>, input: R) -> Self {
        Self {
            entry: entry.into(),
            reader: Reader::new(input),
            done: false,
        }
    }

    /// The most bytes of one tag held at once so far (memory stays bounded by it).
    pub fn high_water(&self) -> usize {
        self.reader.high_water()
    }

    fn error(&self, line: u64, message: impl std::fmt::Display) -> ArchiveError {
        ArchiveError::new(&self.entry, format!("line {line}: {message}"))
    }

    fn next_event(&mut self) -> Result<Event, ArchiveError> {
        let event = self.reader.next_event();
        self.done |= matches!(event, Err(_) | Ok(Event::Eof));
        event.map_err(|e| ArchiveError::new(&self.entry, e.to_string()))
    }

    /// The next item, or `None` at the end.
    ///
    /// A bad value (a date, a unit) is an error for its element only: the walk goes on with the
    /// next one, so that one odd record does not stop a whole import. Broken XML ends the walk.
    pub fn next_item(&mut self) -> Result<Option<Item>, ArchiveError> {
        loop {
            let tag = match self.next_event()? {
                Event::Start(tag) => tag,
                Event::End => continue,
                Event::Eof => return Ok(None),
            };
            // Only the root's children matter here; a workout reads its own children.
            if tag.depth != 1 {
                continue;
            }
            let item = match tag.name.as_str() {
                "Record" => self.record(&tag)?,
                "Workout" => Some(Item::Workout(Box::new(self.workout(&tag)?))),
                "ActivitySummary" => Some(Item::Summary(self.summary(&tag)?)),
                _ => None,
            };
            if item.is_some() {
                return Ok(item);
            }
        }
    }

    fn required<'t>(&self, tag: &'t Tag, name: &str) -> Result<&'t str, ArchiveError> {
        tag.get(name)
            .ok_or_else(|| self.error(tag.line, format!("<{}> has no {name} attribute", tag.name)))
    }

    fn time(&self, tag: &Tag, name: &str) -> Result<LocalTime, ArchiveError> {
        let text = self.required(tag, name)?;
        LocalTime::parse(text).ok_or_else(|| {
            self.error(
                tag.line,
                format!(
                    "<{}> {name} {text:?} is not a date like \"2019-07-19 10:36:11 -0700\"",
                    tag.name
                ),
            )
        })
    }

    fn number(&self, tag: &Tag, name: &str) -> Result<Option<f64>, ArchiveError> {
        let Some(text) = tag.get(name) else {
            return Ok(None);
        };
        match text.trim().parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(Some(n)),
            _ => Err(self.error(
                tag.line,
                format!("<{}> {name} {text:?} is not a number", tag.name),
            )),
        }
    }

    /// `value` in `tag`'s `unit_attr` converted by `convert`, or an error naming the unit.
    fn measure(
        &self,
        tag: &Tag,
        value_attr: &str,
        unit_attr: &str,
        convert: fn(&str) -> Option<f64>,
    ) -> Result<Option<f64>, ArchiveError> {
        let Some(value) = self.number(tag, value_attr)? else {
            return Ok(None);
        };
        let unit = self.required(tag, unit_attr)?;
        let factor = convert(unit).ok_or_else(|| {
            self.error(
                tag.line,
                format!("<{}> {unit_attr} {unit:?} is not a known unit", tag.name),
            )
        })?;
        Ok(Some(value * factor))
    }

    fn record(&self, tag: &Tag) -> Result<Option<Item>, ArchiveError> {
        let kind = match tag.get("type") {
            Some("HKQuantityTypeIdentifierHeartRate") => None,
            Some("HKQuantityTypeIdentifierStepCount") => Some(QuantityKind::Steps),
            Some("HKQuantityTypeIdentifierActiveEnergyBurned") => {
                Some(QuantityKind::ActiveEnergyKcal)
            }
            _ => return Ok(None),
        };
        let start = self.time(tag, "startDate")?;
        let Some(kind) = kind else {
            // A sample without a value says nothing: skipped.
            return Ok(self.number(tag, "value")?.map(|bpm| {
                Item::HeartRate(HeartRate {
                    time: start.utc,
                    bpm: bpm as f32,
                })
            }));
        };
        let value = match kind {
            QuantityKind::Steps => self.number(tag, "value")?,
            QuantityKind::ActiveEnergyKcal => {
                self.measure(tag, "value", "unit", units::energy_kcal)?
            }
        };
        Ok(Some(Item::Quantity(Quantity {
            kind,
            source: tag.get("sourceName").unwrap_or_default().to_owned(),
            date: start.date,
            hour: start.hour,
            value: value.unwrap_or(0.0),
        })))
    }

    fn summary(&self, tag: &Tag) -> Result<ArchiveDay, ArchiveError> {
        let text = self.required(tag, "dateComponents")?;
        let date = Date::parse(text).ok_or_else(|| {
            self.error(
                tag.line,
                format!("<ActivitySummary> dateComponents {text:?} is not a date like 2019-07-19"),
            )
        })?;
        let kcal = match tag.get("activeEnergyBurnedUnit") {
            Some(_) => self.measure(
                tag,
                "activeEnergyBurned",
                "activeEnergyBurnedUnit",
                units::energy_kcal,
            )?,
            None => self.number(tag, "activeEnergyBurned")?,
        };
        // `appleExerciseTime` is in minutes.
        let exercise_min = self.number(tag, "appleExerciseTime")?;
        Ok(ArchiveDay {
            date,
            steps: None,
            active_kcal: kcal.map(|k| k.round().max(0.0) as u32),
            active_s: exercise_min.map(|m| (m * 60.0).round().max(0.0) as u32),
            hours: Vec::new(),
        })
    }

    fn workout(&mut self, tag: &Tag) -> Result<Workout, ArchiveError> {
        let activity_type = tag.get("workoutActivityType").unwrap_or_default();
        let sport = units::sport(activity_type);
        let start = self.time(tag, "startDate")?;
        let end = self.time(tag, "endDate")?;
        let moving_ms = self.measure(tag, "duration", "durationUnit", units::duration_ms)?;
        let mut summary = Summary {
            start: Some(start.utc),
            utc_offset_min: Some(start.offset_min),
            elapsed_ms: Some(end.utc.ms_since(start.utc)),
            moving_ms: moving_ms.map(|ms| ms.round() as i64),
            distance_m: self.measure(tag, "totalDistance", "totalDistanceUnit", units::length_m)?,
            calories: self
                .measure(
                    tag,
                    "totalEnergyBurned",
                    "totalEnergyBurnedUnit",
                    units::energy_kcal,
                )?
                .map(|k| k.round().max(0.0) as u32),
            ..Summary::default()
        };
        let mut time_zone = None;
        let mut route_file = None;
        let mut route = SamplesBuilder::with_limit(MAX_LOCATIONS);
        // The workout's children, up to its end (depth counted from the workout).
        let mut depth = 1usize;
        while depth > 0 {
            let child = match self.next_event()? {
                Event::Start(child) => child,
                Event::End => {
                    depth -= 1;
                    continue;
                }
                Event::Eof => return Err(self.error(tag.line, "<Workout> is not closed")),
            };
            depth += 1;
            match (child.name.as_str(), child.depth - tag.depth) {
                ("MetadataEntry", 1) => match child.get("key") {
                    Some("HKTimeZone") => time_zone = child.get("value").map(str::to_owned),
                    Some("HKElevationAscended") => {
                        summary.ascent_m = summary.ascent_m.or(quantity_text(
                            child.get("value").unwrap_or_default(),
                            units::length_m,
                        ));
                    }
                    _ => {}
                },
                // Totals on newer exports (iOS 16 and later); those of the workout's own
                // attributes, where present, win. Only direct children: a `WorkoutActivity`
                // repeats them for its part.
                ("WorkoutStatistics", 1) => self.statistics(&child, &mut summary)?,
                ("FileReference", 2) => {
                    let path = self.required(&child, "path")?;
                    route_file = Some(path.trim_start_matches('/').to_owned());
                }
                ("Location", 2) => {
                    let at = self.time(&child, "date")?;
                    route.push_row(at.utc);
                    if let (Some(lat), Some(lon)) = (
                        self.number(&child, "latitude")?,
                        self.number(&child, "longitude")?,
                    ) {
                        route.latitude(lat);
                        route.longitude(lon);
                    }
                    if let Some(alt) = self.number(&child, "altitude")? {
                        route.altitude(alt as f32);
                    }
                    if let Some(speed) = self.number(&child, "speed")?.filter(|s| *s >= 0.0) {
                        route.speed(speed as f32);
                    }
                }
                _ => {}
            }
        }
        let samples = match route_file {
            Some(path) => Samples::File(path),
            None if !route.is_empty() => Samples::Recording(Box::new(Recording {
                sport,
                start: start.utc,
                utc_offset_minutes: Some(start.offset_min),
                samples: route.finish(),
                ..Recording::default()
            })),
            None => Samples::None,
        };
        Ok(Workout {
            workout: ArchiveWorkout {
                samples,
                meta: Meta {
                    // Apple gives workouts no id: the type and start name one across imports.
                    source_id: Some(format!("{activity_type}@{}", start.utc.unix_ms())),
                    sport: Some(sport),
                    ..Meta::default()
                },
                summary,
            },
            end: end.utc,
            time_zone,
        })
    }

    fn statistics(&self, tag: &Tag, summary: &mut Summary) -> Result<(), ArchiveError> {
        let kind = tag.get("type").unwrap_or_default();
        let kind = kind
            .strip_prefix("HKQuantityTypeIdentifier")
            .unwrap_or(kind);
        match kind {
            "ActiveEnergyBurned" if summary.calories.is_none() => {
                let kcal = self.measure(tag, "sum", "unit", units::energy_kcal)?;
                summary.calories = kcal.map(|k| k.round().max(0.0) as u32);
            }
            k if k.starts_with("Distance") && summary.distance_m.is_none() => {
                summary.distance_m = self.measure(tag, "sum", "unit", units::length_m)?;
            }
            "HeartRate" => {
                let bpm = |v: Option<f64>| v.map(|b| b.round().clamp(0.0, 255.0) as u16);
                summary.avg_hr = bpm(self.number(tag, "average")?);
                summary.max_hr = bpm(self.number(tag, "maximum")?);
            }
            _ => {}
        }
        Ok(())
    }
}

/// A quantity written as text with its unit, `"2540 cm"`, in the unit `convert` gives.
fn quantity_text(text: &str, convert: fn(&str) -> Option<f64>) -> Option<f64> {
    let (value, unit) = text.trim().split_once(' ')?;
    Some(value.parse::<f64>().ok()? * convert(unit.trim())?)
}

impl<R: BufRead> Iterator for Export<R> {
    type Item = Result<Item, ArchiveError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.next_item().transpose()
    }
}
