//! `plenary backtest`: the share of runs that reproduce history.

use clap::Args;

use super::output::{emit_report, progress_bar};
use super::{Common, ScenarioPath, SeedThreads, TextOrJson};
use plenary::analysis::BacktestReport;

#[derive(Args, Debug)]
pub struct BacktestArgs {
    /// Scenario file (RON) with `markers`.
    pub scenario: ScenarioPath,
    /// Number of runs.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub runs: u64,
    #[command(flatten)]
    pub batch: SeedThreads,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrJson,
}

pub fn run(args: BacktestArgs, common: &Common) -> anyhow::Result<()> {
    let scenario = common.load(&args.scenario)?;
    anyhow::ensure!(
        !scenario.markers().is_empty(),
        "{}: the scenario declares no `markers` to backtest against",
        args.scenario.display()
    );
    let bar = progress_bar(args.runs);
    let inc = |n| bar.inc(n);
    let result = args.batch.batch(args.runs).progress(&inc).backtest(&scenario)?;
    bar.finish_and_clear();
    let report = BacktestReport::new(&scenario, args.batch.seed, &result.tally);
    emit_report(&report, args.format, BacktestReport::to_text)
}
