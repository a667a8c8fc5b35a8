//! The decoders through their public interface: worked examples built from the GATT
//! Specification Supplement's field definitions, payloads captured from real sensors, every
//! flag combination, counter wrap-around, RR lists of several lengths, refusals, and a property
//! test that no byte string panics.

use gatt::{
    Characteristic, Contact, CrankRevolutions, CyclingPower, CyclingSpeedCadence, DecodeError,
    HeartRate, Measurement, RunningSpeedCadence, WheelRevolutions, decode,
};
use proptest::prelude::*;

#[test]
fn heart_rate_payloads_captured_from_a_polar_h7() {
    // gatttool notifications of a Polar H7 (published in the cal-id/Polar-H7-Pi README).
    let first = HeartRate::decode(&[0x06, 0x3c]).unwrap();
    assert_eq!(
        (first.bpm, first.contact, first.rr_1024.len()),
        (60, Contact::Detected, 0)
    );
    let second = HeartRate::decode(&[0x16, 0x3c, 0x11, 0x04]).unwrap();
    assert_eq!(second.bpm, 60);
    assert_eq!(second.rr_1024, vec![0x0411]);
    assert!(
        (second.rr_ms()[0] - 1016.6).abs() < 0.1,
        "{:?}",
        second.rr_ms()
    );
    let third = HeartRate::decode(&[0x16, 0x3c, 0xf5, 0x03]).unwrap();
    assert!((third.rr_ms()[0] - 989.3).abs() < 0.1);
}

/// A heart-rate payload for `flags` with the fields they promise.
fn heart_rate_payload(flags: u8, bpm: u16, energy: u16, rr: &[u16]) -> Vec<u8> {
    let mut out = vec![flags];
    if flags & 0x01 != 0 {
        out.extend(bpm.to_le_bytes());
    } else {
        out.push(bpm as u8);
    }
    if flags & 0x08 != 0 {
        out.extend(energy.to_le_bytes());
    }
    if flags & 0x10 != 0 {
        for r in rr {
            out.extend(r.to_le_bytes());
        }
    }
    out
}

#[test]
fn every_heart_rate_flag_combination_decodes_what_it_promises() {
    for flags in 0u8..32 {
        let payload = heart_rate_payload(flags, 142, 512, &[700, 702]);
        let hr = HeartRate::decode(&payload).unwrap_or_else(|e| panic!("flags {flags:#04x}: {e}"));
        assert_eq!(hr.bpm, 142);
        let contact = match (flags & 0x04 != 0, flags & 0x02 != 0) {
            (false, _) => Contact::NotSupported,
            (true, true) => Contact::Detected,
            (true, false) => Contact::NotDetected,
        };
        assert_eq!(hr.contact, contact, "flags {flags:#04x}");
        assert_eq!(hr.energy_kj, (flags & 0x08 != 0).then_some(512));
        let rr: &[u16] = if flags & 0x10 != 0 { &[700, 702] } else { &[] };
        assert_eq!(hr.rr_1024, rr);
        // Cut short by one byte: refused, naming the field.
        assert!(matches!(
            HeartRate::decode(&payload[..payload.len() - 1]),
            Err(DecodeError::Short { .. } | DecodeError::Trailing { .. })
        ));
    }
}

#[test]
fn rr_lists_of_several_lengths() {
    for n in 1..=9u16 {
        let rr: Vec<u16> = (0..n).map(|i| 800 + i).collect();
        let hr = HeartRate::decode(&heart_rate_payload(0x10, 75, 0, &rr)).unwrap();
        assert_eq!(hr.rr_1024, rr);
    }
    // A 16-bit heart rate with energy and the most RR intervals a 23-byte ATT payload holds.
    let rr: Vec<u16> = (0..7).map(|i| 1024 + i).collect();
    let hr = HeartRate::decode(&heart_rate_payload(0x19, 180, 4000, &rr)).unwrap();
    assert_eq!(
        (hr.bpm, hr.energy_kj, hr.rr_1024.len()),
        (180, Some(4000), 7)
    );
}

