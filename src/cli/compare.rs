//! `plenary compare`: a base scenario against variants, same seeds.

use clap::Args;

use super::output::{emit_report, note, progress_bar};
use super::{Common, ScenarioPath, SeedThreads, TextOrJson};
use plenary::analysis::CompareReport;

#[derive(Args, Debug)]
pub struct CompareArgs {
    /// The base scenario.
    pub base: ScenarioPath,
    /// One or more variants (or other scenarios) to compare with it.
    #[arg(required = true)]
    pub variants: Vec<ScenarioPath>,
    /// Number of runs, the same seeds for every scenario.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub runs: u64,
    #[command(flatten)]
    pub batch: SeedThreads,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrJson,
}

pub fn run(args: CompareArgs, common: &Common) -> anyhow::Result<()> {
    let base = common.load(&args.base)?;
    let variants = args.variants.iter().map(|v| common.load(v)).collect::<Result<Vec<_>, _>>()?;
    for (variant, path) in variants.iter().zip(&args.variants) {
        let differs = base.differs_in_structure(variant);
        if !differs.is_empty() {
            note(&format!(
                "note: {} differs from the base {} in its {}: run i of each spends its random draws \
                 on different things, so pairing the runs narrows the intervals less (they still hold)",
                path.display(),
                args.base.display(),
                differs.join(", ")
            ));
        }
    }
    let bar = progress_bar(args.runs);
    let inc = |n| bar.inc(n);
    let result = args.batch.batch(args.runs).progress(&inc).compare(&base, &variants)?;
    bar.finish_and_clear();
    let report = CompareReport::new(&base, &variants, args.batch.seed, &result.tally);
    emit_report(&report, args.format, CompareReport::to_text)
}
