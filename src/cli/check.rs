//! `plenary check`: validate and summarise a scenario.

use clap::Args;

use super::output::emit;
use super::{ScenarioPath, TextOrJson};
use plenary::report::CheckReport;

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Scenario file (RON).
    pub scenario: ScenarioPath,
    /// Output format (text or json).
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrJson,
}

pub fn run(args: CheckArgs) -> anyhow::Result<()> {
    let scenario = plenary::scenario::load(&args.scenario)?;
    let report = CheckReport::new(&scenario);
    let text = match args.format {
        TextOrJson::Text => report.to_text(),
        TextOrJson::Json => serde_json::to_string_pretty(&report)? + "\n",
    };
    emit(&text, None)
}
