//! One world and its schedules, reused run after run.

use bevy_ecs::prelude::*;

use crate::model::calendar::Calendar;
use crate::model::paragraph::{Paragraph, ParagraphText};
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
    /// Where each paragraph's references start in [`RunRecord::levels`]
    /// (by paragraph index), when the runs record their final levels.
    levels_at: Option<Vec<usize>>,
}

impl Simulation {
    /// A world built for the scenario, with its schedules.
    pub fn new(scenario: &Scenario) -> Self {
        let mut world = World::new();
        populate(&mut world, scenario);
        Simulation { world, start: start_schedule(), stage: stage_schedule(), levels_at: None }
    }

    /// Copy the final language levels into [`RunRecord::levels`] at the end
    /// of each of the following runs (off by default: a batch that does not
    /// read them does not pay for them).
    pub fn set_recording_levels(&mut self, on: bool) {
        if !on {
            self.levels_at = None;
            self.world.resource_mut::<RunRecord>().levels.clear();
            return;
        }
        let mut sizes: Vec<(usize, usize)> = self
            .world
            .query::<(&Paragraph, &ParagraphText)>()
            .iter(&self.world)
            .map(|(p, t)| (p.index, t.refs().len()))
            .collect();
        sizes.sort_unstable();
        let mut at = Vec::with_capacity(sizes.len());
        let mut total = 0;
        for (_, n) in sizes {
            at.push(total);
            total += n;
        }
        self.levels_at = Some(at);
        self.world.resource_mut::<RunRecord>().levels = vec![0.0; total];
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
        if let Some(at) = &self.levels_at {
            let mut levels = std::mem::take(&mut self.world.resource_mut::<RunRecord>().levels);
            for (p, text) in self.world.query::<(&Paragraph, &ParagraphText)>().iter(&self.world) {
                for (i, r) in text.refs().iter().enumerate() {
                    levels[at[p.index] + i] = r.level;
                }
            }
            self.world.resource_mut::<RunRecord>().levels = levels;
        }
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
