//! Shards 0/3, 1/3, 2/3 merged equal the single run; merge refuses shards of
//! another scenario and takes empty shards in any order.

use crate::util::*;

fn without_timing(bytes: &[u8]) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_slice(bytes).expect("JSON");
    v.as_object_mut().unwrap().remove("timing");
    v
}

#[test]
fn merged_shards_equal_the_unsharded_run() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = scenario_path("scenarios/wsis20.ron");
    let s = scenario.to_str().unwrap();
    // 1000 runs in 3 shards: blocks of 333, 333, 334 runs.
    let whole = plenary(&["run", s, "--runs", "1000", "--seed", "5", "--format", "json"]);
    assert!(whole.status.success());
    let mut files = Vec::new();
    for k in [2, 0, 1] {
        let f = dir.path().join(format!("shard{k}.json"));
        let shard = format!("{k}/3");
        let out = plenary(&[
            "run",
            s,
            "--runs",
            "1000",
            "--seed",
            "5",
            "--format",
            "json",
            "--shard",
            &shard,
            "--threads",
            "1",
            "--out",
            f.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&f).unwrap()).unwrap();
        assert_eq!(v["runs"], if k == 2 { 334 } else { 333 });
        files.push(f);
    }
    let mut args = vec!["merge"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    let merged = plenary(&args);
    assert!(merged.status.success(), "{}", String::from_utf8_lossy(&merged.stderr));
    let (a, b) = (without_timing(&whole.stdout), without_timing(&merged.stdout));
    assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());

    // A missing shard or a duplicate is refused.
    let two = plenary(&["merge", files[0].to_str().unwrap(), files[1].to_str().unwrap()]);
    assert!(!two.status.success());
    assert!(String::from_utf8_lossy(&two.stderr).contains("missing"));
    let dup = plenary(&[
        "merge",
        files[0].to_str().unwrap(),
        files[1].to_str().unwrap(),
        files[1].to_str().unwrap(),
        files[2].to_str().unwrap(),
    ]);
    assert!(!dup.status.success());
    let err = String::from_utf8_lossy(&dup.stderr);
    assert!(err.contains("inputs 1 and 2 are both shard"), "{err}");
    // The message says which input number is which file.
    assert!(err.contains(&format!("1: {}", files[1].display())), "{err}");
}

#[test]
fn shard_arguments_are_checked() {
    let s = scenario_path("scenarios/teaching/silence.ron");
    for shard in ["3/3", "1", "a/2", "0/0"] {
        let out = plenary(&["run", s.to_str().unwrap(), "--format", "json", "--shard", shard]);
        assert!(!out.status.success(), "{shard} accepted");
        assert!(out.stdout.is_empty(), "{shard}: output printed");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--shard") && err.contains(shard), "{shard}: {err}");
        assert!(!err.contains("panicked"), "{shard}: {err}");
    }
    let text = plenary(&["run", s.to_str().unwrap(), "--shard", "0/2"]);
    assert!(String::from_utf8_lossy(&text.stderr).contains("--format json"));
}

/// Run shard `k/n` of `scenario` with `runs` runs and seed 5 into `out`.
fn shard(scenario: &std::path::Path, k: u64, n: u64, runs: u64, out: &std::path::Path) {
    let (runs, shard) = (runs.to_string(), format!("{k}/{n}"));
    let args = [
        "run",
        scenario.to_str().unwrap(),
        "--runs",
        &runs,
        "--seed",
        "5",
        "--format",
        "json",
        "--shard",
        &shard,
        "--out",
        out.to_str().unwrap(),
    ];
    let done = plenary(&args);
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
}

