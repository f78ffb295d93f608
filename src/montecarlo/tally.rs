//! Tallies: integer sums over runs, merged exactly in any order.
//!
//! Each kind of count is a named struct that knows how to add another of its
//! kind ([`Counts::absorb`]): the one place where each field is summed.
//! Adding a run converts its record into counts and absorbs them; merging
//! two tallies absorbs one into the other; both go through the same
//! `absorb`, and both list every field of [`Tally`] by destructuring it, so
//! a field added to one and not the other does not compile. Every sum is
//! checked: a count that would not fit in 64 bits is an [`Overflow`] naming
//! the field, never a wrapped number.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::record::{
    AmendmentRecord, Ballot, NegotiatorRecord, Outcome, ParagraphRecord, PerMove, PerOutcome, RunRecord,
    StageRecord, TableKey, VoteCount,
};
use crate::model::table::Table;

/// A sum that does not fit in 64 bits; `field` is its path in the tally
/// (`negotiators[3].broke_silence`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the sum of `{field}` does not fit in 64 bits")]
pub struct Overflow {
    /// The sum's path in the tally.
    pub field: String,
}

impl Overflow {
    /// The same overflow seen from the struct that holds `outer`.
    pub(crate) fn within(self, outer: &str) -> Overflow {
        let sep = if self.field.starts_with('[') { "" } else { "." };
        Overflow { field: format!("{outer}{sep}{}", self.field) }
    }
}

/// `sum += x`, or the overflow of `field`.
fn plus(sum: &mut u64, x: u64, field: &str) -> Result<(), Overflow> {
    *sum = sum.checked_add(x).ok_or_else(|| Overflow { field: field.to_string() })?;
    Ok(())
}

/// Counts that add up.
pub trait Counts {
    /// Add `other`'s counts to these, field by field.
    fn absorb(&mut self, other: &Self) -> Result<(), Overflow>;
}

impl Counts for u64 {
    fn absorb(&mut self, other: &Self) -> Result<(), Overflow> {
        plus(self, *other, "")
    }
}

/// Element by element; the two lists have the same length (a tally's shape
/// is fixed by its scenario, and a tally read from a file is checked with
/// [`Tally::has_shape`] first).
impl<T: Counts> Counts for Vec<T> {
    fn absorb(&mut self, other: &Self) -> Result<(), Overflow> {
        for (i, (a, b)) in self.iter_mut().zip(other).enumerate() {
            a.absorb(b).map_err(|e| {
                let sep = if e.field.is_empty() { "" } else { "." };
                Overflow { field: format!("[{i}]{sep}{}", e.field) }
            })?;
        }
        Ok(())
    }
}

impl<K: TableKey, const N: usize> Counts for Table<K, u64, N> {
    fn absorb(&mut self, other: &Self) -> Result<(), Overflow> {
        for ((k, a), b) in self.iter_mut().zip(other.values()) {
            plus(a, *b, k.key())?;
        }
        Ok(())
    }
}

/// Per stage of the calendar, sums over the runs that reached it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageTally {
    /// Runs in which the stage ran.
    pub reached: u64,
    /// Runs in which the silence held (silence stages only).
    pub held: u64,
    /// Negotiators that broke the silence, summed over runs.
    pub breakers: u64,
    /// Paragraphs challenged at the silence, summed over runs.
    pub challenged: u64,
    /// Paragraphs in brackets when the stage ended, summed over runs.
    pub bracketed: u64,
    /// Compromise moves made in the stage, summed over runs.
    pub moves: u64,
    /// The squares of the four sums above, per run, summed over runs: what
    /// the standard errors of their means are computed from. 0 in a file
    /// written before they existed (the report then gives no standard
    /// error).
    #[serde(default)]
    pub breakers_sq: u64,
    /// Challenged paragraphs squared, summed over runs.
    #[serde(default)]
    pub challenged_sq: u64,
    /// Bracketed paragraphs squared, summed over runs.
    #[serde(default)]
    pub bracketed_sq: u64,
    /// Moves squared, summed over runs.
    #[serde(default)]
    pub moves_sq: u64,
}

