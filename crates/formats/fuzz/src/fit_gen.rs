//! A FIT file described by what matters to the reader: segments of definition messages of the
//! global messages Laps reads (plus unknown ones), each followed by data rows whose values are
//! drawn from the fuzzer, with optional compressed-timestamp headers and developer fields.
//! [`FitFile::to_bytes`] writes it with a correct header, data size and CRC (unless the
//! description asks for a wrong one), and a running clock keeps most times plausible.

use arbitrary::Arbitrary;

/// FIT base types, as the reader knows them.
mod base {
    pub const ENUM: u8 = 0x00;
    pub const SINT8: u8 = 0x01;
    pub const UINT8: u8 = 0x02;
    pub const UINT16: u8 = 0x84;
    pub const SINT32: u8 = 0x85;
    pub const UINT32: u8 = 0x86;
    pub const STRING: u8 = 0x07;
    pub const UINT32Z: u8 = 0x8C;
    pub const BYTE: u8 = 0x0D;
}

/// What a field's value means to the generator.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// A FIT time (seconds since 1989-12-31): drawn near the running clock.
    Time,
    /// Anything else.
    Value,
}

/// A field the profile defines: number, base type, whether it may be an array.
#[derive(Clone, Copy)]
struct Known {
    num: u8,
    base: u8,
    array: bool,
    kind: Kind,
}

const fn f(num: u8, base: u8) -> Known {
    Known {
        num,
        base,
        array: false,
        kind: Kind::Value,
    }
}
const fn t(num: u8) -> Known {
    Known {
        num,
        base: base::UINT32,
        array: false,
        kind: Kind::Time,
    }
}
const fn a(num: u8, base: u8) -> Known {
    Known {
        num,
        base,
        array: true,
        kind: Kind::Value,
    }
}

const FILE_ID: &[Known] = &[
    f(0, base::ENUM),
    f(1, base::UINT16),
    f(2, base::UINT16),
    f(3, base::UINT32Z),
    t(4),
    a(8, base::STRING),
];
const RECORD: &[Known] = &[
    t(253),
    f(0, base::SINT32),
    f(1, base::SINT32),
    f(2, base::UINT16),
    f(3, base::UINT8),
    f(4, base::UINT8),
    f(5, base::UINT32),
    f(6, base::UINT16),
    f(7, base::UINT16),
    a(8, base::BYTE),
    f(13, base::SINT8),
    f(53, base::UINT8),
    f(73, base::UINT32),
    f(78, base::UINT32),
];
const LAP: &[Known] = &[
    t(253),
    f(254, base::UINT16),
    f(0, base::ENUM),
    f(1, base::ENUM),
    t(2),
    f(7, base::UINT32),
    f(8, base::UINT32),
    f(9, base::UINT32),
    f(10, base::UINT32),
    f(11, base::UINT16),
    f(13, base::UINT16),
    f(14, base::UINT16),
    f(15, base::UINT8),
    f(16, base::UINT8),
    f(17, base::UINT8),
    f(18, base::UINT8),
    f(19, base::UINT16),
    f(20, base::UINT16),
    f(21, base::UINT16),
    f(22, base::UINT16),
    f(23, base::ENUM),
    f(24, base::ENUM),
    f(25, base::ENUM),
    f(110, base::UINT32),
    f(111, base::UINT32),
];
const SESSION: &[Known] = &[
    t(253),
    f(254, base::UINT16),
    f(0, base::ENUM),
    f(1, base::ENUM),
    t(2),
    f(5, base::ENUM),
    f(6, base::ENUM),
    f(7, base::UINT32),
    f(8, base::UINT32),
    f(9, base::UINT32),
    f(10, base::UINT32),
    f(11, base::UINT16),
    f(14, base::UINT16),
    f(15, base::UINT16),
    f(16, base::UINT8),
    f(17, base::UINT8),
    f(18, base::UINT8),
    f(19, base::UINT8),
    f(20, base::UINT16),
    f(21, base::UINT16),
    f(22, base::UINT16),
    f(23, base::UINT16),
    f(25, base::UINT16),
    f(26, base::UINT16),
    f(124, base::UINT32),
    f(125, base::UINT32),
];
const EVENT: &[Known] = &[
    t(253),
    f(0, base::ENUM),
    f(1, base::ENUM),
    f(3, base::UINT32),
    f(4, base::UINT8),
];
const HR: &[Known] = &[
    t(253),
    f(0, base::UINT16),
    f(1, base::UINT8),
    a(6, base::UINT8),
    a(9, base::UINT32),
    a(10, base::BYTE),
];
const ACTIVITY: &[Known] = &[
    t(253),
    f(0, base::UINT32),
    f(1, base::UINT16),
    f(2, base::ENUM),
    f(3, base::ENUM),
    f(4, base::ENUM),
    t(5),
];
const DEVICE_INFO: &[Known] = &[
    t(253),
    f(0, base::UINT8),
    f(2, base::UINT16),
    f(3, base::UINT32Z),
    f(4, base::UINT16),
    f(5, base::UINT16),
    a(27, base::STRING),
];
const HRV: &[Known] = &[a(0, base::UINT16)];
const SPORT: &[Known] = &[f(0, base::ENUM), f(1, base::ENUM), a(3, base::STRING)];

