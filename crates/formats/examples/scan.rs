//! Reads every file given and prints a one-line summary: `cargo run -p formats --example scan -- FILE...`.
use std::{env, fs};

fn main() {
    for path in env::args().skip(1) {
        let bytes = fs::read(&path).expect("readable file");
        match formats::read_all(&bytes, &formats::Options::default()) {
            Ok(all) => all.iter().for_each(|r| println!(
                "OK   {path}: sport={} start={} dur={}s dist={:?} laps={} sessions={} samples={} hr={} pos={} rr={} warn={:?}",
                r.sport.name(),
                r.start,
                r.duration_ms() / 1000,
                r.distance_m().map(f64::round),
                r.laps.len(),
                r.sessions.len(),
                r.samples.len(),
                r.samples.count(formats::Stream::HeartRate),
                r.samples.count(formats::Stream::Position),
                r.rr_intervals_ms.len(),
                r.warnings
            )),
            Err(e) => println!("ERR  {path}: {e}"),
        }
    }
}