impl From<&StageRecord> for StageTally {
    fn from(s: &StageRecord) -> Self {
        if !s.ran {
            return StageTally::default();
        }
        StageTally {
            reached: 1,
            held: u64::from(s.held),
            breakers: u64::from(s.breakers),
            challenged: u64::from(s.challenged),
            bracketed: u64::from(s.bracketed),
            moves: u64::from(s.moves),
            breakers_sq: u64::from(s.breakers).pow(2),
            challenged_sq: u64::from(s.challenged).pow(2),
            bracketed_sq: u64::from(s.bracketed).pow(2),
            moves_sq: u64::from(s.moves).pow(2),
        }
    }
}

impl Counts for StageTally {
    fn absorb(&mut self, o: &Self) -> Result<(), Overflow> {
        let StageTally {
            reached,
            held,
            breakers,
            challenged,
            bracketed,
            moves,
            breakers_sq,
            challenged_sq,
            bracketed_sq,
            moves_sq,
        } = self;
        plus(reached, o.reached, "reached")?;
        plus(held, o.held, "held")?;
        plus(breakers, o.breakers, "breakers")?;
        plus(challenged, o.challenged, "challenged")?;
        plus(bracketed, o.bracketed, "bracketed")?;
        plus(moves, o.moves, "moves")?;
        plus(breakers_sq, o.breakers_sq, "breakers_sq")?;
        plus(challenged_sq, o.challenged_sq, "challenged_sq")?;
        plus(bracketed_sq, o.bracketed_sq, "bracketed_sq")?;
        plus(moves_sq, o.moves_sq, "moves_sq")
    }
}

/// Whether a count is 0: the counts of the floor (separate votes) are left
/// out of the JSON when 0, so that a scenario that does not use the floor
/// writes the same tally as before the floor existed.
fn is_zero(x: &u64) -> bool {
    *x == 0
}

/// Per negotiator: runs in which it did each thing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NegotiatorCounts {
    /// Runs in which it broke a silence.
    pub broke_silence: u64,
    /// Runs in which it threatened a vote at a silence.
    pub threatened: u64,
    /// Runs in which it called a recorded vote.
    pub called_vote: u64,
    /// Runs in which it disassociated from paragraphs at a consensus.
    pub disassociated: u64,
    /// Runs in which it asked for separate votes (rule 89); left out when 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub requested_separate_votes: u64,
    /// Runs in which it moved its amendments (rule 90); left out when 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub moved_amendments: u64,
    /// Runs in which it moved no action on an amendment (rule 74); left out
    /// when 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub moved_no_action: u64,
}

impl From<&NegotiatorRecord> for NegotiatorCounts {
    fn from(r: &NegotiatorRecord) -> Self {
        NegotiatorCounts {
            broke_silence: u64::from(r.broke_silence),
            threatened: u64::from(r.threatened),
            called_vote: u64::from(r.called_vote),
            disassociated: u64::from(r.disassociated),
            requested_separate_votes: u64::from(r.requested_separate_votes),
            moved_amendments: u64::from(r.moved_amendments),
            moved_no_action: u64::from(r.moved_no_action),
        }
    }
}

impl Counts for NegotiatorCounts {
    fn absorb(&mut self, o: &Self) -> Result<(), Overflow> {
        let NegotiatorCounts {
            broke_silence,
            threatened,
            called_vote,
            disassociated,
            requested_separate_votes,
            moved_amendments,
            moved_no_action,
        } = self;
        plus(broke_silence, o.broke_silence, "broke_silence")?;
        plus(threatened, o.threatened, "threatened")?;
        plus(called_vote, o.called_vote, "called_vote")?;
        plus(disassociated, o.disassociated, "disassociated")?;
        plus(requested_separate_votes, o.requested_separate_votes, "requested_separate_votes")?;
        plus(moved_amendments, o.moved_amendments, "moved_amendments")?;
        plus(moved_no_action, o.moved_no_action, "moved_no_action")
    }
}

/// Per amendment of the scenario (rule 90): runs in which it was moved,
/// met a no-action motion, was voted on, adopted; and the sums of the votes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmendmentCounts {
    /// Runs in which its mover moved it.
    pub moved: u64,
    /// Runs in which a no-action motion on it was moved (rule 74).
    pub no_action_moved: u64,
    /// Runs in which that motion carried (and the amendment was not voted).
    pub no_action_carried: u64,
    /// Yes votes summed over its no-action votes.
    pub no_action_yes: u64,
    /// No votes summed over its no-action votes.
    pub no_action_no: u64,
    /// Abstentions summed over its no-action votes.
    pub no_action_abstain: u64,
    /// Runs in which it was put to the vote.
    pub voted: u64,
    /// Runs in which the vote adopted it (yes > no).
    pub adopted: u64,
    /// Yes votes summed over its votes.
    pub yes: u64,
    /// No votes summed over its votes.
    pub no: u64,
    /// Abstentions summed over its votes.
    pub abstain: u64,
}

