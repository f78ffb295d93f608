//! The story of one run, recorded only when asked (`plenary trace`).
//!
//! Systems push events with indices (negotiator, issue, event, stage) and
//! paragraph numbers; reports put ids and names in their place.

use bevy_ecs::prelude::*;

use super::record::{MoveKind, Outcome, VoteCount};

/// One thing that happened in a traced run. `report::trace` writes it as
/// a sentence and as JSON.
#[derive(Debug, Clone, PartialEq)]
pub enum TraceEvent {
    StageStarted {
        stage: usize,
    },
    EventFired {
        event: usize,
        target: usize,
    },
    /// A reading: who bracketed which paragraphs.
    Bracketed {
        by: usize,
        paragraphs: Vec<u32>,
    },
    Move {
        paragraph: u32,
        issue: usize,
        kind: MoveKind,
        from: f64,
        to: f64,
    },
    RevisionIssued {
        paragraphs_changed: u32,
    },
    SilenceHeld,
    SilenceBroken {
        by: usize,
        paragraphs: Vec<u32>,
        red_line: bool,
        threatened: bool,
    },
    StillBracketed {
        by: usize,
        paragraphs: Vec<u32>,
    },
    PressureApplied {
        released: Vec<(usize, usize)>,
    },
    Collapse {
        share: f64,
    },
    VoteCalled {
        by: usize,
    },
    Disassociated {
        by: usize,
        paragraphs: Vec<u32>,
    },
    Vote {
        count: VoteCount,
    },
    Finished {
        outcome: Outcome,
    },
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
