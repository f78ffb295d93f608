//! `plenary trace`: replay one run of a batch and tell it as a story.

use std::io::IsTerminal;

use clap::Args;

use super::output::emit;
use super::{Common, ScenarioPath, TextOrJson};
use plenary::Story;

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

pub fn run(args: TraceArgs, common: &Common) -> anyhow::Result<()> {
    let scenario = common.load(&args.scenario)?;
    let story = Story::of(&scenario, args.seed, args.run);
    let text = match args.format {
        TextOrJson::Text => {
            let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            story.to_text(colour)
        }
        TextOrJson::Json => serde_json::to_string_pretty(&story.to_json())? + "\n",
    };
    emit(&text, None)
}
