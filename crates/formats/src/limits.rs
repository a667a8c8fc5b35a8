//! Every limit of the readers in one place: what bounds the memory and time a hostile file can
//! cost, and the ranges outside which a value cannot be a measurement. The defaults are meant
//! for a server that takes files from anyone; each is documented with why it is what it is.

use crate::TimestampExt as _;
use std::time::Duration;

use crate::Timestamp;

/// How to read: limits that keep hostile input from costing unbounded memory or time, the
/// ranges a value must lie in to be believed, and what the file cannot say itself.
///
/// | limit | default | when exceeded |
/// |---|---|---|
/// | [`max_bytes`](Self::max_bytes) | 256 MiB | refused ([`TooLarge`](crate::ErrorKind::TooLarge)) |
/// | gzip layers | 1 (fixed) | refused ([`NestedGzip`](crate::ErrorKind::NestedGzip)) |
/// | [`max_xml_depth`](Self::max_xml_depth) | 64 | refused ([`XmlTooDeep`](crate::ErrorKind::XmlTooDeep)) |
/// | [`max_xml_attributes`](Self::max_xml_attributes) | 256 per element | refused ([`XmlTooManyAttributes`](crate::ErrorKind::XmlTooManyAttributes)) |
/// | [`max_activities`](Self::max_activities) | 100 per file | refused ([`TooManyActivities`](crate::ErrorKind::TooManyActivities)) |
/// | [`max_samples`](Self::max_samples) | 1,000,000 per workout | refused ([`TooManySamples`](crate::ErrorKind::TooManySamples)) |
/// | [`max_span`](Self::max_span) | 42 days per workout | refused ([`SpanTooLong`](crate::ErrorKind::SpanTooLong)) |
/// | [`ranges`](Self::ranges) | see [`Ranges`] | the value is dropped, with a warning |
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Largest input, bytes, after decompression.
    pub max_bytes: u64,
    /// Deepest XML nesting.
    pub max_xml_depth: usize,
    /// Most attributes on one XML element. Workout files carry a handful (the root's namespace
    /// declarations are the most, about ten); the cap keeps an element with tens of thousands
    /// of them from costing seconds of CPU.
    pub max_xml_attributes: usize,
    /// Most activities (workouts) in one file. A TCX file may hold several; real ones hold a
    /// few (a multisport day, a week exported at once). Each becomes a workout of its own, so a
    /// small compressed file could otherwise become thousands of them.
    pub max_activities: usize,
    /// Most samples in one workout. A day-long ride at one sample a second has 86,400; a
    /// month-long expedition recorded every few seconds stays under a million. The FIT reader
    /// stops storing samples past the limit, so a hostile file costs no more than this.
    pub max_samples: usize,
    /// Longest span of time one workout may cover (from its first to its last time). The
    /// longest real recordings are multi-week expeditions (the test corpus holds one of 30
    /// days); six weeks leaves margin while bounding whatever is computed per unit of time. A
    /// gap longer than this between the times of one file also cannot be inside one workout:
    /// the smaller side is dropped as wrong (see [`crate::sanitize`]).
    pub max_span: Duration,
    /// The ranges a measured value must lie in.
    pub ranges: Ranges,
    /// The UTC offset, minutes east, to read local wall-clock times in (Polar HRM records
    /// local time only).
    pub local_utc_offset_minutes: i32,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            max_bytes: 256 * 1024 * 1024,
            max_xml_depth: 64,
            max_xml_attributes: 256,
            max_activities: 100,
            max_samples: 1_000_000,
            max_span: Duration::from_secs(42 * 86_400),
            ranges: Ranges::default(),
            local_utc_offset_minutes: 0,
        }
    }
}

impl Options {
    /// [`max_span`](Self::max_span) in milliseconds (saturating).
    pub fn max_span_ms(&self) -> i64 {
        i64::try_from(self.max_span.as_millis()).unwrap_or(i64::MAX)
    }
}

/// A closed interval of believable values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    /// The least believable value.
    pub min: f64,
    /// The greatest believable value.
    pub max: f64,
}

impl Bounds {
    /// The values from `min` to `max`, both included.
    pub const fn new(min: f64, max: f64) -> Self {
        Self { min, max }
    }

    /// Whether `value` lies in the interval (never for NaN or an infinity).
    pub fn contains(self, value: f64) -> bool {
        value.is_finite() && value >= self.min && value <= self.max
    }
}

/// The ranges outside which a value is not a measurement but a broken device, a writer's
/// unit mistake or a hostile file. Each is wider than any athlete reaches, and wide enough
/// that every file of the test corpus keeps its values (the comments say which file set the
/// bound where one did). Samples and totals outside them are dropped (set to missing, never
/// clamped) with one warning per stream; times outside `earliest..=latest` are impossible.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranges {
    /// Heart rate, beats per minute, of samples and lap/session averages and maxima.
    pub heart_rate: Bounds,
    /// Cadence, per minute.
    pub cadence: Bounds,
    /// Power, watts.
    pub power: Bounds,
    /// Speed, metres per second; also the fastest a cumulative distance may grow.
    pub speed: Bounds,
    /// Altitude, metres.
    pub altitude: Bounds,
    /// Temperature, degrees Celsius.
    pub temperature: Bounds,
    /// Distance, metres: cumulative samples and lap/session totals.
    pub distance: Bounds,
    /// Energy of a lap or session, kilocalories.
    pub calories: Bounds,
    /// The earliest believable time.
    pub earliest: Timestamp,
    /// The latest believable time.
    pub latest: Timestamp,
}

impl Default for Ranges {
    fn default() -> Self {
        Self {
            // 0 and 1 are what many straps send without skin contact (several real files carry
            // them), so they stay as recorded. The highest heart rate measured in exercise is
            // about 220; 255 is the top of FIT's byte, and Garmin's own SDK sample file goes to
            // 254, which the reader must decode as the SDK does.
            heart_rate: Bounds::new(0.0, 255.0),
            // Cycling cadence tops out near 200 rpm; a sprinter's steps near 300 a minute
            // (some GPX writers give steps, not strides).
            cadence: Bounds::new(0.0, 300.0),
            // Track sprinters peak near 2,500 W; power meters glitch to 65,535 W.
            power: Bounds::new(0.0, 3_000.0),
            // The speed-skiing record is 70 m/s and downhill bikes reach about 47 m/s; 100 m/s
            // (360 km/h) leaves margin. A rowing file whose writer scaled speed twice (4,758
            // m/s) is what this drops.
            speed: Bounds::new(0.0, 100.0),
            // The Dead Sea shore is at -430 m and FIT's encoding bottoms out at -500 m; Everest
            // is 8,849 m high.
            altitude: Bounds::new(-500.0, 9_000.0),
            // The coldest inhabited places reach -68 °C; a device in the sun 70 °C.
            temperature: Bounds::new(-70.0, 70.0),
            // More than once around the Earth: no single workout covers more, and views that
            // build one split per kilometre stay bounded.
            distance: Bounds::new(0.0, 50_000_000.0),
            // A six-week expedition at 2,500 kcal a day is about 100,000 kcal.
            calories: Bounds::new(0.0, 100_000.0),
            // The FIT epoch (1989-12-31): no device recorded workouts earlier, and FIT devices
            // without a clock count from it.
            earliest: Timestamp::from_fit(0),
            // 2100-01-01: far enough for any clock, early enough to catch 32-bit garbage.
            latest: Timestamp::from_unix_s(4_102_444_800),
        }
    }
}
