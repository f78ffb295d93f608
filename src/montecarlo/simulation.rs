//! One world and its schedules, reused run after run.

use bevy_ecs::prelude::*;

use crate::model::calendar::Calendar;
use crate::model::record::{RunRecord, RunRng};
use crate::model::trace::{Trace, TraceEvent};
use crate::model::world::populate;
use crate::scenario::Scenario;
use crate::stages::{stage_schedule, start_schedule};

/// A world built once from a scenario. A bevy_ecs `Schedule` is bound to the
/// first world it runs on, so each worker keeps its own `Simulation` and
/// every run resets the world in place.
pub struct Simulation {
    world: World,
    start: Schedule,
    stage: Schedule,
}

impl Simulation {
    /// A world built for the scenario, with its schedules.
    pub fn new(scenario: &Scenario) -> Self {
        let mut world = World::new();
        populate(&mut world, scenario);
        Simulation { world, start: start_schedule(), stage: stage_schedule() }
    }

    /// Run `run` of the batch seeded with `seed` and return its record.
    pub fn run(&mut self, seed: u64, run: u64) -> &RunRecord {
        *self.world.resource_mut::<RunRng>() = RunRng::for_run(seed, run);
        self.start.run(&mut self.world);
        while !self.world.resource::<Calendar>().finished {
            self.stage.run(&mut self.world);
        }
        let outcome = self.world.resource::<RunRecord>().outcome.expect("a finished run has an outcome");
        self.world.resource_mut::<Trace>().push(|| TraceEvent::Finished { outcome });
        self.world.resource::<RunRecord>()
    }

    /// Record the story of the following runs (see [`Simulation::trace`]).
    pub fn set_tracing(&mut self, on: bool) {
        self.world.resource_mut::<Trace>().enabled = on;
    }

    /// The events of the last run, when tracing.
    pub fn trace(&self) -> &[TraceEvent] {
        &self.world.resource::<Trace>().events
    }

    /// The world, to read its resources after a run.
    pub fn world(&self) -> &World {
        &self.world
    }
}

/// The story of run `run` of the batch with master seed `seed`: the same
/// run a batch makes, traced.
pub fn traced_run(scenario: &Scenario, seed: u64, run: u64) -> Vec<TraceEvent> {
    let mut sim = Simulation::new(scenario);
    sim.set_tracing(true);
    sim.run(seed, run);
    sim.trace().to_vec()
}
