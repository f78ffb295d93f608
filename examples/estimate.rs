//! Load a scenario, run a seeded batch, and read the tallies.
//!
//! cargo run --release --example estimate -- scenarios/wsis20.ron

use plenary::model::record::Outcome;
use plenary::montecarlo::{BatchOptions, run_batch};
use plenary::report::RunReport;

fn main() -> anyhow::Result<()> {
    let path = std::env::args().nth(1).unwrap_or_else(|| "scenarios/wsis20.ron".to_string());
    let scenario = plenary::scenario::load(&path)?;

    let opts = BatchOptions { runs: 5_000, seed: 2025, ..BatchOptions::default() };
    let batch = run_batch(&scenario, &opts, &|_runs_done| {})?;

    // The raw tally: integer counts, exact across thread counts.
    let t = &batch.tally;
    let consensus = t.estimate(Outcome::Consensus);
    println!(
        "P(consensus) = {:.3}, 95% CI [{:.3}, {:.3}] over {} runs",
        consensus.p, consensus.ci95[0], consensus.ci95[1], t.runs
    );

    // The same numbers as the JSON report that `plenary run` prints.
    let report = RunReport::new(&scenario, opts.seed, &batch);
    for d in report.delegations.iter().filter(|d| d.disassociated_p > 0.25) {
        println!("{} disassociates in {:.0}% of runs", d.name, 100.0 * d.disassociated_p);
    }
    Ok(())
}
