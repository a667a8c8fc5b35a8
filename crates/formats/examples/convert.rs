//! Converts a file by the output's extension: `cargo run -p formats --example convert -- IN OUT`.
fn main() {
    let mut args = std::env::args().skip(1);
    let (input, output) = (args.next().expect("IN"), args.next().expect("OUT"));
    let bytes = std::fs::read(&input).expect("readable input");
    let recording = formats::read(&bytes, &formats::Options::default()).expect("readable workout");
    let out: Vec<u8> = match output.rsplit('.').next().unwrap_or_default() {
        "fit" => formats::fit::write(&recording),
        "tcx" => formats::tcx::write(&recording).into_bytes(),
        "gpx" => formats::gpx::write(&recording).into_bytes(),
        "hrm" => formats::hrm::write(&recording).into_bytes(),
        other => panic!("unknown extension {other}"),
    };
    std::fs::write(&output, out).expect("writable output");
}