impl From<&AmendmentRecord> for AmendmentCounts {
    fn from(r: &AmendmentRecord) -> Self {
        let sum = |v: Option<VoteCount>, f: fn(&VoteCount) -> u32| v.map_or(0, |v| u64::from(f(&v)));
        AmendmentCounts {
            moved: u64::from(r.moved),
            no_action_moved: u64::from(r.no_action.is_some()),
            no_action_carried: u64::from(r.no_action.is_some_and(|v| v.adopts())),
            no_action_yes: sum(r.no_action, |v| v.yes),
            no_action_no: sum(r.no_action, |v| v.no),
            no_action_abstain: sum(r.no_action, |v| v.abstain),
            voted: u64::from(r.vote.is_some()),
            adopted: u64::from(r.vote.is_some_and(|v| v.adopts())),
            yes: sum(r.vote, |v| v.yes),
            no: sum(r.vote, |v| v.no),
            abstain: sum(r.vote, |v| v.abstain),
        }
    }
}

impl Counts for AmendmentCounts {
    fn absorb(&mut self, o: &Self) -> Result<(), Overflow> {
        let AmendmentCounts {
            moved,
            no_action_moved,
            no_action_carried,
            no_action_yes,
            no_action_no,
            no_action_abstain,
            voted,
            adopted,
            yes,
            no,
            abstain,
        } = self;
        plus(moved, o.moved, "moved")?;
        plus(no_action_moved, o.no_action_moved, "no_action_moved")?;
        plus(no_action_carried, o.no_action_carried, "no_action_carried")?;
        plus(no_action_yes, o.no_action_yes, "no_action_yes")?;
        plus(no_action_no, o.no_action_no, "no_action_no")?;
        plus(no_action_abstain, o.no_action_abstain, "no_action_abstain")?;
        plus(voted, o.voted, "voted")?;
        plus(adopted, o.adopted, "adopted")?;
        plus(yes, o.yes, "yes")?;
        plus(no, o.no, "no")?;
        plus(abstain, o.abstain, "abstain")
    }
}

/// Per paragraph: runs in which it was bracketed, challenged, deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParagraphCounts {
    /// Runs in which it was in brackets after a reading or a silence.
    pub bracketed: u64,
    /// Runs in which a breaker challenged it at a silence.
    pub challenged: u64,
    /// Runs in which a deletion move took one of its references to 0.
    pub deleted: u64,
    /// Runs in which a separate vote (rule 89) was held on it; this and the
    /// four counts below are left out when 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub separate_votes: u64,
    /// Runs in which its separate vote retained it (yes > no).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub retained: u64,
    /// Yes votes (to retain it) summed over its separate votes.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub separate_yes: u64,
    /// No votes summed over its separate votes.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub separate_no: u64,
    /// Abstentions summed over its separate votes.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub separate_abstain: u64,
}

impl From<&ParagraphRecord> for ParagraphCounts {
    fn from(r: &ParagraphRecord) -> Self {
        ParagraphCounts {
            bracketed: u64::from(r.bracketed),
            challenged: u64::from(r.challenged),
            deleted: u64::from(r.deleted),
            separate_votes: u64::from(r.separate_vote.is_some()),
            retained: u64::from(r.separate_vote.is_some_and(|v| v.adopts())),
            separate_yes: r.separate_vote.map_or(0, |v| u64::from(v.yes)),
            separate_no: r.separate_vote.map_or(0, |v| u64::from(v.no)),
            separate_abstain: r.separate_vote.map_or(0, |v| u64::from(v.abstain)),
        }
    }
}