#[test]
fn malformed_heart_rate_notifications_are_refused_with_the_reason() {
    assert!(matches!(
        HeartRate::decode(&[]),
        Err(DecodeError::Short { field: "flags", .. })
    ));
    assert!(matches!(
        HeartRate::decode(&[0x01, 60]),
        Err(DecodeError::Short {
            field: "a 16-bit heart rate",
            ..
        })
    ));
    assert!(matches!(
        HeartRate::decode(&[0x08, 60, 1]),
        Err(DecodeError::Short {
            field: "energy expended",
            ..
        })
    ));
    assert!(matches!(
        HeartRate::decode(&[0x10, 60]),
        Err(DecodeError::Short {
            field: "an RR interval",
            ..
        })
    ));
    assert_eq!(
        HeartRate::decode(&[0x10, 60, 0, 4, 7]),
        Err(DecodeError::Trailing { bytes: 1 }),
        "half an RR interval"
    );
    assert_eq!(
        HeartRate::decode(&[0x00, 60, 9]),
        Err(DecodeError::Trailing { bytes: 1 })
    );
    assert_eq!(
        HeartRate::decode(&[0x01, 0x2d, 0x01]),
        Err(DecodeError::Impossible {
            field: "heart rate",
            value: 301
        })
    );
    assert_eq!(
        HeartRate::decode(&[0x10, 60, 0, 0]),
        Err(DecodeError::Impossible {
            field: "RR interval",
            value: 0
        })
    );
    let error = HeartRate::decode(&[0x08, 60, 1]).unwrap_err().to_string();
    assert_eq!(
        error,
        "too short: the flags promise energy expended, which needs 4 bytes, but there are 3"
    );
}

#[test]
fn running_speed_and_cadence_with_every_flag() {
    for flags in 0u8..8 {
        let mut payload = vec![flags];
        payload.extend(((3.5 * 256.0) as u16).to_le_bytes()); // 3.5 m/s
        payload.push(172);
        if flags & 0x01 != 0 {
            payload.extend(122u16.to_le_bytes()); // 1.22 m
        }
        if flags & 0x02 != 0 {
            payload.extend(123_456u32.to_le_bytes()); // 12,345.6 m
        }
        let rsc = RunningSpeedCadence::decode(&payload).unwrap();
        assert_eq!((rsc.speed_mps, rsc.cadence_spm), (3.5, 172));
        assert_eq!(rsc.stride_m, (flags & 1 != 0).then_some(1.22));
        assert_eq!(rsc.total_distance_m, (flags & 2 != 0).then_some(12_345.6));
        assert_eq!(rsc.running, flags & 4 != 0);
        assert!(RunningSpeedCadence::decode(&payload[..payload.len() - 1]).is_err());
    }
    assert_eq!(
        RunningSpeedCadence::decode(&[0x00, 0x00, 0x50, 90]),
        Err(DecodeError::Impossible {
            field: "running speed (1/256 m/s)",
            value: 0x5000
        })
    );
}

#[test]
fn cycling_speed_and_cadence_with_every_flag_and_wrap_around() {
    let wheel = [0x10, 0x27, 0x00, 0x00, 0x00, 0x04]; // 10,000 revolutions at 1 s
    let crank = [0x2c, 0x01, 0x00, 0x08]; // 300 revolutions at 2 s
    let both = CyclingSpeedCadence::decode(&[&[0x03][..], &wheel, &crank].concat()).unwrap();
    assert_eq!(
        both.wheel,
        Some(WheelRevolutions {
            revolutions: 10_000,
            event_time: 1024,
            time_unit: 1024
        })
    );
    assert_eq!(
        both.crank,
        Some(CrankRevolutions {
            revolutions: 300,
            event_time: 2048
        })
    );
    assert_eq!(
        CyclingSpeedCadence::decode(&[&[0x01][..], &wheel].concat())
            .unwrap()
            .crank,
        None
    );
    assert_eq!(
        CyclingSpeedCadence::decode(&[&[0x02][..], &crank].concat())
            .unwrap()
            .wheel,
        None
    );
    assert_eq!(
        CyclingSpeedCadence::decode(&[0x00]).unwrap(),
        CyclingSpeedCadence {
            wheel: None,
            crank: None
        }
    );
    assert!(matches!(
        CyclingSpeedCadence::decode(&[&[0x03][..], &wheel].concat()),
        Err(DecodeError::Short {
            field: "cumulative crank revolutions",
            ..
        })
    ));

    // The crank turns 2 revolutions while its event time wraps past 65535: 90 rpm.
    let before = CrankRevolutions {
        revolutions: 65_535,
        event_time: 65_000,
    };
    let after = CrankRevolutions {
        revolutions: 1,
        event_time: 65_000u16.wrapping_add(1365),
    };
    assert!((after.rpm_since(&before).unwrap() - 90.0).abs() < 0.1);
    // The wheel counter wraps at 2^32.
    let w0 = WheelRevolutions {
        revolutions: u32::MAX - 1,
        event_time: 60_000,
        time_unit: 1024,
    };
    let w1 = WheelRevolutions {
        revolutions: 2,
        event_time: 60_000u16.wrapping_add(2048),
        time_unit: 1024,
    };
    assert_eq!(w1.rate_since(&w0), Some(2.0), "4 revolutions in 2 s");
    // A repeated reading (standing still) gives no rate rather than zero or infinity.
    assert_eq!(after.rpm_since(&after), None);
}

