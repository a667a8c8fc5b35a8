//! The storage codec: a whole [`Recording`] as one compact, versioned blob, so that a workout is
//! one database read and every export can be written from it.
//!
//! Layout: the magic `LAPS`, a version byte, then the body compressed: one zstd frame (level 1,
//! its size in the frame header) in version 2, which is written; a deflate stream in version
//! 1, which blobs stored before are and which is still read. In the body,
//! integers are LEB128 varints (signed ones zigzag-encoded) and each sample stream is a column
//! of deltas between quantised values, where `0` means "no value here" and `n > 0` is the
//! zigzag delta plus one. A 1 Hz hour of HR, position, altitude and distance comes to a few
//! bytes a sample before deflate.
//!
//! Quantisation (finer than any device records): positions 1e-9°, distance and altitude 1 mm,
//! speed 1 mm/s, heart rate, cadence, power and temperature 0.01 of their unit. Times are kept to
//! the millisecond and every summary number exactly.

use std::io::Read;

use crate::{
    Device, Format, Intensity, Lap, LapTrigger, Pause, Recording, Samples, Session, Sport,
    Timestamp, Totals,
};

const MAGIC: &[u8; 4] = b"LAPS";
/// The version written: a zstd body. Version 1 (a deflate body) is read too.
const VERSION: u8 = 2;
/// The most a blob may inflate to: well above a 24-hour 10 Hz recording with every stream.
const MAX_BODY: u64 = 512 << 20;

/// A blob that cannot be decoded: not written by [`encode`], or damaged in storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "stored recording is unreadable: {}", self.0)
    }
}

impl std::error::Error for StoreError {}

type Result<T> = std::result::Result<T, StoreError>;

fn corrupt(what: &str) -> StoreError {
    StoreError(what.to_owned())
}

/// Encodes a recording. Warnings are kept; the blob decodes to the same recording up to the
/// quantisation of the sample streams described in the module documentation.
pub fn encode(recording: &Recording) -> Vec<u8> {
    compress_body(&body(recording))
}

/// Encodes a recording and returns it as [`decode`] will read it back (quantised), without
/// decompressing the blob again: imports analyse the recording as stored. A long recording's
/// body is compressed on a second core while it is decoded.
pub fn encode_stored(recording: &Recording) -> Result<(Vec<u8>, Recording)> {
    /// Bodies from this size on (about an hour at 1 Hz with every stream) use two cores.
    const PARALLEL_FROM: usize = 128 << 10;
    let body = body(recording);
    if body.len() < PARALLEL_FROM {
        return Ok((compress_body(&body), decode_body(&body)?));
    }
    std::thread::scope(|scope| {
        let blob = scope.spawn(|| compress_body(&body));
        let stored = decode_body(&body);
        let blob = blob.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        Ok((blob, stored?))
    })
}

fn body(recording: &Recording) -> Vec<u8> {
    let mut body = Enc(Vec::with_capacity(64 + recording.samples.len() * 12));
    body.recording(recording);
    body.0
}

fn compress_body(body: &[u8]) -> Vec<u8> {
    let mut blob = Vec::with_capacity(MAGIC.len() + 1);
    blob.extend_from_slice(MAGIC);
    blob.push(VERSION);
    crate::packed::zstd_append(&mut blob, body);
    blob
}

/// The body of a version 2 blob: its frame states its size, which is checked against the
/// limit before anything is allocated.
fn unzstd(compressed: &[u8]) -> Result<Vec<u8>> {
    use crate::packed::PackError;
    crate::packed::unzstd(compressed, MAX_BODY).map_err(|e| match e {
        PackError::TooLarge { .. } => corrupt("body too large"),
        PackError::NoContentSize => corrupt("zstd: no content size"),
        e => StoreError(format!("zstd: {e}")),
    })
}

/// The body of a version 1 blob.
fn inflate(compressed: &[u8]) -> Result<Vec<u8>> {
    let mut body = Vec::new();
    flate2::read::DeflateDecoder::new(compressed)
        .take(MAX_BODY + 1)
        .read_to_end(&mut body)
        .map_err(|e| StoreError(format!("deflate: {e}")))?;
    if body.len() as u64 > MAX_BODY {
        return Err(corrupt("body too large"));
    }
    Ok(body)
}

/// Decodes a blob written by [`encode`].
pub fn decode(blob: &[u8]) -> Result<Recording> {
    let rest = blob
        .strip_prefix(MAGIC)
        .ok_or_else(|| corrupt("no LAPS magic"))?;
    let (&version, compressed) = rest.split_first().ok_or_else(|| corrupt("no version"))?;
    let body = match version {
        2 => unzstd(compressed)?,
        1 => inflate(compressed)?,
        _ => return Err(StoreError(format!("unknown version {version}"))),
    };
    decode_body(&body)
}

