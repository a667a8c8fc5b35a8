//! Cycling Speed and Cadence Measurement (0x2A5B), Cycling Power Measurement (0x2A63), and the
//! revolution counters both carry.

use crate::{
    DecodeError,
    reader::{Reader, bit},
};

/// Cumulative wheel revolutions and the time of the last wheel event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WheelRevolutions {
    /// Revolutions since the last reset (wraps at 2^32).
    pub revolutions: u32,
    /// Time of the last event, in `1/time_unit` s (wraps at 2^16): 1/1024 s in CSC, 1/2048 s
    /// in cycling power.
    pub event_time: u16,
    /// Ticks per second of `event_time`.
    pub time_unit: u16,
}

/// Cumulative crank revolutions and the time of the last crank event (1/1024 s).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CrankRevolutions {
    /// Revolutions since the last reset (wraps at 2^16).
    pub revolutions: u16,
    /// Time of the last event in 1/1024 s (wraps at 2^16).
    pub event_time: u16,
}

/// Revolutions per second between two readings of a counter whose revolution count wraps at
/// `2^rev_bits` and whose event time (in `1/time_unit` s) wraps at 2^16. `None` when no new
/// event happened (the sensor repeats its last reading while the wheel or crank stands still)
/// or the gap is too long to be one span (more than one wrap of the event time).
pub fn rate(previous: (u32, u16), next: (u32, u16), rev_bits: u32, time_unit: u16) -> Option<f64> {
    let mask = if rev_bits >= 32 {
        u32::MAX
    } else {
        (1u32 << rev_bits) - 1
    };
    let revolutions = next.0.wrapping_sub(previous.0) & mask;
    let ticks = next.1.wrapping_sub(previous.1);
    if ticks == 0 || revolutions == 0 {
        return None;
    }
    Some(f64::from(revolutions) * f64::from(time_unit) / f64::from(ticks))
}

impl WheelRevolutions {
    /// Revolutions per second since `previous`, wrap-around included.
    pub fn rate_since(&self, previous: &Self) -> Option<f64> {
        rate(
            (previous.revolutions, previous.event_time),
            (self.revolutions, self.event_time),
            32,
            self.time_unit,
        )
    }
}

impl CrankRevolutions {
    /// Revolutions per minute since `previous`, wrap-around included.
    pub fn rpm_since(&self, previous: &Self) -> Option<f64> {
        rate(
            (u32::from(previous.revolutions), previous.event_time),
            (u32::from(self.revolutions), self.event_time),
            16,
            1024,
        )
        .map(|per_second| per_second * 60.0)
    }
}

/// One speed/cadence sensor notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CyclingSpeedCadence {
    /// Wheel data, when sent.
    pub wheel: Option<WheelRevolutions>,
    /// Crank data, when sent.
    pub crank: Option<CrankRevolutions>,
}

fn wheel(r: &mut Reader<'_>, time_unit: u16) -> Result<WheelRevolutions, DecodeError> {
    Ok(WheelRevolutions {
        revolutions: r.u32("cumulative wheel revolutions")?,
        event_time: r.u16("last wheel event time")?,
        time_unit,
    })
}

fn crank(r: &mut Reader<'_>) -> Result<CrankRevolutions, DecodeError> {
    Ok(CrankRevolutions {
        revolutions: r.u16("cumulative crank revolutions")?,
        event_time: r.u16("last crank event time")?,
    })
}

impl CyclingSpeedCadence {
    /// Decodes the payload.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(bytes);
        let flags = u16::from(r.u8("flags")?);
        let wheel = if bit(flags, 0) {
            Some(wheel(&mut r, 1024)?)
        } else {
            None
        };
        let crank = if bit(flags, 1) {
            Some(crank(&mut r)?)
        } else {
            None
        };
        r.finish()?;
        Ok(Self { wheel, crank })
    }
}

