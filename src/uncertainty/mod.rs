//! Honest uncertainty (issue 16): the statistics of calibrating the model to
//! history and of global sensitivity analysis, on plain closures and numbers
//! so that they know nothing of the simulator's types.
//!
//! - [`prior`]: what each uncertain parameter may be before calibration.
//!
//! Each file's own doc cites the method it implements.

pub mod prior;

pub use prior::{Prior, PriorError, to_parameters};
