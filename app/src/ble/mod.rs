//! Live recording with Web Bluetooth: what the Record page's island keeps while it records,
//! and (browser side) the calls into `navigator.bluetooth`.
//!
//! Notifications are decoded with the `gatt` crate, the same code the server's sync API uses,
//! and saved through that API: the browser is one more sync agent.

#[cfg(feature = "hydrate")]
pub mod web;

use gatt::{Characteristic, Measurement};

/// A sensor the page can connect, with the GATT names Web Bluetooth knows it by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SensorKind {
    /// Heart-rate strap.
    HeartRate,
    /// Running footpod.
    Footpod,
    /// Bike speed/cadence sensor.
    SpeedCadence,
    /// Power meter.
    Power,
}

impl SensorKind {
    /// Every kind, in the page's order.
    pub const ALL: [Self; 4] = [
        Self::HeartRate,
        Self::Footpod,
        Self::SpeedCadence,
        Self::Power,
    ];

    /// The button's words.
    pub fn label(self) -> &'static str {
        match self {
            Self::HeartRate => "heart-rate strap",
            Self::Footpod => "footpod",
            Self::SpeedCadence => "speed/cadence sensor",
            Self::Power => "power meter",
        }
    }

    /// Web Bluetooth's service name.
    pub fn service(self) -> &'static str {
        match self {
            Self::HeartRate => "heart_rate",
            Self::Footpod => "running_speed_and_cadence",
            Self::SpeedCadence => "cycling_speed_and_cadence",
            Self::Power => "cycling_power",
        }
    }

    /// The characteristic it notifies.
    pub fn characteristic(self) -> Characteristic {
        match self {
            Self::HeartRate => Characteristic::HeartRate,
            Self::Footpod => Characteristic::RunningSpeedCadence,
            Self::SpeedCadence => Characteristic::CyclingSpeedCadence,
            Self::Power => Characteristic::CyclingPower,
        }
    }
}

/// One notification as recorded: which sensor, when (unix ms), the bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// The sensor kind.
    pub kind: SensorKind,
    /// Unix ms.
    pub at_ms: i64,
    /// As received.
    pub bytes: Vec<u8>,
}

/// What the page shows live.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Live {
    /// Heart rate, bpm.
    pub bpm: Option<u16>,
    /// RMSSD of the last 30 RR intervals, ms (a common HRV figure).
    pub rmssd_ms: Option<f64>,
    /// Running speed, m/s.
    pub speed_mps: Option<f64>,
    /// Power, W.
    pub watts: Option<i16>,
}

/// The recording so far.
#[derive(Debug, Default)]
pub struct Recorder {
    /// Every notification kept (none while paused).
    pub notifications: Vec<Recorded>,
    /// Lap presses, unix ms.
    pub laps_ms: Vec<i64>,
    /// The last RR intervals, ms.
    rr: Vec<f64>,
    /// Live figures.
    pub live: Live,
}

impl Recorder {
    /// Takes a notification: the live figures follow it whether or not the recording runs;
    /// it is kept only while recording. Malformed ones are dropped (the server would refuse
    /// them too).
    pub fn take(&mut self, kind: SensorKind, at_ms: i64, bytes: Vec<u8>, recording: bool) {
        let Ok(m) = gatt::decode(kind.characteristic(), &bytes) else {
            return;
        };
        match m {
            Measurement::HeartRate(hr) => {
                self.live.bpm = Some(hr.bpm);
                self.rr.extend(hr.rr_ms());
                let excess = self.rr.len().saturating_sub(30);
                self.rr.drain(..excess);
                self.live.rmssd_ms = rmssd(&self.rr);
            }
            Measurement::RunningSpeedCadence(r) => self.live.speed_mps = Some(r.speed_mps),
            Measurement::CyclingPower(p) => self.live.watts = Some(p.watts),
            Measurement::CyclingSpeedCadence(_) => {}
        }
        if recording {
            self.notifications.push(Recorded { kind, at_ms, bytes });
        }
    }
}

/// The recording as sync-API batch bodies (JSON), 600 notifications each, in order. The
/// browser's clock is UTC already, so the sync clock pair is (now, now).
pub fn sync_batches(r: &Recorder) -> Vec<String> {
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    let chunks: Vec<&[Recorded]> = r.notifications.chunks(600).collect();
    let mut out = Vec::with_capacity(chunks.len().max(1));
    for (seq, chunk) in chunks.iter().enumerate() {
        let notifications: Vec<serde_json::Value> = chunk
            .iter()
            .map(|n| {
                serde_json::json!({
                    "characteristic": format!("{:04x}", n.kind.characteristic().assigned_number()),
                    "t": n.at_ms,
                    "value": hex(&n.bytes),
                    "sensor": n.kind.service(),
                })
            })
            .collect();
        let laps: &[i64] = if seq == 0 { &r.laps_ms } else { &[] };
        out.push(serde_json::json!({ "seq": seq, "clock": { "device_ms": 0, "utc_ms": 0 }, "notifications": notifications, "laps": laps }).to_string());
    }
    out
}

/// Root mean square of successive differences.
pub fn rmssd(rr: &[f64]) -> Option<f64> {
    if rr.len() < 3 {
        return None;
    }
    let diffs: Vec<f64> = rr.windows(2).map(|w| w[1] - w[0]).collect();
    Some((diffs.iter().map(|d| d * d).sum::<f64>() / diffs.len() as f64).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_figures_follow_notifications_and_only_recording_keeps_them() {
        let mut r = Recorder::default();
        r.take(SensorKind::HeartRate, 0, vec![0x16, 60, 0x00, 0x04], false);
        assert_eq!(r.live.bpm, Some(60));
        assert!(r.notifications.is_empty(), "not recording yet");
        for (i, rr) in [1000u16, 1100, 900, 1000].iter().enumerate() {
            let mut bytes = vec![0x16, 61];
            bytes.extend(((f64::from(*rr) * 1.024).round() as u16).to_le_bytes());
            r.take(SensorKind::HeartRate, i as i64 * 1000, bytes, true);
        }
        assert_eq!(r.notifications.len(), 4);
        assert!(r.live.rmssd_ms.unwrap() > 100.0);
        r.take(SensorKind::HeartRate, 9000, vec![0x10, 60], true);
        assert_eq!(r.notifications.len(), 4, "malformed: dropped");
        r.take(SensorKind::Power, 9000, vec![0, 0, 250, 0], true);
        assert_eq!(r.live.watts, Some(250));
    }
}
