//! `laps inspect` and `laps convert`: workout files on the command line.

use std::path::{Path, PathBuf};

use clap::Args;
use formats::{Options, OutputFormat, Recording, Stream};
use serde_json::{Value, json};

/// `laps inspect FILE...`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The files
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// UTC offset to read local-time files (HRM) in, e.g. +02:00 [default: +00:00]
    #[arg(long, value_name = "OFFSET", allow_hyphen_values = true, value_parser = parse_offset)]
    utc_offset: Option<i32>,
    /// Add each file's best efforts as an import would store them: fastest times over the
    /// standard distances, the longest distance, the best mean power and heart rate over
    /// standard durations, normalized power
    #[arg(long)]
    bests: bool,
}

impl InspectArgs {
    /// Runs [`inspect`] over the files.
    pub fn run(&self) -> Result<(), FileError> {
        inspect(&self.files, &read_options(self.utc_offset), self.bests)
    }
}

/// `laps convert IN OUT [--gpx GPX] [--utc-offset OFFSET]`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The file to read
    input: PathBuf,
    /// The file to write
    output: PathBuf,
    /// The GPX track recorded with an HRM file: merged into it by time
    #[arg(long, value_name = "GPX")]
    gpx: Option<PathBuf>,
    /// UTC offset to read local-time files (HRM) in, e.g. +02:00 [default: +00:00, or what an HRM + GPX pair shows]
    #[arg(long, value_name = "OFFSET", allow_hyphen_values = true, value_parser = parse_offset)]
    utc_offset: Option<i32>,
}

impl ConvertArgs {
    /// Runs [`convert`] on the files.
    pub fn run(&self) -> Result<(), FileError> {
        convert(
            &self.input,
            &self.output,
            self.gpx.as_deref(),
            &read_options(self.utc_offset),
        )
    }
}

/// `+02:00`, `-0530` or minutes (`120`) to minutes east of UTC.
fn parse_offset(text: &str) -> Result<i32, String> {
    let bad = || format!("{text:?} is not a UTC offset like +02:00 or -05:30");
    let (sign, rest) = match text.as_bytes().first() {
        Some(b'+') => (1, &text[1..]),
        Some(b'-') => (-1, &text[1..]),
        _ => (1, text),
    };
    let minutes = if let Some((h, m)) = rest.split_once(':') {
        h.parse::<i32>().map_err(|_| bad())? * 60 + m.parse::<i32>().map_err(|_| bad())?
    } else if rest.len() == 4 && text.starts_with(['+', '-']) {
        rest[..2].parse::<i32>().map_err(|_| bad())? * 60
            + rest[2..].parse::<i32>().map_err(|_| bad())?
    } else {
        rest.parse::<i32>().map_err(|_| bad())?
    };
    if minutes > 14 * 60 {
        return Err(bad());
    }
    Ok(sign * minutes)
}

/// The codec options for a `--utc-offset` (none: UTC).
fn read_options(utc_offset: Option<i32>) -> Options {
    Options {
        local_utc_offset_minutes: utc_offset.unwrap_or(0),
        ..Options::default()
    }
}

/// Why a file command failed: the input was invalid (exit 1) or the command was misused (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The input file could not be read as a workout; the text names the file, where and what.
    #[error("{0}")]
    Invalid(String),
    /// The command line asked for something impossible (an unknown output extension, ...).
    #[error("{0}")]
    Usage(String),
}

fn read(path: &Path, options: &Options) -> Result<Vec<Recording>, FileError> {
    let bytes = std::fs::read(path).map_err(|e| {
        FileError::Invalid(format!("{}: cannot read the file: {e}", path.display()))
    })?;
    formats::read_all(&bytes, options)
        .map_err(|e| FileError::Invalid(format!("{}: {e}", path.display())))
}

