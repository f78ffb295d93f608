//! `plenary sweep`: a grid of parameter values, one CSV row per point as it
//! finishes, resumable, with a chart of the outcome probabilities.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::output::{note, progress_bar_of};
use super::{Common, ScenarioPath, SeedThreads};
use plenary::analysis::{Axis, Sweep, SweepFolder, csv_line, sweep_chart};

#[derive(Args, Debug)]
pub struct SweepArgs {
    /// Scenario file (RON), or a variant.
    pub scenario: ScenarioPath,
    /// PATH=V1,V2,...: a scenario field and its values, e.g.
    /// `mediator.skill=0.2,0.5,0.9` or `delegations.USA.vote_call=0,0.5,1`
    /// (paths as in variants: docs/SCENARIOS.md). Repeat for a grid.
    #[arg(long = "set", value_name = "PATH=V1,V2,...", required = true)]
    pub sets: Vec<String>,
    /// Runs per grid point.
    #[arg(long, default_value_t = 2_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub runs: u64,
    #[command(flatten)]
    pub batch: SeedThreads,
    /// Folder for sweep.csv and sweep.svg. Rerunning with the same folder
    /// skips the points already in sweep.csv. Without it, rows go to stdout.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// A grid of at least this many points is said to be checked on stderr
/// (checking a point takes about a millisecond, running one much more).
const LARGE_GRID: usize = 1_000;

pub fn run(args: SweepArgs, common: &Common) -> anyhow::Result<()> {
    let file = plenary::scenario::load_file_with_limits(&args.scenario, &common.limits)?;
    let axes = args.sets.iter().map(|s| Axis::parse(s)).collect::<Result<Vec<_>, _>>()?;
    let sweep = Sweep::prepare(file, &args.scenario, axes, &common.limits)?;
    let batch = args.batch.batch(args.runs);
    batch.validate()?;
    // The folder is checked before the grid, which may take a while.
    if let Some(dir) = &args.out {
        SweepFolder::check(dir, &sweep, args.runs, args.batch.seed)?;
    }
    if sweep.len() >= LARGE_GRID {
        let sizes: Vec<String> = sweep.axes().iter().map(|a| a.values.len().to_string()).collect();
        note(&format!(
            "checking the {} points of the grid ({}) before the first run; then {} runs at each point",
            sweep.len(),
            sizes.join(" x "),
            args.runs
        ));
    }
    // A large grid takes a while to check: show it on a terminal.
    let bar = progress_bar_of(sweep.len() as u64, "grid points checked");
    let sweep = sweep.check(&mut |done, _| bar.set_position(done as u64))?;
    bar.finish_and_clear();
    let Some(dir) = &args.out else {
        // No folder: the rows go to stdout as they finish.
        let mut out = std::io::stdout();
        out.write_all(csv_line(&sweep.header()).as_bytes())?;
        for point in sweep.points() {
            let row = sweep.run_point(&point, &batch)?;
            out.write_all(csv_line(&row.fields()).as_bytes())?;
            out.flush()?;
        }
        return Ok(());
    };
    let mut folder = SweepFolder::open(dir, &sweep, args.runs, args.batch.seed)?;
    if folder.finished() > 0 {
        note(&format!("resuming: {} of {} points are already in sweep.csv", folder.finished(), sweep.len()));
    }
    for point in sweep.points().filter(|p| !folder.has(p)).collect::<Vec<_>>() {
        let row = sweep.run_point(&point, &batch)?;
        folder.append(row)?;
        note(&format!("done: {}", sweep.label(&point)));
    }
    let svg = sweep_chart(sweep.axes(), folder.rows()).context("cannot draw the sweep's chart")?;
    let svg_path = folder.write_chart(&svg)?;
    note(&format!("wrote {} and {}", folder.csv_path().display(), svg_path.display()));
    Ok(())
}
