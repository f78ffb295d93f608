//! Variants, backtest and compare, through the command line.

use plenary::Outcome;

use crate::util::*;

/// A variant file next to a copy of its base, in a temporary folder.
fn variant_dir(variant: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(scenario_path("scenarios/teaching/silence.ron"), dir.path().join("base.ron")).unwrap();
    std::fs::write(dir.path().join("variant.ron"), variant).unwrap();
    dir
}

#[test]
fn a_variant_changes_only_what_it_states() {
    // Raise every breaker's probability from 0.2 to 0.5: silence then holds
    // with probability 0.5^4.
    let dir = variant_dir(
        r#"// a variant
        Variant(
            extends: "base.ron",
            name: "More breakers",
            set: {
                "delegations.AAA.silence_break": 0.5,
                "delegations.BBB.silence_break": 0.5,
                "delegations.CCC.behaviour.silence_break": 0.5,
                "delegations.DDD.silence_break": 0.5,
            },
        )"#,
    );
    let s = plenary::scenario::load(dir.path().join("variant.ron")).unwrap();
    assert_eq!(s.name(), "More breakers");
    assert_eq!(s.negotiators().len(), 5);
    assert!(s.negotiators()[..4].iter().all(|n| n.behaviour.silence_break == 0.5));
    let b = batch(&s, 20_000, 4);
    assert_in_99(b.tally.outcomes[Outcome::Consensus], 20_000, 0.5f64.powi(4), "variant silence");
}

