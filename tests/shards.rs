//! Shards 0/3, 1/3, 2/3 merged equal the single run.

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
    assert!(err.contains("more than one shard"), "{err}");
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