fn decode_body(body: &[u8]) -> Result<Recording> {
    let mut dec = Dec(body);
    let recording = dec.recording()?;
    if !dec.0.is_empty() {
        return Err(corrupt("bytes after the recording"));
    }
    Ok(recording)
}

/// The quantum of each sample column in blob order (the bit of the presence mask is the
/// index): latitude, longitude, altitude, distance, heart rate, cadence, speed, power,
/// temperature.
const SCALES: [f64; 9] = [1e9, 1e9, 1e3, 1e3, 1e2, 1e2, 1e3, 1e2, 1e2];

fn f64_columns(s: &Samples) -> [Option<&Vec<f64>>; 3] {
    [
        s.latitude.as_ref(),
        s.longitude.as_ref(),
        s.distance.as_ref(),
    ]
}

fn f32_columns(s: &Samples) -> [Option<&Vec<f32>>; 6] {
    [
        s.altitude.as_ref(),
        s.heart_rate.as_ref(),
        s.cadence.as_ref(),
        s.speed.as_ref(),
        s.power.as_ref(),
        s.temperature.as_ref(),
    ]
}

/// The column at blob index `i` as f64 values (f32 columns widened).
fn column_values(s: &Samples, i: usize) -> Option<Vec<f64>> {
    let [lat, lon, dist] = f64_columns(s);
    let [alt, hr, cad, speed, power, temp] = f32_columns(s);
    let widen = |c: Option<&Vec<f32>>| c.map(|c| c.iter().map(|&v| f64::from(v)).collect());
    match i {
        0 => lat.cloned(),
        1 => lon.cloned(),
        2 => widen(alt),
        3 => dist.cloned(),
        4 => widen(hr),
        5 => widen(cad),
        6 => widen(speed),
        7 => widen(power),
        _ => widen(temp),
    }
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

struct Enc(Vec<u8>);

impl Enc {
    fn u(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    fn i(&mut self, v: i64) {
        self.u(zigzag(v));
    }

    fn opt_u(&mut self, v: Option<u64>) {
        // 0 = absent, else value + 1 (saturating: u64::MAX cannot be stored and never occurs).
        self.u(v.map_or(0, |v| v.saturating_add(1)));
    }

    fn opt_i(&mut self, v: Option<i64>) {
        match v {
            None => self.0.push(0),
            Some(v) => {
                self.0.push(1);
                self.i(v);
            }
        }
    }

    fn opt_f(&mut self, v: Option<f64>) {
        match v {
            None => self.0.push(0),
            Some(v) => {
                self.0.push(1);
                self.0.extend_from_slice(&v.to_le_bytes());
            }
        }
    }

    fn bytes(&mut self, b: &[u8]) {
        self.u(b.len() as u64);
        self.0.extend_from_slice(b);
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.0.push(0),
            Some(s) => {
                self.0.push(1);
                self.bytes(s.as_bytes());
            }
        }
    }

    fn totals(&mut self, t: &Totals) {
        self.i(t.elapsed_ms);
        self.opt_i(t.timer_ms);
        self.opt_f(t.distance_m);
        self.opt_u(t.calories.map(u64::from));
        for v in [
            t.avg_heart_rate,
            t.max_heart_rate,
            t.avg_cadence,
            t.max_cadence,
        ] {
            self.opt_u(v.map(u64::from));
        }
        self.opt_f(t.avg_speed.map(f64::from));
        self.opt_f(t.max_speed.map(f64::from));
        for v in [t.avg_power, t.max_power, t.ascent_m, t.descent_m] {
            self.opt_u(v.map(u64::from));
        }
    }

    fn recording(&mut self, r: &Recording) {
        self.u(r.format.map_or(0, format_code));
        self.u(u64::from(r.sport.fit_code()));
        self.opt_u(r.sub_sport.map(u64::from));
        self.i(r.start.unix_ms());
        self.opt_i(r.utc_offset_minutes.map(i64::from));
        match &r.device {
            None => self.0.push(0),
            Some(d) => {
                self.0.push(1);
                self.opt_str(d.manufacturer.as_deref());
                self.opt_u(d.manufacturer_id.map(u64::from));
                self.opt_str(d.product.as_deref());
                self.opt_u(d.product_id.map(u64::from));
                self.opt_u(d.serial.map(u64::from));
                self.opt_str(d.software.as_deref());
            }
        }
        self.opt_str(r.notes.as_deref());
        self.bytes(&r.hr_zone_bounds);
        self.u(r.warnings.len() as u64);
        for w in &r.warnings {
            self.bytes(w.as_bytes());
        }
        self.u(r.sessions.len() as u64);
        for s in &r.sessions {
            self.u(u64::from(s.sport.fit_code()));
            self.opt_u(s.sub_sport.map(u64::from));
            self.i(s.start.unix_ms());
            self.totals(&s.totals);
            self.u(s.laps.start as u64);
            self.u(s.laps.end as u64);
        }
        self.u(r.laps.len() as u64);
        for lap in &r.laps {
            self.i(lap.start.unix_ms());
            self.totals(&lap.totals);
            self.u(u64::from(trigger_code(lap.trigger)));
            self.u(u64::from(lap.intensity.fit_code()));
        }
        self.u(r.pauses.len() as u64);
        for p in &r.pauses {
            self.i(p.start.unix_ms());
            self.i(p.end.unix_ms());
        }
        self.samples(&r.samples);
        self.u(r.rr_intervals_ms.len() as u64);
        let mut last = 0i64;
        for &rr in &r.rr_intervals_ms {
            self.i(i64::from(rr) - last);
            last = i64::from(rr);
        }
    }

    fn samples(&mut self, s: &Samples) {
        self.u(s.time.len() as u64);
        let mut last = 0i64;
        for t in &s.time {
            self.i(t.unix_ms().wrapping_sub(last));
            last = t.unix_ms();
        }
        let mut mask = 0u64;
        let columns: Vec<Option<Vec<f64>>> =
            (0..SCALES.len()).map(|i| column_values(s, i)).collect();
        for (i, c) in columns.iter().enumerate() {
            if c.is_some() {
                mask |= 1 << i;
            }
        }
        self.u(mask);
        for (values, q) in columns.iter().zip(SCALES) {
            let Some(values) = values else { continue };
            let mut last = 0i64;
            for &v in values {
                if !v.is_finite() {
                    self.u(0);
                    continue;
                }
                // `as` saturates, so absurd values (only ever seen in fuzzing) stay bounded.
                // Round half away from zero by hand: `f64::round` is a library call on
                // baseline x86-64, and this loop runs for every sample of every stream.
                let scaled = v * q;
                let n = (scaled + 0.5f64.copysign(scaled)) as i64;
                self.u(zigzag(n.wrapping_sub(last)).wrapping_add(1));
                last = n;
            }
        }
    }
}

struct Dec<'a>(&'a [u8]);

