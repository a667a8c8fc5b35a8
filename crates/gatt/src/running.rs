//! Running Speed and Cadence Measurement (0x2A53).

use crate::{
    DecodeError,
    reader::{Reader, bit},
};

/// One footpod notification.
#[derive(Debug, Clone, PartialEq)]
pub struct RunningSpeedCadence {
    /// Instantaneous speed, m/s (1/256 m/s on the wire).
    pub speed_mps: f64,
    /// Instantaneous cadence, steps per minute.
    pub cadence_spm: u8,
    /// Instantaneous stride length, m (1/100 m), when sent.
    pub stride_m: Option<f64>,
    /// Total distance since the last reset, m (1/10 m), when sent.
    pub total_distance_m: Option<f64>,
    /// Running (true) or walking.
    pub running: bool,
}

/// 20 m/s is faster than any runner: a garbled value.
const MAX_SPEED_256: u16 = 20 * 256;

impl RunningSpeedCadence {
    /// Decodes the payload.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(bytes);
        let flags = u16::from(r.u8("flags")?);
        let speed = r.u16("instantaneous speed")?;
        if speed > MAX_SPEED_256 {
            return Err(DecodeError::Impossible {
                field: "running speed (1/256 m/s)",
                value: i64::from(speed),
            });
        }
        let cadence_spm = r.u8("instantaneous cadence")?;
        let stride_m = if bit(flags, 0) {
            Some(f64::from(r.u16("instantaneous stride length")?) / 100.0)
        } else {
            None
        };
        let total_distance_m = if bit(flags, 1) {
            Some(f64::from(r.u32("total distance")?) / 10.0)
        } else {
            None
        };
        r.finish()?;
        Ok(Self {
            speed_mps: f64::from(speed) / 256.0,
            cadence_spm,
            stride_m,
            total_distance_m,
            running: bit(flags, 2),
        })
    }
}
