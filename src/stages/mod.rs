//! The stage systems, and the one place where their order is set.
//!
//! A run is: the `start` schedule once (reset the world, draw red lines),
//! then the `stage` schedule once per stage of the calendar. Inside the stage
//! schedule every stage system is gated on the kind of the current stage, so
//! the order a reader sees in [`stage_schedule`] is the order of a run.

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
use crate::model::paragraph::{Brackets, Paragraph, Refs};
use crate::model::stakeholders::Stakeholders;
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
        (
            start::reset_run_state,
            start::reset_draft,
            start::reset_negotiators,
            start::draw_red_lines,
            start::refresh_stakeholder_bounds,
        )
            .chain(),
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
            start::refresh_stakeholder_bounds.run_if(in_stage(StageKind::PresidentCompromise)),
            plenary::check_collapse.run_if(in_stage(StageKind::Plenary)),
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
    Query<'w, 's, (&'static Paragraph, &'static mut Refs, &'static mut Stakeholders, &'static mut Brackets)>;

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