/// One power-meter notification.
#[derive(Debug, Clone, PartialEq)]
pub struct CyclingPower {
    /// Instantaneous power, W.
    pub watts: i16,
    /// Pedal power balance, % (1/2 % on the wire), when sent.
    pub balance_pct: Option<f64>,
    /// Whether the balance is the left pedal's share (else the reference is unknown).
    pub balance_is_left: bool,
    /// Accumulated torque, N·m (1/32 N·m), when sent.
    pub accumulated_torque_nm: Option<f64>,
    /// Wheel data (event time in 1/2048 s), when sent.
    pub wheel: Option<WheelRevolutions>,
    /// Crank data, when sent.
    pub crank: Option<CrankRevolutions>,
    /// Extreme force magnitudes, N (max, min), when sent.
    pub extreme_force_n: Option<(i16, i16)>,
    /// Extreme torque magnitudes, N·m (max, min), when sent.
    pub extreme_torque_nm: Option<(f64, f64)>,
    /// Extreme angles, degrees (max, min; 12 bits each), when sent.
    pub extreme_angles_deg: Option<(u16, u16)>,
    /// Top dead spot angle, degrees, when sent.
    pub top_dead_spot_deg: Option<u16>,
    /// Bottom dead spot angle, degrees, when sent.
    pub bottom_dead_spot_deg: Option<u16>,
    /// Accumulated energy, kJ, when sent.
    pub energy_kj: Option<u16>,
}

/// More than any rider: a garbled value (negative power is allowed: some meters report it
/// when back-pedalling).
const MAX_WATTS: i16 = 3000;

impl CyclingPower {
    /// Decodes the payload.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(bytes);
        let flags = r.u16("flags")?;
        let watts = r.i16("instantaneous power")?;
        if !(-MAX_WATTS..=MAX_WATTS).contains(&watts) {
            return Err(DecodeError::Impossible {
                field: "power (W)",
                value: i64::from(watts),
            });
        }
        let balance_pct = if bit(flags, 0) {
            let half_percent = r.u8("pedal power balance")?;
            if half_percent > 200 {
                return Err(DecodeError::Impossible {
                    field: "pedal power balance (1/2 %)",
                    value: i64::from(half_percent),
                });
            }
            Some(f64::from(half_percent) / 2.0)
        } else {
            None
        };
        let accumulated_torque_nm = if bit(flags, 2) {
            Some(f64::from(r.u16("accumulated torque")?) / 32.0)
        } else {
            None
        };
        let wheel = if bit(flags, 4) {
            Some(wheel(&mut r, 2048)?)
        } else {
            None
        };
        let crank = if bit(flags, 5) {
            Some(crank(&mut r)?)
        } else {
            None
        };
        let extreme_force_n = if bit(flags, 6) {
            Some((r.i16("maximum force")?, r.i16("minimum force")?))
        } else {
            None
        };
        let extreme_torque_nm = if bit(flags, 7) {
            let max = r.i16("maximum torque")?;
            let min = r.i16("minimum torque")?;
            Some((f64::from(max) / 32.0, f64::from(min) / 32.0))
        } else {
            None
        };
        let extreme_angles_deg = if bit(flags, 8) {
            let packed = r.u24("extreme angles")?;
            Some(((packed & 0xFFF) as u16, (packed >> 12) as u16))
        } else {
            None
        };
        let top_dead_spot_deg = if bit(flags, 9) {
            Some(r.u16("top dead spot angle")?)
        } else {
            None
        };
        let bottom_dead_spot_deg = if bit(flags, 10) {
            Some(r.u16("bottom dead spot angle")?)
        } else {
            None
        };
        let energy_kj = if bit(flags, 11) {
            Some(r.u16("accumulated energy")?)
        } else {
            None
        };
        r.finish()?;
        Ok(Self {
            watts,
            balance_pct,
            balance_is_left: bit(flags, 1),
            accumulated_torque_nm,
            wheel,
            crank,
            extreme_force_n,
            extreme_torque_nm,
            extreme_angles_deg,
            top_dead_spot_deg,
            bottom_dead_spot_deg,
            energy_kj,
        })
    }
}
