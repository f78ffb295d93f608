//! The batch: which runs to make, on how many threads, with what stopping
//! rule, and what to fold them into. Every command that runs the simulation
//! goes through [`Batch`]:
//!
//! ```no_run
//! use plenary::{Batch, Outcome};
//! let scenario = plenary::load("scenarios/wsis20.ron").unwrap();
//! let result = Batch::new().runs(5_000).seed(7).run(&scenario).unwrap();
//! println!("{:?}", result.tally.estimate(Outcome::Consensus));
//! ```

use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::backtest::BacktestTally;
use super::compare::CompareTally;
use super::explain::{Dropped, red_line_variants};
use super::interval::Estimate;
use super::shard::Shard;
use super::simulation::Simulation;
use super::tally::{Overflow, Tally};
use crate::model::record::RunRecord;
use crate::scenario::Scenario;

/// Runs are handed to threads in chunks of this many consecutive runs.
const CHUNK: u64 = 64;
/// With [`Batch::until_ci`], the intervals are checked after every this many
/// runs, a fixed grid, so where a batch stops does not depend on the thread
/// count.
pub const CHECK_EVERY: u64 = 2_000;
/// More worker threads than this are refused: each is an OS thread, and a
/// few thousand take longer to start than most batches take to run.
pub const MAX_THREADS: usize = 1024;

/// What a batch folds its runs into. `add` gets a run index and the record
/// of that run in each scenario of the batch (one, or a base and its
/// variants run with the same seeds: common random numbers).
pub trait Collector: Send + Sync + Sized + Clone {
    /// Fold in run `run` (of every scenario of the batch).
    fn add(&mut self, run: u64, records: &[&RunRecord]) -> Result<(), Overflow>;
    /// Fold in another collector of the same batch. Collectors hold integer
    /// sums, so the order of merging does not change the result.
    fn merge(&mut self, other: Self) -> Result<(), Overflow>;
    /// The widest 95% interval of an outcome's probability so far, for
    /// [`Batch::until_ci`]; `None` for a collector that has no outcomes.
    fn widest_interval(&self) -> Option<f64> {
        None
    }
    /// Whether it reads [`RunRecord::levels`], the final language levels,
    /// which a run copies out of its world only when asked (it costs time).
    fn wants_levels(&self) -> bool {
        false
    }
}

/// Two collectors fed the same runs (`run --per-run`: the tally and the
/// rows); the stopping rule reads the first.
impl<A: Collector, B: Collector> Collector for (A, B) {
    fn add(&mut self, run: u64, records: &[&RunRecord]) -> Result<(), Overflow> {
        self.0.add(run, records)?;
        self.1.add(run, records)
    }

    fn merge(&mut self, other: Self) -> Result<(), Overflow> {
        self.0.merge(other.0)?;
        self.1.merge(other.1)
    }

    fn widest_interval(&self) -> Option<f64> {
        self.0.widest_interval()
    }

    fn wants_levels(&self) -> bool {
        self.0.wants_levels() || self.1.wants_levels()
    }
}

impl Collector for Tally {
    fn add(&mut self, _run: u64, records: &[&RunRecord]) -> Result<(), Overflow> {
        Tally::add(self, records[0])
    }

    fn merge(&mut self, other: Self) -> Result<(), Overflow> {
        Tally::merge(self, &other)
    }

    fn widest_interval(&self) -> Option<f64> {
        let widths = self.outcomes.values().iter().map(|&c| Estimate::new(c, self.runs).width());
        Some(widths.fold(0.0, f64::max))
    }
}

/// What a batch made: what its runs were folded into, how long it took, on
/// how many threads.
#[derive(Debug, Clone)]
pub struct BatchResult<C = Tally> {
    /// What the runs were folded into.
    pub tally: C,
    /// Wall-clock time of the batch.
    pub elapsed: Duration,
    /// Worker threads it ran on.
    pub threads: usize,
}

impl<C> BatchResult<C> {
    /// Runs per second of wall-clock time (0 for a batch that took none).
    pub fn runs_per_second(&self, runs: u64) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 { runs as f64 / secs } else { 0.0 }
    }
}

/// The red-line analysis of [`Batch::explain`]: what each variant dropped,
/// and the paired tally of the base (first) and the variants.
#[derive(Debug, Clone)]
pub struct Explained {
    /// What each variant dropped, in the order of the tally's variants.
    pub dropped: Vec<Dropped>,
    /// The paired tally: the base first, then one variant per dropped line.
    pub tally: CompareTally,
}