/// The JSON summary of one recording.
pub fn summary(path: &Path, all: &[Recording]) -> Value {
    let r = &all[0];
    let device = r.device.as_ref().map(|d| {
        json!({
            "manufacturer": d.manufacturer,
            "product": d.product,
            "product_id": d.product_id,
            "serial": d.serial,
            "software": d.software,
        })
    });
    let streams: Vec<&str> = r.streams().into_iter().map(Stream::name).collect();
    json!({
        "file": path.display().to_string(),
        "format": r.format.map(formats::Format::extension),
        "activities": all.len(),
        "sport": r.sport.name(),
        "sub_sport": r.sub_sport,
        "start": r.start.to_string(),
        "utc_offset_minutes": r.utc_offset_minutes,
        "duration_s": r.duration_ms() as f64 / 1000.0,
        "timer_s": r.timer_ms() as f64 / 1000.0,
        "moving_time_s": r.moving_ms() as f64 / 1000.0,
        "distance_m": r.distance_m().map(|d| (d * 100.0).round() / 100.0),
        "sessions": r.sessions.len(),
        "laps": r.laps.len(),
        "pauses": r.pauses.len(),
        "samples": r.samples.len(),
        "streams": streams,
        "rr_intervals": r.rr_intervals_ms.len(),
        "device": device,
        "warnings": r.warnings,
    })
}

/// A recording's best efforts as an import computes them (`training::analyse`, with the
/// file's sport), rounded for reading.
pub fn bests(r: &Recording) -> Value {
    let a = training::analyse(r, r.sport);
    let round = |x: f64, places: i32| {
        let scale = 10_f64.powi(places);
        (x * scale).round() / scale
    };
    let curve = |points: &[training::CurvePoint], places| {
        points
            .iter()
            .map(|p| json!({"duration_s": p.duration_s, "value": round(p.value, places)}))
            .collect::<Vec<_>>()
    };
    json!({
        "distances": a.distance_efforts.iter().map(|e| json!({
            "distance_m": e.target_m,
            "seconds": round(e.seconds, 1),
            "start_offset_s": round(e.start_offset_s, 1),
        })).collect::<Vec<_>>(),
        "longest_m": a.longest_m.map(|m| round(m, 1)),
        "power_w": curve(&a.power_curve, 1),
        "heart_rate_bpm": curve(&a.hr_curve, 1),
        "normalized_power_w": a.normalized_power.map(|w| round(w, 1)),
        "indoor": a.indoor,
        "dropped_samples": a.dropped_samples,
    })
}

/// `laps inspect FILE...`: one JSON object per file on standard output. Every file is tried;
/// the first invalid one decides the exit status.
fn inspect(files: &[PathBuf], options: &Options, with_bests: bool) -> Result<(), FileError> {
    let mut first_error = None;
    for path in files {
        match read(path, options) {
            Ok(all) => {
                let mut line = summary(path, &all);
                if with_bests {
                    line["bests"] = bests(&all[0]);
                }
                println!("{line}");
            }
            Err(error) => {
                #[allow(clippy::print_stderr)] // the command's report of a bad file
                {
                    eprintln!("{error}");
                }
                first_error.get_or_insert(error);
            }
        }
    }
    first_error.map_or(Ok(()), |e| Err(FileError::Invalid(format!("{e}"))))
}

/// `laps convert IN OUT [--gpx GPX]`: converts by OUT's extension; with `--gpx`, IN is an HRM
/// file merged with the GPX track of the same session.
fn convert(
    input: &Path,
    output: &Path,
    gpx: Option<&Path>,
    options: &Options,
) -> Result<(), FileError> {
    let extension = output
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    let format = OutputFormat::from_extension(extension).ok_or_else(|| {
        FileError::Usage(format!(
            "{}: unknown output format {extension:?} (use fit, tcx, gpx, hrm or csv)",
            output.display()
        ))
    })?;
    let mut recording = read(input, options)?.swap_remove(0);
    if let Some(gpx_path) = gpx {
        if recording.format != Some(formats::Format::Hrm) {
            return Err(FileError::Usage(format!(
                "{}: --gpx goes with an HRM file",
                input.display()
            )));
        }
        let track = read(gpx_path, options)?.swap_remove(0);
        recording = formats::hrm::merge_gpx(recording, &track).map_err(|e| {
            FileError::Invalid(format!("{} + {}: {e}", input.display(), gpx_path.display()))
        })?;
    }
    std::fs::write(output, formats::write(&recording, format))
        .map_err(|e| FileError::Usage(format!("{}: cannot write the file: {e}", output.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_offsets_parse_in_the_usual_forms() {
        assert_eq!(parse_offset("+02:00"), Ok(120));
        assert_eq!(parse_offset("-05:30"), Ok(-330));
        assert_eq!(parse_offset("+0545"), Ok(345));
        assert_eq!(parse_offset("-60"), Ok(-60));
        assert!(parse_offset("+25:00").is_err());
        assert!(parse_offset("noon").is_err());
    }
}
