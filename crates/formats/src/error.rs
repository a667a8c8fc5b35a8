//! The one error type of this crate: what is wrong and where.

use std::fmt;

/// Why a file could not be read. `Display` gives one line for a person: where, then what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What is wrong.
    pub kind: ErrorKind,
    /// Byte offset in the (decompressed) input where it was found, if it has one.
    pub offset: Option<u64>,
    /// Line number (1-based) for text formats.
    pub line: Option<u64>,
}

/// What is wrong with an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input has no bytes.
    Empty,
    /// The content is none of FIT, TCX, GPX or HRM.
    UnknownFormat,
    /// The input is larger than the limit given to the reader.
    TooLarge {
        /// The limit, bytes.
        limit: u64,
    },
    /// Gzip data could not be decompressed.
    BadGzip(String),
    /// The decompressed gzip data is gzip again: one layer is accepted, so that a file
    /// compressed thousands of times over costs no more than one.
    NestedGzip,
    /// The FIT file header is malformed (`what` says how).
    BadFitHeader(&'static str),
    /// The file ends before the length its header declares: cut short, for example by an
    /// interrupted download.
    Truncated {
        /// Bytes the header declares.
        declared: u64,
        /// Bytes present.
        present: u64,
    },
    /// The FIT file CRC does not match intact data: the file was altered after it was written.
    CrcMismatch {
        /// CRC stored in the file.
        stored: u16,
        /// CRC of the data.
        computed: u16,
    },
    /// Bytes after the FIT data that are not another FIT file.
    TrailingData {
        /// How many.
        bytes: u64,
    },
    /// The FIT data is inconsistent (a message of an undefined type, a definition cut off, ...).
    BadFitData(String),
    /// The file holds no activity: `what` names what it holds instead.
    NotAnActivity(String),
    /// A GPX file whose points have no times: a planned route, not a recording.
    NoTimestamps,
    /// The XML is not well-formed.
    Xml(String),
    /// The XML nests deeper than the limit.
    XmlTooDeep {
        /// The limit.
        limit: usize,
    },
    /// An XML element has more attributes than the limit ([`crate::Options::max_xml_attributes`]).
    XmlTooManyAttributes {
        /// The limit.
        limit: usize,
    },
    /// The XML has a document type declaration; entities and external references are refused.
    XmlDoctype,
    /// Something precedes the XML declaration, which must come first.
    XmlDeclarationNotAtStart,
    /// The XML root element is not the one the format requires.
    WrongRoot {
        /// The element expected.
        expected: &'static str,
        /// The element found.
        found: String,
    },
    /// A value could not be read: `field` names the element or key, `value` shows what was there.
    BadValue {
        /// Where the value belongs.
        field: &'static str,
        /// The text found (shortened).
        value: String,
    },
    /// A Polar HRM file is malformed (`what` says how).
    BadHrm(String),
    /// An HRM and a GPX file given as a pair are not the same session (`why` says how).
    NotAPair(String),
    /// A recording without any position cannot be written as GPX: every GPX track point needs
    /// one (`gpx::write`).
    NoPositions,
    /// The file holds more activities than the limit ([`crate::Options::max_activities`]).
    TooManyActivities {
        /// How many it holds.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// A workout has more samples than the limit ([`crate::Options::max_samples`]).
    TooManySamples {
        /// The limit.
        limit: usize,
    },
    /// The times of a workout span longer than the limit ([`crate::Options::max_span`]), or
    /// fall into groups too far apart to be one workout.
    SpanTooLong {
        /// The span, whole days.
        days: u64,
        /// The limit, whole days.
        limit_days: u64,
    },
    /// Every time in the file is impossible (before the first device could record, or far in
    /// the future): `why` says which times.
    ImpossibleTimes(String),
}

impl Error {
    /// An error without a position.
    pub fn new(kind: ErrorKind) -> Self {
        Self {
            kind,
            offset: None,
            line: None,
        }
    }

    /// An error at a byte offset.
    pub fn at(kind: ErrorKind, offset: usize) -> Self {
        Self {
            kind,
            offset: Some(offset as u64),
            line: None,
        }
    }

    /// An error at a byte offset of a text, with its line number worked out.
    pub fn at_text(kind: ErrorKind, text: &[u8], offset: usize) -> Self {
        let offset = offset.min(text.len());
        let line = 1 + text[..offset].iter().filter(|&&b| b == b'\n').count() as u64;
        Self {
            kind,
            offset: Some(offset as u64),
            line: Some(line),
        }
    }

    /// A bad value, showing at most 40 characters of it.
    pub fn bad_value(field: &'static str, value: &[u8]) -> ErrorKind {
        let text = String::from_utf8_lossy(value);
        let mut shown: String = text.trim().chars().take(40).collect();
        if text.trim().chars().count() > 40 {
            shown.push('…');
        }
        ErrorKind::BadValue {
            field,
            value: shown,
        }
    }
}

impl ErrorKind {
    /// The kind's name, `snake_case`, without its details: one of a fixed set, so a count of
    /// refused files by kind stays small (the server's `laps_uploads_total{reason}` metric).
    /// Names are stable: dashboards and alerts use them.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::UnknownFormat => "unknown_format",
            Self::TooLarge { .. } => "too_large",
            Self::BadGzip(_) => "bad_gzip",
            Self::NestedGzip => "nested_gzip",
            Self::BadFitHeader(_) => "bad_fit_header",
            Self::Truncated { .. } => "truncated",
            Self::CrcMismatch { .. } => "crc_mismatch",
            Self::TrailingData { .. } => "trailing_data",
            Self::BadFitData(_) => "bad_fit_data",
            Self::NotAnActivity(_) => "not_an_activity",
            Self::NoTimestamps => "no_timestamps",
            Self::Xml(_) => "bad_xml",
            Self::XmlTooDeep { .. } => "xml_too_deep",
            Self::XmlTooManyAttributes { .. } => "xml_too_many_attributes",
            Self::XmlDoctype => "xml_doctype",
            Self::XmlDeclarationNotAtStart => "xml_declaration_not_at_start",
            Self::WrongRoot { .. } => "wrong_root",
            Self::BadValue { .. } => "bad_value",
            Self::BadHrm(_) => "bad_hrm",
            Self::NotAPair(_) => "not_a_pair",
            Self::NoPositions => "no_positions",
            Self::TooManyActivities { .. } => "too_many_activities",
            Self::TooManySamples { .. } => "too_many_samples",
            Self::SpanTooLong { .. } => "span_too_long",
            Self::ImpossibleTimes(_) => "impossible_times",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "the file is empty"),
            Self::UnknownFormat => write!(
                f,
                "not a workout file this program reads (FIT, TCX, GPX or Polar HRM)"
            ),
            Self::TooLarge { limit } => write!(
                f,
                "the file is larger than the limit of {} MB",
                limit / 1_000_000
            ),
            Self::BadGzip(why) => write!(f, "the gzip data is damaged: {why}"),
            Self::NestedGzip => write!(f, "gzip inside gzip is not accepted"),
            Self::BadFitHeader(what) => write!(f, "not a valid FIT file: {what}"),
            Self::Truncated { declared, present } => write!(
                f,
                "the file is cut short: its header declares {declared} bytes but only {present} are there (was the download interrupted?)"
            ),
            Self::CrcMismatch { stored, computed } => write!(
                f,
                "the file is damaged: its checksum is {stored:#06x} but the data gives {computed:#06x}"
            ),
            Self::TrailingData { bytes } => write!(
                f,
                "{bytes} bytes after the end of the FIT data are not FIT data"
            ),
            Self::BadFitData(what) => write!(f, "the FIT data is damaged: {what}"),
            Self::NotAnActivity(what) => {
                write!(f, "this file holds {what}, not a recorded activity")
            }
            Self::NoTimestamps => write!(
                f,
                "the track has no times: it looks like a planned route, not a recorded activity"
            ),
            Self::Xml(what) => write!(f, "the XML is malformed: {what}"),
            Self::XmlTooDeep { limit } => write!(f, "the XML nests more than {limit} levels deep"),
            Self::XmlTooManyAttributes { limit } => write!(
                f,
                "an XML element has more than {limit} attributes, the most accepted"
            ),
            Self::XmlDoctype => write!(
                f,
                "the XML has a document type declaration (DTD), which is not allowed"
            ),
            Self::XmlDeclarationNotAtStart => write!(
                f,
                "the XML declaration <?xml ...?> must be the very first thing in the file"
            ),
            Self::WrongRoot { expected, found } => {
                write!(f, "expected a <{expected}> document, found <{found}>")
            }
            Self::BadValue { field, value } => write!(f, "unreadable {field}: {value:?}"),
            Self::BadHrm(what) => write!(f, "not a valid Polar HRM file: {what}"),
            Self::NotAPair(why) => write!(f, "these HRM and GPX files cannot be merged: {why}"),
            Self::NoPositions => write!(
                f,
                "this workout has no GPS positions, and a GPX file holds only points with one: export it as FIT, TCX, HRM or CSV"
            ),
            Self::TooManyActivities { count, limit } => write!(
                f,
                "the file holds {count} activities; at most {limit} are accepted in one file"
            ),
            Self::TooManySamples { limit } => write!(
                f,
                "the workout has more than {limit} samples, the most accepted in one workout"
            ),
            Self::SpanTooLong { days, limit_days } => write!(
                f,
                "the workout's times span {days} days; at most {limit_days} are accepted in one workout"
            ),
            Self::ImpossibleTimes(why) => write!(f, "the file's times are impossible: {why}"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.offset) {
            (Some(line), _) => write!(f, "line {line}: {}", self.kind),
            (None, Some(offset)) => write!(f, "byte {offset}: {}", self.kind),
            (None, None) => write!(f, "{}", self.kind),
        }
    }
}

