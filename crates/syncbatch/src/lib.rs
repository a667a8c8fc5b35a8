//! The body of a sync batch, `POST /api/v1/sync/sessions/{id}/batches`, parsed and checked
//! without the server: the clock pair, the limits, and each raw GATT notification decoded with
//! [`gatt`] and put on the UTC clock. Malformed notifications are named, never stored.
//!
//! It is its own crate (rather than a feature of `gatt` or a module of `workouts`) so that the
//! GATT decoder stays free of dependencies for the browser, and the fuzz target for the batch
//! decoder builds without sqlx. The server keeps what needs the database: the session, its
//! notification total, storing (the store owns the stored form).
//!
//! ```
//! let now_ms = 1_800_000_000_000;
//! let body = br#"{"seq": 0, "clock": {"device_ms": 1000, "utc_ms": 1700000000000},
//!   "notifications": [{"characteristic": "2a37", "t": 2000, "value": "00 48"},
//!                     {"characteristic": "2a37", "t": 3000, "value": "zz"}]}"#;
//! let batch = syncbatch::decode_batch(body, now_ms).unwrap();
//! assert_eq!(batch.stored.notifications[0].at_ms, 1_700_000_001_000);
//! assert_eq!(batch.malformed.len(), 1);
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use serde::{Deserialize, Serialize};

/// Most notifications one batch may carry.
pub const MAX_NOTIFICATIONS: usize = 20_000;
/// Longest notification value, bytes (an ATT payload is at most 512 bytes).
pub const MAX_VALUE_BYTES: usize = 512;
/// 2000-01-01 in unix milliseconds: no sensor of a synced session recorded earlier.
const Y2000_MS: i64 = 946_684_800_000;

/// A pair of readings of the device clock and UTC taken at one instant (when the batch was
/// sent), which puts the device-clock times of the batch on UTC.
#[derive(Debug, Clone, Copy, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Clock {
    /// The device clock, ms.
    pub device_ms: i64,
    /// UTC, unix ms.
    pub utc_ms: i64,
}

/// One notification as sent.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RawNotification {
    /// The characteristic: `2a37`, `0x2A37` or the 128-bit UUID.
    pub characteristic: String,
    /// Device-clock time, ms.
    pub t: i64,
    /// The bytes as received, hex (spaces, `:` and `-` between bytes are allowed).
    pub value: String,
    /// The sensor, when it is not the batch's.
    pub sensor: Option<String>,
}

/// A batch as sent.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchBody {
    /// The batch's sequence number in its session (0, 1, ...).
    pub seq: i64,
    /// The clock pair of the batch.
    pub clock: Clock,
    /// The sensor of notifications that name none.
    #[serde(default)]
    pub sensor: Option<String>,
    /// The notifications.
    #[serde(default)]
    pub notifications: Vec<RawNotification>,
    /// Device-clock times where the athlete pressed lap.
    #[serde(default)]
    pub laps: Vec<i64>,
}

/// What is stored of a batch: decodable notifications on the UTC clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredBatch {
    /// The notifications that decode, with a plausible UTC time.
    pub notifications: Vec<StoredNotification>,
    /// Lap presses at plausible UTC times, ms.
    pub laps_ms: Vec<i64>,
}

/// One stored notification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredNotification {
    /// The sensor it came from.
    pub sensor: String,
    /// The characteristic's assigned number, four lower-case hex digits.
    pub characteristic: String,
    /// UTC, unix ms.
    pub at_ms: i64,
    /// The bytes, hex as sent (lower case).
    pub value: String,
}

/// A notification that was not stored, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    /// Its index in the batch.
    pub index: usize,
    /// Why, for the sender.
    pub error: String,
}

/// A checked, decoded batch.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedBatch {
    /// The batch's sequence number.
    pub seq: i64,
    /// What is to be stored.
    pub stored: StoredBatch,
    /// The notifications refused, in order.
    pub malformed: Vec<Malformed>,
}

/// Why a whole batch is refused. The messages are the API's answers.
#[derive(Debug)]
pub enum BatchError {
    /// The body is not the JSON of a batch.
    Json(serde_json::Error),
    /// A negative sequence number, or more than [`MAX_NOTIFICATIONS`].
    Limits,
    /// `utc_ms - device_ms` does not fit in 64 bits.
    ClockApart,
    /// `clock.utc_ms` is not a time from 2000 to a day from now.
    ClockImplausible,
}

