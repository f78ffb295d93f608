//! Moving through the calendar: entering a stage (and drawing the events
//! scheduled before it), leaving it, and the jump of a held silence.

use bevy_ecs::prelude::*;
use rand::RngExt;

use crate::model::calendar::{Calendar, Events, SilenceState};
use crate::model::delegation::{CurrentBehaviour, Negotiator};
use crate::model::paragraph::Brackets;
use crate::model::record::{Outcome, RunRecord, RunRng};
use crate::model::trace::{Trace, TraceEvent};
use crate::scenario::{Change, StageKind};

pub fn begin_stage(calendar: Res<Calendar>, mut record: ResMut<RunRecord>, mut trace: ResMut<Trace>) {
    let stage = calendar.current;
    record.stages[stage].ran = true;
    trace.push(|| TraceEvent::StageStarted { stage });
}

/// Draw the events scheduled before this stage, and before any stage that a
/// held silence skipped (they fire at the jump).
pub fn fire_events(
    mut calendar: ResMut<Calendar>,
    events: Res<Events>,
    mut negotiators: Query<(&Negotiator, &mut CurrentBehaviour)>,
    mut rng: ResMut<RunRng>,
    mut trace: ResMut<Trace>,
) {
    let due = calendar.events_drawn_through..=calendar.current;
    calendar.events_drawn_through = calendar.current + 1;
    for (i, event) in events.0.iter().enumerate().filter(|(_, e)| due.contains(&e.before)) {
        if rng.0.random::<f64>() >= event.probability {
            continue;
        }
        for (n, mut behaviour) in &mut negotiators {
            if n.index != event.target.index() {
                continue;
            }
            for &(param, change) in &event.changes {
                let value = match change {
                    Change::Set(v) => v,
                    Change::Scale(f) => behaviour.0.get(param) * f,
                };
                behaviour.0.set(param, value);
            }
        }
        trace.push(|| TraceEvent::EventFired { event: i, target: event.target.index() });
    }
}

/// Leave the stage: record it, then go to the next one, or jump to the
/// plenary after a held silence, or finish.
pub fn end_stage(
    mut calendar: ResMut<Calendar>,
    silence: Res<SilenceState>,
    brackets: Query<&Brackets>,
    mut record: ResMut<RunRecord>,
) {
    let stage = calendar.current;
    record.stages[stage].bracketed = brackets.iter().filter(|b| !b.0.is_empty()).count() as u32;
    calendar.stages_run += 1;
    record.stages_run = calendar.stages_run;
    if record.outcome.is_some() {
        calendar.finished = true;
        return;
    }
    let held_silence = calendar.kind() == StageKind::Silence && silence.last_held == Some(true);
    if held_silence {
        match calendar.plenary {
            Some(plenary) => calendar.current = plenary,
            None => {
                // No plenary to go to: a held silence is adoption by consensus.
                record.outcome = Some(Outcome::Consensus);
                calendar.finished = true;
            }
        }
        return;
    }
    calendar.current += 1;
    if calendar.current == calendar.stages.len() {
        calendar.finished = true;
        if record.outcome.is_none() {
            record.outcome = Some(Outcome::NoText);
        }
    }
}
