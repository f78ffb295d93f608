//! Throughput of the engine, one criterion group per question:
//!
//! - `wsis20`: how many runs per second the bundled scenario makes on all
//!   cores, through the batch driver (`run_batch`) exactly as `plenary run`.
//! - `delegations`: how the cost of a run grows with the room (generated
//!   scenarios, 127 paragraphs, one thread).
//! - `paragraphs`: how it grows with the draft (generated, 20 delegations,
//!   one thread).
//! - `threads`: wsis20 on one thread against all cores.
//!
//! Every benchmark reports runs/s (`Throughput::Elements(runs)`). Scenarios,
//! worlds and schedules are built outside `b.iter`, so only runs are timed
//! (for `wsis20` and `threads`, the batch driver's per-batch thread pool and
//! per-worker world are included, as in `plenary run`). Samples are few and
//! short so the whole bench takes a few minutes on two cores:
//!
//! ```sh
//! cargo bench --bench throughput                 # everything
//! cargo bench --bench throughput -- delegations/ # one group (note the slash)
//! ```
//!
//! Measured figures are in docs/PERFORMANCE.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use plenary::scenario::{Scenario, synthetic as generated};
use plenary::{Batch, Simulation, Tally};

const WSIS20: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/wsis20.ron");
const SEED: u64 = 1;
/// Generator seed of the synthetic scenarios.
const GENERATOR_SEED: u64 = 1;

fn wsis20() -> Scenario {
    plenary::scenario::load(WSIS20).expect("scenarios/wsis20.ron loads")
}

/// Few, short samples: each benchmark takes a few seconds (ten samples of
/// at least one iteration each; an iteration is sized to about 0.3 s).
fn configure(group: &mut BenchmarkGroup<'_, WallTime>, seconds: u64) {
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(seconds));
}

/// A whole batch through the driver, as `plenary run` makes it.
fn batch(scenario: &Scenario, runs: u64, threads: usize) -> Tally {
    Batch::new().runs(runs).seed(SEED).threads(threads).run(scenario).expect("the thread pool starts").tally
}

/// `runs` runs on one thread, on a world built beforehand. `next` is the
/// index of the first run and moves on, so successive iterations time
/// different runs (as a batch does) rather than the same few again.
fn runs_on(sim: &mut Simulation, scenario: &Scenario, next: &mut u64, runs: u64) -> Tally {
    let mut tally = Tally::for_scenario(scenario);
    for run in *next..*next + runs {
        tally.add(sim.run(SEED, run)).expect("a bench batch is far too small to overflow");
    }
    *next += runs;
    tally
}

fn bench_wsis20(c: &mut Criterion) {
    let scenario = wsis20();
    let mut group = c.benchmark_group("wsis20");
    configure(&mut group, 8);
    let runs = 2_000;
    group.throughput(Throughput::Elements(runs));
    group.bench_function("2000_runs_all_threads", |b| {
        b.iter(|| black_box(batch(black_box(&scenario), runs, 0)))
    });
    group.finish();
}

/// Generated rooms of growing size on a 127-paragraph draft (wsis20's
/// length). Bigger rooms run fewer runs per iteration so each benchmark
/// stays short; runs/s is comparable across sizes anyway.
fn bench_delegations(c: &mut Criterion) {
    let mut group = c.benchmark_group("delegations");
    configure(&mut group, 3);
    for (delegations, runs) in [(50, 200), (193, 40), (1_000, 8), (5_000, 1)] {
        let scenario = generated(delegations, 127, GENERATOR_SEED);
        let mut sim = Simulation::new(&scenario);
        let mut next = 0;
        group.throughput(Throughput::Elements(runs));
        group.bench_function(format!("{delegations}_delegations_127_paragraphs"), |b| {
            b.iter(|| black_box(runs_on(&mut sim, black_box(&scenario), &mut next, runs)))
        });
    }
    group.finish();
}

/// Generated drafts of growing length before a room of 20 delegations
/// (wsis20's room size).
fn bench_paragraphs(c: &mut Criterion) {
    let mut group = c.benchmark_group("paragraphs");
    configure(&mut group, 3);
    for (paragraphs, runs) in [(20, 2_000), (127, 400), (1_000, 50)] {
        let scenario = generated(20, paragraphs, GENERATOR_SEED);
        let mut sim = Simulation::new(&scenario);
        let mut next = 0;
        group.throughput(Throughput::Elements(runs));
        group.bench_function(format!("20_delegations_{paragraphs}_paragraphs"), |b| {
            b.iter(|| black_box(runs_on(&mut sim, black_box(&scenario), &mut next, runs)))
        });
    }
    group.finish();
}

/// wsis20 through the batch driver on one thread and on every core.
fn bench_threads(c: &mut Criterion) {
    let scenario = wsis20();
    let all = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut group = c.benchmark_group("threads");
    configure(&mut group, 10);
    let runs = 2_000;
    group.throughput(Throughput::Elements(runs));
    let mut counts = vec![1];
    if all > 1 {
        counts.push(all);
    }
    for threads in counts {
        let name = if threads == 1 { "1_thread".to_string() } else { format!("{threads}_threads") };
        group.bench_function(format!("wsis20_2000_runs_{name}"), |b| {
            b.iter(|| black_box(batch(black_box(&scenario), runs, threads)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_wsis20, bench_delegations, bench_paragraphs, bench_threads);
criterion_main!(benches);
