//! The result of `plenary run` as data: the JSON contract.
//!
//! Field names here are a contract with other tools: add fields freely, never
//! rename these. Everything but `timing` is a function of the tally alone, so
//! it is byte-identical across thread counts.

use serde::{Deserialize, Serialize};

use crate::model::record::MoveKind;
use crate::montecarlo::{BatchResult, Estimate, Tally};
use crate::scenario::Scenario;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcomes {
    pub consensus: Estimate,
    pub adopted_by_vote: Estimate,
    pub rejected_by_vote: Estimate,
    pub no_text: Estimate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageReport {
    pub name: String,
    pub kind: String,
    pub date: String,
    /// Runs in which the stage ran (a held silence skips to the plenary).
    pub reached: u64,
    /// Mean, over the runs that reached it, of the paragraphs in brackets
    /// when the stage ended.
    pub bracketed_mean: f64,
    pub moves_mean: f64,
    /// Silence stages only: whether silence held, over the runs that reached it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub held: Option<Estimate>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub breakers_mean: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub challenged_mean: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DelegationReport {
    pub id: String,
    pub name: String,
    pub broke_silence_p: f64,
    pub threatened_vote_p: f64,
    pub called_vote_p: f64,
    pub disassociated_p: f64,
    /// Per stage: mean number of paragraphs it held brackets on when the
    /// stage ended (bracketed at a reading, challenged at a silence, still
    /// bracketed after consultations), over all runs.
    pub objections_mean: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParagraphReport {
    pub number: u32,
    pub section: String,
    pub bracketed_p: f64,
    pub challenged_p: f64,
    pub deleted_p: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoteReport {
    pub called: Estimate,
    /// Means over the runs that voted; null when none did.
    pub yes_mean: Option<f64>,
    pub no_mean: Option<f64>,
    pub abstain_mean: Option<f64>,
    /// Runs that voted, by number of yes votes (index 0..=member states).
    pub yes_histogram: Vec<u64>,
    /// Runs that voted, by number of no votes.
    pub no_histogram: Vec<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    pub elapsed_s: f64,
    pub runs_per_s: f64,
    pub threads: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunReport {
    pub scenario: String,
    pub seed: u64,
    pub runs: u64,
    pub outcomes: Outcomes,
    pub stages: Vec<StageReport>,
    pub delegations: Vec<DelegationReport>,
    pub paragraphs: Vec<ParagraphReport>,
    pub vote: VoteReport,
    /// Mean compromise moves per run, by kind.
    pub moves_mean: std::collections::BTreeMap<String, f64>,
    pub stages_run_mean: f64,
    pub timing: Timing,
}

fn ratio(sum: u64, n: u64) -> f64 {
    if n == 0 { 0.0 } else { sum as f64 / n as f64 }
}

impl RunReport {
    pub fn new(scenario: &Scenario, seed: u64, batch: &BatchResult) -> Self {
        let t: &Tally = &batch.tally;
        let n = t.runs;
        let est = |c: u64| Estimate::new(c, n);
        let stages = scenario
            .calendar
            .iter()
            .zip(&t.stages)
            .map(|(spec, s)| {
                let silence = spec.kind == crate::scenario::StageKind::Silence;
                StageReport {
                    name: spec.name.clone(),
                    kind: spec.kind.key().to_string(),
                    date: spec.date.clone(),
                    reached: s.reached,
                    bracketed_mean: ratio(s.bracketed, s.reached),
                    moves_mean: ratio(s.moves, s.reached),
                    held: silence.then(|| Estimate::new(s.held, s.reached)),
                    breakers_mean: silence.then(|| ratio(s.breakers, s.reached)),
                    challenged_mean: silence.then(|| ratio(s.challenged, s.reached)),
                }
            })
            .collect();
        let delegations = scenario
            .negotiators
            .iter()
            .zip(&t.negotiators)
            .enumerate()
            .map(|(d, (spec, c))| DelegationReport {
                objections_mean: (0..scenario.calendar.len())
                    .map(|stage| ratio(t.objections[stage * scenario.negotiators.len() + d], n))
                    .collect(),
                id: spec.id.clone(),
                name: spec.name.clone(),
                broke_silence_p: ratio(c[0], n),
                threatened_vote_p: ratio(c[1], n),
                called_vote_p: ratio(c[2], n),
                disassociated_p: ratio(c[3], n),
            })
            .collect();
        let paragraphs = scenario
            .paragraphs
            .iter()
            .zip(&t.paragraphs)
            .map(|(spec, c)| ParagraphReport {
                number: spec.number,
                section: spec.section.clone(),
                bracketed_p: ratio(c[0], n),
                challenged_p: ratio(c[1], n),
                deleted_p: ratio(c[2], n),
            })
            .collect();
        let voted = |sum: u64| (t.votes > 0).then(|| ratio(sum, t.votes));
        let secs = batch.elapsed.as_secs_f64();
        RunReport {
            scenario: scenario.name.clone(),
            seed,
            runs: n,
            outcomes: Outcomes {
                consensus: est(t.outcomes[0]),
                adopted_by_vote: est(t.outcomes[1]),
                rejected_by_vote: est(t.outcomes[2]),
                no_text: est(t.outcomes[3]),
            },
            stages,
            delegations,
            paragraphs,
            vote: VoteReport {
                called: est(t.votes),
                yes_mean: voted(t.yes),
                no_mean: voted(t.no),
                abstain_mean: voted(t.abstain),
                yes_histogram: t.yes_histogram.clone(),
                no_histogram: t.no_histogram.clone(),
            },
            moves_mean: MoveKind::ALL
                .iter()
                .map(|k| (k.key().to_string(), ratio(t.moves[*k as usize], n)))
                .collect(),
            stages_run_mean: ratio(t.stages_run, n),
            timing: Timing {
                elapsed_s: secs,
                runs_per_s: if secs > 0.0 { n as f64 / secs } else { 0.0 },
                threads: batch.threads,
            },
        }
    }

    /// The outcomes in contract order, with their keys.
    pub fn outcome_rows(&self) -> [(&'static str, &Estimate); 4] {
        let o = &self.outcomes;
        [
            ("consensus", &o.consensus),
            ("adopted_by_vote", &o.adopted_by_vote),
            ("rejected_by_vote", &o.rejected_by_vote),
            ("no_text", &o.no_text),
        ]
    }
}
