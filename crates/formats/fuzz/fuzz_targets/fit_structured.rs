//! Structure-aware fuzz target for the FIT reader: the input describes a FIT file
//! ([`formats_fuzz::fit_gen::FitFile`]) that is written with a correct header and CRC, so the
//! decoder's deep paths (definitions, compressed timestamps, developer fields, hr merging,
//! chained files, sanitizing) are reached. What `read_all` accepts with the default limits must
//! hold the invariants of a stored workout: times within the ranges, in order and within the
//! span limit, columns as long as the times, values within their ranges; the storage blob
//! round-trips; the FIT export reads back.
//! Run: `cargo +nightly fuzz run fit_structured` in crates/formats/fuzz.
#![no_main]

use formats::{Options, Recording, Samples};
use formats_fuzz::fit_gen::FitFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|file: FitFile| {
    let bytes = file.to_bytes();
    formats_fuzz::dump(&bytes);
    let options = Options::default();
    let Ok(recordings) = formats::read_all(&bytes, &options) else {
        return;
    };
    for recording in &recordings {
        check(recording, &options);
        let blob = formats::store::encode(recording);
        let back = formats::store::decode(&blob).expect("our own blob decodes");
        assert_eq!(
            back.samples.time, recording.samples.time,
            "the blob keeps the times"
        );
        assert!(
            formats::store::encode(&back) == blob,
            "a decoded blob encodes to the same blob"
        );
        let fit = formats::fit::write(recording);
        let options = Options {
            local_utc_offset_minutes: recording.utc_offset_minutes.unwrap_or(0),
            ..options
        };
        formats::read_all(&fit, &options).expect("our own FIT export reads back");
    }
});

fn check(recording: &Recording, options: &Options) {
    let Samples {
        time,
        latitude,
        longitude,
        altitude,
        distance,
        heart_rate,
        cadence,
        speed,
        power,
        temperature,
    } = &recording.samples;
    let ranges = &options.ranges;
    assert!(
        time.len() <= options.max_samples,
        "more samples than the limit"
    );
    for &t in time {
        assert!(
            t >= ranges.earliest && t <= ranges.latest,
            "sample time {t:?} outside the ranges"
        );
    }
    assert!(
        time.windows(2).all(|w| w[0] <= w[1]),
        "sample times run backwards"
    );
    if let (Some(first), Some(last)) = (time.first(), time.last()) {
        assert!(
            last.unix_ms() - first.unix_ms() <= options.max_span_ms(),
            "samples span more than the limit"
        );
    }
    for (name, column) in [
        ("latitude", latitude),
        ("longitude", longitude),
        ("distance", distance),
    ] {
        if let Some(column) = column {
            assert_eq!(column.len(), time.len(), "{name} column length");
        }
    }
    for (name, column, bounds) in [
        ("altitude", altitude, ranges.altitude),
        ("heart_rate", heart_rate, ranges.heart_rate),
        ("cadence", cadence, ranges.cadence),
        ("speed", speed, ranges.speed),
        ("power", power, ranges.power),
        ("temperature", temperature, ranges.temperature),
    ] {
        if let Some(column) = column {
            assert_eq!(column.len(), time.len(), "{name} column length");
            for &v in column.iter().filter(|v| !v.is_nan()) {
                assert!(
                    bounds.contains(f64::from(v)),
                    "{name} {v} outside its range"
                );
            }
        }
    }
    if let Some(distance) = distance {
        for &v in distance.iter().filter(|v| !v.is_nan()) {
            assert!(
                ranges.distance.contains(v),
                "distance {v} outside its range"
            );
        }
    }
}
