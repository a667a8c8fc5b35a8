//! Bluetooth Smart (BLE) sensor notifications, decoded per the Bluetooth SIG GATT
//! specifications: Heart Rate Measurement (0x2A37), Running Speed and Cadence Measurement
//! (0x2A53), Cycling Speed and Cadence Measurement (0x2A5B) and Cycling Power Measurement
//! (0x2A63).
//!
//! One module for both sides: the server decodes what companion apps sync, and the browser's
//! WebAssembly decodes what Web Bluetooth delivers, with the same code. No dependencies, no
//! allocation beyond the RR list, and no byte string can make it panic (property-tested):
//! malformed notifications are [`DecodeError`]s that say what was wrong.
//!
//! ```
//! use gatt::{Characteristic, Measurement, decode};
//!
//! // Flags 0x16: 8-bit heart rate, contact detected, RR intervals present.
//! let m = decode(Characteristic::HeartRate, &[0x16, 72, 0x00, 0x04]).unwrap();
//! let Measurement::HeartRate(hr) = m else { unreachable!() };
//! assert_eq!((hr.bpm, hr.rr_ms()), (72, vec![1000.0]));
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod cycling;
mod heart_rate;
mod reader;
mod running;

pub use cycling::{CrankRevolutions, CyclingPower, CyclingSpeedCadence, WheelRevolutions, rate};
pub use heart_rate::{Contact, HeartRate};
pub use running::RunningSpeedCadence;

/// The characteristics Laps decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Characteristic {
    /// Heart Rate Measurement, 0x2A37.
    HeartRate,
    /// Running Speed and Cadence Measurement, 0x2A53.
    RunningSpeedCadence,
    /// Cycling Speed and Cadence Measurement, 0x2A5B.
    CyclingSpeedCadence,
    /// Cycling Power Measurement, 0x2A63.
    CyclingPower,
}

/// The Bluetooth base UUID's tail: a 16-bit assigned number `xxxx` stands for
/// `0000xxxx-0000-1000-8000-00805f9b34fb`.
const BASE_UUID_TAIL: &str = "-0000-1000-8000-00805f9b34fb";

impl Characteristic {
    /// Every decoded characteristic.
    pub const ALL: [Self; 4] = [
        Self::HeartRate,
        Self::RunningSpeedCadence,
        Self::CyclingSpeedCadence,
        Self::CyclingPower,
    ];

    /// The 16-bit assigned number.
    pub fn assigned_number(self) -> u16 {
        match self {
            Self::HeartRate => 0x2A37,
            Self::RunningSpeedCadence => 0x2A53,
            Self::CyclingSpeedCadence => 0x2A5B,
            Self::CyclingPower => 0x2A63,
        }
    }

    /// The service it belongs to (0x180D heart rate, 0x1814 RSC, 0x1816 CSC, 0x1818 power).
    pub fn service(self) -> u16 {
        match self {
            Self::HeartRate => 0x180D,
            Self::RunningSpeedCadence => 0x1814,
            Self::CyclingSpeedCadence => 0x1816,
            Self::CyclingPower => 0x1818,
        }
    }

    /// The full 128-bit UUID, lower case, as Web Bluetooth and most stacks print it.
    pub fn uuid(self) -> String {
        format!("0000{:04x}{BASE_UUID_TAIL}", self.assigned_number())
    }

    /// Reads `2a37`, `0x2A37` or the full 128-bit form.
    pub fn parse(text: &str) -> Option<Self> {
        let lower = text.trim().to_ascii_lowercase();
        let short = lower.strip_prefix("0x").unwrap_or(&lower);
        let short = match short.strip_suffix(BASE_UUID_TAIL) {
            Some(head) => head.strip_prefix("0000")?,
            None => short,
        };
        let number = u16::from_str_radix(short, 16)
            .ok()
            .filter(|_| short.len() == 4)?;
        Self::ALL
            .into_iter()
            .find(|c| c.assigned_number() == number)
    }
}

/// One decoded notification.
#[derive(Debug, Clone, PartialEq)]
pub enum Measurement {
    /// 0x2A37.
    HeartRate(HeartRate),
    /// 0x2A53.
    RunningSpeedCadence(RunningSpeedCadence),
    /// 0x2A5B.
    CyclingSpeedCadence(CyclingSpeedCadence),
    /// 0x2A63.
    CyclingPower(CyclingPower),
}

/// Why a notification was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The payload ends before a field its flags promise.
    Short {
        /// The field that is missing.
        field: &'static str,
        /// Bytes needed up to the end of that field.
        needed: usize,
        /// Bytes there are.
        got: usize,
    },
    /// Bytes left over that no flag accounts for (or half an RR interval).
    Trailing {
        /// How many.
        bytes: usize,
    },
    /// A value no sensor can measure.
    Impossible {
        /// The field.
        field: &'static str,
        /// What it held.
        value: i64,
    },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Short { field, needed, got } => write!(
                f,
                "too short: the flags promise {field}, which needs {needed} bytes, but there are {got}"
            ),
            Self::Trailing { bytes } => {
                write!(f, "{bytes} bytes left over that no flag accounts for")
            }
            Self::Impossible { field, value } => write!(f, "impossible {field}: {value}"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes one notification of `characteristic`.
pub fn decode(characteristic: Characteristic, bytes: &[u8]) -> Result<Measurement, DecodeError> {
    Ok(match characteristic {
        Characteristic::HeartRate => Measurement::HeartRate(HeartRate::decode(bytes)?),
        Characteristic::RunningSpeedCadence => {
            Measurement::RunningSpeedCadence(RunningSpeedCadence::decode(bytes)?)
        }
        Characteristic::CyclingSpeedCadence => {
            Measurement::CyclingSpeedCadence(CyclingSpeedCadence::decode(bytes)?)
        }
        Characteristic::CyclingPower => Measurement::CyclingPower(CyclingPower::decode(bytes)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_in_every_spelling() {
        for c in Characteristic::ALL {
            assert_eq!(Characteristic::parse(&c.uuid()), Some(c));
            assert_eq!(
                Characteristic::parse(&format!("0x{:04X}", c.assigned_number())),
                Some(c)
            );
        }
        assert_eq!(
            Characteristic::parse("2a37"),
            Some(Characteristic::HeartRate)
        );
        assert_eq!(
            Characteristic::HeartRate.uuid(),
            "00002a37-0000-1000-8000-00805f9b34fb"
        );
        assert_eq!(
            Characteristic::parse("2a38"),
            None,
            "body sensor location is not decoded"
        );
        assert_eq!(Characteristic::parse("12a37"), None);
        assert_eq!(
            Characteristic::parse("00002a37-0000-1000-8000-00805f9b34fc"),
            None
        );
    }
}
