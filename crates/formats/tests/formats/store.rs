//! The storage blob: every corpus recording encodes and decodes to the same recording, up to
//! the documented quantisation of the sample streams; damaged blobs are refused, not trusted.

use formats::{Recording, store};
use proptest::prelude::*;

use crate::{manifest, read};

/// Sample values equal within the blob's quantum (and missing exactly where they were).
fn same_column(name: &str, a: Option<Vec<f64>>, b: Option<Vec<f64>>, quantum: f64) {
    assert_eq!(a.is_some(), b.is_some(), "{name}: presence");
    let (Some(a), Some(b)) = (a, b) else { return };
    assert_eq!(a.len(), b.len(), "{name}: length");
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        assert_eq!(x.is_finite(), y.is_finite(), "{name}[{i}]: {x} vs {y}");
        if x.is_finite() {
            // f32 columns carry about 7 significant digits, so allow that much besides.
            let tolerance = quantum / 2.0 + x.abs() * 1e-7;
            assert!((x - y).abs() <= tolerance, "{name}[{i}]: {x} vs {y}");
        }
    }
}

fn widen(c: &Option<Vec<f32>>) -> Option<Vec<f64>> {
    c.as_ref()
        .map(|c| c.iter().map(|&v| f64::from(v)).collect())
}

fn assert_same(a: &Recording, b: &Recording, what: &str) {
    // Everything but the samples is kept exactly.
    let strip = |r: &Recording| Recording {
        samples: formats::Samples::default(),
        ..r.clone()
    };
    assert_eq!(strip(a), strip(b), "{what}: recording outside the samples");
    let (s, t) = (&a.samples, &b.samples);
    assert_eq!(s.time, t.time, "{what}: times");
    same_column("latitude", s.latitude.clone(), t.latitude.clone(), 1e-9);
    same_column("longitude", s.longitude.clone(), t.longitude.clone(), 1e-9);
    same_column("distance", s.distance.clone(), t.distance.clone(), 1e-3);
    same_column("altitude", widen(&s.altitude), widen(&t.altitude), 1e-3);
    same_column(
        "heart_rate",
        widen(&s.heart_rate),
        widen(&t.heart_rate),
        1e-2,
    );
    same_column("cadence", widen(&s.cadence), widen(&t.cadence), 1e-2);
    same_column("speed", widen(&s.speed), widen(&t.speed), 1e-3);
    same_column("power", widen(&s.power), widen(&t.power), 1e-2);
    same_column(
        "temperature",
        widen(&s.temperature),
        widen(&t.temperature),
        1e-2,
    );
}

#[test]
fn every_corpus_recording_survives_the_blob() {
    let mut checked = 0;
    let (mut raw, mut stored) = (0usize, 0usize);
    for entry in manifest() {
        let Ok(recordings) = read(&entry) else {
            continue;
        };
        for r in recordings {
            let blob = store::encode(&r);
            let back =
                store::decode(&blob).unwrap_or_else(|e| panic!("{}: {e}", entry.path.display()));
            assert_same(&r, &back, &entry.path.display().to_string());
            // Decoding what was decoded is exact: quantisation happens once.
            assert!(
                store::encode(&back) == blob,
                "{}: second encoding differs",
                entry.path.display()
            );
            // The import's shortcut gives the same blob, and the same recording as a decode
            // (compared as `assert_same` does: a missing sample is NaN, never equal to itself).
            let (same_blob, as_stored) = store::encode_stored(&r).unwrap();
            let what = entry.path.display().to_string();
            assert!(same_blob == blob, "{what}: encode_stored's blob");
            assert_same(
                &back,
                &as_stored,
                &format!("{what}: encode_stored's recording"),
            );
            assert!(
                store::encode(&as_stored) == blob,
                "{what}: encode_stored's recording"
            );
            raw += std::fs::metadata(&entry.path).unwrap().len() as usize;
            stored += blob.len();
            checked += 1;
        }
    }
    assert!(checked > 200, "only {checked} recordings checked");
    // The blob is meant to be compact: smaller than the files it came from, taken together.
    assert!(stored < raw, "blobs {stored} bytes, files {raw} bytes");
}

#[test]
fn damaged_blobs_are_refused() {
    let entry = manifest()
        .into_iter()
        .find(|e| e.path.extension().is_some_and(|x| x == "fit") && read(e).is_ok())
        .unwrap();
    let blob = store::encode(&read(&entry).unwrap()[0]);
    assert!(store::decode(b"").is_err());
    assert!(
        store::decode(b"LAPS\x09rest")
            .unwrap_err()
            .0
            .contains("version")
    );
    assert!(store::decode(&blob[..blob.len() / 2]).is_err());
    let mut wrong_magic = blob.clone();
    wrong_magic[0] = b'X';
    assert!(store::decode(&wrong_magic).is_err());
}

proptest! {
    /// Any bytes after a valid header decode to an error or a recording, never a panic or a
    /// huge allocation.
    #[test]
    fn arbitrary_bodies_never_panic(body in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut deflate = flate2::write::DeflateEncoder::new(b"LAPS\x01".to_vec(), flate2::Compression::fast());
        std::io::Write::write_all(&mut deflate, &body).unwrap();
        let _ = store::decode(&deflate.finish().unwrap());
    }
}
