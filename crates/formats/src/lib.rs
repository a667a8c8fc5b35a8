//! Workout files for Laps: FIT, TCX, GPX and Polar HRM, read into one [`Recording`] and written
//! back out with device laps, pauses and UTC times intact.
//!
//! ```
//! let tcx = br#"<?xml version="1.0"?>
//! <TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
//!  <Activities><Activity Sport="Running"><Id>2024-05-01T07:30:00Z</Id>
//!   <Lap StartTime="2024-05-01T07:30:00Z"><TotalTimeSeconds>60</TotalTimeSeconds>
//!    <DistanceMeters>200</DistanceMeters><Calories>12</Calories><Intensity>Active</Intensity>
//!    <TriggerMethod>Manual</TriggerMethod><Track>
//!     <Trackpoint><Time>2024-05-01T07:30:00Z</Time><HeartRateBpm><Value>120</Value></HeartRateBpm></Trackpoint>
//!     <Trackpoint><Time>2024-05-01T07:31:00Z</Time><HeartRateBpm><Value>140</Value></HeartRateBpm></Trackpoint>
//!   </Track></Lap></Activity></Activities></TrainingCenterDatabase>"#;
//! let recording = formats::read(tcx, &formats::Options::default()).unwrap();
//! assert_eq!(recording.sport, formats::Sport::Running);
//! assert_eq!(recording.laps.len(), 1);
//! assert_eq!(recording.samples.heart_rate.as_deref(), Some(&[120.0, 140.0][..]));
//! let fit = formats::fit::write(&recording);
//! assert_eq!(formats::read(&fit, &formats::Options::default()).unwrap().laps.len(), 1);
//! ```
//!
//! # Hostile input
//!
//! [`read_all`] (and [`read`]) is the guarded entry point; every limit is a field of
//! [`Options`], documented there with its default and why:
//!
//! - **Size**: at most [`Options::max_bytes`] after decompression, and one gzip layer: gzip
//!   inside gzip is refused ([`ErrorKind::NestedGzip`]), so a file compressed thousands of
//!   times costs one layer's work, without recursion.
//! - **XML**: no document type declarations (so no entity expansion), at most
//!   [`Options::max_xml_depth`] levels and [`Options::max_xml_attributes`] attributes per
//!   element; repeated attributes and undeclared prefixes are found in time that grows with the
//!   element, not with its square.
//! - **Counts**: at most [`Options::max_activities`] activities per file (refused, naming the
//!   count) and [`Options::max_samples`] samples per workout (the FIT reader stops storing past
//!   it, so a hostile file costs no more memory on the way to being refused).
//! - **Believable values**, by [`sanitize`], on every recording read: sample values and lap
//!   and session totals outside [`Ranges`] are dropped (set to missing, never clamped) with one
//!   warning per stream ("dropped 3 heart-rate values outside 0–255 bpm"); samples stamped at
//!   impossible times, or far from the rest, are dropped with a warning and the start and
//!   elapsed time follow the kept ones; a file whose times are all impossible is refused
//!   ([`ErrorKind::ImpossibleTimes`]), as is a workout spanning more than
//!   [`Options::max_span`] ([`ErrorKind::SpanTooLong`]); NUL and other control characters leave
//!   every text (device names, notes).
//!
//! Recordings built elsewhere (a live sync session) get the same checks from [`sanitize`].
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod csv;
mod error;
pub mod fit;
pub mod geo;
pub mod gpx;
pub mod hrm;
mod limits;
mod model;
pub mod packed;
mod sanitize;
pub mod store;
pub mod tcx;
pub mod text;
mod time;
mod xml;

pub use error::{Error, ErrorKind, Result};
pub use limits::{Bounds, Options, Ranges};
// The vocabulary shared with every layer above lives in `domain`; the codecs speak it.
pub use domain::{Intensity, LapTrigger, Sport};
pub use model::{Device, Lap, Pause, Recording, Samples, SamplesBuilder, Session, Stream, Totals};
pub use sanitize::sanitize;
pub use time::{Civil, Timestamp, TimestampExt, civil_from_days, days_from_civil};

use std::io::Read as _;

