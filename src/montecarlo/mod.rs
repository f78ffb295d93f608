//! Seeded Monte Carlo: one world per worker ([`Simulation`]), runs folded
//! into exact integer tallies ([`Tally`]), Wilson intervals ([`interval`]),
//! and the parallel batch driver ([`run_batch`]).
//!
//! Run i always uses ChaCha8 seeded from the master seed on stream i, and a
//! tally is a sum of integers, so a batch gives the same tally on any number
//! of threads.

pub mod backtest;
pub mod batch;
pub mod compare;
pub mod explain;
pub mod interval;
pub mod simulation;
pub mod tally;

pub use backtest::BacktestTally;
pub use batch::{BatchError, BatchOptions, BatchResult, Collector, collect_range, pool, run_batch};
pub use compare::CompareTally;
pub use interval::{Estimate, wilson};
pub use simulation::Simulation;
pub use tally::Tally;
