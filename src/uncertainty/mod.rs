//! Honest uncertainty (issue 16): the statistics of calibrating the model to
//! history and of global sensitivity analysis, on plain closures and numbers
//! so that they know nothing of the simulator's types.
//!
//! - [`prior`]: what each uncertain parameter may be before calibration;
//! - [`design`]: where to run the model (Sobol points, the Saltelli design,
//!   Morris trajectories), in the unit cube;
//! - [`sensitivity`]: Sobol first- and total-order indices with bootstrap
//!   intervals, Morris mu, mu* and sigma;
//! - [`abc`]: calibration by population Monte Carlo with the model's share
//!   of runs that reproduce history as a noisy likelihood.
//!
//! Each file's own doc cites the method it implements.

pub mod abc;
pub mod design;
pub mod prior;
pub mod sensitivity;

pub use abc::{CalibrationError, CalibrationSettings, Posterior, calibrate};
pub use design::{MorrisDesign, MorrisStart, SaltelliDesign, SaltelliOutputs, morris_design};
pub use prior::{Prior, PriorError, to_parameters};
pub use sensitivity::{SobolIndices, morris_effects, sobol_indices};
