//! `plenary bench`: how fast a scenario runs, and in how much memory.
//!
//! Runs an ordinary batch (the same engine and driver as `plenary run`) and
//! reports throughput instead of outcomes. The figures, and how they were
//! measured on the reference machine, are in docs/PERFORMANCE.md.

use anyhow::Context;
use clap::{Args, ValueEnum};

use super::output::{emit, progress_bar};
use super::{Common, ScenarioPath};
use plenary::Batch;
use plenary::analysis::measure;
use plenary::scenario::Scenario;

const EVALUATION_HELP: &str = "\
Figures:
  runs_per_s         runs / elapsed wall-clock seconds
  ns_per_evaluation  elapsed wall-clock ns / evaluations, where
                     evaluations = runs x negotiators x paragraphs x mean stages run:
                     the nominal number of (negotiator, paragraph) judgements a batch
                     makes if every negotiator judged every paragraph once per stage.
                     Constant across sizes = cost linear in delegations x paragraphs.
  thread_ns_per_evaluation
                     the same in thread time (x threads): constant across thread
                     counts when the threads scale perfectly
  cpu_s, runs_per_cpu_s
                     CPU time of the whole process (user + system, all threads,
                     from /proc/self/stat) and runs per CPU second: less sensitive
                     than wall-clock figures to other programs sharing the cores
  peak_rss_mib       VmHWM of /proc/self/status (peak resident memory of the whole
                     process, MiB); \"unknown\" (null in JSON) where unavailable

With --trials N the same batch runs N times, one after the other; the figures
are the fastest trial's, trials_runs_per_s lists every trial and
runs_per_s_median is their median. The trials must give the same tally (same
scenario, seed and runs), or the command fails: a built-in determinism check.

See docs/PERFORMANCE.md for measured figures.";

#[derive(Args, Debug)]
#[command(after_help = EVALUATION_HELP)]
pub struct BenchArgs {
    /// Scenario file (RON).
    #[arg(required_unless_present = "synthetic", conflicts_with = "synthetic")]
    pub scenario: Option<ScenarioPath>,
    /// Instead of a file, a generated scenario with D delegations (negotiators
    /// in the room) and P paragraphs, e.g. `193x127` (generator seed 1).
    #[arg(long, value_name = "DxP", value_parser = parse_size)]
    pub synthetic: Option<(usize, usize)>,
    /// Number of runs.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub runs: u64,
    /// Worker threads (0 = one per core).
    #[arg(long, default_value_t = 0, value_parser = super::threads_arg)]
    pub threads: usize,
    /// Master seed: run i uses ChaCha8 seeded with it on stream i.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Run the batch this many times and report the fastest trial (shared
    /// machines are noisy), with every trial's runs per second.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub trials: u32,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: BenchFormat,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum BenchFormat {
    Text,
    Json,
}

/// The largest generated scenario, in delegations x paragraphs.
const MAX_SYNTHETIC_CELLS: usize = 25_000_000;

/// `193x127` -> (193, 127).
fn parse_size(s: &str) -> Result<(usize, usize), String> {
    let (d, p) = s.split_once(['x', 'X']).ok_or_else(|| format!("`{s}`: expected DxP, e.g. 193x127"))?;
    let num = |v: &str, what: &str| {
        v.trim().parse::<usize>().map_err(|e| format!("`{s}`: {what} `{v}` is not a whole number ({e})"))
    };
    let (d, p) = (num(d, "delegations")?, num(p, "paragraphs")?);
    if d == 0 || p == 0 {
        return Err(format!("`{s}`: delegations and paragraphs must be at least 1"));
    }
    if d > 20_000 || p > 100_000 {
        return Err(format!("`{s}`: at most 20000 delegations and 100000 paragraphs"));
    }
    // A world holds about 40 bytes per delegation and paragraph (measured:
    // 154 MiB at 2000x2000), one world per thread: past this the machine
    // runs out of memory and the allocator aborts rather than errs.
    if d.saturating_mul(p) > MAX_SYNTHETIC_CELLS {
        return Err(format!(
            "`{s}`: at most {MAX_SYNTHETIC_CELLS} delegations x paragraphs (about 1 GB per thread's world); \
             {} asked",
            d * p
        ));
    }
    Ok((d, p))
}

pub fn run(args: BenchArgs, common: &Common) -> anyhow::Result<()> {
    let scenario: Scenario = match (&args.scenario, args.synthetic) {
        (_, Some((d, p))) => plenary::scenario::synthetic(d, p, 1),
        (Some(path), None) => common.load(path)?,
        (None, None) => anyhow::bail!("give a SCENARIO file or --synthetic DxP"),
    };
    let source = match (&args.scenario, args.synthetic) {
        (_, Some((d, p))) => format!("--synthetic {d}x{p}, generator seed 1"),
        (Some(path), None) => path.display().to_string(),
        (None, None) => scenario.source().display().to_string(),
    };
    let bar = progress_bar(args.runs * u64::from(args.trials));
    let inc = |n| bar.inc(n);
    let batch = Batch::new().runs(args.runs).seed(args.seed).threads(args.threads).progress(&inc);
    let report = measure(&scenario, source, &batch, args.trials).context("the benchmark failed")?;
    bar.finish_and_clear();
    let text = match args.format {
        BenchFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
        BenchFormat::Text => report.to_text(),
    };
    emit(&text, None)
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn parses_sizes() {
        assert_eq!(parse_size("193x127"), Ok((193, 127)));
        assert_eq!(parse_size("5X20"), Ok((5, 20)));
        assert!(parse_size("193").is_err());
        assert!(parse_size("0x5").is_err());
        assert!(parse_size("ax5").is_err());
        assert!(parse_size("20001x5").is_err());
        assert!(parse_size("5000x5000").is_ok());
        assert!(parse_size("5001x5000").is_err(), "past the memory cap");
    }
}
