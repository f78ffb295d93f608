//! `plenary backtest`: the share of runs that reproduce history.

use clap::Args;

use super::output::{emit_report, progress_bar};
use super::{ScenarioPath, SeedThreads, TextOrJson};
use plenary::montecarlo::{BacktestTally, collect_range, pool};
use plenary::report::BacktestReport;

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

pub fn run(args: BacktestArgs) -> anyhow::Result<()> {
    let scenario = plenary::scenario::load(&args.scenario)?;
    anyhow::ensure!(
        !scenario.markers.is_empty(),
        "{}: the scenario declares no `markers` to backtest against",
        args.scenario.display()
    );
    let bar = progress_bar(args.runs);
    let tally = pool(args.batch.threads)?.install(|| {
        collect_range(&[&scenario], args.batch.seed, 0..args.runs, &|| BacktestTally::new(&scenario), &|n| {
            bar.inc(n)
        })
    })?;
    bar.finish_and_clear();
    let report = BacktestReport::new(&scenario, args.batch.seed, &tally);
    emit_report(&report, args.format, BacktestReport::to_text)
}
