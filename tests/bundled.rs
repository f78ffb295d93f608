//! The bundled scenarios load, and their outputs keep the contract.

use crate::util::*;

#[test]
fn every_bundled_scenario_checks() {
    let files = bundled_scenarios();
    assert!(files.len() >= 13, "wsis20, six teaching scenarios and six variants: {files:?}");
    for f in files {
        let out = plenary(&["check", f.to_str().unwrap()]);
        assert!(out.status.success(), "{}: {}", f.display(), String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn wsis20_has_the_general_assembly_and_the_text() {
    let out =
        plenary(&["check", scenario_path("scenarios/wsis20.ron").to_str().unwrap(), "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["member_states"], 193);
    assert_eq!(v["paragraphs"], 127);
    for key in ["delegations", "blocs", "issues", "stages"] {
        assert!(v.get(key).is_some(), "check JSON lacks {key}");
    }
}

/// The JSON contract of `run --format json` (issue 2, point 5).
#[test]
fn run_json_keeps_the_contract() {
    let path = scenario_path("scenarios/wsis20.ron");
    let v =
        plenary_json(&["run", path.to_str().unwrap(), "--runs", "500", "--seed", "1", "--format", "json"]);
    for key in
        ["scenario", "seed", "runs", "outcomes", "stages", "delegations", "paragraphs", "vote", "timing"]
    {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let mut total = 0;
    for key in ["consensus", "adopted_by_vote", "rejected_by_vote", "no_text"] {
        let o = &v["outcomes"][key];
        total += o["count"].as_u64().unwrap();
        let (p, lo, hi) =
            (o["p"].as_f64().unwrap(), o["ci95"][0].as_f64().unwrap(), o["ci95"][1].as_f64().unwrap());
        assert!(lo <= p && p <= hi, "{key}: {p} outside [{lo}, {hi}]");
    }
    assert_eq!(total, 500, "outcome counts add up to the runs");
    let stages = v["stages"].as_array().unwrap();
    assert_eq!(stages.len(), 8);
    for s in stages {
        assert!(s["name"].is_string() && s["kind"].is_string());
        if s["kind"] == "silence" {
            for key in ["held", "breakers_mean", "challenged_mean"] {
                assert!(s.get(key).is_some(), "silence stage lacks {key}");
            }
            assert!(s["held"]["ci95"].is_array());
        }
    }
    for d in v["delegations"].as_array().unwrap() {
        for key in ["id", "broke_silence_p", "called_vote_p", "disassociated_p"] {
            assert!(d.get(key).is_some(), "delegation lacks {key}");
        }
    }
    let paragraphs = v["paragraphs"].as_array().unwrap();
    assert_eq!(paragraphs.len(), 127);
    for key in ["number", "bracketed_p", "challenged_p", "deleted_p"] {
        assert!(paragraphs[0].get(key).is_some(), "paragraph lacks {key}");
    }
    for key in ["called", "yes_mean", "no_mean", "abstain_mean"] {
        assert!(v["vote"].get(key).is_some(), "vote lacks {key}");
    }
    for key in ["elapsed_s", "runs_per_s", "threads"] {
        assert!(v["timing"].get(key).is_some(), "timing lacks {key}");
    }
}

/// `--out` writes the CSV to the file and nothing else, and the CSV carries
/// the same figures as the JSON report of the same batch.
#[test]
fn out_file_csv_matches_the_json_report() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("result.csv");
    let path = scenario_path("scenarios/teaching/silence.ron");
    let out = plenary(&[
        "run",
        path.to_str().unwrap(),
        "--runs",
        "200",
        "--format",
        "csv",
        "--out",
        out_path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    let mut reader = csv::Reader::from_path(&out_path).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let value = |section: &str, id: &str, metric: &str, column: usize| -> f64 {
        let row = rows.iter().find(|r| &r[0] == section && &r[1] == id && &r[2] == metric);
        row.unwrap_or_else(|| panic!("no row {section},{id},{metric}"))[column].parse().unwrap()
    };
    let json = plenary_json(&["run", path.to_str().unwrap(), "--runs", "200", "--format", "json"]);
    assert_eq!(value("meta", "", "runs", 3), 200.0);
    for key in ["consensus", "adopted_by_vote", "rejected_by_vote", "no_text"] {
        let o = &json["outcomes"][key];
        assert_eq!(value("outcome", key, "p", 3), o["p"].as_f64().unwrap(), "{key}");
        assert_eq!(value("outcome", key, "p", 4), o["ci95"][0].as_f64().unwrap(), "{key}");
        assert_eq!(value("outcome", key, "p", 5), o["ci95"][1].as_f64().unwrap(), "{key}");
    }
    let delegations = json["delegations"].as_array().unwrap();
    assert!(delegations.len() >= 4);
    for d in delegations {
        let id = d["id"].as_str().unwrap();
        for metric in ["broke_silence_p", "threatened_vote_p", "called_vote_p", "disassociated_p"] {
            assert_eq!(value("delegation", id, metric, 3), d[metric].as_f64().unwrap(), "{id} {metric}");
        }
    }
    let stage = &json["stages"][0];
    let name = stage["name"].as_str().unwrap();
    assert_eq!(value("stage", name, "held_p", 3), stage["held"]["p"].as_f64().unwrap());
    assert_eq!(value("stage", name, "breakers_mean", 3), stage["breakers_mean"].as_f64().unwrap());
    // nothing but the result is left in the folder
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

/// Issue 3: neither removing the PGA nor a US vote call raises P(consensus).
#[test]
fn no_pga_and_us_calls_vote_do_not_raise_consensus() {
    let base = scenario_path("scenarios/wsis20.ron");
    let no_pga = scenario_path("scenarios/wsis20/no_pga.ron");
    let vote = scenario_path("scenarios/wsis20/us_calls_vote.ron");
    let v = plenary_json(&[
        "compare",
        base.to_str().unwrap(),
        no_pga.to_str().unwrap(),
        vote.to_str().unwrap(),
        "--runs",
        "3000",
        "--format",
        "json",
    ]);
    for variant in v["variants"].as_array().unwrap() {
        let consensus = &variant["outcomes"][0];
        assert_eq!(consensus["outcome"], "consensus");
        let lo = consensus["difference_ci95"][0].as_f64().unwrap();
        assert!(lo <= 0.0, "{}: P(consensus) significantly above the baseline", variant["scenario"]);
    }
    // The US calls a vote in every run: no run can end in consensus.
    assert_eq!(v["variants"][1]["outcomes"][0]["variant"]["count"], 0);
}
