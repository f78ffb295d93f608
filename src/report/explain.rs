//! `plenary explain` as data, a table and a text tornado chart.

use serde::{Deserialize, Serialize};

use super::share::{percent, percent_interval, points, points_interval};
use super::width::{WIDTH, cut, prose};
use crate::model::record::Outcome;
use crate::montecarlo::explain::Dropped;
use crate::montecarlo::{CompareTally, Estimate};
use crate::scenario::Scenario;

/// A red line named for a reader: its issue's id, bound and level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RedLineReport {
    pub issue: String,
    /// `at_most` or `at_least`.
    pub bound: String,
    pub level: f64,
}

impl RedLineReport {
    /// "gender ≤ 0.00".
    pub fn symbolic(&self) -> String {
        let sign = if self.bound == "at_most" { '≤' } else { '≥' };
        format!("{} {sign} {:.2}", self.issue, self.level)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExplainRow {
    pub delegation: String,
    /// The red line dropped as the scenario writes it
    /// (`AtMost(gender, 0.00)`), or "all red lines".
    pub dropped: String,
    /// Whether this row drops all of the delegation's red lines.
    pub all: bool,
    /// The red line dropped; `None` when the row drops all of them.
    pub red_line: Option<RedLineReport>,
    pub consensus: Estimate,
    /// P(consensus without it) - P(consensus), paired runs.
    pub difference: f64,
    pub difference_ci95: [f64; 2],
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
/// The result of `plenary explain`: the change in P(consensus) when each red line (or each delegation's red lines) is dropped.
pub struct ExplainReport {
    /// The scenario's name.
    pub scenario: String,
    /// The master seed.
    pub seed: u64,
    /// Runs per variant.
    pub runs: u64,
    /// P(consensus) with every red line in place.
    pub consensus: Estimate,
    /// Sorted by the size of the difference, largest first.
    pub rows: Vec<ExplainRow>,
}

impl ExplainReport {
    /// The report of the red-line analysis.
    pub fn new(base: &Scenario, dropped: &[Dropped], seed: u64, t: &CompareTally) -> Self {
        let mut rows: Vec<ExplainRow> = dropped
            .iter()
            .enumerate()
            .map(|(v, d)| {
                let (difference, difference_ci95) = t.difference(v, Outcome::Consensus);
                let negotiator = base.negotiator(d.negotiator);
                let line = d.red_line.map(|j| &negotiator.red_lines[j]);
                ExplainRow {
                    delegation: negotiator.id.clone(),
                    dropped: line
                        .map_or("all red lines".to_string(), |l| l.bound.label(&base.issue(l.issue).id)),
                    all: line.is_none(),
                    red_line: line.map(|l| RedLineReport {
                        issue: base.issue(l.issue).id.clone(),
                        bound: l.bound.key().to_string(),
                        level: l.bound.level(),
                    }),
                    consensus: Estimate::new(t.outcomes[v + 1][Outcome::Consensus], t.runs),
                    difference,
                    difference_ci95,
                }
            })
            .collect();
        // Largest effect first; ties keep roster order (the sort is stable).
        rows.sort_by(|a, b| b.difference.abs().total_cmp(&a.difference.abs()));
        ExplainReport {
            scenario: base.name.clone(),
            seed,
            runs: t.runs,
            consensus: Estimate::new(t.outcomes[0][Outcome::Consensus], t.runs),
            rows,
        }
    }

    /// The report as a tornado chart in text.
    pub fn to_text(&self) -> String {
        let mut o = String::new();
        prose(
            &mut o,
            0,
            2,
            &format!(
                "{}: who holds the key? ({} runs, seed {}; same seeds for every variant)",
                self.scenario, self.runs, self.seed
            ),
        );
        prose(
            &mut o,
            0,
            0,
            &format!(
                "P(consensus) = {} {}. Change in P(consensus) when a red line is dropped:",
                percent(self.consensus.p),
                percent_interval(self.consensus.ci95)
            ),
        );
        o += "\n";
        let widest = self.rows.iter().map(|r| r.difference.abs()).fold(0.0, f64::max).max(1e-9);
        const HALF: usize = 10;
        // A red line as a reader says it ("gender ≤ 0.00"), in columns as
        // wide as their longest entry so the bars line up; the red line's
        // column takes what the rest leaves of the width.
        let said =
            |r: &ExplainRow| r.red_line.as_ref().map_or("all red lines".to_string(), RedLineReport::symbolic);
        let numbers: Vec<(String, String)> =
            self.rows.iter().map(|r| (points(r.difference), points_interval(r.difference_ci95))).collect();
        let diff_w = numbers.iter().map(|(d, _)| d.chars().count()).max().unwrap_or(0);
        let ci_w = numbers.iter().map(|(_, c)| c.chars().count()).max().unwrap_or(0);
        let who = self.rows.iter().map(|r| r.delegation.chars().count()).max().unwrap_or(0).max(3);
        let room = WIDTH.saturating_sub(2 + who + 1 + 1 + 2 * HALF + 1 + 1 + diff_w + 4 + ci_w);
        let what = self.rows.iter().map(|r| said(r).chars().count()).max().unwrap_or(0).min(room).max(8);
        for (r, (difference, interval)) in self.rows.iter().zip(&numbers) {
            let len = ((r.difference.abs() / widest) * HALF as f64).round() as usize;
            let (left, right) = if r.difference < 0.0 {
                (format!("{:>HALF$}", "#".repeat(len)), " ".repeat(HALF))
            } else {
                (" ".repeat(HALF), format!("{:<HALF$}", "#".repeat(len)))
            };
            o += &format!(
                "  {:<who$} {:<what$} {}|{} {:>diff_w$} pp {}\n",
                r.delegation,
                cut(&said(r), what),
                left,
                right,
                difference,
                interval
            );
        }
        if self.rows.len() > 1 {
            o += "\nEach interval is 95% on its own: about 1 row in 20 where dropping the red line\n\
                  changes nothing still has an interval that excludes zero, by chance.\n";
        }
        o
    }
}
