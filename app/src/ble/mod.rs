//! Live recording with Web Bluetooth: what the Record page's island keeps while it records,
//! and (browser side) the calls into `navigator.bluetooth`, IndexedDB and the screen wake lock.
//!
//! Notifications are decoded with the `gatt` crate, the same code the server's sync API uses,
//! and sent through that API as they are recorded: the browser is one more sync agent. Every
//! few seconds what was recorded is cut into a numbered batch ([`Recorder::cut`]), kept on the
//! device until the server has it ([`outbox`]), so a reload, a crash or a lost network loses
//! at most the last few seconds; the server ignores a batch sent twice.

#[cfg(feature = "hydrate")]
pub mod outbox;
#[cfg(feature = "hydrate")]
pub mod screen;
#[cfg(feature = "hydrate")]
mod store;
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

    /// What the page calls it, in the page's language.
    pub fn label(self) -> String {
        match self {
            Self::HeartRate => t!("record-sensor-heart-rate"),
            Self::Footpod => t!("record-sensor-footpod"),
            Self::SpeedCadence => t!("record-sensor-speed-cadence"),
            Self::Power => t!("record-sensor-power"),
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

/// Most notifications one batch carries: a few seconds of every sensor, far below the sync
/// API's own limit.
pub const BATCH_MAX: usize = 600;

/// The recording since the last cut into batches.
#[derive(Debug, Default)]
pub struct Recorder {
    /// Notifications kept since the last cut (none while paused).
    pub pending: Vec<Recorded>,
    /// Lap presses since the last cut, unix ms.
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
            self.pending.push(Recorded { kind, at_ms, bytes });
        }
    }

    /// Cuts what was recorded since the last cut into sync-API batches of at most
    /// [`BATCH_MAX`] notifications, numbered on from the session's next sequence number (which
    /// moves on), stamped with the cut's time `now_ms`. Nothing recorded: no batch.
    pub fn cut(&mut self, session: &mut OpenSession, now_ms: i64) -> Vec<Batch> {
        let notifications = std::mem::take(&mut self.pending);
        let mut laps = std::mem::take(&mut self.laps_ms);
        let mut out = Vec::new();
        let mut chunks = notifications.chunks(BATCH_MAX).peekable();
        if chunks.peek().is_none() && !laps.is_empty() {
            // A lap pressed while no sensor spoke still marks the ride.
            out.push(Batch::new(session.take_seq(), &[], &laps, now_ms));
        }
        for chunk in chunks {
            let laps = std::mem::take(&mut laps);
            out.push(Batch::new(session.take_seq(), chunk, &laps, now_ms));
        }
        out
    }
}

/// The open recording as the device keeps it between page loads (the browser's IndexedDB):
/// enough to carry on after a reload or a crash, or to finish it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenSession {
    /// The sync API's session, once the server has opened it.
    pub server_id: Option<i64>,
    /// The sport it was opened with.
    pub sport: String,
    /// The next batch's sequence number (every number below it was cut).
    pub next_seq: i64,
    /// What the clock showed at the last cut, seconds.
    pub elapsed_s: i64,
    /// Laps pressed so far.
    pub laps: usize,
    /// When recording started, unix ms.
    pub started_ms: i64,
}

impl OpenSession {
    /// A session about to start: nothing cut, not yet known to the server.
    pub fn new(sport: &str, started_ms: i64) -> Self {
        Self {
            server_id: None,
            sport: sport.to_owned(),
            next_seq: 0,
            elapsed_s: 0,
            laps: 0,
            started_ms,
        }
    }

    fn take_seq(&mut self) -> i64 {
        self.next_seq += 1;
        self.next_seq - 1
    }
}

/// One batch for the sync API: its sequence number and its body (JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    /// Its sequence number in the session.
    pub seq: i64,
    /// `POST /api/v1/sync/sessions/{id}/batches`'s body.
    pub body: String,
}

