//! Fuzz target: the storage blob decoder must never panic on damaged data, and whatever it
//! decodes must encode and decode again. The input is used as the blob's body (deflated here,
//! so the fuzzer explores the body format rather than deflate) and as a raw blob.
//! Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run store` in crates/formats.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = formats::store::decode(data);
    let mut blob = flate2::write::DeflateEncoder::new(b"LAPS\x01".to_vec(), flate2::Compression::fast());
    blob.write_all(data).unwrap();
    if let Ok(recording) = formats::store::decode(&blob.finish().unwrap()) {
        let again = formats::store::encode(&recording);
        formats::store::decode(&again).expect("our own blob decodes");
    }
});