/// The global message of a definition.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Global {
    /// file_id (0)
    FileId,
    /// record (20)
    Record,
    /// lap (19)
    Lap,
    /// session (18)
    Session,
    /// event (21)
    Event,
    /// hr (132)
    Hr,
    /// activity (34)
    Activity,
    /// device_info (23)
    DeviceInfo,
    /// hrv (78)
    Hrv,
    /// sport (12)
    Sport,
    /// Any other number (read and skipped by size).
    Other(u16),
}

impl Global {
    fn number(self) -> u16 {
        match self {
            Self::FileId => 0,
            Self::Record => 20,
            Self::Lap => 19,
            Self::Session => 18,
            Self::Event => 21,
            Self::Hr => 132,
            Self::Activity => 34,
            Self::DeviceInfo => 23,
            Self::Hrv => 78,
            Self::Sport => 12,
            Self::Other(n) => n,
        }
    }

    fn fields(self) -> &'static [Known] {
        match self {
            Self::FileId => FILE_ID,
            Self::Record => RECORD,
            Self::Lap => LAP,
            Self::Session => SESSION,
            Self::Event => EVENT,
            Self::Hr => HR,
            Self::Activity => ACTIVITY,
            Self::DeviceInfo => DEVICE_INFO,
            Self::Hrv => HRV,
            Self::Sport => SPORT,
            Self::Other(_) => RECORD,
        }
    }
}

/// A field of a definition: one of the message's known fields (by index), as an array of
/// `1 + count % 8` values where the profile allows arrays.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct FieldPick {
    index: u8,
    count: u8,
}

/// A field the profile does not define for the message: any number, size and base type.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct RawField {
    num: u8,
    size: u8,
    base: u8,
}

/// A developer field: number, size, developer data index (skipped by size by the reader).
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct DevField {
    num: u8,
    size: u8,
    index: u8,
}

/// One value of a field.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Value {
    /// The base type's "no value" marker.
    Invalid,
    /// A small number (for times: that many seconds before the clock).
    Small(u8),
    /// A number of realistic size (for times: the clock itself).
    Medium(u16),
    /// Any bits (for times: one in 16 any 32-bit time, otherwise the clock).
    Raw(u64),
}

/// A data message of the definition before it.
#[derive(Arbitrary, Debug, Clone)]
pub struct Row {
    /// Write a compressed-timestamp header (time offset from the clock) instead of a normal one.
    compressed: bool,
    /// Seconds the clock moves on before this row.
    step: u8,
    /// The row is written `1 + repeat % 32` times (the clock moving on by `step` and medium
    /// values growing by one each time), so that short inputs make recordings of many samples.
    repeat: u8,
    /// The values, used in turn for the fields (cycled; none means all invalid).
    values: Vec<Value>,
}

/// A definition message and the data messages that use it.
#[derive(Arbitrary, Debug, Clone)]
pub struct Message {
    /// Define the timestamp field first (as devices do) when the message has one.
    timestamp: bool,
    local: u8,
    global: Global,
    big_endian: bool,
    fields: Vec<FieldPick>,
    unknown: Vec<RawField>,
    developer: Vec<DevField>,
    rows: Vec<Row>,
}

/// Where the clock starts.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Start {
    /// A real date: 2021-09 plus that many hours.
    Recent(u16),
    /// A count since power-on (a device without a clock).
    PowerOn(u16),
    /// Any 32-bit FIT time.
    Raw(u32),
}

