//! `plenary check`: validate and summarise a scenario.

use clap::Args;

use super::output::emit;
use super::{Format, ScenarioPath};
use plenary::report::CheckReport;

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Scenario file (RON).
    pub scenario: ScenarioPath,
    /// Output format (text or json).
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

pub fn run(args: CheckArgs) -> anyhow::Result<()> {
    let scenario = plenary::scenario::load(&args.scenario)?;
    let report = CheckReport::new(&scenario);
    let text = match args.format {
        Format::Text => report.to_text(),
        Format::Json => serde_json::to_string_pretty(&report)? + "\n",
        Format::Csv => anyhow::bail!("`check` prints text or json, not csv"),
    };
    emit(&text, None)
}
