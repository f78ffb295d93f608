//! docs/JSON.md documents every field of the JSON the commands print. This
//! test runs each command on small inputs, collects the path of every field
//! in what it printed, and compares both ways with the doc's field tables: a
//! field the doc does not list, or a listed field that no output holds (it
//! was renamed or removed), fails the test and is named in the message.
//!
//! Paths are written as in the doc: `a.b` is member `b` of object `a`, `a[]`
//! the elements of array `a` (`a[][]` for an array of arrays), and `a.*` the
//! values of an object whose keys are data (a bloc id, a vote result). A doc
//! path ending in `.*` is what marks `a` as such an object.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use crate::util::{plenary, root, scenario_path};

/// The doc, and the commands each of its sections documents.
const DOC: &str = "docs/JSON.md";
const SECTIONS: [&str; 10] = [
    "plenary run",
    "plenary check",
    "plenary trace",
    "plenary compare",
    "plenary explain",
    "plenary backtest",
    "plenary bench",
    "plenary sensitivity",
    "plenary sensitivity --shard",
    "plenary calibrate",
];

fn scenario(rel: &str) -> String {
    scenario_path(rel).to_str().expect("a UTF-8 path").to_string()
}

/// Parse what the binary printed as JSON; `ok` says whether it must succeed.
fn json_of(args: &[&str], ok: bool) -> Value {
    let out = plenary(args);
    assert_eq!(
        out.status.success(),
        ok,
        "plenary {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("plenary {}: not JSON: {e}", args.join(" ")))
}

/// The field tables of the doc, by section (`## plenary run` -> "plenary
/// run"). A field table is a table whose header's first cell is `field`;
/// each of its rows names one path in backticks in its first cell.
fn documented(doc: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut sections: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut section = String::new();
    // None outside a table; Some(is a field table) inside one.
    let mut table: Option<bool> = None;
    for (n, line) in doc.lines().enumerate() {
        let line = line.trim();
        if let Some(heading) = line.strip_prefix("## ") {
            section = heading.trim().to_string();
        }
        if !line.starts_with('|') {
            table = None;
            continue;
        }
        let first = line.trim_matches('|').split('|').next().unwrap_or("").trim();
        match table {
            None => table = Some(first == "field"),
            Some(false) => {}
            Some(true) if first.chars().all(|c| matches!(c, '-' | ':' | ' ')) => {}
            Some(true) => {
                let path = first
                    .strip_prefix('`')
                    .and_then(|p| p.strip_suffix('`'))
                    .filter(|p| !p.is_empty() && !p.contains('`'))
                    .unwrap_or_else(|| panic!("{DOC} line {}: a field row names one `path`: {line}", n + 1));
                sections.entry(section.clone()).or_default().insert(path.to_string());
            }
        }
    }
    sections
}

/// Every path in `v` (the root excluded): objects and their members, array
/// elements as `path[]` (an empty array as `path[]` too), and the members of
/// the objects in `maps` as `path.*`.
fn paths(v: &Value, path: &str, maps: &BTreeSet<String>, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(members) => {
            if !path.is_empty() {
                out.insert(path.to_string());
            }
            for (key, member) in members {
                let key = if maps.contains(path) { "*" } else { key.as_str() };
                let at = if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
                paths(member, &at, maps, out);
            }
        }
        Value::Array(items) => {
            let at = format!("{path}[]");
            if items.is_empty() {
                out.insert(at.clone());
            }
            for item in items {
                paths(item, &at, maps, out);
            }
        }
        _ => {
            out.insert(path.to_string());
        }
    }
}

