//! What kind of FIT file an uploaded file is, from its header and `file_id` message alone.
//!
//! The export's uploaded files are mostly not activities: a watch syncs monitoring (type 15,
//! 32), sleep (49), metrics (44) and other files many times a day, and activities are a few
//! percent of them. Decoding each whole would cost the import most of its time, so this reads
//! the 12- or 14-byte header (checking its signature and, when set, its CRC) and then walks
//! records only as far as the first `file_id` message (global number 0), whose field 0 is the
//! file's type (4 = activity). FIT puts `file_id` first; a few definitions or messages before
//! it are stepped over, up to [`MAX_RECORDS`].

use crate::ArchiveError;
use domain::Timestamp;
use formats::TimestampExt;

/// What a FIT file holds, for the import's purposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FitKind {
    /// An activity (FIT file type 4): import it.
    Activity,
    /// Anything else, named for people ("daily monitoring data", "sleep data"): skip and count.
    Other(&'static str),
}

/// What a file's `file_id` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileId {
    /// The kind, from the type.
    pub kind: FitKind,
    /// The FIT file type number, when set.
    pub file_type: Option<u8>,
    /// When the device says it created the file. Not the activity's start: the fenix 5 and 6
    /// write their start, but the fenix 2, the FR 935 and Wahoo's ELEMNT write the moment the
    /// file was closed, hours later, which can be the start of the next activity (a
    /// multisport leg). Match files by their decoded start; this is for reports.
    pub time_created: Option<Timestamp>,
    /// The FIT manufacturer number (1 = Garmin), when set.
    pub manufacturer: Option<u16>,
    /// The manufacturer's product number, when set.
    pub product: Option<u16>,
}

/// The most records stepped over before `file_id`, so that garbage that happens to pass the
/// header is refused quickly rather than walked to its end.
pub const MAX_RECORDS: usize = 64;

/// The kind of the FIT file `bytes` (the entry named `entry`).
pub fn classify(entry: &str, bytes: &[u8]) -> Result<FitKind, ArchiveError> {
    file_id(entry, bytes).map(|id| id.kind)
}

/// The `file_id` of the FIT file `bytes` (the entry named `entry`); `Err` (saying at which
/// byte) when it is not a FIT file or is cut before its `file_id`.
pub fn file_id(entry: &str, bytes: &[u8]) -> Result<FileId, ArchiveError> {
    read(bytes).map_err(|e| ArchiveError::new(entry, e))
}

fn read(bytes: &[u8]) -> Result<FileId, String> {
    let end = header(bytes)?;
    let mut pos = usize::from(bytes[0]);
    let mut definitions: [Option<Definition>; 16] = Default::default();
    for _ in 0..MAX_RECORDS {
        if pos >= end {
            return Err(format!(
                "the records end at byte {pos} before any file_id message"
            ));
        }
        let at = pos;
        let h = bytes[pos];
        pos += 1;
        let local = if h & 0x80 != 0 {
            // A compressed-timestamp header: a data message of local type 0-3.
            usize::from((h >> 5) & 0x03)
        } else if h & 0x40 != 0 {
            let (definition, next) = Definition::read(bytes, pos, end, h & 0x20 != 0)
                .ok_or_else(|| format!("the definition at byte {at} is cut off"))?;
            definitions[usize::from(h & 0x0F)] = Some(definition);
            pos = next;
            continue;
        } else {
            usize::from(h & 0x0F)
        };
        let definition = definitions[local].as_ref().ok_or_else(|| {
            format!("the message at byte {at} uses local type {local}, never defined: not FIT data")
        })?;
        let size = definition.size();
        if pos + size > end {
            return Err(format!("the message at byte {at} is cut off"));
        }
        if definition.global == 0 {
            return Ok(definition.file_id(&bytes[pos..pos + size]));
        }
        pos += size;
    }
    Err(format!(
        "no file_id message in the first {MAX_RECORDS} records"
    ))
}

/// Checks the header; returns where the records end (the declared size, or the file's end if
/// it is cut: the type is usually still there).
fn header(bytes: &[u8]) -> Result<usize, String> {
    if bytes.len() < 12 {
        return Err(format!("{} bytes: too short for a FIT header", bytes.len()));
    }
    let size = usize::from(bytes[0]);
    if size < 12 || size > bytes.len() {
        return Err(format!(
            "byte 0: a header size of {size} is not FIT's (12 or 14)"
        ));
    }
    if &bytes[8..12] != b".FIT" {
        return Err("bytes 8-11: no \".FIT\" signature: not a FIT file".to_owned());
    }
    if size >= 14 {
        let stored = u16::from_le_bytes([bytes[12], bytes[13]]);
        let computed = formats::fit::crc::of(&bytes[..12]);
        // Zero means the writer did not compute it.
        if stored != 0 && stored != computed {
            return Err(format!(
                "bytes 12-13: header CRC {stored:#06x} where the header gives {computed:#06x}"
            ));
        }
    }
    let data = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
    // A size of 0 is written by devices that stream and never come back to fill it in.
    let declared = if data == 0 {
        bytes.len()
    } else {
        size.saturating_add(data)
    };
    Ok(declared.min(bytes.len()))
}

