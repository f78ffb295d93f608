//! Rosters and profiles (docs/SCENARIOS.md, "Rosters and profiles"): a
//! profile's stances, red lines and behaviour reach the negotiators that
//! name it, what a negotiator writes itself wins, a roster's groups and
//! names fill in blocs and delegations, variants see the resolved values,
//! and every mistake (an unknown profile, an include that cannot be read,
//! is malformed or closes a cycle) is a clear message and a non-zero exit.

use std::path::{Path, PathBuf};

use crate::util::*;

const ROSTER: &str = r#"// a roster
Roster(
    membership: 8,
    groups: [(id: "GRP", name: "The group", members: ["AAA", "FFF"], anonymous: 2)],
    names: {"AAA": "Atlantis", "BBB": "Borduria", "CCC": "Cascadia"},
    profiles: {"quiet": (behaviour: (silence_break: 0.0, tolerance: 0.3))},
)
"#;

const SCENARIO: &str = r#"Scenario(
    name: "Profiles",
    include: ["roster/r.ron"],
    issues: [(id: "ambition"), (id: "gender")],
    paragraphs: (count: 3, refs: [(paragraphs: [2], levels: {"ambition": 0.8, "gender": 0.5})]),
    profiles: {
        "objector": (
            stances: {"ambition": (ideal: 0.2, salience: 1.0), "gender": (ideal: 0.1, salience: 0.5)},
            red_lines: [AtMost(issue: "ambition", level: 0.5, firmness: 0.5), AtMost(issue: "gender", level: 0.4)],
            behaviour: (tolerance: 0.1, silence_break: 0.2, max_challenges: 1, vote_rule: Reservation),
        ),
    },
    blocs: [(id: "GRP", profile: "quiet", stances: {"ambition": (ideal: 0.5, salience: 0.2)})],
    delegations: [
        (id: "AAA", profile: "objector"),
        Delegation(id: "BBB", profile: "objector", behaviour: (silence_break: 0.5, max_challenges: None)),
        (id: "CCC", profile: "objector", red_lines: [AtLeast(issue: "ambition", level: 0.1)]),
        (id: "DDD", name: "Dorne", profile: "objector", stances: {"ambition": (ideal: 0.9, salience: 0.5)}),
        (id: "EEE", stances: {"ambition": (ideal: 0.8, salience: 1.0)}),
    ],
    mediator: (skill: 1.0, step: 0.5),
    calendar: [(name: "Draft under silence", kind: Silence(deadline: "Day 2 12:00"))],
    ends_without_plenary: true,
)
"#;

/// The same scenario written out in full, as the profiles and the roster
/// resolve it.
const EXPANDED: &str = r#"Scenario(
    name: "Profiles",
    membership: 8,
    issues: [(id: "ambition"), (id: "gender")],
    paragraphs: (count: 3, refs: [(paragraphs: [2], levels: {"ambition": 0.8, "gender": 0.5})]),
    blocs: [(id: "GRP", name: "The group", members: ["AAA", "FFF"], anonymous: 2,
        stances: {"ambition": (ideal: 0.5, salience: 0.2)}, behaviour: (silence_break: 0.0, tolerance: 0.3))],
    delegations: [
        (id: "AAA", name: "Atlantis",
            stances: {"ambition": (ideal: 0.2, salience: 1.0), "gender": (ideal: 0.1, salience: 0.5)},
            red_lines: [AtMost(issue: "ambition", level: 0.5, firmness: 0.5), AtMost(issue: "gender", level: 0.4)],
            behaviour: (tolerance: 0.1, silence_break: 0.2, max_challenges: 1)),
        (id: "BBB", name: "Borduria",
            stances: {"ambition": (ideal: 0.2, salience: 1.0), "gender": (ideal: 0.1, salience: 0.5)},
            red_lines: [AtMost(issue: "ambition", level: 0.5, firmness: 0.5), AtMost(issue: "gender", level: 0.4)],
            behaviour: (tolerance: 0.1, silence_break: 0.5)),
        (id: "CCC", name: "Cascadia",
            stances: {"ambition": (ideal: 0.2, salience: 1.0), "gender": (ideal: 0.1, salience: 0.5)},
            red_lines: [AtMost(issue: "gender", level: 0.4), AtLeast(issue: "ambition", level: 0.1)],
            behaviour: (tolerance: 0.1, silence_break: 0.2, max_challenges: 1)),
        (id: "DDD", name: "Dorne",
            stances: {"ambition": (ideal: 0.9, salience: 0.5), "gender": (ideal: 0.1, salience: 0.5)},
            red_lines: [AtMost(issue: "ambition", level: 0.5, firmness: 0.5), AtMost(issue: "gender", level: 0.4)],
            behaviour: (tolerance: 0.1, silence_break: 0.2, max_challenges: 1)),
        (id: "EEE", stances: {"ambition": (ideal: 0.8, salience: 1.0)}),
    ],
    mediator: (skill: 1.0, step: 0.5),
    calendar: [(name: "Draft under silence", kind: Silence(deadline: "Day 2 12:00"))],
    ends_without_plenary: true,
)
"#;

