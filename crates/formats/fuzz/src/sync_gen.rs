//! A sync batch described by its parts: the clock pair, notifications of the characteristics
//! Laps decodes (or any text) with times near the clock and values as hex in the spellings
//! the API accepts. [`Batch::to_json`] writes the body a companion app would send.

use arbitrary::Arbitrary;
use serde_json::json;

/// A characteristic as a sender might spell it.
#[derive(Arbitrary, Debug, Clone)]
pub enum Characteristic {
    /// `2a37`
    HeartRate,
    /// `0x2A53`
    RunningSpeedCadence,
    /// `2A5B`
    CyclingSpeedCadence,
    /// The 128-bit UUID of 0x2A63.
    CyclingPower,
    /// Any text.
    Text(String),
}

impl Characteristic {
    fn text(&self) -> String {
        match self {
            Self::HeartRate => "2a37".into(),
            Self::RunningSpeedCadence => "0x2A53".into(),
            Self::CyclingSpeedCadence => "2A5B".into(),
            Self::CyclingPower => "00002a63-0000-1000-8000-00805f9b34fb".into(),
            Self::Text(text) => text.clone(),
        }
    }
}

/// How a value's bytes are written.
#[derive(Arbitrary, Debug, Clone)]
pub enum Spelling {
    /// `0a1b`
    Plain,
    /// `0A 1B`
    Spaced,
    /// `0a:1b`
    Colons,
    /// Any text instead.
    Text(String),
}

/// A device-clock time.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Time {
    /// That many ms after the clock pair's device time.
    After(u16),
    /// That many ms before it.
    Before(u16),
    /// Any time.
    Raw(i64),
}

/// One notification.
#[derive(Arbitrary, Debug, Clone)]
pub struct Notification {
    characteristic: Characteristic,
    t: Time,
    value: Vec<u8>,
    spelling: Spelling,
    sensor: Option<String>,
}

/// The clock pair.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Clock {
    /// A device clock since power-on and a UTC time of 2024 or later.
    Usual {
        /// Device clock, ms.
        device_ms: u32,
        /// Seconds after 2024-01-01.
        utc_s: u32,
    },
    /// Any pair.
    Raw(i64, i64),
}

/// A batch.
#[derive(Arbitrary, Debug, Clone)]
pub struct Batch {
    seq: i64,
    clock: Clock,
    sensor: Option<String>,
    notifications: Vec<Notification>,
    laps: Vec<Time>,
}

/// 2024-01-01, unix ms.
const Y2024_MS: i64 = 1_704_067_200_000;

impl Batch {
    /// The number of notifications the body carries.
    pub fn sent(&self) -> usize {
        self.notifications.len()
    }

    /// The JSON body.
    pub fn to_json(&self) -> Vec<u8> {
        let (device_ms, utc_ms) = match self.clock {
            Clock::Usual { device_ms, utc_s } => {
                (i64::from(device_ms), Y2024_MS + i64::from(utc_s) * 1000)
            }
            Clock::Raw(device, utc) => (device, utc),
        };
        let time = |t: Time| match t {
            Time::After(ms) => device_ms.saturating_add(i64::from(ms)),
            Time::Before(ms) => device_ms.saturating_sub(i64::from(ms)),
            Time::Raw(t) => t,
        };
        let notifications: Vec<_> = self
            .notifications
            .iter()
            .map(|n| {
                let hex: Vec<String> = n.value.iter().map(|b| format!("{b:02x}")).collect();
                let value = match &n.spelling {
                    Spelling::Plain => hex.concat(),
                    Spelling::Spaced => hex.join(" ").to_uppercase(),
                    Spelling::Colons => hex.join(":"),
                    Spelling::Text(text) => text.clone(),
                };
                let mut n = json!({ "characteristic": n.characteristic.text(), "t": time(n.t), "value": value, "sensor": n.sensor });
                if n["sensor"].is_null() {
                    n.as_object_mut().expect("an object").remove("sensor");
                }
                n
            })
            .collect();
        let laps: Vec<i64> = self.laps.iter().map(|&t| time(t)).collect();
        serde_json::to_vec(&json!({
            "seq": self.seq,
            "clock": { "device_ms": device_ms, "utc_ms": utc_ms },
            "sensor": self.sensor,
            "notifications": notifications,
            "laps": laps,
        }))
        .expect("JSON of plain values")
    }
}
