//! `plenary report`: the HTML page's structure, its charts, what it says when
//! there is nothing to chart, escaping, determinism, and clear errors.

use std::path::Path;

use crate::util::*;

/// The ids of the charts, in page order.
const CHARTS: [&str; 6] = [
    "chart-outcomes",
    "chart-stages",
    "chart-objections",
    "chart-paragraphs",
    "chart-votes",
    "chart-explain",
];

/// Run `plenary report SCENARIO --out DIR/NAME ARGS...` (scenario relative to
/// the repository, or absolute) and return the page.
fn report(scenario: &Path, dir: &Path, name: &str, args: &[&str]) -> String {
    let out = dir.join(name);
    let mut all = vec!["report", scenario.to_str().unwrap(), "--out", out.to_str().unwrap()];
    all.extend_from_slice(args);
    let o = plenary(&all);
    assert!(o.status.success(), "plenary {all:?} failed: {}", String::from_utf8_lossy(&o.stderr));
    std::fs::read_to_string(&out).expect("the page was written")
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// The text from `start` to the next `end` (inclusive), or a failure.
fn between<'a>(page: &'a str, start: &str, end: &str) -> &'a str {
    let i = page.find(start).unwrap_or_else(|| panic!("the page has no {start}"));
    let j = page[i..].find(end).unwrap_or_else(|| panic!("{start} is not closed by {end}")) + i;
    &page[i..j + end.len()]
}

/// Every structural check that holds for any page: one document, balanced
/// containers, `svgs` inline charts each with an id and a title, nothing
/// fetched from outside the file, and the outcome table.
fn assert_well_formed(page: &str, svgs: usize) {
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"), "{}", &page[..60.min(page.len())]);
    assert!(page.trim_end().ends_with("</html>"));
    for tag in ["html", "head", "body", "main", "style", "footer"] {
        assert_eq!(count(page, &format!("<{tag}")), 1, "<{tag}>");
        assert_eq!(count(page, &format!("</{tag}>")), 1, "</{tag}>");
    }
    // The page's title and one per chart.
    assert_eq!(count(page, "<title"), 1 + svgs);
    assert_eq!(count(page, "</title>"), 1 + svgs);
    for tag in ["section", "figure", "table", "svg", "thead", "tbody", "div"] {
        assert_eq!(
            count(page, &format!("<{tag}")),
            count(page, &format!("</{tag}>")),
            "<{tag}> is not balanced"
        );
    }
    // The floor's section only for a scenario that votes on the floor.
    let sections = 6 + usize::from(page.contains("<section id=\"floor\">"));
    assert_eq!(count(page, "<section"), sections, "one section per topic");
    assert_eq!(count(page, "<svg"), svgs, "inline charts");
    assert_eq!(count(page, "<figure>"), svgs, "one figure per chart");
    // Nothing to fetch: no URL at all (the SVG namespace is left out too).
    for bad in ["http://", "https://", "<script", "<link", "<img", "<iframe", "src=", "@import", "url("] {
        assert!(!page.contains(bad), "the page contains {bad}");
    }
    let table = between(page, "<table id=\"outcome-table\">", "</table>");
    assert_eq!(count(table, "<tr>"), 5, "a header and four outcomes");
    for label in ["consensus", "adopted by vote", "rejected by vote", "no text"] {
        assert!(table.contains(&format!(">{label}</td>")), "outcome table lacks {label}");
    }
}

/// The svg of chart `id` (with its title), or a failure.
fn chart<'a>(page: &'a str, id: &str) -> &'a str {
    let svg = between(page, &format!("<svg id=\"{id}\""), "</svg>");
    assert!(svg.contains(&format!("<title id=\"{id}-title\">")), "{id} has no title");
    assert!(svg.contains("<rect"), "{id} draws nothing");
    svg
}