impl Batch {
    /// The browser's clock is UTC already: the sync clock pair is (now, now), and the server
    /// leaves the times as they are.
    fn new(seq: i64, notifications: &[Recorded], laps_ms: &[i64], now_ms: i64) -> Self {
        let notifications: Vec<serde_json::Value> = notifications
            .iter()
            .map(|n| {
                serde_json::json!({
                    "characteristic": format!("{:04x}", n.kind.characteristic().assigned_number()),
                    "t": n.at_ms,
                    "value": domain::hex(&n.bytes),
                    "sensor": n.kind.service(),
                })
            })
            .collect();
        let body = serde_json::json!({
            "seq": seq,
            "clock": { "device_ms": now_ms, "utc_ms": now_ms },
            "notifications": notifications,
            "laps": laps_ms,
        });
        Self {
            seq,
            body: body.to_string(),
        }
    }
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
        assert!(r.pending.is_empty(), "not recording yet");
        for (i, rr) in [1000u16, 1100, 900, 1000].iter().enumerate() {
            let mut bytes = vec![0x16, 61];
            bytes.extend(((f64::from(*rr) * 1.024).round() as u16).to_le_bytes());
            r.take(SensorKind::HeartRate, i as i64 * 1000, bytes, true);
        }
        assert_eq!(r.pending.len(), 4);
        assert!(r.live.rmssd_ms.unwrap() > 100.0);
        r.take(SensorKind::HeartRate, 9000, vec![0x10, 60], true);
        assert_eq!(r.pending.len(), 4, "malformed: dropped");
        r.take(SensorKind::Power, 9000, vec![0, 0, 250, 0], true);
        assert_eq!(r.live.watts, Some(250));
    }

    fn body(batch: &Batch) -> serde_json::Value {
        serde_json::from_str(&batch.body).unwrap()
    }

    #[test]
    fn cuts_are_numbered_on_from_the_session_and_carry_the_laps_once() {
        let mut session = OpenSession::new("running", 0);
        session.next_seq = 7;
        let mut r = Recorder::default();
        for i in 0..(BATCH_MAX + 1) as i64 {
            r.take(SensorKind::HeartRate, 1000 + i, vec![0x00, 60], true);
        }
        r.laps_ms.push(1500);

        let batches = r.cut(&mut session, 5000);

        assert_eq!(batches.iter().map(|b| b.seq).collect::<Vec<_>>(), [7, 8]);
        assert_eq!(session.next_seq, 9);
        let first = body(&batches[0]);
        assert_eq!(first["seq"], 7);
        assert_eq!(first["notifications"].as_array().unwrap().len(), BATCH_MAX);
        assert_eq!(
            first["notifications"][0],
            serde_json::json!({"characteristic": "2a37", "t": 1000, "value": "003c", "sensor": "heart_rate"})
        );
        assert_eq!(first["laps"], serde_json::json!([1500]));
        assert_eq!(
            first["clock"],
            serde_json::json!({"device_ms": 5000, "utc_ms": 5000}),
            "the browser's clock is UTC: the server leaves the times as they are"
        );
        let second = body(&batches[1]);
        assert_eq!(second["notifications"].as_array().unwrap().len(), 1);
        assert_eq!(second["laps"], serde_json::json!([]), "a lap is sent once");
        assert!(r.pending.is_empty() && r.laps_ms.is_empty());
    }

    #[test]
    fn nothing_recorded_cuts_nothing_but_a_lone_lap_is_a_batch() {
        let mut session = OpenSession::new("cycling", 0);
        let mut r = Recorder::default();
        r.take(SensorKind::HeartRate, 0, vec![0x00, 60], false);
        assert!(r.cut(&mut session, 1000).is_empty(), "paused: nothing kept");
        assert_eq!(session.next_seq, 0, "no number used");

        r.laps_ms.push(42);
        let batches = r.cut(&mut session, 1000);
        assert_eq!(batches.len(), 1);
        assert_eq!(body(&batches[0])["laps"], serde_json::json!([42]));
        assert_eq!(body(&batches[0])["notifications"], serde_json::json!([]));
    }
}
