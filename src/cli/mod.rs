//! Subcommands and their arguments (clap derive).

pub mod backtest;
pub mod bench;
pub mod calibrate;
pub mod check;
pub mod compare;
pub mod explain;
pub mod merge;
pub mod output;
pub mod report;
pub mod run;
pub mod sensitivity;
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
    /// Lift the limits a scenario is held to (its file size, roster,
    /// paragraphs x delegations, memory per worker: docs/SCENARIOS.md,
    /// "Limits"). A scenario past them may take all the machine's memory.
    #[arg(long, global = true)]
    pub no_size_limits: bool,
}

/// What every command shares: the limits scenarios are loaded with.
#[derive(Debug, Clone, Copy)]
pub struct Common {
    pub limits: plenary::scenario::Limits,
}

impl Common {
    /// Read and check a scenario file (or a variant).
    pub fn load(
        &self,
        path: &std::path::Path,
    ) -> Result<plenary::scenario::Scenario, plenary::scenario::ScenarioError> {
        plenary::scenario::load_with_limits(path, &self.limits)
    }

    /// [`Common::load`], with the files it was read from (to refuse an
    /// `--out` that would replace one).
    pub fn load_with_sources(
        &self,
        path: &std::path::Path,
    ) -> Result<(plenary::scenario::Scenario, Vec<PathBuf>), plenary::scenario::ScenarioError> {
        plenary::scenario::load_with_sources_and_limits(path, &self.limits)
    }
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
    /// Which uncertain parameters move an outcome (Morris, Sobol).
    Sensitivity(sensitivity::SensitivityArgs),
    /// The posterior of the uncertain parameters given the historical markers.
    Calibrate(calibrate::CalibrateArgs),
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

impl SeedThreads {
    /// A batch of `runs` runs with this seed and these threads.
    pub fn batch<'p>(&self, runs: u64) -> plenary::Batch<'p> {
        plenary::Batch::new().runs(runs).seed(self.seed).threads(self.threads)
    }
}

/// Parse `--threads`: 0 (one per core) to [`MAX_THREADS`].
pub fn threads_arg(s: &str) -> Result<usize, String> {
    let threads: usize = s.parse().map_err(|_| format!("`{s}` is not a whole number (0 or more)"))?;
    if threads > MAX_THREADS {
        return Err(format!("at most {MAX_THREADS} (0: one per core)"));
    }
    Ok(threads)
}

use plenary::analysis::MAX_THREADS;

/// Parse `--until-ci`: a finite number above 0, said plainly when it is not
/// ("invalid float literal" is Rust's words).
pub fn positive_number(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 => Ok(x),
        Ok(_) => Err(format!("`{s}`: must be a number above 0")),
        Err(_) => Err(format!("`{s}` is not a number")),
    }
}

/// Parse `--tolerance`: a finite number, 0 or more.
pub fn non_negative_number(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x + 0.0),
        Ok(_) => Err(format!("`{s}`: must be a number, 0 or more")),
        Err(_) => Err(format!("`{s}` is not a number")),
    }
}

/// A scenario file argument.
pub type ScenarioPath = PathBuf;

pub fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let limits =
        if cli.no_size_limits { plenary::scenario::Limits::NONE } else { plenary::scenario::Limits::DEFAULT };
    let common = Common { limits };
    match cli.command {
        Command::Check(args) => check::run(args, &common),
        Command::Run(args) => run::run(args, &common),
        Command::Backtest(args) => backtest::run(args, &common),
        Command::Compare(args) => compare::run(args, &common),
        Command::Explain(args) => explain::run(args, &common),
        Command::Trace(args) => trace::run(args, &common),
        Command::Sweep(args) => sweep::run(args, &common),
        Command::Merge(args) => merge::run(args),
        Command::Report(args) => report::run(args, &common),
        Command::Bench(args) => bench::run(args, &common),
        Command::Sensitivity(args) => sensitivity::run(args, &common),
        Command::Calibrate(args) => calibrate::run(args, &common),
    }
}
