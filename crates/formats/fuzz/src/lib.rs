//! Structure-aware inputs for the fuzz targets: descriptions that `arbitrary` fills from the
//! fuzzer's bytes and that serialise to inputs the code under test takes seriously (a FIT file
//! with a correct header and CRC, a sync batch that is valid JSON), so that the fuzzer spends
//! its time in the decoders' deep paths instead of at their first check.

pub mod fit_gen;
pub mod sync_gen;

/// Writes `bytes` to the file named by `LAPS_FUZZ_DUMP`, when set: how a structure-aware crash
/// becomes the byte literal of a regression test (`LAPS_FUZZ_DUMP=/tmp/x cargo fuzz run
/// <target> <artifact>`).
pub fn dump(bytes: &[u8]) {
    static PATH: std::sync::OnceLock<Option<std::path::PathBuf>> = std::sync::OnceLock::new();
    if let Some(path) = PATH.get_or_init(|| std::env::var_os("LAPS_FUZZ_DUMP").map(Into::into)) {
        std::fs::write(path, bytes).expect("LAPS_FUZZ_DUMP is writable");
    }
}