/// A folder with `files` (relative path, text) written in it.
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn path_in(dir: &tempfile::TempDir, name: &str) -> PathBuf {
    dir.path().join(name)
}

/// `plenary check` on a file: it must fail, without a panic; stderr.
fn check_fails(path: &Path) -> String {
    let out = plenary(&["check", path.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!out.status.success(), "check accepted {}", path.display());
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.stdout.is_empty(), "check printed output: {err}");
    err
}

fn assert_mentions(err: &str, needles: &[&str]) {
    for n in needles {
        assert!(err.contains(n), "expected `{n}` in:\n{err}");
    }
}

/// The 1-based line and column where `needle` starts in `text`.
fn position_of(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).unwrap();
    let line = text[..at].matches('\n').count() + 1;
    let column = at - text[..at].rfind('\n').map_or(0, |n| n + 1) + 1;
    (line, column)
}

#[test]
fn a_profile_gives_what_a_negotiator_does_not_write_itself() {
    let dir = folder(&[("s.ron", SCENARIO), ("roster/r.ron", ROSTER)]);
    let file = plenary::scenario::load_file(&path_in(&dir, "s.ron")).unwrap_or_else(|e| panic!("{e}"));
    assert!(file.include.is_empty() && file.profiles.is_empty(), "resolved away");
    let d = |id: &str| file.delegations.iter().find(|d| d.id == id).unwrap();
    // AAA: all of the profile.
    let aaa = d("AAA");
    assert!(aaa.profile.is_none());
    assert_eq!(aaa.stances["ambition"].ideal, 0.2);
    assert_eq!(aaa.red_lines.len(), 2);
    assert_eq!((aaa.behaviour.tolerance, aaa.behaviour.silence_break), (0.1, 0.2));
    assert_eq!(aaa.behaviour.max_challenges, Some(1));
    assert_eq!(aaa.behaviour.red_line_break, 1.0, "what neither gives is the default");
    // BBB: its own behaviour parameters win, `None` written out included.
    let bbb = d("BBB");
    assert_eq!((bbb.behaviour.tolerance, bbb.behaviour.silence_break), (0.1, 0.5));
    assert_eq!(bbb.behaviour.max_challenges, None);
    // CCC: its own red line on `ambition` replaces the profile's on it.
    let ccc = d("CCC");
    let kinds: Vec<String> = ccc.red_lines.iter().map(|l| format!("{l:?}")).collect();
    assert_eq!(kinds.len(), 2, "{kinds:?}");
    assert!(kinds[0].starts_with("AtMost") && kinds[0].contains("gender"), "{kinds:?}");
    assert!(kinds[1].starts_with("AtLeast") && kinds[1].contains("ambition"), "{kinds:?}");
    // DDD: its own stance on `ambition` wins; the profile's on `gender` stays.
    let ddd = d("DDD");
    assert_eq!((ddd.stances["ambition"].ideal, ddd.stances["gender"].ideal), (0.9, 0.1));
    assert_eq!(ddd.name, "Dorne", "a name written wins over the roster's (it has none)");
    // The roster: names, the group's members and name, the membership, and
    // its profile for the bloc.
    assert_eq!((d("AAA").name.as_str(), d("EEE").name.as_str()), ("Atlantis", ""));
    let grp = &file.blocs[0];
    assert_eq!((grp.name.as_str(), grp.members.len(), grp.anonymous), ("The group", 2, 2));
    assert_eq!((grp.behaviour.tolerance, grp.behaviour.silence_break), (0.3, 0.0));
    assert_eq!(grp.stances["ambition"].ideal, 0.5);
    assert_eq!(file.membership, Some(8));
}

