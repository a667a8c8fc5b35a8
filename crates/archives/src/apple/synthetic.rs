//! Synthetic Apple Health exports of any size, written as they are read (feature `synthetic`):
//! for the tests and benchmarks of streamed imports, which need exports of hundreds of MB that
//! no repository should hold.
//!
//! The shape is a real export's: the long internal DTD, every `Record` grouped by type in time
//! order (heart rate all day and every few seconds during workouts, steps from a phone and a
//! watch, active and basal energy), then the `Workout`s with newer iOS's `WorkoutStatistics`
//! and a route file each, then one `ActivitySummary` a day. What the import should find is
//! known in advance: [`Synthetic::workouts`], [`Synthetic::heart_rate_between`] and
//! [`Synthetic::steps_on`].
//!
//! ```
//! use std::io::Read;
//! use archives::apple::synthetic::Synthetic;
//! let export = Synthetic { days: 2, ..Synthetic::default() };
//! let mut xml = String::new();
//! export.export_xml().read_to_string(&mut xml)?;
//! assert!(xml.starts_with("<?xml") && xml.contains("<!DOCTYPE HealthData ["));
//! assert_eq!(export.workouts().len(), 2);
//! # Ok::<(), std::io::Error>(())
//! ```

use std::io::Read;

use domain::{Date, Sport, Timestamp};

/// The DTD Apple writes before the data (abridged from iOS 17's, same shape and length class).
pub const DTD: &str = include_str!("synthetic_dtd.txt");

/// What to generate.
#[derive(Debug, Clone)]
pub struct Synthetic {
    /// The first day.
    pub first_day: Date,
    /// How many days.
    pub days: u32,
    /// The phone's offset, minutes east of UTC (one for the whole export).
    pub offset_min: i32,
    /// A workout every this many days (at 07:00, 12:00 or 18:00 local, in turn).
    pub workout_every_days: u32,
    /// Each workout's length.
    pub workout_minutes: u32,
    /// Heart rate all day, every this many seconds.
    pub background_heart_every_s: u32,
    /// Heart rate during workouts, every this many seconds.
    pub workout_heart_every_s: u32,
    /// Steps records from each of the phone and the watch, every this many seconds.
    pub steps_every_s: u32,
    /// Basal energy records (the bulk of a real export, read and skipped), every this many
    /// seconds.
    pub basal_every_s: u32,
    /// Write the DTD.
    pub dtd: bool,
}

impl Default for Synthetic {
    fn default() -> Self {
        Self {
            first_day: Date::new(2023, 1, 1).expect("a date"),
            days: 30,
            offset_min: 60,
            workout_every_days: 1,
            workout_minutes: 45,
            background_heart_every_s: 300,
            workout_heart_every_s: 5,
            steps_every_s: 600,
            basal_every_s: 60,
            dtd: true,
        }
    }
}

/// A generated workout, as the import should find it.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticWorkout {
    /// Which (from 0, in time order).
    pub index: usize,
    /// Its sport.
    pub sport: Sport,
    /// Its `workoutActivityType`.
    pub activity_type: &'static str,
    /// Start.
    pub start: Timestamp,
    /// End.
    pub end: Timestamp,
    /// Distance, metres.
    pub distance_m: f64,
    /// Active energy, kcal.
    pub kcal: f64,
    /// Its route file's path in the export's folder.
    pub route: String,
    /// How many points the route has.
    pub route_points: usize,
}

/// Phone and watch step counts per record: the watch counts more, so each hour takes its
/// total (the import keeps the larger source per hour).
const PHONE_STEPS: u32 = 10;
const WATCH_STEPS: u32 = 12;
/// Seconds between route points.
const ROUTE_EVERY_S: u32 = 5;

impl Synthetic {
    fn day_start_utc(&self, day: u32) -> i64 {
        (self.first_day.days() + i64::from(day)) * 86_400 - i64::from(self.offset_min) * 60
    }

    /// `2023-01-01 07:00:00 +0100` for an instant.
    fn local(&self, utc_s: i64) -> String {
        let local = utc_s + i64::from(self.offset_min) * 60;
        let date = Date::from_days(local.div_euclid(86_400));
        let secs = local.rem_euclid(86_400);
        let sign = if self.offset_min < 0 { '-' } else { '+' };
        let off = self.offset_min.abs();
        format!(
            "{date} {:02}:{:02}:{:02} {sign}{:02}{:02}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60,
            off / 60,
            off % 60
        )
    }