impl std::fmt::Display for BatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Json(e) => write!(f, "the body is not a batch: {e}"),
            Self::Limits => write!(
                f,
                "seq must be 0 or more and a batch may carry at most {MAX_NOTIFICATIONS} notifications."
            ),
            Self::ClockApart => {
                f.write_str("clock: device_ms and utc_ms are too far apart to be one instant.")
            }
            Self::ClockImplausible => f.write_str(
                "clock.utc_ms is not a plausible time (unix milliseconds, from 2000 to now).",
            ),
        }
    }
}

impl std::error::Error for BatchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Json(e) => Some(e),
            _ => None,
        }
    }
}

/// Parses, checks and decodes a batch body: [`BatchBody::check`] then [`BatchBody::decode`].
/// `now_ms` is the current UTC time (unix ms), which bounds plausible times.
pub fn decode_batch(body: &[u8], now_ms: i64) -> Result<DecodedBatch, BatchError> {
    let body: BatchBody = serde_json::from_slice(body).map_err(BatchError::Json)?;
    let offset = body.check(now_ms)?;
    Ok(body.decode(offset, now_ms))
}

impl BatchBody {
    /// Checks what refuses the whole batch; answers the offset from the device clock to UTC.
    pub fn check(&self, now_ms: i64) -> Result<i64, BatchError> {
        if self.seq < 0 || self.notifications.len() > MAX_NOTIFICATIONS {
            return Err(BatchError::Limits);
        }
        // Untrusted numbers: a clock pair far apart must not wrap (release builds) or panic.
        let offset = self
            .clock
            .utc_ms
            .checked_sub(self.clock.device_ms)
            .ok_or(BatchError::ClockApart)?;
        if !plausible(self.clock.utc_ms, now_ms) {
            return Err(BatchError::ClockImplausible);
        }
        Ok(offset)
    }

    /// Decodes every notification and lap press, with `offset` from [`check`](Self::check):
    /// what decodes at a plausible time is stored, the rest is named in
    /// [`DecodedBatch::malformed`].
    pub fn decode(&self, offset: i64, now_ms: i64) -> DecodedBatch {
        let default_sensor = self.sensor.as_deref().unwrap_or("sensor");
        let mut notifications = Vec::with_capacity(self.notifications.len());
        let mut malformed = Vec::new();
        for (index, n) in self.notifications.iter().enumerate() {
            match decode_one(n, offset, now_ms) {
                Ok((characteristic, at_ms)) => notifications.push(StoredNotification {
                    sensor: n
                        .sensor
                        .clone()
                        .unwrap_or_else(|| default_sensor.to_owned()),
                    characteristic: format!("{:04x}", characteristic.assigned_number()),
                    at_ms,
                    value: n.value.to_ascii_lowercase(),
                }),
                Err(error) => malformed.push(Malformed { index, error }),
            }
        }
        let laps_ms = self
            .laps
            .iter()
            .filter_map(|t| t.checked_add(offset).filter(|&t| plausible(t, now_ms)))
            .collect();
        DecodedBatch {
            seq: self.seq,
            stored: StoredBatch {
                notifications,
                laps_ms,
            },
            malformed,
        }
    }
}

/// One notification's characteristic and UTC time, or why it is refused.
fn decode_one(
    n: &RawNotification,
    offset: i64,
    now_ms: i64,
) -> Result<(gatt::Characteristic, i64), String> {
    let characteristic = gatt::Characteristic::parse(&n.characteristic).ok_or_else(|| {
        format!(
            "characteristic {:?} is not one Laps decodes (2a37, 2a53, 2a5b, 2a63)",
            n.characteristic
        )
    })?;
    let bytes = hex(&n.value).ok_or_else(|| "value is not hex bytes".to_owned())?;
    gatt::decode(characteristic, &bytes).map_err(|e| e.to_string())?;
    let at_ms =
        n.t.checked_add(offset)
            .filter(|&t| plausible(t, now_ms))
            .ok_or_else(|| {
                format!(
                    "t {} on the device clock is not a plausible time once put on UTC",
                    n.t
                )
            })?;
    Ok((characteristic, at_ms))
}

/// The bytes of a hex string (spaces, `:` and `-` between digits ignored), at most
/// [`MAX_VALUE_BYTES`] of them; `None` if it is not that.
pub fn hex(text: &str) -> Option<Vec<u8>> {
    let clean: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | ':' | '-'))
        .collect();
    if !clean.len().is_multiple_of(2) || clean.len() > 2 * MAX_VALUE_BYTES {
        return None;
    }
    (0..clean.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(clean.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Whether a UTC instant (unix ms) can be a time a sensor recorded: from 2000 to a day after
/// `now_ms` (a device clock a little ahead is forgiven; decades off is a broken clock).
pub fn plausible(utc_ms: i64, now_ms: i64) -> bool {
    (Y2000_MS..=now_ms.saturating_add(86_400_000)).contains(&utc_ms)
}
