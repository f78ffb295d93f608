//! `plenary report`: a batch (as `run`) and the red-line analysis (as
//! `explain`) on one self-contained HTML page with charts.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::output::{check_destination, progress_bar, write_atomically};
use super::{Common, ScenarioPath, SeedThreads};
use plenary::RunReport;
use plenary::analysis::ExplainReport;

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

pub fn run(args: ReportArgs, common: &Common) -> anyhow::Result<()> {
    let (scenario, sources) = common.load_with_sources(&args.scenario)?;
    // Check where the page goes before spending minutes on simulations.
    check_destination(&args.out, &sources)?;

    let bar = progress_bar(args.runs);
    let inc = |n| bar.inc(n);
    let result = args.batch.batch(args.runs).progress(&inc).run(&scenario).context("the batch failed")?;
    bar.finish_and_clear();
    let run_report = RunReport::new(&scenario, args.batch.seed, &result, None);

    let explain = if args.explain_runs == 0 {
        None
    } else {
        // With no red line to drop, nothing runs and the page says so.
        let bar = progress_bar(args.explain_runs);
        let inc = |n| bar.inc(n);
        let explained = args.batch.batch(args.explain_runs).progress(&inc).explain(&scenario)?.tally;
        bar.finish_and_clear();
        Some(ExplainReport::new(&scenario, &explained.dropped, args.batch.seed, &explained.tally))
    };

    let page = run_report
        .to_html(explain.as_ref())
        .with_context(|| format!("{}: cannot build the report page", args.scenario.display()))?;
    write_atomically(&args.out, page.as_bytes())
}
