//! Stage semantics, each on a small scenario, read off a traced run.

use plenary::TraceEvent;
use plenary::{MoveKind, Outcome};

use crate::util::*;

const ISSUES: &str = r#"issues: [(id: "gender"), (id: "climate"), (id: "finance")],"#;

fn outcome(events: &[TraceEvent]) -> Outcome {
    match events.last() {
        Some(TraceEvent::Finished { outcome }) => *outcome,
        other => panic!("trace does not end with the outcome: {other:?}"),
    }
}

/// A reading brackets exactly the paragraphs each negotiator objects to.
#[test]
fn a_reading_brackets_exactly_the_objected_paragraphs() {
    let s = scenario(&format!(
        r#"Scenario(
            name: "reading", {ISSUES}
            paragraphs: (count: 6, refs: [
                (paragraphs: [1], levels: {{"gender": 0.9}}),
                (paragraphs: [2], levels: {{"gender": 0.15}}),
                (paragraphs: [3], levels: {{"climate": 0.8}}),
                (range: (4, 5), levels: {{"finance": 0.1}}),
            ]),
            delegations: [
                // objects to 1 (0.9 > 0.1), not 2 (0.15 * 0.5 = 0.075 within tolerance)
                (id: "AAA", stances: {{"gender": (ideal: 0.0, salience: 0.5)}}, behaviour: (tolerance: 0.1)),
                // red line on finance: 4 and 5 violate AtLeast 0.5; indifferent to the rest
                (id: "BBB", red_lines: [AtLeast(issue: "finance", level: 0.5, firmness: 1.0)]),
                // objects to 3 only
                (id: "CCC", stances: {{"climate": (ideal: 0.2, salience: 1.0)}}, behaviour: (tolerance: 0.5)),
            ],
            mediator: (skill: 1.0, step: 0.5),
            calendar: [(name: "first reading", kind: Reading), (name: "plenary", kind: Plenary)],
        )"#
    ));
    let events = trace(&s, 1, 0);
    let bracketed: Vec<(usize, Vec<u32>)> = events
        .iter()
        .filter_map(|e| match e {
            TraceEvent::Bracketed { by, paragraphs } => Some((*by, paragraphs.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(bracketed, vec![(0, vec![1]), (1, vec![4, 5]), (2, vec![3])]);
    let b = batch(&s, 10, 1);
    let flags: Vec<u64> = b.tally.paragraphs.iter().map(|p| p.bracketed).collect();
    assert_eq!(flags, vec![10, 0, 10, 10, 10, 0]);
    assert_eq!(b.tally.stages[0].bracketed, 40);
}

fn first_move(events: &[TraceEvent]) -> (MoveKind, f64) {
    events
        .iter()
        .find_map(|e| match e {
            TraceEvent::Move { kind, to, .. } => Some((*kind, *to)),
            _ => None,
        })
        .expect("a move was made")
}

fn one_move_scenario(delegations: &str, mediator_extra: &str) -> plenary::scenario::Scenario {
    scenario(&format!(
        r#"Scenario(
            name: "move", {ISSUES}
            paragraphs: (count: 1, refs: [(paragraphs: [1], levels: {{"gender": 0.9}})]),
            delegations: [{delegations}],
            mediator: (skill: 1.0, step: 0.5 {mediator_extra}),
            calendar: [(name: "reading", kind: Reading), (name: "revision", kind: Revision), (name: "plenary", kind: Plenary)],
        )"#
    ))
}

/// The compromise point (influence x salience weighted mean of ideals) wins
/// when it violates nobody and leaves the fewest objectors.
#[test]
fn a_move_picks_the_compromise_point_when_it_is_best() {
    let s = one_move_scenario(
        r#"(id: "AAA", influence: 1.0, stances: {"gender": (ideal: 0.2, salience: 1.0)}, behaviour: (tolerance: 0.35)),
           (id: "BBB", influence: 3.0, stances: {"gender": (ideal: 0.6, salience: 1.0)}, behaviour: (tolerance: 0.35)),"#,
        "",
    );
    let (kind, to) = first_move(&trace(&s, 1, 0));
    assert_eq!(kind, MoveKind::CompromisePoint);
    assert!((to - 0.5).abs() < 1e-12, "(1 * 0.2 + 3 * 0.6) / 4 = 0.5, got {to}");
}

/// When the compromise point crosses a binding red line, the feasible point
/// (the closest point of the red lines' interval) wins over deletion.
#[test]
fn a_move_picks_the_feasible_point_over_a_vetoed_compromise() {
    let s = one_move_scenario(
        r#"(id: "AAA", influence: 1.0, stances: {"gender": (ideal: 0.0, salience: 0.5)},
            red_lines: [AtMost(issue: "gender", level: 0.3, firmness: 1.0)], behaviour: (tolerance: 0.2)),
           (id: "BBB", influence: 2.0, stances: {"gender": (ideal: 1.0, salience: 1.0)}, behaviour: (tolerance: 0.1)),"#,
        "",
    );
    // compromise point (0.5 * 0 + 2 * 1) / 2.5 = 0.8 violates AAA's AtMost 0.3;
    // feasible 0.3: BBB objects (u 0.7), AAA does not (0.15 <= 0.2), weighted 1.55;
    // deletion 0.0: BBB objects, weighted 2.0. The feasible point wins.
    let (kind, to) = first_move(&trace(&s, 1, 0));
    assert_eq!(kind, MoveKind::FeasiblePoint);
    assert!((to - 0.3).abs() < 1e-12, "got {to}");
}

/// With conflicting red lines, the heavier side's interval wins.
#[test]
fn conflicting_red_lines_drop_the_least_influential() {
    let s = one_move_scenario(
        r#"(id: "AAA", influence: 1.0, stances: {"gender": (ideal: 0.0, salience: 0.1)},
            red_lines: [AtMost(issue: "gender", level: 0.2)]),
           (id: "BBB", influence: 5.0, stances: {"gender": (ideal: 1.0, salience: 0.1)},
            red_lines: [AtLeast(issue: "gender", level: 0.6)]),"#,
        "",
    );
    // AAA's line is violated at 0.9, so the paragraph is contested. Every
    // candidate violates someone; BBB weighs more, so the best candidates
    // keep BBB's line: compromise point (0.1 * 0 + 0.5 * 1) / 0.6 = 0.833
    // violates only AAA (veto 1), as does the feasible point (the same);
    // deletion violates BBB (veto 5). The compromise point wins on order.
    let (kind, to) = first_move(&trace(&s, 1, 0));
    assert_eq!(kind, MoveKind::CompromisePoint);
    assert!((to - 0.5 / 0.6).abs() < 1e-9, "got {to}");
}

