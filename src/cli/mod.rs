//! Subcommands and their arguments (clap derive).

pub mod backtest;
pub mod bench;
pub mod check;
pub mod compare;
pub mod explain;
pub mod merge;
pub mod output;
pub mod report;
pub mod run;
pub mod sweep;
pub mod trace;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "plenary",
    version,
    about = "Monte Carlo simulator of consensus negotiation at the United Nations"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Validate a scenario file and summarise it.
    Check(check::CheckArgs),
    /// Estimate outcome probabilities over many seeded runs.
    Run(run::RunArgs),
    /// Share of runs that reproduce the scenario's historical markers.
    Backtest(backtest::BacktestArgs),
    /// Compare a base scenario with variants, run on the same seeds.
    Compare(compare::CompareArgs),
    /// Which red lines decide the outcome: P(consensus) without each one.
    Explain(explain::ExplainArgs),
    /// Replay one run of a batch and tell it stage by stage.
    Trace(trace::TraceArgs),
    /// Run a grid of parameter values; one CSV row per point, resumable.
    Sweep(sweep::SweepArgs),
    /// Combine the JSON outputs of `run --shard K/N` into the batch's JSON.
    Merge(merge::MergeArgs),
    /// Write a self-contained HTML page with charts of a batch (and its red lines).
    Report(report::ReportArgs),
    /// Measure throughput: runs per second, cost per evaluation, peak memory.
    Bench(bench::BenchArgs),
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Csv,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextOrJson {
    Text,
    Json,
}

/// The seed and thread count of every command that runs a batch.
#[derive(clap::Args, Debug, Clone)]
pub struct SeedThreads {
    /// Master seed: run i uses ChaCha8 seeded with it on stream i.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads (0 = one per core). Results do not depend on it.
    #[arg(long, default_value_t = 0, value_parser = threads_arg)]
    pub threads: usize,
}

/// More worker threads than this are refused: each is an OS thread, and a
/// few thousand take longer to start than most batches take to run.
pub const MAX_THREADS: usize = 1024;

/// Parse `--threads`: 0 (one per core) to [`MAX_THREADS`].
pub fn threads_arg(s: &str) -> Result<usize, String> {
    let threads: usize = s.parse().map_err(|e| format!("{e}"))?;
    if threads > MAX_THREADS {
        return Err(format!("at most {MAX_THREADS} (0: one per core)"));
    }
    Ok(threads)
}

/// A scenario file argument.
pub type ScenarioPath = PathBuf;

pub fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Run(args) => run::run(args),
        Command::Backtest(args) => backtest::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Trace(args) => trace::run(args),
        Command::Sweep(args) => sweep::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Report(args) => report::run(args),
        Command::Bench(args) => bench::run(args),
    }
}
