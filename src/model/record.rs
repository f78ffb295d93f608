//! What one run produces: its generator and its record.

use bevy_ecs::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

pub use super::table::{PerMove, PerOutcome, TableKey};
pub use crate::scenario::checked::Outcome;

/// The kinds of compromise move (MODEL.md section 4), plus the fumble.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MoveKind {
    /// To the compromise point: the mean of the stakeholders' ideals,
    /// weighted by influence times salience.
    CompromisePoint,
    /// To the point closest to the compromise point in the interval the
    /// binding red lines leave.
    FeasiblePoint,
    /// To level 0.0, the low-ambition move.
    Deletion,
    /// To the scenario's deferral level for the issue: "defer to a process".
    Deferral,
    /// Constructive ambiguity: the level stays, and everyone's
    /// dissatisfaction with the reference is discounted.
    Ambiguity,
    /// The mediator missed the best move and stepped toward the compromise point.
    Step,
}

impl MoveKind {
    /// Every kind, in table order: the candidates in the order of MODEL.md
    /// section 4, then the fumble.
    pub const ALL: [MoveKind; 6] = [
        MoveKind::CompromisePoint,
        MoveKind::FeasiblePoint,
        MoveKind::Deletion,
        MoveKind::Deferral,
        MoveKind::Ambiguity,
        MoveKind::Step,
    ];

    /// The key used in JSON and CSV.
    pub fn key(self) -> &'static str {
        match self {
            MoveKind::CompromisePoint => "compromise_point",
            MoveKind::FeasiblePoint => "feasible_point",
            MoveKind::Deletion => "deletion",
            MoveKind::Deferral => "deferral",
            MoveKind::Ambiguity => "ambiguity",
            MoveKind::Step => "step",
        }
    }
}

impl TableKey for MoveKind {
    const ALL: &'static [Self] = &MoveKind::ALL;
    fn index(self) -> usize {
        self as usize
    }
    fn key(self) -> &'static str {
        MoveKind::key(self)
    }
}

/// The run's only source of randomness: ChaCha8 seeded from the master seed,
/// on the run's own stream (MODEL.md section 6).
#[derive(Resource, Debug, Clone)]
pub struct RunRng(pub ChaCha8Rng);

impl RunRng {
    pub fn for_run(master_seed: u64, run: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(master_seed);
        rng.set_stream(run);
        RunRng(rng)
    }
}

/// Per stage of the calendar, what happened in this run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageRecord {
    /// Whether the stage ran (a held silence skips to the plenary; a run
    /// that ended skips the rest).
    pub ran: bool,
    /// Paragraphs holding brackets when the stage ended.
    pub bracketed: u32,
    /// Compromise moves made.
    pub moves: u32,
    /// Silence only: nobody broke it.
    pub held: bool,
    /// Silence only: negotiators that broke it.
    pub breakers: u32,
    /// Silence only: paragraphs the breakers challenged.
    pub challenged: u32,
}

/// What one negotiator did in a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NegotiatorRecord {
    /// Broke a silence, at any silence stage.
    pub broke_silence: bool,
    /// Threatened a vote when it broke a silence.
    pub threatened: bool,
    /// Called for a recorded vote at the plenary.
    pub called_vote: bool,
    /// Joined a consensus but disassociated from paragraphs.
    pub disassociated: bool,
    /// Asked for separate votes on paragraphs at the plenary (rule 89).
    pub requested_separate_votes: bool,
    /// Moved its amendments at the plenary (rule 90).
    pub moved_amendments: bool,
    /// Moved no action on an amendment (rule 74).
    pub moved_no_action: bool,
}

/// What happened to one amendment of the scenario (in the order of
/// [`crate::model::calendar::Amendments`]) in a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AmendmentRecord {
    /// Its mover moved it.
    pub moved: bool,
    /// The count of the no-action motion on it (rule 74), if one was moved;
    /// carried if the count [adopts](VoteCount::adopts), and then the
    /// amendment was not voted on.
    pub no_action: Option<VoteCount>,
    /// The count of the vote on it, if it was put to the vote; adopted if
    /// the count [adopts](VoteCount::adopts).
    pub vote: Option<VoteCount>,
}

/// What happened to one paragraph in a run (docs/MODEL.md section 9, "What a
/// run records").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParagraphRecord {
    /// Held brackets after a reading or a silence.
    pub bracketed: bool,
    /// A breaker challenged it at a silence.
    pub challenged: bool,
    /// A deletion move took one of its references from a positive level to 0.
    pub deleted: bool,
    /// The count of the separate vote on retaining it at the plenary (rule
    /// 89), if one was held; it was struck from the text unless the count
    /// [adopts](VoteCount::adopts).
    pub separate_vote: Option<VoteCount>,
}

