//! Files that fuzzing found the loader mishandling (issue 20): each is
//! refused with a typed error that names the file, the field and the line
//! and column, or read as it is meant. The reproducers are in
//! tests/fixtures/fuzz/.

use std::path::{Path, PathBuf};
use std::time::Duration;

use plenary::scenario::ScenarioError;

use crate::util::*;

fn fixture(name: &str) -> PathBuf {
    scenario_path("tests/fixtures/fuzz").join(name)
}

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).unwrap()
}

/// The 1-based line and column where the `nth` (from 0) `needle` starts.
fn position_of(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let at = text.match_indices(needle).nth(nth).unwrap_or_else(|| panic!("no `{needle}` #{nth}")).0;
    line_column(text, at)
}

/// The 1-based line and column of a byte offset.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let line = text[..at].matches('\n').count() + 1;
    let column = text[..at].chars().rev().take_while(|&c| c != '\n').count() + 1;
    (line, column)
}

/// `plenary check` (text, then JSON) on a file that must be refused, within
/// a minute: (stderr, the JSON report).
fn refused(path: &Path) -> (String, serde_json::Value) {
    let file = path.to_str().unwrap();
    let text = plenary_within(&["check", file], Duration::from_secs(60));
    let json = plenary_within(&["check", file, "--format", "json"], Duration::from_secs(60));
    let err = String::from_utf8_lossy(&text.stderr).to_string();
    assert_eq!(text.status.code(), Some(1), "`check {file}` did not fail as refused: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(text.stdout.is_empty(), "{}", String::from_utf8_lossy(&text.stdout));
    (err, serde_json::from_slice(&json.stdout).expect("the JSON report"))
}

fn assert_mentions(err: &str, needles: &[&str]) {
    for n in needles {
        assert!(err.contains(n), "expected `{n}` in:\n{err}");
    }
}

fn assert_silent_about(err: &str, needles: &[&str]) {
    for n in needles {
        assert!(!err.contains(n), "did not expect `{n}` in:\n{err}");
    }
}

/// A parse error's position and field, from the library.
fn parse_error(
    result: Result<plenary::scenario::Scenario, ScenarioError>,
) -> (PathBuf, usize, usize, String) {
    match result {
        Err(ScenarioError::Parse { path, line, column, field, .. }) => {
            (path, line, column, field.expect("the field is named"))
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
}

/// Issue 20: a key given twice in a map kept one of the two values. It is
/// refused at the second key.
#[test]
fn a_key_given_twice_in_a_map_is_refused_at_the_second() {
    let name = "duplicate_map_key.ron";
    let text = fixture_text(name);
    let (line, column) = position_of(&text, "\"ambition\"", 2); // the second key of `levels`
    let (first_line, first_column) = position_of(&text, "\"ambition\"", 1);
    let (err, json) = refused(&fixture(name));
    assert_mentions(
        &err,
        &[
            &format!("{name}:{line}:{column}: field `paragraphs.refs[0].levels`"),
            "the key `ambition` is given twice",
            &format!("first at line {first_line}, column {first_column}"),
        ],
    );
    assert_eq!(json["problems"][0]["line"], line as u64, "{json}");
    assert_eq!(json["problems"][0]["column"], column as u64, "{json}");
    assert_eq!(json["problems"][0]["field"], "paragraphs.refs[0].levels", "{json}");

    // Every map of the format: stances, a mediator's, an event's.
    let base = fixture_text("base.ron");
    let cases = [
        (
            "{\"ambition\": (ideal: 0.2, salience: 1.0)}, behaviour: (tolerance: 0.1, silence_break: 0.2)),\n        (id: \"BBB\"",
            "{\"ambition\": (ideal: 0.2, salience: 1.0), \"ambition\": (ideal: 0.9, salience: 1.0)}, behaviour: (tolerance: 0.1, silence_break: 0.2)),\n        (id: \"BBB\"",
            "delegations[AAA].stances",
        ),
        (
            "mediator: (skill: 1.0, step: 0.5),",
            "mediator: (skill: 1.0, step: 0.5, ambiguity: {\"ambition\": 0.1, \"ambition\": 0.2}),",
            "mediator.ambiguity",
        ),
        (
            "ends_without_plenary: true,",
            "ends_without_plenary: true,\n    events: [(name: \"e\", before: \"Draft under silence\", probability: 0.5, target: \"AAA\", \
             scale: {\"silence_break\": 2.0, \"silence_break\": 0.5})],",
            "events[0].scale",
        ),
    ];
    for (from, to, field) in cases {
        let changed = base.replacen(from, to, 1);
        assert_ne!(changed, base, "{field}");
        let (path, line, column, named) =
            parse_error(plenary::scenario::from_str(&changed, Path::new("inline.ron")));
        assert_eq!(path, Path::new("inline.ron"));
        assert_eq!(named, field);
        let key = if field == "events[0].scale" { "\"silence_break\"" } else { "\"ambition\"" };
        let second = changed.find(to).unwrap() + to.match_indices(key).nth(1).unwrap().0;
        assert_eq!((line, column), line_column(&changed, second), "{field}");
    }
}

/// Issue 20: a variant's `set` is a map too.
#[test]
fn a_path_given_twice_in_a_variants_set_is_refused_at_the_second() {
    let name = "duplicate_set_key_variant.ron";
    let text = fixture_text(name);
    let (line, column) = position_of(&text, "\"mediator.skill\"", 1);
    let (err, json) = refused(&fixture(name));
    assert_mentions(
        &err,
        &[
            &format!("{name}:{line}:{column}: field `set`"),
            "the key `mediator.skill` is given twice (first at line 1, column 36)",
        ],
    );
    assert!(json["file"].as_str().unwrap().ends_with(name), "{json}");
    // A map inside a value that `set` gives: JSON would keep one entry.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.ron"), fixture_text("base.ron")).unwrap();
    let inner = "Variant(extends: \"base.ron\", set: {\"delegations.AAA.stances\": \
                 {\"ambition\": (ideal: 0.1, salience: 1.0), \"ambition\": (ideal: 0.9, salience: 1.0)}})\n";
    std::fs::write(dir.path().join("inner.ron"), inner).unwrap();
    let (line, column) = position_of(inner, "\"ambition\"", 1);
    let (err, _) = refused(&dir.path().join("inner.ron"));
    assert_mentions(
        &err,
        &[
            &format!("inner.ron:{line}:{column}: field `set[delegations.AAA.stances]`"),
            "`ambition` is given twice",
        ],
    );
}

/// Issue 20: a variant whose first comment nests another was read as a
/// scenario ("Expected struct `Scenario` but found `Variant`").
#[test]
fn a_variant_after_a_nested_block_comment_is_read_as_a_variant() {
    let path = fixture("nested_comment_variant.ron");
    let out = plenary_within(&["check", path.to_str().unwrap()], Duration::from_secs(60));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let scenario = plenary::scenario::load(&path).unwrap();
    assert_eq!(scenario.mediator.skill, 0.5, "the variant's `set` applies (the base has 1.0)");
    // Comments that hide a `Variant(`, and strings that look like comments.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.ron"), fixture_text("base.ron")).unwrap();
    let cases = [
        (
            "line.ron",
            "// Variant(extends: \"nowhere.ron\")\n/* /* */ Variant( */\nVariant(extends: \"base.ron\")\n",
        ),
        (
            "attribute.ron",
            "#![enable(implicit_some)]\n/* a */ /* b /* c */ */ Variant(extends: \"base.ron\", name: \"/* not a comment */\")\n",
        ),
    ];
    for (name, text) in cases {
        std::fs::write(dir.path().join(name), text).unwrap();
        let scenario =
            plenary::scenario::load(dir.path().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        if name == "attribute.ron" {
            assert_eq!(scenario.name, "/* not a comment */");
        }
    }
}

/// Issue 20: a value nested thousands deep was refused with advice about
/// RON's options (`recursion_limit`, `serde_stacker`). The file is at fault,
/// and the message says so.
#[test]
fn values_nested_too_deep_are_refused_as_such() {
    let name = "deep_set_value.ron";
    let text = fixture_text(name);
    let depth = plenary::scenario::syntax::MAX_NESTING;
    // The bracket that opens one level too many: the Variant's `(`, `set`'s
    // `{`, then the value's brackets.
    let (line, column) = position_of(&text, "[", depth - 2);
    let (err, json) = refused(&fixture(name));
    assert_mentions(
        &err,
        &[
            &format!("{name}:{line}:{column}: field `set[mediator.skill]`"),
            &format!("nested more than {depth} deep"),
        ],
    );
    assert_silent_about(&err, &["recursion_limit", "serde_stacker", "Exceeded"]);
    assert_eq!(json["problems"][0]["field"], "set[mediator.skill]", "{json}");

    // At the limit, the parser's own guard is not reached: the value is
    // refused for its type, like any other.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.ron"), fixture_text("base.ron")).unwrap();
    let inner = depth - 2;
    let deep = format!(
        "Variant(extends: \"base.ron\", set: {{\"mediator.skill\": {}1.0{}}})",
        "[".repeat(inner),
        "]".repeat(inner)
    );
    std::fs::write(dir.path().join("at_limit.ron"), deep).unwrap();
    let err = plenary::scenario::load(dir.path().join("at_limit.ron")).unwrap_err().to_string();
    assert_mentions(&err, &["set[mediator.skill]", "invalid type"]);
    assert_silent_about(&err, &["nested", "recursion"]);
}

/// Issue 20: `NaN` in a variant's `set` said "invalid type: null, expected
/// f64" (JSON has no NaN). It says which numbers are allowed, where it is.
#[test]
fn a_number_that_is_not_finite_in_a_variant_says_what_is_allowed() {
    let name = "nan_in_set.ron";
    let text = fixture_text(name);
    let (line, column) = position_of(&text, "NaN", 0);
    let (err, _) = refused(&fixture(name));
    assert_mentions(
        &err,
        &[
            &format!("{name}:{line}:{column}: field `set[mediator.skill]`"),
            "`NaN` is not a finite number",
            "numbers in a scenario are finite",
        ],
    );
    assert_silent_about(&err, &["null"]);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.ron"), fixture_text("base.ron")).unwrap();
    for value in ["inf", "-inf", "+inf", "NaN", "-NaN", "inff64", "1e999", "-1e400", "1_0e999"] {
        let text = format!("Variant(extends: \"base.ron\", set: {{\"mediator.skill\": {value}}})\n");
        std::fs::write(dir.path().join("v.ron"), &text).unwrap();
        let err = plenary::scenario::load(dir.path().join("v.ron")).unwrap_err();
        let (_, line, column, field) = parse_error(Err(err));
        assert_eq!((line, column, field.as_str()), (1, 54, "set[mediator.skill]"), "{value}");
    }
    // Large but finite numbers, and words that only look like them, are not
    // refused here (validation bounds the numbers).
    for value in ["1e300", "\"inf\"", "1e-400"] {
        let text = format!("Variant(extends: \"base.ron\", set: {{\"mediator.skill\": {value}}})\n");
        std::fs::write(dir.path().join("v.ron"), &text).unwrap();
        let err = plenary::scenario::load(dir.path().join("v.ron")).err().map(|e| e.to_string());
        assert!(!err.as_deref().unwrap_or("").contains("finite"), "{value}: {err:?}");
    }
}

/// Issue 20: a base holding `inf` made its variants report
/// `set[mediator.skill]: invalid type: null`, blaming the variant. The
/// number is refused where it is written, in the file that holds it.
#[test]
fn a_number_that_is_not_finite_is_refused_in_the_file_that_holds_it() {
    let base = "base_with_inf.ron";
    let text = fixture_text(base);
    let (line, column) = position_of(&text, "inf", 0);
    for file in [base, "variant_of_inf_base.ron", "variant_of_inf_base_name_only.ron"] {
        let (err, json) = refused(&fixture(file));
        assert_mentions(
            &err,
            &[
                &format!("{base}:{line}:{column}: field `delegations[AAA].behaviour.tolerance`"),
                "`inf` is not a finite number",
            ],
        );
        assert_silent_about(&err, &["null", "set["]);
        assert!(json["file"].as_str().unwrap().ends_with(base), "{file}: {json}");
        let (path, ..) = parse_error(plenary::scenario::load(fixture(file)));
        assert!(path.ends_with(base), "{file}: {path:?}");
    }
}

/// Two sections over a million paragraphs reported a million overlaps (and
/// took as long to print them): an overlap is one problem per section.
#[test]
fn overlapping_sections_are_one_problem_each() {
    let text = fixture_text("base.ron").replace("count: 3,", "count: 1000000,").replace(
        "sections: [(name: \"Operative\", first: 1, last: 3)]",
        "sections: [(name: \"A\", first: 1, last: 1000000), (name: \"B\", first: 1, last: 1000000)]",
    );
    let err = plenary::scenario::from_str(&text, Path::new("sections.ron")).unwrap_err().to_string();
    assert_mentions(
        &err,
        &["sections.ron: 1 problem(s)", "paragraphs.sections[1]: paragraph 1 is already in section `A`"],
    );
}
