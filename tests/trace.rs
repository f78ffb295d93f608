//! `plenary trace` replays exactly the run the batch made.

use plenary::Outcome;

use crate::util::*;

/// The outcome the batch with `seed` recorded for run `run`: a batch of
/// exactly that one run index.
fn batch_outcome(s: &plenary::scenario::Scenario, seed: u64, run: u64) -> Outcome {
    let shard = plenary::analysis::Shard::new(run, run + 1, run + 1);
    let t = plenary::Batch::new().seed(seed).shard(&shard).run(s).unwrap().tally;
    let (outcome, _) = t.outcomes.iter().find(|&(_, &c)| c == 1).expect("one run, one outcome");
    outcome
}

/// Run indices whose batch outcomes differ: the first `k` of each outcome
/// among runs 0..200 (and run 4999, far into a batch).
fn runs_with_mixed_outcomes(s: &plenary::scenario::Scenario, seed: u64, k: usize) -> Vec<u64> {
    let mut per_outcome = std::collections::BTreeMap::<&str, Vec<u64>>::new();
    for run in 0..200 {
        let picked = per_outcome.entry(batch_outcome(s, seed, run).key()).or_default();
        if picked.len() < k {
            picked.push(run);
        }
    }
    per_outcome.into_values().flatten().chain([4999]).collect()
}

#[test]
fn trace_outcome_equals_the_batch_record_for_that_run() {
    for (file, seed) in [("scenarios/wsis20.ron", 1), ("scenarios/teaching/vote_threat.ron", 7)] {
        let s = plenary::scenario::load(scenario_path(file)).unwrap();
        let mut seen = std::collections::BTreeSet::new();
        for run in runs_with_mixed_outcomes(&s, seed, 3) {
            let v = plenary_json(&[
                "trace",
                scenario_path(file).to_str().unwrap(),
                "--seed",
                &seed.to_string(),
                "--run",
                &run.to_string(),
                "--format",
                "json",
            ]);
            let expected = batch_outcome(&s, seed, run);
            assert_eq!(v["outcome"], expected.key(), "{file} run {run}");
            seen.insert(expected.key());
            let events = v["events"].as_array().unwrap();
            assert!(events.iter().all(|e| e["type"].is_string() && e["text"].is_string()));
            assert_eq!(events.last().unwrap()["type"], "finished");
        }
        assert!(seen.len() > 1, "{file}: the sample of runs should show more than one outcome: {seen:?}");
    }
}

