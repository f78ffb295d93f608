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
pub struct BacktestReport {
    pub scenario: String,
    pub seed: u64,
    pub runs: u64,
    pub markers: Vec<MarkerReport>,
    /// Runs reproducing every marker at once, and their share.
    pub joint_count: u64,
    pub joint_share: f64,
    pub joint_ci95: [f64; 2],
}

impl BacktestReport {
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
