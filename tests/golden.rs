//! Value stability, as rand's tests pin fixed outputs for fixed seeds: the
//! output of every bundled scenario for seed 1, and of the commands built on
//! batches (compare, explain, backtest, sweep, trace, merge of shards), is
//! compared byte for byte with files in `tests/golden/` made by an earlier
//! version. A change to the order of random draws, to a rule, or to how a
//! result is counted fails here even when it keeps every run deterministic.
//!
//! A change that is meant to change results regenerates the files with
//! `PLENARY_BLESS=1 cargo test --release golden` and says why in its commit
//! (and in docs/MODEL.md when a rule changed). `timing` (and the timing in
//! the first line of `run`'s text) is the only part left out: it depends on
//! the machine.

use std::path::PathBuf;

use crate::util::{plenary, root};

/// The bundled scenarios, by the name their golden files carry.
const SCENARIOS: [(&str, &str); 13] = [
    ("wsis20", "scenarios/wsis20.ron"),
    ("wsis20_g77_fund", "scenarios/wsis20/g77_fund.ron"),
    ("wsis20_igf_governmental_track", "scenarios/wsis20/igf_governmental_track.ron"),
    ("wsis20_low_ambition_off", "scenarios/wsis20/low_ambition_off.ron"),
    ("wsis20_no_industry_letter", "scenarios/wsis20/no_industry_letter.ron"),
    ("wsis20_no_pga", "scenarios/wsis20/no_pga.ron"),
    ("wsis20_us_calls_vote", "scenarios/wsis20/us_calls_vote.ron"),
    ("ambiguity", "scenarios/teaching/ambiguity.ron"),
    ("failed_vote", "scenarios/teaching/failed_vote.ron"),
    ("package", "scenarios/teaching/package.ron"),
    ("silence", "scenarios/teaching/silence.ron"),
    ("standoff", "scenarios/teaching/standoff.ron"),
    ("vote_threat", "scenarios/teaching/vote_threat.ron"),
];

/// Runs per batch: a few hundred of wsis20 (every stage, votes in about a
/// quarter of them), more of the small teaching scenarios.
fn runs_for(name: &str) -> &'static str {
    if name.starts_with("wsis20") { "300" } else { "2000" }
}

fn golden_path(file: &str) -> PathBuf {
    root().join("tests/golden").join(file)
}

/// `plenary args...`, which must succeed; its stdout.
fn output_of(args: &[&str]) -> String {
    let out = plenary(args);
    assert!(out.status.success(), "plenary {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Pretty JSON without its top-level `timing` (the only machine-dependent part).
fn without_timing(json: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(json).expect("JSON output");
    if let Some(map) = v.as_object_mut() {
        map.remove("timing");
    }
    serde_json::to_string_pretty(&v).expect("JSON serializes") + "\n"
}

/// The second line of `run`'s text says how long the batch took
/// (`  (2 threads, 1.40 s, 7166 runs/s)`): it reads `  (timing)`.
fn without_text_timing(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|l| {
            let t = l.trim();
            if t.starts_with('(') && t.ends_with("runs/s)") && t.contains(" threads, ") {
                "  (timing)\n".to_string()
            } else {
                l.to_string()
            }
        })
        .collect()
}

/// Compare `actual` with the golden file, or write it with PLENARY_BLESS=1.
/// On a difference, name the first line that differs.
fn check(file: &str, actual: &str) {
    let path = golden_path(file);
    if std::env::var_os("PLENARY_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (make it with PLENARY_BLESS=1)", path.display()));
    if expected == actual {
        return;
    }
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let at = e.iter().zip(&a).position(|(x, y)| x != y).unwrap_or(e.len().min(a.len()));
    panic!(
        "{file} differs from its golden file at line {}:\n  golden: {}\n  now:    {}\n\
         ({} lines golden, {} now; if the change is meant, rerun with PLENARY_BLESS=1 and say why)",
        at + 1,
        e.get(at).unwrap_or(&"<end of file>"),
        a.get(at).unwrap_or(&"<end of file>"),
        e.len(),
        a.len()
    );
}

