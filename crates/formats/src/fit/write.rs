//! The FIT writer: an activity file (file_id, device_info, events, records, hrv, laps,
//! sessions, activity) that Garmin's FIT SDK decodes without errors.

use super::{
    crc,
    profile::{base, degrees_to_semicircles, mesg, round},
};
use crate::TimestampExt as _;
use crate::{Recording, Session, Stream, Timestamp, Totals};

/// The profile version written in the header (21.94).
const PROFILE_VERSION: u16 = 2194;

/// One field of a definition: number, size, base type.
#[derive(Clone, Copy)]
struct FieldDef(u8, u8, u8);

/// A value to write, already in FIT units; `None` writes the type's invalid marker.
#[derive(Clone, Copy)]
enum Value {
    U8(Option<u8>),
    U16(Option<u16>),
    U32(Option<u32>),
    U32z(Option<u32>),
    S8(Option<i8>),
    S32(Option<i32>),
}

impl Value {
    fn def(self, num: u8) -> FieldDef {
        match self {
            Value::U8(_) => FieldDef(num, 1, base::UINT8),
            Value::U16(_) => FieldDef(num, 2, base::UINT16),
            Value::U32(_) => FieldDef(num, 4, base::UINT32),
            Value::U32z(_) => FieldDef(num, 4, base::UINT32Z),
            Value::S8(_) => FieldDef(num, 1, base::SINT8),
            Value::S32(_) => FieldDef(num, 4, base::SINT32),
        }
    }

    fn put(self, out: &mut Vec<u8>) {
        match self {
            Value::U8(v) => out.push(v.unwrap_or(0xFF)),
            Value::U16(v) => out.extend_from_slice(&v.unwrap_or(0xFFFF).to_le_bytes()),
            Value::U32(v) => out.extend_from_slice(&v.unwrap_or(0xFFFF_FFFF).to_le_bytes()),
            Value::U32z(v) => out.extend_from_slice(&v.unwrap_or(0).to_le_bytes()),
            Value::S8(v) => out.push(v.unwrap_or(0x7F) as u8),
            Value::S32(v) => out.extend_from_slice(&v.unwrap_or(0x7FFF_FFFF).to_le_bytes()),
        }
    }
}

/// An enum field (FIT base type enum: one byte, 0xFF invalid).
fn enum_def(num: u8) -> FieldDef {
    FieldDef(num, 1, base::ENUM)
}

/// A definition as written: global message number and (field, size, base type) triples.
type Written = (u16, Vec<(u8, u8, u8)>);

struct Writer {
    out: Vec<u8>,
    /// The definition each local message type currently holds.
    locals: [Option<Written>; 16],
}

impl Writer {
    /// Writes a definition for `global` on `local` unless that local already holds it.
    fn define(&mut self, local: u8, global: u16, fields: &[FieldDef]) {
        let held = self.locals[usize::from(local)].as_ref();
        if held.is_some_and(|(g, k)| {
            *g == global
                && k.len() == fields.len()
                && k.iter().zip(fields).all(|(k, f)| *k == (f.0, f.1, f.2))
        }) {
            return;
        }
        let key: Vec<(u8, u8, u8)> = fields.iter().map(|f| (f.0, f.1, f.2)).collect();
        self.out.push(0x40 | local);
        self.out.push(0); // reserved
        self.out.push(0); // little endian
        self.out.extend_from_slice(&global.to_le_bytes());
        self.out.push(fields.len() as u8);
        for f in fields {
            self.out.extend_from_slice(&[f.0, f.1, f.2]);
        }
        self.locals[usize::from(local)] = Some((global, key));
    }

    /// Writes one message: its definition if needed, then the data.
    fn message(
        &mut self,
        local: u8,
        global: u16,
        fields: &[(u8, Value)],
        enums: &[(u8, Option<u8>)],
    ) {
        let mut defs: Vec<FieldDef> = fields.iter().map(|(num, v)| v.def(*num)).collect();
        defs.extend(enums.iter().map(|(num, _)| enum_def(*num)));
        self.define(local, global, &defs);
        self.data(local, fields.iter().map(|(_, v)| *v));
        for (_, value) in enums {
            self.out.push(value.unwrap_or(0xFF));
        }
    }

    /// Writes the data of one message whose definition `local` already holds.
    fn data(&mut self, local: u8, values: impl IntoIterator<Item = Value>) {
        self.out.push(local);
        for value in values {
            value.put(&mut self.out);
        }
    }
}

/// The size of the file header, which [`write`] fills in once the data size is known.
const HEADER_SIZE: usize = 14;