    /// Every workout, in time order.
    pub fn workouts(&self) -> Vec<SyntheticWorkout> {
        (0..self.days).filter_map(|d| self.workout_on(d)).collect()
    }

    /// The workout of day `day` (from 0), if that day has one.
    fn workout_on(&self, day: u32) -> Option<SyntheticWorkout> {
        let every = self.workout_every_days.max(1);
        if !day.is_multiple_of(every) {
            return None;
        }
        let index = (day / every) as usize;
        let (sport, activity_type, speed) = match index % 3 {
            0 => (Sport::Running, "HKWorkoutActivityTypeRunning", 3.0),
            1 => (Sport::Cycling, "HKWorkoutActivityTypeCycling", 7.5),
            _ => (Sport::Walking, "HKWorkoutActivityTypeWalking", 1.4),
        };
        let hour = [7, 12, 18][index % 3];
        let start = self.day_start_utc(day) + hour * 3600;
        let secs = i64::from(self.workout_minutes) * 60;
        Some(SyntheticWorkout {
            index,
            sport,
            activity_type,
            start: Timestamp::from_unix_s(start),
            end: Timestamp::from_unix_s(start + secs),
            distance_m: speed * secs as f64,
            kcal: secs as f64 / 6.0,
            route: format!("workout-routes/route_{index}.gpx"),
            route_points: (secs / i64::from(ROUTE_EVERY_S)) as usize + 1,
        })
    }

    /// The heart-rate records' times, in order, of one day (background, and workout's).
    fn heart_times(&self, day: u32) -> Vec<i64> {
        let start = self.day_start_utc(day);
        let mut times: Vec<i64> = (0..86_400)
            .step_by(self.background_heart_every_s.max(1) as usize)
            .map(|s| start + s)
            .collect();
        if let Some(w) = self.workout_on(day) {
            let (a, b) = (w.start.unix_ms() / 1000, w.end.unix_ms() / 1000);
            let every = self.workout_heart_every_s.max(1) as usize;
            times.extend((a..=b).step_by(every));
        }
        times.sort_unstable();
        times.dedup();
        times
    }

    /// How many heart-rate records lie from `start` to `end`, both included.
    pub fn heart_rate_between(&self, start: Timestamp, end: Timestamp) -> usize {
        let (a, b) = (start.unix_ms() / 1000, end.unix_ms() / 1000);
        // Only the days the span touches (a day either side for the offset).
        let first = (a.div_euclid(86_400) - self.first_day.days() - 1).max(0);
        let last = (b.div_euclid(86_400) - self.first_day.days() + 1).min(i64::from(self.days) - 1);
        (first..=last)
            .flat_map(|d| self.heart_times(d as u32))
            .filter(|t| (a..=b).contains(t))
            .count()
    }

    /// The steps the import should find on a local day (the watch's, the larger source).
    pub fn steps_on(&self, day: Date) -> u32 {
        let d = day.days() - self.first_day.days();
        if d < 0 || d >= i64::from(self.days) {
            return 0;
        }
        86_400u32.div_ceil(self.steps_every_s.max(1)) * WATCH_STEPS
    }

    /// The active energy the import should find on a local day: its `ActivitySummary`'s.
    pub fn active_kcal_on(&self, day: Date) -> u32 {
        let d = day.days() - self.first_day.days();
        if d < 0 || d >= i64::from(self.days) {
            return 0;
        }
        400 + (d % 7) as u32 * 10
    }

