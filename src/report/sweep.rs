//! The chart of a sweep: outcome probabilities against the first swept
//! value, drawn from the sweep's rows.

use std::collections::HashSet;

use super::chart::{ChartError, OUTCOME_COLOURS, PALETTE, Series, lines_with_bands};
use crate::model::record::Outcome;
use crate::montecarlo::sweep::{Axis, SweepRow};

/// Every outcome for a one-parameter sweep; P(consensus) per combination of
/// the other parameters otherwise.
pub fn chart(axes: &[Axis], rows: &[SweepRow]) -> Result<String, ChartError> {
    // Legend entries are cut to fit: name the other axes by the shortest
    // ends of their paths that tell them apart, so the values stay visible.
    let short = short_names(&axes[1..].iter().map(|a| a.path.as_str()).collect::<Vec<_>>());
    let mut series: Vec<Series> = Vec::new();
    let mut push = |name: String, row: &SweepRow, o: Outcome| {
        let [p, lo, hi] = row.outcomes[o];
        let point = (row.point[0], p, lo, hi);
        match series.iter_mut().find(|s| s.name == name) {
            Some(s) => s.points.push(point),
            None => series.push(Series { name, points: vec![point] }),
        }
    };
    for row in rows {
        if axes.len() == 1 {
            for o in Outcome::ALL {
                push(o.key().to_string(), row, o);
            }
        } else {
            let others: Vec<String> =
                short.iter().zip(&row.point[1..]).map(|(name, v)| format!("{name}={v}")).collect();
            push(others.join(", "), row, Outcome::Consensus);
        }
    }
    for s in &mut series {
        s.points.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    // One axis: a series per outcome, in the report's outcome colours.
    let (title, colours) = if axes.len() == 1 {
        ("Outcome probabilities (95% intervals)", &OUTCOME_COLOURS[..])
    } else {
        ("P(consensus) (95% intervals)", &PALETTE[..])
    };
    lines_with_bands(title, &axes[0].path, "probability", &series, colours)
}

/// The shortest ends of `paths` (whole dot-separated steps) that are all
/// different: `delegations.LAG.behaviour.vote_call` and `mediator.skill`
/// become `vote_call` and `skill`; two `vote_call`s keep their delegation.
fn short_names(paths: &[&str]) -> Vec<String> {
    // `behaviour.` may be left out of a path, so it tells nothing apart.
    let paths: Vec<String> = paths.iter().map(|p| p.replace(".behaviour.", ".")).collect();
    let longest = paths.iter().map(|p| p.split('.').count()).max().unwrap_or(1);
    for k in 1..=longest {
        let ends: Vec<String> = paths
            .iter()
            .map(|p| {
                let steps: Vec<&str> = p.split('.').collect();
                steps[steps.len().saturating_sub(k)..].join(".")
            })
            .collect();
        let distinct: HashSet<&String> = ends.iter().collect();
        if distinct.len() == ends.len() {
            return ends;
        }
    }
    paths
}

#[cfg(test)]
mod tests {
    use super::short_names;

    #[test]
    fn legend_names_are_the_shortest_ends_that_differ() {
        assert_eq!(short_names(&["mediator.skill", "collapse_share"]), ["skill", "collapse_share"]);
        assert_eq!(
            short_names(&["delegations.LAG.behaviour.vote_call", "delegations.HAG.vote_call"]),
            ["LAG.vote_call", "HAG.vote_call"]
        );
        assert_eq!(short_names(&["delegations.USA.vote_call"]), ["vote_call"]);
    }
}