/// Constructive ambiguity: it never cures a red-line violation, but when the
/// problem is dissatisfaction it keeps the level and discounts it.
#[test]
fn ambiguity_saves_a_paragraph_nobody_vetoes() {
    let s = one_move_scenario(
        r#"(id: "AAA", influence: 1.0, stances: {"gender": (ideal: 0.0, salience: 0.4)}, behaviour: (tolerance: 0.2)),
           (id: "BBB", influence: 1.0, stances: {"gender": (ideal: 0.9, salience: 1.0)}, behaviour: (tolerance: 0.1)),"#,
        r#", ambiguity: {"gender": 0.5}"#,
    );
    // at 0.9 AAA's u = 0.36 > 0.2. Compromise point (0.4 * 0 + 1 * 0.9) / 1.4 = 0.643:
    // BBB objects (0.257). Deletion: BBB objects. Ambiguity keeps 0.9 with AAA
    // at 0.18 <= 0.2 and BBB at 0: nobody objects.
    let (kind, to) = first_move(&trace(&s, 1, 0));
    assert_eq!(kind, MoveKind::Ambiguity);
    assert!((to - 0.9).abs() < 1e-12);
}

/// A fumble steps toward the compromise point and stops at a red line the
/// current level satisfies.
#[test]
fn a_fumbled_move_stops_at_a_satisfied_red_line() {
    let s = scenario(&format!(
        r#"Scenario(
            name: "fumble", {ISSUES}
            paragraphs: (count: 1, refs: [(paragraphs: [1], levels: {{"gender": 0.5}})]),
            delegations: [
                (id: "AAA", influence: 1.0, stances: {{"gender": (ideal: 0.0, salience: 1.0)}},
                 red_lines: [AtLeast(issue: "gender", level: 0.2)], behaviour: (tolerance: 0.0)),
                (id: "BBB", influence: 9.0, stances: {{"gender": (ideal: 0.0, salience: 1.0)}}, behaviour: (tolerance: 0.0)),
            ],
            mediator: (skill: 0.0, step: 0.9),
            calendar: [(name: "reading", kind: Reading), (name: "revision", kind: Revision), (name: "plenary", kind: Plenary)],
        )"#
    ));
    // 0.5 + 0.9 * (0 - 0.5) = 0.05, but AAA's AtLeast 0.2 holds at 0.5: stop at 0.2.
    let (kind, to) = first_move(&trace(&s, 1, 0));
    assert_eq!(kind, MoveKind::Step);
    assert!((to - 0.2).abs() < 1e-12, "got {to}");
}

