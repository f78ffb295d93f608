//! The parallel batch driver.

use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::interval::Estimate;
use super::simulation::Simulation;
use super::tally::Tally;
use crate::scenario::Scenario;

/// Runs are handed to threads in chunks of this many consecutive runs.
const CHUNK: u64 = 64;
/// With `until_ci`, the intervals are checked after every this many runs, a
/// fixed grid, so where a batch stops does not depend on the thread count.
pub const CHECK_EVERY: u64 = 2_000;

#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Number of runs (the maximum, with `until_ci`).
    pub runs: u64,
    pub seed: u64,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Stop as soon as every outcome's 95% interval is narrower than this.
    pub until_ci: Option<f64>,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions { runs: 10_000, seed: 1, threads: 0, until_ci: None }
    }
}

#[derive(Debug, Clone)]
pub struct BatchResult {
    pub tally: Tally,
    pub elapsed: Duration,
    pub threads: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("cannot start {threads} worker threads: {source}")]
    Threads {
        threads: usize,
        #[source]
        source: rayon::ThreadPoolBuildError,
    },
}

/// An empty tally shaped for the scenario.
pub fn empty_tally(scenario: &Scenario) -> Tally {
    Tally::new(scenario.calendar.len(), scenario.negotiators.len(), scenario.paragraphs.len())
}

/// Run runs `range` of the batch seeded with `seed` on the current rayon pool.
pub fn run_range(
    scenario: &Scenario,
    seed: u64,
    range: std::ops::Range<u64>,
    progress: &(dyn Fn(u64) + Sync),
) -> Tally {
    let chunks = range.end.saturating_sub(range.start).div_ceil(CHUNK);
    (0..chunks)
        .into_par_iter()
        .fold(
            || (None::<Simulation>, empty_tally(scenario)),
            |(mut sim, mut tally), c| {
                let sim_ref = sim.get_or_insert_with(|| Simulation::new(scenario));
                let first = range.start + c * CHUNK;
                let last = (first + CHUNK).min(range.end);
                for run in first..last {
                    tally.add(sim_ref.run(seed, run));
                }
                progress(last - first);
                (sim, tally)
            },
        )
        .map(|(_, tally)| tally)
        .reduce(
            || empty_tally(scenario),
            |mut a, b| {
                a.merge(&b);
                a
            },
        )
}

/// Whether every outcome's 95% interval is narrower than `width`.
pub fn intervals_narrower_than(tally: &Tally, width: f64) -> bool {
    tally.outcomes.iter().all(|&c| Estimate::new(c, tally.runs).width() < width)
}

/// Run a batch: `opts.runs` runs (or fewer with `until_ci`), in parallel.
/// `progress` is called with the number of runs just finished.
pub fn run_batch(
    scenario: &Scenario,
    opts: &BatchOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<BatchResult, BatchError> {
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .build()
        .map_err(|source| BatchError::Threads { threads: opts.threads, source })?;
    let threads = pool.current_num_threads();
    let tally = pool.install(|| match opts.until_ci {
        None => run_range(scenario, opts.seed, 0..opts.runs, progress),
        Some(width) => {
            let mut tally = empty_tally(scenario);
            let mut done = 0;
            while done < opts.runs && !(done > 0 && intervals_narrower_than(&tally, width)) {
                let next = (done + CHECK_EVERY).min(opts.runs);
                tally.merge(&run_range(scenario, opts.seed, done..next, progress));
                done = next;
            }
            tally
        }
    });
    Ok(BatchResult { tally, elapsed: started.elapsed(), threads })
}
