//! Reads the given files many times (for profiling): `timeloop N FILE...`.
fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().unwrap().parse().unwrap();
    let files: Vec<Vec<u8>> = args.map(|p| std::fs::read(p).unwrap()).collect();
    let options = formats::Options::default();
    let start = std::time::Instant::now();
    let mut samples = 0;
    for _ in 0..n {
        for f in &files {
            samples += formats::read_all(f, &options)
                .map(|r| r[0].samples.len())
                .unwrap_or(0);
        }
    }
    let bytes: usize = files.iter().map(Vec::len).sum::<usize>() * n;
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{:.1} MB/s, {:.2} M samples/s",
        bytes as f64 / secs / 1e6,
        samples as f64 / secs / 1e6
    );
}
