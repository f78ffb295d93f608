//! `plenary compare` as data and as text.

use serde::{Deserialize, Serialize};

use super::share::{percent, points, points_interval};
use super::width::prose;
use crate::model::record::Outcome;
use crate::montecarlo::{CompareTally, Estimate};
use crate::scenario::Scenario;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeDifference {
    pub outcome: Outcome,
    pub base: Estimate,
    pub variant: Estimate,
    /// P_variant - P_base, from paired runs (common random numbers).
    pub difference: f64,
    pub difference_ci95: [f64; 2],
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VariantReport {
    pub scenario: String,
    pub outcomes: Vec<OutcomeDifference>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
/// The result of `plenary compare`: each variant against the base, on the same seeds.
pub struct CompareReport {
    /// The base scenario's name.
    pub base: String,
    /// The master seed.
    pub seed: u64,
    /// Runs of every scenario.
    pub runs: u64,
    /// One per variant, in the order given.
    pub variants: Vec<VariantReport>,
}

impl CompareReport {
    /// The report of a paired tally of a base and its variants.
    pub fn new(base: &Scenario, variants: &[Scenario], seed: u64, t: &CompareTally) -> Self {
        let variants = variants
            .iter()
            .enumerate()
            .map(|(v, s)| VariantReport {
                scenario: s.name.clone(),
                outcomes: Outcome::ALL
                    .iter()
                    .map(|&o| {
                        let (difference, difference_ci95) = t.difference(v, o);
                        OutcomeDifference {
                            outcome: o,
                            base: Estimate::new(t.outcomes[0][o], t.runs),
                            variant: Estimate::new(t.outcomes[v + 1][o], t.runs),
                            difference,
                            difference_ci95,
                        }
                    })
                    .collect(),
            })
            .collect();
        CompareReport { base: base.name.clone(), seed, runs: t.runs, variants }
    }

    /// The report as a table for a terminal.
    pub fn to_text(&self) -> String {
        let pct = |p: f64| format!("{:>7}", percent(p));
        let mut o = String::new();
        prose(
            &mut o,
            0,
            2,
            &format!(
                "Base: {} ({} runs, seed {}; every scenario runs the same seeds)",
                self.base, self.runs, self.seed
            ),
        );
        for v in &self.variants {
            o += "\n";
            prose(&mut o, 0, 2, &v.scenario);
            o += &format!(
                "  {:<18} {:>8} {:>9} {:>11}   95% interval\n",
                "outcome", "base", "variant", "difference"
            );
            for d in &v.outcomes {
                o += &format!(
                    "  {:<18} {} {}   {:>8} pp   {} pp\n",
                    d.outcome,
                    pct(d.base.p),
                    pct(d.variant.p),
                    points(d.difference),
                    points_interval(d.difference_ci95)
                );
            }
        }
        o
    }
}