impl std::error::Error for Error {}

/// This crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_snake_case_code() {
        let kinds = [
            ErrorKind::Empty,
            ErrorKind::UnknownFormat,
            ErrorKind::TooLarge { limit: 1 },
            ErrorKind::BadGzip(String::new()),
            ErrorKind::NestedGzip,
            ErrorKind::BadFitHeader(""),
            ErrorKind::Truncated {
                declared: 2,
                present: 1,
            },
            ErrorKind::CrcMismatch {
                stored: 1,
                computed: 2,
            },
            ErrorKind::TrailingData { bytes: 1 },
            ErrorKind::BadFitData(String::new()),
            ErrorKind::NotAnActivity(String::new()),
            ErrorKind::NoTimestamps,
            ErrorKind::Xml(String::new()),
            ErrorKind::XmlTooDeep { limit: 1 },
            ErrorKind::XmlTooManyAttributes { limit: 1 },
            ErrorKind::XmlDoctype,
            ErrorKind::XmlDeclarationNotAtStart,
            ErrorKind::WrongRoot {
                expected: "gpx",
                found: String::new(),
            },
            ErrorKind::BadValue {
                field: "x",
                value: String::new(),
            },
            ErrorKind::BadHrm(String::new()),
            ErrorKind::NotAPair(String::new()),
            ErrorKind::NoPositions,
            ErrorKind::TooManyActivities { count: 2, limit: 1 },
            ErrorKind::TooManySamples { limit: 1 },
            ErrorKind::SpanTooLong {
                days: 2,
                limit_days: 1,
            },
            ErrorKind::ImpossibleTimes(String::new()),
        ];
        let mut codes: Vec<&str> = kinds.iter().map(ErrorKind::code).collect();
        for code in &codes {
            assert!(
                !code.is_empty() && code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{code}"
            );
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), kinds.len(), "no two kinds share a code");
    }
}
