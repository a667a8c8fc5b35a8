//! Normalized power and the training stress it makes.

/// The window of the rolling mean normalized power is taken over, seconds (Coggan's 30 s:
/// about how long the body takes to respond to a change of effort).
pub const NP_WINDOW_S: usize = 30;

/// Normalized power of a 1 Hz power series (watts, no stops), as `sweat`'s
/// `weighted_average_power` (algorithm `"WAP"`) takes it: the 30 s rolling mean, the mean of
/// its 4th powers, the 4th root. Like pandas' `rolling(30, min_periods=1)` under sweat, the
/// first 29 seconds take the mean of the seconds so far rather than being left out.
///
/// `None` for an empty series.
pub fn normalized_power(watts: &[f64]) -> Option<f64> {
    if watts.is_empty() {
        return None;
    }
    let mut window = 0.0;
    let mut fourth_powers = 0.0;
    for (k, &w) in watts.iter().enumerate() {
        window += w;
        if k >= NP_WINDOW_S {
            window -= watts[k - NP_WINDOW_S];
        }
        let mean = window / (k + 1).min(NP_WINDOW_S) as f64;
        fourth_powers += mean.powi(4);
    }
    Some((fourth_powers / watts.len() as f64).powf(0.25))
}

/// The intensity factor and training stress score of an effort, from its normalized power
/// (W), the seconds that is over and the rider's functional threshold power (W):
/// `IF = NP / FTP` and `TSS = seconds × NP × IF / (FTP × 3600) × 100`, so an hour at FTP
/// scores 100.
///
/// An FTP that is not a positive number gives `(0, 0)`: there is no threshold to measure
/// the effort against.
pub fn training_stress(normalized_power: f64, seconds: f64, ftp_w: f64) -> (f64, f64) {
    if !ftp_w.is_finite() || ftp_w <= 0.0 {
        return (0.0, 0.0);
    }
    let intensity = normalized_power / ftp_w;
    let stress = seconds * normalized_power * intensity / (ftp_w * 3600.0) * 100.0;
    (intensity, stress)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steady_power_normalizes_to_itself() {
        let np = normalized_power(&[250.0; 600]).unwrap();
        assert!((np - 250.0).abs() < 1e-9, "{np}");
        assert_eq!(normalized_power(&[]), None);
    }

    #[test]
    fn surges_weigh_more_than_their_average() {
        // One minute on, one minute off: average 200 W, normalized well above.
        let watts: Vec<f64> = (0..3600)
            .map(|s| if s / 60 % 2 == 0 { 400.0 } else { 0.0 })
            .collect();
        let np = normalized_power(&watts).unwrap();
        assert!(np > 280.0 && np < 400.0, "{np}");
    }

    #[test]
    fn an_hour_at_threshold_is_a_hundred() {
        assert_eq!(training_stress(250.0, 3600.0, 250.0), (1.0, 100.0));
        let (intensity, stress) = training_stress(200.0, 1800.0, 250.0);
        assert!((intensity - 0.8).abs() < 1e-12);
        assert!((stress - 32.0).abs() < 1e-9);
        assert_eq!(training_stress(200.0, 1800.0, 0.0), (0.0, 0.0));
    }
}
