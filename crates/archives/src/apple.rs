//! Apple Health's *Export All Health Data*: `apple_health_export/export.xml`, read as a stream.
//!
//! A real export is several GB: millions of `Record`s, then the `Workout`s, then one
//! `ActivitySummary` a day, after a long internal DTD. [`Export`] walks it in bounded memory and
//! yields, in document order, what Laps keeps ([`Item`]): workouts, heart-rate samples, step and
//! active-energy records, and daily summaries. [`Days`] sums the records into days;
//! [`HeartRateSorter`] gives the workouts their heart-rate samples on a second pass (the
//! records come before the workouts), and [`recording`] puts a workout, its route and its heart
//! rate together.
//!
//! An importer reads the export at least twice: once for the workouts' headers and the days
//! ([`Wanted`] says what a walk yields; no workout is kept whole), then once per batch of
//! workouts for their heart rate and their elements in full ([`Details`]), so that memory holds
//! one batch, never the export.
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

mod assemble;
mod days;
mod heart;
#[cfg(feature = "synthetic")]
pub mod synthetic;
mod units;
mod workout;
pub mod xml;

use std::collections::BTreeSet;
use std::io::BufRead;

use domain::{Date, Timestamp};

pub use assemble::recording;
pub use days::Days;
pub use heart::{Gathered, HeartRateSorter};
pub use units::LocalTime;
use xml::{Event, Reader, Tag};

use crate::{ArchiveDay, ArchiveError, ArchiveWorkout};

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
    /// The workout: its summary, what Apple knew (sport, `HKTimeZone`, a key made of its
    /// source, type, start and end), and its route: a file of the export
    /// ([`Samples::File`](crate::Samples::File)), the inline `Location`s of older exports
    /// ([`Samples::Recording`](crate::Samples::Recording), read only in [`Details`]), or none.
    pub workout: ArchiveWorkout,
    /// When it ended (its span, with `summary.start`, holds its heart-rate samples).
    pub end: Timestamp,
    /// Which `Workout` element of the export it is, from 0 in document order: the same on
    /// every walk of the same export.
    pub ordinal: usize,
    /// The line it starts on.
    pub line: u64,
    /// Its `workoutActivityType` as written (`HKWorkoutActivityTypeRunning`).
    pub activity_type: String,
    /// The device Apple names (`device` attribute, else `sourceName`).
    pub device: Option<formats::Device>,
    /// How many inline `Location`s it holds (older exports), counted on every walk.
    pub locations: usize,
    /// How many bytes of the export the element takes (what reading it in full costs).
    pub bytes: u64,
    /// The element itself, written out again as a small XML document, when read in
    /// [`Details`]: the workout's original.
    pub xml: Option<String>,
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

/// What a walk yields; what is not wanted is skipped without being parsed further.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wanted {
    /// `Workout`s.
    pub workouts: bool,
    /// Heart-rate records.
    pub heart_rate: bool,
    /// Step and active-energy records and `ActivitySummary`s.
    pub days: bool,
}

impl Wanted {
    /// Everything.
    pub const ALL: Self = Self {
        workouts: true,
        heart_rate: true,
        days: true,
    };
}

/// Which workouts are read in full: their inline route kept and their element written out
/// again ([`Workout::xml`]). The others are read for their headers only, whatever their size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Details {
    /// Every workout (for small exports: memory grows with the workouts' size).
    All,
    /// The workouts of these [ordinals](Workout::ordinal).
    Only(BTreeSet<usize>),
}

impl Details {
    fn includes(&self, ordinal: usize) -> bool {
        match self {
            Self::All => true,
            Self::Only(set) => set.contains(&ordinal),
        }
    }
}

/// The streaming reader of an `export.xml`; an iterator of [`Item`]s.
#[derive(Debug)]
pub struct Export<R> {
    entry: String,
    reader: Reader<R>,
    /// The XML itself is broken (or the input ended): nothing more can be read.
    done: bool,
    wanted: Wanted,
    details: Details,
    /// `Workout` elements met so far.
    workouts_seen: usize,
}

