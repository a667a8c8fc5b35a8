//! Heart Rate Measurement (0x2A37).

use crate::{
    DecodeError,
    reader::{Reader, bit},
};

/// The sensor-contact bits (flags bits 1 and 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contact {
    /// The sensor does not report contact.
    NotSupported,
    /// Supported, and the strap touches skin.
    Detected,
    /// Supported, and it does not: the value is not a heart rate.
    NotDetected,
}

/// One heart-rate notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeartRate {
    /// Beats per minute (8- or 16-bit on the wire).
    pub bpm: u16,
    /// Skin contact.
    pub contact: Contact,
    /// Energy expended since the last reset, kJ, when sent.
    pub energy_kj: Option<u16>,
    /// Beat-to-beat intervals in 1/1024 s, oldest first.
    pub rr_1024: Vec<u16>,
}

/// Above any human heart rate: a garbled value.
const MAX_BPM: u16 = 300;

impl HeartRate {
    /// Decodes the payload.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(bytes);
        let flags = u16::from(r.u8("flags")?);
        let bpm = if bit(flags, 0) {
            r.u16("a 16-bit heart rate")?
        } else {
            u16::from(r.u8("an 8-bit heart rate")?)
        };
        if bpm > MAX_BPM {
            return Err(DecodeError::Impossible {
                field: "heart rate",
                value: i64::from(bpm),
            });
        }
        let contact = match (bit(flags, 2), bit(flags, 1)) {
            (false, _) => Contact::NotSupported,
            (true, true) => Contact::Detected,
            (true, false) => Contact::NotDetected,
        };
        let energy_kj = if bit(flags, 3) {
            Some(r.u16("energy expended")?)
        } else {
            None
        };
        let mut rr_1024 = Vec::new();
        if bit(flags, 4) {
            if r.remaining() == 0 {
                return Err(DecodeError::Short {
                    field: "an RR interval",
                    needed: bytes.len() + 2,
                    got: bytes.len(),
                });
            }
            while r.remaining() >= 2 {
                let rr = r.u16("an RR interval")?;
                if rr == 0 {
                    return Err(DecodeError::Impossible {
                        field: "RR interval",
                        value: 0,
                    });
                }
                rr_1024.push(rr);
            }
        }
        r.finish()?;
        Ok(Self {
            bpm,
            contact,
            energy_kj,
            rr_1024,
        })
    }

    /// The RR intervals in milliseconds.
    pub fn rr_ms(&self) -> Vec<f64> {
        self.rr_1024
            .iter()
            .map(|&rr| f64::from(rr) * 1000.0 / 1024.0)
            .collect()
    }
}
