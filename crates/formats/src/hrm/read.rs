//! The Polar HRM reader, versions 1.02 to 1.07.
//!
//! HRM records local wall-clock time without a zone: the caller says which UTC offset to read it
//! in ([`crate::Options::local_utc_offset_minutes`]).

use crate::TimestampExt as _;
use crate::{
    Civil, Device, Error, ErrorKind, Format, Lap, LapTrigger, Recording, Result, SamplesBuilder,
    Session, Sport, Timestamp, Totals,
};

/// `Interval` value that marks R-R recording: each data row is one beat-to-beat interval.
pub const RR_INTERVAL: u32 = 238;

/// What the `[HRData]` columns hold, after the heart rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Columns {
    pub speed: bool,
    pub cadence: bool,
    pub altitude: bool,
    pub power: bool,
    /// Power left-right balance and pedalling index share one column.
    pub power_balance: bool,
    pub air_pressure: bool,
    /// Imperial units (mph, ft, °F) instead of metric.
    pub us_units: bool,
}

impl Columns {
    /// From the 8 or 9 digits of `SMode` (versions 1.06 and 1.07).
    pub(crate) fn from_smode(smode: &str) -> Option<Self> {
        let d: Vec<bool> = smode.trim().chars().map(|c| c == '1').collect();
        if d.len() < 8 || !smode.trim().chars().all(|c| c == '0' || c == '1') {
            return None;
        }
        Some(Self {
            speed: d[0],
            cadence: d[1],
            altitude: d[2],
            power: d[3],
            power_balance: d[4] || d[5],
            air_pressure: d.get(8).copied().unwrap_or(false),
            us_units: d[7],
        })
    }

    /// From the three characters of `Mode` (versions 1.02 to 1.05): cadence/altitude/none,
    /// heart rate only or with cycling data, metric or imperial.
    pub(crate) fn from_mode(mode: &str) -> Option<Self> {
        let c: Vec<char> = mode.trim().chars().collect();
        if c.len() != 3 {
            return None;
        }
        let cycling = c[1] == '1';
        Some(Self {
            speed: cycling,
            cadence: cycling && c[0] == '0',
            altitude: cycling && c[0] == '1',
            us_units: c[2] == '1',
            ..Self::default()
        })
    }

    fn count(self) -> usize {
        1 + [
            self.speed,
            self.cadence,
            self.altitude,
            self.power,
            self.power_balance,
            self.air_pressure,
        ]
        .into_iter()
        .filter(|&on| on)
        .count()
    }
}

struct Sections<'a> {
    params: Vec<(&'a str, &'a str)>,
    note: Vec<&'a str>,
    int_times: Vec<&'a str>,
    hr_zones: Vec<&'a str>,
    hr_data: Vec<(usize, &'a str)>,
}

fn sections(text: &str) -> Result<Sections<'_>> {
    let mut s = Sections {
        params: Vec::new(),
        note: Vec::new(),
        int_times: Vec::new(),
        hr_zones: Vec::new(),
        hr_data: Vec::new(),
    };
    let mut current = "";
    let mut seen_params = false;
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim();
        if trimmed.starts_with('[') && trimmed.ends_with(']') {
            current = &trimmed[1..trimmed.len() - 1];
            seen_params |= current.eq_ignore_ascii_case("Params");
            continue;
        }
        match current {
            "Params" | "params" => {
                if let Some((key, value)) = trimmed.split_once('=') {
                    s.params.push((key.trim(), value.trim()));
                }
            }
            "Note" => s.note.push(line),
            "IntTimes" => s.int_times.push(trimmed),
            "HRZones" => s.hr_zones.push(trimmed),
            "HRData" if !trimmed.is_empty() => s.hr_data.push((index + 1, trimmed)),
            _ => {}
        }
    }
    if !seen_params {
        return Err(Error::new(ErrorKind::BadHrm(
            "there is no [Params] section".to_owned(),
        )));
    }
    Ok(s)
}

/// `HH:MM:SS.t` (tenths) to milliseconds; `None` when malformed or beyond what milliseconds
/// can count (hours are not bounded by the format).
pub(crate) fn parse_duration(text: &str) -> Option<i64> {
    let mut parts = text.trim().split(':');
    let hours: i64 = parts.next()?.parse().ok()?;
    let minutes: i64 = parts.next()?.parse().ok()?;
    let seconds: f64 = parts.next()?.parse().ok()?;
    if parts.next().is_some()
        || !(0..60).contains(&minutes)
        || !(0.0..60.0).contains(&seconds)
        || hours < 0
    {
        return None;
    }
    hours
        .checked_mul(3_600_000)?
        .checked_add(minutes * 60_000 + (seconds * 1000.0).round() as i64)
}

