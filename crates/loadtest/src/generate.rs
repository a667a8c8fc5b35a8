//! A decade of workouts: runs, rides and swims most days, 20 to 90 minutes at 1 Hz with heart
//! rate, position, altitude and distance, written as FIT files by Laps' own writer.

use std::path::Path;

use formats::{Lap, OutputFormat, Recording, SamplesBuilder, Session, Sport, Timestamp, Totals};

/// A small deterministic generator (xorshift), so every run writes the same files.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn workout(rng: &mut Rng, start: Timestamp, seconds: i64, sport: Sport) -> Recording {
    let speed = match sport {
        Sport::Cycling => 7.5,
        Sport::Swimming => 0.9,
        _ => 3.1,
    };
    let (mut lat, mut lon) = (52.52 + rng.next() * 0.1, 13.40 + rng.next() * 0.1);
    let heading = rng.next() * std::f64::consts::TAU;
    let mut b = SamplesBuilder::new();
    let (mut distance, mut hr, mut alt) = (0.0, 95.0, 40.0 + rng.next() * 50.0);
    for s in 0..seconds {
        let v = speed * (0.85 + 0.3 * rng.next());
        distance += v;
        lat += v * heading.cos() / 111_320.0;
        lon += v * heading.sin() / 68_000.0;
        hr += (150.0 - hr) * 0.01 + (rng.next() - 0.5) * 2.0;
        alt += (rng.next() - 0.5) * 0.6;
        b.push_row(start.add_ms(s * 1000));
        b.latitude(lat);
        b.longitude(lon);
        b.altitude(alt as f32);
        b.distance(distance);
        b.heart_rate(hr.round() as f32);
        b.speed(v as f32);
    }
    let totals = Totals {
        elapsed_ms: seconds * 1000,
        timer_ms: Some(seconds * 1000),
        distance_m: Some(distance),
        ..Totals::default()
    };
    Recording {
        format: Some(formats::Format::Fit),
        sport,
        start,
        utc_offset_minutes: Some(60),
        sessions: vec![Session {
            sport,
            sub_sport: None,
            start,
            totals,
            laps: 0..1,
        }],
        laps: vec![Lap {
            start,
            totals,
            ..Lap::default()
        }],
        samples: b.finish(),
        ..Recording::default()
    }
}

/// Writes `count` workouts over the ten years to 2025-12-31, one every day or so; all of
/// `minutes` when given.
pub fn decade(out: &Path, count: u32, minutes: Option<u32>) -> anyhow::Result<()> {
    std::fs::create_dir_all(out)?;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    // 2016-01-01T06:00Z; one workout about every 0.9 days.
    let first = Timestamp::from_unix_s(1_451_628_000);
    let step_ms = (3_653.0 * 86_400_000.0 / f64::from(count.max(1))) as i64;
    let mut bytes = 0u64;
    for i in 0..count {
        let start = first.add_ms(i64::from(i) * step_ms + (rng.next() * 3_600_000.0) as i64);
        let (sport, seconds) = if let Some(m) = minutes {
            (Sport::Running, i64::from(m) * 60)
        } else if i == count / 2 {
            // The long ride the workout-page measurement opens: 4 hours at 1 Hz.
            (Sport::Cycling, 4 * 3600)
        } else {
            let sport = [
                Sport::Running,
                Sport::Running,
                Sport::Cycling,
                Sport::Swimming,
            ][i as usize % 4];
            (sport, 1200 + (rng.next() * 4200.0) as i64)
        };
        let file = formats::write(&workout(&mut rng, start, seconds, sport), OutputFormat::Fit);
        bytes += file.len() as u64;
        std::fs::write(out.join(format!("w{i:05}.fit")), file)?;
    }
    println!(
        "{count} workouts, {:.1} MB, in {}",
        bytes as f64 / 1e6,
        out.display()
    );
    Ok(())
}
