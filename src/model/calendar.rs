//! The calendar of stages and where a run is in it.

use bevy_ecs::prelude::*;

use super::paragraph::HolderSet;
use crate::scenario::{AmendmentSpec, EventSpec, StageKind, StageSpec};

/// The scenario's stages and the run's position in them.
#[derive(Resource, Debug, Clone)]
pub struct Calendar {
    pub stages: Vec<StageSpec>,
    /// Index of the Plenary, if the calendar has one.
    pub plenary: Option<usize>,
    /// The stage being run.
    pub current: usize,
    /// Stages run so far in this run before the current one: the `t` of
    /// time pressure in tolerance(d, t).
    pub stages_run: u32,
    /// Events for stages before this index have been drawn.
    pub events_drawn_through: usize,
    pub finished: bool,
}

impl Calendar {
    pub fn new(stages: Vec<StageSpec>) -> Self {
        let plenary = stages.iter().position(|s| s.kind == StageKind::Plenary);
        Calendar { stages, plenary, current: 0, stages_run: 0, events_drawn_through: 0, finished: false }
    }

    pub fn reset(&mut self) {
        self.current = 0;
        self.stages_run = 0;
        self.events_drawn_through = 0;
        self.finished = self.stages.is_empty();
    }

    pub fn kind(&self) -> StageKind {
        self.stages[self.current].kind
    }
}

/// The scenario's outside events.
#[derive(Resource, Debug, Clone)]
pub struct Events(pub Vec<EventSpec>);

/// Every amendment of the scenario (rule 90) with its mover: negotiators in
/// roster order, each one's in file order. A run's
/// [`RunRecord::amendments`](super::record::RunRecord::amendments) follows
/// this order.
#[derive(Resource, Debug, Clone, Default)]
pub struct Amendments(pub Vec<(usize, AmendmentSpec)>);

/// What was said on the floor of this run's plenary.
#[derive(Resource, Debug, Clone, Default)]
pub struct Floor {
    /// A negotiator called a recorded vote.
    pub vote_called: bool,
    /// Paragraphs (by index) struck from the text by a separate vote or an
    /// adopted deletion amendment.
    pub struck: HolderSet,
}

impl Floor {
    /// Empty it for the next run, keeping its buffers.
    pub fn reset(&mut self) {
        self.vote_called = false;
        self.struck.clear();
    }
}

/// What the last silence left behind, for the consultations and the collapse
/// rule that follow it.
#[derive(Resource, Debug, Clone, Default)]
pub struct SilenceState {
    /// `None` before any silence; else whether the last one held.
    pub last_held: Option<bool>,
    /// Breakers of the last silence.
    pub breakers: HolderSet,
    /// Breakers of the last silence that threatened a vote.
    pub threatened: HolderSet,
}