/// The longest sampling interval read, seconds: Polar monitors sample every 1 to 60 s; a day
/// between samples is not a recording, and bounds the time arithmetic on hostile values.
const MAX_INTERVAL_S: u32 = 86_400;

/// How far `Length` may reach past the last sample: each row stands for the interval that it
/// starts.
fn length_tolerance_ms(interval: u32) -> i64 {
    i64::from(interval) * 1000
}

/// Reads an HRM file recorded in a zone `utc_offset_minutes` east of UTC.
pub fn read(input: &[u8], utc_offset_minutes: i32) -> Result<Recording> {
    // The note is in the code page of the PC that saved the file, which the file does not
    // name: found by what reads plausibly.
    let text = crate::text::decode(input);
    let s = sections(&text)?;
    let param = |key: &str| {
        s.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| *v)
    };
    let required = |key: &'static str| {
        param(key).ok_or_else(|| Error::new(ErrorKind::BadHrm(format!("[Params] has no {key}"))))
    };
    let bad = |key: &'static str, value: &str| Error::new(Error::bad_value(key, value.as_bytes()));

    let version: u32 = required("Version")?
        .parse()
        .map_err(|_| bad("Version", param("Version").unwrap_or_default()))?;
    let columns = match (param("SMode"), param("Mode")) {
        (Some(smode), _) => Columns::from_smode(smode).ok_or_else(|| bad("SMode", smode))?,
        (None, Some(mode)) => Columns::from_mode(mode).ok_or_else(|| bad("Mode", mode))?,
        (None, None) => Columns::default(),
    };
    let date = required("Date")?;
    let civil = parse_date(date).ok_or_else(|| bad("Date", date))?;
    let start_text = required("StartTime")?;
    let start_of_day = parse_duration(start_text)
        .filter(|ms| *ms < 86_400_000)
        .ok_or_else(|| bad("StartTime", start_text))?;
    let start = Timestamp::from_civil(civil, utc_offset_minutes).add_ms(start_of_day);
    let length = param("Length").and_then(parse_duration);
    let interval_text = required("Interval")?;
    let interval: u32 = interval_text
        .parse()
        .ok()
        .filter(|i| *i > 0)
        .ok_or_else(|| bad("Interval", interval_text))?;
    if interval > MAX_INTERVAL_S {
        return Err(Error::new(ErrorKind::BadHrm(format!(
            "an Interval of {interval} s between samples is longer than a day"
        ))));
    }

    // Samples.
    let mut samples = SamplesBuilder::new();
    let mut rr = Vec::new();
    let expected = if interval == RR_INTERVAL {
        1
    } else {
        columns.count()
    };
    let mut clock_ms = 0i64;
    for (row, (line_number, line)) in s.hr_data.iter().enumerate() {
        let values: Vec<f64> = line
            .split_whitespace()
            .map(str::parse::<f64>)
            .collect::<Result<_, _>>()
            .map_err(|_| Error {
                line: Some(*line_number as u64),
                ..Error::new(Error::bad_value("[HRData] row", line.as_bytes()))
            })?;
        if values.len() < expected {
            let kind = ErrorKind::BadHrm(format!(
                "[HRData] rows need {expected} columns for this SMode, this one has {}",
                values.len()
            ));
            return Err(Error {
                line: Some(*line_number as u64),
                ..Error::new(kind)
            });
        }
        if interval == RR_INTERVAL {
            let rr_ms = values[0];
            if rr_ms <= 0.0 || rr_ms > 5000.0 {
                continue;
            }
            clock_ms += rr_ms.round() as i64;
            rr.push(rr_ms.round() as u16);
            samples.push_row(start.add_ms(clock_ms));
            samples.heart_rate((60_000.0 / rr_ms) as f32);
            continue;
        }
        let at_ms = i64::try_from(row)
            .ok()
            .and_then(|row| row.checked_mul(i64::from(interval) * 1000))
            .ok_or_else(|| Error {
                line: Some(*line_number as u64),
                ..Error::new(ErrorKind::BadHrm(
                    "too many rows for the Interval".to_owned(),
                ))
            })?;
        samples.push_row(start.add_ms(at_ms));
        if values[0] > 0.0 {
            samples.heart_rate(values[0] as f32);
        }
        let mut column = 1;
        let mut next = || {
            column += 1;
            values[column - 1]
        };
        if columns.speed {
            // Tenths of km/h or of mph.
            let speed = next() / 10.0;
            samples.speed(
                (if columns.us_units {
                    speed * 0.447_04
                } else {
                    speed / 3.6
                }) as f32,
            );
        }
        if columns.cadence {
            samples.cadence(next() as f32);
        }
        if columns.altitude {
            let altitude = next();
            samples.altitude(
                (if columns.us_units {
                    altitude * 0.3048
                } else {
                    altitude
                }) as f32,
            );
        }
        if columns.power {
            samples.power(next() as f32);
        }
    }
    // The file's Length is the recording's duration: the last row starts the last interval,
    // it does not end it. A row without values marks the end, so that the recording lasts as
    // long as the file says (as other readers of HRM count it).
    let mut warnings = Vec::new();
    let last_ms = samples.last_time().map(|t| t.ms_since(start));
    match (length, last_ms) {
        // R-R rows add up to the duration themselves.
        _ if interval == RR_INTERVAL => {}
        (Some(length), Some(last)) if length > last => {
            if length - last <= length_tolerance_ms(interval) {
                samples.push_row(start.add_ms(length));
            } else {
                warnings.push(format!(
                    "the file says it lasts {} s but its samples end after {} s; the samples were believed",
                    length / 1000,
                    last / 1000
                ));
            }
        }
        _ => {}
    }
    let mut samples = samples.finish();
    if let Some(speed) = samples.speed.as_ref() {
        samples.distance = Some(integrate(&samples.time, speed));
    }

    // Laps: [IntTimes] holds, per lap, a line starting with the lap's end time since the start
    // (HR at the end, min, average, max) and then some lines of other values.
    let mut laps = Vec::new();
    let mut lap_start_ms = 0;
    for line in s
        .int_times
        .iter()
        .filter(|l| l.split_whitespace().next().is_some_and(|t| t.contains(':')))
    {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let end_ms =
            parse_duration(fields[0]).ok_or_else(|| bad("[IntTimes] lap time", fields[0]))?;
        let hr = |i: usize| {
            fields
                .get(i)
                .and_then(|v| v.parse::<u16>().ok())
                .filter(|v| (1..=255).contains(v))
                .map(|v| v as u8)
        };
        let lap_start = start.add_ms(lap_start_ms);
        laps.push(Lap {
            start: lap_start,
            totals: Totals {
                elapsed_ms: (end_ms - lap_start_ms).max(0),
                timer_ms: Some((end_ms - lap_start_ms).max(0)),
                avg_heart_rate: hr(3),
                max_heart_rate: hr(4),
                ..Totals::default()
            },
            trigger: LapTrigger::Manual,
            ..Lap::default()
        });
        lap_start_ms = end_ms;
    }
    if let Some(distance) = samples.distance.as_ref() {
        for lap in &mut laps {
            lap.totals.distance_m = distance_between(&samples.time, distance, lap.start, lap.end());
        }
    }

    let duration = match samples.time.last() {
        Some(last) => last.ms_since(start),
        None => length.unwrap_or(0),
    };
    let notes: String = s
        .note
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    let zones: Vec<u8> = s
        .hr_zones
        .iter()
        .filter_map(|z| z.parse::<u8>().ok())
        .filter(|z| *z > 0)
        .collect();
    if !(102..=107).contains(&version) {
        warnings.push(format!(
            "HRM version {version} is outside 1.02–1.07; it was read as the closest known one"
        ));
    }
    let sport = if columns.speed && (columns.cadence || columns.power) {
        Sport::Cycling
    } else {
        Sport::Generic
    };
    let session = Session {
        sport,
        start,
        totals: Totals {
            elapsed_ms: duration,
            timer_ms: Some(duration),
            distance_m: samples.distance.as_ref().and_then(|d| d.last().copied()),
            ..Totals::default()
        },
        laps: 0..laps.len(),
        ..Session::default()
    };
    Ok(Recording {
        format: Some(Format::Hrm),
        sport,
        sub_sport: None,
        start,
        utc_offset_minutes: Some(utc_offset_minutes),
        device: param("Monitor").map(|m| Device {
            manufacturer: Some("polar".to_owned()),
            manufacturer_id: Some(123),
            product: Some(monitor_name(m)),
            ..Device::default()
        }),
        sessions: vec![session],
        laps,
        pauses: Vec::new(),
        samples,
        rr_intervals_ms: rr,
        notes: (!notes.is_empty()).then_some(notes),
        hr_zone_bounds: zones,
        warnings,
    })
}

