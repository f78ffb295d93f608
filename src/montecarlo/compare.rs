//! Comparing scenarios with common random numbers: every scenario runs run i
//! with the same seed and stream, and the difference in an outcome's
//! probability is estimated from the paired runs.

use serde::{Deserialize, Serialize};

use super::batch::Collector;
use super::interval::{Z95, paired_difference};
use super::tally::{Counts, Overflow};
use crate::model::record::{Outcome, PerOutcome, RunRecord};

/// For one variant against the base, per outcome: runs where both ended in
/// it, only the base, only the variant.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairCounts {
    /// Runs where base and variant both ended in the outcome.
    pub both: PerOutcome<u64>,
    /// Runs where only the base did.
    pub base_only: PerOutcome<u64>,
    /// Runs where only the variant did.
    pub variant_only: PerOutcome<u64>,
}

impl Counts for PairCounts {
    fn absorb(&mut self, o: &Self) -> Result<(), Overflow> {
        let PairCounts { both, base_only, variant_only } = self;
        both.absorb(&o.both)?;
        base_only.absorb(&o.base_only)?;
        variant_only.absorb(&o.variant_only)
    }
}

/// The paired tallies of a base (`records[0]`) and its variants.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompareTally {
    /// Runs folded in (each of every scenario).
    pub runs: u64,
    /// Outcome counts per scenario (base first).
    pub outcomes: Vec<PerOutcome<u64>>,
    /// One per variant.
    pub pairs: Vec<PairCounts>,
}

impl CompareTally {
    /// An empty tally for a base and `variants` variants.
    pub fn new(variants: usize) -> Self {
        CompareTally {
            runs: 0,
            outcomes: vec![PerOutcome::default(); variants + 1],
            pairs: vec![PairCounts::default(); variants],
        }
    }

    /// The difference P_variant(o) - P_base(o) with a 95% interval from the
    /// paired runs ([`paired_difference`]): only runs where the two
    /// scenarios end differently add variance, which is what common random
    /// numbers shrink.
    pub fn difference(&self, variant: usize, outcome: Outcome) -> (f64, [f64; 2]) {
        let pair = &self.pairs[variant];
        paired_difference(pair.variant_only[outcome], pair.base_only[outcome], self.runs, Z95)
    }
}

impl Collector for CompareTally {
    /// Adds the run as a tally of one run, so that adding and merging are
    /// the same sums.
    fn add(&mut self, _run: u64, records: &[&RunRecord]) -> Result<(), Overflow> {
        let outcome = |r: &RunRecord| r.outcome.unwrap_or(Outcome::NoText);
        let one = |o: Outcome| PerOutcome::from_fn(|k| u64::from(k == o));
        let base = outcome(records[0]);
        let run = CompareTally {
            runs: 1,
            outcomes: records.iter().map(|r| one(outcome(r))).collect(),
            pairs: records[1..]
                .iter()
                .map(|r| {
                    let v = outcome(r);
                    let none = PerOutcome::default();
                    if v == base {
                        PairCounts { both: one(v), base_only: none, variant_only: none }
                    } else {
                        PairCounts { both: none, base_only: one(base), variant_only: one(v) }
                    }
                })
                .collect(),
        };
        self.merge(run)
    }

    fn merge(&mut self, other: Self) -> Result<(), Overflow> {
        let CompareTally { runs, outcomes, pairs } = self;
        runs.absorb(&other.runs).map_err(|_| Overflow { field: "runs".into() })?;
        outcomes.absorb(&other.outcomes).map_err(|e| e.within("outcomes"))?;
        pairs.absorb(&other.pairs).map_err(|e| e.within("pairs"))
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
            t.add(0, &[&r, &r]).unwrap();
        }
        let (d, ci) = t.difference(0, Outcome::Consensus);
        assert_eq!((d, ci), paired_difference(0, 0, 3, Z95));
        assert_eq!(d, 0.0);
        assert_eq!(t.pairs[0].both.values(), &[2, 0, 0, 1]);
    }

    #[test]
    fn paired_counts_are_the_runs_that_disagree() {
        // 10 runs: base consensus in 6, variant in 4; they disagree in 2 runs.
        let mut t = CompareTally::new(1);
        let (mut a, mut b) = (RunRecord::default(), RunRecord::default());
        for i in 0..10 {
            a.outcome = Some(if i < 6 { Outcome::Consensus } else { Outcome::NoText });
            b.outcome = Some(if i < 4 { Outcome::Consensus } else { Outcome::NoText });
            t.add(0, &[&a, &b]).unwrap();
        }
        assert_eq!(t.difference(0, Outcome::Consensus), paired_difference(0, 2, 10, Z95));
        assert_eq!(t.difference(0, Outcome::NoText), paired_difference(2, 0, 10, Z95));
        let outcomes: Vec<[u64; 4]> = t.outcomes.iter().map(|o| *o.values()).collect();
        assert_eq!(outcomes, vec![[6, 0, 0, 4], [4, 0, 0, 6]]);
    }
}
