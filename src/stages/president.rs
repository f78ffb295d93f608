//! `PresidentCompromise`: the PGA's final package, then the cost of collapse.

use bevy_ecs::prelude::*;
use rand::RngExt;

use super::compromise::{MoveMaker, apply_moves};
use super::start::copy_bounds_to_paragraphs;
use super::{DraftQuery, RoomQuery, for_each_in_text_order, room};
use crate::model::calendar::Calendar;
use crate::model::delegation::{Negotiator, RedLines};
use crate::model::mediator::{Mediator, President};
use crate::model::paragraph::ParagraphText;
use crate::model::record::{RunRecord, RunRng};
use crate::model::trace::{Trace, TraceEvent};

/// One move, with the PGA's own skill and step, on every paragraph that some
/// negotiator still objects to. The package is tabled clean: no brackets.
pub fn president_compromise(
    room_query: RoomQuery,
    mut draft: DraftQuery,
    calendar: Res<Calendar>,
    mediator: Res<Mediator>,
    president: Res<President>,
    mut rng: ResMut<RunRng>,
    mut record: ResMut<RunRecord>,
    mut trace: ResMut<Trace>,
) {
    let Some(pga) = &president.0 else { return };
    let room = room(&room_query, calendar.stages_run);
    let maker = MoveMaker::president(&room, pga, &mediator.0);
    let mut moved = 0u32;
    let (mut objectors, mut moves) = (Vec::new(), Vec::new());
    for_each_in_text_order(&mut draft, |paragraph, text, brackets| {
        brackets.0.clear();
        maker.objectors(text, &mut objectors);
        if objectors.is_empty() {
            return;
        }
        moves.clear();
        maker.move_paragraph(text, &objectors, None, &mut rng.0, &mut moves);
        moved += moves.len() as u32;
        apply_moves(&moves, paragraph, text, &mut record, &mut trace);
    });
    record.stages[calendar.current].moves = moved;
}

/// The cost of collapse: every red line's firmness drops by
/// `collapse_pressure` (floor 0); a binding line stays binding with
/// probability new/old. Pressure never hardens a bargaining position.
pub fn apply_collapse_pressure(
    president: Res<President>,
    mut negotiators: Query<(&Negotiator, &mut RedLines)>,
    mut draft: Query<&mut ParagraphText>,
    mut rng: ResMut<RunRng>,
    mut trace: ResMut<Trace>,
) {
    let Some(pga) = &president.0 else { return };
    if pga.collapse_pressure <= 0.0 {
        return;
    }
    let mut all: Vec<_> = negotiators.iter_mut().collect();
    all.sort_by_key(|(n, _)| n.index);
    let mut released = Vec::new();
    for (n, red) in &mut all {
        for (i, line) in red.lines.iter_mut().enumerate() {
            let old = line.firmness;
            let new = (old - pga.collapse_pressure).max(0.0);
            line.firmness = new;
            if line.binding && old > 0.0 && rng.0.random::<f64>() >= new / old {
                line.binding = false;
                released.push((n.index, i));
            }
        }
        red.refresh();
    }
    // Only a released line moves a bound.
    if !released.is_empty() {
        copy_bounds_to_paragraphs(&negotiators, &mut draft);
    }
    trace.push(|| TraceEvent::PressureApplied { released });
}