#[test]
fn wsis20_page_has_every_chart_and_the_run_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = scenario_path("scenarios/wsis20.ron");
    let page = report(
        &scenario,
        dir.path(),
        "wsis.html",
        &["--runs", "400", "--explain-runs", "20", "--threads", "2"],
    );
    assert_well_formed(&page, 6);
    for id in CHARTS {
        chart(&page, id);
    }
    let at = |id: &str| page.find(&format!("<svg id=\"{id}\"")).unwrap();
    assert!(CHARTS.windows(2).all(|w| at(w[0]) < at(w[1])), "charts out of order");
    assert!(!page.to_lowercase().contains("no run ended in a vote"));

    // The table shows exactly what `plenary run` estimates with the same runs and seed.
    let out = plenary(&["run", scenario.to_str().unwrap(), "--runs", "400", "--format", "json"]);
    assert!(out.status.success());
    let run: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let table = between(&page, "<table id=\"outcome-table\">", "</table>");
    for (key, label) in [("consensus", "consensus"), ("adopted_by_vote", "adopted by vote")] {
        let e = &run["outcomes"][key];
        let pct = |v: &serde_json::Value| format!("{:.1}%", 100.0 * v.as_f64().unwrap());
        let row = between(table, &format!("<tr><td class=\"nowrap\">{label}</td>"), "</tr>");
        let expected = [
            format!(">{}</td>", e["count"]),
            format!(">{}</td>", pct(&e["p"])),
            format!(">[{}, {}]</td>", pct(&e["ci95"][0]), pct(&e["ci95"][1])),
        ];
        for cell in expected {
            assert!(row.contains(&cell), "{label} row {row} lacks {cell}");
        }
    }
    assert!(run["vote"]["called"]["count"].as_u64().unwrap() > 0, "wsis20 votes in some runs");

    // Every delegation has a row in the heatmap (plotters writes the text of
    // a <text> element on a line of its own), every stage a row in the table.
    let heatmap = chart(&page, "chart-objections");
    for d in run["delegations"].as_array().unwrap() {
        let id = d["id"].as_str().unwrap();
        assert!(heatmap.contains(&format!("\n{id} · ")), "the heatmap has no row for {id}");
    }
    assert_eq!(count(between(&page, "<table id=\"stage-table\">", "</table>"), "<tr>"), 1 + 8);
    // The tornado shows the 20 largest of wsis20's red-line variants: per
    // negotiator with red lines, one without all of them, and one without
    // each when it has more than one.
    let s = plenary::scenario::load(&scenario).unwrap();
    let variants: usize = s
        .negotiators()
        .iter()
        .map(|n| match n.red_lines.len() {
            0 => 0,
            1 => 1,
            k => 1 + k,
        })
        .sum();
    assert!(variants > 20);
    assert!(page.contains(&format!("the 20 largest changes of {variants}")), "explain summary missing");
    // 20 rows with their intervals, and the header of that column.
    assert_eq!(count(chart(&page, "chart-explain"), "["), 20 + 1);
    assert_eq!(count(chart(&page, "chart-paragraphs"), "\n¶ "), 15, "the 15 most challenged paragraphs");
}

#[test]
fn a_teaching_scenario_without_a_vote_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = scenario_path("scenarios/teaching/ambiguity.ron");
    let page = report(&scenario, dir.path(), "ambiguity.html", &["--runs", "500", "--explain-runs", "50"]);
    // Outcomes, stages, objections, paragraphs; no vote chart, no red lines to drop.
    assert_well_formed(&page, 4);
    for id in &CHARTS[..4] {
        chart(&page, id);
    }
    assert!(!page.contains("chart-votes") && !page.contains("chart-explain"));
    assert!(page.to_lowercase().contains("no run ended in a vote"), "the vote section must say so");
    assert!(page.contains("no red line to drop"));
}

#[test]
fn explain_runs_zero_leaves_the_analysis_out() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = scenario_path("scenarios/teaching/vote_threat.ron");
    let page = report(&scenario, dir.path(), "p.html", &["--runs", "300", "--explain-runs", "0"]);
    assert_well_formed(&page, 5);
    assert!(page.contains("chart-votes") && !page.contains("chart-explain"));
    assert!(page.contains("was not computed for this page"));
}

#[test]
fn the_page_does_not_depend_on_threads() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = scenario_path("scenarios/teaching/vote_threat.ron");
    let args = ["--runs", "300", "--explain-runs", "40", "--seed", "7"];
    let one = report(&scenario, dir.path(), "one.html", &[&args[..], &["--threads", "1"]].concat());
    let three = report(&scenario, dir.path(), "three.html", &[&args[..], &["--threads", "3"]].concat());
    assert!(one == three, "the page differs between 1 and 3 threads");
}

