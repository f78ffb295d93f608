//! `plenary sensitivity`: which uncertain parameters move an outcome's
//! probability (Morris screening, Sobol indices).

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};

use super::output::{check_destination, emit, progress_bar};
use super::{Common, ScenarioPath, TextOrJson};
use plenary::Outcome;
use plenary::analysis::{
    Measure, Method, ParameterSpace, SensitivitySettings, Shard, sensitivity, sensitivity_points,
    sensitivity_shard, sensitivity_text,
};

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodArg {
    Morris,
    Sobol,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeasureArg {
    Consensus,
    AdoptedByVote,
    RejectedByVote,
    NoText,
    /// The backtest's joint share: runs reproducing every historical marker.
    Backtest,
}

#[derive(Args, Debug)]
pub struct SensitivityArgs {
    /// Scenario file (RON) with `uncertain` parameters.
    pub scenario: ScenarioPath,
    /// Morris elementary effects (screening) or Sobol indices.
    #[arg(long, value_enum, default_value = "sobol")]
    pub method: MethodArg,
    /// Morris trajectories, or Sobol base points (the design runs
    /// points x (parameters + 1) or points x (parameters + 2) points).
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u64).range(2..=65_536))]
    pub points: u64,
    /// Runs per design point (the same seeds at every point).
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..))]
    pub runs: u64,
    /// What to measure at each point.
    #[arg(long, value_enum, default_value = "consensus")]
    pub outcome: MeasureArg,
    /// Master seed (of the runs and of the design).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads (0 = one per core). Results do not depend on it.
    #[arg(long, default_value_t = 0, value_parser = super::threads_arg)]
    pub threads: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrJson,
    /// Write the result to FILE (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Evaluate only shard K of N of the design's points (a contiguous
    /// block) and write their counts as JSON; `plenary merge` turns the N
    /// shards' files into the indices, the same as one whole run.
    #[arg(long, value_name = "K/N", value_parser = |s: &str| Shard::parse(s, 1).map(|s| (s.index, s.count)))]
    pub shard: Option<(u64, u64)>,
}

pub fn run(args: SensitivityArgs, common: &Common) -> anyhow::Result<()> {
    let (scenario, sources) = common.load_with_sources(&args.scenario)?;
    if let Some(out) = &args.out {
        check_destination(out, &sources)?;
    }
    let file = plenary::scenario::load_file_with_limits(&args.scenario, &common.limits)?;
    let space = ParameterSpace::new(&file, &scenario, &common.limits)?;
    let measure = match args.outcome {
        MeasureArg::Consensus => Measure::Outcome(Outcome::Consensus),
        MeasureArg::AdoptedByVote => Measure::Outcome(Outcome::AdoptedByVote),
        MeasureArg::RejectedByVote => Measure::Outcome(Outcome::RejectedByVote),
        MeasureArg::NoText => Measure::Outcome(Outcome::NoText),
        MeasureArg::Backtest => {
            anyhow::ensure!(
                !scenario.markers().is_empty(),
                "{}: the scenario has no `markers`",
                args.scenario.display()
            );
            Measure::Backtest
        }
    };
    let method = match args.method {
        MethodArg::Morris => Method::Morris,
        MethodArg::Sobol => Method::Sobol,
    };
    let settings = SensitivitySettings {
        method,
        points: args.points as usize,
        measure,
        runs: args.runs,
        seed: args.seed,
    };
    let evaluations = sensitivity_points(&space, &settings)?;
    if let Some(shard) = args.shard {
        anyhow::ensure!(args.format == TextOrJson::Json, "a shard is merged from JSON: add --format json");
        let block = Shard::new(shard.0, shard.1, evaluations).range();
        let bar = progress_bar(block.end - block.start);
        let inc = |n| bar.inc(n);
        let part = sensitivity_shard(&space, &scenario, &settings, shard, args.threads, &inc)
            .context("the sensitivity analysis failed")?;
        bar.finish_and_clear();
        return emit(&(serde_json::to_string_pretty(&part)? + "\n"), args.out.as_deref());
    }
    let bar = progress_bar(evaluations);
    let inc = |n| bar.inc(n);
    let report = sensitivity(&space, scenario.name(), &settings, args.threads, &inc)
        .context("the sensitivity analysis failed")?;
    bar.finish_and_clear();
    let text = match args.format {
        TextOrJson::Text => sensitivity_text(&report),
        TextOrJson::Json => serde_json::to_string_pretty(&report)? + "\n",
    };
    emit(&text, args.out.as_deref())
}