fn parse_date(text: &str) -> Option<Civil> {
    let text = text.trim();
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year = text[..4].parse().ok()?;
    let month: u8 = text[4..6].parse().ok()?;
    let day: u8 = text[6..].parse().ok()?;
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Civil {
        year,
        month,
        day,
        hour: 0,
        minute: 0,
        second: 0,
        millisecond: 0,
    })
}

/// Cumulative distance from speed (m/s) over time, metres.
fn integrate(time: &[Timestamp], speed: &[f32]) -> Vec<f64> {
    let mut total = 0.0;
    let mut out = Vec::with_capacity(time.len());
    for i in 0..time.len() {
        if i > 0 {
            let dt = time[i].ms_since(time[i - 1]) as f64 / 1000.0;
            let v = f64::from(speed[i]);
            if v.is_finite() {
                total += v * dt;
            }
        }
        out.push(total);
    }
    out
}

fn distance_between(
    time: &[Timestamp],
    distance: &[f64],
    from: Timestamp,
    to: Timestamp,
) -> Option<f64> {
    let at = |t: Timestamp| {
        let i = time.partition_point(|&x| x <= t);
        i.checked_sub(1).map(|i| distance[i])
    };
    Some((at(to)? - at(from).unwrap_or(0.0)).max(0.0))
}

