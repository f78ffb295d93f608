//! `plenary calibrate`: the posterior of the uncertain parameters given the
//! scenario's historical markers.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::output::{check_destination, emit, note, progress_bar, write_atomically};
use super::{Common, ScenarioPath};
use plenary::analysis::{ParameterSpace, calibrate_to_markers, calibration_text};
use plenary::uncertainty::CalibrationSettings;

#[derive(Args, Debug)]
pub struct CalibrateArgs {
    /// Scenario file (RON) with `uncertain` parameters and `markers`.
    pub scenario: ScenarioPath,
    /// Particles per generation.
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u64).range(10..=100_000))]
    pub particles: u64,
    /// Generations at most (the first draws from the priors).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..=100))]
    pub generations: u64,
    /// Stop early once no quantile moves more than this share of its prior range.
    #[arg(long, default_value_t = 0.02, value_parser = super::non_negative_number)]
    pub tolerance: f64,
    /// Runs per particle: the share of them reproducing every marker is the
    /// particle's (noisy) likelihood.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(1..))]
    pub runs: u64,
    /// Master seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads (0 = one per core). Results do not depend on it.
    #[arg(long, default_value_t = 0, value_parser = super::threads_arg)]
    pub threads: usize,
    /// Write the posterior sample as JSON (what `run --posterior` reads).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Write the posterior sample as CSV too (a column per parameter, then
    /// weight, hits, runs).
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
}

pub fn run(args: CalibrateArgs, common: &Common) -> anyhow::Result<()> {
    anyhow::ensure!(
        args.tolerance.is_finite() && args.tolerance >= 0.0,
        "--tolerance {}: a share of the prior range, 0 or more",
        args.tolerance
    );
    let (scenario, sources) = common.load_with_sources(&args.scenario)?;
    for out in args.out.iter().chain(&args.csv) {
        check_destination(out, &sources)?;
    }
    let file = plenary::scenario::load_file_with_limits(&args.scenario, &common.limits)?;
    let space = ParameterSpace::new(&file, &scenario, &common.limits)?;
    let settings = CalibrationSettings::new(args.particles as usize, args.generations as usize, args.seed)
        .with_tolerance(args.tolerance);
    let bar = progress_bar(args.particles * args.generations);
    let inc = |n| bar.inc(n);
    let posterior = calibrate_to_markers(&space, &scenario, &settings, args.runs, args.threads, &inc)
        .context("the calibration failed")?;
    bar.finish_and_clear();
    if let Some(out) = &args.out {
        write_atomically(out, (serde_json::to_string_pretty(&posterior)? + "\n").as_bytes())?;
        note(&format!("wrote {}", out.display()));
    }
    if let Some(csv) = &args.csv {
        let names: Vec<&str> = posterior.parameters.iter().map(String::as_str).collect();
        let mut bytes = Vec::new();
        posterior.posterior.write_csv(&mut bytes, &names)?;
        write_atomically(csv, &bytes)?;
        note(&format!("wrote {}", csv.display()));
    }
    emit(&calibration_text(&posterior), None)
}
