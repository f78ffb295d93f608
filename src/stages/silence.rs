//! `Silence`: the clean draft goes out under the silence procedure; any
//! negotiator that objects may break it.

use bevy_ecs::prelude::*;
use rand::RngExt;

use super::{DraftQuery, RoomQuery, room};
use crate::model::calendar::{Calendar, SilenceState};
use crate::model::paragraph::HolderSet;
use crate::model::record::{RunRecord, RunRng};
use crate::model::trace::{Trace, TraceEvent};

pub fn hold_silence(
    room_query: RoomQuery,
    mut draft: DraftQuery,
    calendar: Res<Calendar>,
    mut silence: ResMut<SilenceState>,
    mut rng: ResMut<RunRng>,
    mut record: ResMut<RunRecord>,
    mut trace: ResMut<Trace>,
) {
    let room = room(&room_query, calendar.stages_run);
    let mut paragraphs: Vec<_> = draft.iter_mut().collect();
    paragraphs.sort_by_key(|(p, ..)| p.index);
    let mut breakers = HolderSet::default();
    let mut threatened = HolderSet::default();
    let mut challenged = vec![false; paragraphs.len()];
    // Per negotiator, the paragraphs it objects to: those that violate its
    // binding red lines, and the others with their dissatisfaction. Only a
    // paragraph's stakeholders can object to it.
    let mut red_lines: Vec<Vec<usize>> = vec![Vec::new(); room.len()];
    let mut dislikes: Vec<Vec<(f64, usize)>> = vec![Vec::new(); room.len()];
    for (pos, (_, text, brackets)) in paragraphs.iter_mut().enumerate() {
        // The clean text goes out: whatever brackets a reading left (when
        // no revision came between) are gone, and only challenges bracket.
        brackets.0.clear();
        let judged = text.judged();
        for (i, &d) in judged.stakeholders().members().iter().enumerate() {
            if judged.violated(i) {
                red_lines[d].push(pos);
            } else if judged.objects(i, room[d].tolerance) {
                dislikes[d].push((judged.dissatisfaction(i), pos));
            }
        }
    }
    for party in &room {
        let red_line = std::mem::take(&mut red_lines[party.index]);
        let mut others = std::mem::take(&mut dislikes[party.index]);
        if red_line.is_empty() && others.is_empty() {
            continue;
        }
        let b = party.behaviour;
        let p_break = if red_line.is_empty() { b.silence_break } else { b.red_line_break };
        if rng.0.random::<f64>() >= p_break {
            continue;
        }
        // Worst first; ties by paragraph number. Red-line paragraphs are not capped.
        others.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        others.truncate(b.max_challenges as usize);
        let mut mine: Vec<usize> =
            red_line.iter().copied().chain(others.iter().map(|&(_, pos)| pos)).collect();
        if mine.is_empty() {
            continue; // max_challenges 0 and no red line at stake: nothing to break silence over
        }
        mine.sort_unstable();
        for &pos in &mine {
            paragraphs[pos].2.0.insert(party.index);
            record.count_objection(calendar.current, party.index);
            challenged[pos] = true;
        }
        breakers.insert(party.index);
        record.negotiators[party.index].broke_silence = true;
        let threat = !red_line.is_empty() && rng.0.random::<f64>() < b.threat;
        if threat {
            threatened.insert(party.index);
            record.negotiators[party.index].threatened = true;
        }
        trace.push(|| TraceEvent::SilenceBroken {
            by: party.index,
            paragraphs: mine.iter().map(|&pos| paragraphs[pos].0.number).collect(),
            red_line: !red_line.is_empty(),
            threatened: threat,
        });
    }
    for (pos, &c) in challenged.iter().enumerate() {
        if c {
            let p = &mut record.paragraphs[paragraphs[pos].0.index];
            p.challenged = true;
            p.bracketed = true;
        }
    }
    let held = breakers.is_empty();
    let stage = &mut record.stages[calendar.current];
    stage.held = held;
    stage.breakers = breakers.len() as u32;
    stage.challenged = challenged.iter().filter(|&&c| c).count() as u32;
    if held {
        trace.push(|| TraceEvent::SilenceHeld);
    }
    *silence = SilenceState { last_held: Some(held), breakers, threatened };
}
