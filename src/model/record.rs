//! What one run produces: its generator and its record.

use bevy_ecs::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

pub use crate::scenario::Outcome;

/// The kinds of compromise move (MODEL.md section 4), plus the fumble.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MoveKind {
    CompromisePoint,
    FeasiblePoint,
    Deletion,
    Deferral,
    Ambiguity,
    /// The mediator missed the best move and stepped toward the compromise point.
    Step,
}

impl MoveKind {
    pub const ALL: [MoveKind; 6] = [
        MoveKind::CompromisePoint,
        MoveKind::FeasiblePoint,
        MoveKind::Deletion,
        MoveKind::Deferral,
        MoveKind::Ambiguity,
        MoveKind::Step,
    ];

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
    pub ran: bool,
    /// Paragraphs holding brackets when the stage ended.
    pub bracketed: u32,
    /// Compromise moves made.
    pub moves: u32,
    /// Silence only.
    pub held: bool,
    pub breakers: u32,
    pub challenged: u32,
}

/// Per-negotiator flags of a run.
pub mod flag {
    pub const BROKE_SILENCE: u8 = 1;
    pub const THREATENED: u8 = 2;
    pub const CALLED_VOTE: u8 = 4;
    pub const DISASSOCIATED: u8 = 8;
    // per paragraph
    pub const BRACKETED: u8 = 1;
    pub const CHALLENGED: u8 = 2;
    pub const DELETED: u8 = 4;
}

/// A recorded vote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct VoteCount {
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
}

/// Everything a run records (MODEL.md section 6); folded into a tally.
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq)]
pub struct RunRecord {
    pub outcome: Option<Outcome>,
    pub stages: Vec<StageRecord>,
    pub negotiators: Vec<u8>,
    pub paragraphs: Vec<u8>,
    pub moves: [u32; 6],
    pub vote: Option<VoteCount>,
    pub stages_run: u32,
    /// Per stage, per negotiator (stage * negotiators + negotiator): the
    /// paragraphs it held brackets on when the stage ended.
    pub objections: Vec<u32>,
    /// Per voter, its ballot when there was a vote (see [`ballot`]).
    pub ballots: Vec<u8>,
}

/// Codes of [`RunRecord::ballots`].
pub mod ballot {
    pub const NONE: u8 = 0;
    pub const YES: u8 = 1;
    pub const NO: u8 = 2;
    pub const ABSTAIN: u8 = 3;
}

impl RunRecord {
    pub fn new(stages: usize, negotiators: usize, paragraphs: usize, voters: usize) -> Self {
        RunRecord {
            stages: vec![StageRecord::default(); stages],
            negotiators: vec![0; negotiators],
            paragraphs: vec![0; paragraphs],
            objections: vec![0; stages * negotiators],
            ballots: vec![ballot::NONE; voters],
            ..Default::default()
        }
    }

    pub fn reset(&mut self) {
        self.outcome = None;
        self.stages.fill(StageRecord::default());
        self.negotiators.fill(0);
        self.paragraphs.fill(0);
        self.moves = [0; 6];
        self.vote = None;
        self.stages_run = 0;
        self.objections.fill(0);
        self.ballots.fill(ballot::NONE);
    }

    /// Count one paragraph bracketed by `negotiator` at `stage`.
    pub fn count_objection(&mut self, stage: usize, negotiator: usize) {
        let n = self.negotiators.len();
        self.objections[stage * n + negotiator] += 1;
    }

    pub fn count_move(&mut self, kind: MoveKind) {
        self.moves[kind as usize] += 1;
    }
}
