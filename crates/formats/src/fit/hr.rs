//! FIT `hr` messages: heart rate a chest strap stored while the watch could not receive it
//! (swimming: a Forerunner 920XT with an HRM-Tri or HRM-Swim), sent after the fact and merged
//! into the records exactly as Garmin's FIT SDK merges them (`merge_heart_rates` in the SDK's
//! `hr_mesg_utils`), so that Laps and every SDK-based reader show the same heart rate.
//!
//! An anchor message carries a `timestamp` (plus `fractional_timestamp`) and one
//! `event_timestamp` (1/1024 s on the strap's clock); the messages after it carry up to ten beat
//! times each, as full `event_timestamp`s or as 12-bit deltas packed in `event_timestamp_12`, with
//! one `filtered_bpm` per beat. A beat's time is the anchor's plus its distance from the anchor
//! on the strap's clock. The SDK then carries each beat forward in 250 ms steps across gaps of up
//! to five seconds and gives each record the rounded mean of the beats after the previous record
//! and up to its own time. The arithmetic below follows the SDK's step for step (in `f64`, as
//! Python's floats are), so that records land on the same side of every boundary.

use crate::Timestamp;
use crate::TimestampExt as _;

/// The SDK carries a beat forward in steps of this many seconds...
const GAP_STEP_S: f64 = 0.25;
/// ...at most this many times (five seconds).
const GAP_MAX_STEPS: u32 = 20;
/// `filtered_bpm`'s invalid value: a slot without a beat.
const NO_BPM: u8 = 0xFF;
/// The SDK's allowance for a wrapped strap clock, in (scaled) event-timestamp units.
const EVENT_WRAP: f64 = 0x40_0000 as f64;

/// One `hr` message's fields, raw.
#[derive(Debug, Default)]
pub(super) struct HrMessage<'a> {
    /// `timestamp` (field 253): seconds since the FIT epoch; present on anchors only.
    pub timestamp: Option<u32>,
    /// `fractional_timestamp` (field 0), 1/32768 s.
    pub fractional_timestamp: Option<u16>,
    /// `time256` (field 1), 1/256 s: a short form of `fractional_timestamp`.
    pub time256: Option<u8>,
    /// `filtered_bpm` (field 6): one byte per beat.
    pub filtered_bpm: &'a [u8],
    /// `event_timestamp` (field 9): the raw little- or big-endian `uint32` array.
    pub event_timestamp: &'a [u8],
    /// `event_timestamp_12` (field 10): 12-bit deltas, packed least significant bit first.
    pub event_timestamp_12: &'a [u8],
    /// The byte order of `event_timestamp`.
    pub big_endian: bool,
}

/// The beats of a file's `hr` messages, collected while decoding and merged at the end.
#[derive(Debug, Default)]
pub(super) struct HeartRates {
    /// Beat times, seconds since the FIT epoch (fractional).
    times: Vec<f64>,
    /// The filtered heart rate at each beat; [`NO_BPM`] where the message has none.
    bpm: Vec<u8>,
    /// The last anchor: (time, strap-clock time), seconds.
    anchor: Option<(f64, f64)>,
    /// The SDK's accumulator for `event_timestamp`: (running value, last raw value).
    accumulated: Option<(u64, u64)>,
    /// Why the messages cannot be merged (the SDK gives up on the same inconsistencies).
    failed: Option<String>,
}

impl HeartRates {
    /// Whether any `hr` message was seen.
    pub fn is_empty(&self) -> bool {
        self.times.is_empty() && self.failed.is_none()
    }

    /// Adds one message's beats.
    pub fn add(&mut self, message: &HrMessage<'_>) {
        if self.failed.is_some() {
            return;
        }
        if let Err(why) = self.try_add(message) {
            self.failed = Some(why);
        }
    }

    fn try_add(&mut self, m: &HrMessage<'_>) -> Result<(), String> {
        // Full event timestamps reset the accumulator (the SDK keeps the array's last value).
        let mut events: Vec<Option<u64>> = m
            .event_timestamp
            .chunks_exact(4)
            .map(|b| {
                let b = [b[0], b[1], b[2], b[3]];
                let raw = if m.big_endian {
                    u32::from_be_bytes(b)
                } else {
                    u32::from_le_bytes(b)
                };
                (raw != u32::MAX).then_some(u64::from(raw))
            })
            .collect();
        if events.iter().all(Option::is_none) {
            events.clear();
        }
        for raw in events.iter().flatten() {
            self.accumulated = Some((*raw, *raw));
        }
        // Packed 12-bit deltas replace them, when present.
        if !m.event_timestamp_12.is_empty() && m.event_timestamp_12.iter().any(|&b| b != 0xFF) {
            events = unpack_12(m.event_timestamp_12)
                .map(|value| {
                    let (total, last) = self.accumulated.get_or_insert((value, value));
                    *total = total.saturating_add(value.wrapping_sub(*last) & 0xFFF);
                    *last = value;
                    Some(*total)
                })
                .collect();
        }
        let events: Vec<f64> = events
            .into_iter()
            .map(|e| e.map(|raw| raw as f64 / 1024.0))
            .collect::<Option<_>>()
            .ok_or("an hr message has a beat without a time")?;
        // A slot without a heart rate is kept as one (the SDK keeps it, and gives up only if
        // it has to average it).
        let mut bpm = m.filtered_bpm.to_vec();
        if bpm.iter().all(|&b| b == NO_BPM) {
            bpm.clear();
        }
        if let Some(t) = m.timestamp {
            let fraction = match (m.time256, m.fractional_timestamp) {
                (Some(t256), _) => f64::from(t256) / 256.0,
                (None, Some(f)) => f64::from(f) / 32768.0,
                (None, None) => 0.0,
            };
            let [event] = events[..] else {
                return Err("an anchoring hr message does not have exactly one beat time".into());
            };
            self.anchor = Some((f64::from(t) + fraction, event));
        }
        let Some((anchor, anchor_event)) = self.anchor else {
            return Err("hr messages come before the one that anchors their times".into());
        };
        if events.len() != bpm.len() {
            return Err("an hr message has more beat times than heart rates, or fewer".into());
        }
        for (&event, &bpm) in events.iter().zip(&bpm) {
            let mut event = event;
            if event < anchor_event {
                if anchor_event - event > EVENT_WRAP {
                    event += EVENT_WRAP;
                } else {
                    return Err("a beat comes before the hr message that anchors it".into());
                }
            }
            self.times.push(anchor + (event - anchor_event));
            self.bpm.push(bpm);
        }
        Ok(())
    }

