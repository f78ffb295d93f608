//! The result of `plenary run` as data: the JSON contract.
//!
//! Field names here are a contract with other tools: add fields freely, never
//! rename these. Everything but `timing` is a function of the tally alone, so
//! it is byte-identical across thread counts.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::record::{MoveKind, PerOutcome};
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoterReport {
    /// State code, or `BLOC#n` for an anonymous bloc member.
    pub id: String,
    pub bloc: Option<String>,
    pub yes_p: f64,
    pub no_p: f64,
    pub abstain_p: f64,
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
    /// Per outcome, its share of the runs with a 95% interval.
    pub outcomes: PerOutcome<Estimate>,
    pub stages: Vec<StageReport>,
    pub delegations: Vec<DelegationReport>,
    pub paragraphs: Vec<ParagraphReport>,
    pub vote: VoteReport,
    /// Mean compromise moves per run, by kind.
    pub moves_mean: std::collections::BTreeMap<String, f64>,
    pub stages_run_mean: f64,
    pub timing: Timing,
    /// Present only in the output of `run --shard K/N`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub shard: Option<Shard>,
    /// The integer counts everything above is computed from (what `merge` adds up).
    pub tally: Tally,
}

fn ratio(sum: u64, n: u64) -> f64 {
    if n == 0 { 0.0 } else { sum as f64 / n as f64 }
}

/// The names a report needs besides the tally: from the scenario, or from
/// an earlier report of the same scenario (to merge shards).
#[derive(Debug, Clone, PartialEq)]
pub struct Labels {
    pub scenario: String,
    /// (name, kind, date)
    pub stages: Vec<(String, StageKind, String)>,
    /// (id, name)
    pub delegations: Vec<(String, String)>,
    /// (number, section)
    pub paragraphs: Vec<(u32, String)>,
    /// (id, bloc id)
    pub voters: Vec<(String, Option<String>)>,
    /// [`scenario_digest`] of the scenario; carried by a shard's output so
    /// that `merge` refuses shards run on different scenarios. `None` when
    /// read from a report that has none (an unsharded run, an older shard).
    pub digest: Option<String>,
}

/// SHA-256 (lowercase hex) of the checked scenario's content: its JSON
/// serialization without `source`, the path it was loaded from, so the same
/// scenario gives the same digest in any folder, on any machine, with any
/// Rust version. Any difference, in a number as much as in a name, changes it.
pub fn scenario_digest(s: &Scenario) -> String {
    let mut value = serde_json::to_value(s).expect("a checked scenario serializes to JSON");
    if let Some(fields) = value.as_object_mut() {
        fields.remove("source");
    }
    let bytes = serde_json::to_vec(&value).expect("a JSON value serializes");
    Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect()
}

impl Labels {
    pub fn of(s: &Scenario) -> Self {
        Labels {
            scenario: s.name.clone(),
            stages: s.calendar.iter().map(|st| (st.name.clone(), st.kind, st.date.clone())).collect(),
            delegations: s.negotiators.iter().map(|n| (n.id.clone(), n.name.clone())).collect(),
            paragraphs: s.paragraphs.iter().map(|p| (p.number, p.section.clone())).collect(),
            voters: s
                .voters
                .iter()
                .map(|v| (v.id.clone(), v.bloc.map(|b| s.negotiators[b].id.clone())))
                .collect(),
            digest: Some(scenario_digest(s)),
        }
    }

    pub fn of_report(r: &RunReport) -> Self {
        Labels {
            scenario: r.scenario.clone(),
            stages: r.stages.iter().map(|st| (st.name.clone(), st.kind, st.date.clone())).collect(),
            delegations: r.delegations.iter().map(|d| (d.id.clone(), d.name.clone())).collect(),
            paragraphs: r.paragraphs.iter().map(|p| (p.number, p.section.clone())).collect(),
            voters: r.vote.voters.iter().map(|v| (v.id.clone(), v.bloc.clone())).collect(),
            digest: r.shard.as_ref().and_then(|s| s.scenario_digest.clone()),
        }
    }
}