fn silence_scenario(firmness: f64, silence_break: f64, calendar: &str) -> plenary::scenario::Scenario {
    scenario(&format!(
        r#"Scenario(
            name: "silence", {ISSUES}
            paragraphs: (count: 3, refs: [(paragraphs: [2], levels: {{"climate": 0.8}})]),
            delegations: [
                (id: "USA", stances: {{"climate": (ideal: 0.0, salience: 0.1)}},
                 red_lines: [AtMost(issue: "climate", level: 0.0, firmness: {firmness})],
                 behaviour: (silence_break: {silence_break}, vote_call: 0.0)),
                (id: "EU", stances: {{"climate": (ideal: 0.8, salience: 1.0)}}),
            ],
            mediator: (skill: 1.0, step: 0.5),
            calendar: [{calendar}],
        )"#
    ))
}

const SILENCE_THEN_TALKS: &str = r#"(name: "silence", kind: Silence(deadline: "noon")),
    (name: "talks", kind: Consultations), (name: "rev", kind: Revision), (name: "plenary", kind: Plenary)"#;

/// A binding red line breaks silence (red_line_break defaults to 1), even
/// when the delegation never breaks silence over mere dissatisfaction.
#[test]
fn a_binding_red_line_breaks_silence() {
    let s = silence_scenario(1.0, 0.0, SILENCE_THEN_TALKS);
    let b = batch(&s, 200, 1);
    assert_eq!(b.tally.stages[0].held, 0);
    assert_eq!(b.tally.negotiators[0].broke_silence, 200, "the US broke silence in every run");
    assert_eq!(b.tally.paragraphs[1].challenged, 200, "over paragraph 2");
    let events = trace(&s, 1, 0);
    assert!(events.contains(&TraceEvent::SilenceBroken {
        by: 0,
        paragraphs: vec![2],
        red_line: true,
        threatened: false
    }));
    // A bargaining position (firmness 0) with silence_break 0 never breaks it.
    let s = silence_scenario(0.0, 0.0, SILENCE_THEN_TALKS);
    let b = batch(&s, 200, 1);
    assert_eq!(b.tally.stages[0].held, 200);
}

/// A held silence skips straight to the plenary.
#[test]
fn a_held_silence_skips_to_the_plenary() {
    let s = silence_scenario(0.0, 0.0, SILENCE_THEN_TALKS);
    let events = trace(&s, 1, 0);
    let stages: Vec<usize> = events
        .iter()
        .filter_map(|e| match e {
            TraceEvent::StageStarted { stage } => Some(*stage),
            _ => None,
        })
        .collect();
    assert_eq!(stages, vec![0, 3]);
    assert_eq!(outcome(&events), Outcome::Consensus);
    let b = batch(&s, 100, 1);
    let reached: Vec<u64> = b.tally.stages.iter().map(|s| s.reached).collect();
    assert_eq!(reached, vec![100, 0, 0, 100]);
}

/// At the plenary a violated binding red line leads to a vote call
/// (vote_call 1) or to a disassociation (vote_call 0).
#[test]
fn a_violated_red_line_at_plenary_calls_a_vote_or_disassociates() {
    let text = |vote_call: f64| {
        format!(
            r#"Scenario(
                name: "plenary", {ISSUES}
                paragraphs: (count: 2, refs: [(paragraphs: [2], levels: {{"climate": 0.8}})]),
                delegations: [
                    (id: "USA", red_lines: [AtMost(issue: "climate", level: 0.0)], behaviour: (vote_call: {vote_call})),
                    (id: "EU", stances: {{"climate": (ideal: 0.8, salience: 1.0)}}),
                ],
                mediator: (skill: 1.0, step: 0.5),
                calendar: [(name: "plenary", kind: Plenary)],
            )"#
        )
    };
    let events = trace(&scenario(&text(1.0)), 1, 0);
    assert!(events.contains(&TraceEvent::VoteCalled { by: 0 }));
    assert!(events.iter().any(|e| matches!(e, TraceEvent::Vote { .. })));
    assert!(!events.iter().any(|e| matches!(e, TraceEvent::Disassociated { .. })));

    let events = trace(&scenario(&text(0.0)), 1, 0);
    assert!(events.contains(&TraceEvent::Disassociated { by: 0, paragraphs: vec![2] }));
    assert_eq!(outcome(&events), Outcome::Consensus);

    // vote_call 0.3: the vote is called in about 30% of runs.
    let b = batch(&scenario(&text(0.3)), 10_000, 2);
    assert_in_99(b.tally.votes, 10_000, 0.3, "vote called");
    assert_eq!(
        b.tally.negotiators[0].disassociated + b.tally.votes,
        10_000,
        "every run either disassociates or votes"
    );
}

