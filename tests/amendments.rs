//! Amendments from the floor (GA rule 90) and no-action motions on them
//! (rule 74): docs/MODEL.md section 9, "Amendments".

use plenary::record::VoteCount;
use plenary::{Outcome, TraceEvent};

use crate::util::*;

/// A probe on a two-paragraph text; both paragraphs reference `x` at 1.0.
/// MMM cannot accept any `x` (AtMost 0, binding) and moves `amendments`
/// with probability `amend`; it calls a vote on the text with `vote_call`.
/// `k` supporters S* share its line and stance (on the paragraph they vote
/// no, on its deletion yes: up two steps, so yes to the amendment). `m`
/// states with no stake judge both texts alike and so vote no (the text as
/// negotiated stands). NNN wants `x` at 1 (no red line) and moves no action
/// on an amendment that makes the paragraph worse for it with probability
/// `no_action`.
fn probe(amendments: &str, amend: f64, vote_call: f64, k: usize, m: usize, no_action: f64) -> String {
    let line = r#"[AtMost(issue: "x", level: 0.0, firmness: 1.0)]"#;
    let against = r#"{"x": (ideal: 0.0, salience: 1.0)}"#;
    let mut delegations = format!(
        r#"(id: "MMM", stances: {against}, red_lines: {line},
            behaviour: (amend: {amend}, vote_call: {vote_call}), amendments: [{amendments}]),
           (id: "NNN", stances: {{"x": (ideal: 1.0, salience: 1.0)}}, behaviour: (no_action: {no_action})),"#
    );
    for i in 0..k {
        delegations.push_str(&format!(r#"(id: "S{i}", stances: {against}, red_lines: {line}),"#));
    }
    for i in 0..m {
        delegations.push_str(&format!(r#"(id: "Z{i}"),"#));
    }
    format!(
        r#"Scenario(
            name: "amendments",
            issues: [(id: "x")],
            paragraphs: (count: 2, refs: [(paragraphs: [1, 2], levels: {{"x": 1.0}})]),
            delegations: [{delegations}],
            mediator: (skill: 1.0, step: 0.5),
            calendar: [(name: "plenary", kind: Plenary)],
        )"#
    )
}

fn floor_events(events: &[TraceEvent]) -> Vec<&TraceEvent> {
    events
        .iter()
        .filter(|e| {
            matches!(
                e,
                TraceEvent::AmendmentMoved { .. }
                    | TraceEvent::NoActionVote { .. }
                    | TraceEvent::AmendmentVote { .. }
                    | TraceEvent::AmendmentFalls { .. }
                    | TraceEvent::Vote { .. }
            )
        })
        .collect()
}

/// A fixed roster gives exactly the count its stances imply: MMM and 2
/// supporters vote to delete paragraph 1, NNN and 5 states with no stake
/// against: 3 to 6, rejected in every run. The paragraph stays, MMM's
/// line stays crossed, and without a vote call MMM disassociates.
#[test]
fn a_fixed_rosters_amendment_vote_counts_exactly_its_stances() {
    let s = scenario(&probe("Delete(paragraph: 1)", 1.0, 0.0, 2, 5, 0.0));
    let runs = 200;
    let t = batch(&s, runs, 5).tally;
    let a = &t.amendments[0];
    assert_eq!((a.moved, a.voted, a.adopted, a.no_action_moved), (runs, runs, 0, 0));
    assert_eq!((a.yes, a.no, a.abstain), (3 * runs, 6 * runs, 0));
    assert_eq!(t.negotiators[0].moved_amendments, runs);
    assert_eq!(t.outcomes[Outcome::Consensus], runs);
    assert_eq!(t.negotiators[0].disassociated, runs);
    assert!(t.is_consistent());
}

/// An adopted deletion removes the paragraph from the text the plenary
/// adopts: MMM and 4 supporters outvote 3 (NNN and 2 states). Paragraph 2
/// still crosses MMM's line, so MMM calls a vote on the whole text
/// (vote_call 1); with both paragraphs deleted nothing crosses any line and
/// the text is adopted by consensus in every run, nobody disassociating.
#[test]
fn an_adopted_deletion_removes_the_paragraph_from_the_text() {
    let one = scenario(&probe("Delete(paragraph: 1)", 1.0, 1.0, 4, 2, 0.0));
    let t = batch(&one, 100, 2).tally;
    assert_eq!((t.amendments[0].voted, t.amendments[0].adopted), (100, 100));
    assert_eq!(t.outcomes[Outcome::Consensus] + t.votes, 100);
    assert_eq!(t.votes, 100, "paragraph 2 still crosses MMM's line: it calls the vote");
    // The text voted is paragraph 2 alone: MMM and the supporters vote no
    // (line crossed, dissatisfaction 1 > 0.5), NNN and the others yes.
    assert_eq!((t.yes, t.no, t.abstain), (300, 500, 0));

    let both = scenario(&probe("Delete(paragraph: 1), Delete(paragraph: 2)", 1.0, 1.0, 4, 2, 0.0));
    let t = batch(&both, 100, 2).tally;
    assert_eq!(t.outcomes[Outcome::Consensus], 100);
    assert_eq!(t.negotiators[0].disassociated, 0);
    assert_eq!(t.votes, 0);
    assert!(t.is_consistent());
}

/// An adopted level amendment changes the language the text carries: with
/// `x` of paragraph 1 at 0 and paragraph 2 deleted, nothing crosses MMM's
/// line. The trace tells the votes in the order of rule 90 (text order) and
/// the level the text now has.
#[test]
fn an_adopted_level_amendment_changes_the_text() {
    let amendments = r#"Delete(paragraph: 2), Level(paragraph: 1, issue: "x", level: 0.0)"#;
    let s = scenario(&probe(amendments, 1.0, 1.0, 4, 2, 0.0));
    let t = batch(&s, 50, 3).tally;
    assert_eq!(t.outcomes[Outcome::Consensus], 50);
    assert!(t.amendments.iter().all(|a| a.adopted == 50));
    let events = trace(&s, 3, 0);
    let votes: Vec<u32> = floor_events(&events)
        .iter()
        .filter_map(|e| match e {
            TraceEvent::AmendmentVote { paragraph, .. } => Some(*paragraph),
            _ => None,
        })
        .collect();
    assert_eq!(votes, vec![1, 2], "paragraph by paragraph in text order, not in the order moved");
}

/// A carried no-action motion means the amendment is never voted on, and
/// the motion is voted first. NNN moves it in every run; the 5 states with
/// no stake, who would vote against the amendment, vote for the motion
/// with NNN (6), MMM and its 2 supporters against (3).
#[test]
fn a_carried_no_action_motion_means_the_amendment_is_never_voted() {
    let s = scenario(&probe("Delete(paragraph: 1)", 1.0, 0.0, 2, 5, 1.0));
    let runs = 100;
    let t = batch(&s, runs, 9).tally;
    let a = &t.amendments[0];
    assert_eq!((a.moved, a.no_action_moved, a.no_action_carried, a.voted), (runs, runs, runs, 0));
    assert_eq!((a.no_action_yes, a.no_action_no, a.no_action_abstain), (6 * runs, 3 * runs, 0));
    assert_eq!(t.negotiators[1].moved_no_action, runs);
    assert!(t.is_consistent());
    let events = trace(&s, 9, 0);
    let floor = floor_events(&events);
    assert!(matches!(floor[0], TraceEvent::AmendmentMoved { by: 0, paragraph: 1, .. }));
    assert!(matches!(
        floor[1],
        TraceEvent::NoActionVote { by: 1, count: VoteCount { yes: 6, no: 3, abstain: 0 }, .. }
    ));
    assert_eq!(floor.len(), 2, "no vote on the amendment, no vote on the text: {floor:?}");
}

/// A motion that fails lets the amendment be voted after it: with 6
/// supporters the motion fails 4 to 7 and the deletion passes 7 to 4.
#[test]
fn a_failed_no_action_motion_is_followed_by_the_amendment_vote() {
    let s = scenario(&probe("Delete(paragraph: 1)", 1.0, 0.0, 6, 3, 1.0));
    let t = batch(&s, 60, 4).tally;
    let a = &t.amendments[0];
    assert_eq!((a.no_action_moved, a.no_action_carried, a.voted, a.adopted), (60, 0, 60, 60));
    assert_eq!((a.no_action_yes, a.no_action_no), (4 * 60, 7 * 60));
    assert_eq!((a.yes, a.no), (7 * 60, 4 * 60));
    let events = trace(&s, 4, 0);
    let floor = floor_events(&events);
    assert!(matches!(floor[1], TraceEvent::NoActionVote { .. }));
    assert!(matches!(floor[2], TraceEvent::AmendmentVote { paragraph: 1, .. }));
}

/// Rule 90's order on one paragraph: the amendment furthest removed first.
/// A deletion moved by a supporter comes before MMM's level change, though
/// MMM is first in the roster; once the deletion is adopted, the level
/// change falls.
#[test]
fn the_furthest_amendment_is_voted_first_and_an_adopted_deletion_decides_the_rest() {
    let text = probe(r#"Level(paragraph: 1, issue: "x", level: 0.5)"#, 1.0, 0.0, 4, 2, 0.0).replacen(
        r#"(id: "S0", stances: {"x": (ideal: 0.0, salience: 1.0)}, red_lines: [AtMost(issue: "x", level: 0.0, firmness: 1.0)]),"#,
        r#"(id: "S0", stances: {"x": (ideal: 0.0, salience: 1.0)}, red_lines: [AtMost(issue: "x", level: 0.0, firmness: 1.0)],
            behaviour: (amend: 1.0), amendments: [Delete(paragraph: 1)]),"#,
        1,
    );
    let s = scenario(&text);
    let events = trace(&s, 1, 0);
    let floor = floor_events(&events);
    assert!(
        matches!(floor[2], TraceEvent::AmendmentVote { paragraph: 1, change: plenary::scenario::AmendmentChange::Delete, count, .. } if count.adopts()),
        "{floor:?}"
    );
    assert!(matches!(floor[3], TraceEvent::AmendmentFalls { paragraph: 1, .. }), "{floor:?}");
}

/// Whether amendments are moved is one draw per mover: moved in a share of
/// runs within the 99% band of Binomial(n, 0.3).
#[test]
fn amendments_are_moved_with_their_probability() {
    let s = scenario(&probe("Delete(paragraph: 1)", 0.3, 0.0, 2, 5, 0.0));
    let runs = 4000;
    let t = batch(&s, runs, 11).tally;
    assert_in_99(t.amendments[0].moved, runs, 0.3, "amendments moved");
    assert_eq!(t.amendments[0].moved, t.negotiators[0].moved_amendments);
}

/// Threads and shards do not change a batch with amendments and motions
/// in use.
#[test]
fn amendments_are_deterministic_and_shards_merge_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("amend.ron");
    std::fs::write(&path, probe("Delete(paragraph: 1)", 0.6, 0.5, 3, 4, 0.5)).unwrap();
    let p = path.to_str().unwrap();
    let whole = |threads: &str| {
        let out =
            plenary(&["run", p, "--runs", "3000", "--seed", "8", "--threads", threads, "--format", "json"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v.as_object_mut().unwrap().remove("timing");
        v
    };
    let one = whole("1");
    assert_eq!(one, whole("2"));
    let mut shards = Vec::new();
    for k in 0..3 {
        let shard = dir.path().join(format!("shard{k}.json"));
        let out = plenary(&[
            "run",
            p,
            "--runs",
            "3000",
            "--seed",
            "8",
            "--shard",
            &format!("{k}/3"),
            "--format",
            "json",
            "--out",
            shard.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        shards.push(shard.to_str().unwrap().to_string());
    }
    let mut args = vec!["merge"];
    args.extend(shards.iter().map(String::as_str));
    args.extend(["--format", "json"]);
    let out = plenary(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut merged: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    merged.as_object_mut().unwrap().remove("timing");
    assert_eq!(merged, one);
    let a = &one["amendments"]["amendments"][0];
    assert!(a["no_action"]["count"].as_u64().unwrap() > 0, "the motion was in use: {a}");
}

/// Bad amendments and motions are refused with the field that is wrong.
#[test]
fn bad_amendments_name_the_field() {
    let cases = [
        (
            probe("Delete(paragraph: 9)", 1.0, 0.0, 0, 0, 0.0),
            "delegations[MMM].amendments[0].paragraph",
            "not in the draft",
        ),
        (
            probe(r#"Level(paragraph: 1, issue: "y", level: 0.0)"#, 1.0, 0.0, 0, 0, 0.0),
            "delegations[MMM].amendments[0].issue",
            "unknown issue id `y`",
        ),
        (
            probe(r#"Level(paragraph: 1, issue: "x", level: 1.5)"#, 1.0, 0.0, 0, 0, 0.0),
            "delegations[MMM].amendments[0].level",
            "1.5 is not a language level",
        ),
        (
            probe("Delete(paragraph: 1), Delete(paragraph: 1)", 1.0, 0.0, 0, 0, 0.0),
            "delegations[MMM].amendments[1]",
            "listed twice",
        ),
        (probe("", 1.0, 0.0, 0, 0, 0.0), "delegations[MMM].behaviour.amend", "no `amendments` to move"),
        (
            probe("Delete(paragraph: 1)", -0.5, 0.0, 0, 0, 0.0),
            "delegations[MMM].behaviour.amend",
            "not a probability",
        ),
        (
            probe("Delete(paragraph: 1)", 1.0, 0.0, 0, 1, 0.0)
                .replace(r#"(id: "Z0"),"#, r#"(id: "Z0", behaviour: (no_action: 0.5)),"#),
            "delegations[Z0].behaviour.no_action",
            "no stance and no red line",
        ),
    ];
    for (text, field, message) in cases {
        let err =
            plenary::scenario::from_str(&text, std::path::Path::new("probe.ron")).unwrap_err().to_string();
        assert!(err.contains(&format!("{field}: ")) && err.contains(message), "{field}: {err}");
        // Each at the line and column of the value, or of the struct that
        // would hold a field left out.
        assert!(err.contains(&format!(": {field}: ")), "no line:column before {field}: {err}");
    }
    // The paragraph that is not in the draft, exactly where its number is.
    let text = probe("Delete(paragraph: 9)", 1.0, 0.0, 0, 0, 0.0);
    let offset = text.find("paragraph: 9").unwrap() + "paragraph: ".len();
    let line = text[..offset].matches('\n').count() + 1;
    let column = offset - text[..offset].rfind('\n').map_or(0, |n| n + 1) + 1;
    let err = plenary::scenario::from_str(&text, std::path::Path::new("probe.ron")).unwrap_err().to_string();
    assert!(
        err.contains(&format!("  - {line}:{column}: delegations[MMM].amendments[0].paragraph: ")),
        "{err}"
    );
    // A paragraph that does not reference the issue.
    let text = probe(r#"Level(paragraph: 1, issue: "x", level: 0.0)"#, 1.0, 0.0, 0, 0, 0.0)
        .replace(r#"issues: [(id: "x")]"#, r#"issues: [(id: "x"), (id: "y")]"#)
        .replace(r#"issue: "x", level: 0.0)]"#, r#"issue: "y", level: 0.0)]"#);
    let err = plenary::scenario::from_str(&text, std::path::Path::new("probe.ron")).unwrap_err().to_string();
    assert!(err.contains("paragraph 1 has no reference to `y` (it references `x`)"), "{err}");
}

/// The backtest's floor markers hold exactly in the runs whose floor did
/// what they say: in the carried-motion probe every run is "an amendment
/// defeated by a no-action motion" and none "an amendment adopted"; in the
/// adopted-deletion probe the reverse. A separate-vote marker counts the
/// runs whose vote struck the paragraph.
#[test]
fn floor_markers_hold_in_the_runs_that_did_it() {
    let markers = r#"markers: [
        (name: "defeated by no action", test: DefeatedByNoAction(paragraph: 1)),
        (name: "adopted", test: AmendmentAdopted()),
    ],"#;
    let with = |text: String| text.replace("mediator:", &format!("{markers} mediator:"));
    let run = |text: String| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.ron");
        std::fs::write(&path, with(text)).unwrap();
        let out = plenary(&["backtest", path.to_str().unwrap(), "--runs", "200", "--format", "json"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let counts: Vec<u64> =
            v["markers"].as_array().unwrap().iter().map(|m| m["count"].as_u64().unwrap()).collect();
        counts
    };
    assert_eq!(run(probe("Delete(paragraph: 1)", 1.0, 0.0, 2, 5, 1.0)), vec![200, 0]);
    assert_eq!(run(probe("Delete(paragraph: 1)", 1.0, 0.0, 4, 2, 0.0)), vec![0, 200]);

    // A marker on a paragraph nobody amends could never hold: refused.
    let text = with(probe("Delete(paragraph: 1)", 1.0, 0.0, 0, 0, 0.0))
        .replace("DefeatedByNoAction(paragraph: 1)", "DefeatedByNoAction(paragraph: 2)");
    let err = plenary::scenario::from_str(&text, std::path::Path::new("m.ron")).unwrap_err().to_string();
    assert!(err.contains("markers[0].test: no negotiator lists an amendment to paragraph 2"), "{err}");
    let text = with(probe("Delete(paragraph: 1)", 1.0, 0.0, 0, 0, 0.0))
        .replace("DefeatedByNoAction(paragraph: 1)", "SeparateVote(paragraph: 7, retained: true)");
    let err = plenary::scenario::from_str(&text, std::path::Path::new("m.ron")).unwrap_err().to_string();
    assert!(err.contains("markers[0].test.paragraph: paragraph 7 is not in the draft"), "{err}");
}