/// The JSON each section's commands print, on small inputs that between
/// them show every field (a silence, a vote, blocs, a shard, and traced runs
/// with every kind of event).
fn outputs(dir: &Path) -> Vec<(&'static str, Value)> {
    let (wsis20, threat) = (scenario("scenarios/wsis20.ron"), scenario("scenarios/teaching/vote_threat.ron"));
    // Every command below with `--format json` after its own arguments.
    let json = |args: &[&str], ok: bool| json_of(&[args, &["--format", "json"]].concat(), ok);
    let mut out = vec![("plenary run", json(&["run", &threat, "--runs", "200"], true))];
    let mut shards = Vec::new();
    for (k, shard) in ["0/2", "1/2"].into_iter().enumerate() {
        let v = json(&["run", &threat, "--runs", "200", "--shard", shard], true);
        let file = dir.join(format!("shard{k}.json"));
        std::fs::write(&file, serde_json::to_vec(&v).unwrap()).unwrap();
        shards.push(file.to_str().unwrap().to_string());
        out.push(("plenary run", v));
    }
    // merge prints what run prints (without `shard`): the same section.
    out.push(("plenary run", json_of(&["merge", &shards[0], &shards[1]], true)));
    // Separate votes on paragraphs (the floor): a run and a traced run.
    let floor = scenario("scenarios/wsis20/us_separate_votes.ron");
    out.push(("plenary run", json(&["run", &floor, "--runs", "20"], true)));
    out.push(("plenary trace", json(&["trace", &floor, "--run", "0"], true)));
    // Amendments and no-action motions: a run, and traced runs with a motion
    // that carries, one that fails and is followed by the amendment's vote,
    // and an amendment that falls.
    let amendment = scenario("scenarios/teaching/floor_amendment.ron");
    out.push(("plenary run", json(&["run", &amendment, "--runs", "50"], true)));
    for index in 0..4 {
        out.push(("plenary trace", json(&["trace", &amendment, "--run", &index.to_string()], true)));
    }
    // A deletion adopted, after which a level amendment to the same paragraph
    // falls.
    let deletion = dir.join("deletion.ron");
    std::fs::write(
        &deletion,
        r#"Scenario(
            name: "a deletion", issues: [(id: "x")],
            paragraphs: (count: 2, refs: [(paragraphs: [1, 2], levels: {"x": 1.0})]),
            delegations: [
                (id: "MMM", stances: {"x": (ideal: 0.0, salience: 1.0)},
                    red_lines: [AtMost(issue: "x", level: 0.0)],
                    behaviour: (amend: 1.0),
                    amendments: [Delete(paragraph: 1), Level(paragraph: 1, issue: "x", level: 0.5)]),
                (id: "SSS", stances: {"x": (ideal: 0.0, salience: 1.0)}, red_lines: [AtMost(issue: "x", level: 0.0)]),
            ],
            mediator: (skill: 1.0, step: 0.5),
            calendar: [(name: "plenary", kind: Plenary)],
        )"#,
    )
    .unwrap();
    out.push(("plenary trace", json(&["trace", deletion.to_str().unwrap(), "--run", "0"], true)));
    out.push(("plenary check", json(&["check", &threat], true)));
    // With uncertain parameters.
    out.push(("plenary check", json(&["check", &wsis20], true)));
    let missing = dir.join("missing.ron");
    out.push(("plenary check", json(&["check", missing.to_str().unwrap()], false)));
    // Between them: an event that fires, red lines released under pressure
    // (wsis20), a vote and a collapse (standoff), a held silence (silence).
    for (file, runs) in [("wsis20", 0..3), ("teaching/standoff", 0..4), ("teaching/silence", 0..4)] {
        let path = scenario(&format!("scenarios/{file}.ron"));
        for index in runs {
            out.push(("plenary trace", json(&["trace", &path, "--run", &index.to_string()], true)));
        }
    }
    let no_pga = scenario("scenarios/wsis20/no_pga.ron");
    out.push(("plenary compare", json(&["compare", &wsis20, &no_pga, "--runs", "100"], true)));
    let package = scenario("scenarios/teaching/package.ron");
    out.push(("plenary explain", json(&["explain", &package, "--runs", "200"], true)));
    // Delegations with several red lines get a row per line.
    out.push(("plenary explain", json(&["explain", &wsis20, "--runs", "20"], true)));
    out.push(("plenary backtest", json(&["backtest", &wsis20, "--runs", "100"], true)));
    let bench = ["bench", &threat, "--runs", "200", "--trials", "2", "--threads", "2"];
    out.push(("plenary bench", json(&bench, true)));
    // With the parameters drawn: from the priors, and from the shipped posterior.
    let priors = ["run", &wsis20, "--runs", "20", "--priors", "--draws", "2", "--runs-per-draw", "5"];
    out.push(("plenary run", json(&priors, true)));
    // A shard of it carries its block of the draws instead.
    out.push(("plenary run", json(&[&priors[..], &["--shard", "0/2"]].concat(), true)));
    for method in ["morris", "sobol"] {
        let args = ["sensitivity", &wsis20, "--method", method, "--points", "2", "--runs", "5"];
        out.push(("plenary sensitivity", json(&args, true)));
    }
    let args =
        ["sensitivity", &wsis20, "--method", "morris", "--points", "2", "--runs", "5", "--shard", "1/2"];
    out.push(("plenary sensitivity --shard", json(&args, true)));
    // A sensitivity warning: Sobol on 5 runs per point.
    let args = ["sensitivity", &wsis20, "--points", "16", "--runs", "5"];
    out.push(("plenary sensitivity", json(&args, true)));
    let posterior = dir.join("posterior.json");
    let calibrate = plenary(&[
        "calibrate",
        &wsis20,
        "--particles",
        "10",
        "--runs",
        "10",
        "--generations",
        "2",
        "--out",
        posterior.to_str().unwrap(),
    ]);
    assert!(calibrate.status.success(), "{}", String::from_utf8_lossy(&calibrate.stderr));
    let written = std::fs::read(&posterior).unwrap();
    out.push(("plenary calibrate", serde_json::from_slice(&written).unwrap()));
    out
}

#[test]
fn every_json_field_is_documented_and_every_documented_field_is_printed() {
    let doc = std::fs::read_to_string(root().join(DOC)).unwrap_or_else(|e| panic!("{DOC}: {e}"));
    let documented = documented(&doc);
    let maps: BTreeSet<String> =
        documented.values().flatten().filter_map(|p| p.strip_suffix(".*")).map(str::to_string).collect();
    let dir = tempfile::tempdir().unwrap();
    let mut printed: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (section, v) in outputs(dir.path()) {
        paths(&v, "", &maps, printed.entry(section).or_default());
    }
    let none = BTreeSet::new();
    let mut problems = Vec::new();
    for section in SECTIONS {
        let (doc, out) = (documented.get(section).unwrap_or(&none), &printed[section]);
        let list = |paths: Vec<&String>| paths.iter().map(|p| format!("\n    {p}")).collect::<String>();
        let undocumented: Vec<_> = out.difference(doc).collect();
        if !undocumented.is_empty() {
            problems.push(format!(
                "`{section}` prints fields that the table under `## {section}` does not list:{}",
                list(undocumented)
            ));
        }
        let unprinted: Vec<_> = doc.difference(out).collect();
        if !unprinted.is_empty() {
            problems.push(format!(
                "the table under `## {section}` lists fields that no output of this test holds \
                 (renamed or removed? or add an input that shows them to `outputs`):{}",
                list(unprinted)
            ));
        }
    }
    for section in documented.keys().filter(|s| !SECTIONS.contains(&s.as_str())) {
        problems.push(format!("{DOC}: a field table under `## {section}`, which this test does not check"));
    }
    assert!(problems.is_empty(), "{DOC} is out of date:\n  {}", problems.join("\n  "));
}
