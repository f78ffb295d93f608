//! The result of `plenary run` as data: the JSON contract.
//!
//! Field names here are a contract with other tools: add fields freely, never
//! rename these. Everything but `timing` is a function of the tally alone, so
//! it is byte-identical across thread counts.

use serde::{Deserialize, Serialize};

use crate::model::record::{MoveKind, PerOutcome};
use crate::montecarlo::labels::Labels;
use crate::montecarlo::shard::{self, MergeError, Shard, ShardPart};
use crate::montecarlo::{BatchResult, Estimate, Tally};
use crate::scenario::{Scenario, StageKind};

/// A stage kind as reports write it: its key (`silence`), not the name of
/// the scenario file's enum (`Silence`).
mod stage_key {
    use serde::{Deserialize, Deserializer, Serializer, de};

    use crate::scenario::StageKind;

    pub fn serialize<S: Serializer>(kind: &StageKind, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(kind.key())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<StageKind, D::Error> {
        let key = String::deserialize(d)?;
        StageKind::from_key(&key).ok_or_else(|| de::Error::custom(format!("`{key}` is not a stage kind")))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageReport {
    pub name: String,
    #[serde(with = "stage_key")]
    pub kind: StageKind,
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
    /// Standard errors of the means above (the sample standard deviation
    /// over the `reached` runs / sqrt(reached)); null when fewer than two
    /// runs reached the stage (or the tally was written before the sums of
    /// squares existed). The silence ones only at a silence.
    #[serde(default)]
    pub bracketed_mean_se: Option<f64>,
    #[serde(default)]
    pub moves_mean_se: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub breakers_mean_se: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub challenged_mean_se: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DelegationReport {
    pub id: String,
    pub name: String,
    pub broke_silence_p: f64,
    pub threatened_vote_p: f64,
    pub called_vote_p: f64,
    pub disassociated_p: f64,
    /// The same four shares with their counts and 95% intervals, over all
    /// runs (`broke_silence.p` is `broke_silence_p`). Absent from files
    /// written before they existed, which read as empty estimates (`merge`
    /// recomputes them from the tally).
    #[serde(default)]
    pub broke_silence: Estimate,
    #[serde(default)]
    pub threatened_vote: Estimate,
    #[serde(default)]
    pub called_vote: Estimate,
    #[serde(default)]
    pub disassociated: Estimate,
    /// Per stage: mean number of paragraphs it held brackets on when the
    /// stage ended (bracketed at a reading, challenged at a silence, still
    /// bracketed after consultations), over all runs.
    pub objections_mean: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParagraphReport {
    pub number: u32,
    pub section: String,
    /// Share of runs in which it held brackets when a reading or a silence
    /// ended: bracketed at a reading, or challenged at a silence.
    pub bracketed_p: f64,
    /// Share of runs in which a breaker challenged it at a silence.
    pub challenged_p: f64,
    /// Share of runs in which a deletion move took one of its references
    /// from a positive level to 0, even if a later move raised it again (a
    /// count of the move, not of a paragraph whose references all end at 0).
    pub deleted_p: f64,
    /// The same three shares with their counts and 95% intervals.
    #[serde(default)]
    pub bracketed: Estimate,
    #[serde(default)]
    pub challenged: Estimate,
    #[serde(default)]
    pub deleted: Estimate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoteReport {
    pub called: Estimate,
    /// Means over the runs that voted; null when none did.
    pub yes_mean: Option<f64>,
    pub no_mean: Option<f64>,
    pub abstain_mean: Option<f64>,
    /// Standard errors of the three means (sample standard deviation over
    /// the runs that voted / sqrt of their number); null when fewer than
    /// two runs voted.
    #[serde(default)]
    pub yes_mean_se: Option<f64>,
    #[serde(default)]
    pub no_mean_se: Option<f64>,
    #[serde(default)]
    pub abstain_mean_se: Option<f64>,
    /// Runs that voted, by number of yes votes (index 0..=member states).
    pub yes_histogram: Vec<u64>,
    /// Runs that voted, by number of no votes.
    pub no_histogram: Vec<u64>,
    /// The most frequent results, most frequent first (at most ten).
    pub results: Vec<VoteResult>,
    /// Every member state: how it voted, over the runs that voted.
    pub voters: Vec<VoterReport>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoteResult {
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
    /// Runs that voted with exactly this result.
    pub count: u64,
    /// Share of the runs that voted.
    pub p: f64,
    /// The 95% Wilson interval of `p`.
    #[serde(default)]
    pub ci95: [f64; 2],
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoterReport {
    /// State code, or `BLOC#n` for an anonymous bloc member.
    pub id: String,
    pub bloc: Option<String>,
    pub yes_p: f64,
    pub no_p: f64,
    pub abstain_p: f64,
    /// The same three shares with their counts and 95% intervals, over the
    /// runs that voted.
    #[serde(default)]
    pub yes: Estimate,
    #[serde(default)]
    pub no: Estimate,
    #[serde(default)]
    pub abstain: Estimate,
}

/// The floor of the plenary (separate votes, rule 89), present only when
/// some run of the batch held one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FloorReport {
    /// Every negotiator, in roster order: the share of runs in which it
    /// asked for separate votes.
    pub requested_by: Vec<RequesterReport>,
    /// The paragraphs put to a separate vote in some run, in text order.
    pub separate_votes: Vec<SeparateVoteReport>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequesterReport {
    pub id: String,
    /// Runs in which it asked for separate votes, over all runs.
    pub requested: Estimate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeparateVoteReport {
    pub number: u32,
    pub section: String,
    /// Runs in which a separate vote was held on it, over all runs.
    pub voted: Estimate,
    /// Runs in which the vote retained it (yes > no), over the runs that
    /// voted on it; the others struck it from the text.
    pub retained: Estimate,
    /// Means over the runs that voted on it.
    pub yes_mean: f64,
    pub no_mean: f64,
    pub abstain_mean: f64,
}

/// The amendments of the floor (rule 90) and the no-action motions on them
/// (rule 74).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AmendmentsReport {
    /// Every negotiator, in roster order: how often it moved amendments and
    /// no-action motions.
    pub movers: Vec<MoverReport>,
    /// Every amendment of the scenario, in the order of its list.
    pub amendments: Vec<AmendmentReport>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoverReport {
    pub id: String,
    /// Runs in which it moved its amendments, over all runs.
    pub moved_amendments: Estimate,
    /// Runs in which it moved no action on an amendment, over all runs.
    pub moved_no_action: Estimate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AmendmentReport {
    /// Its mover's id.
    pub by: String,
    /// The paragraph's number.
    pub paragraph: u32,
    /// For a level change, the issue and the new level; both absent for a
    /// deletion.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub issue: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub level: Option<f64>,
    /// Runs in which it was moved, over all runs.
    pub moved: Estimate,
    /// Runs in which a no-action motion met it, over the runs it was moved.
    pub no_action: Estimate,
    /// Runs in which that motion carried, over the runs it was moved in.
    pub no_action_carried: Estimate,
    /// Mean count of the no-action votes, over the runs that held one.
    pub no_action_yes_mean: f64,
    pub no_action_no_mean: f64,
    pub no_action_abstain_mean: f64,
    /// Runs in which it was put to the vote, over the runs it was moved.
    pub voted: Estimate,
    /// Runs in which it was adopted, over the runs it was voted on.
    pub adopted: Estimate,
    /// Mean count of its votes, over the runs that voted on it.
    pub yes_mean: f64,
    pub no_mean: f64,
    pub abstain_mean: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    pub elapsed_s: f64,
    pub runs_per_s: f64,
    pub threads: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
/// The result of `plenary run` (docs/JSON.md lists every field).
pub struct RunReport {
    /// The scenario's name.
    pub scenario: String,
    /// The master seed.
    pub seed: u64,
    /// Runs.
    pub runs: u64,
    /// Per outcome, its share of the runs with a 95% interval.
    pub outcomes: PerOutcome<Estimate>,
    /// One per stage, in calendar order.
    pub stages: Vec<StageReport>,
    /// One per negotiator, in roster order.
    pub delegations: Vec<DelegationReport>,
    /// One per paragraph, in text order.
    pub paragraphs: Vec<ParagraphReport>,
    /// The recorded votes.
    pub vote: VoteReport,
    /// Separate votes on paragraphs; present only when some run held one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub floor: Option<FloorReport>,
    /// Amendments (rule 90) and no-action motions (rule 74); present only
    /// when the scenario lists amendments.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub amendments: Option<AmendmentsReport>,
    /// Mean compromise moves per run, by kind.
    pub moves_mean: std::collections::BTreeMap<String, f64>,
    /// Mean stages run per run.
    pub stages_run_mean: f64,
    /// How long the batch took (the only part that depends on the machine).
    pub timing: Timing,
    /// Present only in the output of `run --shard K/N`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub shard: Option<Shard>,
    /// Present only in the output of `run --posterior FILE` or `--priors`:
    /// the outcome probabilities with the uncertain parameters drawn.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub with_parameters: Option<crate::montecarlo::uncertain::WithParameters>,
    /// Present only in the output of `run --shard K/N` with `--posterior`
    /// or `--priors`: the counts of the shard's block of the draws, which
    /// `merge` turns into `with_parameters`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub with_parameters_shard: Option<crate::montecarlo::uncertain::WithParametersShard>,
    /// The integer counts everything above is computed from (what `merge` adds up).
    pub tally: Tally,
}

fn ratio(sum: u64, n: u64) -> f64 {
    if n == 0 { 0.0 } else { sum as f64 / n as f64 }
}

/// The standard error of a mean over runs, from (value, runs with that
/// value) pairs: the sample standard deviation (n - 1 in the denominator)
/// over sqrt(n). None for fewer than two runs, where it is not defined.
pub fn standard_error(values: impl Iterator<Item = (u32, u64)> + Clone) -> Option<f64> {
    let n: u64 = values.clone().map(|(_, c)| c).sum();
    if n < 2 {
        return None;
    }
    let n_f = n as f64;
    let mean = values.clone().map(|(v, c)| f64::from(v) * c as f64).sum::<f64>() / n_f;
    let ss: f64 = values.map(|(v, c)| c as f64 * (f64::from(v) - mean).powi(2)).sum();
    Some((ss / (n_f - 1.0) / n_f).sqrt())
}

/// The standard error of a mean over `n` runs from the sum of the values and
/// the sum of their squares, computed exactly in integers before the one
/// division. None for fewer than two runs, and when the sums cannot come
/// from real runs (squares missing from an older file: n sq < sum^2).
pub fn se_of_sums(sum: u64, sq: u64, n: u64) -> Option<f64> {
    if n < 2 {
        return None;
    }
    let spread = (u128::from(n) * u128::from(sq)).checked_sub(u128::from(sum) * u128::from(sum))?;
    let (n_f, spread) = (n as f64, spread as f64);
    Some((spread / (n_f * (n_f - 1.0)) / n_f).sqrt())
}

impl RunReport {
    /// The report of a batch of `scenario` with master seed `seed`; `shard`
    /// when the batch made one shard's runs (`run --shard K/N`).
    pub fn new(scenario: &Scenario, seed: u64, batch: &BatchResult, shard: Option<Shard>) -> Self {
        let timing = Timing {
            elapsed_s: batch.elapsed.as_secs_f64(),
            runs_per_s: batch.runs_per_second(batch.tally.runs),
            threads: batch.threads,
        };
        RunReport::from_tally(&Labels::of(scenario), seed, batch.tally.clone(), timing, shard)
    }

    /// A shard's output gets the digest of `labels` (unless it has one).
    pub fn from_tally(labels: &Labels, seed: u64, t: Tally, timing: Timing, shard: Option<Shard>) -> Self {
        let shard = shard
            .map(|s| Shard { scenario_digest: s.scenario_digest.or_else(|| labels.digest.clone()), ..s });
        let n = t.runs;
        let est = |c: u64| Estimate::new(c, n);
        let stages = labels
            .stages
            .iter()
            .zip(&t.stages)
            .map(|((name, kind, date), s)| {
                let silence = *kind == StageKind::Silence;
                StageReport {
                    name: name.clone(),
                    kind: *kind,
                    date: date.clone(),
                    reached: s.reached,
                    bracketed_mean: ratio(s.bracketed, s.reached),
                    moves_mean: ratio(s.moves, s.reached),
                    held: silence.then(|| Estimate::new(s.held, s.reached)),
                    breakers_mean: silence.then(|| ratio(s.breakers, s.reached)),
                    challenged_mean: silence.then(|| ratio(s.challenged, s.reached)),
                    bracketed_mean_se: se_of_sums(s.bracketed, s.bracketed_sq, s.reached),
                    moves_mean_se: se_of_sums(s.moves, s.moves_sq, s.reached),
                    breakers_mean_se: se_of_sums(s.breakers, s.breakers_sq, s.reached).filter(|_| silence),
                    challenged_mean_se: se_of_sums(s.challenged, s.challenged_sq, s.reached)
                        .filter(|_| silence),
                }
            })
            .collect();
        let delegations = labels
            .delegations
            .iter()
            .zip(&t.negotiators)
            .enumerate()
            .map(|(d, ((id, name), c))| DelegationReport {
                id: id.clone(),
                name: name.clone(),
                broke_silence_p: ratio(c.broke_silence, n),
                threatened_vote_p: ratio(c.threatened, n),
                called_vote_p: ratio(c.called_vote, n),
                disassociated_p: ratio(c.disassociated, n),
                broke_silence: est(c.broke_silence),
                threatened_vote: est(c.threatened),
                called_vote: est(c.called_vote),
                disassociated: est(c.disassociated),
                objections_mean: t.objections.iter().map(|stage| ratio(stage[d], n)).collect(),
            })
            .collect();
        let paragraphs = labels
            .paragraphs
            .iter()
            .zip(&t.paragraphs)
            .map(|((number, section), c)| ParagraphReport {
                number: *number,
                section: section.clone(),
                bracketed_p: ratio(c.bracketed, n),
                challenged_p: ratio(c.challenged, n),
                deleted_p: ratio(c.deleted, n),
                bracketed: est(c.bracketed),
                challenged: est(c.challenged),
                deleted: est(c.deleted),
            })
            .collect();
        let floor = t.paragraphs.iter().any(|p| p.separate_votes > 0).then(|| FloorReport {
            requested_by: labels
                .delegations
                .iter()
                .zip(&t.negotiators)
                .map(|((id, _), c)| RequesterReport {
                    id: id.clone(),
                    requested: est(c.requested_separate_votes),
                })
                .collect(),
            separate_votes: labels
                .paragraphs
                .iter()
                .zip(&t.paragraphs)
                .filter(|(_, c)| c.separate_votes > 0)
                .map(|((number, section), c)| SeparateVoteReport {
                    number: *number,
                    section: section.clone(),
                    voted: est(c.separate_votes),
                    retained: Estimate::new(c.retained, c.separate_votes),
                    yes_mean: ratio(c.separate_yes, c.separate_votes),
                    no_mean: ratio(c.separate_no, c.separate_votes),
                    abstain_mean: ratio(c.separate_abstain, c.separate_votes),
                })
                .collect(),
        });
        let amendments = (!labels.amendments.is_empty()).then(|| AmendmentsReport {
            movers: labels
                .delegations
                .iter()
                .zip(&t.negotiators)
                .map(|((id, _), c)| MoverReport {
                    id: id.clone(),
                    moved_amendments: est(c.moved_amendments),
                    moved_no_action: est(c.moved_no_action),
                })
                .collect(),
            amendments: labels
                .amendments
                .iter()
                .zip(&t.amendments)
                .map(|(l, c)| AmendmentReport {
                    by: l.by.clone(),
                    paragraph: l.paragraph,
                    issue: l.change.as_ref().map(|(issue, _)| issue.clone()),
                    level: l.change.as_ref().map(|&(_, level)| level),
                    moved: est(c.moved),
                    no_action: Estimate::new(c.no_action_moved, c.moved),
                    no_action_carried: Estimate::new(c.no_action_carried, c.no_action_moved),
                    no_action_yes_mean: ratio(c.no_action_yes, c.no_action_moved),
                    no_action_no_mean: ratio(c.no_action_no, c.no_action_moved),
                    no_action_abstain_mean: ratio(c.no_action_abstain, c.no_action_moved),
                    voted: Estimate::new(c.voted, c.moved),
                    adopted: Estimate::new(c.adopted, c.voted),
                    yes_mean: ratio(c.yes, c.voted),
                    no_mean: ratio(c.no, c.voted),
                    abstain_mean: ratio(c.abstain, c.voted),
                })
                .collect(),
        });
        let voted = |sum: u64| (t.votes > 0).then(|| ratio(sum, t.votes));
        let mut results: Vec<VoteResult> = t
            .results
            .0
            .iter()
            .map(|(v, &count)| VoteResult {
                yes: v.yes,
                no: v.no,
                abstain: v.abstain,
                count,
                p: ratio(count, t.votes),
                ci95: Estimate::new(count, t.votes).ci95,
            })
            .collect();
        results.sort_by(|a, b| b.count.cmp(&a.count).then(b.yes.cmp(&a.yes)).then(a.no.cmp(&b.no)));
        results.truncate(10);
        let voters = labels
            .voters
            .iter()
            .zip(&t.ballots)
            .map(|((id, bloc), b)| VoterReport {
                id: id.clone(),
                bloc: bloc.clone(),
                yes_p: ratio(b.yes, t.votes),
                no_p: ratio(b.no, t.votes),
                abstain_p: ratio(b.abstain, t.votes),
                yes: Estimate::new(b.yes, t.votes),
                no: Estimate::new(b.no, t.votes),
                abstain: Estimate::new(b.abstain, t.votes),
            })
            .collect();
        RunReport {
            scenario: labels.scenario.clone(),
            seed,
            runs: n,
            outcomes: t.outcomes.map(|_, &c| est(c)),
            stages,
            delegations,
            paragraphs,
            vote: VoteReport {
                called: est(t.votes),
                yes_mean: voted(t.yes),
                no_mean: voted(t.no),
                abstain_mean: voted(t.abstain),
                yes_mean_se: standard_error(t.results.0.iter().map(|(v, &c)| (v.yes, c))),
                no_mean_se: standard_error(t.results.0.iter().map(|(v, &c)| (v.no, c))),
                abstain_mean_se: standard_error(t.results.0.iter().map(|(v, &c)| (v.abstain, c))),
                yes_histogram: t.yes_histogram.clone(),
                no_histogram: t.no_histogram.clone(),
                results,
                voters,
            },
            floor,
            amendments,
            moves_mean: MoveKind::ALL.iter().map(|&k| (k.key().to_string(), ratio(t.moves[k], n))).collect(),
            stages_run_mean: ratio(t.stages_run, n),
            timing,
            shard,
            with_parameters: None,
            with_parameters_shard: None,
            tally: t,
        }
    }

    /// The names of the report's rows, with the digest its shard carries.
    pub fn labels(&self) -> Labels {
        Labels {
            scenario: self.scenario.clone(),
            stages: self.stages.iter().map(|st| (st.name.clone(), st.kind, st.date.clone())).collect(),
            delegations: self.delegations.iter().map(|d| (d.id.clone(), d.name.clone())).collect(),
            paragraphs: self.paragraphs.iter().map(|p| (p.number, p.section.clone())).collect(),
            voters: self.vote.voters.iter().map(|v| (v.id.clone(), v.bloc.clone())).collect(),
            amendments: self.amendments.as_ref().map_or_else(Vec::new, |a| {
                a.amendments
                    .iter()
                    .map(|a| crate::montecarlo::labels::AmendmentLabel {
                        by: a.by.clone(),
                        paragraph: a.paragraph,
                        change: a.issue.clone().zip(a.level),
                    })
                    .collect()
            }),
            digest: self.shard.as_ref().and_then(|s| s.scenario_digest.clone()),
        }
    }

    /// Combine the outputs of `run --shard K/N` for every K into the report
    /// the unsharded batch prints (all but `timing`, which adds up):
    /// the merge of `analysis` (`MergeError` says what it refuses).
    pub fn merge(shards: &[RunReport]) -> Result<RunReport, MergeError> {
        let parts: Vec<ShardPart> = shards
            .iter()
            .map(|r| ShardPart {
                labels: r.labels(),
                seed: r.seed,
                shard: r.shard.clone(),
                tally: r.tally.clone(),
                elapsed_s: r.timing.elapsed_s,
                threads: r.timing.threads,
            })
            .collect();
        let merged = shard::merge(&parts)?;
        // The draws are merged only if every shard made its block of them.
        let blocks: Vec<_> = shards.iter().filter_map(|r| r.with_parameters_shard.as_ref()).collect();
        let with_parameters = match blocks.len() {
            0 => None,
            n if n == shards.len() => Some(crate::montecarlo::uncertain::merge_with_parameters(&blocks)?),
            _ => {
                let with_first = shards[0].with_parameters_shard.is_some();
                let index =
                    shards.iter().position(|r| r.with_parameters_shard.is_some() != with_first).unwrap_or(0);
                return Err(MergeError::Mismatch {
                    index,
                    what: "whether parameters were drawn (--posterior, --priors)",
                });
            }
        };
        let secs = merged.elapsed_s;
        let timing = Timing {
            elapsed_s: secs,
            runs_per_s: if secs > 0.0 { merged.tally.runs as f64 / secs } else { 0.0 },
            threads: merged.threads,
        };
        let mut report = RunReport::from_tally(&merged.labels, merged.seed, merged.tally, timing, None);
        report.with_parameters = with_parameters;
        Ok(report)
    }

    /// The report as a table for a terminal (`plenary run`).
    pub fn to_text(&self) -> String {
        super::text::render(self)
    }

    /// The report as one long CSV table (`plenary run --format csv`).
    pub fn to_csv(&self) -> Result<String, ::csv::Error> {
        super::csv::render(self)
    }

    /// The self-contained HTML page of `plenary report`, with the red-line
    /// analysis if one was made.
    pub fn to_html(&self, explain: Option<&super::ExplainReport>) -> Result<String, super::html::PageError> {
        super::html::page(self, explain)
    }

    /// The outcomes in contract order, with their keys.
    pub fn outcome_rows(&self) -> impl Iterator<Item = (&'static str, &Estimate)> + '_ {
        self.outcomes.iter().map(|(o, e)| (o.key(), e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_errors_of_means() {
        // Values 1, 2, 3, 4: mean 2.5, sample variance 5/3, se sqrt(5/12).
        let se = se_of_sums(10, 30, 4).unwrap();
        assert!((se - (5.0f64 / 12.0).sqrt()).abs() < 1e-12, "{se}");
        let pairs = [(1u32, 1u64), (2, 1), (3, 1), (4, 1)];
        assert!((standard_error(pairs.iter().copied()).unwrap() - se).abs() < 1e-12);
        // Every run the same: 0; one run or none: not defined.
        assert_eq!(se_of_sums(12, 36, 4), Some(0.0));
        assert_eq!(standard_error([(7u32, 5u64)].iter().copied()), Some(0.0));
        assert_eq!(se_of_sums(3, 9, 1), None);
        assert_eq!(standard_error([(7u32, 1u64)].iter().copied()), None);
        // Squares missing (a tally from before they existed): not known.
        assert_eq!(se_of_sums(10, 0, 4), None);
    }
}
