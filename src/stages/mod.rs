//! The stage systems, and the one place where their order is set.
//!
//! A run is: the `start` schedule once (reset the world, draw red lines),
//! then the `stage` schedule once per stage of the calendar. Inside the stage
//! schedule every stage system but the calendar's own (entering a stage,
//! drawing its events, leaving it) is gated on the kind of the current
//! stage, so the order a reader sees in [`stage_schedule`] is the order of a
//! run. (The red-line bounds are copied into the paragraphs' stakeholder
//! tables by the two systems that change which lines bind: the draw at the
//! start, and the PGA's collapse pressure.)

pub mod amendments;
pub mod calendar;
pub mod compromise;
pub mod consultations;
pub mod plenary;
pub mod president;
pub mod reading;
pub mod revision;
pub mod silence;
pub mod start;

use bevy_ecs::prelude::*;
use bevy_ecs::schedule::{ScheduleLabel, SingleThreadedExecutor};

use crate::model::acceptability::Party;
use crate::model::calendar::Calendar;
use crate::model::delegation::{CurrentBehaviour, Influence, Negotiator, RedLines, Stances};
use crate::model::paragraph::{Brackets, Paragraph, ParagraphText};
use crate::scenario::StageKind;

#[derive(ScheduleLabel, Debug, Clone, PartialEq, Eq, Hash)]
pub struct Start;

#[derive(ScheduleLabel, Debug, Clone, PartialEq, Eq, Hash)]
pub struct Stage;

/// Run once at the start of every run: put the world back to the initial
/// draft and draw what is drawn once per run.
pub fn start_schedule() -> Schedule {
    let mut schedule = Schedule::new(Start);
    schedule.set_executor(SingleThreadedExecutor::new());
    schedule.add_systems(
        (start::reset_run_state, start::reset_draft, start::reset_negotiators, start::draw_red_lines).chain(),
    );
    schedule
}

/// Run once per stage. The whole order of a stage, in one place.
pub fn stage_schedule() -> Schedule {
    let mut schedule = Schedule::new(Stage);
    schedule.set_executor(SingleThreadedExecutor::new());
    schedule.add_systems(
        (
            calendar::begin_stage,
            calendar::fire_events,
            reading::read_draft.run_if(in_stage(StageKind::Reading)),
            revision::issue_revision.run_if(in_stage(StageKind::Revision)),
            silence::hold_silence.run_if(in_stage(StageKind::Silence)),
            consultations::consult_breakers.run_if(in_stage(StageKind::Consultations)),
            president::president_compromise.run_if(in_stage(StageKind::PresidentCompromise)),
            president::apply_collapse_pressure.run_if(in_stage(StageKind::PresidentCompromise)),
            plenary::check_collapse.run_if(in_stage(StageKind::Plenary)),
            amendments::hold_amendment_votes.run_if(in_stage(StageKind::Plenary)),
            plenary::hold_separate_votes.run_if(in_stage(StageKind::Plenary)),
            plenary::propose_adoption.run_if(in_stage(StageKind::Plenary)),
            plenary::hold_recorded_vote.run_if(in_stage(StageKind::Plenary)),
            calendar::end_stage,
        )
            .chain(),
    );
    schedule
}

/// Run condition: the current stage is of this kind.
pub fn in_stage(kind: StageKind) -> impl Fn(Res<Calendar>) -> bool + Clone {
    move |calendar: Res<Calendar>| !calendar.finished && calendar.kind() == kind
}