fn u32_ms(ms: i64) -> Option<u32> {
    u32::try_from(ms).ok()
}

fn scaled_u32(value: Option<f64>, scale: f64) -> Option<u32> {
    value.filter(|v| v.is_finite() && *v >= 0.0).and_then(|v| {
        let scaled = round(v * scale);
        (scaled < f64::from(u32::MAX)).then_some(scaled as u32)
    })
}

fn totals_fields(t: &Totals, numbers: &[u8; 12]) -> Vec<(u8, Value)> {
    // numbers: elapsed, timer, distance, calories, avg speed, max speed, avg hr, max hr,
    // avg cadence, max cadence, avg power, max power (ascent/descent follow separately).
    let [
        elapsed,
        timer,
        distance,
        calories,
        avg_speed,
        max_speed,
        avg_hr,
        max_hr,
        avg_cad,
        max_cad,
        avg_power,
        max_power,
    ] = *numbers;
    vec![
        (elapsed, Value::U32(u32_ms(t.elapsed_ms))),
        (timer, Value::U32(t.timer_ms.and_then(u32_ms))),
        (distance, Value::U32(scaled_u32(t.distance_m, 100.0))),
        (
            calories,
            Value::U16(t.calories.map(|c| c.min(0xFFFE) as u16)),
        ),
        (
            avg_speed,
            Value::U32(scaled_u32(t.avg_speed.map(f64::from), 1000.0)),
        ),
        (
            max_speed,
            Value::U32(scaled_u32(t.max_speed.map(f64::from), 1000.0)),
        ),
        (avg_hr, Value::U8(t.avg_heart_rate.filter(|&h| h < 0xFF))),
        (max_hr, Value::U8(t.max_heart_rate.filter(|&h| h < 0xFF))),
        (avg_cad, Value::U8(t.avg_cadence.filter(|&c| c < 0xFF))),
        (max_cad, Value::U8(t.max_cadence.filter(|&c| c < 0xFF))),
        (avg_power, Value::U16(t.avg_power.filter(|&p| p < 0xFFFF))),
        (max_power, Value::U16(t.max_power.filter(|&p| p < 0xFFFF))),
    ]
}

/// Local message types used for each message kind.
mod local {
    pub const FILE_ID: u8 = 0;
    pub const DEVICE_INFO: u8 = 1;
    pub const EVENT: u8 = 2;
    pub const RECORD: u8 = 3;
    pub const LAP: u8 = 4;
    pub const SESSION: u8 = 5;
    pub const ACTIVITY: u8 = 6;
    pub const HRV: u8 = 7;
}