/// Polar's monitor codes, for the device name.
fn monitor_name(code: &str) -> String {
    let name = match code.trim() {
        "1" => "Polar Sport Tester / Vantage XL",
        "2" => "Polar Vantage NV (VNV)",
        "3" => "Polar Accurex Plus",
        "4" => "Polar XTrainer Plus",
        "6" => "Polar S520",
        "7" => "Polar Coach",
        "8" => "Polar S210",
        "9" => "Polar S410",
        "10" => "Polar S510",
        "11" => "Polar S610 / S610i",
        "12" => "Polar S710 / S710i / S720i",
        "13" => "Polar S810 / S810i",
        "15" => "Polar E600",
        "20" => "Polar AXN500",
        "21" => "Polar AXN700",
        "22" => "Polar S625X / S725X",
        "23" => "Polar S725",
        "33" => "Polar CS400",
        "34" => "Polar CS600X",
        "35" => "Polar CS600",
        "36" => "Polar RS400",
        "37" => "Polar RS800",
        "38" => "Polar RS800X",
        other => return format!("Polar monitor {other}"),
    };
    name.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smode_digits_select_the_columns() {
        let c = Columns::from_smode("111110110").unwrap();
        assert!(
            c.speed
                && c.cadence
                && c.altitude
                && c.power
                && c.power_balance
                && c.us_units
                && !c.air_pressure
        );
        assert_eq!(c.count(), 6);
        assert_eq!(Columns::from_smode("00000000").unwrap().count(), 1);
        assert_eq!(
            Columns::from_smode("000000001").unwrap().count(),
            2,
            "1.07 air pressure"
        );
        assert_eq!(Columns::from_smode("12"), None);
    }

    #[test]
    fn version_1_05_mode_reads_as_its_columns() {
        let altitude = Columns::from_mode("110").unwrap();
        assert!(altitude.speed && altitude.altitude && !altitude.cadence && !altitude.us_units);
        let none = Columns::from_mode("311").unwrap();
        assert!(none.speed && !none.cadence && !none.altitude && none.us_units);
        assert_eq!(
            Columns::from_mode("000").unwrap().count(),
            1,
            "heart rate only"
        );
    }

    #[test]
    fn durations_have_tenths() {
        assert_eq!(parse_duration("01:10:12.0"), Some(4_212_000));
        assert_eq!(parse_duration("0:06:59.2"), Some(419_200));
        assert_eq!(parse_duration("00:61:00.0"), None);
    }

    #[test]
    fn a_1_05_file_with_altitude_reads_in_the_given_zone() {
        let hrm = "[Params]\r\nVersion=105\r\nMonitor=12\r\nMode=110\r\nDate=20040912\r\nStartTime=07:26:07.0\r\n\
                   Length=00:00:10.0\r\nInterval=5\r\n\r\n[HRData]\r\n100\t200\t300\r\n110\t360\t310\r\n120\t0\t320\r\n";
        let r = read(hrm.as_bytes(), 120).unwrap();
        assert_eq!(r.start.to_string(), "2004-09-12T05:26:07Z");
        assert_eq!(
            r.samples.heart_rate.as_deref(),
            Some(&[100.0, 110.0, 120.0][..])
        );
        assert_eq!(
            r.samples.altitude.as_deref(),
            Some(&[300.0, 310.0, 320.0][..])
        );
        assert_eq!(
            r.samples.speed.as_ref().unwrap()[1],
            10.0,
            "36.0 km/h is 10 m/s"
        );
        assert_eq!(r.duration_ms(), 10_000);
    }

    #[test]
    fn missing_params_and_short_rows_are_refused_with_where() {
        let err = read(b"[HRData]\n1\n", 0).unwrap_err();
        assert_eq!(
            err.kind,
            ErrorKind::BadHrm("there is no [Params] section".into())
        );
        let short = "[Params]\nVersion=106\nSMode=110000000\nDate=20090306\nStartTime=08:59:07.0\nInterval=5\n[HRData]\n100\t200\t300\n100\t200\n";
        let err = read(short.as_bytes(), 0).unwrap_err();
        assert_eq!(err.line, Some(9));
        assert!(err.to_string().contains("need 3 columns"), "{err}");
    }
}