#[derive(Debug, thiserror::Error)]
/// Why a batch cannot run.
pub enum BatchError {
    #[error("cannot start {threads} worker threads: {source}")]
    /// The thread pool could not start.
    Threads {
        /// Threads asked for.
        threads: usize,
        #[source]
        /// The pool's error.
        source: rayon::ThreadPoolBuildError,
    },
    #[error("{0} worker threads asked; at most {MAX_THREADS} (0: one per core)")]
    /// More threads than [`MAX_THREADS`].
    TooManyThreads(usize),
    #[error("a batch of 0 runs")]
    /// A batch of no runs (`runs(0)`).
    NoRuns,
    #[error("--until-ci {0}: the interval width must be within (0, 1)")]
    /// A stopping width outside (0, 1).
    Width(f64),
    #[error("a stopping rule (until_ci) needs a batch that starts at run 0 and a tally of outcomes")]
    /// A stopping rule where it cannot apply.
    StoppingRule,
    #[error("a count of the batch does not fit in 64 bits")]
    /// A count that does not fit in 64 bits.
    Overflow(#[from] Overflow),
}

/// A batch's settings: the master seed, the runs (a count from run 0, or a
/// shard's block), the worker threads, an optional stopping rule and a
/// progress callback. The verbs ([`Batch::run`], [`Batch::compare`],
/// [`Batch::explain`], [`Batch::backtest`], [`Batch::collect`]) make the
/// runs.
///
/// Run i always uses ChaCha8 seeded with the master seed on stream i, and
/// collectors hold integer sums, so a result depends on the seed and the
/// runs only, never on the threads or on which thread ran which run.
#[derive(Clone, Copy)]
pub struct Batch<'p> {
    seed: u64,
    runs: (u64, u64),
    threads: usize,
    until_ci: Option<f64>,
    progress: Option<&'p (dyn Fn(u64) + Sync)>,
    sharded: bool,
}

impl Default for Batch<'_> {
    fn default() -> Self {
        Batch::new()
    }
}

impl std::fmt::Debug for Batch<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Batch")
            .field("seed", &self.seed)
            .field("runs", &(self.runs.0..self.runs.1))
            .field("threads", &self.threads)
            .field("until_ci", &self.until_ci)
            .finish_non_exhaustive()
    }
}

impl<'p> Batch<'p> {
    /// 10,000 runs with seed 1 on one thread per core.
    pub fn new() -> Self {
        Batch { seed: 1, runs: (0, 10_000), threads: 0, until_ci: None, progress: None, sharded: false }
    }

    /// The master seed.
    pub fn seed(self, seed: u64) -> Self {
        Batch { seed, ..self }
    }

    /// Runs 0..n (with [`Batch::until_ci`], the most).
    pub fn runs(self, n: u64) -> Self {
        Batch { runs: (0, n), sharded: false, ..self }
    }

    /// Only the runs of one shard of the batch (`run --shard K/N`).
    pub fn shard(self, shard: &Shard) -> Self {
        let range = shard.range();
        Batch { runs: (range.start, range.end), sharded: true, ..self }
    }

    /// Worker threads (0: one per core). The result does not depend on it.
    pub fn threads(self, threads: usize) -> Self {
        Batch { threads, ..self }
    }

    /// Stop once every outcome's 95% interval is narrower than `width`,
    /// checked every [`CHECK_EVERY`] runs.
    pub fn until_ci(self, width: Option<f64>) -> Self {
        Batch { until_ci: width, ..self }
    }

    /// Called from the workers with the number of runs just finished.
    pub fn progress(self, progress: &'p (dyn Fn(u64) + Sync)) -> Self {
        Batch { progress: Some(progress), ..self }
    }

    /// The master seed.
    pub fn get_seed(&self) -> u64 {
        self.seed
    }

    /// The runs the batch makes (at most, with a stopping rule).
    pub fn range(&self) -> Range<u64> {
        self.runs.0..self.runs.1
    }

    /// Check the settings before anything runs.
    pub fn validate(&self) -> Result<(), BatchError> {
        // A shard may have no runs (more shards than runs); a batch may not.
        if self.runs == (0, 0) && !self.sharded {
            return Err(BatchError::NoRuns);
        }
        if self.threads > MAX_THREADS {
            return Err(BatchError::TooManyThreads(self.threads));
        }
        if let Some(w) = self.until_ci {
            if !(w > 0.0 && w < 1.0) {
                return Err(BatchError::Width(w));
            }
            if self.runs.0 != 0 {
                return Err(BatchError::StoppingRule);
            }
        }
        Ok(())
    }

    /// One scenario's runs folded into its [`Tally`].
    pub fn run(&self, scenario: &Scenario) -> Result<BatchResult, BatchError> {
        self.collect(&[scenario], Tally::for_scenario(scenario))
    }

