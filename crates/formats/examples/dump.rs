//! Prints the laps, sessions and pauses of a file: `cargo run -p formats --example dump -- FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("a file");
    let bytes = std::fs::read(&path).expect("readable file");
    let r = formats::read(&bytes, &formats::Options::default()).expect("readable workout");
    println!(
        "start {} offset {:?} device {:?}",
        r.start, r.utc_offset_minutes, r.device
    );
    for s in &r.sessions {
        println!(
            "session {:?} {} {:?} laps {:?}",
            s.sport, s.start, s.totals, s.laps
        );
    }
    for l in &r.laps {
        println!(
            "lap {} {:?} {:?} {:?}",
            l.start, l.trigger, l.intensity, l.totals
        );
    }
    println!("pauses {:?}", r.pauses);
    println!(
        "samples {} first {:?} last {:?}",
        r.samples.len(),
        r.samples.time.first(),
        r.samples.time.last()
    );
    println!("warnings {:?}", r.warnings);
}