fn path(rel: &str) -> String {
    root().join(rel).to_str().expect("a UTF-8 path").to_string()
}

#[test]
fn every_bundled_scenario_gives_its_golden_run() {
    for (name, file) in SCENARIOS {
        let file = path(file);
        let runs = runs_for(name);
        let json = output_of(&["run", &file, "--runs", runs, "--seed", "1", "--format", "json"]);
        check(&format!("run/{name}.json"), &without_timing(&json));
        let text = output_of(&["run", &file, "--runs", runs, "--seed", "1"]);
        check(&format!("run/{name}.txt"), &without_text_timing(&text));
    }
}

#[test]
fn csv_output_is_stable() {
    let csv = output_of(&["run", &path("scenarios/wsis20.ron"), "--runs", "300", "--format", "csv"]);
    check("run/wsis20.csv", &csv);
}

/// One trace of a run ending in consensus and one ending in a vote, for
/// wsis20 (seed 1), and run 0 of every teaching scenario.
#[test]
fn traces_are_stable() {
    let wsis20 = path("scenarios/wsis20.ron");
    for run in ["0", "12"] {
        let json = output_of(&["trace", &wsis20, "--run", run, "--format", "json"]);
        check(&format!("trace/wsis20_run{run}.json"), &json);
        let text = output_of(&["trace", &wsis20, "--run", run]);
        check(&format!("trace/wsis20_run{run}.txt"), &text);
    }
    for (name, file) in SCENARIOS.iter().filter(|(n, _)| !n.starts_with("wsis20")) {
        let text = output_of(&["trace", &path(file), "--run", "0"]);
        check(&format!("trace/{name}_run0.txt"), &text);
    }
}

#[test]
fn analyses_are_stable() {
    let wsis20 = path("scenarios/wsis20.ron");
    let compare = output_of(&[
        "compare",
        &wsis20,
        &path("scenarios/wsis20/us_calls_vote.ron"),
        &path("scenarios/wsis20/no_pga.ron"),
        "--runs",
        "300",
        "--format",
        "json",
    ]);
    check("analysis/compare_wsis20.json", &compare);
    let explain = output_of(&["explain", &wsis20, "--runs", "200", "--format", "json"]);
    check("analysis/explain_wsis20.json", &explain);
    let explain = output_of(&[
        "explain",
        &path("scenarios/teaching/vote_threat.ron"),
        "--runs",
        "1000",
        "--format",
        "json",
    ]);
    check("analysis/explain_vote_threat.json", &explain);
    let backtest = output_of(&["backtest", &wsis20, "--runs", "300", "--format", "json"]);
    check("analysis/backtest_wsis20.json", &backtest);
}

#[test]
fn sweep_and_merged_shards_are_stable() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sweep");
    output_of(&[
        "sweep",
        &path("scenarios/teaching/silence.ron"),
        "--set",
        "delegations.AAA.silence_break=0,0.5",
        "--set",
        "mediator.skill=0.5,1",
        "--runs",
        "500",
        "--out",
        out.to_str().unwrap(),
    ]);
    check("analysis/sweep_silence.csv", &std::fs::read_to_string(out.join("sweep.csv")).unwrap());
    let shards: Vec<String> = (0..3)
        .map(|k| {
            let shard = dir.path().join(format!("shard{k}.json"));
            output_of(&[
                "run",
                &path("scenarios/wsis20.ron"),
                "--runs",
                "300",
                "--shard",
                &format!("{k}/3"),
                "--format",
                "json",
                "--out",
                shard.to_str().unwrap(),
            ]);
            shard.to_str().unwrap().to_string()
        })
        .collect();
    let mut args = vec!["merge"];
    args.extend(shards.iter().map(String::as_str));
    let merged = without_timing(&output_of(&args));
    // The merge of the shards is the unsharded batch, field for field (whose
    // golden file the first test checks).
    let whole = output_of(&["run", &path("scenarios/wsis20.ron"), "--runs", "300", "--format", "json"]);
    assert!(merged == without_timing(&whole), "the merged shards differ from the unsharded batch");
}
