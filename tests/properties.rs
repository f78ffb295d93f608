//! Property tests over random small scenarios (issue 20): whatever the
//! room, the draft and the calendar, the scenario loads (and its text cut
//! or garbled is read or refused, never a panic), a batch gives the same tally on 1, 2 and 3 threads, and
//! every tally keeps the invariants of real runs: outcomes add up to the
//! runs, a held silence skips to the plenary, every share and interval is
//! within 0..1.

use std::path::Path;

use plenary::{Batch, Outcome, RunReport};
use proptest::prelude::*;

const KINDS: [&str; 5] = ["Reading", "Revision", "Silence()", "Consultations", "PresidentCompromise"];

/// One delegation (or bloc): influence, per issue an ideal and salience
/// (or no stance), an optional red line on the first issue it has a stance
/// on, and its behaviour.
#[derive(Debug, Clone)]
struct Party {
    influence: f64,
    stances: Vec<Option<(f64, f64)>>,
    red_line: Option<(bool, f64, f64)>,
    tolerance: f64,
    silence_break: f64,
    vote_call: f64,
    anonymous: u32,
}

#[derive(Debug, Clone)]
struct Room {
    issues: usize,
    paragraphs: u32,
    /// Per paragraph, per issue: a level or no reference.
    refs: Vec<Vec<Option<f64>>>,
    blocs: Vec<Party>,
    delegations: Vec<Party>,
    skill: f64,
    step: f64,
    president: Option<(f64, f64, f64)>,
    stages: Vec<usize>,
    plenary: bool,
}

fn share() -> impl Strategy<Value = f64> {
    (0u32..=20).prop_map(|k| k as f64 / 20.0)
}

fn party(issues: usize) -> impl Strategy<Value = Party> {
    (
        (1u32..=8).prop_map(|k| k as f64 / 2.0),
        prop::collection::vec(prop::option::weighted(0.7, (share(), share())), issues),
        prop::option::of((any::<bool>(), share(), share())),
        share(),
        share(),
        share(),
        0u32..5,
    )
        .prop_map(|(influence, stances, red_line, tolerance, silence_break, vote_call, anonymous)| {
            Party { influence, stances, red_line, tolerance, silence_break, vote_call, anonymous }
        })
}

fn room() -> impl Strategy<Value = Room> {
    (1usize..=3, 1u32..=6).prop_flat_map(|(issues, paragraphs)| {
        (
            prop::collection::vec(
                prop::collection::vec(prop::option::of(share()), issues),
                paragraphs as usize,
            ),
            prop::collection::vec(party(issues), 0..=2),
            prop::collection::vec(party(issues), 1..=4),
            share(),
            share(),
            prop::option::of((share(), share(), share())),
            prop::collection::vec(0usize..KINDS.len(), 0..=6),
            any::<bool>(),
        )
            .prop_map(move |(refs, blocs, delegations, skill, step, president, stages, plenary)| {
                Room {
                    issues,
                    paragraphs,
                    refs,
                    blocs,
                    delegations,
                    skill,
                    step,
                    president,
                    // A calendar has a stage at least.
                    plenary: plenary || stages.is_empty(),
                    stages,
                }
            })
    })
}

fn party_text(id: &str, p: &Party, bloc: bool) -> String {
    let stances: Vec<String> = p
        .stances
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.map(|(ideal, sal)| format!("\"i{i}\": (ideal: {ideal}, salience: {sal})")))
        .collect();
    let red_lines = match (p.red_line, p.stances.iter().position(Option::is_some)) {
        (Some((at_most, level, firmness)), Some(i)) => {
            let kind = if at_most { "AtMost" } else { "AtLeast" };
            format!("[{kind}(issue: \"i{i}\", level: {level}, firmness: {firmness})]")
        }
        _ => "[]".into(),
    };
    let anonymous = if bloc { format!(", anonymous: {}", p.anonymous.max(1)) } else { String::new() };
    format!(
        "(id: \"{id}\", influence: {}, stances: {{{}}}, red_lines: {red_lines}, \
         behaviour: (tolerance: {}, silence_break: {}, vote_call: {}){anonymous})",
        p.influence,
        stances.join(", "),
        p.tolerance,
        p.silence_break,
        p.vote_call
    )
}

