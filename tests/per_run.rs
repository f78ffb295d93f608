//! `run --per-run FILE`: one row per run, agreeing with the run's own tally,
//! the same on any thread count and across shards, and clear refusals.

use crate::util::*;

fn rows(path: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).expect("the per-run file is CSV");
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r.records().map(|x| x.unwrap().iter().map(String::from).collect()).collect();
    (header, rows)
}

fn run_with_rows(extra: &[&str], file: &std::path::Path) -> serde_json::Value {
    let s = scenario_path("scenarios/wsis20.ron");
    let mut args = vec!["run", s.to_str().unwrap(), "--format", "json", "--per-run", file.to_str().unwrap()];
    args.extend(extra);
    plenary_json(&args)
}

#[test]
fn rows_agree_with_the_tally_of_the_same_runs() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rows.csv");
    let v = run_with_rows(&["--runs", "400", "--seed", "11"], &file);
    let s = scenario_path("scenarios/wsis20.ron");
    let plain =
        plenary_json(&["run", s.to_str().unwrap(), "--format", "json", "--runs", "400", "--seed", "11"]);
    for key in ["outcomes", "stages", "delegations", "paragraphs", "vote", "tally"] {
        assert_eq!(v[key], plain[key], "asking for rows changes no figure: {key}");
    }
    let (header, rows) = rows(&file);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("column {name}"));
    assert_eq!(rows.len(), 400);
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r[col("run")], i.to_string(), "rows are in run order");
    }
    for (key, o) in v["outcomes"].as_object().unwrap() {
        let n = rows.iter().filter(|r| r[col("outcome")] == *key).count();
        assert_eq!(n as u64, o["count"].as_u64().unwrap(), "outcome {key}");
    }
    // A negotiator listed in a row's cell did that in that run.
    let listed = |r: &Vec<String>, c: &str, id: &str| {
        r[col(c)].split(' ').any(|x| x == id || x.split_once(':').is_some_and(|(d, _)| d == id))
    };
    for d in v["delegations"].as_array().unwrap() {
        let id = d["id"].as_str().unwrap();
        for (c, field) in [
            ("broke_silence", "broke_silence"),
            ("threatened", "threatened_vote"),
            ("called_vote", "called_vote"),
            ("disassociated", "disassociated"),
        ] {
            let n = rows.iter().filter(|r| listed(r, c, id)).count();
            assert_eq!(n as u64, d[field]["count"].as_u64().unwrap(), "{id} {c}");
        }
    }
    // The vote cells are filled exactly in the runs with a vote, and their
    // mean is the report's.
    let voted: Vec<&Vec<String>> = rows.iter().filter(|r| !r[col("vote_yes")].is_empty()).collect();
    assert_eq!(voted.len() as u64, v["vote"]["called"]["count"].as_u64().unwrap());
    if !voted.is_empty() {
        let yes: f64 = voted.iter().map(|r| r[col("vote_yes")].parse::<f64>().unwrap()).sum();
        let mean = v["vote"]["yes_mean"].as_f64().unwrap();
        assert!((yes / voted.len() as f64 - mean).abs() < 1e-9, "yes mean {mean}");
    }
    for r in &rows {
        let by_vote = r[col("outcome")].ends_with("_by_vote");
        assert_eq!(by_vote, !r[col("vote_yes")].is_empty(), "run {}", r[col("run")]);
    }
}

#[test]
fn rows_are_the_same_on_any_thread_count_and_across_shards() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one.csv");
    let two = dir.path().join("two.csv");
    let common = ["--runs", "300", "--seed", "4", "--per-run-refs", "all"];
    run_with_rows(&[&common[..], &["--threads", "1"]].concat(), &one);
    run_with_rows(&[&common[..], &["--threads", "2"]].concat(), &two);
    let whole = std::fs::read(&one).unwrap();
    assert_eq!(whole, std::fs::read(&two).unwrap(), "1 and 2 threads");
    // Shard k's rows are the block of runs it ran, with their run indices.
    let mut joined = Vec::new();
    for k in 0..2 {
        let f = dir.path().join(format!("shard{k}.csv"));
        let shard = format!("{k}/2");
        run_with_rows(&[&common[..], &["--shard", &shard]].concat(), &f);
        let (_, r) = rows(&f);
        joined.extend(r);
    }
    assert_eq!(joined, rows(&one).1);
}

#[test]
fn level_columns_hold_the_final_levels_of_the_references_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let all = dir.path().join("all.csv");
    let some = dir.path().join("some.csv");
    run_with_rows(&["--runs", "50", "--per-run-refs", "all"], &all);
    let (header, every) = rows(&all);
    let levels: Vec<usize> = (0..header.len()).filter(|&i| header[i].starts_with("level:")).collect();
    let s = plenary::load(scenario_path("scenarios/wsis20.ron")).unwrap();
    let refs: usize = s.paragraphs().iter().map(|p| p.refs.len()).sum();
    assert_eq!(levels.len(), refs, "one column per reference of the draft");
    for r in &every {
        for &i in &levels {
            let x: f64 = r[i].parse().unwrap();
            assert!((0.0..=1.0).contains(&x), "{} = {x}", header[i]);
        }
    }
    // Two chosen references: their columns are those of `all`.
    let (a, b) = (&header[levels[0]], &header[*levels.last().unwrap()]);
    let list = format!("{},{}", &b["level:".len()..], &a["level:".len()..]);
    run_with_rows(&["--runs", "50", "--per-run-refs", &list], &some);
    let (h2, chosen) = rows(&some);
    assert_eq!(&h2[h2.len() - 2..], [b.clone(), a.clone()]);
    for (x, y) in every.iter().zip(&chosen) {
        assert_eq!(y[h2.len() - 2], x[*levels.last().unwrap()]);
        assert_eq!(y[h2.len() - 1], x[levels[0]]);
    }
    // Without --per-run-refs there are no level columns.
    run_with_rows(&["--runs", "5"], &some);
    assert!(!rows(&some).0.iter().any(|h| h.starts_with("level:")));
}

#[test]
fn bad_references_and_destinations_are_refused_before_any_run() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rows.csv");
    let s = scenario_path("scenarios/wsis20.ron");
    let s = s.to_str().unwrap();
    let f = file.to_str().unwrap();
    for (refs, says) in [
        ("12:gendr", "did you mean `gender`?"),
        ("999:gender", "no paragraph 999"),
        ("1:gender", "paragraph 1 has no reference to `gender`"),
        ("gender", "a reference is PARAGRAPH:ISSUE"),
        (",", "a reference is PARAGRAPH:ISSUE"),
    ] {
        let out = plenary(&["run", s, "--runs", "5", "--per-run", f, "--per-run-refs", refs]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{refs}");
        assert!(err.contains("--per-run-refs") && err.contains(says), "{refs}: {err}");
        assert!(out.stdout.is_empty() && !file.exists(), "{refs}: no output");
    }
    let missing = dir.path().join("no/such/folder/rows.csv");
    let out = plenary(&["run", s, "--runs", "5", "--per-run", missing.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--per-run"), "names the option");
    let out = plenary(&["run", s, "--runs", "5", "--per-run", s]);
    assert!(!out.status.success(), "the scenario is not overwritten");
    let out = plenary(&["run", s, "--runs", "5", "--per-run-refs", "all"]);
    assert!(!out.status.success(), "--per-run-refs needs --per-run");
    let out = plenary(&["run", s, "--runs", "3000000", "--per-run", f]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("at most 2000000 runs"), "{err}");
}
