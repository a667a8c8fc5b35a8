//! From a recording to what the calendar and the workout page show: the summary and the laps.

use domain::{LapSummary, Metrics, Sport, WorkoutId, WorkoutSummary};
use formats::{Lap, Recording, Stream};

/// When and where in time a recording happened, as the importer resolved it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalTime {
    /// Minutes east of UTC at the start.
    pub utc_offset_min: i32,
    /// The IANA zone, when known.
    pub time_zone: Option<String>,
}

/// The summary of a recording (the id is a placeholder until it is stored).
pub fn summarise(r: &Recording, time: &LocalTime, source_name: &str) -> WorkoutSummary {
    let distance_m = r.distance_m().filter(|d| *d > 0.0);
    // A recording whose distance never grows (pool swims without lengths, some indoor files)
    // says nothing about motion: the timer time is the better answer than zero.
    let moving_ms = match r.moving_ms() {
        0 => r.timer_ms(),
        moving => moving,
    };
    let totals: Vec<&formats::Totals> = r.sessions.iter().map(|s| &s.totals).collect();
    let avg_speed = distance_m
        .filter(|_| moving_ms > 0)
        .map(|d| d / (moving_ms as f64 / 1000.0));
    let mut summary = WorkoutSummary {
        id: WorkoutId::new(0),
        title: String::new(),
        sport: r.sport,
        start: r.start,
        utc_offset_min: time.utc_offset_min,
        time_zone: time.time_zone.clone(),
        metrics: Metrics {
            elapsed_ms: r.duration_ms(),
            distance_m,
            calories: totals
                .iter()
                .filter_map(|t| t.calories)
                .reduce(|a, b| a + b),
            avg_hr: weighted(&totals, |t| t.avg_heart_rate.map(f64::from))
                .or_else(|| mean(r, Stream::HeartRate, true))
                .map(round_u16),
            max_hr: totals
                .iter()
                .filter_map(|t| t.max_heart_rate.map(u16::from))
                .max()
                .or_else(|| max(r, Stream::HeartRate).map(round_u16)),
            avg_speed,
            max_speed: totals
                .iter()
                .filter_map(|t| t.max_speed.map(f64::from))
                .reduce(f64::max)
                .or_else(|| max(r, Stream::Speed)),
            avg_cadence: weighted(&totals, |t| t.avg_cadence.map(f64::from))
                .or_else(|| mean(r, Stream::Cadence, true))
                .map(round_u16),
            avg_power: weighted(&totals, |t| t.avg_power.map(f64::from))
                .or_else(|| mean(r, Stream::Power, false))
                .map(round_u16),
            ascent_m: sum_u16(&totals, |t| t.ascent_m).or_else(|| climb(r).map(|c| c.0)),
            descent_m: sum_u16(&totals, |t| t.descent_m).or_else(|| climb(r).map(|c| c.1)),
        },
        moving_ms,
        max_power: totals
            .iter()
            .filter_map(|t| t.max_power)
            .max()
            .or_else(|| max(r, Stream::Power).map(round_u16)),
        has_gps: r.samples.has(Stream::Position),
        sample_count: u32::try_from(r.samples.len()).unwrap_or(u32::MAX),
        device: device_name(r),
        source_format: r
            .format
            .map_or("unknown", formats::Format::extension)
            .to_owned(),
        source_name: source_name.to_owned(),
        notes: String::new(),
    };
    if let Some(inferred) = crate::naming::infer_sport(r) {
        summary.sport = inferred.sport;
        summary.notes = inferred.note();
    }
    summary.title = title(r, &summary);
    summary
}

/// The device laps as the laps table shows them.
pub fn laps(r: &Recording) -> Vec<LapSummary> {
    r.laps
        .iter()
        .enumerate()
        .map(|(i, lap)| lap_summary(i, lap))
        .collect()
}

fn lap_summary(index: usize, lap: &Lap) -> LapSummary {
    let t = &lap.totals;
    LapSummary {
        index: index as u32,
        start: lap.start,
        metrics: Metrics {
            elapsed_ms: t.elapsed_ms,
            distance_m: t.distance_m,
            calories: t.calories,
            avg_hr: t.avg_heart_rate.map(u16::from),
            max_hr: t.max_heart_rate.map(u16::from),
            avg_speed: t.avg_speed.map(f64::from),
            max_speed: t.max_speed.map(f64::from),
            avg_cadence: t.avg_cadence.map(u16::from),
            avg_power: t.avg_power,
            ascent_m: t.ascent_m.map(f64::from),
            descent_m: t.descent_m.map(f64::from),
        },
        timer_ms: t.timer_ms,
        trigger: lap.trigger,
        intensity: lap.intensity,
        normalized_power: None,
    }
}

