//! Prints Laps' FIT message counts per file as JSON lines (to compare with other decoders).
fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("readable file");
        match formats::fit::statistics(&bytes) {
            Ok(s) => println!(
                "{{\"path\": \"{path}\", \"records\": {}, \"laps\": {}, \"sessions\": {}, \"heart_rate_sum\": {}}}",
                s.records, s.laps, s.sessions, s.heart_rate_sum
            ),
            Err(e) => println!("{{\"path\": \"{path}\", \"error\": \"{e}\"}}"),
        }
    }
}
