//! The start of a run: reset the world in place and draw red lines.

use bevy_ecs::prelude::*;
use rand::RngExt;

use crate::model::calendar::{Calendar, Floor, SilenceState};
use crate::model::delegation::{BaseBehaviour, CurrentBehaviour, Negotiator, RedLines};
use crate::model::paragraph::{Brackets, ParagraphText};
use crate::model::record::{RunRecord, RunRng};
use crate::model::trace::Trace;

pub fn reset_run_state(
    mut calendar: ResMut<Calendar>,
    mut silence: ResMut<SilenceState>,
    mut floor: ResMut<Floor>,
    mut record: ResMut<RunRecord>,
    mut trace: ResMut<Trace>,
) {
    calendar.reset();
    *silence = SilenceState::default();
    floor.reset();
    record.reset();
    trace.events.clear();
}

/// Back to the initial draft: initial levels, no ambiguity, no brackets.
pub fn reset_draft(mut draft: Query<(&mut ParagraphText, &mut Brackets)>) {
    for (mut text, mut brackets) in &mut draft {
        text.reset();
        brackets.0.clear();
    }
}

pub fn reset_negotiators(mut negotiators: Query<(&mut CurrentBehaviour, &BaseBehaviour)>) {
    for (mut current, base) in &mut negotiators {
        current.0.clone_from(&base.0);
    }
}

/// Each red line binds in this run with probability = firmness (MODEL.md
/// section 1); drawn in roster order, then in the order of the file. The
/// bounds of the lines that bind are then copied into the paragraphs.
pub fn draw_red_lines(
    mut negotiators: Query<(&Negotiator, &mut RedLines)>,
    mut draft: Query<&mut ParagraphText>,
    mut rng: ResMut<RunRng>,
) {
    let mut all: Vec<_> = negotiators.iter_mut().collect();
    all.sort_by_key(|(n, _)| n.index);
    for (_, red) in &mut all {
        // A line that `explain` dropped still takes its number, so that the
        // other lines, and every later draw of the run, stay where they were
        // in the base (common random numbers).
        let mut next = 0;
        for line in &mut red.lines {
            for _ in next..line.draw {
                let _: f64 = rng.0.random();
            }
            line.firmness = line.base_firmness;
            line.binding = rng.0.random::<f64>() < line.firmness;
            next = line.draw + 1;
        }
        for _ in next..red.draws {
            let _: f64 = rng.0.random();
        }
        red.refresh();
    }
    copy_bounds_to_paragraphs(&negotiators, &mut draft);
}

/// Copy the bounds of the binding red lines into every paragraph's
/// stakeholder table, where the stages read them. Called wherever which
/// lines bind changes: the draw at the start, and collapse pressure.
pub fn copy_bounds_to_paragraphs(
    negotiators: &Query<(&Negotiator, &mut RedLines)>,
    draft: &mut Query<&mut ParagraphText>,
) {
    let mut by_index: Vec<(usize, &RedLines)> = negotiators.iter().map(|(n, red)| (n.index, red)).collect();
    by_index.sort_unstable_by_key(|&(index, _)| index);
    for mut text in draft.iter_mut() {
        text.refresh_bounds(|d, issue| (by_index[d].1.lo[issue], by_index[d].1.hi[issue]));
    }
}