impl Counts for ParagraphCounts {
    fn absorb(&mut self, o: &Self) -> Result<(), Overflow> {
        let ParagraphCounts {
            bracketed,
            challenged,
            deleted,
            separate_votes,
            retained,
            separate_yes,
            separate_no,
            separate_abstain,
        } = self;
        plus(bracketed, o.bracketed, "bracketed")?;
        plus(challenged, o.challenged, "challenged")?;
        plus(deleted, o.deleted, "deleted")?;
        plus(separate_votes, o.separate_votes, "separate_votes")?;
        plus(retained, o.retained, "retained")?;
        plus(separate_yes, o.separate_yes, "separate_yes")?;
        plus(separate_no, o.separate_no, "separate_no")?;
        plus(separate_abstain, o.separate_abstain, "separate_abstain")
    }
}

/// Per voter: runs in which it voted yes, no, abstain.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotCounts {
    /// Runs in which it voted yes.
    pub yes: u64,
    /// Runs in which it voted no.
    pub no: u64,
    /// Runs in which it abstained.
    pub abstain: u64,
}

impl BallotCounts {
    /// Runs in which it voted at all.
    pub fn total(&self) -> u128 {
        u128::from(self.yes) + u128::from(self.no) + u128::from(self.abstain)
    }
}

impl From<Option<Ballot>> for BallotCounts {
    fn from(b: Option<Ballot>) -> Self {
        BallotCounts {
            yes: u64::from(b == Some(Ballot::Yes)),
            no: u64::from(b == Some(Ballot::No)),
            abstain: u64::from(b == Some(Ballot::Abstain)),
        }
    }
}

impl Counts for BallotCounts {
    fn absorb(&mut self, o: &Self) -> Result<(), Overflow> {
        let BallotCounts { yes, no, abstain } = self;
        plus(yes, o.yes, "yes")?;
        plus(no, o.no, "no")?;
        plus(abstain, o.abstain, "abstain")
    }
}

/// Runs that voted, by result.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Vec<ResultCount>", into = "Vec<ResultCount>")]
pub struct VoteResults(pub BTreeMap<VoteCount, u64>);

/// One result and the runs that voted it, as [`VoteResults`] are written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultCount {
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
    pub count: u64,
}

impl From<Vec<ResultCount>> for VoteResults {
    /// A result listed twice adds up (a file written by plenary lists each once).
    fn from(list: Vec<ResultCount>) -> Self {
        let mut map = BTreeMap::new();
        for r in list {
            let sum: &mut u64 =
                map.entry(VoteCount { yes: r.yes, no: r.no, abstain: r.abstain }).or_default();
            *sum = sum.saturating_add(r.count);
        }
        VoteResults(map)
    }
}

impl From<VoteResults> for Vec<ResultCount> {
    fn from(r: VoteResults) -> Self {
        r.0.into_iter()
            .map(|(v, count)| ResultCount { yes: v.yes, no: v.no, abstain: v.abstain, count })
            .collect()
    }
}

impl Counts for VoteResults {
    fn absorb(&mut self, o: &Self) -> Result<(), Overflow> {
        for (v, &count) in &o.0 {
            let field = || format!("{}-{}-{}", v.yes, v.no, v.abstain);
            plus(self.0.entry(*v).or_default(), count, "").map_err(|_| Overflow { field: field() })?;
        }
        Ok(())
    }
}

/// Everything a batch of runs adds up to. All fields are integer counts or
/// sums, so merging shards or threads gives exactly the same tally.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Runs folded in.
    pub runs: u64,
    /// Runs per outcome.
    pub outcomes: PerOutcome<u64>,
    /// Per stage of the calendar.
    pub stages: Vec<StageTally>,
    /// Per negotiator, in roster order.
    pub negotiators: Vec<NegotiatorCounts>,
    /// Per paragraph, in text order.
    pub paragraphs: Vec<ParagraphCounts>,
    /// Compromise moves, by kind.
    pub moves: PerMove<u64>,
    /// Runs that voted, and the sums of their yes, no and abstain votes.
    pub votes: u64,
    /// Yes votes summed over the runs that voted.
    pub yes: u64,
    /// No votes summed over the runs that voted.
    pub no: u64,
    /// Abstentions summed over the runs that voted.
    pub abstain: u64,
    /// Stages run, summed over runs.
    pub stages_run: u64,
    /// Per stage, per negotiator: sum of the paragraphs it held brackets on
    /// when the stage ended.
    pub objections: Vec<Vec<u64>>,
    /// Runs that voted, by number of yes votes (index) and of no votes.
    pub yes_histogram: Vec<u64>,
    /// Runs that voted, by number of no votes (index).
    pub no_histogram: Vec<u64>,
    /// Per voter: runs in which it voted yes, no, abstain.
    pub ballots: Vec<BallotCounts>,
    /// Runs that voted, by result.
    pub results: VoteResults,
    /// Per amendment of the scenario (rule 90), in the order of its list;
    /// left out when the scenario has none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amendments: Vec<AmendmentCounts>,
}

