//! `plenary backtest` as data and as text.

use serde::{Deserialize, Serialize};

use super::share::{percent, percent_interval};
use super::width::{WIDTH, column, prose};
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
        let mut o = String::new();
        prose(
            &mut o,
            0,
            2,
            &format!("{}: backtest over {} runs, seed {}", self.scenario, self.runs, self.seed),
        );
        // The name column takes what the numbers leave of the width; a
        // longer name wraps inside it, the numbers on its first line.
        let numbers = 1 + 7 + 3 + 17;
        let widest = self.markers.iter().map(|m| m.name.chars().count()).max().unwrap_or(0).max(20);
        let names = widest.min(WIDTH - 2 - numbers);
        o += &format!("\n  {:<names$} {:>7}   95% interval\n", "historical marker", "share");
        let row = |name: &str, share: f64, ci: [f64; 2]| {
            let lines = column(name, names);
            let mut r = format!("  {:<names$} {:>7}   {}\n", lines[0], percent(share), percent_interval(ci));
            for l in &lines[1..] {
                r += &format!("    {l}\n");
            }
            r
        };
        for m in &self.markers {
            o += &row(&m.name, m.share, m.ci95);
        }
        o += &row("all markers together", self.joint_share, self.joint_ci95);
        o
    }
}
