//! The FIT reader: one pass over the bytes, no copies, decoding only the fields Laps keeps.
//!
//! Damage is judged by where it comes from (see [`read`]): a file the device itself wrote
//! inconsistently is recovered up to the damage, with a warning; a file that was complete and
//! then damaged on the way (cut short, bytes altered) is refused, so the athlete fetches a good
//! copy instead of silently keeping a wrong one.

use super::{
    crc,
    hr::{HeartRates, HrMessage},
    profile::{self, TIMESTAMP, mesg},
};
use crate::TimestampExt as _;
use crate::{
    Device, Error, ErrorKind, Format, Intensity, Lap, LapTrigger, Pause, Recording, Result,
    SamplesBuilder, Session, Sport, Timestamp, Totals,
};

/// A field of a definition that the reader keeps: where it is in the message and its type.
#[derive(Debug, Clone, Copy)]
struct Field {
    num: u8,
    offset: u16,
    size: u8,
    base: u8,
}

#[derive(Debug, Clone)]
struct Definition {
    global: u16,
    big_endian: bool,
    /// Bytes of a data message of this definition (without its header byte).
    size: usize,
    /// The kept fields only, timestamp excluded.
    fields: Vec<Field>,
    /// The timestamp field, found once here rather than in every message.
    timestamp: Option<Field>,
    /// The heart-rate field of records (for the statistics of every record message).
    heart_rate: Option<Field>,
}

impl Field {
    #[inline]
    fn int(&self, data: &[u8], big_endian: bool) -> Option<i64> {
        let start = usize::from(self.offset);
        let bytes = data.get(start..start + usize::from(self.size))?;
        profile::read_int(self.base, bytes, big_endian)
    }

    fn text(&self, data: &[u8]) -> Option<String> {
        let start = usize::from(self.offset);
        let bytes = data.get(start..start + usize::from(self.size))?;
        let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
        // FIT strings are UTF-8 by the profile; some older devices and tools wrote their
        // Windows code page instead, which would show as replacement characters.
        let text = crate::text::decode(&bytes[..end]).trim().to_owned();
        (!text.is_empty()).then_some(text)
    }
}

/// Which fields of which messages are kept; everything else is skipped by size.
fn kept(global: u16, num: u8) -> bool {
    match global {
        mesg::RECORD => matches!(num, 253 | 0..=8 | 13 | 53 | 73 | 78),
        mesg::LAP => matches!(num, 253 | 2 | 7..=11 | 13..=25 | 110 | 111),
        mesg::SESSION => matches!(num, 253 | 2 | 5..=11 | 14..=23 | 25 | 26 | 124 | 125),
        mesg::EVENT => matches!(num, 253 | 0 | 1),
        mesg::FILE_ID => matches!(num, 0..=4 | 8),
        mesg::DEVICE_INFO => matches!(num, 0 | 2..=5 | 27),
        mesg::ACTIVITY => matches!(num, 253 | 5),
        mesg::HRV => num == 0,
        mesg::SPORT => matches!(num, 0 | 1 | 3),
        mesg::HR => matches!(num, 253 | 0 | 1 | 6 | 9 | 10),
        _ => false,
    }
}

/// What one FIT segment (of a possibly chained file) gave.
#[derive(Default)]
struct Decoded {
    file_type: Option<i64>,
    device: Device,
    creator_software: Option<String>,
    created: Option<Timestamp>,
    activity_offset_s: Option<i64>,
    sessions: Vec<Session>,
    laps: Vec<Lap>,
    timer_events: Vec<(Timestamp, bool)>,
    sport: Option<(Sport, Option<u8>, Option<String>)>,
}

/// Message counts of a FIT file, for checking this reader against other decoders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Statistics {
    /// `record` messages.
    pub records: usize,
    /// `lap` messages.
    pub laps: usize,
    /// `session` messages.
    pub sessions: usize,
    /// The sum of the `heart_rate` values of all `record` messages.
    pub heart_rate_sum: u64,
}

impl Statistics {
    fn count(&mut self, global: u16) {
        match global {
            mesg::RECORD => self.records += 1,
            mesg::LAP => self.laps += 1,
            mesg::SESSION => self.sessions += 1,
            _ => {}
        }
    }
}

/// The longest gap between two samples that is still read as a pause (real files pause for
/// weeks: a multi-week expedition recorded as one activity).
const MAX_GAP_DAYS: i64 = 366;

struct Decoder<'a> {
    data: &'a [u8],
    statistics: Statistics,
    defs: [Option<Definition>; 16],
    last_timestamp: Option<u32>,
    samples: SamplesBuilder,
    rr: Vec<u16>,
    /// Heart rate stored apart from the records (`hr` messages), merged at the end.
    hr: HeartRates,
    decoded: Decoded,
    /// Running total for compressed speed/distance (12-bit distance in 1/16 m that wraps).
    compressed_distance: Option<(u16, f64)>,
    /// The streams the last sample row holds values of ([`RecordValues::streams`]).
    row_streams: u16,
    warnings: Vec<String>,
}