/// The header and checksum of a segment: mostly right, so that files get past the CRC.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct Crc {
    /// A 12-byte header (no header CRC) when odd.
    short_header: u8,
    /// Below 8 (one in 32): write `wrong` as the file CRC (damage after writing).
    damage: u8,
    wrong: u16,
}

/// One FIT file of a (possibly chained) sequence.
#[derive(Arbitrary, Debug, Clone)]
pub struct Segment {
    protocol: u8,
    profile: u16,
    crc: Crc,
    messages: Vec<Message>,
}

/// What follows the last segment: below 16 of `what` (one in 16), zero padding of
/// `bytes.len()`; below 24, the bytes themselves; otherwise nothing.
#[derive(Arbitrary, Debug, Clone)]
pub struct Tail {
    what: u8,
    bytes: Vec<u8>,
}

/// A whole FIT file: one segment, maybe chained ones, and what follows.
#[derive(Arbitrary, Debug, Clone)]
pub struct FitFile {
    start: Start,
    first: Segment,
    chained: Option<Segment>,
    tail: Tail,
}

/// FIT's CRC-16 (the nibble routine of the FIT protocol document; independent of the
/// reader's table-driven one).
pub fn crc(bytes: &[u8]) -> u16 {
    const TABLE: [u16; 16] = [
        0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800,
        0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
    ];
    let mut crc = 0u16;
    for &byte in bytes {
        let tmp = TABLE[usize::from(crc & 0xF)];
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ TABLE[usize::from(byte & 0xF)];
        let tmp = TABLE[usize::from(crc & 0xF)];
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ TABLE[usize::from((byte >> 4) & 0xF)];
    }
    crc
}

fn base_size(base: u8) -> usize {
    match base & 0x1F {
        0x03 | 0x04 | 0x0B => 2,
        0x05 | 0x06 | 0x08 | 0x0C => 4,
        0x09 | 0x0E | 0x0F | 0x10 => 8,
        _ => 1,
    }
}

/// The "no value" bytes of one value of a base type.
fn invalid(base: u8, size: usize, big_endian: bool) -> Vec<u8> {
    let mut bytes = match base & 0x1F {
        0x0A | 0x0B | 0x0C | 0x07 => vec![0; size],
        0x01 | 0x03 | 0x05 | 0x0E => {
            let mut b = vec![0xFF; size];
            // The sign bit clear: 0x7F.., in the value's byte order.
            b[size - 1] = 0x7F;
            b
        }
        _ => vec![0xFF; size],
    };
    if big_endian {
        bytes.reverse();
    }
    bytes
}

/// `value` in `size` bytes in the given byte order (truncated to its low bytes).
fn int_bytes(value: u64, size: usize, big_endian: bool) -> Vec<u8> {
    let mut bytes: Vec<u8> = value
        .to_le_bytes()
        .into_iter()
        .chain(std::iter::repeat(0))
        .take(size)
        .collect();
    if big_endian {
        bytes.reverse();
    }
    bytes
}

/// The definition the generator writes, with each field's meaning.
struct Def {
    local: u8,
    fields: Vec<(u8, usize, u8, Kind)>,
    developer: Vec<DevField>,
    big_endian: bool,
}

impl FitFile {
    /// The FIT bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut clock: u32 = match self.start {
            Start::Recent(hours) => 1_000_000_000u32 + u32::from(hours) * 3600,
            Start::PowerOn(s) => u32::from(s),
            Start::Raw(t) => t,
        };
        let mut out = Vec::new();
        self.first.write(&mut clock, &mut out);
        if let Some(chained) = &self.chained {
            chained.write(&mut clock, &mut out);
        }
        match self.tail.what {
            0..16 => out.extend(std::iter::repeat_n(0, self.tail.bytes.len())),
            16..24 => out.extend_from_slice(&self.tail.bytes),
            _ => {}
        }
        out
    }
}