/// The file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Garmin FIT (binary).
    Fit,
    /// Garmin Training Center XML.
    Tcx,
    /// GPS Exchange Format 1.0 or 1.1.
    Gpx,
    /// Polar HRM (text).
    Hrm,
}

impl Format {
    /// The usual file extension, lower case.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Fit => "fit",
            Self::Tcx => "tcx",
            Self::Gpx => "gpx",
            Self::Hrm => "hrm",
        }
    }

    /// The format of a file extension (case-insensitive, without the dot).
    pub fn from_extension(extension: &str) -> Option<Self> {
        match extension.to_ascii_lowercase().as_str() {
            "fit" => Some(Self::Fit),
            "tcx" => Some(Self::Tcx),
            "gpx" => Some(Self::Gpx),
            "hrm" => Some(Self::Hrm),
            _ => None,
        }
    }
}

/// What an input's content says it is (gzip is seen through). `None` for anything else.
pub fn detect(bytes: &[u8]) -> Option<Format> {
    if bytes.len() >= 12 && &bytes[8..12] == b".FIT" {
        return Some(Format::Fit);
    }
    let text = strip_bom(bytes);
    let head = &text[..text.len().min(4096)];
    let trimmed = head.trim_ascii_start();
    if trimmed.starts_with(b"[Params]") || trimmed.starts_with(b"[params]") {
        return Some(Format::Hrm);
    }
    if trimmed.starts_with(b"<") {
        // The root element's name, after any declaration, comments and processing instructions.
        let mut rest = trimmed;
        while let Some(i) = rest.iter().position(|&b| b == b'<') {
            rest = &rest[i + 1..];
            if rest.starts_with(b"?") || rest.starts_with(b"!") {
                continue;
            }
            let name_end = rest
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
                .unwrap_or(rest.len());
            let name = &rest[..name_end];
            let local = name.rsplit(|&b| b == b':').next().unwrap_or(name);
            return match local {
                b"TrainingCenterDatabase" => Some(Format::Tcx),
                b"gpx" => Some(Format::Gpx),
                _ => None,
            };
        }
    }
    None
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Whether the bytes are gzip-compressed.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1F, 0x8B])
}

/// Decompresses gzip data, refusing more than `limit` bytes of output.
pub fn gunzip(bytes: &[u8], limit: u64) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut decoder = flate2::read::MultiGzDecoder::new(bytes).take(limit + 1);
    decoder
        .read_to_end(&mut out)
        .map_err(|e| Error::new(ErrorKind::BadGzip(e.to_string())))?;
    if out.len() as u64 > limit {
        return Err(Error::new(ErrorKind::TooLarge { limit }));
    }
    Ok(out)
}

/// The formats a recording can be written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutputFormat {
    /// A FIT activity file.
    Fit,
    /// TCX.
    Tcx,
    /// GPX 1.1.
    Gpx,
    /// Polar HRM 1.06.
    Hrm,
    /// CSV of the samples.
    Csv,
}

impl OutputFormat {
    /// The format of a file extension (case-insensitive).
    pub fn from_extension(extension: &str) -> Option<Self> {
        match Format::from_extension(extension) {
            Some(Format::Fit) => Some(Self::Fit),
            Some(Format::Tcx) => Some(Self::Tcx),
            Some(Format::Gpx) => Some(Self::Gpx),
            Some(Format::Hrm) => Some(Self::Hrm),
            None => extension.eq_ignore_ascii_case("csv").then_some(Self::Csv),
        }
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Fit => "fit",
            Self::Tcx => "tcx",
            Self::Gpx => "gpx",
            Self::Hrm => "hrm",
            Self::Csv => "csv",
        }
    }

    /// The media type to serve it with.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Fit => "application/vnd.ant.fit",
            Self::Tcx => "application/vnd.garmin.tcx+xml",
            Self::Gpx => "application/gpx+xml",
            Self::Hrm => "text/plain; charset=utf-8",
            Self::Csv => "text/csv; charset=utf-8",
        }
    }
}

impl OutputFormat {
    /// Whether the format can hold the recording: GPX needs at least one position, every
    /// other format holds anything.
    pub fn can_write(self, recording: &Recording) -> bool {
        self != Self::Gpx || gpx::can_write(recording)
    }
}