impl Dec<'_> {
    fn byte(&mut self) -> Result<u8> {
        let (&b, rest) = self.0.split_first().ok_or_else(|| corrupt("cut short"))?;
        self.0 = rest;
        Ok(b)
    }

    fn u(&mut self) -> Result<u64> {
        // Most values are small deltas: one byte.
        if let Some((&b, rest)) = self.0.split_first()
            && b < 0x80
        {
            self.0 = rest;
            return Ok(u64::from(b));
        }
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(corrupt("varint too long"))
    }

    /// One sample column: `rows` values of quantum `q`, each converted by `to`.
    fn column<T>(&mut self, rows: usize, q: f64, to: impl Fn(f64) -> T) -> Result<Vec<T>> {
        let mut values = Vec::with_capacity(rows);
        let mut last = 0i64;
        for _ in 0..rows {
            let value = match self.u()? {
                0 => f64::NAN,
                n => {
                    last = last.wrapping_add(unzigzag(n - 1));
                    last as f64 / q
                }
            };
            values.push(to(value));
        }
        Ok(values)
    }

    fn i(&mut self) -> Result<i64> {
        self.u().map(unzigzag)
    }

    /// A count of things each at least one byte long, so a damaged count cannot allocate more
    /// than the blob could hold.
    fn count(&mut self) -> Result<usize> {
        let n = self.u()?;
        if n > self.0.len() as u64 {
            return Err(corrupt("count larger than the data"));
        }
        Ok(n as usize)
    }

    fn opt_u(&mut self) -> Result<Option<u64>> {
        Ok(self.u()?.checked_sub(1))
    }

    fn flag(&mut self) -> Result<bool> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(corrupt("bad flag")),
        }
    }

    fn opt_i(&mut self) -> Result<Option<i64>> {
        Ok(if self.flag()? { Some(self.i()?) } else { None })
    }

    fn opt_f(&mut self) -> Result<Option<f64>> {
        if !self.flag()? {
            return Ok(None);
        }
        let (bytes, rest) = self
            .0
            .split_first_chunk::<8>()
            .ok_or_else(|| corrupt("cut short"))?;
        self.0 = rest;
        Ok(Some(f64::from_le_bytes(*bytes)))
    }

    fn bytes(&mut self) -> Result<&[u8]> {
        let n = self.count()?;
        let (bytes, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(bytes)
    }

    fn string(&mut self) -> Result<String> {
        String::from_utf8(self.bytes()?.to_vec()).map_err(|_| corrupt("text is not UTF-8"))
    }

    fn opt_str(&mut self) -> Result<Option<String>> {
        Ok(if self.flag()? {
            Some(self.string()?)
        } else {
            None
        })
    }

    fn opt_small<T: TryFrom<u64>>(&mut self) -> Result<Option<T>> {
        self.opt_u()?
            .map(|v| T::try_from(v).map_err(|_| corrupt("value out of range")))
            .transpose()
    }

    fn code(&mut self) -> Result<u8> {
        let v = self.u()?;
        u8::try_from(v).map_err(|_| corrupt("code out of range"))
    }

    fn time(&mut self) -> Result<Timestamp> {
        self.i().map(Timestamp::from_unix_ms)
    }

    fn totals(&mut self) -> Result<Totals> {
        Ok(Totals {
            elapsed_ms: self.i()?,
            timer_ms: self.opt_i()?,
            distance_m: self.opt_f()?,
            calories: self.opt_small()?,
            avg_heart_rate: self.opt_small()?,
            max_heart_rate: self.opt_small()?,
            avg_cadence: self.opt_small()?,
            max_cadence: self.opt_small()?,
            avg_speed: self.opt_f()?.map(|v| v as f32),
            max_speed: self.opt_f()?.map(|v| v as f32),
            avg_power: self.opt_small()?,
            max_power: self.opt_small()?,
            ascent_m: self.opt_small()?,
            descent_m: self.opt_small()?,
        })
    }

    fn recording(&mut self) -> Result<Recording> {
        let format = format_from_code(self.u()?)?;
        let sport = Sport::from_fit(self.code()?);
        let sub_sport = self.opt_small()?;
        let start = self.time()?;
        let utc_offset_minutes = self
            .opt_i()?
            .map(|v| i32::try_from(v).map_err(|_| corrupt("offset out of range")))
            .transpose()?;
        let device = if self.flag()? {
            Some(Device {
                manufacturer: self.opt_str()?,
                manufacturer_id: self.opt_small()?,
                product: self.opt_str()?,
                product_id: self.opt_small()?,
                serial: self.opt_small()?,
                software: self.opt_str()?,
            })
        } else {
            None
        };
        let notes = self.opt_str()?;
        let hr_zone_bounds = self.bytes()?.to_vec();
        let warnings = (0..self.count()?)
            .map(|_| self.string())
            .collect::<Result<_>>()?;
        let sessions = (0..self.count()?)
            .map(|_| {
                Ok(Session {
                    sport: Sport::from_fit(self.code()?),
                    sub_sport: self.opt_small()?,
                    start: self.time()?,
                    totals: self.totals()?,
                    laps: self.u()? as usize..self.u()? as usize,
                })
            })
            .collect::<Result<_>>()?;
        let laps = (0..self.count()?)
            .map(|_| {
                Ok(Lap {
                    start: self.time()?,
                    totals: self.totals()?,
                    trigger: trigger_from_code(self.code()?),
                    intensity: Intensity::from_fit(self.code()?),
                })
            })
            .collect::<Result<_>>()?;
        let pauses = (0..self.count()?)
            .map(|_| {
                Ok(Pause {
                    start: self.time()?,
                    end: self.time()?,
                })
            })
            .collect::<Result<_>>()?;
        let samples = self.samples()?;
        let mut last = 0i64;
        let rr_intervals_ms = (0..self.count()?)
            .map(|_| {
                last = last.wrapping_add(self.i()?);
                u16::try_from(last).map_err(|_| corrupt("R-R interval out of range"))
            })
            .collect::<Result<_>>()?;
        Ok(Recording {
            format,
            sport,
            sub_sport,
            start,
            utc_offset_minutes,
            device,
            sessions,
            laps,
            pauses,
            samples,
            rr_intervals_ms,
            notes,
            hr_zone_bounds,
            warnings,
        })
    }

    fn samples(&mut self) -> Result<Samples> {
        let rows = self.count()?;
        let mut last = 0i64;
        let mut samples = Samples {
            time: (0..rows)
                .map(|_| {
                    last = last.wrapping_add(self.i()?);
                    Ok(Timestamp::from_unix_ms(last))
                })
                .collect::<Result<_>>()?,
            ..Samples::default()
        };
        let mask = self.u()?;
        if mask >> SCALES.len() != 0 {
            return Err(corrupt("unknown stream"));
        }
        for (i, q) in SCALES.into_iter().enumerate() {
            if mask & (1 << i) == 0 {
                continue;
            }
            if rows > self.0.len() {
                return Err(corrupt("stream cut short"));
            }
            match i {
                0 => samples.latitude = Some(self.column(rows, q, |v| v)?),
                1 => samples.longitude = Some(self.column(rows, q, |v| v)?),
                2 => samples.altitude = Some(self.column(rows, q, |v| v as f32)?),
                3 => samples.distance = Some(self.column(rows, q, |v| v)?),
                4 => samples.heart_rate = Some(self.column(rows, q, |v| v as f32)?),
                5 => samples.cadence = Some(self.column(rows, q, |v| v as f32)?),
                6 => samples.speed = Some(self.column(rows, q, |v| v as f32)?),
                7 => samples.power = Some(self.column(rows, q, |v| v as f32)?),
                _ => samples.temperature = Some(self.column(rows, q, |v| v as f32)?),
            }
        }
        Ok(samples)
    }
}

