//! What fuzzing and hand tests found the merge and the sweep mishandling
//! (issues 20 and 23): shards whose sums overflow, a sweep resumed into a
//! folder of another sweep, a stale chart, a grid checked in silence, an
//! `--out` folder that cannot be written. Each is refused before anything
//! is written (or the folder is left consistent), with a message that names
//! the file and what is wrong. The reproducers are in tests/fixtures/fuzz/.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::util::*;

fn fixture(name: &str) -> PathBuf {
    scenario_path("tests/fixtures/fuzz").join(name)
}

/// Every file under `dir` (relative path, bytes), sorted: the folder's
/// content, to compare byte for byte.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_path_buf();
                files.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

/// Issue 20: two shards whose yes-vote sums (2^63 each) overflow when added
/// were merged into a wrapped number. The reproducers, converted from the
/// tally's old positional arrays to its labelled objects (docs/JSON.md),
/// are refused: the error names the shard's input and file and the field,
/// the exit code is 1, and no output file is written.
#[test]
fn shards_whose_sums_overflow_are_refused_naming_the_shard_and_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let (zero, one) = (fixture("shard0_yes_overflow.json"), fixture("shard1_yes_overflow.json"));
    let merged = dir.path().join("merged.json");
    let merge = |a: &Path, b: &Path| {
        plenary_within(
            &["merge", a.to_str().unwrap(), b.to_str().unwrap(), "--out", merged.to_str().unwrap()],
            Duration::from_secs(60),
        )
    };
    // Each shard on its own is well formed: the yes sum is what overflows.
    for f in [&zero, &one] {
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap();
        assert_eq!(v["tally"]["yes"], serde_json::json!(1u64 << 63), "{}", f.display());
        assert!(v["tally"]["outcomes"].is_object(), "the fixture is in the labelled format");
    }
    let out = merge(&zero, &one);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("adding shard 1 overflows `tally.yes`"), "{err}");
    assert!(err.contains(&format!("1: {}", one.display())), "the input is named by its file: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.stdout.is_empty());
    assert!(!merged.exists(), "an output file was written");

    // The reproducers also had `moves.compromise_point` at u64::MAX in both
    // shards (restored to the runs' 0 in the fixtures, so that the yes sum
    // is the one under test): a field nested in an object is named by its
    // path.
    let edited: Vec<PathBuf> = [&zero, &one]
        .iter()
        .enumerate()
        .map(|(k, f)| {
            let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap();
            v["tally"]["moves"]["compromise_point"] = u64::MAX.into();
            let path = dir.path().join(format!("moves{k}.json"));
            std::fs::write(&path, v.to_string()).unwrap();
            path
        })
        .collect();
    let out = merge(&edited[0], &edited[1]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("adding shard 1 overflows `tally.moves.compromise_point`"), "{err}");
    assert!(!merged.exists(), "an output file was written");

    // Without the overflow the two shards merge: they are a batch's halves.
    let fixed: Vec<PathBuf> = [&zero, &one]
        .iter()
        .enumerate()
        .map(|(k, f)| {
            let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap();
            let votes = v["tally"]["votes"].as_u64().unwrap();
            v["tally"]["yes"] = (4 * votes).into(); // 4 yes in every vote
            let path = dir.path().join(format!("fixed{k}.json"));
            std::fs::write(&path, v.to_string()).unwrap();
            path
        })
        .collect();
    let out = merge(&fixed[0], &fixed[1]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&merged).unwrap()).unwrap();
    assert_eq!(v["tally"]["yes"], 12);
    assert_eq!(v["vote"]["yes_mean"], 4.0);
}

/// `plenary sweep failed_vote.ron --set SET --runs RUNS --out DIR`.
fn sweep_failed_vote(set: &str, runs: &str, dir: &Path) -> std::process::Output {
    let scenario = scenario_path("scenarios/teaching/failed_vote.ron");
    let args =
        ["sweep", scenario.to_str().unwrap(), "--set", set, "--runs", runs, "--out", dir.to_str().unwrap()];
    plenary_within(&args, Duration::from_secs(120))
}