impl<R: BufRead> Export<R> {
    /// A reader of `input`, the archive's `entry` (named in errors), yielding everything and
    /// reading every workout in full.
    pub fn new(entry: impl Into<String>, input: R) -> Self {
        Self {
            entry: entry.into(),
            reader: Reader::new(input),
            done: false,
            wanted: Wanted::ALL,
            details: Details::All,
            workouts_seen: 0,
        }
    }

    /// The same reader, yielding only what is `wanted`.
    pub fn wanting(self, wanted: Wanted) -> Self {
        Self { wanted, ..self }
    }

    /// The same reader, reading in full only the workouts `details` names.
    pub fn details(self, details: Details) -> Self {
        Self { details, ..self }
    }

    /// The most bytes of one tag held at once so far (memory stays bounded by it).
    pub fn high_water(&self) -> usize {
        self.reader.high_water()
    }

    /// How many bytes of the input were read so far.
    pub fn position(&self) -> u64 {
        self.reader.position()
    }

    fn error(&self, line: u64, message: impl std::fmt::Display) -> ArchiveError {
        ArchiveError::new(&self.entry, format!("line {line}: {message}"))
    }

    fn next_event(&mut self) -> Result<Event, ArchiveError> {
        let event = self.reader.next_event();
        self.done |= matches!(event, Err(_) | Ok(Event::Eof));
        event.map_err(|e| ArchiveError::new(&self.entry, e.to_string()))
    }

    /// Whether the walk ended: the document's end, or XML that cannot be read further.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// The next item, or `None` at the end.
    ///
    /// A bad value (a date, a unit) is an error for its element only: the walk goes on with the
    /// next one, so that one odd record does not stop a whole import. Broken XML ends the walk
    /// ([`Export::is_done`] tells the two apart).
    pub fn next_item(&mut self) -> Result<Option<Item>, ArchiveError> {
        loop {
            let mut tag = match self.next_event()? {
                Event::Start(tag) => tag,
                Event::End => continue,
                Event::Eof => return Ok(None),
            };
            // Only the root's children matter here; a workout reads its own children.
            if tag.depth != 1 {
                continue;
            }
            let item = match tag.name.as_str() {
                "Record" if self.may_matter(&tag) => {
                    self.parse(&mut tag)?;
                    self.record(&tag)?
                }
                "Workout" => {
                    let ordinal = self.workouts_seen;
                    self.workouts_seen += 1;
                    let detailed = self.details.includes(ordinal);
                    if self.wanted.workouts || detailed {
                        self.parse(&mut tag)?;
                        let workout = self.workout(&tag, ordinal, detailed)?;
                        Some(Item::Workout(Box::new(workout)))
                    } else {
                        None
                    }
                }
                "ActivitySummary" if self.wanted.days => {
                    self.parse(&mut tag)?;
                    Some(Item::Summary(self.summary(&tag)?))
                }
                _ => None,
            };
            if item.is_some() {
                return Ok(item);
            }
        }
    }

    /// Whether a record may be one of the types wanted, told from its unparsed attributes
    /// (most records are of other types, and parsing is most of what reading costs).
    fn may_matter(&self, tag: &Tag) -> bool {
        static PREFIX: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new("HKQuantityTypeIdentifier"));
        let raw = tag.raw().as_bytes();
        PREFIX.find_iter(raw).any(|at| {
            let rest = &raw[at + PREFIX.needle().len()..];
            let is = |name: &str| {
                rest.starts_with(name.as_bytes())
                    && matches!(rest.get(name.len()), Some(b'"' | b'\''))
            };
            (self.wanted.heart_rate && is("HeartRate"))
                || (self.wanted.days && (is("StepCount") || is("ActiveEnergyBurned")))
        })
    }

    /// Parses a tag's attributes; an error names the entry and the line.
    fn parse(&self, tag: &mut Tag) -> Result<(), ArchiveError> {
        tag.parse()
            .map_err(|e| ArchiveError::new(&self.entry, e.to_string()))
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
            Some("HKQuantityTypeIdentifierHeartRate") if self.wanted.heart_rate => None,
            Some("HKQuantityTypeIdentifierStepCount") if self.wanted.days => {
                Some(QuantityKind::Steps)
            }
            Some("HKQuantityTypeIdentifierActiveEnergyBurned") if self.wanted.days => {
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
