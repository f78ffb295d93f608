//! `plenary explain`: which red lines decide the outcome.

use clap::Args;

use super::output::{emit_report, progress_bar};
use super::{Common, ScenarioPath, SeedThreads, TextOrJson};
use plenary::analysis::ExplainReport;

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// Scenario file (RON).
    pub scenario: ScenarioPath,
    /// Runs per variant. Every red line is a variant, so this costs
    /// (1 + variants) x runs simulations.
    #[arg(long, default_value_t = 2_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub runs: u64,
    #[command(flatten)]
    pub batch: SeedThreads,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrJson,
}

pub fn run(args: ExplainArgs, common: &Common) -> anyhow::Result<()> {
    let base = common.load(&args.scenario)?;
    let bar = progress_bar(args.runs);
    let inc = |n| bar.inc(n);
    let explained = args.batch.batch(args.runs).progress(&inc).explain(&base)?.tally;
    bar.finish_and_clear();
    anyhow::ensure!(
        !explained.dropped.is_empty(),
        "{}: no delegation has a red line to drop",
        args.scenario.display()
    );
    let report = ExplainReport::new(&base, &explained.dropped, args.batch.seed, &explained.tally);
    emit_report(&report, args.format, ExplainReport::to_text)
}
