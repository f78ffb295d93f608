//! Seeded Monte Carlo: one world per worker ([`Simulation`]), the batch that
//! runs them ([`Batch`]), what runs are folded into (the exact integer
//! [`Tally`], and the collectors of `compare`, `explain` and `backtest`),
//! Wilson and paired intervals ([`interval`]), shards and their merge
//! ([`shard`]), and parameter sweeps ([`sweep`]).
//!
//! Run i always uses ChaCha8 seeded from the master seed on stream i, and a
//! tally is a sum of integers, so a batch gives the same tally on any number
//! of threads, shards or machines.

pub mod backtest;
pub mod batch;
pub mod bench;
pub mod compare;
pub mod explain;
pub mod interval;
pub mod labels;
pub mod per_run;
pub mod shard;
pub mod simulation;
pub mod sweep;
pub mod tally;
pub mod uncertain;

pub use backtest::BacktestTally;
pub use batch::{Batch, BatchError, BatchResult, Collector};
pub use compare::CompareTally;
pub use interval::Estimate;
pub use simulation::Simulation;
pub use tally::Tally;
