//! Bad input: a clear message naming the file and the field (and line:column
//! where the parser knows it), a non-zero exit, and no panic.

use std::path::{Path, PathBuf};

use crate::util::*;

fn teaching_text() -> String {
    std::fs::read_to_string(scenario_path("scenarios/teaching/silence.ron")).unwrap()
}

/// Write `text` to a temporary file, run `plenary check` and `plenary run`
/// on it, and return stderr (the same for both).
fn rejected(name: &str, text: &str) -> (PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let mut stderr = String::new();
    for cmd in ["check", "run"] {
        let out =
            plenary(&[cmd, path.to_str().unwrap(), "--runs", "10"][..if cmd == "check" { 2 } else { 4 }]);
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(!out.status.success(), "`{cmd}` accepted {name}");
        assert!(!err.contains("panicked"), "`{cmd}` panicked on {name}: {err}");
        assert!(out.stdout.is_empty(), "`{cmd}` printed output for {name}");
        assert!(err.contains(name), "message does not name the file: {err}");
        stderr = err;
    }
    (path, stderr)
}

fn assert_silent_about(err: &str, needles: &[&str]) {
    for n in needles {
        assert!(!err.contains(n), "did not expect `{n}` in:\n{err}");
    }
}

fn assert_mentions(err: &str, needles: &[&str]) {
    for n in needles {
        assert!(err.contains(n), "expected `{n}` in:\n{err}");
    }
}

#[test]
fn empty_file() {
    let (_, err) = rejected("empty.ron", "");
    assert_mentions(&err, &["empty.ron:1:1", "empty"]);
}

#[test]
fn truncated_file() {
    let text = teaching_text();
    let cut = text.find("delegations:").unwrap() + 40;
    let (_, err) = rejected("truncated.ron", &text[..cut]);
    assert_mentions(&err, &["truncated.ron:"]);
    // a line:column position after the file name
    let pos = err.split("truncated.ron:").nth(1).unwrap();
    assert!(pos.chars().next().unwrap().is_ascii_digit(), "{err}");
}

/// The 1-based line and column where `needle` starts in `text`.
fn position_of(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).unwrap();
    let line = text[..at].matches('\n').count() + 1;
    let column = at - text[..at].rfind('\n').map_or(0, |n| n + 1) + 1;
    (line, column)
}

#[test]
fn wrong_type() {
    let text = teaching_text().replace("count: 3", "count: \"three\"");
    // RON points at the space before the value.
    let (line, column) = position_of(&text, " \"three\"");
    let (_, err) = rejected("wrong_type.ron", &text);
    assert_mentions(&err, &[&format!("wrong_type.ron:{line}:{column}:"), "count", "whole number"]);
}

/// RON notices a missing comma only at the next value, lines later; the
/// message points back at the end of the line that lacks it.
#[test]
fn missing_comma_at_the_end_of_a_line() {
    let text = teaching_text().replace(
        "    mediator: (skill: 1.0, step: 0.5),",
        "    mediator: (skill: 1.0, step: 0.5)\n    // the comma above is missing\n",
    );
    let (line, _) = position_of(&text, "    mediator:");
    let end = "    mediator: (skill: 1.0, step: 0.5)".len();
    let (_, err) = rejected("comma.ron", &text);
    assert_mentions(&err, &["comma.ron:", "comma", &format!("after line {line}, column {end}")]);
}

#[test]
fn decimal_where_a_whole_number_is_expected() {
    let text = teaching_text().replace("count: 3,", "count: 3.0,");
    let (line, column) = position_of(&text, ".0,");
    let (_, err) = rejected("decimal.ron", &text);
    assert_mentions(&err, &[&format!("decimal.ron:{line}:{column}:"), "field `count`", "whole number"]);
}

#[test]
fn unknown_field() {
    let text = teaching_text().replace("mediator: (skill: 1.0,", "mediator: (skil: 0.5, skill: 1.0,");
    let (_, err) = rejected("unknown_field.ron", &text);
    assert_mentions(&err, &["unknown_field.ron:", "skil", "Mediator"]);
}

