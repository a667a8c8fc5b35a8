//! Fuzz target for the sync batch decoder, `POST /api/v1/sync/sessions/{id}/batches` without the
//! server: the input is used as the HTTP JSON body, and also (structure-aware) as the
//! description of a batch ([`formats_fuzz::sync_gen::Batch`]) written as the JSON a companion
//! app sends. Whatever [`syncbatch::decode_batch`] accepts must be consistent: every stored
//! notification decodes with `gatt` and has a plausible UTC time, stored and malformed add up
//! to what was sent, and the stored batch reads back as the close step reads it.
//! Run: `cargo +nightly fuzz run sync_batch` in crates/formats/fuzz.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use formats_fuzz::sync_gen::Batch;
use libfuzzer_sys::fuzz_target;
use syncbatch::{BatchBody, StoredBatch};

/// A fixed "now" (2026-12-01), so that a run is repeatable.
const NOW_MS: i64 = 1_796_083_200_000;

fuzz_target!(|data: &[u8]| {
    check(data);
    if let Ok(batch) = Batch::arbitrary(&mut Unstructured::new(data)) {
        let body = batch.to_json();
        formats_fuzz::dump(&body);
        let sent = check(&body);
        assert!(
            sent.is_none_or(|sent| sent == batch.sent()),
            "the body carries what was generated"
        );
    }
});

/// Decodes `body` and checks the result; answers how many notifications it carried.
fn check(body: &[u8]) -> Option<usize> {
    let decoded = syncbatch::decode_batch(body, NOW_MS);
    let parsed: Option<BatchBody> = serde_json::from_slice(body).ok();
    let Ok(decoded) = decoded else {
        return parsed.map(|p| p.notifications.len());
    };
    let sent = parsed
        .expect("a decoded batch is a batch")
        .notifications
        .len();
    let stored = &decoded.stored;
    assert_eq!(
        stored.notifications.len() + decoded.malformed.len(),
        sent,
        "stored + malformed = sent"
    );
    assert!(
        decoded
            .malformed
            .windows(2)
            .all(|w| w[0].index < w[1].index),
        "malformed in order, once each"
    );
    assert!(
        decoded.malformed.iter().all(|m| m.index < sent),
        "malformed index within the batch"
    );
    for n in &stored.notifications {
        let characteristic =
            gatt::Characteristic::parse(&n.characteristic).expect("a stored characteristic parses");
        let bytes = syncbatch::hex(&n.value).expect("a stored value is hex");
        gatt::decode(characteristic, &bytes).expect("a stored notification decodes");
        assert!(
            syncbatch::plausible(n.at_ms, NOW_MS),
            "stored time {} is plausible",
            n.at_ms
        );
    }
    assert!(
        stored
            .laps_ms
            .iter()
            .all(|&t| syncbatch::plausible(t, NOW_MS)),
        "lap times are plausible"
    );
    let text = serde_json::to_string(stored).expect("a stored batch is JSON");
    let back: StoredBatch = serde_json::from_str(&text).expect("the close step reads it back");
    assert_eq!(&back, stored, "stored batch round-trips");
    Some(sent)
}
