//! Helpers shared by the test modules.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use plenary::scenario::Scenario;
use plenary::{Batch, BatchResult, Simulation};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn scenario_path(rel: &str) -> PathBuf {
    root().join(rel)
}

/// Parse and validate inline scenario text; panics with the loader's message.
pub fn scenario(text: &str) -> Scenario {
    plenary::scenario::from_str(text, Path::new("inline.ron")).unwrap_or_else(|e| panic!("{e}"))
}

pub fn batch(s: &Scenario, runs: u64, seed: u64) -> BatchResult {
    Batch::new().runs(runs).seed(seed).threads(2).run(s).expect("batch runs")
}

/// One traced run.
pub fn trace(s: &Scenario, seed: u64, run: u64) -> Vec<plenary::TraceEvent> {
    let mut sim = Simulation::new(s);
    sim.set_tracing(true);
    sim.run(seed, run);
    sim.trace().to_vec()
}

pub fn plenary(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plenary")).args(args).output().expect("the binary starts")
}

/// Run the binary, but fail the test (and kill the process) if it has not
/// finished within `limit`: for commands that must return at once, so that a
/// regression fails instead of hanging the suite.
pub fn plenary_within(args: &[&str], limit: std::time::Duration) -> Output {
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_plenary"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let start = std::time::Instant::now();
    // The commands this is for print little, so the pipes cannot fill up
    // while we poll.
    while child.try_wait().expect("the child can be waited for").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`plenary {}` was still running after {limit:?}", args.join(" "));
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().expect("the output can be read")
}

/// Run the binary, require success, and parse what it printed as JSON.
pub fn plenary_json(args: &[&str]) -> serde_json::Value {
    let out = plenary(args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("the output is JSON")
}

/// z for a two-sided 99% interval.
pub const Z99: f64 = 2.575_829_303_548_901;

/// Assert that `expected` lies in the 99% Wilson interval of count/n.
pub fn assert_in_99(count: u64, n: u64, expected: f64, what: &str) {
    let (lo, hi) = plenary::analysis::wilson(count, n, Z99);
    assert!(
        lo <= expected && expected <= hi,
        "{what}: closed form {expected:.5} outside the 99% interval [{lo:.5}, {hi:.5}] of {count}/{n}"
    );
}

/// Every bundled scenario file: wsis20.ron, the teaching scenarios and
/// wsis20's variants.
pub fn bundled_scenarios() -> Vec<PathBuf> {
    let mut files = vec![scenario_path("scenarios/wsis20.ron")];
    for dir in ["scenarios/teaching", "scenarios/wsis20"] {
        // Scenarios are the .ron files (wsis20/ also holds its posterior sample).
        for entry in std::fs::read_dir(scenario_path(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "ron") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The text of a bundled scenario, to be written somewhere else: the roster
/// files it includes (relative to scenarios/) named by their absolute paths,
/// so that the copy still finds them.
pub fn scenario_text_to_copy(rel: &str) -> String {
    let text = std::fs::read_to_string(scenario_path(rel)).unwrap();
    let roster = scenario_path("scenarios/roster/");
    text.replace("include: [\"roster/", &format!("include: [\"{}", roster.display()))
}
