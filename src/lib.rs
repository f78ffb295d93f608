//! plenary: a Monte Carlo simulator of consensus negotiation at the UN.
//!
//! Data flows one way: a RON file is loaded into a checked
//! [`scenario::Scenario`]; [`montecarlo`] builds one bevy_ecs world per worker
//! from it ([`model`] holds the components and resources, [`stages`] the
//! systems of each stage of the calendar), runs seeded runs and folds them
//! into [`montecarlo::Tally`]; [`report`] turns tallies into text, JSON, CSV,
//! SVG charts and an HTML page, and traced runs into a story.
//!
//! [`uncertainty`] stands apart: the statistics of calibration to history and
//! of global sensitivity analysis, on plain closures and numbers.

pub mod model;
pub mod montecarlo;
pub mod report;
pub mod scenario;
pub mod stages;
pub mod uncertainty;
