//! `laps-load apple-export`: a synthetic Apple Health export of any size, written as Apple
//! zips it (`apple_health_export/export.xml` with its long DTD, and a route file per workout),
//! streamed into the zip so that the tool itself stays small whatever the size.

use std::io::Write as _;
use std::path::Path;

use anyhow::Context as _;
use archives::apple::synthetic::Synthetic;

/// Writes an export of `days` days (about a megabyte of XML each, a workout a day) to `out`;
/// prints its sizes.
pub fn write(out: &Path, days: u32) -> anyhow::Result<()> {
    let export = Synthetic {
        days,
        ..Synthetic::default()
    };
    let file = std::fs::File::create(out).with_context(|| format!("{}", out.display()))?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("apple_health_export/export.xml", options)?;
    let xml = std::io::copy(&mut export.export_xml(), &mut zip)?;
    let workouts = export.workouts();
    for w in &workouts {
        zip.start_file(format!("apple_health_export/{}", w.route), options)?;
        zip.write_all(export.route_gpx(w).as_bytes())?;
    }
    zip.start_file("apple_health_export/export_cda.xml", options)?;
    zip.write_all(b"<?xml version=\"1.0\"?>\n<ClinicalDocument/>\n")?;
    zip.finish()?.flush()?;
    let zipped = std::fs::metadata(out)?.len();
    println!(
        "{}: export.xml {:.0} MB, {} workouts over {days} days, {:.0} MB zipped",
        out.display(),
        xml as f64 / 1e6,
        workouts.len(),
        zipped as f64 / 1e6
    );
    Ok(())
}