/// A definition message: which global message a local type carries, and its field layout.
struct Definition {
    global: u16,
    big_endian: bool,
    /// (field number, size in bytes)
    fields: Vec<(u8, usize)>,
    developer_size: usize,
}

impl Definition {
    /// Reads the definition's content starting at `pos`; returns it and where it ends.
    fn read(bytes: &[u8], pos: usize, end: usize, developer: bool) -> Option<(Self, usize)> {
        let fixed = bytes.get(pos..pos + 5).filter(|_| pos + 5 <= end)?;
        let big_endian = fixed[1] == 1;
        let global = if big_endian {
            u16::from_be_bytes([fixed[2], fixed[3]])
        } else {
            u16::from_le_bytes([fixed[2], fixed[3]])
        };
        let count = usize::from(fixed[4]);
        let mut next = pos + 5;
        let raw = bytes
            .get(next..next + 3 * count)
            .filter(|_| next + 3 * count <= end)?;
        let fields = raw
            .chunks_exact(3)
            .map(|f| (f[0], usize::from(f[1])))
            .collect();
        next += 3 * count;
        let mut developer_size = 0;
        if developer {
            let count = usize::from(*bytes.get(next).filter(|_| next < end)?);
            next += 1;
            let raw = bytes
                .get(next..next + 3 * count)
                .filter(|_| next + 3 * count <= end)?;
            developer_size = raw.chunks_exact(3).map(|f| usize::from(f[1])).sum();
            next += 3 * count;
        }
        Some((
            Self {
                global,
                big_endian,
                fields,
                developer_size,
            },
            next,
        ))
    }

    fn size(&self) -> usize {
        self.fields.iter().map(|(_, s)| s).sum::<usize>() + self.developer_size
    }

    /// The `file_id` fields of a message of this definition: type (0), manufacturer (1),
    /// product (2), time_created (4). A field of an unexpected size is taken as absent.
    fn file_id(&self, content: &[u8]) -> FileId {
        let mut id = FileId {
            kind: FitKind::Other("a file of no stated kind"),
            file_type: None,
            time_created: None,
            manufacturer: None,
            product: None,
        };
        let mut at = 0;
        for &(number, size) in &self.fields {
            let value = &content[at..at + size];
            at += size;
            match (number, size) {
                (0, 1) => id.file_type = Some(value[0]).filter(|t| *t != 0xFF),
                (1, 2) => id.manufacturer = self.u16(value).filter(|m| *m != 0xFFFF),
                (2, 2) => id.product = self.u16(value).filter(|p| *p != 0xFFFF),
                (4, 4) => {
                    let s = if self.big_endian {
                        u32::from_be_bytes([value[0], value[1], value[2], value[3]])
                    } else {
                        u32::from_le_bytes([value[0], value[1], value[2], value[3]])
                    };
                    // 0xFFFFFFFF is FIT's "invalid"; below 0x10000000 it is a device's
                    // uptime, not a date.
                    if (0x1000_0000..u32::MAX).contains(&s) {
                        id.time_created = Some(Timestamp::from_fit(s));
                    }
                }
                _ => {}
            }
        }
        if let Some(t) = id.file_type {
            id.kind = kind_of(t);
        }
        id
    }

    fn u16(&self, value: &[u8]) -> Option<u16> {
        Some(if self.big_endian {
            u16::from_be_bytes([value[0], value[1]])
        } else {
            u16::from_le_bytes([value[0], value[1]])
        })
    }
}

/// The kind of FIT file type `code`: the profile's names, and Garmin's undocumented wellness
/// types that fill the export (named as the FIT-reading community identified them).
fn kind_of(code: u8) -> FitKind {
    match code {
        4 => FitKind::Activity,
        44 => FitKind::Other("metrics"),
        49 => FitKind::Other("sleep data"),
        _ => FitKind::Other(formats::fit::profile::file_type_name(i64::from(code))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crc_is_crc16_arc() {
        // The catalogue's check value of CRC-16/ARC.
        assert_eq!(formats::fit::crc::of(b"123456789"), 0xBB3D);
    }

    #[test]
    fn types_are_named() {
        let cases = [
            (4, FitKind::Activity),
            (32, FitKind::Other("daily monitoring data")),
            (49, FitKind::Other("sleep data")),
            (9, FitKind::Other("weight measurements")),
            (200, FitKind::Other("data of another kind")),
        ];
        for (code, kind) in cases {
            assert_eq!(kind_of(code), kind, "{code}");
        }
    }
}