impl Tally {
    /// An empty tally for these sizes.
    pub fn new(
        stages: usize,
        negotiators: usize,
        paragraphs: usize,
        voters: usize,
        amendments: usize,
    ) -> Self {
        Tally {
            amendments: vec![AmendmentCounts::default(); amendments],
            stages: vec![StageTally::default(); stages],
            negotiators: vec![NegotiatorCounts::default(); negotiators],
            paragraphs: vec![ParagraphCounts::default(); paragraphs],
            objections: vec![vec![0; negotiators]; stages],
            yes_histogram: vec![0; voters + 1],
            no_histogram: vec![0; voters + 1],
            ballots: vec![BallotCounts::default(); voters],
            ..Default::default()
        }
    }

    /// An empty tally shaped for a scenario's stages, negotiators,
    /// paragraphs and voters.
    pub fn for_scenario(s: &crate::scenario::Scenario) -> Self {
        let amendments = s.negotiators.iter().map(|n| n.amendments.len()).sum();
        Tally::new(s.calendar.len(), s.negotiators.len(), s.paragraphs.len(), s.voters.len(), amendments)
    }

    /// The probability of `outcome` over the runs so far, with its 95%
    /// Wilson interval.
    pub fn estimate(&self, outcome: Outcome) -> super::Estimate {
        super::Estimate::new(self.outcomes[outcome], self.runs)
    }

    /// Whether every per-stage, per-negotiator, per-paragraph and per-voter
    /// list has the length [`Tally::new`] gives it for these sizes (a tally
    /// read back from a file may not).
    pub fn has_shape(
        &self,
        stages: usize,
        negotiators: usize,
        paragraphs: usize,
        voters: usize,
        amendments: usize,
    ) -> bool {
        self.amendments.len() == amendments
            && self.stages.len() == stages
            && self.negotiators.len() == negotiators
            && self.paragraphs.len() == paragraphs
            && self.objections.len() == stages
            && self.objections.iter().all(|o| o.len() == negotiators)
            && self.yes_histogram.len() == voters + 1
            && self.no_histogram.len() == voters + 1
            && self.ballots.len() == voters
    }

    /// Whether the counts agree with one another as every tally of real runs
    /// does: the outcomes add up to the runs, the runs that voted are those
    /// adopted or rejected by vote and add up in every vote table, and no
    /// count of runs is above the runs it is out of (a tally read back from
    /// an edited file may not).
    pub fn is_consistent(&self) -> bool {
        let sum = |xs: &mut dyn Iterator<Item = u64>| xs.map(u128::from).sum::<u128>();
        let (runs, votes) = (u128::from(self.runs), u128::from(self.votes));
        let voted = u128::from(self.outcomes[Outcome::AdoptedByVote])
            + u128::from(self.outcomes[Outcome::RejectedByVote]);
        let per_run = |c: &u64| *c <= self.runs;
        sum(&mut self.outcomes.values().iter().copied()) == runs
            && votes == voted
            && sum(&mut self.yes_histogram.iter().copied()) == votes
            && sum(&mut self.no_histogram.iter().copied()) == votes
            && sum(&mut self.results.0.values().copied()) == votes
            && self.stages.iter().all(|s| s.reached <= self.runs && s.held <= s.reached)
            && self.negotiators.iter().all(|n| {
                [
                    n.broke_silence,
                    n.threatened,
                    n.called_vote,
                    n.disassociated,
                    n.requested_separate_votes,
                    n.moved_amendments,
                    n.moved_no_action,
                ]
                .iter()
                .all(per_run)
            })
            && self.amendments.iter().all(|a| {
                a.moved <= self.runs
                    && a.no_action_moved <= a.moved
                    && a.no_action_carried <= a.no_action_moved
                    && a.voted <= a.moved
                    && a.adopted <= a.voted
            })
            && self.paragraphs.iter().all(|p| {
                [p.bracketed, p.challenged, p.deleted, p.separate_votes].iter().all(per_run)
                    && p.retained <= p.separate_votes
            })
            && self.ballots.iter().all(|b| b.total() <= votes)
            && u128::from(self.stages_run) <= runs * self.stages.len() as u128
    }

