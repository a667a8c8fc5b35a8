//! The Prometheus text exposition format, version 0.0.4: `# HELP` and `# TYPE` lines, then
//! one sample per line, `name{label="value",...} value`.
//! (<https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format>)

use std::fmt::Write as _;

use super::histogram::Snapshot;

/// The Content-Type of the format.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// What a metric family is.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// Only goes up (restarts at zero with the process).
    Counter,
    /// Goes up and down.
    Gauge,
    /// Observations counted into buckets, with their sum and count.
    Histogram,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Counter => "counter",
            Self::Gauge => "gauge",
            Self::Histogram => "histogram",
        }
    }
}

/// Writes a scrape's text. Families must be written whole, one after another (the format
/// wants a family's samples together, after its `HELP` and `TYPE`).
#[derive(Debug, Default)]
pub struct Text {
    out: String,
}

impl Text {
    /// Starts a family: its help text and type.
    pub fn family(&mut self, name: &str, help: &str, kind: Kind) {
        // Writing to a String cannot fail.
        let _ = writeln!(self.out, "# HELP {name} {}", escape_help(help));
        let _ = writeln!(self.out, "# TYPE {name} {}", kind.as_str());
    }

    /// One sample of the current family.
    pub fn sample(&mut self, name: &str, labels: &[(&str, &str)], value: f64) {
        self.out.push_str(name);
        self.labels(labels, None);
        self.out.push(' ');
        push_value(&mut self.out, value);
        self.out.push('\n');
    }

    /// A histogram's samples (`_bucket` per bound, cumulative, then `+Inf`, `_sum`, `_count`).
    pub fn histogram(&mut self, name: &str, labels: &[(&str, &str)], histogram: &Snapshot) {
        let mut below = 0;
        let mut bound = String::new();
        for (upper, count) in histogram.buckets() {
            below += count;
            bound.clear();
            push_value(&mut bound, upper);
            let _ = write!(self.out, "{name}_bucket");
            self.labels(labels, Some(&bound));
            let _ = writeln!(self.out, " {below}");
        }
        let _ = write!(self.out, "{name}_sum");
        self.labels(labels, None);
        self.out.push(' ');
        push_value(&mut self.out, histogram.sum);
        let _ = write!(self.out, "\n{name}_count");
        self.labels(labels, None);
        let _ = writeln!(self.out, " {below}");
    }

    /// The text written.
    pub fn finish(self) -> String {
        self.out
    }

    fn labels(&mut self, labels: &[(&str, &str)], le: Option<&str>) {
        if labels.is_empty() && le.is_none() {
            return;
        }
        self.out.push('{');
        let all = labels.iter().copied().chain(le.map(|le| ("le", le)));
        for (i, (name, value)) in all.enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.out.push_str(name);
            self.out.push_str("=\"");
            escape_label_value(&mut self.out, value);
            self.out.push('"');
        }
        self.out.push('}');
    }
}

/// A value as the format writes it: `+Inf`, `-Inf`, `NaN`, or the shortest decimal that reads
/// back as the same number (Rust's `Display` never uses an exponent, which the format allows
/// but does not need).
fn push_value(out: &mut String, value: f64) {
    if value.is_nan() {
        out.push_str("NaN");
    } else if value == f64::INFINITY {
        out.push_str("+Inf");
    } else if value == f64::NEG_INFINITY {
        out.push_str("-Inf");
    } else {
        let _ = write!(out, "{value}");
    }
}

/// A label value inside its quotes: backslash, double quote and line feed escaped.
fn escape_label_value(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
}

/// A help text: backslash and line feed escaped (quotes are not, in `HELP`).
fn escape_help(help: &str) -> String {
    help.replace('\\', "\\\\").replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::histogram::Histogram;

    #[test]
    fn label_values_escape_backslash_quote_and_line_feed() {
        let mut text = Text::default();
        text.family("laps_x", "A test.", Kind::Gauge);
        text.sample("laps_x", &[("route", "a\\b\"c\nd"), ("m", "GET")], 1.0);
        assert_eq!(
            text.finish(),
            "# HELP laps_x A test.\n# TYPE laps_x gauge\nlaps_x{route=\"a\\\\b\\\"c\\nd\",m=\"GET\"} 1\n"
        );
    }

    #[test]
    fn help_escapes_backslash_and_line_feed_but_not_quotes() {
        let mut text = Text::default();
        text.family("laps_x_total", "Says \"hi\"\\\nthen more.", Kind::Counter);
        assert_eq!(
            text.finish(),
            "# HELP laps_x_total Says \"hi\"\\\\\\nthen more.\n# TYPE laps_x_total counter\n"
        );
    }

    #[test]
    fn values_are_plain_decimals_or_the_special_names() {
        let mut out = String::new();
        for value in [
            0.0,
            3.0,
            0.25,
            1e-7,
            12_345_678_901.0,
            f64::INFINITY,
            f64::NAN,
        ] {
            push_value(&mut out, value);
            out.push(' ');
        }
        assert_eq!(out, "0 3 0.25 0.0000001 12345678901 +Inf NaN ");
    }

    #[test]
    fn a_histogram_writes_cumulative_buckets_then_sum_and_count() {
        let histogram = Histogram::new(&[0.1, 1.0]);
        for seconds in [0.05, 0.5, 0.7, 3.0] {
            histogram.observe(seconds);
        }
        let mut text = Text::default();
        text.histogram("laps_t_seconds", &[("route", "/x")], &histogram.snapshot());
        assert_eq!(
            text.finish(),
            "laps_t_seconds_bucket{route=\"/x\",le=\"0.1\"} 1\n\
             laps_t_seconds_bucket{route=\"/x\",le=\"1\"} 3\n\
             laps_t_seconds_bucket{route=\"/x\",le=\"+Inf\"} 4\n\
             laps_t_seconds_sum{route=\"/x\"} 4.25\n\
             laps_t_seconds_count{route=\"/x\"} 4\n"
        );
    }
}
