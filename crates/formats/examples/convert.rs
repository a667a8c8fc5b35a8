//! Converts a file by the output's extension: `cargo run -p formats --example convert -- IN OUT`.
fn main() {
    let mut args = std::env::args().skip(1);
    let (input, output) = (args.next().expect("IN"), args.next().expect("OUT"));
    let bytes = std::fs::read(&input).expect("readable input");
    let recording = formats::read(&bytes, &formats::Options::default()).expect("readable workout");
    let format = output
        .rsplit('.')
        .next()
        .and_then(formats::OutputFormat::from_extension)
        .expect("a known extension");
    std::fs::write(&output, formats::write(&recording, format)).expect("writable output");
}