    /// Add one run.
    pub fn add(&mut self, r: &RunRecord) -> Result<(), Overflow> {
        let Tally {
            runs,
            outcomes,
            stages,
            negotiators,
            paragraphs,
            moves,
            votes,
            yes,
            no,
            abstain,
            stages_run,
            objections,
            yes_histogram,
            no_histogram,
            ballots,
            results,
            amendments,
        } = self;
        plus(runs, 1, "runs")?;
        absorb_each(amendments, &r.amendments, "amendments")?;
        let outcome = r.outcome.unwrap_or(Outcome::NoText);
        plus(&mut outcomes[outcome], 1, "outcomes")?;
        absorb_each(stages, &r.stages, "stages")?;
        absorb_each(negotiators, &r.negotiators, "negotiators")?;
        absorb_each(paragraphs, &r.paragraphs, "paragraphs")?;
        moves.absorb(&r.moves.map(|_, &m| u64::from(m))).map_err(|e| e.within("moves"))?;
        if let Some(v) = r.vote {
            plus(votes, 1, "votes")?;
            plus(yes, u64::from(v.yes), "yes")?;
            plus(no, u64::from(v.no), "no")?;
            plus(abstain, u64::from(v.abstain), "abstain")?;
            plus(&mut yes_histogram[v.yes as usize], 1, "yes_histogram")?;
            plus(&mut no_histogram[v.no as usize], 1, "no_histogram")?;
            plus(results.0.entry(v).or_default(), 1, "results")?;
            absorb_each(ballots, &r.ballots, "ballots")?;
        }
        plus(stages_run, u64::from(r.stages_run), "stages_run")?;
        for (stage, sums) in objections.iter_mut().enumerate() {
            for (sum, &o) in sums.iter_mut().zip(r.objections(stage)) {
                plus(sum, u64::from(o), "objections")?;
            }
        }
        Ok(())
    }

    /// Add another tally of the same scenario.
    pub fn merge(&mut self, o: &Tally) -> Result<(), Overflow> {
        let Tally {
            runs,
            outcomes,
            stages,
            negotiators,
            paragraphs,
            moves,
            votes,
            yes,
            no,
            abstain,
            stages_run,
            objections,
            yes_histogram,
            no_histogram,
            ballots,
            results,
            amendments,
        } = self;
        plus(runs, o.runs, "runs")?;
        amendments.absorb(&o.amendments).map_err(|e| e.within("amendments"))?;
        outcomes.absorb(&o.outcomes).map_err(|e| e.within("outcomes"))?;
        stages.absorb(&o.stages).map_err(|e| e.within("stages"))?;
        negotiators.absorb(&o.negotiators).map_err(|e| e.within("negotiators"))?;
        paragraphs.absorb(&o.paragraphs).map_err(|e| e.within("paragraphs"))?;
        moves.absorb(&o.moves).map_err(|e| e.within("moves"))?;
        plus(votes, o.votes, "votes")?;
        plus(yes, o.yes, "yes")?;
        plus(no, o.no, "no")?;
        plus(abstain, o.abstain, "abstain")?;
        plus(stages_run, o.stages_run, "stages_run")?;
        objections.absorb(&o.objections).map_err(|e| e.within("objections"))?;
        yes_histogram.absorb(&o.yes_histogram).map_err(|e| e.within("yes_histogram"))?;
        no_histogram.absorb(&o.no_histogram).map_err(|e| e.within("no_histogram"))?;
        ballots.absorb(&o.ballots).map_err(|e| e.within("ballots"))?;
        results.absorb(&o.results).map_err(|e| e.within("results"))
    }
}

/// Absorb each record of a run, as counts, into the matching counts.
fn absorb_each<C, R>(counts: &mut [C], records: &[R], field: &str) -> Result<(), Overflow>
where
    C: Counts + for<'a> From<&'a R>,
{
    for (i, (c, r)) in counts.iter_mut().zip(records).enumerate() {
        c.absorb(&C::from(r)).map_err(|e| Overflow { field: format!("{field}[{i}].{}", e.field) })?;
    }
    Ok(())
}