    /// The route file of a workout, as Apple writes it.
    pub fn route_gpx(&self, workout: &SyntheticWorkout) -> String {
        let mut gpx = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gpx version=\"1.1\" creator=\"Apple Health Export\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n  <trk>\n    <trkseg>\n",
        );
        let (a, b) = (workout.start.unix_ms() / 1000, workout.end.unix_ms() / 1000);
        let step = workout.distance_m / ((b - a) as f64) * f64::from(ROUTE_EVERY_S);
        for (i, t) in (a..=b).step_by(ROUTE_EVERY_S as usize).enumerate() {
            // Eastwards from a park in Amsterdam, about a metre of longitude per 1.5e-5°.
            let lon = 4.88 + (i as f64 * step) * 1.5e-5;
            let time = Timestamp::from_unix_s(t);
            gpx.push_str(&format!(
                "      <trkpt lon=\"{lon:.6}\" lat=\"52.358000\"><ele>{:.1}</ele><time>{time}</time><extensions><speed>{:.2}</speed><course>90.0</course><hAcc>3.5</hAcc><vAcc>2.1</vAcc></extensions></trkpt>\n",
                2.0 + (i % 10) as f64 * 0.1,
                step / f64::from(ROUTE_EVERY_S)
            ));
        }
        gpx.push_str("    </trkseg>\n  </trk>\n</gpx>\n");
        gpx
    }

    /// `export.xml`, written as it is read.
    pub fn export_xml(&self) -> impl Read + Send + use<> {
        let me = self.clone();
        let head = {
            let mut head = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            if me.dtd {
                head.push_str(DTD);
            }
            head.push_str(&format!(
                "<HealthData locale=\"en_GB\">\n <ExportDate value=\"{}\"/>\n <Me HKCharacteristicTypeIdentifierDateOfBirth=\"1985-04-02\" HKCharacteristicTypeIdentifierBiologicalSex=\"HKBiologicalSexFemale\" HKCharacteristicTypeIdentifierBloodType=\"HKBloodTypeNotSet\" HKCharacteristicTypeIdentifierFitzpatrickSkinType=\"HKFitzpatrickSkinTypeNotSet\" HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse=\"None\"/>\n",
                me.local(me.day_start_utc(me.days))
            ));
            head
        };
        let days = me.days;
        let heart = {
            let me = me.clone();
            (0..days).flat_map(move |d| {
                let me = me.clone();
                me.heart_times(d).into_iter().map(move |t| {
                    let at = me.local(t);
                    format!(
                        " <Record type=\"HKQuantityTypeIdentifierHeartRate\" sourceName=\"Ada’s Apple Watch\" sourceVersion=\"10.1\" device=\"&lt;&lt;HKDevice: 0x283f8d2c0&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,1, software:10.1&gt;\" unit=\"count/min\" creationDate=\"{at}\" startDate=\"{at}\" endDate=\"{at}\" value=\"{}\">\n  <MetadataEntry key=\"HKMetadataKeyHeartRateMotionContext\" value=\"0\"/>\n </Record>\n",
                        60 + t.rem_euclid(97)
                    )
                })
            })
        };
        let steps = {
            let me = me.clone();
            (0..days).flat_map(move |d| {
                let me = me.clone();
                let start = me.day_start_utc(d);
                let every = i64::from(me.steps_every_s.max(1));
                (0..86_400 / every + i64::from(86_400 % every != 0)).flat_map(move |i| {
                    let (a, b) = (me.local(start + i * every), me.local(start + i * every + 59));
                    [("Ada’s iPhone", "iPhone12,1", PHONE_STEPS), ("Ada’s Apple Watch", "Watch6,1", WATCH_STEPS)].map(
                        |(source, hardware, value)| {
                            format!(
                                " <Record type=\"HKQuantityTypeIdentifierStepCount\" sourceName=\"{source}\" sourceVersion=\"17.1\" device=\"&lt;&lt;HKDevice: 0x283f8d380&gt;, name:{source}, manufacturer:Apple Inc., hardware:{hardware}&gt;\" unit=\"count\" creationDate=\"{b}\" startDate=\"{a}\" endDate=\"{b}\" value=\"{value}\"/>\n"
                            )
                        },
                    )
                })
            })
        };
        let basal = {
            let me = me.clone();
            (0..days).flat_map(move |d| {
                let me = me.clone();
                let start = me.day_start_utc(d);
                let every = me.basal_every_s.max(1) as usize;
                (0..86_400).step_by(every).map(move |s| {
                    let (a, b) = (me.local(start + s), me.local(start + s + 59));
                    format!(
                        " <Record type=\"HKQuantityTypeIdentifierBasalEnergyBurned\" sourceName=\"Ada’s Apple Watch\" sourceVersion=\"10.1\" device=\"&lt;&lt;HKDevice: 0x283f8d2c0&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,1, software:10.1&gt;\" unit=\"kcal\" creationDate=\"{b}\" startDate=\"{a}\" endDate=\"{b}\" value=\"1.0{}\"/>\n",
                        s % 10
                    )
                })
            })
        };
        let workouts = {
            let me = me.clone();
            me.workouts().into_iter().map(move |w| me.workout_xml(&w))
        };
        let summaries = {
            let me = me.clone();
            (0..days).map(move |d| {
                let date = Date::from_days(me.first_day.days() + i64::from(d));
                format!(
                    " <ActivitySummary dateComponents=\"{date}\" activeEnergyBurned=\"{}\" activeEnergyBurnedGoal=\"500\" activeEnergyBurnedUnit=\"kcal\" appleMoveTime=\"0\" appleMoveTimeGoal=\"0\" appleExerciseTime=\"{}\" appleExerciseTimeGoal=\"30\" appleStandHours=\"10\" appleStandHoursGoal=\"12\"/>\n",
                    me.active_kcal_on(date),
                    me.workout_minutes
                )
            })
        };
        let parts = std::iter::once(head)
            .chain(heart)
            .chain(steps)
            .chain(basal)
            .chain(workouts)
            .chain(summaries)
            .chain(std::iter::once("</HealthData>\n".to_owned()));
        Stream {
            parts: Box::new(parts),
            pending: Vec::new(),
            at: 0,
        }
    }

    fn workout_xml(&self, w: &SyntheticWorkout) -> String {
        let (start, end) = (
            self.local(w.start.unix_ms() / 1000),
            self.local(w.end.unix_ms() / 1000),
        );
        let distance_type = match w.sport {
            Sport::Cycling => "HKQuantityTypeIdentifierDistanceCycling",
            _ => "HKQuantityTypeIdentifierDistanceWalkingRunning",
        };
        format!(
            " <Workout workoutActivityType=\"{}\" duration=\"{}\" durationUnit=\"min\" sourceName=\"Ada’s Apple Watch\" sourceVersion=\"10.1\" device=\"&lt;&lt;HKDevice: 0x283f8d2c0&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,1, software:10.1&gt;\" creationDate=\"{end}\" startDate=\"{start}\" endDate=\"{end}\">\n  <MetadataEntry key=\"HKIndoorWorkout\" value=\"0\"/>\n  <MetadataEntry key=\"HKTimeZone\" value=\"Europe/Amsterdam\"/>\n  <MetadataEntry key=\"HKElevationAscended\" value=\"2500 cm\"/>\n  <WorkoutEvent type=\"HKWorkoutEventTypeSegment\" date=\"{start}\" duration=\"10\" durationUnit=\"min\"/>\n  <WorkoutStatistics type=\"HKQuantityTypeIdentifierActiveEnergyBurned\" startDate=\"{start}\" endDate=\"{end}\" sum=\"{}\" unit=\"kcal\"/>\n  <WorkoutStatistics type=\"{distance_type}\" startDate=\"{start}\" endDate=\"{end}\" sum=\"{}\" unit=\"km\"/>\n  <WorkoutStatistics type=\"HKQuantityTypeIdentifierHeartRate\" startDate=\"{start}\" endDate=\"{end}\" average=\"128\" minimum=\"90\" maximum=\"171\" unit=\"count/min\"/>\n  <WorkoutRoute sourceName=\"Ada’s Apple Watch\" sourceVersion=\"10.1\" creationDate=\"{end}\" startDate=\"{start}\" endDate=\"{end}\">\n   <MetadataEntry key=\"HKMetadataKeySyncVersion\" value=\"2\"/>\n   <FileReference path=\"/{}\"/>\n  </WorkoutRoute>\n </Workout>\n",
            w.activity_type,
            self.workout_minutes,
            w.kcal,
            w.distance_m / 1000.0,
            w.route
        )
    }
}

/// The generated document as a [`Read`].
struct Stream {
    parts: Box<dyn Iterator<Item = String> + Send>,
    pending: Vec<u8>,
    at: usize,
}

impl Read for Stream {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.pending.len() {
            match self.parts.next() {
                Some(part) => {
                    self.pending = part.into_bytes();
                    self.at = 0;
                }
                None => return Ok(0),
            }
        }
        let n = out.len().min(self.pending.len() - self.at);
        out[..n].copy_from_slice(&self.pending[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}
