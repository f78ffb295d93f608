//! Comparing scenarios with common random numbers: every scenario runs run i
//! with the same seed and stream, and the difference in an outcome's
//! probability is estimated from the paired runs.

use serde::{Deserialize, Serialize};

use super::batch::Collector;
use super::interval::{Z95, paired_difference};
use crate::model::record::{Outcome, RunRecord};

/// For one variant against the base, per outcome: runs where both ended in
/// it, only the base, only the variant.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairCounts {
    pub both: [u64; 4],
    pub base_only: [u64; 4],
    pub variant_only: [u64; 4],
}

/// The paired tallies of a base (`records[0]`) and its variants.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompareTally {
    pub runs: u64,
    /// Outcome counts per scenario (base first).
    pub outcomes: Vec<[u64; 4]>,
    /// One per variant.
    pub pairs: Vec<PairCounts>,
}

impl CompareTally {
    pub fn new(variants: usize) -> Self {
        CompareTally {
            runs: 0,
            outcomes: vec![[0; 4]; variants + 1],
            pairs: vec![PairCounts::default(); variants],
        }
    }

    /// The difference P_variant(o) - P_base(o) with a 95% interval from the
    /// paired runs ([`paired_difference`]): only runs where the two
    /// scenarios end differently add variance, which is what common random
    /// numbers shrink.
    pub fn difference(&self, variant: usize, outcome: Outcome) -> (f64, [f64; 2]) {
        let o = outcome.index();
        let pair = &self.pairs[variant];
        paired_difference(pair.variant_only[o], pair.base_only[o], self.runs, Z95)
    }
}

impl Collector for CompareTally {
    fn add(&mut self, records: &[&RunRecord]) {
        self.runs += 1;
        let outcome = |r: &RunRecord| r.outcome.unwrap_or(Outcome::NoText).index();
        let base = outcome(records[0]);
        for (counts, r) in self.outcomes.iter_mut().zip(records) {
            counts[outcome(r)] += 1;
        }
        for (pair, r) in self.pairs.iter_mut().zip(&records[1..]) {
            let v = outcome(r);
            if v == base {
                pair.both[v] += 1;
            } else {
                pair.base_only[base] += 1;
                pair.variant_only[v] += 1;
            }
        }
    }

    fn merge(&mut self, other: Self) {
        self.runs += other.runs;
        for (a, b) in self.outcomes.iter_mut().zip(&other.outcomes) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        for (a, b) in self.pairs.iter_mut().zip(&other.pairs) {
            for o in 0..4 {
                a.both[o] += b.both[o];
                a.base_only[o] += b.base_only[o];
                a.variant_only[o] += b.variant_only[o];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_scenarios_differ_by_exactly_zero() {
        let mut t = CompareTally::new(1);
        let mut r = RunRecord::default();
        for o in [Outcome::Consensus, Outcome::NoText, Outcome::Consensus] {
            r.outcome = Some(o);
            t.add(&[&r, &r]);
        }
        let (d, ci) = t.difference(0, Outcome::Consensus);
        assert_eq!((d, ci), paired_difference(0, 0, 3, Z95));
        assert_eq!(d, 0.0);
        assert_eq!(t.pairs[0].both, [2, 0, 0, 1]);
    }

    #[test]
    fn paired_counts_are_the_runs_that_disagree() {
        // 10 runs: base consensus in 6, variant in 4; they disagree in 2 runs.
        let mut t = CompareTally::new(1);
        let (mut a, mut b) = (RunRecord::default(), RunRecord::default());
        for i in 0..10 {
            a.outcome = Some(if i < 6 { Outcome::Consensus } else { Outcome::NoText });
            b.outcome = Some(if i < 4 { Outcome::Consensus } else { Outcome::NoText });
            t.add(&[&a, &b]);
        }
        assert_eq!(t.difference(0, Outcome::Consensus), paired_difference(0, 2, 10, Z95));
        assert_eq!(t.difference(0, Outcome::NoText), paired_difference(2, 0, 10, Z95));
        assert_eq!(t.outcomes, vec![[6, 0, 0, 4], [4, 0, 0, 6]]);
    }
}