/// A run's ballot as counts (the conversion `absorb_each` needs).
impl From<&Option<Ballot>> for BallotCounts {
    fn from(b: &Option<Ballot>) -> Self {
        BallotCounts::from(*b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::record::MoveKind;

    fn record(outcome: Outcome, vote: Option<VoteCount>) -> RunRecord {
        let mut r = RunRecord::new(2, 2, 3, 2, 0);
        r.outcome = Some(outcome);
        r.stages[0] = StageRecord { ran: true, bracketed: 2, moves: 1, ..Default::default() };
        r.negotiators[1].broke_silence = true;
        r.paragraphs[2].deleted = true;
        r.count_move(MoveKind::Deletion);
        r.count_objection(1, 0);
        r.vote = vote;
        if vote.is_some() {
            r.ballots = vec![Some(Ballot::Yes), Some(Ballot::Abstain)];
        }
        r.stages_run = 2;
        r
    }

    #[test]
    fn merging_tallies_equals_adding_every_run_to_one() {
        let vote = VoteCount { yes: 1, no: 0, abstain: 1 };
        let runs = [
            record(Outcome::Consensus, None),
            record(Outcome::AdoptedByVote, Some(vote)),
            record(Outcome::NoText, None),
            record(Outcome::AdoptedByVote, Some(vote)),
        ];
        let mut all = Tally::new(2, 2, 3, 2, 0);
        for r in &runs {
            all.add(r).unwrap();
        }
        let (mut a, mut b) = (Tally::new(2, 2, 3, 2, 0), Tally::new(2, 2, 3, 2, 0));
        for r in &runs[..1] {
            a.add(r).unwrap();
        }
        for r in &runs[1..] {
            b.add(r).unwrap();
        }
        a.merge(&b).unwrap();
        assert_eq!(a, all);
        assert!(all.is_consistent() && all.has_shape(2, 2, 3, 2, 0));
        assert_eq!(all.outcomes[Outcome::AdoptedByVote], 2);
        assert_eq!(all.moves[MoveKind::Deletion], 4);
        assert_eq!(all.negotiators[1].broke_silence, 4);
        assert_eq!(all.objections[1], vec![4, 0]);
        assert_eq!(all.ballots[1], BallotCounts { yes: 0, no: 0, abstain: 2 });
        assert_eq!(all.results.0[&vote], 2);
        assert_eq!(
            all.stages[0],
            StageTally {
                reached: 4,
                bracketed: 8,
                moves: 4,
                bracketed_sq: 16,
                moves_sq: 4,
                ..Default::default()
            }
        );
    }

    #[test]
    fn an_overflow_names_its_field() {
        let mut a = Tally::new(1, 2, 1, 1, 0);
        let mut b = a.clone();
        a.negotiators[1].called_vote = u64::MAX;
        b.negotiators[1].called_vote = 1;
        assert_eq!(a.merge(&b).unwrap_err().field, "negotiators[1].called_vote");
        let mut a = Tally::new(1, 1, 1, 1, 0);
        a.outcomes[Outcome::NoText] = u64::MAX;
        let e = a.add(&RunRecord::new(1, 1, 1, 1, 0)).unwrap_err();
        assert_eq!(e.field, "outcomes");
        let (mut a, mut b) = (Tally::new(1, 1, 1, 1, 0), Tally::new(1, 1, 1, 1, 0));
        let v = VoteCount { yes: 1, no: 0, abstain: 0 };
        a.results.0.insert(v, u64::MAX);
        b.results.0.insert(v, 1);
        assert_eq!(a.merge(&b).unwrap_err().field, "results.1-0-0");
    }

    #[test]
    fn results_are_written_as_a_list_of_counts() {
        let mut t = Tally::new(1, 1, 1, 1, 0);
        t.results.0.insert(VoteCount { yes: 3, no: 1, abstain: 0 }, 7);
        let json = serde_json::to_value(&t).unwrap();
        assert_eq!(json["results"], serde_json::json!([{"yes": 3, "no": 1, "abstain": 0, "count": 7}]));
        let back: Tally = serde_json::from_value(json).unwrap();
        assert_eq!(back, t);
    }
}