    /// Merges the beats into the heart rates of records at `times` (whole seconds of the FIT
    /// epoch, non-decreasing), the SDK's way: each record gets the rounded mean of the beats
    /// (carried across gaps) after the previous record's time and up to its own. Returns a
    /// warning when the messages could not be merged.
    pub fn merge(&self, times: &[Timestamp], heart_rate: &mut [f32]) -> Option<String> {
        if let Some(why) = &self.failed {
            return Some(format!(
                "the strap's stored heart rate (hr messages) was not used: {why}"
            ));
        }
        let beats = Beats { hr: self };
        let mut cursor = Cursor::default();
        let mut range_start: Option<f64> = None;
        for (i, &time) in times.iter().enumerate() {
            let end = f64::from(time.to_fit());
            let start = range_start.get_or_insert(end);
            if *start == end {
                *start -= 1.0;
                beats.retreat(&mut cursor);
            }
            let (mut sum, mut count) = (0.0f64, 0u32);
            while let Some((t, bpm)) = beats.get(cursor) {
                if t > *start && t <= end {
                    if bpm == NO_BPM {
                        // The SDK fails here, keeping the records merged so far.
                        return Some(
                            "the strap's stored heart rate (hr messages) has a beat without a value; the records after it keep their own"
                                .to_owned(),
                        );
                    }
                    sum += f64::from(bpm);
                    count += 1;
                } else if t > end {
                    if count > 0 {
                        heart_rate[i] = (sum / f64::from(count) + 0.5).floor() as f32;
                    }
                    *start = end;
                    break;
                }
                beats.advance(&mut cursor);
            }
        }
        None
    }
}

/// Up to ten 12-bit values from a byte array, least significant bit first (the SDK's
/// `BitStream`).
fn unpack_12(bytes: &[u8]) -> impl Iterator<Item = u64> + '_ {
    let values = (bytes.len() * 8 / 12).min(10);
    (0..values).map(move |i| {
        let bit = i * 12;
        let (byte, shift) = (bit / 8, bit % 8);
        let low = u64::from(bytes[byte]);
        let high = bytes.get(byte + 1).copied().map_or(0, u64::from);
        ((low | (high << 8)) >> shift) & 0xFFF
    })
}

/// A position in the SDK's expanded beat list without building it: beat `beat`, preceded by
/// the carried-forward copies of the beat before it; `step < fills(beat)` is copy `step + 1`,
/// `step == fills(beat)` the beat itself.
#[derive(Debug, Clone, Copy, Default)]
struct Cursor {
    beat: usize,
    step: u32,
}

struct Beats<'a> {
    hr: &'a HeartRates,
}

impl Beats<'_> {
    /// How many carried-forward copies the SDK puts before beat `i`.
    fn fills(&self, i: usize) -> u32 {
        let Some(previous) = i.checked_sub(1) else {
            return 0;
        };
        let mut gap_ms = (self.hr.times[i] - self.hr.times[previous]).abs() * 1000.0;
        let mut step = 1;
        while gap_ms > 250.0 && step <= GAP_MAX_STEPS {
            gap_ms -= 250.0;
            step += 1;
        }
        step - 1
    }

    fn get(&self, c: Cursor) -> Option<(f64, u8)> {
        let time = *self.hr.times.get(c.beat)?;
        if c.step == self.fills(c.beat) {
            return Some((time, self.hr.bpm[c.beat]));
        }
        let previous = c.beat - 1;
        let carried = self.hr.times[previous] + GAP_STEP_S * f64::from(c.step + 1);
        Some((carried, self.hr.bpm[previous]))
    }

    fn advance(&self, c: &mut Cursor) {
        if c.step < self.fills(c.beat) {
            c.step += 1;
        } else {
            *c = Cursor {
                beat: c.beat + 1,
                step: 0,
            };
        }
    }

    fn retreat(&self, c: &mut Cursor) {
        if c.step > 0 {
            c.step -= 1;
        } else if c.beat > 0 {
            c.beat -= 1;
            c.step = self.fills(c.beat);
        }
    }
}
