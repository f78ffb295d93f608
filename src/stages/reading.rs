//! `Reading`: every negotiator brackets the paragraphs it objects to.

use bevy_ecs::prelude::*;

use super::{DraftQuery, RoomQuery, room};
use crate::model::calendar::Calendar;
use crate::model::record::RunRecord;
use crate::model::trace::{Trace, TraceEvent};

/// A reading replaces the brackets of every paragraph with its objectors.
pub fn read_draft(
    room_query: RoomQuery,
    mut draft: DraftQuery,
    calendar: Res<Calendar>,
    mut record: ResMut<RunRecord>,
    mut trace: ResMut<Trace>,
) {
    let room = room(&room_query, calendar.stages_run);
    let mut by_negotiator: Vec<Vec<u32>> = vec![Vec::new(); if trace.enabled { room.len() } else { 0 }];
    for (paragraph, mut text, mut brackets) in &mut draft {
        brackets.0.clear();
        let judged = text.judged();
        for (i, &d) in judged.stakeholders().members().iter().enumerate() {
            if judged.objects(i, room[d].tolerance) {
                brackets.0.insert(d);
                record.count_objection(calendar.current, d);
                if let Some(list) = by_negotiator.get_mut(d) {
                    list.push(paragraph.number);
                }
            }
        }
        if !brackets.0.is_empty() {
            record.paragraphs[paragraph.index].bracketed = true;
        }
    }
    for (by, mut paragraphs) in by_negotiator.into_iter().enumerate() {
        if !paragraphs.is_empty() {
            paragraphs.sort_unstable();
            trace.push(|| TraceEvent::Bracketed { by, paragraphs });
        }
    }
}
