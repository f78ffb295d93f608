//! `plenary backtest` as data and as text.

use serde::{Deserialize, Serialize};

use super::share::{percent, percent_interval};
use crate::montecarlo::{BacktestTally, Estimate};
use crate::scenario::Scenario;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarkerReport {
    pub name: String,
    pub source: String,
    pub count: u64,
    pub share: f64,
    pub ci95: [f64; 2],
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
/// The result of `plenary backtest`: the share of runs that reproduce each historical marker, and all of them together.
pub struct BacktestReport {
    /// The scenario's name.
    pub scenario: String,
    /// The master seed.
    pub seed: u64,
    /// Runs.
    pub runs: u64,
    /// One per marker, in file order.
    pub markers: Vec<MarkerReport>,
    /// Runs reproducing every marker at once, and their share.
    pub joint_count: u64,
    /// joint_count / runs.
    pub joint_share: f64,
    /// The 95% Wilson interval of `joint_share`.
    pub joint_ci95: [f64; 2],
}

impl BacktestReport {
    /// The report of a backtest tally.
    pub fn new(scenario: &Scenario, seed: u64, t: &BacktestTally) -> Self {
        let markers = scenario
            .markers
            .iter()
            .zip(&t.markers)
            .map(|(m, &count)| {
                let e = Estimate::new(count, t.runs);
                MarkerReport {
                    name: m.name.clone(),
                    source: m.source.clone(),
                    count,
                    share: e.p,
                    ci95: e.ci95,
                }
            })
            .collect();
        let joint = Estimate::new(t.joint, t.runs);
        BacktestReport {
            scenario: scenario.name.clone(),
            seed,
            runs: t.runs,
            markers,
            joint_count: t.joint,
            joint_share: joint.p,
            joint_ci95: joint.ci95,
        }
    }

    /// The report as a table for a terminal.
    pub fn to_text(&self) -> String {
        let mut o = format!("{}: backtest over {} runs, seed {}\n\n", self.scenario, self.runs, self.seed);
        o += &format!("  {:<64} {:>7}   95% interval\n", "historical marker", "share");
        let row = |name: &str, share: f64, ci: [f64; 2]| {
            format!("  {:<64} {:>7}   {}\n", name, percent(share), percent_interval(ci))
        };
        for m in &self.markers {
            o += &row(&m.name, m.share, m.ci95);
        }
        o += &row("all markers together", self.joint_share, self.joint_ci95);
        o
    }
}
