//! Tallies: integer sums over runs, merged exactly in any order.

use serde::{Deserialize, Serialize};

use crate::model::record::{Outcome, RunRecord, ballot, flag};

/// Per stage of the calendar, sums over runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageTally {
    /// Runs in which the stage ran.
    pub reached: u64,
    pub held: u64,
    pub breakers: u64,
    pub challenged: u64,
    pub bracketed: u64,
    pub moves: u64,
}

/// Everything a batch of runs adds up to. All fields are integer counts or
/// sums, so merging shards or threads gives exactly the same tally.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub runs: u64,
    /// Runs per outcome, indexed by `Outcome::index()` (the order of
    /// `Outcome::ALL`: consensus, adopted by vote, rejected by vote, no text).
    pub outcomes: [u64; 4],
    pub stages: Vec<StageTally>,
    /// Per negotiator: [broke silence, threatened, called vote, disassociated].
    pub negotiators: Vec<[u64; 4]>,
    /// Per paragraph: [bracketed, challenged, deleted].
    pub paragraphs: Vec<[u64; 3]>,
    pub moves: [u64; 6],
    pub votes: u64,
    pub yes: u64,
    pub no: u64,
    pub abstain: u64,
    pub stages_run: u64,
    /// Per stage, per negotiator (stage * negotiators + negotiator): sum of
    /// the paragraphs it held brackets on when the stage ended.
    pub objections: Vec<u64>,
    /// Runs that voted, by number of yes votes (index) and of no votes.
    pub yes_histogram: Vec<u64>,
    pub no_histogram: Vec<u64>,
    /// Per voter: runs in which it voted [yes, no, abstain].
    pub ballots: Vec<[u64; 3]>,
    /// Runs that voted, by result "yes-no-abstain".
    pub results: std::collections::BTreeMap<String, u64>,
}

impl Tally {
    /// The probability of `outcome` over the runs so far, with its 95%
    /// Wilson interval.
    pub fn estimate(&self, outcome: Outcome) -> super::Estimate {
        super::Estimate::new(self.outcomes[outcome.index()], self.runs)
    }

    pub fn new(stages: usize, negotiators: usize, paragraphs: usize, voters: usize) -> Self {
        Tally {
            stages: vec![StageTally::default(); stages],
            negotiators: vec![[0; 4]; negotiators],
            paragraphs: vec![[0; 3]; paragraphs],
            objections: vec![0; stages * negotiators],
            yes_histogram: vec![0; voters + 1],
            no_histogram: vec![0; voters + 1],
            ballots: vec![[0; 3]; voters],
            ..Default::default()
        }
    }

    /// Whether every per-stage, per-negotiator, per-paragraph and per-voter
    /// list has the length [`Tally::new`] gives it for these sizes (a tally
    /// read back from a file may not).
    pub fn has_shape(&self, stages: usize, negotiators: usize, paragraphs: usize, voters: usize) -> bool {
        let shape = |t: &Tally| {
            [
                t.stages.len(),
                t.negotiators.len(),
                t.paragraphs.len(),
                t.objections.len(),
                t.yes_histogram.len(),
                t.no_histogram.len(),
                t.ballots.len(),
            ]
        };
        shape(self) == shape(&Tally::new(stages, negotiators, paragraphs, voters))
    }

    /// Whether the counts agree with one another as every tally of real runs
    /// does: the outcomes add up to the runs, the runs that voted are those
    /// adopted or rejected by vote and add up in every vote table, and no
    /// count of runs is above the runs it is out of (a tally read back from
    /// an edited file may not).
    pub fn is_consistent(&self) -> bool {
        let sum = |xs: &mut dyn Iterator<Item = u64>| xs.map(u128::from).sum::<u128>();
        let (runs, votes) = (u128::from(self.runs), u128::from(self.votes));
        let voted = u128::from(self.outcomes[Outcome::AdoptedByVote.index()])
            + u128::from(self.outcomes[Outcome::RejectedByVote.index()]);
        sum(&mut self.outcomes.iter().copied()) == runs
            && votes == voted
            && sum(&mut self.yes_histogram.iter().copied()) == votes
            && sum(&mut self.no_histogram.iter().copied()) == votes
            && sum(&mut self.results.values().copied()) == votes
            && self.stages.iter().all(|s| s.reached <= self.runs && s.held <= s.reached)
            && self
                .negotiators
                .iter()
                .flatten()
                .chain(self.paragraphs.iter().flatten())
                .all(|&c| c <= self.runs)
            && self.ballots.iter().all(|b| sum(&mut b.iter().copied()) <= votes)
            && u128::from(self.stages_run) <= runs * self.stages.len() as u128
    }

