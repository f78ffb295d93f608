//! Reports: from a tally (and the scenario that names its rows) to the JSON
//! contract, a text table and CSV; the reports of `compare`, `explain` and
//! `backtest`; SVG charts and the HTML page of `plenary report`; the story of
//! a traced run; and the summary of `plenary check`.

pub mod backtest;
pub mod chart;
pub mod check;
pub mod compare;
pub mod csv;
pub mod explain;
pub mod html;
pub mod per_run;
pub mod run;
pub mod share;
pub mod sweep;
pub mod text;
pub mod trace;
pub mod uncertain;
pub mod width;

pub use backtest::BacktestReport;
pub use check::CheckReport;
pub use compare::CompareReport;
pub use explain::ExplainReport;
pub use run::RunReport;
