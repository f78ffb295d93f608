//! `plenary run`: the Monte Carlo estimate.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::output::{check_destination, emit, note, progress_bar};
use super::{Common, Format, ScenarioPath, SeedThreads};
use plenary::analysis::Shard;
use plenary::{Collector, RunReport};

#[derive(Args, Debug)]
pub struct RunArgs {
    /// Scenario file (RON).
    pub scenario: ScenarioPath,
    /// Number of runs (the maximum, with --until-ci).
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub runs: u64,
    #[command(flatten)]
    pub batch: SeedThreads,
    /// Stop once every outcome's 95% interval is narrower than W (checked
    /// every 2,000 runs, so the result does not depend on threads).
    #[arg(long, value_name = "W")]
    pub until_ci: Option<f64>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Write the result to FILE (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Make only shard K of N: the contiguous block of runs
    /// [K*runs/N, (K+1)*runs/N) of the batch. Combine the JSON outputs of
    /// every shard with `plenary merge`.
    #[arg(long, value_name = "K/N", value_parser = |s: &str| Shard::parse(s, 1).map(|s| (s.index, s.count)))]
    pub shard: Option<(u64, u64)>,
}

pub fn run(args: RunArgs, common: &Common) -> anyhow::Result<()> {
    let (scenario, sources) = common.load_with_sources(&args.scenario)?;
    if let Some(out) = &args.out {
        check_destination(out, &sources)?;
    }
    let shard = args.shard.map(|(k, n)| Shard::new(k, n, args.runs));
    if shard.is_some() {
        anyhow::ensure!(args.until_ci.is_none(), "--until-ci cannot be combined with --shard");
        anyhow::ensure!(args.format == Format::Json, "a shard is merged from JSON: add --format json");
    }
    let mut batch = args.batch.batch(args.runs).until_ci(args.until_ci);
    if let Some(shard) = &shard {
        batch = batch.shard(shard);
    }
    batch.validate()?;
    let bar = progress_bar(batch.range().end - batch.range().start);
    let inc = |n| bar.inc(n);
    let result = batch.progress(&inc).run(&scenario).context("the batch failed")?;
    bar.finish_and_clear();
    if let Some(w) = args.until_ci
        && result.tally.widest_interval().is_some_and(|widest| widest >= w)
    {
        // The batch is complete, only less precise than asked: say so
        // beside the output rather than in it.
        note(&format!(
            "note: --until-ci {w} was not reached in {} runs (the maximum, --runs); \
             raise --runs for narrower intervals",
            result.tally.runs
        ));
    }
    let report = RunReport::new(&scenario, args.batch.seed, &result, shard);
    let rendered = match args.format {
        Format::Text => report.to_text(),
        Format::Json => serde_json::to_string_pretty(&report)? + "\n",
        Format::Csv => report.to_csv()?,
    };
    emit(&rendered, args.out.as_deref())
}