/// A voter's ballot in a recorded vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ballot {
    /// In favour of the text.
    Yes,
    /// Against the text.
    No,
    /// Abstains (not counted toward the majority).
    Abstain,
}

/// A recorded vote.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
pub struct VoteCount {
    /// Votes in favour.
    pub yes: u32,
    /// Votes against.
    pub no: u32,
    /// Abstentions.
    pub abstain: u32,
}

impl VoteCount {
    /// Count one more ballot.
    pub fn count(&mut self, ballot: Ballot) {
        match ballot {
            Ballot::Yes => self.yes += 1,
            Ballot::No => self.no += 1,
            Ballot::Abstain => self.abstain += 1,
        }
    }

    /// Adopted: more yes than no (abstentions do not count; a tie rejects).
    pub fn adopts(&self) -> bool {
        self.yes > self.no
    }
}

/// Everything a run records (MODEL.md section 6); folded into a tally.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct RunRecord {
    /// How the run ended; `None` until it has.
    pub outcome: Option<Outcome>,
    /// Per stage, in calendar order.
    pub stages: Vec<StageRecord>,
    /// Per negotiator, in roster order.
    pub negotiators: Vec<NegotiatorRecord>,
    /// Per paragraph, in text order.
    pub paragraphs: Vec<ParagraphRecord>,
    /// Compromise moves made, by kind.
    pub moves: PerMove<u32>,
    /// The count of the recorded vote, if there was one.
    pub vote: Option<VoteCount>,
    /// Stages that ran (a held silence skips some).
    pub stages_run: u32,
    /// Per stage, per negotiator: the paragraphs it held brackets on when
    /// the stage ended ([`RunRecord::objections`]).
    objections: Vec<u32>,
    /// Per voter, in roster order, its ballot when there was a vote.
    pub ballots: Vec<Option<Ballot>>,
    /// Per amendment of the scenario, what became of it.
    pub amendments: Vec<AmendmentRecord>,
    /// At a consensus, who disassociated from which paragraphs: (negotiator
    /// in roster order, paragraph number), by negotiator, then paragraph.
    pub disassociations: Vec<(u32, u32)>,
    /// The language levels when the run ended, every paragraph's references
    /// in text order (each paragraph's in issue order); empty unless the
    /// simulation was asked for them ([`crate::Simulation::set_recording_levels`]).
    pub levels: Vec<f64>,
}

impl RunRecord {
    /// An empty record for a scenario of these sizes.
    pub fn new(
        stages: usize,
        negotiators: usize,
        paragraphs: usize,
        voters: usize,
        amendments: usize,
    ) -> Self {
        RunRecord {
            amendments: vec![AmendmentRecord::default(); amendments],
            stages: vec![StageRecord::default(); stages],
            negotiators: vec![NegotiatorRecord::default(); negotiators],
            paragraphs: vec![ParagraphRecord::default(); paragraphs],
            objections: vec![0; stages * negotiators],
            ballots: vec![None; voters],
            ..Default::default()
        }
    }

    /// Empty it for the next run, keeping its sizes.
    pub fn reset(&mut self) {
        self.outcome = None;
        self.stages.fill(StageRecord::default());
        self.negotiators.fill(NegotiatorRecord::default());
        self.paragraphs.fill(ParagraphRecord::default());
        self.moves = PerMove::default();
        self.vote = None;
        self.stages_run = 0;
        self.objections.fill(0);
        self.ballots.fill(None);
        self.amendments.fill(AmendmentRecord::default());
        self.disassociations.clear();
        // `levels` is overwritten at the end of each run that records it.
    }

    /// Count one paragraph bracketed by `negotiator` at `stage`.
    pub fn count_objection(&mut self, stage: usize, negotiator: usize) {
        let n = self.negotiators.len();
        self.objections[stage * n + negotiator] += 1;
    }

    /// The paragraphs each negotiator (in roster order) held brackets on
    /// when `stage` ended.
    pub fn objections(&self, stage: usize) -> &[u32] {
        let n = self.negotiators.len();
        &self.objections[stage * n..(stage + 1) * n]
    }

    /// Count one compromise move of `kind`.
    pub fn count_move(&mut self, kind: MoveKind) {
        self.moves[kind] += 1;
    }
}
