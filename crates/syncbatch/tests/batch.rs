//! The sync batch body through the crate API: what is stored, what is named malformed, and
//! what refuses the whole batch. (The HTTP answers are tested in server/tests/api/sync.rs.)

use syncbatch::{BatchError, decode_batch};

/// 2026-12-01, unix ms.
const NOW_MS: i64 = 1_796_083_200_000;

#[test]
fn notifications_are_put_on_utc_and_malformed_ones_are_named_in_order() {
    let body =
        br#"{"seq": 3, "clock": {"device_ms": 10000, "utc_ms": 1700000000000}, "sensor": "strap",
        "notifications": [
            {"characteristic": "2A37", "t": 11000, "value": "00:48"},
            {"characteristic": "2a99", "t": 11000, "value": "0048"},
            {"characteristic": "2a37", "t": 12000, "value": "0"},
            {"characteristic": "2a37", "t": 13000, "value": "01"},
            {"characteristic": "2a37", "t": -1700000000000, "value": "0048"},
            {"characteristic": "0x2a37", "t": 14000, "value": "00 4A", "sensor": "other"}],
        "laps": [12500, -9223372036854775807]}"#;
    let batch = decode_batch(body, NOW_MS).unwrap();
    assert_eq!(batch.seq, 3);
    let stored: Vec<_> = batch
        .stored
        .notifications
        .iter()
        .map(|n| {
            (
                n.sensor.as_str(),
                n.characteristic.as_str(),
                n.at_ms,
                n.value.as_str(),
            )
        })
        .collect();
    assert_eq!(
        stored,
        [
            ("strap", "2a37", 1_700_000_001_000, "00:48"),
            ("other", "2a37", 1_700_000_004_000, "00 4a")
        ]
    );
    let malformed: Vec<usize> = batch.malformed.iter().map(|m| m.index).collect();
    assert_eq!(malformed, [1, 2, 3, 4]);
    assert!(batch.malformed[0].error.contains("not one Laps decodes"));
    assert_eq!(batch.malformed[1].error, "value is not hex bytes");
    assert!(batch.malformed[3].error.contains("not a plausible time"));
    // The lap far in the past is dropped, not wrapped.
    assert_eq!(batch.stored.laps_ms, [1_700_000_002_500]);
}

#[test]
fn a_clock_pair_that_cannot_be_one_instant_refuses_the_batch() {
    let apart =
        br#"{"seq": 0, "clock": {"device_ms": -9223372036854775807, "utc_ms": 1700000000000}}"#;
    assert!(matches!(
        decode_batch(apart, NOW_MS),
        Err(BatchError::ClockApart)
    ));
    let before_2000 = br#"{"seq": 0, "clock": {"device_ms": 0, "utc_ms": 900000000000}}"#;
    assert!(matches!(
        decode_batch(before_2000, NOW_MS),
        Err(BatchError::ClockImplausible)
    ));
    let two_days_ahead = format!(
        r#"{{"seq": 0, "clock": {{"device_ms": 0, "utc_ms": {}}}}}"#,
        NOW_MS + 2 * 86_400_000
    );
    assert!(matches!(
        decode_batch(two_days_ahead.as_bytes(), NOW_MS),
        Err(BatchError::ClockImplausible)
    ));
}

#[test]
fn a_negative_seq_or_too_many_notifications_refuse_the_batch() {
    let negative = br#"{"seq": -1, "clock": {"device_ms": 0, "utc_ms": 1700000000000}}"#;
    assert!(matches!(
        decode_batch(negative, NOW_MS),
        Err(BatchError::Limits)
    ));
    let one = r#"{"characteristic": "2a37", "t": 0, "value": "0048"}"#;
    let many = vec![one; syncbatch::MAX_NOTIFICATIONS + 1].join(",");
    let body = format!(
        r#"{{"seq": 0, "clock": {{"device_ms": 0, "utc_ms": 1700000000000}}, "notifications": [{many}]}}"#
    );
    assert!(matches!(
        decode_batch(body.as_bytes(), NOW_MS),
        Err(BatchError::Limits)
    ));
}

#[test]
fn a_body_that_is_not_a_batch_is_a_json_error() {
    for body in [
        &b""[..],
        b"[]",
        b"{\"seq\": 0}",
        b"{\"seq\": 1e400, \"clock\": {}}",
    ] {
        assert!(
            matches!(decode_batch(body, NOW_MS), Err(BatchError::Json(_))),
            "{body:?}"
        );
    }
}

#[test]
fn hex_takes_separators_and_at_most_512_bytes() {
    assert_eq!(
        syncbatch::hex("0a:1B-2c 3d"),
        Some(vec![0x0a, 0x1b, 0x2c, 0x3d])
    );
    assert_eq!(syncbatch::hex("abc"), None);
    assert_eq!(syncbatch::hex("é0"), None);
    assert_eq!(
        syncbatch::hex(&"00".repeat(512)).map(|b| b.len()),
        Some(512)
    );
    assert_eq!(syncbatch::hex(&"00".repeat(513)), None);
}
