//! `Consultations`: after a broken silence, bilateral talks with the
//! breakers move each challenged paragraph once, weighting the breakers more.

use bevy_ecs::prelude::*;

use super::compromise::{MoveMaker, apply_moves};
use super::{DraftQuery, RoomQuery, for_each_in_text_order, room};
use crate::model::calendar::{Calendar, SilenceState};
use crate::model::mediator::Mediator;
use crate::model::record::{RunRecord, RunRng};
use crate::model::trace::{Trace, TraceEvent};

pub fn consult_breakers(
    room_query: RoomQuery,
    mut draft: DraftQuery,
    calendar: Res<Calendar>,
    silence: Res<SilenceState>,
    mediator: Res<Mediator>,
    mut rng: ResMut<RunRng>,
    mut record: ResMut<RunRecord>,
    mut trace: ResMut<Trace>,
) {
    if silence.last_held != Some(false) {
        return; // nothing to consult about
    }
    let room = room(&room_query, calendar.stages_run);
    let m = &mediator.0;
    let maker = MoveMaker::co_facilitators(&room, m);
    // The breakers that challenged a paragraph are being accommodated on it
    // (concession), and threats work (threat_weight); everyone else, and a
    // breaker on a paragraph it did not challenge, weighs its influence.
    let extra = |d: usize| {
        if !silence.breakers.contains(d) {
            1.0
        } else if silence.threatened.contains(d) {
            m.concession * m.threat_weight
        } else {
            m.concession
        }
    };
    let mut weights = vec![1.0; room.len()];
    let mut moved = 0u32;
    let (mut challengers, mut objectors, mut moves) = (Vec::new(), Vec::new(), Vec::new());
    let mut kept: Vec<Vec<u32>> = vec![Vec::new(); if trace.enabled { room.len() } else { 0 }];
    for_each_in_text_order(&mut draft, |paragraph, text, brackets| {
        if brackets.0.is_empty() {
            return;
        }
        let stakeholders = text.stakeholders();
        challengers.clear();
        challengers
            .extend((0..stakeholders.len()).filter(|&i| brackets.0.contains(stakeholders.negotiator(i))));
        for &i in &challengers {
            let d = stakeholders.negotiator(i);
            weights[d] = extra(d);
        }
        // Who objects to the paragraph now, challenger or not, decides which
        // of its references are contested.
        maker.objectors(text, &mut objectors);
        moves.clear();
        maker.move_paragraph(text, &objectors, Some(&weights), &mut rng.0, &mut moves);
        for &i in &challengers {
            weights[text.stakeholders().negotiator(i)] = 1.0;
        }
        moved += moves.len() as u32;
        apply_moves(&moves, paragraph, text, &mut record, &mut trace);
        brackets.0.clear();
        let judged = text.judged();
        for &i in &challengers {
            let d = judged.stakeholders().negotiator(i);
            if judged.objects(i, room[d].tolerance) {
                brackets.0.insert(d);
                record.count_objection(calendar.current, d);
                if let Some(list) = kept.get_mut(d) {
                    list.push(paragraph.number);
                }
            }
        }
    });
    record.stages[calendar.current].moves = moved;
    for (by, paragraphs) in kept.into_iter().enumerate() {
        if !paragraphs.is_empty() {
            trace.push(|| TraceEvent::StillBracketed { by, paragraphs });
        }
    }
}
