//! plenary: a Monte Carlo simulator of how a negotiated UN text reaches, or
//! misses, consensus.
//!
//! Data flows one way: a scenario file (RON) is loaded into a checked
//! [`Scenario`]; a [`Batch`] runs it many times, each run in a bevy_ecs world
//! that the stages of the calendar move through (one world per worker
//! thread), and folds the runs into a [`Tally`] of integer counts; a
//! [`RunReport`] turns the tally into probabilities with intervals, as text,
//! JSON, CSV or an HTML page. [`Story`] tells one run.
//!
//! ```no_run
//! use plenary::{Batch, Outcome};
//!
//! let scenario = plenary::load("scenarios/wsis20.ron")?;
//! let result = Batch::new().runs(5_000).seed(7).run(&scenario)?;
//! let consensus = result.tally.estimate(Outcome::Consensus);
//! println!("consensus in {:.1}% of runs, 95% interval {:?}", 100.0 * consensus.p, consensus.ci95);
//! print!("{}", plenary::RunReport::new(&scenario, 7, &result, None).to_text());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The public API is what this page lists: the items below, and the modules
//! [`scenario`] (the file format and the checked scenario's parts),
//! [`analysis`] (comparisons, red lines, backtests, shards, sweeps,
//! benchmarks) and [`record`] (what one run records, for writing a
//! [`Collector`]). The model itself (docs/MODEL.md) lives in private
//! modules: the ECS components and resources, and the stage systems.
//! [`uncertainty`] stands apart: the statistics of calibration to history
//! and of global sensitivity analysis, on plain closures and numbers.

#![warn(missing_docs)]

mod files;
mod model;
mod montecarlo;
mod report;
pub mod scenario;
mod stages;
pub mod uncertainty;

pub use model::record::{MoveKind, Outcome};
pub use model::trace::TraceEvent;
pub use montecarlo::{Batch, BatchError, BatchResult, Collector, Estimate, Simulation, Tally};
pub use report::RunReport;
pub use report::trace::{Focus, Story};
pub use scenario::{Limits, Scenario, ScenarioError, from_str, load, load_with_limits};

/// Analyses built on batches: paired comparisons of scenarios, the red-line
/// analysis, backtests against history, shards and their merge, parameter
/// sweeps, and benchmarks; with their reports.
pub mod analysis {
    pub use crate::montecarlo::backtest::BacktestTally;
    pub use crate::montecarlo::batch::{CHECK_EVERY, Explained, MAX_THREADS};
    pub use crate::montecarlo::bench::{BenchError, BenchReport, measure};
    pub use crate::montecarlo::compare::{CompareTally, PairCounts};
    pub use crate::montecarlo::explain::Dropped;
    pub use crate::montecarlo::interval::{Z95, paired_difference, wilson};
    pub use crate::montecarlo::labels::Labels;
    pub use crate::montecarlo::per_run::{ChosenRef, ChosenRefError, MAX_PER_RUN, PerRun, RunRow};
    pub use crate::montecarlo::shard::{MergeError, PointsShard, Shard, assemble_points};
    pub use crate::montecarlo::sweep::{
        Axis, Sweep, SweepError, SweepFolder, SweepRow, UncheckedSweep, csv_line,
    };
    pub use crate::montecarlo::uncertain::{
        Distribution, DrawSettings, Measure, Method, ParameterSensitivity, ParameterSpace, PosteriorFile,
        SENSITIVITY, SensitivityReport, SensitivitySettings, SensitivityShard, UncertainError,
        WithParameters, WithParametersShard, calibrate_to_markers, merge_sensitivity, merge_with_parameters,
        read_posterior, sensitivity, sensitivity_points, sensitivity_shard, share_here, with_parameters,
        with_parameters_shard,
    };
    pub use crate::report::per_run::render as per_run_csv;
    pub use crate::report::sweep::chart as sweep_chart;
    pub use crate::report::uncertain::{calibration_text, sensitivity_text, with_parameters_text};
    pub use crate::report::{BacktestReport, CheckReport, CompareReport, ExplainReport};
}

/// What one run records, and the counts a tally adds up: for writing a
/// [`Collector`] of one's own.
pub mod record {
    pub use crate::model::record::{
        AmendmentRecord, Ballot, NegotiatorRecord, ParagraphRecord, RunRecord, StageRecord, VoteCount,
    };
    pub use crate::model::table::{PerMove, PerOutcome, Table, TableKey};
    pub use crate::model::trace::BallotLists;
    pub use crate::montecarlo::tally::{
        AmendmentCounts, BallotCounts, Counts, NegotiatorCounts, Overflow, ParagraphCounts, StageTally,
        VoteResults,
    };
}

pub use files::{follow_links, write_atomically};