/// Writes a recording in a format, or says why the format cannot hold it
/// ([`ErrorKind::NoPositions`] for GPX of an indoor recording).
pub fn try_write(recording: &Recording, format: OutputFormat) -> Result<Vec<u8>> {
    Ok(match format {
        OutputFormat::Fit => fit::write(recording),
        OutputFormat::Tcx => tcx::write(recording).into_bytes(),
        OutputFormat::Gpx => gpx::write(recording)?.into_bytes(),
        OutputFormat::Hrm => hrm::write(recording).into_bytes(),
        OutputFormat::Csv => csv::write(recording).into_bytes(),
    })
}

/// Writes a recording in a format that can hold it ([`OutputFormat::can_write`]). Given one it
/// cannot hold, it gives no bytes at all (never a file that reads as an empty workout);
/// [`try_write`] says why.
pub fn write(recording: &Recording, format: OutputFormat) -> Vec<u8> {
    try_write(recording, format).unwrap_or_default()
}

/// Reads any supported file, gzip-compressed or not, detecting the format from the content.
/// A file with several separate activities (TCX allows it) gives the first; see [`read_all`].
pub fn read(bytes: &[u8], options: &Options) -> Result<Recording> {
    Ok(read_all(bytes, options)?.swap_remove(0))
}

/// How many activities a TCX document holds: `<Activity>`s of `<Activities>`, multisport
/// sessions and courses, as [`tcx::read_all`] makes recordings of them.
fn tcx_activities(bytes: &[u8], options: &Options) -> usize {
    xml::count_elements(bytes, options, |parent, name| {
        matches!(
            (parent, name),
            (b"Activities", b"Activity") | (_, b"MultiSportSession") | (b"Courses", b"Course")
        )
    })
}

/// Reads any supported file into one recording per activity it holds (at least one).
///
/// This is the guarded entry point: one gzip layer at most, the limits of `options`, and every
/// recording passed through [`sanitize`] (the format modules' own readers do neither).
pub fn read_all(bytes: &[u8], options: &Options) -> Result<Vec<Recording>> {
    if bytes.is_empty() {
        return Err(Error::new(ErrorKind::Empty));
    }
    // One layer, and no recursion: a file gzipped thousands of times over is refused after the
    // first layer instead of costing a stack frame per layer.
    let inflated;
    let bytes = if is_gzip(bytes) {
        inflated = gunzip(bytes, options.max_bytes)?;
        if is_gzip(&inflated) {
            return Err(Error::new(ErrorKind::NestedGzip));
        }
        if inflated.is_empty() {
            return Err(Error::new(ErrorKind::Empty));
        }
        &inflated[..]
    } else {
        bytes
    };
    if bytes.len() as u64 > options.max_bytes {
        return Err(Error::new(ErrorKind::TooLarge {
            limit: options.max_bytes,
        }));
    }
    // An XML file in the legacy code page its declaration names (`encoding="ISO-8859-1"`,
    // written by older tools) is read as the UTF-8 it stands for.
    let transcoded;
    let bytes = match detect(bytes) {
        Some(Format::Tcx | Format::Gpx) => match text::declared_xml(bytes) {
            Some(utf8) => {
                transcoded = utf8;
                &transcoded[..]
            }
            None => bytes,
        },
        _ => bytes,
    };
    let mut recordings = match detect(bytes) {
        Some(Format::Fit) => vec![fit::read_with(bytes, options)?],
        Some(Format::Tcx) => tcx::read_all(bytes, options).map_err(|e| match e.kind {
            // The reader stops at the first activity over the limit; count them all to say.
            ErrorKind::TooManyActivities { limit, .. } => {
                Error::new(ErrorKind::TooManyActivities {
                    count: tcx_activities(bytes, options),
                    limit,
                })
            }
            _ => e,
        })?,
        Some(Format::Gpx) => vec![gpx::read(bytes, options)?],
        Some(Format::Hrm) => vec![hrm::read(bytes, options.local_utc_offset_minutes)?],
        None => return Err(Error::new(ErrorKind::UnknownFormat)),
    };
    if recordings.len() > options.max_activities {
        return Err(Error::new(ErrorKind::TooManyActivities {
            count: recordings.len(),
            limit: options.max_activities,
        }));
    }
    for recording in &mut recordings {
        sanitize(recording, options)?;
    }
    Ok(recordings)
}
