//! `run --per-run`: one row per run instead of sums, so that a conditional
//! question ("when the US disassociated, how often did the silence hold?")
//! needs a spreadsheet, not Rust. The rows are collected like any tally and
//! sorted by run index, so the file does not depend on the threads.

use super::batch::Collector;
use super::tally::Overflow;
use crate::model::record::{Outcome, RunRecord, VoteCount};
use crate::scenario::{AmendmentChange, IssueId, Scenario};

/// At most this many runs are collected row by row: the rows are held in
/// memory until the batch ends (about 100 bytes a run, more with levels).
pub const MAX_PER_RUN: u64 = 2_000_000;

/// A reference whose final level each row reports: a paragraph (by its
/// number in the draft) and an issue it refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChosenRef {
    /// The paragraph's number in the draft.
    pub paragraph: u32,
    /// The issue.
    pub issue: IssueId,
    /// Where it is in [`RunRecord::levels`].
    position: usize,
}

/// Why a `--per-run-refs` list cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChosenRefError {
    #[error("`{0}`: a reference is PARAGRAPH:ISSUE (e.g. 12:gender), or `all`")]
    /// Not of the form `PARAGRAPH:ISSUE`.
    Form(String),
    #[error("`{given}`: the draft has no paragraph {number} (its paragraphs are 1 to {last})")]
    /// A paragraph number the draft does not have.
    Paragraph {
        /// As given.
        given: String,
        /// The number read.
        number: u32,
        /// The draft's last paragraph.
        last: u32,
    },
    #[error("`{given}`: no issue `{issue}`{hint}")]
    /// An issue id the scenario does not have.
    Issue {
        /// As given.
        given: String,
        /// The id read.
        issue: String,
        /// ", did you mean `x`?" or the list of issues.
        hint: String,
    },
    #[error("`{given}`: paragraph {paragraph} has no reference to `{issue}` (it refers to: {refers})")]
    /// A paragraph that does not refer to the issue.
    NotReferred {
        /// As given.
        given: String,
        /// The paragraph.
        paragraph: u32,
        /// The issue id.
        issue: String,
        /// The issues it does refer to.
        refers: String,
    },
}

impl ChosenRef {
    /// Every reference of the draft, in text order.
    pub fn all(scenario: &Scenario) -> Vec<ChosenRef> {
        let mut position = 0;
        let mut all = Vec::new();
        for p in scenario.paragraphs() {
            for &(issue, _) in &p.refs {
                all.push(ChosenRef { paragraph: p.number, issue, position });
                position += 1;
            }
        }
        all
    }

    /// Read a comma-separated list of `PARAGRAPH:ISSUE`, or `all`.
    pub fn parse_list(scenario: &Scenario, list: &str) -> Result<Vec<ChosenRef>, ChosenRefError> {
        let all = ChosenRef::all(scenario);
        if list.trim() == "all" {
            return Ok(all);
        }
        let last = scenario.paragraphs().last().map_or(0, |p| p.number);
        let mut chosen = Vec::new();
        for given in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let form = || ChosenRefError::Form(given.to_string());
            let (number, issue) = given.split_once(':').ok_or_else(form)?;
            let number: u32 = number.trim().parse().map_err(|_| form())?;
            let issue = issue.trim();
            let Some(paragraph) = scenario.paragraphs().iter().find(|p| p.number == number) else {
                return Err(ChosenRefError::Paragraph { given: given.to_string(), number, last });
            };
            let Some(id) = scenario.issue_index(issue) else {
                let ids: Vec<&str> = scenario.issues().iter().map(|i| i.id.as_str()).collect();
                return Err(ChosenRefError::Issue {
                    given: given.to_string(),
                    issue: issue.to_string(),
                    hint: crate::scenario::suggest(issue, &ids),
                });
            };
            let Some(r) = all.iter().find(|r| r.paragraph == number && r.issue == id) else {
                let refers: Vec<&str> =
                    paragraph.refs.iter().map(|&(i, _)| scenario.issue(i).id.as_str()).collect();
                return Err(ChosenRefError::NotReferred {
                    given: given.to_string(),
                    paragraph: number,
                    issue: issue.to_string(),
                    refers: if refers.is_empty() { "nothing".to_string() } else { refers.join(", ") },
                });
            };
            if !chosen.contains(r) {
                chosen.push(*r);
            }
        }
        if chosen.is_empty() {
            return Err(ChosenRefError::Form(list.to_string()));
        }
        Ok(chosen)
    }
}

