//! The parallel batch driver.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::interval::Estimate;
use super::simulation::Simulation;
use super::tally::{Overflow, Tally};
use crate::model::record::RunRecord;
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
    #[error("a count of the batch does not fit in 64 bits")]
    Overflow(#[from] Overflow),
}

/// An empty tally shaped for the scenario.
pub fn empty_tally(scenario: &Scenario) -> Tally {
    Tally::new(
        scenario.calendar.len(),
        scenario.negotiators.len(),
        scenario.paragraphs.len(),
        scenario.voters.len(),
    )
}

/// What a batch folds its runs into. `add` gets, for one run index, the
/// record of that run in each scenario of the batch (one, or a base and its
/// variants run with the same seeds: common random numbers).
pub trait Collector: Send + Sized {
    fn add(&mut self, records: &[&RunRecord]) -> Result<(), Overflow>;
    /// Fold in another collector of the same batch. Collectors hold integer
    /// sums, so the order of merging does not change the result.
    fn merge(&mut self, other: Self) -> Result<(), Overflow>;
}

impl Collector for Tally {
    fn add(&mut self, records: &[&RunRecord]) -> Result<(), Overflow> {
        Tally::add(self, records[0])
    }

    fn merge(&mut self, other: Self) -> Result<(), Overflow> {
        Tally::merge(self, &other)
    }
}

/// Run runs `range` of every scenario with the batch seed `seed` on the
/// current rayon pool, folding each run index into a collector from `new`.
///
/// Every worker thread of the pool builds its worlds once, then takes chunks
/// of `CHUNK` consecutive runs from a shared counter until none are left,
/// folding them into a collector of its own; the workers' collectors are
/// merged at the end. A run's record depends only on the seed and the run
/// index, and collectors hold integer sums, so the result does not depend on
/// which worker ran which chunk, nor on the number of workers.
pub fn collect_range<C: Collector>(
    scenarios: &[&Scenario],
    seed: u64,
    range: std::ops::Range<u64>,
    new: &(dyn Fn() -> C + Sync),
    progress: &(dyn Fn(u64) + Sync),
) -> Result<C, Overflow> {
    let chunks = range.end.saturating_sub(range.start).div_ceil(CHUNK);
    let next_chunk = AtomicU64::new(0);
    let take_chunk = || {
        let c = next_chunk.fetch_add(1, Ordering::Relaxed);
        (c < chunks).then(|| {
            let first = range.start + c * CHUNK;
            first..(first + CHUNK).min(range.end)
        })
    };
    let collectors = rayon::broadcast(|_| -> Result<C, Overflow> {
        let mut collector = new();
        let Some(mut runs) = take_chunk() else {
            return Ok(collector); // no work left for this worker: build no world
        };
        let mut sims: Vec<Simulation> = scenarios.iter().map(|s| Simulation::new(s)).collect();
        loop {
            let done = runs.end - runs.start;
            for run in runs {
                match sims.as_mut_slice() {
                    [sim] => collector.add(&[sim.run(seed, run)])?,
                    all => {
                        let records: Vec<&RunRecord> = all.iter_mut().map(|sim| sim.run(seed, run)).collect();
                        collector.add(&records)?;
                    }
                }
            }
            progress(done);
            match take_chunk() {
                Some(chunk) => runs = chunk,
                None => return Ok(collector),
            }
        }
    });
    let mut collectors = collectors.into_iter();
    let mut total = collectors.next().unwrap_or_else(|| Ok(new()))?;
    for collector in collectors {
        total.merge(collector?)?;
    }
    Ok(total)
}

/// Run runs `range` of one scenario into a tally.
pub fn run_range(
    scenario: &Scenario,
    seed: u64,
    range: std::ops::Range<u64>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Tally, Overflow> {
    collect_range(&[scenario], seed, range, &|| empty_tally(scenario), progress)
}

/// A rayon pool with `threads` workers (0: one per core).
pub fn pool(threads: usize) -> Result<rayon::ThreadPool, BatchError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|source| BatchError::Threads { threads, source })
}

/// Whether every outcome's 95% interval is narrower than `width`.
pub fn intervals_narrower_than(tally: &Tally, width: f64) -> bool {
    tally.outcomes.values().iter().all(|&c| Estimate::new(c, tally.runs).width() < width)
}

/// Run a batch: `opts.runs` runs (or fewer with `until_ci`), in parallel.
/// `progress` is called with the number of runs just finished.
pub fn run_batch(
    scenario: &Scenario,
    opts: &BatchOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<BatchResult, BatchError> {
    let started = Instant::now();
    let pool = pool(opts.threads)?;
    let threads = pool.current_num_threads();
    let tally = pool.install(|| match opts.until_ci {
        None => run_range(scenario, opts.seed, 0..opts.runs, progress),
        Some(width) => {
            let mut tally = empty_tally(scenario);
            let mut done = 0;
            while done < opts.runs && !(done > 0 && intervals_narrower_than(&tally, width)) {
                let next = (done + CHECK_EVERY).min(opts.runs);
                tally.merge(&run_range(scenario, opts.seed, done..next, progress)?)?;
                done = next;
            }
            Ok(tally)
        }
    })?;
    Ok(BatchResult { tally, elapsed: started.elapsed(), threads })
}
