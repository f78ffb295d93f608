//! Load a scenario, run a seeded batch, read the tallies; change the scenario
//! in code and compare; tell one run's story.
//!
//! cargo run --release --example estimate -- scenarios/wsis20.ron

use std::path::Path;

use plenary::{Batch, Outcome, RunReport, Story};

fn main() -> anyhow::Result<()> {
    let path = std::env::args().nth(1).unwrap_or_else(|| "scenarios/wsis20.ron".to_string());
    let scenario = plenary::load(&path)?;

    let seed = 2025;
    let batch = Batch::new().runs(5_000).seed(seed);
    let result = batch.run(&scenario)?;

    // The raw tally: integer counts, exact across thread counts.
    let t = &result.tally;
    let consensus = t.estimate(Outcome::Consensus);
    println!(
        "P(consensus) = {:.3}, 95% CI [{:.3}, {:.3}] over {} runs",
        consensus.p, consensus.ci95[0], consensus.ci95[1], t.runs
    );

    // The same numbers as the JSON report that `plenary run` prints.
    let report = RunReport::new(&scenario, seed, &result, None);
    for d in report.delegations.iter().filter(|d| d.disassociated_p > 0.25) {
        println!("{} disassociates in {:.0}% of runs", d.name, 100.0 * d.disassociated_p);
    }

    // A scenario changed in code: change the file as written, then check it,
    // so that the simulation gets only what validation allows.
    let mut file = plenary::scenario::load_file(Path::new(&path))?;
    file.mediator.skill = 0.5;
    let clumsy = plenary::scenario::check(&file, Path::new(&path))?;
    let other = batch.run(&clumsy)?.tally.estimate(Outcome::Consensus);
    println!("with mediator skill 0.5: P(consensus) = {:.3}", other.p);

    // One run's story, as `plenary trace` tells it.
    let story = Story::of(&scenario, seed, 0).to_text(false);
    println!("\n{}", story.lines().take(6).collect::<Vec<_>>().join("\n"));
    Ok(())
}
