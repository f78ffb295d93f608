//! Subcommands and their arguments (clap derive).

pub mod bench;
pub mod check;
pub mod output;
pub mod run;

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
    /// Measure throughput: runs per second, cost per evaluation, peak memory.
    Bench(bench::BenchArgs),
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Csv,
}

/// A scenario file argument.
pub type ScenarioPath = PathBuf;

pub fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Run(args) => run::run(args),
        Command::Bench(args) => bench::run(args),
    }
}