fn format_code(format: Format) -> u64 {
    match format {
        Format::Fit => 1,
        Format::Tcx => 2,
        Format::Gpx => 3,
        Format::Hrm => 4,
    }
}

fn format_from_code(code: u64) -> Result<Option<Format>> {
    Ok(Some(match code {
        0 => return Ok(None),
        1 => Format::Fit,
        2 => Format::Tcx,
        3 => Format::Gpx,
        4 => Format::Hrm,
        _ => return Err(corrupt("unknown source format")),
    }))
}

/// FIT codes, except heart rate (which FIT lacks and TCX has): 255.
fn trigger_code(trigger: LapTrigger) -> u8 {
    match trigger {
        LapTrigger::HeartRate => 255,
        other => other.fit_code(),
    }
}

fn trigger_from_code(code: u8) -> LapTrigger {
    match code {
        255 => LapTrigger::HeartRate,
        3 => LapTrigger::Position,
        other => LapTrigger::from_fit(other),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    fn ride() -> Recording {
        let n = 4000;
        let mut r = Recording::default();
        r.samples.time = (0..n)
            .map(|i| Timestamp::from_unix_ms(1_600_000_000_000 + i * 1000))
            .collect();
        r.samples.heart_rate = Some((0..n).map(|i| 120.0 + (i % 40) as f32).collect());
        r.samples.distance = Some((0..n).map(|i| i as f64 * 7.25).collect());
        r
    }

    /// Blobs stored before version 2 (a deflate body) still read, as the same recording.
    #[test]
    fn version_1_blobs_still_decode() {
        let r = ride();
        let mut deflate = flate2::write::DeflateEncoder::new(
            [MAGIC.as_slice(), &[1]].concat(),
            flate2::Compression::fast(),
        );
        deflate.write_all(&body(&r)).unwrap();
        let v1 = deflate.finish().unwrap();
        let v2 = encode(&r);
        assert_eq!(v2[4], 2, "version 2 is written");
        assert_eq!(decode(&v1).unwrap(), decode(&v2).unwrap());
    }

    /// A zstd frame claiming more than the limit is refused before anything is allocated; one
    /// without its size, or cut short, is refused too.
    #[test]
    fn hostile_zstd_bodies_are_refused() {
        let blob = encode(&ride());
        // A frame header alone: single segment, an 8-byte content size of 1 TiB.
        let mut huge = [MAGIC.as_slice(), &[2], &[0x28, 0xB5, 0x2F, 0xFD, 0xE0]].concat();
        huge.extend_from_slice(&(1u64 << 40).to_le_bytes());
        huge.extend_from_slice(&[0; 16]);
        assert_eq!(decode(&huge).unwrap_err().0, "body too large");
        let mut cut = blob.clone();
        cut.truncate(blob.len() - 10);
        assert!(decode(&cut).is_err());
        let mut no_size = [MAGIC.as_slice(), &[2]].concat();
        let mut frame = Vec::with_capacity(256);
        let mut cctx = zstd_safe::CCtx::create();
        cctx.set_parameter(zstd_safe::CParameter::ContentSizeFlag(false))
            .unwrap();
        cctx.compress2(&mut frame, b"no size").unwrap();
        no_size.extend_from_slice(&frame);
        assert_eq!(decode(&no_size).unwrap_err().0, "zstd: no content size");
    }
}