/// The negotiators, as every stage reads them.
pub type RoomQuery<'w, 's> = Query<
    'w,
    's,
    (&'static Negotiator, &'static Influence, &'static Stances, &'static RedLines, &'static CurrentBehaviour),
>;

/// The paragraphs, as the stages that bracket and move them write them.
pub type DraftQuery<'w, 's> =
    Query<'w, 's, (&'static Paragraph, &'static mut ParagraphText, &'static mut Brackets)>;

/// Visit every paragraph of the draft in text order.
///
/// A query visits entities in the order of the ECS table, which for the
/// paragraphs is the order `populate` spawned them in: the text order, since
/// nothing is spawned or removed during runs. One pass over the indices
/// checks this, and only if it fails are the paragraphs collected and
/// sorted (which costs about 5% of a run when done in every stage).
pub fn for_each_in_text_order(
    draft: &mut DraftQuery,
    mut visit: impl FnMut(&Paragraph, &mut ParagraphText, &mut Brackets),
) {
    if draft.iter().enumerate().all(|(i, (p, ..))| p.index == i) {
        for (paragraph, mut text, mut brackets) in draft.iter_mut() {
            visit(paragraph, &mut text, &mut brackets);
        }
    } else {
        let mut paragraphs: Vec<_> = draft.iter_mut().collect();
        paragraphs.sort_by_key(|(p, ..)| p.index);
        for (paragraph, text, brackets) in &mut paragraphs {
            visit(paragraph, text, brackets);
        }
    }
}

/// The room in roster order, with tolerances for `t` stages run so far.
pub fn room<'a>(query: &'a RoomQuery, t: u32) -> Vec<Party<'a>> {
    let mut room: Vec<Party<'a>> = query
        .iter()
        .map(|(n, influence, stances, red_lines, behaviour)| Party {
            index: n.index,
            influence: influence.0,
            stances,
            red_lines,
            behaviour: &behaviour.0,
            tolerance: behaviour.0.tolerance + behaviour.0.flexibility * t as f64,
        })
        .collect();
    room.sort_by_key(|p| p.index);
    room
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::paragraph::IssueRef;
    use crate::model::stakeholders::Stakeholders;

    /// Paragraphs spawned in the given index order; the visit must come in
    /// text order (0, 1, 2, ...) either way, and may change each paragraph.
    fn visit_order(spawn: &[usize]) -> Vec<usize> {
        let mut world = World::new();
        for &index in spawn {
            let refs = vec![IssueRef { issue: 0, initial: 0.5, level: 0.5, weight: 1.0 }];
            let stakeholders = Stakeholders::new(Vec::new(), Vec::new(), &refs, |_, _| unreachable!());
            world.spawn((
                Paragraph { index, number: index as u32 + 1 },
                ParagraphText::new(refs, stakeholders),
                Brackets::default(),
            ));
        }
        let mut seen = Vec::new();
        let mut system = IntoSystem::into_system(move |mut draft: DraftQuery| {
            let mut order = Vec::new();
            for_each_in_text_order(&mut draft, |p, text, _| {
                order.push(p.index);
                text.set(0, p.index as f64, 1.0);
            });
            order
        });
        system.initialize(&mut world);
        seen.extend(system.run((), &mut world).expect("the system runs"));
        // Every paragraph was visited mutably, once.
        let mut levels: Vec<(usize, f64)> = world
            .query::<(&Paragraph, &ParagraphText)>()
            .iter(&world)
            .map(|(p, t)| (p.index, t.refs()[0].level))
            .collect();
        levels.sort_by_key(|&(i, _)| i);
        assert!(levels.iter().all(|&(i, level)| level == i as f64));
        seen
    }

    /// The schedules have no ambiguous system order.
    #[test]
    fn schedules_have_no_ambiguities() {
        use bevy_ecs::schedule::{LogLevel, ScheduleBuildSettings};
        let s = crate::scenario::load(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/teaching/silence.ron"))
            .unwrap();
        for mut schedule in [start_schedule(), stage_schedule()] {
            let mut world = World::new();
            crate::model::world::populate(&mut world, &s);
            schedule.set_build_settings(ScheduleBuildSettings {
                ambiguity_detection: LogLevel::Error,
                ..Default::default()
            });
            schedule.initialize(&mut world).expect("no ambiguity");
        }
    }

    #[test]
    fn paragraphs_are_visited_in_text_order_whatever_the_spawn_order() {
        assert_eq!(visit_order(&[0, 1, 2, 3]), vec![0, 1, 2, 3]);
        assert_eq!(visit_order(&[2, 0, 3, 1]), vec![0, 1, 2, 3]);
        assert_eq!(visit_order(&[3, 2, 1, 0]), vec![0, 1, 2, 3]);
    }
}