/// Collapse: too much influence with violated red lines and no text is tabled.
#[test]
fn collapse_means_no_text() {
    let s = scenario(&format!(
        r#"Scenario(
            name: "collapse", {ISSUES}
            collapse_share: 0.4,
            paragraphs: (count: 1, refs: [(paragraphs: [1], levels: {{"finance": 0.0}})]),
            blocs: [(id: "G77", influence: 3.0, red_lines: [AtLeast(issue: "finance", level: 0.8)], anonymous: 5)],
            delegations: [(id: "USA", influence: 2.0, red_lines: [AtMost(issue: "finance", level: 0.2)])],
            mediator: (skill: 1.0, step: 0.5),
            calendar: [(name: "plenary", kind: Plenary)],
        )"#
    ));
    let events = trace(&s, 1, 0);
    assert!(
        matches!(events[events.len() - 2], TraceEvent::Collapse { share } if (share - 0.6).abs() < 1e-12)
    );
    assert_eq!(outcome(&events), Outcome::NoText);
}

/// Red lines that touch within float noise (an interval empty by less than
/// the 1e-9 slack) are one point, not a panic.
#[test]
fn red_lines_touching_within_float_noise_are_a_point() {
    let s = scenario(&format!(
        r#"Scenario(
            name: "touching", {ISSUES}
            paragraphs: (count: 1, refs: [(paragraphs: [1], levels: {{"gender": 0.8}})]),
            delegations: [
                (id: "LOW", stances: {{"gender": (ideal: 0.0, salience: 1.0)}}, red_lines: [AtMost(issue: "gender", level: 0.49)]),
                (id: "HIGH", stances: {{"gender": (ideal: 1.0, salience: 1.0)}}, red_lines: [AtLeast(issue: "gender", level: 0.4900000001)]),
            ],
            mediator: (skill: 1.0, step: 0.5),
            calendar: [(name: "reading", kind: Reading), (name: "revision", kind: Revision), (name: "plenary", kind: Plenary)],
        )"#
    ));
    let b = batch(&s, 200, 1);
    assert_eq!(b.tally.runs, 200);
    let (_, to) = first_move(&trace(&s, 1, 0));
    assert!((to - 0.49).abs() < 1e-8, "the move lands on the touching point: {to}");
}

/// A silence replaces the brackets: right after a reading (no revision in
/// between), the consultations move only what a breaker challenged, not
/// what the reading bracketed.
#[test]
fn consultations_after_a_silence_move_only_challenged_paragraphs() {
    let s = scenario(&format!(
        r#"Scenario(
            name: "reading then silence", {ISSUES}
            paragraphs: (count: 2, refs: [
                (paragraphs: [1], levels: {{"gender": 0.8}}),
                (paragraphs: [2], levels: {{"climate": 0.8}}),
            ]),
            delegations: [
                // objects to paragraph 1 and always breaks silence over it
                (id: "AAA", stances: {{"gender": (ideal: 0.0, salience: 1.0)}}, behaviour: (silence_break: 1.0)),
                // objects to paragraph 2 but never breaks silence
                (id: "CCC", stances: {{"climate": (ideal: 0.0, salience: 1.0)}}, behaviour: (silence_break: 0.0)),
            ],
            mediator: (skill: 1.0, step: 0.5),
            calendar: [
                (name: "reading", kind: Reading),
                (name: "silence", kind: Silence()),
                (name: "talks", kind: Consultations),
                (name: "plenary", kind: Plenary),
            ],
        )"#
    ));
    for run in 0..5 {
        let events = trace(&s, 1, run);
        let bracketed: Vec<u32> = events
            .iter()
            .filter_map(|e| match e {
                TraceEvent::Bracketed { paragraphs, .. } => Some(paragraphs.clone()),
                _ => None,
            })
            .flatten()
            .collect();
        assert_eq!(bracketed, vec![1, 2], "the reading brackets both");
        let moved: Vec<u32> = events
            .iter()
            .filter_map(|e| match e {
                TraceEvent::Move { paragraph, .. } => Some(*paragraph),
                _ => None,
            })
            .collect();
        assert_eq!(moved, vec![1], "run {run}: only the challenged paragraph is moved");
    }
    let b = batch(&s, 50, 1);
    assert_eq!(b.tally.stages[1].bracketed, 50, "one paragraph in brackets after the silence, per run");
}

