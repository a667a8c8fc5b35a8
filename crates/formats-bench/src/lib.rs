//! Benchmarks live in `benches/codecs.rs`: `cargo bench -p formats-bench`.
#![forbid(unsafe_code)]
