//! `plenary report`: a batch (as `run`) and the red-line analysis (as
//! `explain`) on one self-contained HTML page with charts.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::output::{check_destination, progress_bar, write_atomically};
use super::{ScenarioPath, SeedThreads};
use plenary::montecarlo::explain::red_line_variants;
use plenary::montecarlo::{BatchOptions, CompareTally, Estimate, collect_range, pool, run_batch};
use plenary::report::{ExplainReport, RunReport, html};

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Scenario file (RON).
    pub scenario: ScenarioPath,
    /// Number of runs for the outcomes, stages, delegations and votes.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub runs: u64,
    #[command(flatten)]
    pub batch: SeedThreads,
    /// Runs per variant of the red-line analysis (as `plenary explain`; it
    /// costs (1 + red lines) x M simulations). 0 leaves it out.
    #[arg(long, value_name = "M", default_value_t = 1_000)]
    pub explain_runs: u64,
    /// Write the page to FILE (atomically).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

pub fn run(args: ReportArgs) -> anyhow::Result<()> {
    let (scenario, sources) = plenary::scenario::load_with_sources(&args.scenario)?;
    // Check where the page goes before spending minutes on simulations.
    check_destination(&args.out, &sources)?;

    let opts =
        BatchOptions { runs: args.runs, seed: args.batch.seed, threads: args.batch.threads, until_ci: None };
    let bar = progress_bar(args.runs);
    let result = run_batch(&scenario, &opts, &|n| bar.inc(n)).context("the batch failed")?;
    bar.finish_and_clear();
    let run_report = RunReport::new(&scenario, args.batch.seed, &result);

    let explain = if args.explain_runs == 0 {
        None
    } else {
        let variants = red_line_variants(&scenario);
        if variants.is_empty() {
            // Nothing to drop: an empty analysis, which the page states.
            Some(ExplainReport {
                scenario: scenario.name.clone(),
                seed: args.batch.seed,
                runs: 0,
                consensus: Estimate::new(0, 0),
                rows: Vec::new(),
            })
        } else {
            let mut all = vec![&scenario];
            all.extend(variants.iter().map(|(_, s)| s));
            let bar = progress_bar(args.explain_runs);
            let tally = pool(args.batch.threads)?.install(|| {
                collect_range(
                    &all,
                    args.batch.seed,
                    0..args.explain_runs,
                    &|| CompareTally::new(variants.len()),
                    &|n| bar.inc(n),
                )
            })?;
            bar.finish_and_clear();
            let dropped: Vec<_> = variants.into_iter().map(|(d, _)| d).collect();
            Some(ExplainReport::new(&scenario, &dropped, args.batch.seed, &tally))
        }
    };

    let page = html::page(&run_report, explain.as_ref())
        .with_context(|| format!("{}: cannot build the report page", args.scenario.display()))?;
    write_atomically(&args.out, page.as_bytes())
}