/// Which part of a batch a sharded run made (`run --shard K/N`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
    /// Runs of the whole batch; this shard made runs first_run..first_run+runs.
    pub batch_runs: u64,
    pub first_run: u64,
    /// [`scenario_digest`] of the scenario the shard was run on (filled in
    /// from [`Labels`] by [`RunReport::from_tally`]). Absent from the output
    /// of versions before it was added; `merge` refuses such shards.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub scenario_digest: Option<String>,
}

impl Shard {
    /// Shard K of N takes the contiguous block of runs
    /// [K * runs / N, (K + 1) * runs / N).
    pub fn new(index: u64, count: u64, batch_runs: u64) -> Self {
        let first_run = (u128::from(index) * u128::from(batch_runs) / u128::from(count)) as u64;
        Shard { index, count, batch_runs, first_run, scenario_digest: None }
    }

    pub fn range(&self) -> std::ops::Range<u64> {
        let end = (u128::from(self.index + 1) * u128::from(self.batch_runs) / u128::from(self.count)) as u64;
        self.first_run..end
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum MergeError {
    #[error("nothing to merge")]
    Empty,
    #[error("shard {index} is not from the same batch as the first: {what} differs")]
    Mismatch { index: usize, what: &'static str },
    #[error("input {index} is not a shard (no `shard` field): merge the outputs of `run --shard K/N`")]
    NotAShard { index: usize },
    #[error("shard {index} was run on another scenario than shard 0 (its parameters differ)")]
    OtherScenario { index: usize },
    #[error(
        "shard {index} carries no scenario digest (made by an older plenary): \
         rerun every shard with this version"
    )]
    NoDigest { index: usize },
    #[error("inputs {first} and {again} are both shard {shard} of the batch")]
    Repeated { first: usize, again: usize, shard: u64 },
    #[error("the shards do not cover the batch exactly: {0}")]
    Coverage(String),
    #[error(
        "adding shard {index} overflows `tally.{field}`: its counts are larger than any batch can make (was the file edited?)"
    )]
    Overflow { index: usize, field: String },
    #[error("input {index} is not a well-formed shard: {what} (was the file edited or cut short?)")]
    Malformed { index: usize, what: &'static str },
}

/// The checks that make a shard safe to add up: a block of the batch that
/// exists, as many runs as its block, and a tally of its labels' shape
/// whose counts agree with one another.
fn check_well_formed(index: usize, r: &RunReport, labels: &Labels, shard: &Shard) -> Result<(), MergeError> {
    let malformed = |what| Err(MergeError::Malformed { index, what });
    if shard.index >= shard.count {
        return malformed("its shard number is not below its shard count");
    }
    let block = Shard::new(shard.index, shard.count, shard.batch_runs);
    if shard.first_run != block.first_run || r.tally.runs != block.range().end - block.first_run {
        return malformed("its runs are not those of its block of the batch");
    }
    let sizes = (labels.stages.len(), labels.delegations.len(), labels.paragraphs.len(), labels.voters.len());
    if !r.tally.has_shape(sizes.0, sizes.1, sizes.2, sizes.3) {
        return malformed("its tally does not fit its stages, delegations, paragraphs and voters");
    }
    if !r.tally.is_consistent() {
        return malformed("its counts contradict one another (outcomes, votes or shares above its runs)");
    }
    Ok(())
}