#[test]
fn a_variant_with_a_bad_path_names_it() {
    let dir = variant_dir(r#"Variant(extends: "base.ron", set: {"delegations.ZZZ.vote_call": 1.0})"#);
    let out = plenary(&["check", dir.path().join("variant.ron").to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("variant.ron") && err.contains("delegations.ZZZ.vote_call") && err.contains("ZZZ"),
        "{err}"
    );
    let dir = variant_dir(r#"Variant(extends: "missing.ron")"#);
    let out = plenary(&["check", dir.path().join("variant.ron").to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.ron"));
}

/// A variant without a name is called by its file's name, not its base's,
/// so that two outputs are not labelled alike; a name it gives wins.
#[test]
fn a_variant_without_a_name_is_called_by_its_file() {
    let name_of = |dir: &tempfile::TempDir| -> String {
        let variant = dir.path().join("variant.ron");
        let json = plenary_json(&["run", variant.to_str().unwrap(), "--runs", "10", "--format", "json"]);
        json["scenario"].as_str().unwrap().to_string()
    };
    let unnamed = variant_dir(r#"Variant(extends: "base.ron", set: {"delegations.AAA.silence_break": 0.5})"#);
    assert_eq!(name_of(&unnamed), "variant");
    let named = variant_dir(r#"Variant(extends: "base.ron", name: "AAA breaks more")"#);
    assert_eq!(name_of(&named), "AAA breaks more");
}

/// `extends` is relative to the variant's folder, not to where the command
/// runs: a base that is not there is reported with that folder, at the
/// line and column of `extends`.
#[test]
fn a_missing_base_names_the_folder_it_was_looked_for_in() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("variants")).unwrap();
    let text = "// a variant whose base is one folder up\nVariant(\n    extends: \"../nothere.ron\",\n)\n";
    std::fs::write(dir.path().join("variants/v.ron"), text).unwrap();
    let out = plenary(&["check", dir.path().join("variants/v.ron").to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let folder = std::fs::canonicalize(dir.path()).unwrap();
    for needed in
        ["v.ron", "3:14: extends", "cannot read `nothere.ron` in the folder", &folder.display().to_string()]
    {
        assert!(err.contains(needed), "expected `{needed}` in:\n{err}");
    }
}

/// A value of the wrong type, or the removal of a field without a default,
/// is reported at the path the variant gave, and a good change beside it is
/// not blamed.
#[test]
fn a_variant_value_of_the_wrong_type_names_its_path() {
    let dir = variant_dir(
        r#"Variant(extends: "base.ron", set: {"mediator.skill": "high", "delegations.AAA.silence_break": 0.5})"#,
    );
    let out = plenary(&["check", dir.path().join("variant.ron").to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("1 problem") && err.contains("set[mediator.skill]") && err.contains("a number"),
        "{err}"
    );
    // The same for a field that cannot be removed.
    let dir = variant_dir(r#"Variant(extends: "base.ron", remove: ["president", "mediator"])"#);
    let out = plenary(&["check", dir.path().join("variant.ron").to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("1 problem") && err.contains("remove[1] `mediator`") && err.contains("default"),
        "{err}"
    );
}

#[test]
fn compare_of_a_scenario_with_itself_differs_by_nothing() {
    let path = scenario_path("scenarios/teaching/silence.ron");
    let p = path.to_str().unwrap();
    let v = plenary_json(&["compare", p, p, "--runs", "2000", "--format", "json"]);
    for o in v["variants"][0]["outcomes"].as_array().unwrap() {
        assert_eq!(o["difference"], 0.0);
        assert_eq!(o["base"], o["variant"]);
    }
}

#[test]
fn compare_finds_the_closed_form_difference() {
    let dir = variant_dir(r#"Variant(extends: "base.ron", set: {"delegations.AAA.silence_break": 1.0})"#);
    let v = plenary_json(&[
        "compare",
        dir.path().join("base.ron").to_str().unwrap(),
        dir.path().join("variant.ron").to_str().unwrap(),
        "--runs",
        "20000",
        "--format",
        "json",
    ]);
    let consensus = &v["variants"][0]["outcomes"][0];
    assert_eq!(consensus["outcome"], "consensus");
    // AAA always breaks: P(consensus) drops from 0.8^4 to 0.
    let expected = -(0.8f64.powi(4));
    let ci = &consensus["difference_ci95"];
    let (lo, hi) = (ci[0].as_f64().unwrap(), ci[1].as_f64().unwrap());
    // a 95% interval misses 1 time in 20; widen to 99% (x 2.576 / 1.96)
    let (mid, half) = ((lo + hi) / 2.0, (hi - lo) / 2.0 * Z99 / 1.959964);
    assert!((mid - expected).abs() <= half, "{expected} outside {mid} +- {half}");
    assert_eq!(consensus["variant"]["count"], 0);
}

#[test]
fn backtest_reports_each_marker_and_the_joint_share() {
    let path = scenario_path("scenarios/wsis20.ron");
    let v = plenary_json(&["backtest", path.to_str().unwrap(), "--runs", "1000", "--format", "json"]);
    let markers = v["markers"].as_array().unwrap();
    assert!(markers.len() >= 5);
    let joint = v["joint_share"].as_f64().unwrap();
    assert_eq!(joint, v["joint_count"].as_f64().unwrap() / 1000.0);
    // Each interval is the Wilson interval of its own count.
    let wilson = |count: &serde_json::Value| {
        let (lo, hi) = plenary::analysis::wilson(count.as_u64().unwrap(), 1000, 1.959_963_984_540_054);
        serde_json::json!([lo, hi])
    };
    assert_eq!(v["joint_ci95"], wilson(&v["joint_count"]));
    for m in markers {
        let share = m["share"].as_f64().unwrap();
        assert!(m["name"].is_string());
        assert_eq!(share, m["count"].as_f64().unwrap() / 1000.0, "{}", m["name"]);
        assert_eq!(m["ci95"], wilson(&m["count"]), "{}", m["name"]);
        assert!(joint <= share, "the joint share cannot exceed a marker's share");
    }
    // The same batch through `run`: the marker "the US threatens a vote" is
    // the share of runs in which the US threatened, and the marker "consensus
    // with the US, Russia and Iran disassociating" cannot be more frequent
    // than consensus or than any one of those disassociations.
    let run = plenary_json(&["run", path.to_str().unwrap(), "--runs", "1000", "--format", "json"]);
    let delegation =
        |id: &str| run["delegations"].as_array().unwrap().iter().find(|d| d["id"] == id).unwrap();
    let marker = |start: &str| {
        let m = markers.iter().find(|m| m["name"].as_str().unwrap().starts_with(start));
        m.unwrap_or_else(|| panic!("no marker `{start}...`"))["share"].as_f64().unwrap()
    };
    assert_eq!(marker("The US threatens"), delegation("USA")["threatened_vote_p"].as_f64().unwrap());
    let consensus_marker = marker("Consensus, with");
    assert!(consensus_marker <= run["outcomes"]["consensus"]["p"].as_f64().unwrap());
    for id in ["USA", "RUS", "IRN"] {
        assert!(consensus_marker <= delegation(id)["disassociated_p"].as_f64().unwrap(), "{id}");
    }
    let no_markers =
        plenary(&["backtest", scenario_path("scenarios/teaching/silence.ron").to_str().unwrap()]);
    assert!(!no_markers.status.success());
    assert!(String::from_utf8_lossy(&no_markers.stderr).contains("no `markers`"));
}

/// Explain: when one red line is the only obstacle to consensus, dropping it
/// raises P(consensus) (positive difference, interval above zero) and it
/// tops the list; a red line that never binds changes nothing.
#[test]
fn explain_finds_the_only_obstacle() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("obstacle.ron");
    std::fs::write(
        &path,
        r#"Scenario(
            name: "one obstacle",
            issues: [(id: "gender"), (id: "finance")],
            paragraphs: (count: 3, refs: [(paragraphs: [2], levels: {"gender": 0.8})]),
            delegations: [
                (id: "EU", stances: {"gender": (ideal: 0.8, salience: 1.0)},
                 red_lines: [AtLeast(issue: "finance", level: 0.5)]),
                (id: "USA", stances: {"gender": (ideal: 0.0, salience: 0.2)},
                 red_lines: [AtMost(issue: "gender", level: 0.0, firmness: 0.6)],
                 behaviour: (vote_call: 0.5, tolerance: 0.5)),
            ],
            mediator: (skill: 1.0, step: 0.5),
            calendar: [(name: "plenary", kind: Plenary)],
        )"#,
    )
    .unwrap();
    let v = plenary_json(&["explain", path.to_str().unwrap(), "--runs", "4000", "--format", "json"]);
    // P(consensus) = 1 - firmness * vote_call = 0.7.
    let base = v["consensus"]["count"].as_u64().unwrap();
    assert_in_99(base, 4000, 1.0 - 0.6 * 0.5, "baseline consensus");
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows[0]["delegation"], "USA");
    let (d, lo) = (rows[0]["difference"].as_f64().unwrap(), rows[0]["difference_ci95"][0].as_f64().unwrap());
    assert!(d > 0.0 && lo > 0.0, "dropping the US red line must raise consensus: {d} (lo {lo})");
    assert_eq!(rows[0]["consensus"]["count"], 4000, "without it nobody can call a vote");
    let eu = rows.iter().find(|r| r["delegation"] == "EU").expect("an EU row");
    // The EU's red line is on an issue the text does not touch, so it never
    // binds against anything, and its draw is kept when it is dropped: no
    // run changes at all.
    assert_eq!(eu["difference"].as_f64(), Some(0.0), "{eu}");
    let (lo, hi) = (eu["difference_ci95"][0].as_f64().unwrap(), eu["difference_ci95"][1].as_f64().unwrap());
    assert!(lo < 0.0 && 0.0 < hi, "EU: [{lo}, {hi}] should contain 0");
}

/// Issue 3's target for the bundled scenario: history is a typical run. Each
/// marker holds in at least half of the runs and all of them together in at
/// least one run in five (checked on the lower ends of the 95% intervals).
#[test]
fn wsis20_reproduces_history_as_a_typical_run() {
    let path = scenario_path("scenarios/wsis20.ron");
    let v = plenary_json(&["backtest", path.to_str().unwrap(), "--runs", "4000", "--format", "json"]);
    for m in v["markers"].as_array().unwrap() {
        let lo = m["ci95"][0].as_f64().unwrap();
        assert!(lo >= 0.5, "{}: share {} (interval from {lo})", m["name"], m["share"]);
    }
    let joint_lo = v["joint_ci95"][0].as_f64().unwrap();
    assert!(joint_lo >= 0.2, "joint share {} (interval from {joint_lo})", v["joint_share"]);
}

#[test]
fn compare_notes_a_scenario_with_another_roster_but_not_a_variant() {
    let out = plenary(&[
        "compare",
        scenario_path("scenarios/wsis20.ron").to_str().unwrap(),
        scenario_path("scenarios/wsis20/no_pga.ron").to_str().unwrap(),
        scenario_path("scenarios/teaching/package.ron").to_str().unwrap(),
        "--runs",
        "50",
        "--format",
        "json",
    ]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let notes: Vec<&str> = stderr.lines().filter(|l| l.starts_with("note:")).collect();
    assert_eq!(notes.len(), 1, "one note, for package.ron only: {stderr}");
    assert!(notes[0].contains("package.ron differs from the base"), "{stderr}");
    // The report itself is complete and unchanged by the note.
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["variants"].as_array().unwrap().len(), 2);
}

#[test]
fn structure_differences_are_all_named_roster_first() {
    let base = plenary::scenario::load(scenario_path("scenarios/teaching/standoff.ron")).unwrap();
    assert!(base.differs_in_structure(&base.clone()).is_empty());
    let variant = |set: &str| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(scenario_path("scenarios/teaching/standoff.ron"), dir.path().join("base.ron")).unwrap();
        std::fs::write(dir.path().join("v.ron"), format!("Variant(extends: \"base.ron\", {set})")).unwrap();
        plenary::scenario::load(dir.path().join("v.ron")).unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(base.differs_in_structure(&variant("set: {\"paragraphs.count\": 6}")), ["paragraphs"]);
    let no_eee = variant("remove: [\"delegations.EEE\"]");
    assert_eq!(base.differs_in_structure(&no_eee), ["roster"]);
}

#[test]
fn explain_bars_line_up_whatever_the_length_of_a_red_line() {
    // This variant has red lines whose descriptions are longer than the
    // usual column (igf_governmental_track ≥ 0.50).
    let out = plenary(&[
        "explain",
        scenario_path("scenarios/wsis20/igf_governmental_track.ron").to_str().unwrap(),
        "--runs",
        "100",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    // In characters: `≥` takes one column and three bytes.
    let bars: Vec<usize> = text.lines().filter_map(|l| l.chars().position(|c| c == '|')).collect();
    assert!(bars.len() > 10, "too few rows: {text}");
    assert!(text.contains("igf_governmental_track ≥ "), "no long red line: {text}");
    assert!(bars.iter().all(|&b| b == bars[0]), "bars do not line up:\n{text}");
}

/// `explain` pairs its runs: dropping a red line leaves every other draw of
/// the run where it was. A line that can never bind (firmness 0) changes
/// nothing, so dropping it must change no run at all, even though it comes
/// before other lines whose draws would shift if its number were not taken.
#[test]
fn explain_dropping_a_line_that_never_binds_changes_no_run() {
    let text = std::fs::read_to_string(scenario_path("scenarios/teaching/standoff.ron")).unwrap();
    let inert = text.replacen(
        r#"red_lines: [AtLeast(issue: "finance", level: 0.6, firmness: 1.0)]"#,
        r#"red_lines: [AtMost(issue: "finance", level: 1.0, firmness: 0.0), AtLeast(issue: "finance", level: 0.6, firmness: 1.0)]"#,
        1,
    );
    assert_ne!(inert, text, "the red line to copy was not found");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("inert.ron");
    std::fs::write(&path, inert).unwrap();
    let v = plenary_json(&["explain", path.to_str().unwrap(), "--runs", "2000", "--format", "json"]);
    let rows = v["rows"].as_array().unwrap();
    let row = rows
        .iter()
        .find(|r| r["dropped"].as_str().unwrap().starts_with("AtMost(finance, 1.00)"))
        .unwrap_or_else(|| panic!("no row for the inert line: {rows:?}"));
    assert_eq!(row["difference"].as_f64().unwrap(), 0.0, "{row}");
    // With no run changed, the interval is the score interval of a table
    // without disagreements: +- z^2 / (n + z^2), a fifth of a point here.
    let z2 = plenary::analysis::Z95.powi(2);
    let ci = &row["difference_ci95"];
    let half = z2 / (2000.0 + z2);
    assert!(
        (ci[0].as_f64().unwrap() + half).abs() < 1e-9 && (ci[1].as_f64().unwrap() - half).abs() < 1e-9,
        "{row}"
    );
}