    /// A base and its variants on the same seeds: their paired tally.
    pub fn compare(
        &self,
        base: &Scenario,
        variants: &[Scenario],
    ) -> Result<BatchResult<CompareTally>, BatchError> {
        let mut all = vec![base];
        all.extend(variants);
        self.collect(&all, CompareTally::new(variants.len()))
    }

    /// The base against itself without each of its red lines (and without
    /// each delegation's): `red_line_variants`. With no red line to drop,
    /// nothing runs and the analysis is empty.
    pub fn explain(&self, base: &Scenario) -> Result<BatchResult<Explained>, BatchError> {
        let (dropped, variants): (Vec<Dropped>, Vec<Scenario>) = red_line_variants(base).into_iter().unzip();
        if dropped.is_empty() {
            let tally = Explained { dropped, tally: CompareTally::new(0) };
            return Ok(BatchResult { tally, elapsed: Duration::ZERO, threads: 0 });
        }
        let result = self.compare(base, &variants)?;
        Ok(BatchResult {
            tally: Explained { dropped, tally: result.tally },
            elapsed: result.elapsed,
            threads: result.threads,
        })
    }

    /// How often the runs reproduce the scenario's historical markers.
    pub fn backtest(&self, scenario: &Scenario) -> Result<BatchResult<BacktestTally>, BatchError> {
        self.collect(&[scenario], BacktestTally::new(scenario))
    }

    /// Every run of every scenario (the same run indices and seeds for all:
    /// common random numbers) folded into copies of `empty`, merged.
    pub fn collect<C: Collector>(
        &self,
        scenarios: &[&Scenario],
        empty: C,
    ) -> Result<BatchResult<C>, BatchError> {
        self.validate()?;
        let started = Instant::now();
        let pool = worker_pool(self.threads)?;
        let threads = pool.current_num_threads();
        let no_progress = |_: u64| {};
        let progress = self.progress.unwrap_or(&no_progress);
        let tally = pool.install(|| -> Result<C, BatchError> {
            let Some(width) = self.until_ci else {
                return Ok(collect_range(scenarios, self.seed, self.range(), &empty, progress)?);
            };
            let mut tally = empty.clone();
            let mut done = self.runs.0;
            loop {
                let widest = tally.widest_interval().ok_or(BatchError::StoppingRule)?;
                if done >= self.runs.1 || (done > 0 && widest < width) {
                    return Ok(tally);
                }
                let next = (done + CHECK_EVERY).min(self.runs.1);
                tally.merge(collect_range(scenarios, self.seed, done..next, &empty, progress)?)?;
                done = next;
            }
        })?;
        Ok(BatchResult { tally, elapsed: started.elapsed(), threads })
    }
}

/// Run runs `range` of every scenario with the batch seed `seed` on the
/// current rayon pool, folding each run index into a copy of `empty`.
///
/// Every worker thread of the pool builds its worlds once, then takes chunks
/// of `CHUNK` consecutive runs from a shared counter until none are left,
/// folding them into a collector of its own; the workers' collectors are
/// merged at the end. A run's record depends only on the seed and the run
/// index, and collectors hold integer sums, so the result does not depend on
/// which worker ran which chunk, nor on the number of workers.
fn collect_range<C: Collector>(
    scenarios: &[&Scenario],
    seed: u64,
    range: Range<u64>,
    empty: &C,
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
        let mut collector = empty.clone();
        let Some(mut runs) = take_chunk() else {
            return Ok(collector); // no work left for this worker: build no world
        };
        let mut sims: Vec<Simulation> = scenarios.iter().map(|s| Simulation::new(s)).collect();
        for sim in &mut sims {
            sim.set_recording_levels(empty.wants_levels());
        }
        loop {
            let done = runs.end - runs.start;
            for run in runs {
                match sims.as_mut_slice() {
                    [sim] => collector.add(run, &[sim.run(seed, run)])?,
                    all => {
                        let records: Vec<&RunRecord> = all.iter_mut().map(|sim| sim.run(seed, run)).collect();
                        collector.add(run, &records)?;
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
    let mut total = collectors.next().unwrap_or_else(|| Ok(empty.clone()))?;
    for collector in collectors {
        total.merge(collector?)?;
    }
    Ok(total)
}

/// The pool of `threads` worker threads (0: one per core) that a batch, or
/// an analysis of many scenarios, runs on.
pub(crate) fn worker_pool(threads: usize) -> Result<rayon::ThreadPool, BatchError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|source| BatchError::Threads { threads, source })
}