/// What one run did, as the per-run file writes it. Negotiators are roster
/// indices, paragraphs their numbers in the draft.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRow {
    /// The run's index in the batch (its random stream).
    pub run: u64,
    /// How it ended.
    pub outcome: Outcome,
    /// Stages that ran.
    pub stages_run: u32,
    /// The count of the recorded vote on the text, if there was one.
    pub vote: Option<VoteCount>,
    /// Negotiators that broke a silence.
    pub broke_silence: Vec<u32>,
    /// Negotiators that threatened a vote.
    pub threatened: Vec<u32>,
    /// Negotiators that called for a recorded vote.
    pub called_vote: Vec<u32>,
    /// (negotiator, paragraph) disassociations at a consensus.
    pub disassociations: Vec<(u32, u32)>,
    /// Paragraphs struck from the text on the floor (a separate vote lost,
    /// a deletion amendment adopted).
    pub struck: Vec<u32>,
    /// Amendments adopted: (mover, paragraph).
    pub amendments_adopted: Vec<(u32, u32)>,
    /// The final level of each chosen reference, in the order chosen.
    pub levels: Vec<f64>,
}

/// The rows of a batch, one per run (see the module doc).
#[derive(Debug, Clone)]
pub struct PerRun {
    chosen: Vec<ChosenRef>,
    /// Per amendment (in [`RunRecord::amendments`] order): its mover, its
    /// paragraph's number, whether it deletes the paragraph.
    amendments: Vec<(u32, u32, bool)>,
    /// Paragraph numbers by index.
    numbers: Vec<u32>,
    rows: Vec<RunRow>,
}

impl PerRun {
    /// No rows yet; each will report the final levels of `chosen`.
    pub fn new(scenario: &Scenario, chosen: Vec<ChosenRef>) -> Self {
        let numbers: Vec<u32> = scenario.paragraphs().iter().map(|p| p.number).collect();
        // The order of the world's `Amendments`: roster order, then file order.
        let amendments = scenario
            .negotiators()
            .iter()
            .enumerate()
            .flat_map(|(d, n)| {
                let numbers = &numbers;
                n.amendments.iter().map(move |a| {
                    (d as u32, numbers[a.paragraph], matches!(a.change, AmendmentChange::Delete))
                })
            })
            .collect();
        PerRun { chosen, amendments, numbers, rows: Vec::new() }
    }

    /// The references whose levels the rows report.
    pub fn chosen(&self) -> &[ChosenRef] {
        &self.chosen
    }

    /// The rows, by run index (once the batch has merged them).
    pub fn rows(&self) -> &[RunRow] {
        &self.rows
    }

    fn row(&self, run: u64, r: &RunRecord) -> RunRow {
        let who = |f: fn(&crate::model::record::NegotiatorRecord) -> bool| -> Vec<u32> {
            r.negotiators.iter().enumerate().filter(|(_, n)| f(n)).map(|(i, _)| i as u32).collect()
        };
        let mut struck: Vec<u32> = Vec::new();
        let mut adopted = Vec::new();
        for (p, rec) in r.paragraphs.iter().enumerate() {
            if rec.separate_vote.is_some_and(|c| !c.adopts()) {
                struck.push(self.numbers[p]);
            }
        }
        for (&(mover, paragraph, deletes), a) in self.amendments.iter().zip(&r.amendments) {
            if a.vote.is_some_and(|c| c.adopts()) {
                adopted.push((mover, paragraph));
                if deletes && !struck.contains(&paragraph) {
                    struck.push(paragraph);
                }
            }
        }
        struck.sort_unstable();
        RunRow {
            run,
            outcome: r.outcome.unwrap_or(Outcome::NoText),
            stages_run: r.stages_run,
            vote: r.vote,
            broke_silence: who(|n| n.broke_silence),
            threatened: who(|n| n.threatened),
            called_vote: who(|n| n.called_vote),
            disassociations: r.disassociations.clone(),
            struck,
            amendments_adopted: adopted,
            levels: self.chosen.iter().map(|c| r.levels[c.position]).collect(),
        }
    }
}

impl Collector for PerRun {
    fn add(&mut self, run: u64, records: &[&RunRecord]) -> Result<(), Overflow> {
        let row = self.row(run, records[0]);
        self.rows.push(row);
        Ok(())
    }

    fn merge(&mut self, other: Self) -> Result<(), Overflow> {
        self.rows.extend(other.rows);
        // Workers take chunks in any order: sorting makes the file depend on
        // the runs only. Run indices are distinct, so the sort is total.
        self.rows.sort_unstable_by_key(|r| r.run);
        Ok(())
    }

    fn wants_levels(&self) -> bool {
        !self.chosen.is_empty()
    }
}