/// Writes a recording as a FIT activity file.
pub fn write(recording: &Recording) -> Vec<u8> {
    let mut out = Vec::with_capacity(1024 + recording.samples.len() * 32);
    out.resize(HEADER_SIZE, 0);
    let mut w = Writer {
        out,
        locals: Default::default(),
    };
    let start = recording.start;
    let end = recording.end();
    let device = recording.device.clone().unwrap_or_default();
    let manufacturer = device.manufacturer_id.or_else(|| {
        device
            .manufacturer
            .as_deref()
            .and_then(super::profile::manufacturer_code)
    });
    // Without a known maker, say "development" (255) so readers do not guess a product.
    let manufacturer = manufacturer.unwrap_or(255);

    w.message(
        local::FILE_ID,
        mesg::FILE_ID,
        &[
            (1, Value::U16(Some(manufacturer))),
            (2, Value::U16(device.product_id)),
            (3, Value::U32z(device.serial)),
            (4, Value::U32(Some(start.to_fit()))),
        ],
        &[(0, Some(4))], // type: activity
    );
    let software = device
        .software
        .as_deref()
        .and_then(|s| s.parse::<f64>().ok())
        .map(|v| (v * 100.0).round() as u16);
    w.message(
        local::DEVICE_INFO,
        mesg::DEVICE_INFO,
        &[
            (253, Value::U32(Some(start.to_fit()))),
            (2, Value::U16(Some(manufacturer))),
            (3, Value::U32z(device.serial)),
            (4, Value::U16(device.product_id)),
            (5, Value::U16(software)),
        ],
        &[(0, Some(0))], // device_index: creator
    );
    let timer_event = |w: &mut Writer, time: Timestamp, event_type: u8| {
        w.message(
            local::EVENT,
            mesg::EVENT,
            &[(253, Value::U32(Some(time.to_fit())))],
            &[(0, Some(0)), (1, Some(event_type)), (4, Some(0))], // event timer, type, group 0
        );
    };
    timer_event(&mut w, start, 0);

    records(&mut w, recording);

    // Laps, each followed by nothing: FIT readers order by time; pauses as timer events.
    for pause in &recording.pauses {
        timer_event(&mut w, pause.start, 4); // stop_all
        timer_event(&mut w, pause.end, 0); // start
    }
    let laps = recording.laps_or_whole();
    for (index, lap) in laps.iter().enumerate() {
        let mut fields = vec![
            (254, Value::U16(Some(index as u16))),
            (253, Value::U32(Some(lap.end().to_fit()))),
            (2, Value::U32(Some(lap.start.to_fit()))),
        ];
        fields.extend(totals_fields(
            &lap.totals,
            &[7, 8, 9, 11, 110, 111, 15, 16, 17, 18, 19, 20],
        ));
        fields.push((21, Value::U16(lap.totals.ascent_m)));
        fields.push((22, Value::U16(lap.totals.descent_m)));
        let sport = recording
            .sessions
            .iter()
            .find(|s| s.laps.contains(&index))
            .map_or(recording.sport, |s| s.sport);
        w.message(
            local::LAP,
            mesg::LAP,
            &fields,
            &[
                (0, Some(9)),
                (1, Some(1)),
                (23, Some(lap.intensity.fit_code())),
                (24, Some(lap.trigger.fit_code())),
                (25, Some(sport.fit_code())),
            ],
        );
    }
    let sessions: Vec<Session> = if recording.sessions.is_empty() {
        vec![Session {
            sport: recording.sport,
            sub_sport: recording.sub_sport,
            start,
            totals: laps.first().map(|l| l.totals).unwrap_or_default(),
            laps: 0..laps.len(),
        }]
    } else {
        recording.sessions.clone()
    };
    for (index, session) in sessions.iter().enumerate() {
        let session_end = session.start.add_ms(session.totals.elapsed_ms);
        let mut fields = vec![
            (254, Value::U16(Some(index as u16))),
            (253, Value::U32(Some(session_end.to_fit()))),
            (2, Value::U32(Some(session.start.to_fit()))),
        ];
        fields.extend(totals_fields(
            &session.totals,
            &[7, 8, 9, 11, 124, 125, 16, 17, 18, 19, 20, 21],
        ));
        fields.push((22, Value::U16(session.totals.ascent_m)));
        fields.push((23, Value::U16(session.totals.descent_m)));
        let laps = session.laps.clone();
        fields.push((25, Value::U16(Some(laps.start.min(laps.end) as u16))));
        fields.push((26, Value::U16(Some(laps.len() as u16))));
        w.message(
            local::SESSION,
            mesg::SESSION,
            &fields,
            &[
                (0, Some(8)),
                (1, Some(1)),
                (5, Some(session.sport.fit_code())),
                (6, Some(session.sub_sport.unwrap_or(0))),
                (28, Some(0)),
            ],
        );
    }
    timer_event(&mut w, end, 4);
    let local_timestamp = recording.utc_offset_minutes.and_then(|offset| {
        let local = i64::from(end.to_fit()) + i64::from(offset) * 60;
        u32::try_from(local).ok()
    });
    w.message(
        local::ACTIVITY,
        mesg::ACTIVITY,
        &[
            (253, Value::U32(Some(end.to_fit()))),
            (0, Value::U32(u32_ms(recording.timer_ms()))),
            (1, Value::U16(Some(sessions.len() as u16))),
            (5, Value::U32(local_timestamp)),
        ],
        &[(2, Some(0)), (3, Some(26)), (4, Some(1))], // type manual, event activity, stop
    );

    // Header (with its own CRC) in the space left for it, then the file CRC.
    let mut file = w.out;
    let data_size = (file.len() - HEADER_SIZE) as u32;
    file[0] = HEADER_SIZE as u8;
    file[1] = 0x20; // protocol 2.0
    file[2..4].copy_from_slice(&PROFILE_VERSION.to_le_bytes());
    file[4..8].copy_from_slice(&data_size.to_le_bytes());
    file[8..12].copy_from_slice(b".FIT");
    let header_crc = crc::of(&file[..12]);
    file[12..14].copy_from_slice(&header_crc.to_le_bytes());
    let file_crc = crc::of(&file);
    file.extend_from_slice(&file_crc.to_le_bytes());
    file
}