impl RunReport {
    pub fn new(scenario: &Scenario, seed: u64, batch: &BatchResult) -> Self {
        let secs = batch.elapsed.as_secs_f64();
        let timing = Timing {
            elapsed_s: secs,
            runs_per_s: if secs > 0.0 { batch.tally.runs as f64 / secs } else { 0.0 },
            threads: batch.threads,
        };
        RunReport::from_tally(&Labels::of(scenario), seed, batch.tally.clone(), timing, None)
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
            })
            .collect();
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
                yes_histogram: t.yes_histogram.clone(),
                no_histogram: t.no_histogram.clone(),
                results,
                voters,
            },
            moves_mean: MoveKind::ALL.iter().map(|&k| (k.key().to_string(), ratio(t.moves[k], n))).collect(),
            stages_run_mean: ratio(t.stages_run, n),
            timing,
            shard,
            tally: t,
        }
    }

    /// Combine the outputs of `run --shard K/N` for every K into the report
    /// the unsharded batch prints (all but `timing`, which adds up).
    pub fn merge(shards: &[RunReport]) -> Result<RunReport, MergeError> {
        let first = shards.first().ok_or(MergeError::Empty)?;
        let first_shard = first.shard.as_ref().ok_or(MergeError::NotAShard { index: 0 })?;
        let labels = Labels::of_report(first);
        check_well_formed(0, first, &labels, first_shard)?;
        if labels.digest.is_none() {
            return Err(MergeError::NoDigest { index: 0 });
        }
        let mut tally = first.tally.clone();
        let mut blocks = vec![first_shard.range()];
        let mut timing = first.timing.clone();
        // Shard numbers seen, and at which input: an empty shard given twice
        // covers no run twice, so only its number shows the repetition.
        let mut seen = std::collections::HashMap::from([(first_shard.index, 0)]);
        for (index, r) in shards.iter().enumerate().skip(1) {
            let shard = r.shard.as_ref().ok_or(MergeError::NotAShard { index })?;
            let other = Labels::of_report(r);
            check_well_formed(index, r, &other, shard)?;
            if let Some(&first) = seen.get(&shard.index) {
                return Err(MergeError::Repeated { first, again: index, shard: shard.index });
            }
            seen.insert(shard.index, index);
            let checks: [(&'static str, bool); 4] = [
                ("the scenario", Labels { digest: labels.digest.clone(), ..other.clone() } == labels),
                ("the seed", r.seed == first.seed),
                ("the batch size (--runs)", shard.batch_runs == first_shard.batch_runs),
                ("the shard count", shard.count == first_shard.count),
            ];
            if let Some((what, _)) = checks.iter().find(|(_, same)| !same) {
                return Err(MergeError::Mismatch { index, what });
            }
            match other.digest {
                None => return Err(MergeError::NoDigest { index }),
                Some(d) if Some(&d) != labels.digest.as_ref() => {
                    return Err(MergeError::OtherScenario { index });
                }
                Some(_) => {}
            }
            tally.merge(&r.tally).map_err(|e| MergeError::Overflow { index, field: e.field })?;
            blocks.push(shard.range());
            timing.elapsed_s += r.timing.elapsed_s;
            timing.threads = timing.threads.max(r.timing.threads);
        }
        // By (start, end): an empty shard [s, s) comes before a block that
        // starts at s, so it neither hides nor fakes an overlap.
        blocks.sort_by_key(|b| (b.start, b.end));
        let mut next = 0;
        for b in &blocks {
            if b.start != next {
                return Err(MergeError::Coverage(format!(
                    "runs {}..{} are {}",
                    next.min(b.start),
                    next.max(b.start),
                    if b.start > next { "missing" } else { "in more than one shard" }
                )));
            }
            next = b.end;
        }
        if next != first_shard.batch_runs {
            return Err(MergeError::Coverage(format!("runs {next}..{} are missing", first_shard.batch_runs)));
        }
        timing.runs_per_s = if timing.elapsed_s > 0.0 { tally.runs as f64 / timing.elapsed_s } else { 0.0 };
        Ok(RunReport::from_tally(&labels, first.seed, tally, timing, None))
    }

    /// The outcomes in contract order, with their keys.
    pub fn outcome_rows(&self) -> impl Iterator<Item = (&'static str, &Estimate)> + '_ {
        self.outcomes.iter().map(|(o, e)| (o.key(), e))
    }
}