#[test]
fn trace_text_tells_the_stages_in_calendar_order_without_colour_when_piped() {
    let out = plenary(&[
        "trace",
        scenario_path("scenarios/wsis20.ron").to_str().unwrap(),
        "--run",
        "2",
        "--no-wrap",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\u{1b}'), "no escape codes when stdout is not a terminal");
    let reading = text.find("Reading of Rev.2").expect("first reading");
    let silence = text.find("goes out under silence until 12 Dec 2025 15:00").expect("silence");
    let outcome = text.find("Outcome:").expect("outcome");
    assert!(reading < silence && silence < outcome);
}

/// A clean text counts the paragraphs whose language changed (a best move
/// may leave it where it was), and a move's line never reads "0.70 -> 0.70".
#[test]
fn a_revision_counts_paragraphs_that_changed_and_moves_read_as_moves() {
    use plenary::MoveKind;
    use plenary::TraceEvent;
    let (mut unchanged_moves, mut move_lines) = (0, 0);
    for path in ["scenarios/wsis20.ron", "scenarios/teaching/standoff.ron"] {
        let s = plenary::scenario::load(scenario_path(path)).unwrap();
        for run in 0..6 {
            let events = trace(&s, 1, run);
            let mut changed = std::collections::BTreeSet::new();
            for e in &events {
                match e {
                    TraceEvent::StageStarted { .. } => changed.clear(),
                    TraceEvent::Move { paragraph, kind, from, to, .. } => {
                        if from != to || *kind == MoveKind::Ambiguity {
                            changed.insert(*paragraph);
                        } else {
                            unchanged_moves += 1;
                        }
                    }
                    TraceEvent::RevisionIssued { paragraphs_changed } => {
                        assert_eq!(*paragraphs_changed as usize, changed.len(), "{path} run {run}");
                    }
                    _ => {}
                }
            }
            for line in plenary::Story::of(&s, 1, run).lines() {
                if let Some((_, levels)) = line.text.rsplit_once(", ")
                    && let Some((from, to)) = levels.trim_end_matches('.').split_once(" -> ")
                {
                    assert_ne!(from, to, "{path} run {run}: {}", line.text);
                    move_lines += 1;
                }
            }
        }
    }
    // The checks must meet moves that change nothing, and move lines.
    assert!(unchanged_moves > 0 && move_lines > 100, "{unchanged_moves} unchanged, {move_lines} lines");
}

/// A red line released by collapse pressure is named by its bound and
/// level too, since a negotiator may hold two lines on one issue.
#[test]
fn released_red_lines_say_which_line() {
    let s = plenary::scenario::load(scenario_path("scenarios/wsis20.ron")).unwrap();
    let mut seen = 0;
    for run in 0..40 {
        let json = plenary::Story::of(&s, 1, run).to_json();
        for e in json["events"].as_array().unwrap() {
            for line in e["released"].as_array().into_iter().flatten() {
                let (by, issue) = (line["by"].as_str().unwrap(), line["issue"].as_str().unwrap());
                let n = s.negotiators().iter().find(|n| n.id == by).unwrap();
                let level = line["level"].as_f64().unwrap();
                let matches = n.red_lines.iter().any(|l| {
                    s.issue(l.issue).id == issue
                        && match (l.bound, line["bound"].as_str().unwrap()) {
                            (plenary::scenario::Bound::AtMost(x), "at_most") => x == level,
                            (plenary::scenario::Bound::AtLeast(x), "at_least") => x == level,
                            _ => false,
                        }
                });
                assert!(matches, "run {run}: {line} is none of {by}'s red lines");
                seen += 1;
            }
        }
    }
    assert!(seen > 0, "no red line was released in 40 runs");
}

#[test]
fn the_brief_story_counts_the_moves_it_leaves_out_and_keeps_every_other_line() {
    let path = scenario_path("scenarios/wsis20.ron");
    let path = path.to_str().unwrap();
    let text = |args: &[&str]| {
        let o = plenary(&[&["trace", path, "--no-wrap"][..], args].concat());
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let (full, brief) = (text(&[]), text(&["--brief"]));
    let is_move = |l: &&str| l.starts_with("  Para. ");
    let moves = full.lines().filter(is_move).count();
    assert!(moves > 100, "wsis20's run 0 makes many moves: {moves}");
    assert_eq!(brief.lines().filter(is_move).count(), 0);
    // The summaries add up to the moves of the full story.
    let counted: usize = brief
        .lines()
        .filter(|l| l.contains(" compromise move"))
        .map(|l| l.trim().split(' ').next().unwrap().parse::<usize>().unwrap())
        .sum();
    assert_eq!(counted, moves);
    let others = |s: &str, skip: &dyn Fn(&str) -> bool| -> Vec<String> {
        s.lines().filter(|l| !skip(l)).map(str::to_string).collect()
    };
    assert_eq!(
        others(&full, &|l| l.starts_with("  Para. ")),
        others(&brief, &|l| l.contains(" compromise move"))
    );
    assert!(brief.lines().count() * 4 < full.lines().count(), "the brief story is short");
    let o = plenary(&["trace", path, "--brief", "--format", "json"]);
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("--brief"));
}

#[test]
fn find_traces_the_first_run_that_ends_as_asked() {
    let s = plenary::load("scenarios/teaching/vote_threat.ron").unwrap();
    let path = scenario_path("scenarios/teaching/vote_threat.ron");
    let path = path.to_str().unwrap();
    for (find, wanted) in [("consensus", Outcome::Consensus), ("adopted-by-vote", Outcome::AdoptedByVote)] {
        let o = plenary(&["trace", path, "--find", find, "--run", "3", "--format", "json"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let story: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let run = story["run"].as_u64().unwrap();
        assert_eq!(batch_outcome(&s, 1, run), wanted, "--find {find} found run {run}");
        assert!((3..run).all(|r| batch_outcome(&s, 1, r) != wanted), "run {run} is the first from 3");
        assert!(String::from_utf8_lossy(&o.stderr).contains(&format!("run {run} is the first from run 3")));
    }
}

#[test]
fn a_paragraph_or_delegation_focus_keeps_its_events_and_the_skeleton() {
    let path = scenario_path("scenarios/wsis20.ron");
    let path = path.to_str().unwrap();
    let text = |args: &[&str]| {
        let o = plenary(&[&["trace", path, "--no-wrap"][..], args].concat());
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let full = text(&[]);
    let headings =
        |s: &str| s.lines().filter(|l| !l.starts_with("  ")).map(str::to_string).collect::<Vec<_>>();
    let para = text(&["--paragraph", "67"]);
    assert_eq!(headings(&para), headings(&full), "every stage heading stays");
    let moves: Vec<&str> = para.lines().filter(|l| l.starts_with("  Para. ")).collect();
    assert!(!moves.is_empty() && moves.iter().all(|l| l.starts_with("  Para. 67 ")), "{moves:?}");
    let full_67 = full.lines().filter(|l| l.starts_with("  Para. 67 ")).count();
    assert_eq!(moves.len(), full_67, "every move on paragraph 67, and only those");
    let usa = text(&["--delegation", "USA"]);
    assert_eq!(headings(&usa), headings(&full));
    let acts = [
        " brackets ",
        " breaks silence ",
        " still objects ",
        " disassociates ",
        " calls for a recorded vote",
    ];
    let by: Vec<&str> = usa
        .lines()
        .filter(|l| acts.iter().any(|a| l.contains(a)) && !l.contains("all brackets removed"))
        .collect();
    assert!(!by.is_empty(), "the United States acts in run 0");
    for line in by {
        assert!(line.contains("United States of America"), "{line}");
    }
    for (args, says) in [
        (["--delegation", "XXX"], "no delegation or bloc `XXX`"),
        (["--paragraph", "999"], "no paragraph 999"),
    ] {
        let o = plenary(&[&["trace", path][..], &args].concat());
        assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains(says), "{o:?}");
    }
}
