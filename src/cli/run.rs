//! `plenary run`: the Monte Carlo estimate.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::output::{check_destination, check_destination_of, emit, note, progress_bar, write_atomically};
use super::{Common, Format, ScenarioPath, SeedThreads};
use plenary::analysis::{
    ChosenRef, Distribution, DrawSettings, MAX_PER_RUN, ParameterSpace, PerRun, Shard, per_run_csv,
    with_parameters, with_parameters_shard,
};
use plenary::{BatchResult, Collector, RunReport, Tally};

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
    #[arg(long, value_name = "W", value_parser = super::positive_number)]
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
    /// Also estimate the outcomes with the uncertain parameters drawn from
    /// this posterior sample (written by `plenary calibrate --out`), so the
    /// interval includes what is not known of them.
    #[arg(long, value_name = "FILE", conflicts_with = "priors")]
    pub posterior: Option<PathBuf>,
    /// Also estimate the outcomes with the uncertain parameters drawn from
    /// their priors.
    #[arg(long)]
    pub priors: bool,
    /// Parameter draws, with --posterior or --priors.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(2..=1_000_000))]
    pub draws: u64,
    /// Runs per parameter draw, with --posterior or --priors.
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u64).range(1..))]
    pub runs_per_draw: u64,
    /// Also write one CSV row per run to FILE: its outcome, the vote, who
    /// broke a silence, threatened or called a vote, disassociated, what
    /// the floor struck (docs/JSON.md, "Per-run rows").
    #[arg(long, value_name = "FILE")]
    pub per_run: Option<PathBuf>,
    /// With --per-run, a column for the final level of each reference
    /// listed: PARAGRAPH:ISSUE, comma-separated (12:gender,40:rights), or
    /// `all`.
    #[arg(long, value_name = "LIST", requires = "per_run")]
    pub per_run_refs: Option<String>,
}

pub fn run(args: RunArgs, common: &Common) -> anyhow::Result<()> {
    let (scenario, sources) = common.load_with_sources(&args.scenario)?;
    if let Some(out) = &args.out {
        check_destination(out, &sources)?;
    }
    let per_run = match &args.per_run {
        None => None,
        Some(path) => {
            check_destination_of("--per-run", path, &sources)?;
            anyhow::ensure!(
                args.out.as_ref().is_none_or(|out| out != path),
                "--per-run {}: that is also the --out file; write the rows to another file",
                path.display()
            );
            let chosen = match &args.per_run_refs {
                None => Vec::new(),
                Some(list) => ChosenRef::parse_list(&scenario, list)
                    .map_err(|e| anyhow::anyhow!("--per-run-refs: {e}"))?,
            };
            Some((path.clone(), PerRun::new(&scenario, chosen)))
        }
    };
    let shard = args.shard.map(|(k, n)| Shard::new(k, n, args.runs));
    let drawn = args.posterior.is_some() || args.priors;
    if drawn {
        anyhow::ensure!(
            !scenario.uncertain().is_empty(),
            "{}: the scenario declares no `uncertain` parameters to draw (docs/SCENARIOS.md, \"Uncertain parameters\")",
            args.scenario.display()
        );
    }
    // Read the posterior before the batch, so a bad file fails at once.
    let distribution = match (&args.posterior, args.priors) {
        (Some(path), _) => {
            let file = plenary::analysis::read_posterior(path)?;
            Some((file, format!("posterior {}", path.display())))
        }
        (None, true) => None,
        (None, false) => None,
    };
    if shard.is_some() {
        anyhow::ensure!(args.until_ci.is_none(), "--until-ci cannot be combined with --shard");
        anyhow::ensure!(args.format == Format::Json, "a shard is merged from JSON: add --format json");
    }
    let mut batch = args.batch.batch(args.runs).until_ci(args.until_ci);
    if let Some(shard) = &shard {
        batch = batch.shard(shard);
    }
    batch.validate()?;
    let planned = batch.range().end - batch.range().start;
    if per_run.is_some() {
        anyhow::ensure!(
            planned <= MAX_PER_RUN,
            "--per-run holds every row in memory: at most {MAX_PER_RUN} runs (asked for {planned}); \
             use --shard K/N for blocks of fewer runs"
        );
    }
    let bar = progress_bar(planned);
    let inc = |n| bar.inc(n);
    let batch = batch.progress(&inc);
    let (result, per_run) = match per_run {
        None => (batch.run(&scenario).context("the batch failed")?, None),
        Some((path, rows)) => {
            let both = batch
                .collect(&[&scenario], (Tally::for_scenario(&scenario), rows))
                .context("the batch failed")?;
            let (tally, rows) = both.tally;
            (BatchResult { tally, elapsed: both.elapsed, threads: both.threads }, Some((path, rows)))
        }
    };
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
    let mut report = RunReport::new(&scenario, args.batch.seed, &result, shard.clone());
    if drawn {
        let file = plenary::scenario::load_file_with_limits(&args.scenario, &common.limits)?;
        let space = ParameterSpace::new(&file, &scenario, &common.limits)?;
        let (distribution, label) = match distribution {
            Some((posterior, label)) => (Distribution::posterior(&space, posterior)?, label),
            None => (Distribution::Priors(space.priors()), "priors".to_string()),
        };
        let settings = DrawSettings {
            drawn_from: label,
            draws: args.draws as usize,
            runs_per_draw: args.runs_per_draw,
            seed: args.batch.seed,
        };
        let failed = "the runs with parameters drawn failed";
        if let Some(shard) = &shard {
            // The shard's block of the draws, as of the runs.
            let block = Shard::new(shard.index, shard.count, args.draws).range();
            let bar = progress_bar(block.end - block.start);
            let inc = |n| bar.inc(n);
            let part = with_parameters_shard(
                &space,
                &distribution,
                &settings,
                (shard.index, shard.count),
                args.batch.threads,
                &inc,
            )
            .context(failed)?;
            bar.finish_and_clear();
            report.with_parameters_shard = Some(part);
        } else {
            let bar = progress_bar(args.draws);
            let inc = |n| bar.inc(n);
            let w = with_parameters(&space, &distribution, &settings, args.batch.threads, &inc)
                .context(failed)?;
            bar.finish_and_clear();
            report.with_parameters = Some(w);
        }
    }
    let rendered = match args.format {
        Format::Text => report.to_text(),
        Format::Json => serde_json::to_string_pretty(&report)? + "\n",
        Format::Csv => report.to_csv()?,
    };
    // The rows first: a result on stdout is only printed once they are
    // written, so an error never follows output that looks complete.
    if let Some((path, rows)) = per_run {
        let csv = per_run_csv(&scenario, &rows)?;
        write_atomically(&path, csv.as_bytes())?;
    }
    emit(&rendered, args.out.as_deref())
}
