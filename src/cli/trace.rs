//! `plenary trace`: replay one run of a batch and tell it as a story.

use std::io::IsTerminal;

use clap::Args;

use super::output::emit;
use super::{ScenarioPath, TextOrJson};
use plenary::montecarlo::Simulation;
use plenary::report::trace;

#[derive(Args, Debug)]
pub struct TraceArgs {
    /// Scenario file (RON).
    pub scenario: ScenarioPath,
    /// The batch seed: the same run as `plenary run --seed S` makes.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Which run of that batch (0-based).
    #[arg(long, default_value_t = 0)]
    pub run: u64,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrJson,
}

pub fn run(args: TraceArgs) -> anyhow::Result<()> {
    let scenario = plenary::scenario::load(&args.scenario)?;
    let mut sim = Simulation::new(&scenario);
    sim.set_tracing(true);
    sim.run(args.seed, args.run);
    let events = sim.trace();
    let text = match args.format {
        TextOrJson::Text => {
            let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            trace::to_text(&scenario, args.seed, args.run, events, colour)
        }
        TextOrJson::Json => {
            serde_json::to_string_pretty(&trace::to_json(&scenario, args.seed, args.run, events))? + "\n"
        }
    };
    emit(&text, None)
}