/// Reads a FIT file (possibly several chained ones) into one recording.
///
/// Damage rules:
/// - the data of a segment is inconsistent as written (a message of an undefined type, a message
///   running past the declared data end while every declared byte is there): keep what came
///   before, warn; refuse only if nothing usable came before;
/// - the file ends before the length its header declares, with the data consistent up to the
///   cut: [`ErrorKind::Truncated`];
/// - intact, consistent data whose CRC does not match: [`ErrorKind::CrcMismatch`];
/// - bytes after the data that are neither another FIT file nor zero padding:
///   [`ErrorKind::TrailingData`].
pub fn read(bytes: &[u8]) -> Result<Recording> {
    decode(bytes, usize::MAX)?.finish()
}

/// [`read`], storing no more than [`crate::Options::max_samples`] samples (and one more, so
/// that [`crate::read_all`] refuses the file without holding all of a hostile file's records).
pub fn read_with(bytes: &[u8], options: &crate::Options) -> Result<Recording> {
    decode(bytes, options.max_samples)?.finish()
}

/// Counts the messages of a FIT file with the same decoder [`read`] uses.
pub fn statistics(bytes: &[u8]) -> Result<Statistics> {
    Ok(decode(bytes, usize::MAX)?.statistics)
}

fn decode(bytes: &[u8], max_samples: usize) -> Result<Decoder<'_>> {
    if bytes.is_empty() {
        return Err(Error::new(ErrorKind::Empty));
    }
    let mut decoder = Decoder {
        data: bytes,
        statistics: Statistics::default(),
        defs: Default::default(),
        last_timestamp: None,
        samples: SamplesBuilder::with_limit(max_samples),
        rr: Vec::new(),
        hr: HeartRates::default(),
        decoded: Decoded::default(),
        compressed_distance: None,
        row_streams: 0,
        warnings: Vec::new(),
    };
    let mut offset = 0;
    loop {
        match decoder.segment(offset)? {
            None => break,
            Some(next) => {
                let rest = &bytes[next..];
                if rest.is_empty() {
                    break;
                }
                if rest.iter().all(|&b| b == 0) {
                    decoder.warnings.push(format!(
                        "{} bytes of zero padding after the FIT data were ignored",
                        rest.len()
                    ));
                    break;
                }
                if rest.len() >= 12 && &rest[8..12] == b".FIT" {
                    // Chained FIT: definitions do not carry over.
                    decoder.defs = Default::default();
                    offset = next;
                    continue;
                }
                return Err(Error::at(
                    ErrorKind::TrailingData {
                        bytes: rest.len() as u64,
                    },
                    next,
                ));
            }
        }
    }
    Ok(decoder)
}

