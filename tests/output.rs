//! Where results go: `--out` replaces a regular file atomically, writes
//! through a symbolic link and into a FIFO, and a destination that cannot
//! exist is refused before any simulation.

use std::os::unix::fs::FileTypeExt;

use crate::util::*;

fn wsis20() -> String {
    scenario_path("scenarios/wsis20.ron").to_str().unwrap().to_string()
}

#[test]
fn a_symlink_is_written_through_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("target.json");
    std::fs::write(&target, "old").unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink("target.json", &link).unwrap();
    let out =
        plenary(&["run", &wsis20(), "--runs", "20", "--format", "json", "--out", link.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link was replaced");
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(written["runs"], 20);
    // A link to a file that does not exist yet creates that file.
    let dangling = dir.path().join("dangling.json");
    std::os::unix::fs::symlink("new.json", &dangling).unwrap();
    let out =
        plenary(&["run", &wsis20(), "--runs", "20", "--format", "json", "--out", dangling.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read_to_string(dir.path().join("new.json")).unwrap().contains("\"runs\": 20"));
}

#[test]
fn a_fifo_receives_the_output_and_stays_a_fifo() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let out =
        plenary(&["run", &wsis20(), "--runs", "20", "--format", "json", "--out", fifo.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo(), "the FIFO was replaced by a file");
    let received = reader.join().unwrap();
    let v: serde_json::Value = serde_json::from_str(&received).unwrap();
    assert_eq!(v["runs"], 20);
}

const MINUTE: std::time::Duration = std::time::Duration::from_secs(60);

#[test]
fn a_missing_folder_is_refused_before_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing").join("out.json");
    // A billion runs would take hours: only an early check returns at once,
    // and a late one fails the test after a minute instead of hanging it.
    for args in [
        vec!["run", &wsis20(), "--runs", "1000000000", "--out", missing.to_str().unwrap()],
        vec![
            "run",
            &wsis20(),
            "--runs",
            "1000000000",
            "--shard",
            "0/2",
            "--format",
            "json",
            "--out",
            missing.to_str().unwrap(),
        ],
    ] {
        let out = plenary_within(&args, MINUTE);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert!(err.contains("does not exist") && err.contains("missing"), "{err}");
    }
    // A path ending in a slash names a folder, existing or not.
    for folder in [format!("{}/", dir.path().display()), format!("{}/new/", dir.path().display())] {
        let out = plenary_within(&["run", &wsis20(), "--runs", "1000000000", "--out", &folder], MINUTE);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert!(err.contains("is a folder, not a file"), "{err}");
    }
    // merge checks it before reading the shards (which do not exist either).
    let out = plenary(&["merge", "/nonexistent/shard.json", "--out", missing.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("does not exist") && err.contains("missing"), "{err}");
}

/// A full (or closed) stderr is no reason to panic: notes are dropped, an
/// error still exits 1, and the results still reach stdout.
#[test]
fn a_full_stderr_does_not_panic() {
    let full = || std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_plenary")).args(args).stderr(full()).output().unwrap()
    };
    let failed = run(&["run", "/nonexistent/scenario.ron"]);
    assert_eq!(failed.status.code(), Some(1));
    // --until-ci that cannot be reached prints a note on stderr.
    let s = scenario_path("scenarios/teaching/silence.ron");
    let noted =
        run(&["run", s.to_str().unwrap(), "--runs", "100", "--until-ci", "0.001", "--format", "json"]);
    assert_eq!(noted.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&noted.stdout).unwrap();
    assert_eq!(v["runs"], 100);
}

/// `--out` naming the scenario, a file it extends (through a link, too) or a
/// shard to merge is refused, and the file is left as it was.
#[test]
fn an_input_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.ron");
    std::fs::copy(scenario_path("scenarios/teaching/standoff.ron"), &base).unwrap();
    let variant = dir.path().join("variant.ron");
    std::fs::write(&variant, "Variant(extends: \"base.ron\", set: {\"mediator.skill\": 0.5})\n").unwrap();
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink("base.ron", &link).unwrap();
    let before = std::fs::read(&base).unwrap();
    let (b, v, l) = (base.to_str().unwrap(), variant.to_str().unwrap(), link.to_str().unwrap());
    for args in [
        vec!["run", b, "--runs", "10", "--out", b],
        vec!["run", v, "--runs", "10", "--out", b],
        vec!["run", v, "--runs", "10", "--out", l],
        vec!["report", v, "--runs", "10", "--explain-runs", "0", "--out", b],
    ] {
        let out = plenary(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?}");
        assert!(err.contains("that is the input") && err.contains("base.ron"), "{err}");
    }
    assert_eq!(std::fs::read(&base).unwrap(), before);
    let shard = dir.path().join("shard.json");
    let s = shard.to_str().unwrap();
    let out = plenary(&["run", b, "--runs", "10", "--format", "json", "--shard", "0/1", "--out", s]);
    assert!(out.status.success());
    let shard_text = std::fs::read(&shard).unwrap();
    let out = plenary(&["merge", s, "--out", s]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("that is the input"));
    assert_eq!(std::fs::read(&shard).unwrap(), shard_text);
}
