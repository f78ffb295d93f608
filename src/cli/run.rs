//! `plenary run`: the Monte Carlo estimate.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::output::{emit, progress_bar};
use super::{Format, ScenarioPath};
use plenary::montecarlo::{BatchOptions, run_batch};
use plenary::report::{RunReport, csv, text};

#[derive(Args, Debug)]
pub struct RunArgs {
    /// Scenario file (RON).
    pub scenario: ScenarioPath,
    /// Number of runs (the maximum, with --until-ci).
    #[arg(long, default_value_t = 10_000)]
    pub runs: u64,
    /// Master seed: run i uses ChaCha8 seeded with it on stream i.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads (0 = one per core). Results do not depend on it.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
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
}

pub fn run(args: RunArgs) -> anyhow::Result<()> {
    if args.runs == 0 {
        anyhow::bail!("--runs must be at least 1");
    }
    if let Some(w) = args.until_ci
        && !(w > 0.0 && w < 1.0)
    {
        anyhow::bail!("--until-ci {w}: the interval width must be within (0, 1)");
    }
    let scenario = plenary::scenario::load(&args.scenario)?;
    let opts =
        BatchOptions { runs: args.runs, seed: args.seed, threads: args.threads, until_ci: args.until_ci };
    let bar = progress_bar(args.runs);
    let result = run_batch(&scenario, &opts, &|n| bar.inc(n)).context("the batch failed")?;
    bar.finish_and_clear();
    let report = RunReport::new(&scenario, args.seed, &result);
    let rendered = match args.format {
        Format::Text => text::render(&report),
        Format::Json => serde_json::to_string_pretty(&report)? + "\n",
        Format::Csv => csv::render(&report)?,
    };
    emit(&rendered, args.out.as_deref())
}