/// The room as scenario text: a valid scenario, whatever the room.
fn text(r: &Room) -> String {
    let issues: Vec<String> = (0..r.issues).map(|i| format!("(id: \"i{i}\")")).collect();
    let refs: Vec<String> = r
        .refs
        .iter()
        .enumerate()
        .filter_map(|(n, levels)| {
            let set: Vec<String> =
                levels.iter().enumerate().filter_map(|(i, l)| l.map(|l| format!("\"i{i}\": {l}"))).collect();
            (!set.is_empty()).then(|| format!("(paragraphs: [{}], levels: {{{}}})", n + 1, set.join(", ")))
        })
        .collect();
    let blocs: Vec<String> =
        r.blocs.iter().enumerate().map(|(k, p)| party_text(&format!("B{k}"), p, true)).collect();
    let delegations: Vec<String> =
        r.delegations.iter().enumerate().map(|(k, p)| party_text(&format!("D{k}"), p, false)).collect();
    let mut calendar: Vec<String> =
        r.stages.iter().enumerate().map(|(k, &s)| format!("(name: \"s{k}\", kind: {})", KINDS[s])).collect();
    if r.plenary {
        calendar.push("(name: \"plenary\", kind: Plenary)".into());
    }
    // A President's stage needs a President.
    let needed = r.stages.iter().any(|&s| KINDS[s] == "PresidentCompromise");
    let president = match (r.president, needed) {
        (Some((skill, step, pressure)), _) => {
            format!("president: (skill: {skill}, step: {step}, collapse_pressure: {pressure}),")
        }
        (None, true) => "president: (skill: 0.5, step: 0.5),".to_string(),
        (None, false) => String::new(),
    };
    format!(
        "Scenario(name: \"random\", issues: [{}], paragraphs: (count: {}, refs: [{}]), blocs: [{}], \
         delegations: [{}], mediator: (skill: {}, step: {}), {president} calendar: [{}], \
         ends_without_plenary: {})",
        issues.join(", "),
        r.paragraphs,
        refs.join(", "),
        blocs.join(", "),
        delegations.join(", "),
        r.skill,
        r.step,
        calendar.join(", "),
        !r.plenary
    )
}

/// Every `p`, `*_p` and `ci95` of a report's JSON within 0..1, and each
/// interval around its share.
fn check_shares(v: &serde_json::Value, at: &str) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, x) in map {
                let here = format!("{at}.{k}");
                if k == "p" || k.ends_with("_p") {
                    let p = x.as_f64().unwrap_or_else(|| panic!("{here} is not a number"));
                    assert!((0.0..=1.0).contains(&p), "{here} = {p}");
                }
                if k == "ci95" {
                    let (lo, hi) = (x[0].as_f64().unwrap(), x[1].as_f64().unwrap());
                    assert!(0.0 <= lo && lo <= hi && hi <= 1.0, "{here} = [{lo}, {hi}]");
                    if let Some(p) = map.get("p").and_then(|p| p.as_f64()) {
                        assert!(lo <= p + 1e-12 && p <= hi + 1e-12, "{here} = [{lo}, {hi}] around {p}");
                    }
                }
                check_shares(x, &here);
            }
        }
        serde_json::Value::Array(xs) => {
            xs.iter().enumerate().for_each(|(i, x)| check_shares(x, &format!("{at}[{i}]")))
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn random_small_scenarios_keep_the_invariants(r in room(), seed in 0u64..1000, cut in 0usize..4000, byte in any::<u8>()) {
        let text = text(&r);
        let path = Path::new("random.ron");
        // Garbled or cut short, the text is refused or read, never a panic.
        let mut garbled = text.clone().into_bytes();
        let at = cut % garbled.len();
        garbled[at] = byte;
        if let Ok(g) = std::str::from_utf8(&garbled) {
            let _ = plenary::scenario::from_str(g, path);
        }
        let _ = plenary::scenario::from_str(&text[..text.floor_char_boundary(at)], path);
        let scenario = match plenary::scenario::from_str(&text, path) {
            Ok(s) => s,
            Err(e) => return Err(TestCaseError::fail(format!("a generated room is invalid: {e}\n{text}"))),
        };
        let runs = 60;
        let batch = |threads: usize| Batch::new().runs(runs).seed(seed).threads(threads).run(&scenario).unwrap();
        let one = batch(1);
        let t = &one.tally;
        for threads in [2, 3] {
            prop_assert_eq!(&batch(threads).tally, t, "{} threads differ from 1", threads);
        }
        prop_assert!(t.is_consistent());
        prop_assert_eq!(t.runs, runs);
        prop_assert_eq!(Outcome::ALL.iter().map(|&o| t.outcomes[o]).sum::<u64>(), runs);
        prop_assert_eq!(t.votes, t.outcomes[Outcome::AdoptedByVote] + t.outcomes[Outcome::RejectedByVote]);
        // A held silence skips to the plenary: no later stage but the
        // plenary is reached in the runs in which it held.
        let kinds: Vec<&str> = r.stages.iter().map(|&s| KINDS[s]).collect();
        for (s, kind) in kinds.iter().enumerate() {
            let stage = &t.stages[s];
            prop_assert!(stage.reached <= runs && stage.held <= stage.reached);
            if *kind != "Silence()" {
                prop_assert_eq!(stage.held, 0, "stage {} is not a silence", s);
                continue;
            }
            for later in &t.stages[s + 1..kinds.len()] {
                prop_assert!(later.reached <= stage.reached - stage.held,
                    "stage {}: held {} of {}, a later stage reached {}", s, stage.held, stage.reached, later.reached);
            }
            if r.plenary {
                prop_assert!(t.stages[kinds.len()].reached >= stage.held);
            }
        }
        if !r.plenary {
            prop_assert_eq!(t.votes, 0, "a vote without a plenary");
        }
        let report = RunReport::new(&scenario, seed, &one, None);
        check_shares(&serde_json::to_value(&report).unwrap(), "report");
    }
}