/// The scenario checks to exactly the scenario written out in full, and
/// runs to the same figures.
#[test]
fn profiles_and_a_roster_resolve_to_the_scenario_written_out() {
    let dir = folder(&[("s.ron", SCENARIO), ("roster/r.ron", ROSTER)]);
    let path = path_in(&dir, "s.ron");
    let (with, sources) = plenary::scenario::load_with_sources(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sources, vec![path.clone(), dir.path().join("roster/r.ron")], "the roster is a source");
    let written = plenary::scenario::from_str(EXPANDED, &path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(serde_json::to_value(&with).unwrap(), serde_json::to_value(&written).unwrap());
    let (a, b) = (batch(&with, 2000, 5), batch(&written, 2000, 5));
    assert_eq!(format!("{:?}", a.tally), format!("{:?}", b.tally));
    let out = plenary(&["check", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn an_unknown_profile_is_named_with_its_place_and_the_closest_or_the_known_ones() {
    let text = SCENARIO.replace(r#"(id: "CCC", profile: "objector""#, r#"(id: "CCC", profile: "objectr""#);
    let dir = folder(&[("s.ron", &text), ("roster/r.ron", ROSTER)]);
    let err = check_fails(&path_in(&dir, "s.ron"));
    let (line, column) = position_of(&text, r#""objectr""#);
    assert_mentions(
        &err,
        &[
            "s.ron",
            &format!("{line}:{column}: delegations[CCC].profile"),
            "no profile `objectr`; did you mean `objector`?",
        ],
    );
    // A name close to none: the known ones are listed.
    let text = SCENARIO.replace(r#"(id: "CCC", profile: "objector""#, r#"(id: "CCC", profile: "zzz""#);
    let dir = folder(&[("s.ron", &text), ("roster/r.ron", ROSTER)]);
    let err = check_fails(&path_in(&dir, "s.ron"));
    assert_mentions(&err, &["no profile `zzz`", "objector", "quiet"]);
    // One in a bloc, in a scenario with no profiles at all.
    let text = EXPANDED.replace(r#"(id: "GRP","#, r#"(id: "GRP", profile: "quiet","#);
    let dir = folder(&[("s.ron", &text)]);
    let err = check_fails(&path_in(&dir, "s.ron"));
    assert_mentions(&err, &["blocs[GRP].profile", "no profile `quiet`", "define no profiles"]);
}

#[test]
fn an_include_that_cannot_be_read_names_the_include_and_the_file() {
    let dir = folder(&[("s.ron", SCENARIO)]);
    let err = check_fails(&path_in(&dir, "s.ron"));
    let (line, column) = position_of(SCENARIO, r#""roster/r.ron""#);
    assert_mentions(&err, &["s.ron", &format!("{line}:{column}: include[0]"), "cannot read", "r.ron"]);
    // A folder is not a roster either.
    let dir = folder(&[("s.ron", SCENARIO), ("roster/r.ron/x", "")]);
    let err = check_fails(&path_in(&dir, "s.ron"));
    assert_mentions(&err, &["include[0]", "a folder"]);
    let text = SCENARIO.replace(r#""roster/r.ron""#, r#""  ""#);
    let dir = folder(&[("s.ron", &text)]);
    assert_mentions(&check_fails(&path_in(&dir, "s.ron")), &["include[0]", "is empty"]);
}

#[test]
fn a_malformed_roster_is_named_with_its_line_and_column() {
    let roster = ROSTER.replace("anonymous: 2)", "anonymous: \"two\")");
    let dir = folder(&[("s.ron", SCENARIO), ("roster/r.ron", &roster)]);
    let err = check_fails(&path_in(&dir, "s.ron"));
    let (line, _) = position_of(&roster, "anonymous: \"two\"");
    assert_mentions(&err, &[&format!("r.ron:{line}:"), "anonymous"]);
    // An unknown field, and a scenario where a roster is expected.
    let roster = ROSTER.replace("names:", "nmes:");
    let dir = folder(&[("s.ron", SCENARIO), ("roster/r.ron", &roster)]);
    assert_mentions(&check_fails(&path_in(&dir, "s.ron")), &["r.ron:", "nmes"]);
    let dir = folder(&[("s.ron", SCENARIO), ("roster/r.ron", EXPANDED)]);
    assert_mentions(&check_fails(&path_in(&dir, "s.ron")), &["r.ron:1:1", "Roster", "not a `Scenario`"]);
}

#[test]
fn an_include_cycle_is_refused() {
    let a = r#"Roster(include: ["b.ron"], names: {"AAA": "Atlantis"})"#;
    let b = r#"Roster(include: ["a.ron"])"#;
    let dir = folder(&[("s.ron", SCENARIO), ("roster/r.ron", a), ("roster/b.ron", b), ("roster/a.ron", a)]);
    let text = SCENARIO.replace("roster/r.ron", "roster/a.ron");
    std::fs::write(path_in(&dir, "s.ron"), &text).unwrap();
    let err = check_fails(&path_in(&dir, "s.ron"));
    assert_mentions(&err, &["b.ron", "include[0]", "closes a cycle", "a.ron includes", "b.ron includes"]);
    // A roster that includes itself.
    let dir = folder(&[("s.ron", SCENARIO), ("roster/r.ron", r#"Roster(include: ["r.ron"])"#)]);
    assert_mentions(&check_fails(&path_in(&dir, "s.ron")), &["r.ron", "is this file itself"]);
    // One file included twice (not a cycle) is read once.
    let text = SCENARIO.replace(r#"["roster/r.ron"]"#, r#"["roster/r.ron", "roster/../roster/r.ron"]"#);
    let dir = folder(&[("s.ron", &text), ("roster/r.ron", ROSTER)]);
    plenary::scenario::load(path_in(&dir, "s.ron")).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_profile_or_a_group_is_defined_once() {
    let text = SCENARIO.replace(r#""objector": ("#, r#""quiet": (behaviour: ()), "objector": ("#);
    let dir = folder(&[("s.ron", &text), ("roster/r.ron", ROSTER)]);
    assert_mentions(&check_fails(&path_in(&dir, "s.ron")), &["profiles[quiet]", "also defined in", "r.ron"]);
    let other = r#"Roster(groups: [(id: "GRP", anonymous: 3)])"#;
    let roster = ROSTER.replace("// a roster", "").replace("Roster(", r#"Roster(include: ["other.ron"],"#);
    let dir = folder(&[("s.ron", SCENARIO), ("roster/r.ron", &roster), ("roster/other.ron", other)]);
    assert_mentions(&check_fails(&path_in(&dir, "s.ron")), &["groups[GRP]", "also given in", "other.ron"]);
}

/// A variant's `set` reaches a field that a profile gave, and one the
/// delegation wrote over its profile.
#[test]
fn a_variant_sets_a_field_that_a_profile_gave() {
    let variant = r#"Variant(
        extends: "s.ron",
        set: {"delegations.AAA.silence_break": 0.9, "delegations.BBB.tolerance": 0.3, "blocs.GRP.tolerance": 0.4},
    )"#;
    let dir = folder(&[("s.ron", SCENARIO), ("roster/r.ron", ROSTER), ("v.ron", variant)]);
    let file = plenary::scenario::load_file(&path_in(&dir, "v.ron")).unwrap_or_else(|e| panic!("{e}"));
    let d = |id: &str| file.delegations.iter().find(|d| d.id == id).unwrap();
    assert_eq!((d("AAA").behaviour.silence_break, d("AAA").behaviour.tolerance), (0.9, 0.1));
    assert_eq!((d("BBB").behaviour.silence_break, d("BBB").behaviour.tolerance), (0.5, 0.3));
    assert_eq!(file.blocs[0].behaviour.tolerance, 0.4);
    let (_, sources) = plenary::scenario::load_with_sources(path_in(&dir, "v.ron")).unwrap();
    assert_eq!(sources.len(), 3, "the variant, its base and the base's roster: {sources:?}");
}

/// wsis20.ron takes its roster from roster/un193.ron and uses profiles;
/// the golden tests (tests/golden.rs) hold its figures to what they were.
#[test]
fn wsis20_uses_the_shared_roster_and_profiles() {
    let path = scenario_path("scenarios/wsis20.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(r#"include: ["roster/un193.ron"]"#));
    assert!(text.matches("profile: \"").count() >= 10, "wsis20 uses its profiles");
    let (scenario, sources) = plenary::scenario::load_with_sources(&path).unwrap();
    assert!(sources.iter().any(|p| p.ends_with("roster/un193.ron")), "{sources:?}");
    let file = plenary::scenario::load_file(&path).unwrap();
    assert_eq!(file.membership, Some(193));
    assert_eq!(scenario.negotiators().len(), 20);
    let g77 = file.blocs.iter().find(|b| b.id == "G77").unwrap();
    assert_eq!((g77.name.as_str(), g77.members.len(), g77.anonymous), ("Group of 77 and China", 10, 124));
    let gbr = file.delegations.iter().find(|d| d.id == "GBR").unwrap();
    assert_eq!(gbr.name, "United Kingdom");
    assert_eq!(gbr.stances["multistakeholder"].salience, 0.6, "from the igf_partner profile");
    assert_eq!(gbr.behaviour.max_challenges, Some(5));
}

/// A scenario file built or changed in code that still holds a profile has
/// not been read through `parse`: validation says so instead of ignoring it.
#[test]
fn validation_refuses_an_unresolved_profile() {
    let mut file = plenary::scenario::parse(EXPANDED, Path::new("x.ron")).unwrap();
    file.delegations[0].profile = Some("objector".into());
    let err = plenary::scenario::check(&file, Path::new("x.ron")).unwrap_err().to_string();
    assert_mentions(&err, &["delegations[AAA].profile", "resolved when the file is read"]);
}