impl Segment {
    fn write(&self, clock: &mut u32, out: &mut Vec<u8>) {
        let mut data = Vec::new();
        for message in &self.messages {
            message.write(clock, &mut data);
        }
        let header_size: u8 = if self.crc.short_header % 2 == 1 {
            12
        } else {
            14
        };
        let start = out.len();
        out.push(header_size);
        out.push(self.protocol);
        out.extend_from_slice(&self.profile.to_le_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(b".FIT");
        if header_size == 14 {
            let header_crc = crc(&out[start..]);
            out.extend_from_slice(&header_crc.to_le_bytes());
        }
        out.extend_from_slice(&data);
        let file_crc = if self.crc.damage < 8 {
            self.crc.wrong
        } else {
            crc(&out[start..])
        };
        out.extend_from_slice(&file_crc.to_le_bytes());
    }
}

impl Message {
    fn definition(&self) -> Def {
        let known = self.global.fields();
        let mut fields = Vec::new();
        if self.timestamp && known[0].kind == Kind::Time {
            fields.push((253, 4, base::UINT32, Kind::Time));
        }
        for pick in &self.fields {
            let k = known[usize::from(pick.index) % known.len()];
            let count = if k.array {
                1 + usize::from(pick.count % 8)
            } else {
                1
            };
            fields.push((k.num, base_size(k.base) * count, k.base, k.kind));
        }
        for raw in &self.unknown {
            let kind = if raw.num == 253 {
                Kind::Time
            } else {
                Kind::Value
            };
            fields.push((raw.num, usize::from(raw.size), raw.base, kind));
        }
        Def {
            local: self.local & 0x0F,
            fields,
            developer: self.developer.clone(),
            big_endian: self.big_endian,
        }
    }

    fn write(&self, clock: &mut u32, out: &mut Vec<u8>) {
        let def = self.definition();
        let developer = !def.developer.is_empty();
        out.push(0x40 | if developer { 0x20 } else { 0 } | def.local);
        out.push(0); // reserved
        out.push(u8::from(def.big_endian));
        let global = self.global.number();
        out.extend_from_slice(&if def.big_endian {
            global.to_be_bytes()
        } else {
            global.to_le_bytes()
        });
        out.push(def.fields.len().min(255) as u8);
        for &(num, size, base, _) in def.fields.iter().take(255) {
            out.extend_from_slice(&[num, size as u8, base]);
        }
        if developer {
            out.push(def.developer.len().min(255) as u8);
            for d in def.developer.iter().take(255) {
                out.extend_from_slice(&[d.num, d.size, d.index]);
            }
        }
        for row in &self.rows {
            for i in 0..=(row.repeat % 32) {
                self.write_row(row, &def, u16::from(i), clock, out);
            }
        }
    }

    fn write_row(&self, row: &Row, def: &Def, i: u16, clock: &mut u32, out: &mut Vec<u8>) {
        {
            *clock = clock.wrapping_add(u32::from(row.step));
            // A compressed header can only name local types 0 to 3.
            if row.compressed && def.local < 4 {
                out.push(0x80 | ((def.local & 0x03) << 5) | (*clock & 0x1F) as u8);
            } else {
                out.push(def.local);
            }
            let mut values = row.values.iter().copied().cycle();
            let mut next = || {
                if row.values.is_empty() {
                    Value::Invalid
                } else {
                    values.next().unwrap_or(Value::Invalid)
                }
            };
            for &(_, size, base, kind) in def.fields.iter().take(255) {
                let element = base_size(base).min(size.max(1));
                let mut written = 0;
                while written < size {
                    let n = element.min(size - written);
                    let bytes = match (next(), kind) {
                        (Value::Invalid, _) => invalid(base, n, def.big_endian),
                        (Value::Small(s), Kind::Time) => int_bytes(
                            u64::from(clock.wrapping_sub(u32::from(s))),
                            n,
                            def.big_endian,
                        ),
                        (Value::Medium(_), Kind::Time) => {
                            int_bytes(u64::from(*clock), n, def.big_endian)
                        }
                        (Value::Small(s), Kind::Value) => {
                            int_bytes(u64::from(s), n, def.big_endian)
                        }
                        (Value::Medium(m), Kind::Value) => {
                            int_bytes(u64::from(m.wrapping_add(i)), n, def.big_endian)
                        }
                        // Mostly the clock: a random time is mostly an outlier the reader drops.
                        (Value::Raw(r), Kind::Time) if r % 16 != 0 => {
                            int_bytes(u64::from(*clock), n, def.big_endian)
                        }
                        (Value::Raw(r), _) => int_bytes(r, n, def.big_endian),
                    };
                    out.extend_from_slice(&bytes);
                    written += n;
                }
            }
            for d in def.developer.iter().take(255) {
                out.extend(std::iter::repeat_n(0x5A, usize::from(d.size)));
            }
        }
    }
}