fn merge(files: &[&std::path::Path]) -> std::process::Output {
    let mut args = vec!["merge"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    plenary(&args)
}

#[test]
fn shards_of_another_scenario_are_refused() {
    // The variant changes one number and keeps its base's name: the labels
    // all match, and only the scenario's digest tells the shards apart.
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.ron");
    std::fs::write(&base, scenario_text_to_copy("scenarios/wsis20.ron")).unwrap();
    let variant = dir.path().join("variant.ron");
    std::fs::write(&variant, r#"Variant(extends: "base.ron", name: "WSIS+20 endgame, December 2025", set: {"delegations.USA.vote_call": 1.0})"#)
        .unwrap();
    let f: Vec<_> = (0..3).map(|k| dir.path().join(format!("shard{k}.json"))).collect();
    shard(&base, 0, 3, 30, &f[0]);
    shard(&variant, 1, 3, 30, &f[1]);
    shard(&base, 2, 3, 30, &f[2]);
    let out = merge(&[&f[0], &f[1], &f[2]]);
    assert!(!out.status.success(), "merged shards of two scenarios");
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("shard 1 was run on another scenario than shard 0"), "{err}");
    assert!(err.contains(&format!("1: {}", f[1].display())), "{err}");

    // The same scenario from another folder (another `source`) merges.
    shard(&scenario_path("scenarios/wsis20.ron"), 1, 3, 30, &f[1]);
    let out = merge(&[&f[0], &f[1], &f[2]]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // A shard without a digest (from an older plenary) is refused.
    let mut old: serde_json::Value = serde_json::from_slice(&std::fs::read(&f[2]).unwrap()).unwrap();
    old["shard"].as_object_mut().unwrap().remove("scenario_digest").expect("a shard has a digest");
    std::fs::write(&f[2], serde_json::to_vec(&old).unwrap()).unwrap();
    let out = merge(&[&f[0], &f[1], &f[2]]);
    assert!(!out.status.success(), "merged a shard without a digest");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("shard 2 carries no scenario digest"), "{err}");
}

#[test]
fn empty_shards_merge_in_any_order() {
    // 2 runs in 4 shards: blocks 0..0, 0..1, 1..1, 1..2.
    let dir = tempfile::tempdir().unwrap();
    let scenario = scenario_path("scenarios/wsis20.ron");
    let whole =
        plenary(&["run", scenario.to_str().unwrap(), "--runs", "2", "--seed", "5", "--format", "json"]);
    assert!(whole.status.success());
    let f: Vec<_> = (0..4).map(|k| dir.path().join(format!("shard{k}.json"))).collect();
    for (k, file) in f.iter().enumerate() {
        shard(&scenario, k as u64, 4, 2, file);
    }
    for order in [[0, 1, 2, 3], [0, 1, 3, 2], [3, 2, 1, 0], [2, 3, 0, 1], [1, 0, 3, 2]] {
        let files: Vec<&std::path::Path> = order.iter().map(|&k| f[k].as_path()).collect();
        let merged = merge(&files);
        assert!(merged.status.success(), "{order:?}: {}", String::from_utf8_lossy(&merged.stderr));
        let (a, b) = (without_timing(&whole.stdout), without_timing(&merged.stdout));
        assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap(), "{order:?}");
    }
    // No shard may be given twice, empty or not.
    let out = merge(&[&f[0], &f[1], &f[3], &f[2], &f[3]]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("inputs 2 and 4 are both shard 3"));
    let out = merge(&[&f[0], &f[2], &f[1], &f[3], &f[2]]);
    assert!(!out.status.success(), "an empty shard given twice was merged");
    assert!(String::from_utf8_lossy(&out.stderr).contains("inputs 1 and 4 are both shard 2"));
}

#[test]
fn csv_prints_a_u64_max_seed_exactly() {
    let s = scenario_path("scenarios/teaching/silence.ron");
    let seed = u64::MAX.to_string();
    let out = plenary(&["run", s.to_str().unwrap(), "--runs", "3", "--seed", &seed, "--format", "csv"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert!(rows.contains(&"meta,,seed,18446744073709551615,,,,"), "{text}");
    assert!(rows.contains(&"meta,,runs,3,,,,"), "{text}");
}

/// A shard file that was edited or cut short is refused with a message
/// (a shard count of 0 divided by zero, a short tally list indexed out of
/// bounds: both panicked).
#[test]
fn malformed_shards_are_refused_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let s = scenario_path("scenarios/teaching/vote_threat.ron");
    let shard = |k: u64| -> serde_json::Value {
        let spec = format!("{k}/2");
        plenary_json(&["run", s.to_str().unwrap(), "--runs", "20", "--format", "json", "--shard", &spec])
    };
    let (zero, one) = (shard(0), shard(1));
    type Edit = fn(&mut serde_json::Value);
    let edits: [(&str, Edit); 8] = [
        ("outcomes above the runs", |v| v["tally"]["outcomes"]["consensus"] = 1_000_000.into()),
        ("a silence held more often than reached", |v| {
            let stages = v["tally"]["stages"].as_array_mut().unwrap();
            let silence = stages.iter_mut().find(|s| s["reached"].as_u64() > Some(0)).unwrap();
            silence["held"] = 1_000_000.into();
        }),
        ("a vote result counted twice", |v| {
            let results = v["tally"]["results"].as_array_mut().unwrap();
            let count = &mut results.first_mut().expect("a vote in these runs")["count"];
            *count = (count.as_u64().unwrap() + 1).into();
        }),
        ("shard count 0", |v| v["shard"]["count"] = 0.into()),
        ("shard number past the count", |v| v["shard"]["index"] = 7.into()),
        ("runs of another block", |v| v["tally"]["runs"] = 11.into()),
        ("objections cut short", |v| v["tally"]["objections"] = serde_json::json!([])),
        ("one voter's ballots missing", |v| {
            v["tally"]["ballots"].as_array_mut().unwrap().pop();
        }),
    ];
    for (what, edit) in edits {
        let mut bad = one.clone();
        edit(&mut bad);
        let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
        std::fs::write(&a, zero.to_string()).unwrap();
        std::fs::write(&b, bad.to_string()).unwrap();
        let out = plenary(&["merge", a.to_str().unwrap(), b.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{what}: {err}");
        assert!(err.contains("input 1 is not a well-formed shard"), "{what}: {err}");
        assert!(out.stdout.is_empty(), "{what}");
    }
}
