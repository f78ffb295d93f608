//! Bytes as the sweep.csv of a folder a sweep resumes into: the reader that
//! decides whether the folder holds this sweep (same columns, runs, seed)
//! and which points are done. Never a panic; `check` writes nothing (the
//! file is as it was, whatever it held); a folder `open` accepts holds no
//! more rows than the grid has points, each a point of the grid.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use plenary::analysis::{Axis, Sweep, SweepFolder};
use plenary::scenario::ScenarioFile;

#[path = "common.rs"]
mod common;

const RUNS: u64 = 10;
const SEED: u64 = 1;

fn file() -> &'static ScenarioFile {
    static FILE: OnceLock<ScenarioFile> = OnceLock::new();
    FILE.get_or_init(|| {
        let text = include_str!("../../scenarios/teaching/silence.ron");
        plenary::scenario::parse(text, Path::new("silence.ron")).expect("the bundled scenario parses")
    })
}

/// A folder of this process's own, emptied before each input.
fn folder() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| std::env::temp_dir().join(format!("plenary-fuzz-sweep-{}", std::process::id())))
}

fuzz_target!(|data: &[u8]| {
    let dir = folder();
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("the fuzz folder can be made");
    let csv = dir.join("sweep.csv");
    std::fs::write(&csv, data).expect("the fuzz folder can be written");
    let axes = vec![
        Axis::parse("mediator.skill=0.5,1").expect("a valid axis"),
        Axis::parse("delegations.AAA.behaviour.silence_break=0.1,0.2,0.3").expect("a valid axis"),
    ];
    let unchecked = Sweep::prepare(file().clone(), Path::new("silence.ron"), axes, &common::SMALL)
        .expect("the sweep prepares");
    let checked = SweepFolder::check(dir, &unchecked, RUNS, SEED);
    assert_eq!(std::fs::read(&csv).expect("sweep.csv is still there"), data, "check changed sweep.csv");
    let sweep = unchecked.check(&mut |_, _| {}).expect("the grid checks");
    match SweepFolder::open(dir, &sweep, RUNS, SEED) {
        Ok(opened) => {
            assert!(checked.is_ok(), "open accepted a folder that check refused: {checked:?}");
            assert!(opened.finished() <= sweep.len(), "more rows than grid points");
            let grid: Vec<Vec<f64>> = sweep.points().collect();
            for row in opened.rows() {
                assert!(grid.contains(&row.point), "a row off the grid: {:?}", row.point);
            }
        }
        Err(e) => assert!(checked.is_err(), "check accepted a folder that open refused: {e}"),
    }
});