fn records(w: &mut Writer, recording: &Recording) {
    let s = &recording.samples;
    let has = |stream| s.has(stream);
    // One definition with every stream the recording has.
    let distances = recording.distance_stream();
    let (position, altitude, distance) = (
        has(Stream::Position),
        has(Stream::Altitude),
        distances.is_some(),
    );
    let (hr, cadence, speed, power, temp) = (
        has(Stream::HeartRate),
        has(Stream::Cadence),
        has(Stream::Speed),
        has(Stream::Power),
        has(Stream::Temperature),
    );
    let f32_at = |column: &Option<Vec<f32>>, i: usize| {
        column.as_ref().map(|c| c[i]).filter(|v| v.is_finite())
    };
    // A whole-number field: rounded and kept inside the values its FIT type can hold.
    let rounded = |column: &Option<Vec<f32>>, i: usize, lo: f64, hi: f64| {
        f32_at(column, i).map(|v| round(f64::from(v)).clamp(lo, hi))
    };
    let f64_at = |column: &Option<Vec<f64>>, i: usize| {
        column.as_ref().map(|c| c[i]).filter(|v| v.is_finite())
    };
    let fractional_cadence = s
        .cadence
        .as_ref()
        .is_some_and(|c| c.iter().any(|v| v.is_finite() && v.fract() != 0.0));
    let mut fields: Vec<(u8, Value)> = Vec::with_capacity(11);
    let mut defined = false;
    for i in 0..s.len() {
        let second = s.time[i].to_fit();
        // FIT keeps whole seconds: of several samples at different instants of one second the
        // last stands for them (so the recording still ends where it ended, at its full
        // distance). Samples at the same instant are all written, as a FIT source had them.
        if s.time
            .get(i + 1)
            .is_some_and(|&next| next.to_fit() == second && next != s.time[i])
        {
            continue;
        }
        fields.clear();
        fields.push((253, Value::U32(Some(second))));
        if position {
            let lat = f64_at(&s.latitude, i).map(degrees_to_semicircles);
            let lon = f64_at(&s.longitude, i).map(degrees_to_semicircles);
            let (lat, lon) = if lat.is_some() && lon.is_some() {
                (lat, lon)
            } else {
                (None, None)
            };
            fields.push((0, Value::S32(lat)));
            fields.push((1, Value::S32(lon)));
        }
        if distance {
            let d = distances.as_ref().map(|d| d[i]).filter(|v| v.is_finite());
            fields.push((5, Value::U32(scaled_u32(d, 100.0))));
        }
        if altitude {
            let raw = f32_at(&s.altitude, i).map(|a| (f64::from(a) + 500.0) * 5.0);
            fields.push((
                78,
                Value::U32(raw.filter(|r| *r >= 0.0).map(|r| round(r) as u32)),
            ));
        }
        if hr {
            fields.push((
                3,
                Value::U8(rounded(&s.heart_rate, i, 0.0, 254.0).map(|v| v as u8)),
            ));
        }
        if cadence {
            // Whole cycles in `cadence`, the rest in 1/128 in `fractional_cadence` (rounding
            // would turn 58.6 into 59 for readers that ignore the fraction).
            let c = f32_at(&s.cadence, i).map(|c| f64::from(c).clamp(0.0, 254.0));
            let whole = c.map(f64::floor);
            fields.push((4, Value::U8(whole.map(|w| w as u8))));
            if fractional_cadence {
                let fraction = c.zip(whole).map(|(c, w)| round((c - w) * 128.0).min(127.0));
                fields.push((53, Value::U8(fraction.map(|f| f as u8))));
            }
        }
        if speed {
            fields.push((
                73,
                Value::U32(scaled_u32(f32_at(&s.speed, i).map(f64::from), 1000.0)),
            ));
        }
        if power {
            fields.push((
                7,
                Value::U16(rounded(&s.power, i, 0.0, 65534.0).map(|v| v as u16)),
            ));
        }
        if temp {
            fields.push((
                13,
                Value::S8(rounded(&s.temperature, i, -127.0, 126.0).map(|v| v as i8)),
            ));
        }
        // Every record has the same layout, so one definition serves them all.
        if !defined {
            let defs: Vec<FieldDef> = fields.iter().map(|(num, v)| v.def(*num)).collect();
            w.define(local::RECORD, mesg::RECORD, &defs);
            defined = true;
        }
        w.data(local::RECORD, fields.iter().map(|(_, v)| *v));
    }
    // Beat-to-beat intervals: hrv messages of up to five values (milliseconds, scale 1000 s).
    for chunk in recording.rr_intervals_ms.chunks(5) {
        let mut values = [0xFFFFu16; 5];
        values[..chunk.len()].copy_from_slice(chunk);
        w.define(local::HRV, mesg::HRV, &[FieldDef(0, 10, base::UINT16)]);
        w.out.push(local::HRV);
        for v in values {
            w.out.extend_from_slice(&v.to_le_bytes());
        }
    }
}
