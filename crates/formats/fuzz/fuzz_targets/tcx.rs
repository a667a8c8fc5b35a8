//! Fuzz target: the TCX reader must never panic; whatever it reads and [`formats::sanitize`]
//! accepts must write to every format and read back through the guarded `read_all`, with the
//! default limits. Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run tcx` in crates/formats.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = formats::Options::default();
    let result = formats::tcx::read_all(data, &options).map(|mut all| all.swap_remove(0))
        .and_then(|mut recording| formats::sanitize(&mut recording, &options).map(|()| recording));
    if let Ok(recording) = result {
        for format in [formats::OutputFormat::Fit, formats::OutputFormat::Tcx, formats::OutputFormat::Gpx, formats::OutputFormat::Hrm, formats::OutputFormat::Csv] {
            let bytes = formats::write(&recording, format);
            if bytes.is_empty() {
                // Only GPX of a recording without positions is refused (no empty file then).
                assert!(format == formats::OutputFormat::Gpx && !recording.samples.has(formats::Stream::Position), "{format:?} wrote nothing");
                continue;
            }
            if format != formats::OutputFormat::Csv {
                let options = formats::Options { local_utc_offset_minutes: recording.utc_offset_minutes.unwrap_or(0), ..options };
                // Our own output must read back.
                formats::read_all(&bytes, &options).expect("our own export reads back");
            }
        }
    }
});