/// Issue 23: a sweep resumed into a folder whose sweep.csv belongs to
/// something else (the reproducer: an unrelated CSV without a final
/// newline) cut that file's last line and wrote a scenario.sha256 before it
/// refused. It is refused before anything is touched: the folder is the
/// same byte for byte, the CSV's last line included, and no digest file
/// appears. The same for a sweep of other parameters cut short.
#[test]
fn a_sweep_into_a_folder_of_another_sweep_leaves_it_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let foreign = std::fs::read(fixture("foreign_sweep.csv")).unwrap();
    assert!(!foreign.ends_with(b"\n"), "the reproducer has no final newline");
    let out_dir = dir.path().join("foreign");
    std::fs::create_dir(&out_dir).unwrap();
    std::fs::write(out_dir.join("sweep.csv"), &foreign).unwrap();
    std::fs::write(out_dir.join("sweep.svg"), "<svg>someone else's chart</svg>").unwrap();
    let before = snapshot(&out_dir);
    let out = sweep_failed_vote("mediator.skill=0.2,0.4", "20", &out_dir);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("sweep.csv: holds a sweep of other parameters (name,score)"), "{err}");
    assert!(!err.contains("done:"), "a point ran: {err}");
    assert_eq!(snapshot(&out_dir), before, "the folder was changed");
    assert!(!out_dir.join("scenario.sha256").exists());
    assert_eq!(std::fs::read(out_dir.join("sweep.csv")).unwrap(), foreign, "bob,2 survives");

    // A real sweep of another field, interrupted in its last row, and a
    // sweep of this one resumed into its folder.
    let other = dir.path().join("other");
    let made = sweep_failed_vote("mediator.skill=0.2,0.4", "20", &other);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let csv = std::fs::read(other.join("sweep.csv")).unwrap();
    std::fs::write(other.join("sweep.csv"), &csv[..csv.len() - 5]).unwrap();
    let before = snapshot(&other);
    assert!(before.iter().any(|(p, _)| p == Path::new("scenario.sha256")));
    let out = sweep_failed_vote("mediator.step=0.1,0.3", "20", &other);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("holds a sweep of other parameters (mediator.skill,runs,seed,"), "{err}");
    assert_eq!(snapshot(&other), before, "the folder was changed");
}

