//! Estimates checked against closed forms (MODEL.md section 7).

use plenary::Outcome;

use crate::util::*;

/// n delegations that each object to one paragraph and break silence with
/// probability q; silence holds with probability (1 - q)^n.
fn silence_scenario(n: usize, q: f64) -> String {
    let delegations: String = (0..n)
        .map(|i| {
            format!(
                r#"(id: "D{i}", stances: {{"ambition": (ideal: 0.0, salience: 1.0)}},
                    behaviour: (tolerance: 0.1, silence_break: {q})),"#
            )
        })
        .collect();
    format!(
        r#"Scenario(
            name: "silence n={n} q={q}",
            issues: [(id: "ambition")],
            paragraphs: (count: 2, refs: [(paragraphs: [1], levels: {{"ambition": 0.9}})]),
            delegations: [{delegations}],
            mediator: (skill: 1.0, step: 0.5),
            calendar: [(name: "silence", kind: Silence(deadline: "noon"))],
            ends_without_plenary: true,
        )"#
    )
}

#[test]
fn silence_holds_with_probability_one_minus_q_to_the_n() {
    for (n, q) in [(1, 0.5), (3, 0.1), (4, 0.2), (10, 0.05)] {
        let s = scenario(&silence_scenario(n, q));
        let runs = 20_000;
        let b = batch(&s, runs, 7);
        let held = b.tally.stages[0].held;
        assert_eq!(b.tally.stages[0].reached, runs);
        assert_in_99(held, runs, (1.0 - q).powi(n as i32), &format!("silence held, n={n} q={q}"));
        // With no plenary, a held silence is consensus and a broken one no text.
        assert_eq!(b.tally.outcomes[Outcome::Consensus], held);
        assert_eq!(b.tally.outcomes[Outcome::NoText], runs - held);
        // The same counts through the named accessor.
        use plenary::Outcome;
        assert_eq!(b.tally.estimate(Outcome::Consensus), plenary::Estimate::new(held, runs));
        assert_eq!(b.tally.estimate(Outcome::NoText).p, (runs - held) as f64 / runs as f64);
    }
}

#[test]
fn the_teaching_silence_scenario_matches_its_closed_form() {
    let s = plenary::scenario::load(scenario_path("scenarios/teaching/silence.ron")).unwrap();
    let b = batch(&s, 20_000, 3);
    assert_in_99(b.tally.outcomes[Outcome::Consensus], 20_000, 0.8f64.powi(4), "teaching silence");
}

/// A vote with fixed vote rules: the count is exactly what the roster implies.
#[test]
fn a_vote_with_fixed_rules_counts_exactly_the_roster() {
    let s = scenario(
        r#"Scenario(
            name: "fixed roster",
            issues: [(id: "gender")],
            paragraphs: (count: 3, refs: [(paragraphs: [2], levels: {"gender": 0.8})]),
            blocs: [
                (id: "NORTH", behaviour: (vote_rule: Yes), members: ["AAA", "BBB"], anonymous: 9),
                (id: "SOUTH", behaviour: (vote_rule: No), anonymous: 4, discipline: 1.0),
                (id: "EAST", behaviour: (vote_rule: Abstain), members: ["CCC"], anonymous: 2),
            ],
            delegations: [
                (id: "USA", red_lines: [AtMost(issue: "gender", level: 0.0, firmness: 1.0)],
                 behaviour: (vote_call: 1.0, vote_rule: No)),
                (id: "CCC", behaviour: (vote_rule: Yes)),
            ],
            mediator: (skill: 1.0, step: 0.5),
            calendar: [(name: "plenary", kind: Plenary)],
            membership: 19,
        )"#,
    );
    assert_eq!(s.voters().len(), 19);
    let runs = 500;
    let b = batch(&s, runs, 11);
    let t = &b.tally;
    assert_eq!(t.votes, runs, "the US red line is violated and vote_call is 1");
    // NORTH 11 yes; SOUTH 4 no; EAST: 2 anonymous abstain, CCC speaks for itself: yes; USA no.
    assert_eq!((t.yes, t.no, t.abstain), (12 * runs, 5 * runs, 2 * runs));
    assert_eq!(t.outcomes[Outcome::AdoptedByVote], runs, "12 yes against 5 no adopts");
}

/// A tie rejects (GA rule 95, FACTS.md).
#[test]
fn a_tied_vote_rejects() {
    let s = scenario(
        r#"Scenario(
            name: "tie",
            issues: [(id: "gender")],
            paragraphs: (count: 1, refs: [(paragraphs: [1], levels: {"gender": 0.8})]),
            blocs: [(id: "YES", behaviour: (vote_rule: Yes), anonymous: 3)],
            delegations: [
                (id: "NO1", red_lines: [AtMost(issue: "gender", level: 0.0)], behaviour: (vote_call: 1.0, vote_rule: No)),
                (id: "NO2", behaviour: (vote_rule: No)),
                (id: "NO3", behaviour: (vote_rule: No)),
            ],
            mediator: (skill: 1.0, step: 0.5),
            calendar: [(name: "plenary", kind: Plenary)],
        )"#,
    );
    let b = batch(&s, 50, 1);
    assert_eq!((b.tally.yes, b.tally.no), (150, 150));
    assert_eq!(b.tally.outcomes[Outcome::RejectedByVote], 50);
}

/// Bloc discipline: the template votes Yes (salience 0, so no
/// dissatisfaction). An undisciplined member jitters its salience to
/// 0 + U(-0.5, 0.5), clipped at 0: positive with probability 1/2, and then
/// any dissatisfaction exceeds the reservation 0, a protest abstention.
/// So P(abstain) = (1 - discipline) / 2 per member, independently.
#[test]
fn bloc_discipline_gives_the_closed_form_abstention_share() {
    let s = scenario(
        r#"Scenario(
            name: "discipline",
            issues: [(id: "gender")],
            paragraphs: (count: 1, refs: [(paragraphs: [1], levels: {"gender": 0.5})]),
            blocs: [(id: "BLOC", stances: {"gender": (ideal: 0.5, salience: 0.0)},
                     behaviour: (reservation: 0.0), anonymous: 40, jitter: 0.5, discipline: 0.7)],
            delegations: [(id: "USA", red_lines: [AtMost(issue: "gender", level: 0.0)],
                           behaviour: (vote_call: 1.0, vote_rule: No))],
            mediator: (skill: 1.0, step: 0.5),
            calendar: [(name: "plenary", kind: Plenary)],
        )"#,
    );
    let runs = 2_000;
    let b = batch(&s, runs, 5);
    assert_eq!(b.tally.votes, runs);
    assert_eq!(b.tally.no, runs, "only the US votes no");
    let members = 40 * runs;
    assert_eq!(b.tally.yes + b.tally.abstain, members);
    assert_in_99(b.tally.abstain, members, (1.0 - 0.7) / 2.0, "undisciplined protest abstentions");
}