    pub fn add(&mut self, r: &RunRecord) {
        self.runs += 1;
        let outcome = r.outcome.unwrap_or(Outcome::NoText);
        self.outcomes[outcome.index()] += 1;
        for (t, s) in self.stages.iter_mut().zip(&r.stages) {
            if s.ran {
                t.reached += 1;
                t.held += u64::from(s.held);
                t.breakers += u64::from(s.breakers);
                t.challenged += u64::from(s.challenged);
                t.bracketed += u64::from(s.bracketed);
                t.moves += u64::from(s.moves);
            }
        }
        for (t, &f) in self.negotiators.iter_mut().zip(&r.negotiators) {
            for (i, bit) in [flag::BROKE_SILENCE, flag::THREATENED, flag::CALLED_VOTE, flag::DISASSOCIATED]
                .into_iter()
                .enumerate()
            {
                t[i] += u64::from(f & bit != 0);
            }
        }
        for (t, &f) in self.paragraphs.iter_mut().zip(&r.paragraphs) {
            for (i, bit) in [flag::BRACKETED, flag::CHALLENGED, flag::DELETED].into_iter().enumerate() {
                t[i] += u64::from(f & bit != 0);
            }
        }
        for (t, &m) in self.moves.iter_mut().zip(&r.moves) {
            *t += u64::from(m);
        }
        if let Some(v) = r.vote {
            self.votes += 1;
            self.yes += u64::from(v.yes);
            self.no += u64::from(v.no);
            self.abstain += u64::from(v.abstain);
            self.yes_histogram[v.yes as usize] += 1;
            self.no_histogram[v.no as usize] += 1;
            *self.results.entry(format!("{}-{}-{}", v.yes, v.no, v.abstain)).or_default() += 1;
            for (t, &b) in self.ballots.iter_mut().zip(&r.ballots) {
                if b != ballot::NONE {
                    t[usize::from(b - 1)] += 1;
                }
            }
        }
        self.stages_run += u64::from(r.stages_run);
        for (t, &o) in self.objections.iter_mut().zip(&r.objections) {
            *t += u64::from(o);
        }
    }

    /// Add another tally of the same scenario.
    pub fn merge(&mut self, o: &Tally) {
        fn add_all<const N: usize>(a: &mut [[u64; N]], b: &[[u64; N]]) {
            for (x, y) in a.iter_mut().zip(b) {
                for (p, q) in x.iter_mut().zip(y) {
                    *p += q;
                }
            }
        }
        self.runs += o.runs;
        add_all(std::slice::from_mut(&mut self.outcomes), std::slice::from_ref(&o.outcomes));
        for (a, b) in self.stages.iter_mut().zip(&o.stages) {
            a.reached += b.reached;
            a.held += b.held;
            a.breakers += b.breakers;
            a.challenged += b.challenged;
            a.bracketed += b.bracketed;
            a.moves += b.moves;
        }
        add_all(&mut self.negotiators, &o.negotiators);
        add_all(&mut self.paragraphs, &o.paragraphs);
        add_all(std::slice::from_mut(&mut self.moves), std::slice::from_ref(&o.moves));
        self.votes += o.votes;
        self.yes += o.yes;
        self.no += o.no;
        self.abstain += o.abstain;
        self.stages_run += o.stages_run;
        for (a, b) in [
            (&mut self.objections, &o.objections),
            (&mut self.yes_histogram, &o.yes_histogram),
            (&mut self.no_histogram, &o.no_histogram),
        ] {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        for (a, b) in self.ballots.iter_mut().zip(&o.ballots) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        for (k, v) in &o.results {
            *self.results.entry(k.clone()).or_default() += v;
        }
    }
}
