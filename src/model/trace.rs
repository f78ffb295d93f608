//! The story of one run, recorded only when asked (`plenary trace`).
//!
//! Systems push events with indices (negotiator, issue, event, stage) and
//! paragraph numbers; reports put ids and names in their place.

use bevy_ecs::prelude::*;

use super::record::{MoveKind, Outcome, VoteCount};
use crate::scenario::AmendmentChange;

/// One thing that happened in a traced run. `report::trace` writes it as
/// a sentence and as JSON.
#[derive(Debug, Clone, PartialEq)]
pub enum TraceEvent {
    /// A stage of the calendar began.
    StageStarted {
        /// Index of the stage in [`Scenario::calendar`](crate::Scenario::calendar).
        stage: usize,
    },
    /// An outside event fired and changed its target's behaviour for the
    /// rest of the run.
    EventFired {
        /// Index of the event in [`Scenario::events`](crate::Scenario::events).
        event: usize,
        /// The negotiator whose behaviour changed (roster order index).
        target: usize,
    },
    /// A reading: who bracketed which paragraphs.
    Bracketed {
        /// The negotiator that bracketed them (roster order index).
        by: usize,
        /// Numbers of the paragraphs it objects to, ascending.
        paragraphs: Vec<u32>,
    },
    /// A compromise move on one reference, by the co-facilitators or the
    /// President (MODEL.md section 4).
    Move {
        /// Number of the paragraph.
        paragraph: u32,
        /// The reference's issue (index in
        /// [`Scenario::issues`](crate::Scenario::issues)).
        issue: usize,
        /// Which move was made.
        kind: MoveKind,
        /// The reference's level (0..1) before the move.
        from: f64,
        /// Its level after the move: equal to `from` for constructive
        /// ambiguity, which discounts the reference instead, and for a best
        /// move that keeps the language.
        to: f64,
    },
    /// A revision issued a clean text, all brackets removed.
    RevisionIssued {
        /// Paragraphs whose language changed (a level, or an ambiguity
        /// discount).
        paragraphs_changed: u32,
    },
    /// Nobody broke the silence: the run jumps to the plenary, or ends in
    /// consensus when the calendar has none.
    SilenceHeld,
    /// A negotiator broke the silence and challenged paragraphs, which are
    /// bracketed again holding it.
    SilenceBroken {
        /// The breaker (roster order index).
        by: usize,
        /// Numbers of the paragraphs it challenged, ascending.
        paragraphs: Vec<u32>,
        /// Whether a paragraph violated one of its binding red lines (it
        /// drew `red_line_break` rather than `silence_break`).
        red_line: bool,
        /// Whether it threatened to call a vote ("not in a position to
        /// support").
        threatened: bool,
    },
    /// After the consultations' moves, a breaker still objects to some of
    /// the paragraphs it challenged and keeps its brackets on them.
    StillBracketed {
        /// The breaker (roster order index).
        by: usize,
        /// Numbers of the paragraphs it still holds brackets on, ascending.
        paragraphs: Vec<u32>,
    },
    /// The President's collapse pressure lowered every red line's firmness
    /// (only with `collapse_pressure` above 0).
    PressureApplied {
        /// The binding red lines it released, as (negotiator's roster order
        /// index, position of the line in its
        /// [`red_lines`](crate::scenario::NegotiatorSpec::red_lines)).
        released: Vec<(usize, usize)>,
    },
    /// The collapse rule sank the text before the plenary: it is not tabled
    /// (`NoText`).
    Collapse {
        /// Share (0..1) of the total negotiator influence held by negotiators
        /// whose binding red lines the text still violates; above the
        /// scenario's `collapse_share`.
        share: f64,
    },
    /// A negotiator called for a recorded vote at the plenary.
    VoteCalled {
        /// The negotiator (roster order index).
        by: usize,
    },
    /// No vote was called: a negotiator whose binding red lines the text
    /// violates joins the consensus but disassociates from those paragraphs.
    Disassociated {
        /// The negotiator (roster order index).
        by: usize,
        /// Numbers of the paragraphs that violate its binding red lines,
        /// ascending.
        paragraphs: Vec<u32>,
    },
    /// A negotiator asked for separate recorded votes on paragraphs that
    /// violate its binding red lines (rule 89).
    SeparateVotesRequested {
        /// The negotiator (roster order index).
        by: usize,
        /// Numbers of the paragraphs, ascending.
        paragraphs: Vec<u32>,
    },
    /// A separate recorded vote on retaining one paragraph (rule 89).
    SeparateVote {
        /// Number of the paragraph.
        paragraph: u32,
        /// The ballots cast; the paragraph is retained if yes > no, else
        /// struck from the text.
        count: VoteCount,
        /// The voters (roster order indices) that voted no, of those that
        /// speak for themselves.
        against: Vec<usize>,
        /// The voters that abstained, of those that speak for themselves.
        abstaining: Vec<usize>,
    },
    /// A negotiator moved an amendment (rule 90).
    AmendmentMoved {
        /// The mover (roster order index).
        by: usize,
        /// Number of the paragraph.
        paragraph: u32,
        /// What it changes.
        change: AmendmentChange,
        /// The reference's level as the text stands (for a level change).
        from: Option<f64>,
    },
    /// A negotiator moved no action on an amendment (rule 74) and the
    /// motion was put to a recorded vote first: carried if yes > no, and
    /// then the amendment is not voted on.
    NoActionVote {
        /// The mover of the motion (roster order index).
        by: usize,
        /// Number of the amended paragraph.
        paragraph: u32,
        /// What the amendment changes.
        change: AmendmentChange,
        /// The ballots cast.
        count: VoteCount,
        /// Who voted how (voter indices).
        ballots: BallotLists,
    },
    /// A recorded vote on an amendment (rule 90): adopted if yes > no.
    AmendmentVote {
        /// Number of the amended paragraph.
        paragraph: u32,
        /// What the amendment changes.
        change: AmendmentChange,
        /// The ballots cast.
        count: VoteCount,
        /// Who voted how (voter indices).
        ballots: BallotLists,
    },
    /// An amendment is not put to the vote: an adopted amendment to the
    /// same language (or the paragraph's deletion) has decided it (rule 90).
    AmendmentFalls {
        /// Number of the amended paragraph.
        paragraph: u32,
        /// What the amendment changes.
        change: AmendmentChange,
    },
    /// A recorded vote was held on the whole text.
    Vote {
        /// The ballots cast.
        count: VoteCount,
    },
    /// The run ended.
    Finished {
        /// How it ended.
        outcome: Outcome,
    },
}

/// The voters (roster order indices) that voted yes, no and abstained in
/// one recorded vote.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BallotLists {
    /// Voted yes.
    pub yes: Vec<usize>,
    /// Voted no.
    pub no: Vec<usize>,
    /// Abstained.
    pub abstain: Vec<usize>,
}

/// The trace of the current run; empty and idle unless `enabled`.
#[derive(Resource, Debug, Clone, Default)]
pub struct Trace {
    pub enabled: bool,
    pub events: Vec<TraceEvent>,
}

impl Trace {
    /// Record an event; the closure runs only when tracing, so batch runs
    /// pay nothing for it.
    #[inline]
    pub fn push(&mut self, event: impl FnOnce() -> TraceEvent) {
        if self.enabled {
            self.events.push(event());
        }
    }
}