#[test]
fn cycling_power_with_every_field_and_without() {
    let plain = CyclingPower::decode(&[0x00, 0x00, 0xfa, 0x00]).unwrap();
    assert_eq!(
        (plain.watts, plain.balance_pct, plain.crank),
        (250, None, None)
    );
    // Every optional field: flags 0x0FFF.
    let mut payload = vec![0xff, 0x0f];
    payload.extend(312i16.to_le_bytes());
    payload.push(101); // 50.5 %
    payload.extend(3200u16.to_le_bytes()); // 100 N·m
    payload.extend(5000u32.to_le_bytes());
    payload.extend(4096u16.to_le_bytes()); // wheel, 2 s in 1/2048 s
    payload.extend(400u16.to_le_bytes());
    payload.extend(3072u16.to_le_bytes()); // crank, 3 s
    payload.extend(900i16.to_le_bytes());
    payload.extend((-50i16).to_le_bytes());
    payload.extend(640i16.to_le_bytes()); // 20 N·m
    payload.extend((-32i16).to_le_bytes()); // -1 N·m
    payload.extend([0x5a, 0x40, 0x0b]); // angles: max 0x05a = 90, min 0x0b4 = 180
    payload.extend(10u16.to_le_bytes());
    payload.extend(190u16.to_le_bytes());
    payload.extend(612u16.to_le_bytes());
    let all = CyclingPower::decode(&payload).unwrap();
    assert_eq!(all.watts, 312);
    assert_eq!(all.balance_pct, Some(50.5));
    assert!(all.balance_is_left);
    assert_eq!(all.accumulated_torque_nm, Some(100.0));
    assert_eq!(
        all.wheel,
        Some(WheelRevolutions {
            revolutions: 5000,
            event_time: 4096,
            time_unit: 2048
        })
    );
    assert_eq!(
        all.crank,
        Some(CrankRevolutions {
            revolutions: 400,
            event_time: 3072
        })
    );
    assert_eq!(all.extreme_force_n, Some((900, -50)));
    assert_eq!(all.extreme_torque_nm, Some((20.0, -1.0)));
    assert_eq!(all.extreme_angles_deg, Some((90, 180)));
    assert_eq!(
        (
            all.top_dead_spot_deg,
            all.bottom_dead_spot_deg,
            all.energy_kj
        ),
        (Some(10), Some(190), Some(612))
    );
    // Each flag alone promises its field: cut the payload and it is refused.
    for bit in [0u16, 2, 4, 5, 6, 7, 8, 9, 10, 11] {
        let flags = 1u16 << bit;
        let short = [&flags.to_le_bytes()[..], &100i16.to_le_bytes()].concat();
        assert!(
            matches!(CyclingPower::decode(&short), Err(DecodeError::Short { .. })),
            "bit {bit}"
        );
    }
    assert_eq!(
        CyclingPower::decode(&[0x00, 0x00, 0x10, 0x27]),
        Err(DecodeError::Impossible {
            field: "power (W)",
            value: 10_000
        })
    );
    assert_eq!(
        CyclingPower::decode(&[0x01, 0x00, 0x64, 0x00, 201]),
        Err(DecodeError::Impossible {
            field: "pedal power balance (1/2 %)",
            value: 201
        })
    );
}

#[test]
fn decode_dispatches_on_the_characteristic() {
    let m = decode(
        Characteristic::parse("2a63").unwrap(),
        &[0x00, 0x00, 0x64, 0x00],
    )
    .unwrap();
    assert!(matches!(m, Measurement::CyclingPower(p) if p.watts == 100));
    let m = decode(
        Characteristic::RunningSpeedCadence,
        &[0x04, 0x00, 0x03, 180],
    )
    .unwrap();
    assert!(matches!(m, Measurement::RunningSpeedCadence(r) if r.running && r.speed_mps == 3.0));
}

proptest! {
    #[test]
    fn no_byte_string_panics_any_decoder(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        for c in Characteristic::ALL {
            let _ = decode(c, &bytes);
        }
    }

    #[test]
    fn counters_never_panic_and_rates_are_finite(a in any::<u32>(), b in any::<u32>(), t0 in any::<u16>(), t1 in any::<u16>()) {
        if let Some(r) = gatt::rate((a, t0), (b, t1), 16, 1024) {
            prop_assert!(r.is_finite() && r > 0.0);
        }
    }
}
