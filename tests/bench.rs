//! `plenary bench`: the report's fields and how they relate (not how fast
//! anything is: speed is measured in benches and PERFORMANCE.md, never
//! asserted in a test).

use crate::util::{plenary, plenary_json, scenario_path};

#[test]
fn bench_reports_the_batch_it_ran() {
    let path = scenario_path("scenarios/wsis20.ron");
    let v = plenary_json(&[
        "bench",
        path.to_str().unwrap(),
        "--runs",
        "300",
        "--threads",
        "2",
        "--format",
        "json",
    ]);
    assert_eq!(v["runs"], 300);
    assert_eq!(v["threads"], 2);
    assert_eq!(v["trials"], 1);
    let runs_per_s = v["runs_per_s"].as_f64().unwrap();
    let elapsed = v["elapsed_s"].as_f64().unwrap();
    assert!(runs_per_s > 0.0 && elapsed > 0.0);
    assert!((runs_per_s * elapsed - 300.0).abs() < 1e-6 * 300.0, "runs_per_s x elapsed_s != runs");
    // wsis20 has 20 negotiators in the room, 127 paragraphs and 8 stages.
    assert_eq!((v["negotiators"].as_u64(), v["paragraphs"].as_u64()), (Some(20), Some(127)));
    // The stages run are counted as `plenary run` counts them for the same
    // batch (seed 1), and a wsis20 run goes through all 8 of its stages
    // unless a held silence jumps to the plenary.
    let stages = v["stages_run_mean"].as_f64().unwrap();
    let run = plenary_json(&["run", path.to_str().unwrap(), "--runs", "300", "--format", "json"]);
    assert_eq!(stages, run["stages_run_mean"].as_f64().unwrap());
    assert!((3.0..=8.0).contains(&stages), "{stages} stages per run");
    let evaluations = v["evaluations"].as_f64().unwrap();
    assert!((evaluations - 300.0 * 20.0 * 127.0 * stages).abs() < 1.0);
    let ns = v["ns_per_evaluation"].as_f64().unwrap();
    assert!((ns * evaluations / 1e9 - elapsed).abs() < 1e-9 * evaluations.max(1.0));
    assert!((v["thread_ns_per_evaluation"].as_f64().unwrap() - 2.0 * ns).abs() < 1e-9 * ns);
    // Linux: peak memory and CPU time are known. A process that built a
    // world holds at least a mebibyte, and far less than a gibibyte; two
    // threads use no more than two cores' worth of CPU time (plus a few of
    // the kernel's 10 ms ticks; a short batch may also count none).
    if cfg!(target_os = "linux") {
        let rss = v["peak_rss_mib"].as_f64().unwrap();
        assert!((1.0..1024.0).contains(&rss), "peak RSS {rss} MiB");
        let cpu = v["cpu_s"].as_f64().unwrap();
        assert!((0.0..=2.0 * elapsed + 0.05).contains(&cpu), "cpu {cpu} s in {elapsed} s");
        // Under a second of CPU, a rate from 10 ms ticks would mislead.
        if cpu < 1.0 {
            assert!(v["runs_per_cpu_s"].is_null(), "a rate from {cpu} s of CPU");
        } else {
            assert_eq!(v["runs_per_cpu_s"].as_f64().unwrap(), 300.0 / cpu);
        }
    }
}

#[test]
fn trials_report_the_fastest_and_every_one() {
    let path = scenario_path("scenarios/teaching/silence.ron");
    let v = plenary_json(&[
        "bench",
        path.to_str().unwrap(),
        "--runs",
        "500",
        "--trials",
        "3",
        "--format",
        "json",
    ]);
    assert_eq!(v["trials"], 3);
    let each: Vec<f64> =
        v["trials_runs_per_s"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect();
    assert_eq!(each.len(), 3);
    let fastest = each.iter().copied().fold(f64::MIN, f64::max);
    assert_eq!(v["runs_per_s"].as_f64().unwrap(), fastest);
    let mut sorted = each.clone();
    sorted.sort_by(f64::total_cmp);
    assert_eq!(v["runs_per_s_median"].as_f64().unwrap(), sorted[1]);
    let text = plenary(&["bench", path.to_str().unwrap(), "--runs", "500", "--trials", "2"]);
    assert!(text.status.success());
    assert!(String::from_utf8_lossy(&text.stdout).contains("fastest of 2 trials"));
}

#[test]
fn zero_trials_is_refused() {
    let path = scenario_path("scenarios/teaching/silence.ron");
    let out = plenary(&["bench", path.to_str().unwrap(), "--trials", "0"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--trials"));
}