#[test]
fn unknown_issue_id() {
    let text = teaching_text().replace(r#"levels: {"ambition": 0.8}"#, r#"levels: {"ambitoin": 0.8}"#);
    let (_, err) = rejected("unknown_issue.ron", &text);
    assert_mentions(
        &err,
        &["paragraphs.refs[0].levels[ambitoin]", "unknown issue id `ambitoin`", "did you mean `ambition`?"],
    );
}

#[test]
fn mistyped_delegation_and_stage_get_the_closest_name() {
    let wsis = scenario_text_to_copy("scenarios/wsis20.ron");
    // A swap of letters in an id, the initials of a name, a stage's name
    // in another case.
    let text = wsis.replacen(r#"target: "USA""#, r#"target: "UAS""#, 1).replacen(
        r#"before: "Bilateral consultations""#,
        r#"before: "bilateral consultations""#,
        1,
    );
    let (_, err) = rejected("mistyped.ron", &text);
    assert_mentions(
        &err,
        &[
            "no bloc or delegation with id `UAS`; did you mean `USA`?",
            "no stage named `bilateral consultations` in the calendar; did you mean `Bilateral consultations`?",
        ],
    );
    let text = wsis.replacen(r#"target: "USA""#, r#"target: "Atlantis""#, 1);
    let (_, err) = rejected("unknown.ron", &text);
    assert_mentions(&err, &["no bloc or delegation with id `Atlantis` (there are: G77, EU,", "more)"]);
}

#[test]
fn probability_above_one() {
    let text = teaching_text().replacen("silence_break: 0.2", "silence_break: 1.5", 1);
    let (_, err) = rejected("probability.ron", &text);
    assert_mentions(&err, &["delegations[AAA].behaviour.silence_break", "1.5", "probability"]);
}

#[test]
fn negative_probability_and_firmness() {
    let text = teaching_text().replacen(
        "behaviour: (tolerance: 0.1, silence_break: 0.2)",
        r#"red_lines: [AtMost(issue: "ambition", level: 0.5, firmness: -0.1)], behaviour: (tolerance: 0.1, silence_break: -0.2)"#,
        1,
    );
    let (_, err) = rejected("negative.ron", &text);
    assert_mentions(
        &err,
        &["delegations[AAA].red_lines[0].firmness", "delegations[AAA].behaviour.silence_break"],
    );
}

/// Numbers so large that the model's sums would overflow to infinity (and a
/// compromise point to inf / inf = NaN) are refused, not run.
#[test]
fn influence_and_tolerance_too_large() {
    let text = teaching_text().replacen(
        "behaviour: (tolerance: 0.1, silence_break: 0.2)",
        "influence: 1e308, behaviour: (tolerance: 2e6, silence_break: 0.2)",
        1,
    );
    let (_, err) = rejected("huge.ron", &text);
    assert_mentions(
        &err,
        &["delegations[AAA].influence", "1e308", "delegations[AAA].behaviour.tolerance", "at most 1e6"],
    );
}

#[test]
fn roster_not_adding_up() {
    let text = teaching_text()
        .replace("ends_without_plenary: true,", "ends_without_plenary: true, membership: 193,");
    let (_, err) = rejected("roster.ron", &text);
    assert_mentions(&err, &["membership", "5 member states", "193"]);
}

#[test]
fn calendar_without_plenary() {
    let text = teaching_text().replace("ends_without_plenary: true,", "");
    let (_, err) = rejected("no_plenary.ron", &text);
    assert_mentions(&err, &["calendar", "Plenary", "ends_without_plenary"]);
}

#[test]
fn missing_file() {
    let out = plenary(&["check", "does/not/exist.ron"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_mentions(&err, &["does/not/exist.ron", "cannot read"]);
}

#[test]
fn bad_options() {
    let path = scenario_path("scenarios/teaching/silence.ron");
    for args in [vec!["--runs", "0"], vec!["--until-ci", "1.5"], vec!["--format", "xml"]] {
        let mut full = vec!["run", path.to_str().unwrap()];
        full.extend(args.iter());
        let out = plenary(&full);
        assert!(!out.status.success(), "{args:?} accepted");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"));
        assert_mentions(&err, &[args[0]]);
    }
    // Every command that makes runs refuses zero of them, naming the option.
    for command in ["bench", "backtest", "compare", "explain", "report", "sweep"] {
        let out = plenary(&[command, path.to_str().unwrap(), "--runs", "0"]);
        assert!(!out.status.success(), "{command} --runs 0 accepted");
        assert_mentions(&String::from_utf8_lossy(&out.stderr), &["--runs"]);
    }
    // A thread count that would take longer to start than to run is refused
    // at once, by every command that takes one.
    for command in ["run", "bench", "backtest", "compare", "explain", "report", "sweep"] {
        let out = plenary(&[command, path.to_str().unwrap(), "--threads", "100000"]);
        assert!(!out.status.success(), "{command} --threads 100000 accepted");
        assert_mentions(&String::from_utf8_lossy(&out.stderr), &["--threads", "at most 1024"]);
    }
}

/// A small mutation of a bundled scenario: a number outside comments and
/// strings replaced by an awkward value, a line deleted or a line repeated.
/// Returns the text and what was done.
fn mutated(text: &str, rng: &mut rand_chacha::ChaCha8Rng) -> (String, String) {
    use rand::RngExt;
    const VALUES: &[&str] = &[
        "0",
        "-1",
        "-0.5",
        "1e308",
        "1e-308",
        "NaN",
        "inf",
        "-inf",
        "2",
        "1000",
        "4294967296",
        "1.5",
        "-0.0",
    ];
    let lines: Vec<&str> = text.lines().collect();
    let k = rng.random_range(0..lines.len());
    match rng.random_range(0..4u32) {
        0 => {
            let mut out = lines.clone();
            out.remove(k);
            (out.join("\n"), format!("line {} deleted", k + 1))
        }
        1 => {
            let mut out = lines.clone();
            out.insert(k, lines[k]);
            (out.join("\n"), format!("line {} repeated", k + 1))
        }
        _ => {
            // Numbers in the values only: before any `//` and outside strings.
            let b = text.as_bytes();
            let starts: Vec<usize> = (0..b.len())
                .filter(|&i| {
                    let line = &text[text[..i].rfind('\n').map_or(0, |p| p + 1)..i];
                    b[i].is_ascii_digit()
                        && (i == 0
                            || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.' || b[i - 1] == b'_'))
                        && !line.contains("//")
                        && line.matches('"').count().is_multiple_of(2)
                })
                .collect();
            let s = starts[rng.random_range(0..starts.len())];
            let e = s + text[s..]
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == 'e' || c == '-'))
                .unwrap();
            let value = VALUES[rng.random_range(0..VALUES.len())];
            let line = text[..s].matches('\n').count() + 1;
            (
                format!("{}{value}{}", &text[..s], &text[e..]),
                format!("line {line}: {} -> {value}", &text[s..e]),
            )
        }
    }
}

/// Hundreds of mutated scenarios: each is either rejected with a message
/// that names the file, or accepted and run (traced) without a panic.
#[test]
fn mutated_scenarios_are_rejected_or_run_never_panic() {
    use rand::SeedableRng;
    let files =
        ["scenarios/wsis20.ron", "scenarios/teaching/silence.ron", "scenarios/teaching/vote_threat.ron"];
    let (mut accepted, mut rejected) = (0, 0);
    for (f, file) in files.iter().enumerate() {
        let text = std::fs::read_to_string(scenario_path(file)).unwrap();
        for case in 0..150u64 {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1000 * f as u64 + case);
            let (text, what) = mutated(&text, &mut rng);
            let outcome =
                std::panic::catch_unwind(|| match plenary::scenario::from_str(&text, Path::new(file)) {
                    Ok(scenario) => {
                        let mut sim = plenary::Simulation::new(&scenario);
                        sim.set_tracing(true);
                        for run in 0..5 {
                            sim.run(1, run);
                        }
                        None
                    }
                    Err(e) => Some(e.to_string()),
                });
            match outcome {
                Ok(None) => accepted += 1,
                Ok(Some(message)) => {
                    assert!(
                        message.starts_with(file),
                        "{file}, {what}: the message does not name the file: {message}"
                    );
                    rejected += 1;
                }
                Err(_) => panic!("{file}, {what}: the loader or a run panicked"),
            }
        }
    }
    // Both paths were taken often enough for the test to mean something.
    assert!(accepted > 50 && rejected > 50, "accepted {accepted}, rejected {rejected}");
}

/// A wrong type name in front of a list item is reported at that name, and
/// not blamed on the last field of the item before it (`tolerance`...).
#[test]
fn a_wrong_struct_name_is_not_blamed_on_the_previous_field() {
    let text = teaching_text().replacen(r#"(id: "BBB""#, r#"Blok(id: "BBB""#, 1);
    let (line, column) = position_of(&text, "Blok(");
    let (_, err) = rejected("blok.ron", &text);
    assert_mentions(
        &err,
        &[&format!("blok.ron:{line}:{column}"), "Expected struct `Delegation` but found `Blok`"],
    );
    assert!(!err.contains("field `"), "{err}");
}

/// A section whose first paragraph comes after its last says so, rather
/// than that paragraphs within the draft are outside it.
#[test]
fn a_section_backwards_is_named_as_such() {
    let text = teaching_text().replace(
        r#"sections: [(name: "Operative", first: 1, last: 3)]"#,
        r#"sections: [(name: "Operative", first: 3, last: 1)]"#,
    );
    let (_, err) = rejected("backwards.ron", &text);
    assert_mentions(&err, &["paragraphs.sections[0]: range 3..1: first is after last"]);
    assert!(!err.contains("not within"), "{err}");
}

/// `check --format json` answers "is the file valid?" in JSON either way: the
/// problems of an invalid file (with the exit status and stderr saying so),
/// and `valid: true` with the summary for a valid one.
#[test]
fn check_reports_problems_as_json() {
    let text = teaching_text()
        .replace("first: 1, last: 3", "first: 3, last: 1")
        .replace(r#"(id: "BBB""#, r#"(id: "BBB", influence: -1.0"#);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two.ron");
    std::fs::write(&path, &text).unwrap();
    let out = plenary(&["check", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("two.ron"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["valid"], false);
    let fields: Vec<&str> =
        v["problems"].as_array().unwrap().iter().map(|p| p["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["paragraphs.sections[0]", "delegations[BBB].influence"], "{v}");
    // Each validation problem at the place its text message gives.
    let stderr = String::from_utf8_lossy(&out.stderr);
    for p in v["problems"].as_array().unwrap() {
        let (line, column) = (p["line"].as_u64().unwrap(), p["column"].as_u64().unwrap());
        assert!(
            stderr.contains(&format!("  - {line}:{column}: {}: ", p["field"].as_str().unwrap())),
            "{stderr} {v}"
        );
    }
    let (line, column) = position_of(&text, "-1.0");
    assert_eq!(
        (v["problems"][1]["line"].as_u64(), v["problems"][1]["column"].as_u64()),
        (Some(line as u64), Some(column as u64))
    );
    // A parse error gives the position the text message gives.
    std::fs::write(&path, "Scenario(name: 3)").unwrap();
    let out = plenary(&["check", path.to_str().unwrap(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let (line, column) = (&v["problems"][0]["line"], &v["problems"][0]["column"]);
    assert!(line.is_u64() && column.is_u64(), "{v}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("two.ron:{line}:{column}:")), "{stderr} {v}");
    let ok = plenary_json(&[
        "check",
        scenario_path("scenarios/teaching/silence.ron").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(ok["valid"], true);
}

/// `plenary check` on `file` in `dir`: (exit code, stderr, stdout as JSON
/// with `--format json`).
fn check_in(dir: &Path, file: &str) -> (Option<i32>, String, serde_json::Value) {
    let path = dir.join(file);
    let text = plenary(&["check", path.to_str().unwrap()]);
    let json = plenary(&["check", path.to_str().unwrap(), "--format", "json"]);
    let err = String::from_utf8_lossy(&text.stderr).to_string();
    assert!(!err.contains("panicked"), "{err}");
    (text.status.code(), err, serde_json::from_slice(&json.stdout).unwrap())
}

/// An `extends` that cannot work names the variant and the field, and a
/// variant of a broken base names the base, where the problems are.
#[test]
fn variant_chains_name_the_file_at_fault() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    let variant = |base: &str| format!("Variant(extends: \"{base}\")\n");
    write("self.ron", &variant("self.ron"));
    write("a.ron", &variant("b.ron"));
    write("b.ron", &variant("a.ron"));
    write("lost.ron", &variant("missing.ron"));
    write("blank.ron", &variant(""));
    let cases = [
        ("self.ron", "self.ron: 1 problem(s)", "extends: `self.ron` is this file itself"),
        ("a.ron", "b.ron: 1 problem(s)", "closes a cycle"),
        ("lost.ron", "lost.ron: 1 problem(s)", "extends: cannot read"),
        ("blank.ron", "blank.ron: 1 problem(s)", "extends: is empty"),
    ];
    for (file, head, message) in cases {
        let (code, err, json) = check_in(dir.path(), file);
        assert_eq!(code, Some(1), "{err}");
        assert_mentions(&err, &[head, message]);
        assert_eq!(json["problems"][0]["field"], "extends", "{json}");
    }
    let (_, err, _) = check_in(dir.path(), "lost.ron");
    assert_mentions(&err, &["missing.ron"]);

    // A base with a problem of its own: the error names the base.
    let broken = teaching_text().replace("silence_break: 0.2)", "silence_break: 1.2)");
    write("broken.ron", &broken);
    write("fix_skill.ron", "Variant(extends: \"broken.ron\", set: {\"mediator.skill\": 0.5})\n");
    let (code, err, json) = check_in(dir.path(), "fix_skill.ron");
    assert_eq!(code, Some(1));
    assert_mentions(&err, &["broken.ron: 4 problem(s)", "silence_break: 1.2"]);
    assert!(json["file"].as_str().unwrap().ends_with("broken.ron"), "{json}");

    // A variant that fixes the base's problem and makes one of its own is
    // blamed for its own, under its own name.
    write(
        "fix_and_break.ron",
        "Variant(extends: \"broken.ron\", set: {\"delegations.AAA.silence_break\": 0.2, \"mediator.skill\": 5.0})\n",
    );
    let (code, err, json) = check_in(dir.path(), "fix_and_break.ron");
    assert_eq!(code, Some(1));
    assert_mentions(&err, &["fix_and_break.ron: ", "mediator.skill"]);
    assert!(!err.contains("broken.ron:"), "{err}");
    assert!(json["file"].as_str().unwrap().ends_with("fix_and_break.ron"), "{json}");

    // Long chains are fine: 12 variants deep.
    write("level0.ron", &teaching_text());
    for i in 1..=12 {
        write(&format!("level{i}.ron"), &variant(&format!("level{}.ron", i - 1)));
    }
    let (code, err, json) = check_in(dir.path(), "level12.ron");
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(json["valid"], true);
}

/// A byte order mark is skipped; a file of comments is said to hold no
/// scenario; bytes that are not UTF-8 are located.
#[test]
fn encodings_and_comment_only_files() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    write("bom.ron", &[b"\xef\xbb\xbf", teaching_text().as_bytes()].concat());
    let (code, err, _) = check_in(dir.path(), "bom.ron");
    assert_eq!(code, Some(0), "{err}");
    write("comments.ron", b"// a scenario will go here\n/* later */\n");
    let (code, err, _) = check_in(dir.path(), "comments.ron");
    assert_eq!(code, Some(1));
    assert_mentions(&err, &["comments.ron:1:1", "only comments"]);
    write("latin1.ron", b"Scenario(\n    name: \"Cura\xe7ao\",\n)");
    let (code, err, json) = check_in(dir.path(), "latin1.ron");
    assert_eq!(code, Some(1));
    assert_mentions(&err, &["latin1.ron:2:16", "not UTF-8"]);
    assert_eq!(
        (json["problems"][0]["line"].as_u64(), json["problems"][0]["column"].as_u64()),
        (Some(2), Some(16))
    );
}

/// A count far beyond any negotiation is a typo to report, not memory to
/// allocate (4,000,000,000 paragraphs aborted the process).
#[test]
fn absurd_counts_are_refused() {
    let standoff = std::fs::read_to_string(scenario_path("scenarios/teaching/standoff.ron")).unwrap();
    let paragraphs = standoff.replacen("count: 5,", "count: 4000000000,", 1);
    assert_ne!(paragraphs, standoff);
    let (_, err) = rejected("paragraphs.ron", &paragraphs);
    assert_mentions(&err, &["paragraphs.count: 4000000000 is more than the 1000000 paragraphs"]);
    let members = standoff.replacen("anonymous: 11,", "anonymous: 4000000000,", 1);
    assert_ne!(members, standoff);
    let (_, err) = rejected("members.ron", &members);
    assert_mentions(&err, &["blocs[HAG].anonymous: 4000000000 is more than"]);
}

/// `Breakers` and `Challenged` count what happens at a silence: naming any
/// other stage is a mistake (it used to pass whenever min was 0).
#[test]
fn silence_markers_need_a_silence() {
    let text = scenario_text_to_copy("scenarios/wsis20.ron");
    let at = text.find("markers: [").unwrap() + "markers: [".len();
    let marker = r#"(name: "Nobody breaks", test: Breakers(stage: "Rev.3", min: 0, max: 0)),"#;
    assert!(text.contains(r#"(name: "Rev.3", date: "11 Dec 2025", kind: Revision)"#));
    let (_, err) = rejected("markers.ron", &format!("{}\n{marker}{}", &text[..at], &text[at..]));
    assert_mentions(&err, &["markers[0].test.stage", "`Rev.3` is not a silence"]);
}

/// A reference range far outside the draft is one problem, not one per
/// paragraph (with `(1, 4000000000)` the check tried to list them all).
#[test]
fn a_range_outside_the_draft_is_one_problem() {
    let text = teaching_text().replace("(paragraphs: [2], levels:", "(range: (1, 4000000000), levels:");
    assert_ne!(text, teaching_text());
    let (_, err) = rejected("range.ron", &text);
    assert_mentions(
        &err,
        &["1 problem(s)", "paragraphs.refs[0].range: (1, 4000000000) is not within the draft (1..3)"],
    );
}

/// RON map keys that are not strings cannot go into a scenario: a variant
/// that sets one is told so (it panicked).
#[test]
fn a_variant_value_with_a_tuple_key_is_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.ron"), teaching_text()).unwrap();
    std::fs::write(
        dir.path().join("odd.ron"),
        "Variant(extends: \"base.ron\", set: {\"description\": {(1, 2): 3}})\n",
    )
    .unwrap();
    let (code, err, _) = check_in(dir.path(), "odd.ron");
    assert_eq!(code, Some(1), "{err}");
    assert_mentions(&err, &["odd.ron: 1 problem(s)", "set[description]"]);
}

/// The floor's behaviours (issue 14): a probability outside 0..1 and a
/// negative cap are refused, each named by its field path (and the cap,
/// a parse error, by its line:column).
#[test]
fn bad_separate_vote_and_cap() {
    let text = teaching_text().replacen("silence_break: 0.2", "silence_break: 0.2, separate_vote: -0.5", 1);
    let (_, err) = rejected("separate.ron", &text);
    assert_mentions(&err, &["delegations[AAA].behaviour.separate_vote", "-0.5", "probability"]);
    let text =
        teaching_text().replacen("silence_break: 0.2", "silence_break: 0.2, max_separate_votes: -1", 1);
    let (line, column) = position_of(&text, "max_separate_votes: -1");
    // RON points at the digits, after the sign.
    let column = column + "max_separate_votes: -".len();
    let (_, err) = rejected("cap.ron", &text);
    assert_mentions(&err, &[&format!("cap.ron:{line}:{column}:"), "max_separate_votes"]);
}

#[test]
fn types_are_named_for_a_reader_not_by_rust_names() {
    let rust = ["f64", "f32", "u32", "u64", "usize", "float", "Integer"];
    let cases = [
        ("skill: 1.0", "skill: \"high\"", "expected a number"),
        ("count: 3,", "count: -3,", "the whole number is out of range"),
        ("count: 3,", "count: \"3\",", "expected a whole number"),
    ];
    for (from, to, says) in cases {
        let text = teaching_text().replacen(from, to, 1);
        let (_, err) = rejected("types.ron", &text);
        assert_mentions(&err, &[says]);
        assert_silent_about(&err, &rust);
    }
    // A variant's `set` of the wrong type, checked by serde, not by RON.
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.ron");
    std::fs::write(&base, teaching_text()).unwrap();
    for (set, says) in [
        (r#""mediator.skill": "high""#, "expected a number"),
        (r#""paragraphs.count": 2.5"#, "expected a whole number (0 or more)"),
    ] {
        let variant = dir.path().join("v.ron");
        std::fs::write(&variant, format!("Variant(extends: \"base.ron\", set: {{{set}}})")).unwrap();
        let err = plenary::scenario::load(&variant).unwrap_err().to_string();
        assert_mentions(&err, &[says]);
        assert_silent_about(&err, &rust);
    }
    // Number options of the command line.
    let s = scenario_path("scenarios/teaching/silence.ron");
    for args in [["--until-ci", "abc"], ["--threads", "x"]] {
        let out = plenary(&["run", s.to_str().unwrap(), args[0], args[1]]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && err.contains("is not a"), "{err}");
        assert_silent_about(&err, &["literal", "invalid digit"]);
    }
}