#[test]
fn scenario_text_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(scenario_path("scenarios/teaching/ambiguity.ron")).unwrap();
    let text = text
        .replacen("name: \"Constructive ambiguity saves a paragraph\"", r#"name: "<b>Bold</b> & \"co\"""#, 1)
        .replacen("name: \"Atlantis\"", "name: \"Atlantis <i>\"", 1)
        .replacen("name: \"First reading\"", "name: \"Reading <1>\"", 1);
    let path = dir.path().join("escaped.ron");
    std::fs::write(&path, text).unwrap();
    let page = report(&path, dir.path(), "escaped.html", &["--runs", "100", "--explain-runs", "0"]);
    assert!(page.contains("<h1>&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;co&quot;</h1>"), "title not escaped");
    assert!(page.contains("Atlantis &lt;i&gt;") && page.contains("Reading &lt;1&gt;"));
    for raw in ["<b>", "<i>", "<1>"] {
        assert!(!page.contains(raw), "{raw} reached the page unescaped");
    }
    assert_well_formed(&page, 4);
}

#[test]
fn report_errors_are_clear() {
    let dir = tempfile::tempdir().unwrap();
    let wsis = scenario_path("scenarios/wsis20.ron");
    let wsis = wsis.to_str().unwrap();
    let missing_dir = dir.path().join("no/such/folder/page.html");
    let never = dir.path().join("never.html");
    let cases: [(Vec<&str>, &str); 4] = [
        (vec!["report", wsis, "--runs", "10", "--out", missing_dir.to_str().unwrap()], "does not exist"),
        (vec!["report", wsis, "--runs", "10", "--out", dir.path().to_str().unwrap()], "is a folder"),
        (vec!["report", "no-such-scenario.ron", "--out", never.to_str().unwrap()], "no-such-scenario.ron"),
        (vec!["report", wsis, "--runs", "10"], "--out"),
    ];
    for (args, expected) in cases {
        let o = plenary(&args);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{args:?} succeeded");
        assert!(stderr.contains(expected), "{args:?}: stderr lacks {expected:?}:\n{stderr}");
        assert!(!stderr.contains("panicked"), "{args:?} panicked:\n{stderr}");
    }
    assert!(!never.exists(), "no page for a scenario that does not load");
}

/// The floor (issue 14): a scenario that uses separate votes or amendments
/// gets a section with a table of each, whose shares are the ones `run`
/// prints for the same seed and runs; one that uses neither has none.
#[test]
fn the_floor_section_shows_the_votes_before_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["--runs", "2000", "--explain-runs", "0"];
    let amendment = scenario_path("scenarios/teaching/floor_amendment.ron");
    let page = report(&amendment, dir.path(), "a.html", &args);
    // Outcomes, stages and votes (nobody objects and nothing is challenged
    // in a calendar of the plenary alone; no red-line analysis was asked for).
    assert_well_formed(&page, 3);
    let floor = between(&page, "<section id=\"floor\">", "</section>");
    let table = between(floor, "<table id=\"amendment-table\">", "</table>");
    let json = plenary_json(&["run", amendment.to_str().unwrap(), "--runs", "2000", "--format", "json"]);
    let a = &json["amendments"]["amendments"][0];
    let carried = a["no_action_carried"]["p"].as_f64().unwrap();
    assert!(carried > 0.3 && carried < 0.5, "the Skeptics' line binds in 60%: {carried}");
    let shown = format!("{:.1}%", 100.0 * carried);
    assert!(table.contains(&shown), "{shown} not in {table}");
    assert!(table.contains("AAA: review in para. 6 to 0.20"));
    assert!(!floor.contains("separate-vote-table"));

    let paragraph = scenario_path("scenarios/teaching/floor_paragraph_vote.ron");
    let page = report(&paragraph, dir.path(), "p.html", &args);
    let floor = between(&page, "<section id=\"floor\">", "</section>");
    let json = plenary_json(&["run", paragraph.to_str().unwrap(), "--runs", "2000", "--format", "json"]);
    let retained = json["floor"]["separate_votes"][0]["retained"]["p"].as_f64().unwrap();
    assert!(floor.contains(&format!("{:.1}%", 100.0 * retained)), "{floor}");
    assert!(floor.contains("separate-vote-table") && !floor.contains("amendment-table"));

    let plain = report(&scenario_path("scenarios/teaching/floor.ron"), dir.path(), "f.html", &args);
    assert!(!plain.contains("id=\"floor\""), "no votes on the floor, no section");
}
