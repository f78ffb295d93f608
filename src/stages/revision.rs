//! `Revision`: the co-facilitators move every bracketed paragraph and issue a
//! clean text.

use bevy_ecs::prelude::*;

use super::compromise::{MoveMaker, apply_moves};
use super::{DraftQuery, RoomQuery, for_each_in_text_order, room};
use crate::model::calendar::Calendar;
use crate::model::mediator::Mediator;
use crate::model::record::{RunRecord, RunRng};
use crate::model::trace::{Trace, TraceEvent};

pub fn issue_revision(
    room_query: RoomQuery,
    mut draft: DraftQuery,
    calendar: Res<Calendar>,
    mediator: Res<Mediator>,
    mut rng: ResMut<RunRng>,
    mut record: ResMut<RunRecord>,
    mut trace: ResMut<Trace>,
) {
    let room = room(&room_query, calendar.stages_run);
    let maker = MoveMaker::co_facilitators(&room, &mediator.0);
    let (mut moved, mut changed) = (0u32, 0u32);
    let (mut objectors, mut moves) = (Vec::new(), Vec::new());
    for_each_in_text_order(&mut draft, |paragraph, text, brackets| {
        if brackets.0.is_empty() {
            return;
        }
        // The bracketed paragraphs are moved; who objects to one now (not
        // who bracketed it) decides which of its references are contested.
        maker.objectors(text, &mut objectors);
        moves.clear();
        maker.move_paragraph(text, &objectors, None, &mut rng.0, &mut moves);
        moved += moves.len() as u32;
        // A best move may leave the language where it was: that paragraph
        // was worked on, but the text did not change.
        let r = text.refs();
        changed += u32::from(moves.iter().any(|m| m.to != m.from || m.weight != r[m.position].weight));
        apply_moves(&moves, paragraph, text, &mut record, &mut trace);
        brackets.0.clear();
    });
    record.stages[calendar.current].moves = moved;
    trace.push(|| TraceEvent::RevisionIssued { paragraphs_changed: changed });
}