impl Decoder<'_> {
    /// Decodes the segment at `offset`. Returns where the next one would start, or `None` when
    /// decoding stopped at damage the writer made (nothing after it is trusted).
    fn segment(&mut self, offset: usize) -> Result<Option<usize>> {
        let data = self.data;
        let header = &data[offset..];
        if header.len() < 12 {
            return Err(Error::at(
                ErrorKind::BadFitHeader("shorter than a FIT header"),
                offset,
            ));
        }
        let header_size = usize::from(header[0]);
        if header_size < 12 || header.len() < header_size {
            return Err(Error::at(
                ErrorKind::BadFitHeader("impossible header size"),
                offset,
            ));
        }
        if &header[8..12] != b".FIT" {
            return Err(Error::at(
                ErrorKind::BadFitHeader("the \".FIT\" signature is missing"),
                offset + 8,
            ));
        }
        if header_size >= 14 {
            let stored = u16::from_le_bytes([header[12], header[13]]);
            if stored != 0 && stored != crc::of(&header[..12]) {
                self.warnings.push(
                    "the FIT header checksum does not match; the header was read anyway".to_owned(),
                );
            }
        }
        let data_size = u32::from_le_bytes([header[4], header[5], header[6], header[7]]) as usize;
        let start = offset + header_size;
        let declared_end = start.saturating_add(data_size);
        let complete = data.len() >= declared_end.saturating_add(2);

        if let Err(damage) = self.messages(start, declared_end.min(data.len())) {
            let (at, what) = match damage {
                Damage::Truncated(at) if !complete => {
                    // Consistent until the file simply stops: cut short on the way.
                    let kind = ErrorKind::Truncated {
                        declared: (declared_end + 2) as u64,
                        present: data.len() as u64,
                    };
                    return Err(Error::at(kind, at));
                }
                Damage::Truncated(at) => (at, "a message runs past the end of the data".to_owned()),
                Damage::Inconsistent(at, what) => (at, what),
            };
            if self.samples.is_empty() && self.decoded.sessions.is_empty() {
                return Err(Error::at(ErrorKind::BadFitData(what), at));
            }
            self.warnings.push(format!(
                "the FIT data is damaged at byte {at} ({what}); everything before it was kept"
            ));
            self.crc_warning(offset, declared_end);
            return Ok(None);
        }
        // Consistent up to the declared end: the CRC must be there and must match.
        if !complete {
            return Err(Error::at(
                ErrorKind::Truncated {
                    declared: (declared_end + 2) as u64,
                    present: data.len() as u64,
                },
                data.len(),
            ));
        }
        let stored = u16::from_le_bytes([data[declared_end], data[declared_end + 1]]);
        let computed = crc::of(&data[offset..declared_end]);
        if stored != computed {
            return Err(Error::at(
                ErrorKind::CrcMismatch { stored, computed },
                declared_end,
            ));
        }
        Ok(Some(declared_end + 2))
    }

    fn crc_warning(&mut self, offset: usize, declared_end: usize) {
        if let Some(stored) = self.data.get(declared_end..declared_end + 2) {
            let stored = u16::from_le_bytes([stored[0], stored[1]]);
            if stored != crc::of(&self.data[offset..declared_end]) {
                self.warnings.push(
                    "the FIT file checksum does not match (expected with the damage above)"
                        .to_owned(),
                );
            }
        }
    }

    /// Decodes the messages in `start..end`.
    fn messages(&mut self, start: usize, end: usize) -> Result<(), Damage> {
        let data = self.data;
        let mut pos = start;
        while pos < end {
            let header = data[pos];
            let at = pos;
            pos += 1;
            if header & 0x80 != 0 {
                // Compressed timestamp header: local type in bits 5-6, time offset in bits 0-4.
                let local = usize::from((header >> 5) & 0x03);
                let offset = u32::from(header & 0x1F);
                let timestamp = match self.last_timestamp {
                    Some(last) => {
                        let t = (last & !0x1F) | offset;
                        // The offset rolled over: the next 32 seconds, unless that would run
                        // past the last FIT time (hostile data; wrapping would go back 136 years).
                        let t = if offset < last & 0x1F {
                            t.checked_add(0x20).ok_or_else(|| {
                                Damage::Inconsistent(
                                    at,
                                    "a compressed timestamp runs past the last FIT time".to_owned(),
                                )
                            })?
                        } else {
                            t
                        };
                        Some(t)
                    }
                    None => None,
                };
                let def = self.defs[local].take().ok_or_else(|| {
                    Damage::Inconsistent(at, format!("undefined local message type {local}"))
                })?;
                let size = def.size;
                if pos + size > end {
                    self.defs[local] = Some(def);
                    return Err(Damage::Truncated(at));
                }
                if let Some(t) = timestamp {
                    self.last_timestamp = Some(t);
                }
                let applied = self.message(&def, &data[pos..pos + size], timestamp);
                self.defs[local] = Some(def);
                applied.map_err(|what| Damage::Inconsistent(at, what))?;
                pos += size;
            } else if header & 0x40 != 0 {
                // Definition message.
                let local = usize::from(header & 0x0F);
                let developer = header & 0x20 != 0;
                if pos + 5 > end {
                    return Err(Damage::Truncated(at));
                }
                let big_endian = match data[pos + 1] {
                    0 => false,
                    1 => true,
                    other => {
                        return Err(Damage::Inconsistent(
                            at,
                            format!("unknown byte order {other}"),
                        ));
                    }
                };
                let global = if big_endian {
                    u16::from_be_bytes([data[pos + 2], data[pos + 3]])
                } else {
                    u16::from_le_bytes([data[pos + 2], data[pos + 3]])
                };
                let count = usize::from(data[pos + 4]);
                pos += 5;
                if pos + count * 3 > end {
                    return Err(Damage::Truncated(at));
                }
                let mut fields = Vec::new();
                let (mut timestamp, mut heart_rate) = (None, None);
                let mut size = 0usize;
                for field in data[pos..pos + count * 3].chunks_exact(3) {
                    let (num, field_size, base) = (field[0], field[1], field[2]);
                    if kept(global, num)
                        && profile::base_size(base).is_some_and(|s| usize::from(field_size) >= s)
                    {
                        let field = Field {
                            num,
                            offset: size as u16,
                            size: field_size,
                            base,
                        };
                        if num == TIMESTAMP {
                            timestamp = Some(field);
                        } else {
                            if global == mesg::RECORD && num == 3 {
                                heart_rate = Some(field);
                            }
                            fields.push(field);
                        }
                    }
                    size += usize::from(field_size);
                }
                pos += count * 3;
                if developer {
                    if pos + 1 > end {
                        return Err(Damage::Truncated(at));
                    }
                    let dev_count = usize::from(data[pos]);
                    pos += 1;
                    if pos + dev_count * 3 > end {
                        return Err(Damage::Truncated(at));
                    }
                    // Developer fields are skipped by size: their meaning is the developer's.
                    size += data[pos..pos + dev_count * 3]
                        .chunks_exact(3)
                        .map(|f| usize::from(f[1]))
                        .sum::<usize>();
                    pos += dev_count * 3;
                }
                self.defs[local] = Some(Definition {
                    global,
                    big_endian,
                    size,
                    fields,
                    timestamp,
                    heart_rate,
                });
            } else {
                let local = usize::from(header & 0x0F);
                let def = self.defs[local].take().ok_or_else(|| {
                    Damage::Inconsistent(at, format!("undefined local message type {local}"))
                })?;
                let size = def.size;
                if pos + size > end {
                    self.defs[local] = Some(def);
                    return Err(Damage::Truncated(at));
                }
                let applied = self.message(&def, &data[pos..pos + size], None);
                self.defs[local] = Some(def);
                applied.map_err(|what| Damage::Inconsistent(at, what))?;
                pos += size;
            }
        }
        Ok(())
    }

    /// Applies one data message. `implied` is the timestamp of a compressed-timestamp header.
    fn message(
        &mut self,
        def: &Definition,
        data: &[u8],
        implied: Option<u32>,
    ) -> Result<(), String> {
        let be = def.big_endian;
        let mut timestamp = implied;
        if let Some(t) = def.timestamp.and_then(|f| f.int(data, be)) {
            timestamp = Some(t as u32);
            self.last_timestamp = Some(t as u32);
        }
        self.statistics.count(def.global);
        match def.global {
            mesg::RECORD => self.record(def, data, timestamp)?,
            mesg::LAP => {
                let (start, totals, extra) = self.totals(def, data, timestamp, LAP_NUMBERS);
                self.decoded.laps.push(Lap {
                    start,
                    totals,
                    trigger: extra
                        .trigger
                        .map_or(LapTrigger::Manual, LapTrigger::from_fit),
                    intensity: extra
                        .intensity
                        .map_or(Intensity::Active, Intensity::from_fit),
                });
            }
            mesg::SESSION => {
                let (start, totals, extra) = self.totals(def, data, timestamp, SESSION_NUMBERS);
                let first = extra.first_lap.unwrap_or(0);
                let count = extra.num_laps.unwrap_or(0);
                self.decoded.sessions.push(Session {
                    sport: Sport::from_fit(extra.sport.unwrap_or(0)),
                    sub_sport: extra.sub_sport,
                    start,
                    totals,
                    laps: first..first.saturating_add(count),
                });
            }
            mesg::EVENT => {
                let (mut event, mut kind) = (None, None);
                for field in &def.fields {
                    match field.num {
                        0 => event = field.int(data, be),
                        1 => kind = field.int(data, be),
                        _ => {}
                    }
                }
                // event 0 = timer; types: 0 start, 1 stop, 4 stop_all, 8 stop_disable, 9 stop_disable_all.
                if let (Some(0), Some(kind), Some(t)) = (event, kind, timestamp) {
                    let running = match kind {
                        0 => Some(true),
                        1 | 4 | 8 | 9 => Some(false),
                        _ => None,
                    };
                    if let Some(running) = running {
                        self.decoded
                            .timer_events
                            .push((Timestamp::from_fit(t), running));
                    }
                }
            }
            mesg::FILE_ID => {
                let d = &mut self.decoded;
                for field in &def.fields {
                    let value = field.int(data, be);
                    match field.num {
                        0 => d.file_type = value.or(d.file_type),
                        1 => {
                            d.device.manufacturer_id =
                                value.map(|m| m as u16).or(d.device.manufacturer_id);
                        }
                        2 => d.device.product_id = value.map(|p| p as u16).or(d.device.product_id),
                        3 => d.device.serial = value.map(|s| s as u32).or(d.device.serial),
                        4 => d.created = value.map(|t| Timestamp::from_fit(t as u32)).or(d.created),
                        8 => d.device.product = field.text(data).or(d.device.product.take()),
                        _ => {}
                    }
                }
            }
            mesg::DEVICE_INFO => {
                // The creator is device_index 0; other entries are sensors.
                let is_creator = def
                    .fields
                    .iter()
                    .find(|f| f.num == 0)
                    .and_then(|f| f.int(data, be))
                    == Some(0);
                if is_creator {
                    for field in &def.fields {
                        match field.num {
                            5 => {
                                if let Some(v) = field.int(data, be) {
                                    self.decoded.creator_software =
                                        Some(format!("{:.2}", v as f64 / 100.0));
                                }
                            }
                            27 => {
                                if let Some(name) = field.text(data) {
                                    self.decoded.device.product.get_or_insert(name);
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
            mesg::ACTIVITY => {
                let local = def
                    .fields
                    .iter()
                    .find(|f| f.num == 5)
                    .and_then(|f| f.int(data, be));
                if let (Some(local), Some(utc)) = (local, timestamp) {
                    self.decoded.activity_offset_s = local.checked_sub(i64::from(utc));
                }
            }
            mesg::HRV => {
                if let Some(field) = def.fields.iter().find(|f| f.num == 0) {
                    let start = usize::from(field.offset);
                    let bytes = &data[start..start + usize::from(field.size)];
                    for value in bytes.chunks_exact(2) {
                        if let Some(v) = profile::read_int(field.base, value, be) {
                            // Seconds with scale 1000: the raw value is milliseconds.
                            self.rr.push(v.clamp(0, i64::from(u16::MAX)) as u16);
                        }
                    }
                }
            }
            mesg::HR => self.hr_message(def, data),
            mesg::SPORT => {
                let (mut sport, mut sub, mut name) = (None, None, None);
                for field in &def.fields {
                    match field.num {
                        0 => sport = field.int(data, be),
                        1 => sub = field.int(data, be),
                        3 => name = field.text(data),
                        _ => {}
                    }
                }
                if let Some(sport) = sport {
                    self.decoded.sport =
                        Some((Sport::from_fit(sport as u8), sub.map(|s| s as u8), name));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Collects the beats of an `hr` message (see [`super::hr`]).
    fn hr_message(&mut self, def: &Definition, data: &[u8]) {
        let be = def.big_endian;
        let field = |num: u8| def.fields.iter().find(|f| f.num == num);
        let bytes = |num: u8| {
            field(num)
                .and_then(|f| {
                    let start = usize::from(f.offset);
                    data.get(start..start + usize::from(f.size))
                })
                .unwrap_or(&[])
        };
        let int = |num: u8| field(num).and_then(|f| f.int(data, be));
        // Beat times are uint32 (4 bytes each); any other declared type is not read as times.
        let event_timestamp = match field(9) {
            Some(f) if profile::base_size(f.base) == Some(4) => bytes(9),
            _ => &[],
        };
        self.hr.add(&HrMessage {
            timestamp: def
                .timestamp
                .and_then(|f| f.int(data, be))
                .and_then(|t| u32::try_from(t).ok()),
            fractional_timestamp: int(0).and_then(|v| u16::try_from(v).ok()),
            time256: int(1).and_then(|v| u8::try_from(v).ok()),
            filtered_bpm: bytes(6),
            event_timestamp,
            event_timestamp_12: bytes(10),
            big_endian: be,
        });
    }

    fn record(
        &mut self,
        def: &Definition,
        data: &[u8],
        timestamp: Option<u32>,
    ) -> Result<(), String> {
        let be = def.big_endian;
        if let Some(hr) = def.heart_rate.and_then(|f| f.int(data, be)) {
            // A field declared with a wider or signed type can hold anything: no wrapping.
            let hr = u64::try_from(hr).unwrap_or(0);
            self.statistics.heart_rate_sum = self.statistics.heart_rate_sum.saturating_add(hr);
        }
        let Some(t) = timestamp else { return Ok(()) };
        let time = Timestamp::from_fit(t);
        if let Some(last) = self.samples.last_time() {
            // Samples must not go back in time; a device clock jump backwards is dropped.
            if time < last {
                return Ok(());
            }
            // A jump of weeks between two samples is not a pause: the bytes are misaligned.
            // Unless the time before is a count since power-on (below 0x10000000, the FIT epoch
            // among them): a real date may follow, and `crate::sanitize` drops the stray one.
            let days = time.ms_since(last) / 86_400_000;
            if days > MAX_GAP_DAYS && last >= Timestamp::from_fit(0x1000_0000) {
                return Err(format!("a record's time jumps {days} days ahead"));
            }
        }
        let mut r = RecordValues::default();
        let (mut speed, mut altitude, mut cadence) = (None, None, None);
        let (mut enhanced_speed, mut enhanced_altitude, mut fractional) = (None, None, None);
        let (mut lat, mut lon) = (None, None);
        for field in &def.fields {
            match field.num {
                0 => lat = field.int(data, be),
                1 => lon = field.int(data, be),
                2 => altitude = field.int(data, be),
                3 => r.heart_rate = field.int(data, be).map(|hr| hr as f32),
                4 => cadence = field.int(data, be),
                5 => r.distance = field.int(data, be).map(|d| d as f64 / 100.0),
                6 => speed = field.int(data, be),
                7 => r.power = field.int(data, be).map(|p| p as f32),
                8 => {
                    let start = usize::from(field.offset);
                    if let Some((v, d)) = data
                        .get(start..start + 3)
                        .and_then(|bytes| self.compressed_speed_distance(bytes))
                    {
                        (r.speed, r.distance) = (Some(v), Some(d));
                    }
                }
                13 => r.temperature = field.int(data, be).map(|c| c as f32),
                53 => fractional = field.int(data, be),
                73 => enhanced_speed = field.int(data, be),
                78 => enhanced_altitude = field.int(data, be),
                _ => {}
            }
        }
        if let (Some(lat), Some(lon)) = (lat, lon) {
            let (lat, lon) = (
                profile::semicircles_to_degrees(lat),
                profile::semicircles_to_degrees(lon),
            );
            // (0, 0) and out-of-range values are receivers without a fix, not a place.
            if lat.abs() <= 90.0 && lon.abs() <= 180.0 && (lat != 0.0 || lon != 0.0) {
                r.position = Some((lat, lon));
            }
        }
        if let Some(a) = enhanced_altitude.or(altitude) {
            r.altitude = Some((a as f64 / 5.0 - 500.0) as f32);
        }
        if let Some(s) = enhanced_speed.or(speed) {
            r.speed = Some((s as f64 / 1000.0) as f32);
        }
        if let Some(c) = cadence {
            let fraction = fractional.map_or(0.0, |f| f as f32 / 128.0);
            r.cadence = Some(c as f32 + fraction);
        }
        // A record at the time of the row before continues it when it adds other values (a
        // device splitting one second over several messages); when it would overwrite one,
        // it is a record of its own (several records stamped with the same second).
        let streams = r.streams();
        if self.samples.last_time() == Some(time) && self.row_streams & streams == 0 {
            self.row_streams |= streams;
        } else {
            self.samples.push_row(time);
            self.row_streams = streams;
        }
        r.apply(&mut self.samples);
        Ok(())
    }

    /// FIT's compressed speed/distance: 12 bits of speed (1/100 m/s) and 12 bits of distance
    /// (1/16 m) that wraps every 256 m. Returns the speed and the running distance.
    fn compressed_speed_distance(&mut self, bytes: &[u8]) -> Option<(f32, f64)> {
        if bytes == [0xFF, 0xFF, 0xFF] {
            return None;
        }
        let speed = u16::from(bytes[0]) | (u16::from(bytes[1] & 0x0F) << 8);
        let distance = (u16::from(bytes[1]) >> 4) | (u16::from(bytes[2]) << 4);
        let total = match self.compressed_distance {
            Some((last, total)) => total + f64::from(distance.wrapping_sub(last) & 0x0FFF) / 16.0,
            None => 0.0,
        };
        self.compressed_distance = Some((distance, total));
        Some((f32::from(speed) / 100.0, total))
    }

    fn totals(
        &self,
        def: &Definition,
        data: &[u8],
        timestamp: Option<u32>,
        n: Numbers,
    ) -> (Timestamp, Totals, Extra) {
        let be = def.big_endian;
        let mut totals = Totals::default();
        let mut extra = Extra::default();
        let mut start = None;
        let (mut speed, mut max_speed, mut enhanced_speed, mut enhanced_max) =
            (None, None, None, None);
        let u8_of = |v: Option<i64>| v.and_then(|v| u8::try_from(v).ok());
        let u16_of = |v: Option<i64>| v.and_then(|v| u16::try_from(v).ok());
        for field in &def.fields {
            let v = || field.int(data, be);
            match field.num {
                2 => start = v().map(|t| Timestamp::from_fit(t as u32)),
                // Times are uint32 milliseconds; a wider or signed declaration is kept to that
                // range so that arithmetic on them cannot overflow.
                7 => totals.elapsed_ms = v().map_or(0, |v| v.clamp(0, i64::from(u32::MAX))),
                8 => totals.timer_ms = v().map(|v| v.clamp(0, i64::from(u32::MAX))),
                9 => totals.distance_m = v().map(|d| d as f64 / 100.0),
                11 => totals.calories = v().map(|c| c as u32),
                num if num == n.avg_speed => speed = v(),
                num if num == n.max_speed => max_speed = v(),
                num if num == n.avg_hr => totals.avg_heart_rate = u8_of(v()),
                num if num == n.max_hr => totals.max_heart_rate = u8_of(v()),
                num if num == n.avg_cadence => totals.avg_cadence = u8_of(v()),
                num if num == n.max_cadence => totals.max_cadence = u8_of(v()),
                num if num == n.avg_power => totals.avg_power = u16_of(v()),
                num if num == n.max_power => totals.max_power = u16_of(v()),
                num if num == n.ascent => totals.ascent_m = u16_of(v()),
                num if num == n.descent => totals.descent_m = u16_of(v()),
                num if num == n.enhanced_avg_speed => enhanced_speed = v(),
                num if num == n.enhanced_max_speed => enhanced_max = v(),
                num if Some(num) == n.intensity => extra.intensity = u8_of(v()),
                num if Some(num) == n.trigger => extra.trigger = u8_of(v()),
                num if num == n.sport => extra.sport = u8_of(v()),
                num if Some(num) == n.sub_sport => extra.sub_sport = u8_of(v()),
                num if Some(num) == n.first_lap => extra.first_lap = u16_of(v()).map(usize::from),
                num if Some(num) == n.num_laps => extra.num_laps = u16_of(v()).map(usize::from),
                _ => {}
            }
        }
        totals.avg_speed = enhanced_speed.or(speed).map(|s| (s as f64 / 1000.0) as f32);
        totals.max_speed = enhanced_max
            .or(max_speed)
            .map(|s| (s as f64 / 1000.0) as f32);
        let end = timestamp.map(Timestamp::from_fit);
        let start = start
            .or_else(|| end.map(|e| e.add_ms(-totals.elapsed_ms)))
            .unwrap_or_default();
        (start, totals, extra)
    }

    fn finish(self) -> Result<Recording> {
        let Decoder {
            samples,
            rr,
            hr,
            decoded,
            mut warnings,
            ..
        } = self;
        let mut samples = samples.finish();
        if !hr.is_empty() && !samples.is_empty() {
            let rows = samples.time.len();
            let column = samples
                .heart_rate
                .get_or_insert_with(|| vec![f32::NAN; rows]);
            warnings.extend(hr.merge(&samples.time, column));
            if column.iter().all(|v| v.is_nan()) {
                samples.heart_rate = None;
            }
        }
        let mut laps = decoded.laps;
        // A lap without any time (neither start_time nor timestamp) starts where the one
        // before it ended, or with the samples.
        for i in 0..laps.len() {
            if laps[i].start == Timestamp::default() {
                let previous_end = i.checked_sub(1).map(|p| laps[p].end());
                laps[i].start = previous_end
                    .or(samples.time.first().copied())
                    .unwrap_or_default();
            }
        }
        laps.sort_by_key(|lap| lap.start);
        let mut sessions = decoded.sessions;
        // A session without any time starts with its first lap, or with the samples.
        for session in &mut sessions {
            if session.start == Timestamp::default() {
                let first_lap = laps.get(session.laps.start).map(|l| l.start);
                session.start = first_lap
                    .or(samples.time.first().copied())
                    .unwrap_or_default();
            }
        }
        sessions.sort_by_key(|s| s.start);

        let file_type = decoded.file_type.unwrap_or(4);
        if file_type != 4 && samples.is_empty() && sessions.is_empty() {
            warnings.push(format!(
                "this FIT file holds {}, not a recorded activity",
                profile::file_type_name(file_type)
            ));
        }

        let start = sessions
            .first()
            .map(|s| s.start)
            .into_iter()
            .chain(samples.time.first().copied())
            .chain(laps.first().map(|l| l.start))
            .min()
            .or(decoded.created)
            .unwrap_or_default();

        // FIT times below 0x10000000 are seconds since the device powered on, not dates.
        if start > Timestamp::from_fit(0) && start < Timestamp::from_fit(0x1000_0000) {
            warnings.push("the device recorded times since it was switched on, not dates: the date shown is not the real one".to_owned());
        }
        if sessions.is_empty() && (!samples.is_empty() || !laps.is_empty()) {
            // No session message (some devices, or a recording cut short): one session over all.
            let (sport, sub_sport) = decoded
                .sport
                .as_ref()
                .map_or((Sport::Generic, None), |(s, sub, _)| (*s, *sub));
            let end = samples
                .time
                .last()
                .copied()
                .unwrap_or(start)
                .max(laps.last().map_or(start, Lap::end));
            sessions.push(Session {
                sport,
                sub_sport,
                start,
                totals: Totals {
                    elapsed_ms: end.ms_since(start),
                    ..Totals::default()
                },
                laps: 0..laps.len(),
            });
            warnings.push(
                "the file has no session message; its totals were worked out from the samples"
                    .to_owned(),
            );
        }
        fix_lap_ranges(&mut sessions, &laps);

        let mut device = decoded.device;
        device.software = decoded.creator_software;
        device.manufacturer = device
            .manufacturer_id
            .and_then(|m| profile::manufacturer_name(m).map(str::to_owned));
        let device = (device != Device::default()).then_some(device);

        let pauses = pauses(&decoded.timer_events);
        let (sport, sub_sport) = sessions
            .first()
            .map_or((Sport::Generic, None), |s| (s.sport, s.sub_sport));
        let notes = decoded.sport.and_then(|(_, _, name)| name);
        Ok(Recording {
            format: Some(Format::Fit),
            sport,
            sub_sport,
            start,
            utc_offset_minutes: decoded
                .activity_offset_s
                .map(|s| (s as f64 / 60.0).round() as i32)
                .filter(|m| m.abs() <= 14 * 60),
            device,
            sessions,
            laps,
            pauses,
            samples,
            rr_intervals_ms: rr,
            notes,
            hr_zone_bounds: Vec::new(),
            warnings,
        })
    }
}

/// Makes each session's lap range valid: the file's own (first_lap_index, num_laps) when every
/// session has a consistent one, else by time: session `i` gets the laps from the first one
/// starting at or after its start (the first session also takes any earlier lap).
fn fix_lap_ranges(sessions: &mut [Session], laps: &[Lap]) {
    let consistent = sessions.len() > 1
        && sessions
            .iter()
            .all(|s| !s.laps.is_empty() && s.laps.end <= laps.len())
        && sessions
            .windows(2)
            .all(|w| w[0].laps.end <= w[1].laps.start);
    if consistent {
        return;
    }
    let bounds: Vec<usize> = sessions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if i == 0 {
                0
            } else {
                laps.partition_point(|l| l.start < s.start)
            }
        })
        .chain(std::iter::once(laps.len()))
        .collect();
    for (i, session) in sessions.iter_mut().enumerate() {
        session.laps = bounds[i]..bounds[i + 1].max(bounds[i]);
    }
}

/// Pairs timer stops with the next start.
fn pauses(events: &[(Timestamp, bool)]) -> Vec<Pause> {
    let mut events = events.to_vec();
    events.sort_by_key(|(t, _)| *t);
    let mut pauses = Vec::new();
    let mut stopped: Option<Timestamp> = None;
    for (time, running) in events {
        match (running, stopped) {
            (false, None) => stopped = Some(time),
            (true, Some(since)) => {
                if time > since {
                    pauses.push(Pause {
                        start: since,
                        end: time,
                    });
                }
                stopped = None;
            }
            _ => {}
        }
    }
    pauses
}

enum Damage {
    /// A message runs past the end of the available data.
    Truncated(usize),
    /// The data is inconsistent at this offset.
    Inconsistent(usize, String),
}

/// The field numbers that differ between lap and session.
#[derive(Clone, Copy)]
struct Numbers {
    avg_speed: u8,
    max_speed: u8,
    avg_hr: u8,
    max_hr: u8,
    avg_cadence: u8,
    max_cadence: u8,
    avg_power: u8,
    max_power: u8,
    ascent: u8,
    descent: u8,
    enhanced_avg_speed: u8,
    enhanced_max_speed: u8,
    sport: u8,
    intensity: Option<u8>,
    trigger: Option<u8>,
    sub_sport: Option<u8>,
    first_lap: Option<u8>,
    num_laps: Option<u8>,
}

const LAP_NUMBERS: Numbers = Numbers {
    avg_speed: 13,
    max_speed: 14,
    avg_hr: 15,
    max_hr: 16,
    avg_cadence: 17,
    max_cadence: 18,
    avg_power: 19,
    max_power: 20,
    ascent: 21,
    descent: 22,
    enhanced_avg_speed: 110,
    enhanced_max_speed: 111,
    sport: 25,
    intensity: Some(23),
    trigger: Some(24),
    sub_sport: None,
    first_lap: None,
    num_laps: None,
};

const SESSION_NUMBERS: Numbers = Numbers {
    avg_speed: 14,
    max_speed: 15,
    avg_hr: 16,
    max_hr: 17,
    avg_cadence: 18,
    max_cadence: 19,
    avg_power: 20,
    max_power: 21,
    ascent: 22,
    descent: 23,
    enhanced_avg_speed: 124,
    enhanced_max_speed: 125,
    sport: 5,
    intensity: None,
    trigger: None,
    sub_sport: Some(6),
    first_lap: Some(25),
    num_laps: Some(26),
};

#[derive(Default)]
struct Extra {
    intensity: Option<u8>,
    trigger: Option<u8>,
    sport: Option<u8>,
    sub_sport: Option<u8>,
    first_lap: Option<usize>,
    num_laps: Option<usize>,
}

/// The values of one `record` message, in Laps' units.
#[derive(Default)]
struct RecordValues {
    position: Option<(f64, f64)>,
    altitude: Option<f32>,
    distance: Option<f64>,
    heart_rate: Option<f32>,
    cadence: Option<f32>,
    speed: Option<f32>,
    power: Option<f32>,
    temperature: Option<f32>,
}

impl RecordValues {
    /// One bit per value present.
    fn streams(&self) -> u16 {
        [
            self.position.is_some(),
            self.altitude.is_some(),
            self.distance.is_some(),
            self.heart_rate.is_some(),
            self.cadence.is_some(),
            self.speed.is_some(),
            self.power.is_some(),
            self.temperature.is_some(),
        ]
        .into_iter()
        .enumerate()
        .fold(0, |bits, (i, present)| bits | (u16::from(present) << i))
    }

    /// Sets the values on the current row.
    fn apply(self, samples: &mut SamplesBuilder) {
        if let Some((lat, lon)) = self.position {
            samples.latitude(lat);
            samples.longitude(lon);
        }
        if let Some(v) = self.altitude {
            samples.altitude(v);
        }
        if let Some(v) = self.distance {
            samples.distance(v);
        }
        if let Some(v) = self.heart_rate {
            samples.heart_rate(v);
        }
        if let Some(v) = self.cadence {
            samples.cadence(v);
        }
        if let Some(v) = self.speed {
            samples.speed(v);
        }
        if let Some(v) = self.power {
            samples.power(v);
        }
        if let Some(v) = self.temperature {
            samples.temperature(v);
        }
    }
}
