//! `plenary explain`: which red lines decide the outcome.

use clap::Args;

use super::output::{emit_report, progress_bar};
use super::{ScenarioPath, SeedThreads, TextOrJson};
use plenary::montecarlo::explain::red_line_variants;
use plenary::montecarlo::{CompareTally, collect_range, pool};
use plenary::report::ExplainReport;

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

pub fn run(args: ExplainArgs) -> anyhow::Result<()> {
    let base = plenary::scenario::load(&args.scenario)?;
    let variants = red_line_variants(&base);
    anyhow::ensure!(
        !variants.is_empty(),
        "{}: no delegation has a red line to drop",
        args.scenario.display()
    );
    let mut all = vec![&base];
    all.extend(variants.iter().map(|(_, s)| s));
    let bar = progress_bar(args.runs);
    let tally = pool(args.batch.threads)?.install(|| {
        collect_range(&all, args.batch.seed, 0..args.runs, &|| CompareTally::new(variants.len()), &|n| {
            bar.inc(n)
        })
    })?;
    bar.finish_and_clear();
    let dropped: Vec<_> = variants.into_iter().map(|(d, _)| d).collect();
    let report = ExplainReport::new(&base, &dropped, args.batch.seed, &tally);
    emit_report(&report, args.format, ExplainReport::to_text)
}
