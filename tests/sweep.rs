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

/// A field that holds a whole number (a bloc's anonymous members) can be
/// swept: the point at the file's own value equals a plain run, and fewer
/// members of the bloc that wants the text change the vote.
#[test]
fn a_whole_number_field_can_be_swept() {
    let path = scenario_path("scenarios/teaching/vote_threat.ron");
    let out =
        plenary(&["sweep", path.to_str().unwrap(), "--set", "blocs.NOR.anonymous=5,9", "--runs", "500"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<Vec<f64>> =
        text.lines().skip(1).map(|l| l.split(',').map(|v| v.parse().unwrap()).collect()).collect();
    assert_eq!(rows.len(), 2);
    let run = plenary(&["run", path.to_str().unwrap(), "--runs", "500", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    // Columns: value, runs, seed, then p, lo, hi for each outcome.
    for (k, outcome) in ["consensus", "adopted_by_vote", "rejected_by_vote", "no_text"].iter().enumerate() {
        assert_eq!(rows[1][3 + 3 * k], v["outcomes"][outcome]["p"].as_f64().unwrap(), "{outcome}");
    }
    assert!(rows[0][6] < rows[1][6], "fewer NOR voters should pass the text less often: {rows:?}");

    // An optional count the file leaves unset can be swept too: with 0
    // challenges AAA's breaks leave the text clean, so consensus is likelier.
    let path = scenario_path("scenarios/teaching/silence.ron");
    let set = "delegations.AAA.max_challenges=0,1";
    let out = plenary(&["sweep", path.to_str().unwrap(), "--set", set, "--runs", "2000"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let consensus: Vec<f64> =
        text.lines().skip(1).map(|l| l.split(',').nth(3).unwrap().parse().unwrap()).collect();
    assert!(consensus.len() == 2 && consensus[0] > consensus[1], "{consensus:?}");
}

/// A bad value anywhere in the grid stops the sweep before its first row.
#[test]
fn a_bad_grid_point_stops_the_sweep_before_any_row() {
    let path = scenario_path("scenarios/teaching/silence.ron");
    for (set, needle) in [
        ("mediator.skill=0.5,1.5", "mediator.skill=1.5"),
        ("mediator.skill=0.5,NaN", "`NaN` is not a finite number"),
        ("paragraphs.count=5,2.5", "expected a whole number"),
        ("delegations.AAA.max_challenges=1,2.5", "max_challenges"),
    ] {
        let out = plenary(&["sweep", path.to_str().unwrap(), "--set", set, "--runs", "10"]);
        assert!(!out.status.success(), "{set} accepted");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{set}: {err}");
        assert!(out.stdout.is_empty(), "{set}: rows were written: {}", String::from_utf8_lossy(&out.stdout));
    }
}

/// A path with a comma (a delegation renamed `Atlantis, Kingdom of`) is quoted
/// in the header as in the rows: the sweep reads its CSV back for the chart,
/// and a rerun resumes instead of calling it a sweep of other parameters.
#[test]
fn a_path_with_a_comma_is_quoted_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(scenario_path("scenarios/teaching/silence.ron"), dir.path().join("base.ron")).unwrap();
    std::fs::write(
        dir.path().join("variant.ron"),
        r#"Variant(extends: "base.ron", set: {"delegations.AAA.name": "Atlantis, Kingdom of"})"#,
    )
    .unwrap();
    let out_dir = dir.path().join("out");
    let variant = dir.path().join("variant.ron");
    let run = || {
        plenary(&[
            "sweep",
            variant.to_str().unwrap(),
            "--set",
            "delegations.Atlantis, Kingdom of.silence_break=0.2,0.8",
            "--runs",
            "50",
            "--out",
            out_dir.to_str().unwrap(),
        ])
    };
    let out = run();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out_dir.join("sweep.svg").exists());
    let first = rows(&out_dir);
    assert_eq!(first.len(), 3, "{first:?}");
    assert!(first[0].starts_with("\"delegations.Atlantis, Kingdom of.silence_break\",runs,"), "{}", first[0]);
    let mut reader = csv::Reader::from_path(out_dir.join("sweep.csv")).unwrap();
    let width = reader.headers().unwrap().len();
    for row in reader.records() {
        assert_eq!(row.unwrap().len(), width);
    }

    let again = run();
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    assert!(String::from_utf8_lossy(&again.stderr).contains("resuming: 2 of 2"));
    assert_eq!(rows(&out_dir), first);
}

/// One field swept twice, by the same path or by two paths that reach it, is
/// refused before any run: the row would show both values and only the last
/// would apply.
#[test]
fn the_same_field_twice_is_refused_before_any_run() {
    let path = scenario_path("scenarios/teaching/silence.ron");
    for (a, b, needle) in [
        ("mediator.skill=0.2", "mediator.skill=0.9", "--set mediator.skill: this path is given twice"),
        (
            "delegations.AAA.silence_break=0.2",
            "delegations.AAA.behaviour.silence_break=0.9",
            "both paths reach the same field",
        ),
        (
            "delegations.AAA.silence_break=0.2",
            "delegations.Atlantis.silence_break=0.9",
            "delegations.Atlantis",
        ),
    ] {
        let out = plenary(&["sweep", path.to_str().unwrap(), "--set", a, "--set", b, "--runs", "10"]);
        assert!(!out.status.success(), "{a} {b} accepted");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{a} {b}: {err}");
        assert!(out.stdout.is_empty(), "{a} {b}: rows were written");
    }
    // Two fields of the same kind in different delegations are a grid.
    let out = plenary(&[
        "sweep",
        path.to_str().unwrap(),
        "--set",
        "delegations.AAA.silence_break=0.2",
        "--set",
        "delegations.BBB.silence_break=0.2",
        "--runs",
        "10",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// A value given twice in one list, or two values equal as numbers, would run
/// the point twice and write duplicate rows: refused, naming path and value.
#[test]
fn a_value_given_twice_is_refused_before_any_run() {
    let path = scenario_path("scenarios/teaching/silence.ron");
    for (set, needle) in [
        ("mediator.skill=0.5,0.5", "--set mediator.skill: the value 0.5 is given twice"),
        ("mediator.skill=0.5,0.50", "the value 0.5 is given twice (as `0.5` and `0.50`)"),
        ("mediator.skill=0,1,-0", "the value 0 is given twice (as `0` and `-0`)"),
    ] {
        let out = plenary(&["sweep", path.to_str().unwrap(), "--set", set, "--runs", "10"]);
        assert!(!out.status.success(), "{set} accepted");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{set}: {err}");
        assert!(out.stdout.is_empty(), "{set}: rows were written");
    }
    // A lone -0 is written as 0.
    let out = plenary(&["sweep", path.to_str().unwrap(), "--set", "mediator.skill=-0", "--runs", "10"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).lines().nth(1).unwrap().starts_with("0,10,"));
}

#[test]
fn an_out_path_that_is_a_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("afile");
    std::fs::write(&file, "keep me").unwrap();
    let out = sweep(&file, "0.5");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("afile: is a file, not a folder"), "{err}");
    assert!(!err.contains("done:"), "a point ran: {err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
}

#[test]
fn a_folder_of_one_scenario_is_not_resumed_with_another() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sweep");
    let sweep = |scenario: &str| {
        plenary(&[
            "sweep",
            scenario_path(scenario).to_str().unwrap(),
            "--set",
            "mediator.skill=0.2,0.4",
            "--runs",
            "30",
            "--out",
            out.to_str().unwrap(),
        ])
    };
    assert!(sweep("scenarios/teaching/silence.ron").status.success());
    let rows = std::fs::read_to_string(out.join("sweep.csv")).unwrap();
    // The same scenario resumes; another is refused, and the rows stay as they were.
    assert!(sweep("scenarios/teaching/silence.ron").status.success());
    let other = sweep("scenarios/teaching/standoff.ron");
    let err = String::from_utf8_lossy(&other.stderr);
    assert!(!other.status.success());
    assert!(err.contains("holds a sweep of another scenario"), "{err}");
    assert_eq!(std::fs::read_to_string(out.join("sweep.csv")).unwrap(), rows);
    // A folder made before the digest file existed is resumed as it is.
    std::fs::remove_file(out.join("scenario.sha256")).unwrap();
    assert!(sweep("scenarios/teaching/silence.ron").status.success());
}

/// Found by the sweep_resume fuzz target: a sweep.csv whose row is at a
/// point the grid does not have (or repeats a point) was resumed, and the
/// stray row charted and counted as finished. Both are refused untouched.
#[test]
fn a_row_off_the_grid_or_repeated_is_refused_on_resume() {
    let dir = tempfile::tempdir().unwrap();
    let out = sweep(dir.path(), "0,0.5");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = dir.path().join("sweep.csv");
    let first = rows(dir.path());
    let off_grid = format!("{}\n{}\n{}\n", first[0], first[1], first[2].replacen("0.5,", "0.25,", 1));
    let repeated = format!("{}\n{}\n{}\n", first[0], first[1], first[1]);
    for (text, said) in [
        (
            off_grid,
            "row 3 is at delegations.AAA.silence_break=0.25, which is not a value this sweep gives it",
        ),
        (repeated, "row 3 repeats the point of row 2"),
    ] {
        std::fs::write(&csv, &text).unwrap();
        let out = sweep(dir.path(), "0,0.5");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "accepted:\n{text}");
        assert!(stderr.contains(said) && stderr.contains("sweep.csv"), "{stderr}");
        assert_eq!(std::fs::read_to_string(&csv).unwrap(), text, "the file was changed");
    }
}