/// The file's own title when it has a short one that is more than a timestamp (and holds no
/// replacement character: text that could not be read is no title), else "Morning run",
/// "Evening ride", ...
fn title(r: &Recording, s: &WorkoutSummary) -> String {
    if let Some(notes) = r.notes.as_deref().map(str::trim)
        && !notes.is_empty()
        && notes.chars().count() <= 80
        && !notes.contains(char::REPLACEMENT_CHARACTER)
        && !crate::naming::is_timestamp_like(notes)
    {
        return notes.to_owned();
    }
    generated_title(s)
}

/// The title a workout gets when its file names none: "Morning run", "Evening ride", ...
/// from its local start and sport.
pub fn generated_title(s: &WorkoutSummary) -> String {
    let (hour, _) = s.local_time();
    let part = match hour {
        5..=11 => "Morning",
        12..=16 => "Afternoon",
        17..=21 => "Evening",
        _ => "Night",
    };
    let activity = match s.sport {
        Sport::Running => "run".to_owned(),
        Sport::Cycling => "ride".to_owned(),
        Sport::Walking => "walk".to_owned(),
        Sport::Hiking => "hike".to_owned(),
        Sport::Swimming => "swim".to_owned(),
        Sport::Rowing => "row".to_owned(),
        Sport::Generic => "workout".to_owned(),
        other => other.label().to_lowercase(),
    };
    format!("{part} {activity}")
}

fn device_name(r: &Recording) -> Option<String> {
    let d = r.device.as_ref()?;
    let maker = d.manufacturer.as_deref().map(|m| {
        let mut m = m.replace('_', " ");
        if let Some(first) = m.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        m
    });
    let name = match (maker, d.product.as_deref()) {
        (Some(maker), Some(product))
            if product.to_lowercase().starts_with(&maker.to_lowercase()) =>
        {
            product.to_owned()
        }
        (Some(maker), Some(product)) => format!("{maker} {product}"),
        (Some(maker), None) => maker,
        (None, Some(product)) => product.to_owned(),
        (None, None) => return None,
    };
    Some(name)
}

fn round_u16(v: f64) -> u16 {
    v.round().clamp(0.0, f64::from(u16::MAX)) as u16
}

/// Sessions' values weighted by their elapsed time.
fn weighted(
    totals: &[&formats::Totals],
    value: impl Fn(&formats::Totals) -> Option<f64>,
) -> Option<f64> {
    let (sum, weight) = totals
        .iter()
        .filter_map(|t| value(t).map(|v| (v, t.elapsed_ms.max(1) as f64)))
        .fold((0.0, 0.0), |(s, w), (v, tw)| (s + v * tw, w + tw));
    (weight > 0.0).then(|| sum / weight)
}

fn sum_u16(
    totals: &[&formats::Totals],
    value: impl Fn(&formats::Totals) -> Option<u16>,
) -> Option<f64> {
    totals
        .iter()
        .filter_map(|t| value(t).map(f64::from))
        .reduce(|a, b| a + b)
}

fn values(r: &Recording, stream: Stream) -> impl Iterator<Item = f64> + '_ {
    r.samples
        .column(stream)
        .into_iter()
        .flatten()
        .map(|&v| f64::from(v))
        .filter(|v| v.is_finite())
}

/// The mean of a stream; with `skip_zero`, zeros (a sensor with no reading) do not count.
fn mean(r: &Recording, stream: Stream, skip_zero: bool) -> Option<f64> {
    let (sum, n) = values(r, stream)
        .filter(|v| !skip_zero || *v > 0.0)
        .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

fn max(r: &Recording, stream: Stream) -> Option<f64> {
    values(r, stream).reduce(f64::max)
}

/// Ascent and descent from the altitude stream, counting only changes of more than 3 m from
/// the last turning point, so GPS and barometer noise do not add up to a mountain.
fn climb(r: &Recording) -> Option<(f64, f64)> {
    let altitude = r.samples.altitude.as_ref()?;
    let mut points = altitude
        .iter()
        .map(|&a| f64::from(a))
        .filter(|a| a.is_finite());
    let mut reference = points.next()?;
    let (mut up, mut down) = (0.0, 0.0);
    for a in points {
        let delta = a - reference;
        if delta > 3.0 {
            up += delta;
            reference = a;
        } else if delta < -3.0 {
            down -= delta;
            reference = a;
        }
    }
    Some((up, down))
}
