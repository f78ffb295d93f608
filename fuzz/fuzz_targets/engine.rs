//! Scenario bytes -> a valid scenario -> a few runs on one thread, within
//! small limits: never a panic or an arithmetic overflow (the fuzz build
//! checks overflows), the tally consistent, and each run the same when
//! made again.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use plenary::{Batch, Outcome};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if text.len() as u64 > common::SMALL.file_bytes {
        return;
    }
    let path = Path::new("fuzz.ron");
    let Ok(file) = plenary::scenario::parse(text, path) else { return };
    let Ok(scenario) = plenary::scenario::check_with_limits(&file, path, &common::SMALL) else { return };
    let batch = Batch::new().runs(4).seed(data.len() as u64).threads(1);
    let Ok(first) = batch.run(&scenario) else { return };
    let t = &first.tally;
    assert_eq!(t.runs, 4);
    assert!(t.is_consistent(), "inconsistent tally: {t:?}");
    let total: u64 = Outcome::ALL.iter().map(|&o| t.outcomes[o]).sum();
    assert_eq!(total, 4, "the outcomes do not add up to the runs");
    let again = batch.run(&scenario).expect("the same batch runs again");
    assert_eq!(again.tally, first.tally, "the same seed gave another tally");
});
