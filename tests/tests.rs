//! Integration tests, one module per area (closed forms, determinism, stage
//! semantics, bad input, the bundled scenarios, the commands quoted in the
//! docs).

mod amendments;
mod analysis;
mod bad_input;
mod bench;
mod bundled;
mod citations;
mod closed_forms;
mod determinism;
mod docs;
mod floor;
mod golden;
mod intervals;
mod json_reference;
mod monotonicity;
mod output;
mod per_run;
mod profiles;
mod properties;
mod report_page;
mod robust_outputs;
mod robustness;
mod shards;
mod stages;
mod sweep;
mod trace;
mod uncertain;
mod util;
mod width;