/// The moves of a traced run, as (paragraph, level after the move).
fn moves(events: &[TraceEvent]) -> Vec<(u32, f64)> {
    events
        .iter()
        .filter_map(|e| match e {
            TraceEvent::Move { paragraph, to, .. } => Some((*paragraph, *to)),
            _ => None,
        })
        .collect()
}

/// Consultations give the extra weight (`concession`, and `threat_weight`
/// for a breaker that threatened) on a paragraph only to the breakers that
/// challenged it (MODEL.md section 3), not to every breaker of the silence.
/// AAA challenges paragraph 1 only, BBB (a red line on climate, so it also
/// threatens) paragraph 2 only; BBB and CCC like paragraph 1 as it is.
/// With skill 0 and step 1 the fumble lands on the compromise point itself,
/// so the move shows the point without the scoring.
#[test]
fn consultations_weigh_only_the_breakers_that_challenged_the_paragraph() {
    let probe = |concession: f64, threat_weight: f64| {
        scenario(&format!(
            r#"Scenario(
                name: "two breakers, two paragraphs", {ISSUES}
                paragraphs: (count: 2, refs: [
                    (paragraphs: [1], levels: {{"gender": 0.8}}),
                    (paragraphs: [2], levels: {{"climate": 0.8}}),
                ]),
                delegations: [
                    (id: "AAA", stances: {{"gender": (ideal: 0.0, salience: 1.0)}},
                     behaviour: (tolerance: 0.1, silence_break: 1.0, vote_call: 0.0)),
                    (id: "BBB", stances: {{"gender": (ideal: 0.8, salience: 1.0), "climate": (ideal: 0.0, salience: 1.0)}},
                     red_lines: [AtMost(issue: "climate", level: 0.5)],
                     behaviour: (tolerance: 0.1, threat: 1.0, vote_call: 0.0)),
                    (id: "CCC", stances: {{"gender": (ideal: 0.8, salience: 1.0), "climate": (ideal: 0.8, salience: 1.0)}},
                     behaviour: (tolerance: 0.1, silence_break: 1.0)),
                ],
                mediator: (skill: 0.0, step: 1.0, concession: {concession}, threat_weight: {threat_weight}),
                calendar: [
                    (name: "silence", kind: Silence()),
                    (name: "talks", kind: Consultations),
                    (name: "plenary", kind: Plenary),
                ],
            )"#
        ))
    };
    for (concession, threat_weight) in [(1.5, 1.0), (2.0, 3.0), (1.0, 1.0)] {
        let events = trace(&probe(concession, threat_weight), 1, 0);
        assert!(events.contains(&TraceEvent::SilenceBroken {
            by: 0,
            paragraphs: vec![1],
            red_line: false,
            threatened: false
        }));
        assert!(events.contains(&TraceEvent::SilenceBroken {
            by: 1,
            paragraphs: vec![2],
            red_line: true,
            threatened: true
        }));
        // Paragraph 1: AAA (ideal 0) weighs `concession`; BBB and CCC (ideal
        // 0.8) weigh 1 each, since BBB did not challenge it.
        let para_1 = (concession * 0.0 + 0.8 + 0.8) / (concession + 2.0);
        // Paragraph 2: BBB (ideal 0) challenged it and threatened; CCC (0.8)
        // weighs 1; AAA has no stake in climate.
        let w = concession * threat_weight;
        let para_2 = (w * 0.0 + 0.8) / (w + 1.0);
        let got = moves(&events);
        assert_eq!(got.len(), 2, "one move per challenged paragraph: {got:?}");
        assert_eq!(got[0].0, 1);
        assert!((got[0].1 - para_1).abs() < 1e-12, "paragraph 1 moves to {para_1}, got {}", got[0].1);
        assert_eq!(got[1].0, 2);
        assert!((got[1].1 - para_2).abs() < 1e-12, "paragraph 2 moves to {para_2}, got {}", got[1].1);
        if (concession, threat_weight) == (2.0, 3.0) {
            // Every breaker weighted (BBB at 2 * 3 on paragraph 1 too) would
            // give (6 * 0.8 + 0.8) / 9 = 0.622 instead of 0.4.
            assert!((para_1 - 0.4).abs() < 1e-12);
        }
    }
}

