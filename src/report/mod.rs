//! Reports: from a tally (and the scenario that names its rows) to the JSON
//! contract, a text table, and CSV; and the summary of `plenary check`.

pub mod check;
pub mod csv;
pub mod run;
pub mod text;

pub use check::CheckReport;
pub use run::RunReport;
