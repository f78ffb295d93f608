//! `plenary sweep`: rows as points finish, resume, and agreement with `run`.

use crate::util::*;

fn sweep(dir: &std::path::Path, values: &str) -> std::process::Output {
    plenary(&[
        "sweep",
        scenario_path("scenarios/teaching/silence.ron").to_str().unwrap(),
        "--set",
        &format!("delegations.AAA.silence_break={values}"),
        "--runs",
        "1000",
        "--out",
        dir.to_str().unwrap(),
    ])
}

fn rows(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(dir.join("sweep.csv")).unwrap().lines().map(String::from).collect()
}

#[test]
fn an_interrupted_sweep_resumes_where_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let out = sweep(dir.path(), "0,0.5");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let first = rows(dir.path());
    assert_eq!(first.len(), 3, "header and two points");
    assert!(dir.path().join("sweep.svg").exists());

    // Simulate an interruption in the middle of writing the second row.
    let text = std::fs::read_to_string(dir.path().join("sweep.csv")).unwrap();
    let cut = text.len() - first[2].len() / 2 - 1;
    std::fs::write(dir.path().join("sweep.csv"), &text[..cut]).unwrap();

    let out = sweep(dir.path(), "0,0.5,1");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("resuming: 1 of 3"));
    let resumed = rows(dir.path());
    assert_eq!(resumed.len(), 4, "{resumed:?}");
    assert_eq!(resumed[..3], first[..3], "the finished row is kept and the cut one redone identically");
    assert!(resumed[3].starts_with("1,1000,1,0,"), "AAA always breaks: no consensus: {}", resumed[3]);

    // A different sweep in the same folder is refused.
    let other = plenary(&[
        "sweep",
        scenario_path("scenarios/teaching/silence.ron").to_str().unwrap(),
        "--set",
        "mediator.skill=0.5",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert!(!other.status.success());
    assert!(String::from_utf8_lossy(&other.stderr).contains("other parameters"));
}

#[test]
fn a_sweep_point_equals_a_run_of_the_same_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let out = sweep(dir.path(), "0.5");
    assert!(out.status.success());
    let row = rows(dir.path())[1].clone();
    let consensus_p: f64 = row.split(',').nth(3).unwrap().parse().unwrap();

    std::fs::copy(scenario_path("scenarios/teaching/silence.ron"), dir.path().join("base.ron")).unwrap();
    std::fs::write(
        dir.path().join("variant.ron"),
        r#"Variant(extends: "base.ron", set: {"delegations.AAA.silence_break": 0.5})"#,
    )
    .unwrap();
    let run = plenary(&[
        "run",
        dir.path().join("variant.ron").to_str().unwrap(),
        "--runs",
        "1000",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(v["outcomes"]["consensus"]["p"].as_f64().unwrap(), consensus_p);
}

#[test]
fn bad_sweep_paths_and_values_are_named() {
    let path = scenario_path("scenarios/teaching/silence.ron");
    for (set, needle) in [
        ("delegations.ZZZ.vote_call=1", "ZZZ"),
        ("mediator.skil=0.5", "skil"),
        ("mediator.skill=a,b", "`a` is not a number"),
        ("mediator.skill=1.5", "mediator.skill"),
    ] {
        let out = plenary(&["sweep", path.to_str().unwrap(), "--set", set, "--runs", "10"]);
        assert!(!out.status.success(), "{set} accepted");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle) && !err.contains("panicked"), "{set}: {err}");
    }
}