/// A reference is contested when someone who objects to the paragraph when
/// the move is made has a stake in it, not when someone holds its brackets
/// (docs/MODEL.md section 9, "Contested reference"). AAA brackets paragraph
/// 1 at the reading (u = |0.5 - 0.2| = 0.3 above its tolerance 0.2), but at
/// the revision time pressure has raised its tolerance to 0.2 + 0.2 * 1 =
/// 0.4: it no longer objects, so nothing is contested and the language
/// stays at 0.5. Taking the bracket holder instead would move it to the
/// compromise point 0.2 (AAA's ideal, the only stake).
#[test]
fn a_revision_moves_only_what_someone_objects_to_when_it_is_made() {
    let s = scenario(&format!(
        r#"Scenario(
            name: "bracket outlives the objection", {ISSUES}
            paragraphs: (count: 1, refs: [(paragraphs: [1], levels: {{"gender": 0.5}})]),
            delegations: [
                (id: "AAA", stances: {{"gender": (ideal: 0.2, salience: 1.0)}},
                 behaviour: (tolerance: 0.2, flexibility: 0.2)),
            ],
            mediator: (skill: 1.0, step: 0.5),
            calendar: [(name: "reading", kind: Reading), (name: "revision", kind: Revision), (name: "plenary", kind: Plenary)],
        )"#
    ));
    let events = trace(&s, 1, 0);
    assert!(events.contains(&TraceEvent::Bracketed { by: 0, paragraphs: vec![1] }));
    assert_eq!(moves(&events), vec![], "nobody objects at the revision: no move");
    assert!(events.contains(&TraceEvent::RevisionIssued { paragraphs_changed: 0 }));
    assert_eq!(outcome(&events), Outcome::Consensus);
    let b = batch(&s, 20, 1);
    assert_eq!(b.tally.stages[1].moves, 0);
    assert_eq!(b.tally.stages[0].bracketed, 20);
}

/// The same rule in consultations: on a challenged paragraph, a reference
/// that only a negotiator who did not break silence objects to is contested
/// too, since that negotiator objects when the move is made. AAA challenges
/// paragraph 1 over gender; CCC objects to it over climate but never breaks
/// silence. Both references move (skill 0, step 1: each to its compromise
/// point, the ideal 0 of its only stakeholder); the bracket holders alone
/// (AAA, no stake in climate) would move gender only. Only AAA keeps a
/// bracket where it still objects (it does not, at 0).
#[test]
fn consultations_move_every_reference_an_objector_contests() {
    let s = scenario(&format!(
        r#"Scenario(
            name: "a silent objector", {ISSUES}
            paragraphs: (count: 1, refs: [(paragraphs: [1], levels: {{"gender": 0.8, "climate": 0.8}})]),
            delegations: [
                (id: "AAA", stances: {{"gender": (ideal: 0.0, salience: 1.0)}}, behaviour: (tolerance: 0.1, silence_break: 1.0)),
                (id: "CCC", stances: {{"climate": (ideal: 0.0, salience: 1.0)}}, behaviour: (tolerance: 0.1, silence_break: 0.0)),
            ],
            mediator: (skill: 0.0, step: 1.0),
            calendar: [
                (name: "silence", kind: Silence()),
                (name: "talks", kind: Consultations),
                (name: "plenary", kind: Plenary),
            ],
        )"#
    ));
    let events = trace(&s, 1, 0);
    assert!(events.contains(&TraceEvent::SilenceBroken {
        by: 0,
        paragraphs: vec![1],
        red_line: false,
        threatened: false
    }));
    let moved: Vec<(usize, f64)> = events
        .iter()
        .filter_map(|e| match e {
            TraceEvent::Move { issue, to, .. } => Some((*issue, *to)),
            _ => None,
        })
        .collect();
    // issues: 0 gender, 1 climate
    assert_eq!(moved, vec![(0, 0.0), (1, 0.0)]);
    assert!(!events.iter().any(|e| matches!(e, TraceEvent::StillBracketed { .. })));
    assert_eq!(outcome(&events), Outcome::Consensus);
}
