//! The pyfitness rides (`fit/pyfitness__*_power5_NNN.fit`) carry their rider's best 5-minute
//! power in their names: NNN is the floor of the best 300 s mean, in watts.

use crate::corpus::{files, name, read};

#[test]
fn best_five_minute_power_matches_the_label_of_every_pyfitness_ride() {
    let rides = files("fit", |n| {
        n.starts_with("pyfitness__") && n.contains("_power5_")
    });
    assert!(
        rides.len() >= 10,
        "the pyfitness rides are in the corpus: {rides:?}"
    );
    let mut wrong = Vec::new();
    for path in &rides {
        let label: u32 = name(path)
            .rsplit_once("_power5_")
            .and_then(|(_, rest)| rest.strip_suffix(".fit"))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no label in {}", name(path)));
        let recording = read(path).into_iter().next().expect("the ride reads");
        let analysis = training::analyse(&recording, domain::Sport::Cycling);
        let five = analysis.power_curve.iter().find(|p| p.duration_s == 300);
        let ours = five.map(|p| p.value.floor() as u32);
        if ours != Some(label) {
            wrong.push(format!("{}: {five:?}", name(path)));
        }
    }
    assert!(
        wrong.is_empty(),
        "best 5-minute power not as labelled:\n{}",
        wrong.join("\n")
    );
}
