//! Building a world from a checked scenario, once per worker.

use bevy_ecs::prelude::*;

use super::calendar::{Amendments, Calendar, Events, Floor, SilenceState};
use super::delegation::*;
use super::mediator::{CollapseShare, Mediator, President};
use super::paragraph::*;
use super::record::{RunRecord, RunRng};
use super::stakeholders::{Stakeholders, View};
use super::trace::Trace;
use crate::scenario::Scenario;

/// Spawn every negotiator, voter and paragraph of the scenario and insert the
/// resources. The per-run state is set by the `start` schedule, not here.
pub fn populate(world: &mut World, scenario: &Scenario) {
    let n_issues = scenario.issues.len();
    for (index, n) in scenario.negotiators.iter().enumerate() {
        world.spawn((
            Negotiator { index },
            Influence(n.influence),
            Stances::from_spec(&n.stances),
            RedLines::from_spec(&n.red_lines, n.red_line_draws, n_issues),
            CurrentBehaviour(n.behaviour.clone()),
            BaseBehaviour(n.behaviour.clone()),
        ));
    }
    for (index, v) in scenario.voters.iter().enumerate() {
        world.spawn(Voter { index, kind: v.kind });
    }
    for (index, p) in scenario.paragraphs.iter().enumerate() {
        let refs: Vec<IssueRef> = p
            .refs
            .iter()
            .map(|&(issue, level)| IssueRef { issue: issue.index(), initial: level, level, weight: 1.0 })
            .collect();
        let members: Vec<usize> = scenario
            .negotiators
            .iter()
            .enumerate()
            .filter(|(_, n)| {
                refs.iter().any(|r| {
                    n.stances[r.issue].is_some_and(|s| s.salience > 0.0)
                        || n.red_lines.iter().any(|l| l.issue.index() == r.issue)
                })
            })
            .map(|(i, _)| i)
            .collect();
        let influence = members.iter().map(|&d| scenario.negotiators[d].influence).collect();
        let stakeholders = Stakeholders::new(members, influence, &refs, |d, issue| {
            let n = &scenario.negotiators[d];
            let stance = n.stances[issue];
            let view = View {
                ideal: stance.map_or(0.0, |s| s.ideal),
                salience: stance.map_or(0.0, |s| s.salience),
                lo: f64::NEG_INFINITY,
                hi: f64::INFINITY,
            };
            (view, n.red_lines.iter().any(|l| l.issue.index() == issue))
        });
        world.spawn((
            Paragraph { index, number: p.number },
            ParagraphText::new(refs, stakeholders),
            Brackets::default(),
        ));
    }
    world.insert_resource(Calendar::new(scenario.calendar.clone()));
    world.insert_resource(Events(scenario.events.clone()));
    world.insert_resource(SilenceState::default());
    world.insert_resource(Floor::default());
    world.insert_resource(Mediator(scenario.mediator.clone()));
    world.insert_resource(President(scenario.president.clone()));
    world.insert_resource(CollapseShare(scenario.collapse_share));
    world.insert_resource(RunRng::for_run(0, 0));
    let amendments: Vec<(usize, crate::scenario::AmendmentSpec)> = scenario
        .negotiators
        .iter()
        .enumerate()
        .flat_map(|(d, n)| n.amendments.iter().map(move |&a| (d, a)))
        .collect();
    world.insert_resource(RunRecord::new(
        scenario.calendar.len(),
        scenario.negotiators.len(),
        scenario.paragraphs.len(),
        scenario.voters.len(),
        amendments.len(),
    ));
    world.insert_resource(Amendments(amendments));
    world.insert_resource(Trace::default());
    world.insert_resource(Blocs(scenario.blocs.clone()));
}

/// The blocs' voting parameters (jitter, discipline), for the plenary.
#[derive(Resource, Debug, Clone)]
pub struct Blocs(pub Vec<crate::scenario::BlocSpec>);
