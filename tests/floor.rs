//! The floor of the plenary: separate votes on paragraphs (GA rule 89,
//! docs/MODEL.md section 9, "Separate votes").

use plenary::record::VoteCount;
use plenary::{Outcome, TraceEvent};

use crate::util::*;

/// A probe: paragraphs 1 and 2 reference `x` at 1.0. R's red line (AtMost
/// 0, firmness 1) is violated by both; it asks for separate votes with
/// probability `q` (at most `cap`) and calls a vote on the text with
/// probability 1 whenever its line is still violated. `k` opponents O* hold
/// the same line with firmness `f`: a binding line and dissatisfaction 1 >
/// reservation 0.5 vote no to retaining, a line that does not bind only
/// abstains (a protest). `m` states always vote yes.
fn probe(q: f64, cap: &str, k: usize, f: f64, m: usize) -> String {
    let line = |firmness: f64| format!(r#"[AtMost(issue: "x", level: 0.0, firmness: {firmness})]"#);
    let stance = r#"{"x": (ideal: 0.0, salience: 1.0)}"#;
    let mut delegations = format!(
        r#"(id: "RRR", stances: {stance}, red_lines: {},
            behaviour: (separate_vote: {q}, max_separate_votes: {cap}, vote_call: 1.0)),"#,
        line(1.0)
    );
    for i in 0..k {
        delegations.push_str(&format!(r#"(id: "O{i}", stances: {stance}, red_lines: {}),"#, line(f)));
    }
    for i in 0..m {
        delegations.push_str(&format!(r#"(id: "Y{i}", behaviour: (vote_rule: Yes)),"#));
    }
    format!(
        r#"Scenario(
            name: "separate votes",
            issues: [(id: "x")],
            paragraphs: (count: 3, refs: [(paragraphs: [1, 2], levels: {{"x": 1.0}})]),
            delegations: [{delegations}],
            mediator: (skill: 1.0, step: 0.5),
            calendar: [(name: "plenary", kind: Plenary)],
        )"#
    )
}

/// P(Binomial(n, p) <= j).
fn binomial_cdf(n: u64, p: f64, j: u64) -> f64 {
    let choose = |n: u64, k: u64| (0..k).fold(1.0, |c, i| c * (n - i) as f64 / (i + 1) as f64);
    (0..=j).map(|i| choose(n, i) * p.powi(i as i32) * (1.0 - p).powi((n - i) as i32)).sum()
}

/// A fixed roster gives exactly the count its stances imply: every line
/// binds, so R and the 4 opponents vote no, the 3 others yes: 3 to 5, the
/// paragraph is struck. Both paragraphs are voted, in text order, and with
/// both struck nothing violates R any more: no vote is called, consensus.
#[test]
fn a_fixed_rosters_separate_vote_counts_exactly_its_stances() {
    let s = scenario(&probe(1.0, "None", 4, 1.0, 3));
    let runs = 300;
    let b = batch(&s, runs, 3);
    let t = &b.tally;
    for p in &t.paragraphs[..2] {
        assert_eq!((p.separate_votes, p.retained), (runs, 0));
        assert_eq!((p.separate_yes, p.separate_no, p.separate_abstain), (3 * runs, 5 * runs, 0));
    }
    assert_eq!(t.paragraphs[2].separate_votes, 0, "paragraph 3 violates nobody");
    assert_eq!(t.negotiators[0].requested_separate_votes, runs);
    assert_eq!(t.outcomes[Outcome::Consensus], runs);
    assert_eq!(t.votes, 0);
    assert!(t.is_consistent());
    let events = trace(&s, 1, 0);
    let votes: Vec<(u32, VoteCount)> = events
        .iter()
        .filter_map(|e| match e {
            TraceEvent::SeparateVote { paragraph, count, .. } => Some((*paragraph, *count)),
            _ => None,
        })
        .collect();
    let count = VoteCount { yes: 3, no: 5, abstain: 0 };
    assert_eq!(votes, vec![(1, count), (2, count)]);
    assert!(events.iter().any(
        |e| matches!(e, TraceEvent::SeparateVotesRequested { by: 0, paragraphs } if paragraphs == &[1, 2])
    ));
}

/// The cap: R asks for its worst paragraph only (a tie: the lower number).
#[test]
fn the_cap_limits_the_requests_worst_first() {
    let s = scenario(&probe(1.0, "Some(1)", 4, 1.0, 3));
    let b = batch(&s, 200, 3);
    assert_eq!(b.tally.paragraphs[0].separate_votes, 200);
    assert_eq!(b.tally.paragraphs[1].separate_votes, 0);
    // Paragraph 2 still violates R, which calls a vote on the text (without
    // paragraph 1): 3 yes, 5 no, rejected.
    assert_eq!(b.tally.outcomes[Outcome::RejectedByVote], 200);
    assert_eq!((b.tally.yes, b.tally.no), (3 * 200, 5 * 200));
}

/// The closed form: the vote is held with probability q; R votes no, each
/// opponent no with probability f (else abstains), m yes; retained iff
/// m > 1 + Binomial(k, f). A struck paragraph is gone from the text: with
/// both struck R's line is met and it calls no vote (consensus); with one
/// retained it calls the vote.
#[test]
fn a_separate_vote_passes_with_its_closed_form_probability() {
    let (q, k, f, m) = (0.6, 4, 0.5, 3);
    let s = scenario(&probe(q, "Some(1)", k, f, m));
    let runs = 20_000;
    let b = batch(&s, runs, 9);
    let p = &b.tally.paragraphs[0];
    assert_in_99(p.separate_votes, runs, q, "a separate vote is asked for");
    let retained = binomial_cdf(k as u64, f, m as u64 - 2);
    assert!((retained - 5.0 / 16.0).abs() < 1e-12);
    assert_in_99(p.retained, p.separate_votes, retained, "the paragraph is retained");
    assert_eq!(p.separate_yes, m as u64 * p.separate_votes);
    assert_eq!(p.separate_no + p.separate_abstain, (k as u64 + 1) * p.separate_votes);
    // Paragraph 2 always violates R (cap 1), so R always calls the vote.
    assert_eq!(b.tally.votes, runs);
}

/// With no cap, the outcome says whether the paragraphs were struck: both
/// struck (no vote called, consensus) with probability q * (1 - r)^2 where
/// r is the retention probability, as the two votes draw independently.
#[test]
fn a_struck_paragraph_is_absent_from_the_text_adopted() {
    let (q, k, f, m) = (1.0, 4, 0.5, 3);
    let s = scenario(&probe(q, "None", k, f, m));
    let runs = 20_000;
    let b = batch(&s, runs, 4);
    let r = binomial_cdf(k as u64, f, m as u64 - 2);
    // Opponents' lines are drawn once per run, so the two votes of a run
    // have the same count: both struck with probability 1 - r.
    assert_in_99(b.tally.outcomes[Outcome::Consensus], runs, 1.0 - r, "both paragraphs struck");
    for run in 0..50 {
        let events = trace(&s, 4, run);
        let struck: Vec<u32> = events
            .iter()
            .filter_map(|e| match e {
                TraceEvent::SeparateVote { paragraph, count, .. } if !count.adopts() => Some(*paragraph),
                _ => None,
            })
            .collect();
        let called = events.iter().any(|e| matches!(e, TraceEvent::VoteCalled { .. }));
        assert_eq!(called, struck.is_empty(), "run {run}: R calls the vote iff a paragraph is left");
        for e in &events {
            if let TraceEvent::Disassociated { paragraphs, .. } = e {
                assert!(paragraphs.iter().all(|p| !struck.contains(p)), "run {run}: {paragraphs:?}");
            }
        }
    }
}

/// Determinism across thread counts with the floor in use.
#[test]
fn separate_votes_are_deterministic_across_threads() {
    let s = scenario(&probe(0.6, "None", 4, 0.5, 3));
    let tallies: Vec<_> = [1, 2, 3]
        .iter()
        .map(|&threads| plenary::Batch::new().runs(3000).seed(5).threads(threads).run(&s).unwrap().tally)
        .collect();
    assert_eq!(tallies[0], tallies[1]);
    assert_eq!(tallies[0], tallies[2]);
}

/// Shards of a batch that uses the floor merge into exactly the unsharded
/// batch's report, `floor` included.
#[test]
fn shards_with_separate_votes_merge_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let s = scenario_path("scenarios/wsis20/us_separate_votes.ron");
    let s = s.to_str().unwrap();
    let json = |bytes: &[u8]| {
        let mut v: serde_json::Value = serde_json::from_slice(bytes).expect("JSON");
        v.as_object_mut().unwrap().remove("timing");
        serde_json::to_string(&v).unwrap()
    };
    let whole = plenary(&["run", s, "--runs", "200", "--seed", "3", "--format", "json"]);
    assert!(whole.status.success());
    let whole = json(&whole.stdout);
    assert!(whole.contains("\"floor\"") && whole.contains("\"separate_votes\""));
    let mut files = Vec::new();
    for k in [1, 0] {
        let f = dir.path().join(format!("shard{k}.json"));
        let shard = format!("{k}/2");
        let args = ["run", s, "--runs", "200", "--seed", "3", "--format", "json", "--shard", &shard];
        let out = plenary(&[&args[..], &["--out", f.to_str().unwrap()]].concat());
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        files.push(f.to_str().unwrap().to_string());
    }
    let merged = plenary(&["merge", &files[0], &files[1]]);
    assert!(merged.status.success(), "{}", String::from_utf8_lossy(&merged.stderr));
    assert_eq!(json(&merged.stdout), whole);
}