/// Issue 23: an extended sweep interrupted left the chart of the shorter
/// sweep beside a sweep.csv with more rows. The chart of fewer points is
/// removed when the extended sweep opens its folder, and drawn again, of
/// every row, when it finishes. The sweep here is killed (SIGKILL, no
/// chance to tidy up) once its first new row is written.
#[test]
fn an_extended_sweep_interrupted_leaves_no_stale_chart() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sweep");
    let scenario = scenario_path("scenarios/wsis20.ron");
    let args = |values: &str| -> Vec<String> {
        [
            "sweep",
            scenario.to_str().unwrap(),
            "--set",
            values,
            "--runs",
            "1000",
            "--out",
            out.to_str().unwrap(),
        ]
        .map(String::from)
        .to_vec()
    };
    let first = plenary(&args("mediator.skill=0.1,0.2").iter().map(String::as_str).collect::<Vec<_>>());
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let rows = |out: &Path| std::fs::read_to_string(out.join("sweep.csv")).unwrap().lines().count();
    assert_eq!(rows(&out), 3);
    assert!(out.join("sweep.svg").exists());

    let extended = args("mediator.skill=0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_plenary"))
        .args(&extended)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while rows(&out) < 4 {
        assert!(child.try_wait().unwrap().is_none(), "the sweep ended before its first new row");
        assert!(start.elapsed() < Duration::from_secs(120), "no new row after two minutes");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let interrupted = rows(&out);
    assert!((4..11).contains(&interrupted), "{interrupted} lines: was the sweep interrupted at all?");
    assert!(!out.join("sweep.svg").exists(), "the chart of 2 points is left beside {} rows", interrupted - 1);

    // Resumed, it finishes and draws every row.
    let done = plenary(&extended.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    assert_eq!(rows(&out), 10);
    let svg = std::fs::read_to_string(out.join("sweep.svg")).unwrap();
    assert!(svg.starts_with("<svg"), "{}", &svg[..svg.len().min(200)]);
}

/// `--set PATH=` with `n` values: `first`, then 0.001, 0.002, ...
fn axis(path: &str, first: &str, n: usize) -> String {
    let rest = (1..n).map(|i| format!("{}", i as f64 / 1000.0));
    format!("{path}={}", std::iter::once(first.to_string()).chain(rest).collect::<Vec<_>>().join(","))
}

/// Issue 23: a 300 x 300 grid printed nothing for over a minute while its
/// points were checked. Before the check starts it says what it is doing,
/// on stderr (a terminal also gets a progress bar). The grid here is
/// refused at its first point, so the test takes no time; the message
/// comes before the refusal, and the --out folder is not made.
#[test]
fn a_large_grid_says_it_is_checked_before_the_check() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("big");
    let scenario = scenario_path("scenarios/teaching/failed_vote.ron");
    let (skill, step) = (axis("mediator.skill", "-1", 300), axis("mediator.step", "0.5", 300));
    let args = [
        "sweep",
        scenario.to_str().unwrap(),
        "--set",
        &skill,
        "--set",
        &step,
        "--out",
        out_dir.to_str().unwrap(),
    ];
    let out = plenary_within(&args, Duration::from_secs(60));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let said =
        err.find("checking the 90000 points of the grid (300 x 300) before the first run").expect(&err);
    let refused = err.find("at the grid point mediator.skill=-1, mediator.step=0.5").expect(&err);
    assert!(said < refused, "{err}");
    assert!(!out_dir.exists(), "the folder was made for a refused grid");

    // A small grid checks in silence (no note for a few points).
    let out = plenary(&["sweep", scenario.to_str().unwrap(), "--set", "mediator.skill=0.2", "--runs", "5"]);
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("checking the"));
}

/// Issue 23: `--out` into a folder that cannot be written failed only after
/// every run. It fails before any run, and before the grid is checked (the
/// grid here has a bad point, which is not what is reported). Tests may run
/// as root, whom a read-only folder does not stop; a folder under a regular
/// file cannot be made by anyone, so that is the case always tested, and
/// the read-only folder only where it is read-only for the test's user.
#[test]
fn an_out_folder_that_cannot_be_written_fails_before_any_run() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("afile");
    std::fs::write(&file, "keep me").unwrap();
    let under_file = file.join("out");
    let out = sweep_failed_vote("mediator.skill=0.5,1.5", "20", &under_file);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "{}: cannot be created: {} is a file, not a folder",
            under_file.display(),
            file.display()
        )),
        "{err}"
    );
    assert!(!err.contains("grid point"), "the grid was checked first: {err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
    let out = sweep_failed_vote("mediator.skill=0.5,0.6", "20", &under_file);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("done:"), "a point ran: {err}");

    use std::os::unix::fs::PermissionsExt;
    let read_only = dir.path().join("read_only");
    std::fs::create_dir(&read_only).unwrap();
    std::fs::set_permissions(&read_only, std::fs::Permissions::from_mode(0o555)).unwrap();
    let stops_writes = std::fs::write(read_only.join("probe"), "").is_err();
    if stops_writes {
        for out_dir in [read_only.clone(), read_only.join("new")] {
            let out = sweep_failed_vote("mediator.skill=0.5,0.6", "20", &out_dir);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{err}");
            assert!(err.contains(&format!("{}: cannot be", out_dir.display())), "{err}");
            assert!(!err.contains("done:"), "a point ran: {err}");
        }
    }
    std::fs::set_permissions(&read_only, std::fs::Permissions::from_mode(0o755)).unwrap();
}
