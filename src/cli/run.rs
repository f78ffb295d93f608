//! `plenary run`: the Monte Carlo estimate.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::output::{check_destination, emit, note, progress_bar};
use super::{Format, ScenarioPath, SeedThreads};
use std::time::Instant;

use plenary::montecarlo::batch::{intervals_narrower_than, run_range};
use plenary::montecarlo::{BatchOptions, pool, run_batch};
use plenary::report::run::{Labels, Shard, Timing};
use plenary::report::{RunReport, csv, text};

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
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<(u64, u64)>,
}

fn parse_shard(s: &str) -> Result<(u64, u64), String> {
    let (k, n) = s.split_once('/').ok_or_else(|| format!("`{s}`: expected K/N, e.g. 0/4"))?;
    let k: u64 = k.trim().parse().map_err(|_| format!("`{k}` is not a shard index"))?;
    let n: u64 = n.trim().parse().map_err(|_| format!("`{n}` is not a shard count"))?;
    if n == 0 || k >= n {
        return Err(format!("`{s}`: need 0 <= K < N"));
    }
    Ok((k, n))
}

pub fn run(args: RunArgs) -> anyhow::Result<()> {
    if let Some(w) = args.until_ci
        && !(w > 0.0 && w < 1.0)
    {
        anyhow::bail!("--until-ci {w}: the interval width must be within (0, 1)");
    }
    let (scenario, sources) = plenary::scenario::load_with_sources(&args.scenario)?;
    if let Some(out) = &args.out {
        check_destination(out, &sources)?;
    }
    let report = match args.shard {
        None => {
            let opts = BatchOptions {
                runs: args.runs,
                seed: args.batch.seed,
                threads: args.batch.threads,
                until_ci: args.until_ci,
            };
            let bar = progress_bar(args.runs);
            let result = run_batch(&scenario, &opts, &|n| bar.inc(n)).context("the batch failed")?;
            bar.finish_and_clear();
            if let Some(w) = args.until_ci
                && !intervals_narrower_than(&result.tally, w)
            {
                // The batch is complete, only less precise than asked: say so
                // beside the output rather than in it.
                note(&format!(
                    "note: --until-ci {w} was not reached in {} runs (the maximum, --runs); \
                     raise --runs for narrower intervals",
                    result.tally.runs
                ));
            }
            RunReport::new(&scenario, args.batch.seed, &result)
        }
        Some((k, n)) => {
            anyhow::ensure!(args.until_ci.is_none(), "--until-ci cannot be combined with --shard");
            anyhow::ensure!(args.format == Format::Json, "a shard is merged from JSON: add --format json");
            let shard = Shard::new(k, n, args.runs);
            let range = shard.range();
            let bar = progress_bar(range.end - range.start);
            let started = Instant::now();
            let pool = pool(args.batch.threads)?;
            let threads = pool.current_num_threads();
            let tally =
                pool.install(|| run_range(&scenario, args.batch.seed, range.clone(), &|n| bar.inc(n)))?;
            bar.finish_and_clear();
            let secs = started.elapsed().as_secs_f64();
            let timing = Timing {
                elapsed_s: secs,
                runs_per_s: if secs > 0.0 { tally.runs as f64 / secs } else { 0.0 },
                threads,
            };
            RunReport::from_tally(&Labels::of(&scenario), args.batch.seed, tally, timing, Some(shard))
        }
    };
    let rendered = match args.format {
        Format::Text => text::render(&report),
        Format::Json => serde_json::to_string_pretty(&report)? + "\n",
        Format::Csv => csv::render(&report)?,
    };
    emit(&rendered, args.out.as_deref())
}
