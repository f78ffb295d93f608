//! `plenary report`: one self-contained HTML page for a batch, written for
//! students. Inline CSS and inline SVG charts ([`super::chart`]); no script,
//! no font, no link to anything outside the file, so it opens offline and can
//! be mailed as one attachment.
//!
//! The page is a function of the reports alone and leaves out `timing`, so
//! the same scenario, seed and runs give the same bytes on any machine.
//! Every piece of scenario text (names, stages, sections) is HTML-escaped.

use std::fmt::Write;

use super::chart::{self, ChartError, fmt_num};
use super::explain::ExplainReport;
use super::run::{RunReport, StageReport};
use super::share::{percent, percent_interval};
use crate::montecarlo::Estimate;
use crate::scenario::StageKind;

/// At most this many paragraphs in the "most challenged" chart.
pub const TOP_PARAGRAPHS: usize = 15;
/// At most this many red lines in the tornado chart (the largest effects).
pub const TOP_RED_LINES: usize = 20;

/// Why the page could not be built: one of its charts failed.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("cannot draw the chart of {chart}")]
    Chart {
        chart: &'static str,
        #[source]
        source: ChartError,
    },
}

/// `s` with the five HTML special characters escaped (safe in text and in
/// quoted attributes).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An SVG chart ready to sit in the page: with an `id`, a `<title>` that
/// names it (read by screen readers, shown as a tooltip), and without the
/// `xmlns` attribute. HTML puts inline `<svg>` in the SVG namespace by
/// itself, and leaving the namespace URL out keeps the page free of URLs.
fn inline_svg(svg: &str, id: &str, title: &str) -> String {
    let svg = svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1);
    let svg =
        svg.replacen("<svg ", &format!("<svg id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-title\" "), 1);
    match svg.find('>') {
        Some(end) => {
            format!("{}\n<title id=\"{id}-title\">{}</title>{}", &svg[..=end], escape(title), &svg[end + 1..])
        }
        None => svg,
    }
}

/// A chart, or the page error naming it.
fn drawn(chart: &'static str, result: Result<String, ChartError>) -> Result<String, PageError> {
    result.map_err(|source| PageError::Chart { chart, source })
}

/// "71.5%" and "[70.6%, 72.3%]".
fn interval(e: &Estimate) -> String {
    percent_interval(e.ci95)
}

/// Readable outcome names and what each means, in contract order.
const OUTCOMES: [(&str, &str); 4] = [
    (
        "consensus",
        "Adopted without a vote. Delegations whose red lines are still crossed disassociate from the paragraphs concerned.",
    ),
    ("adopted by vote", "Someone called a recorded vote and the text passed (more yes than no)."),
    ("rejected by vote", "Someone called a recorded vote and the text failed (a tie rejects)."),
    (
        "no text",
        "The text was never tabled for adoption: it collapsed at the plenary, or the calendar ran out.",
    ),
];

const STYLE: &str = "
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
       color: #222; background: #fff; line-height: 1.5; margin: 0; }
main { max-width: 820px; margin: 0 auto; padding: 24px 16px 48px; }
h1 { font-size: 1.7em; margin: 0.2em 0; }
h2 { font-size: 1.25em; margin-top: 2.2em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
p.meta { color: #666; margin-top: 0; }
p.note { background: #f6f6f6; border-left: 4px solid #bbb; padding: 0.5em 0.8em; }
figure { margin: 1em 0; }
svg { max-width: 100%; height: auto; display: block; }
/* On a narrow screen a table scrolls sideways instead of widening the page. */
div.wide { overflow-x: auto; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.95em; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.nowrap { white-space: nowrap; }
td.meaning { min-width: 12em; }
td.held { text-align: right; font-variant-numeric: tabular-nums; }
span.ci { white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.floor { font-variant-numeric: tabular-nums; white-space: nowrap; }
code { background: #f3f3f3; padding: 0 0.2em; }
footer { color: #666; font-size: 0.9em; margin-top: 3em; }
";

/// The whole page for a batch and, if it was computed, the red-line analysis.
pub fn page(run: &RunReport, explain: Option<&ExplainReport>) -> Result<String, PageError> {
    let mut o = String::new();
    let name = escape(&run.scenario);
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{name}: plenary report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
    );
    let _ = writeln!(o, "<h1>{name}</h1>");
    let explain_meta = match explain {
        Some(e) if !e.rows.is_empty() => format!("; red-line analysis: {} runs per variant", e.runs),
        _ => String::new(),
    };
    let _ =
        writeln!(o, "<p class=\"meta\">{} simulated runs, seed {}{explain_meta}.</p>", run.runs, run.seed);
    let _ = writeln!(
        o,
        "<p>This page summarises {} simulated negotiations of the same text. Each run plays the \
         calendar once: delegations read the draft, the co-facilitators revise it, a silence \
         procedure may be broken, and at the end the plenary adopts the text by consensus or \
         someone calls a vote. Chance decides the details of each run (whether a red line really \
         binds, whether a government breaks silence, how well the mediator does), so runs end \
         differently. The share of runs that end a given way estimates how likely that ending is \
         <em>if the scenario's assumptions are right</em>. The 95% interval shows how precise that \
         estimate is with this many runs: more runs make it narrower. It says nothing about \
         whether the assumptions themselves are right.</p>",
        run.runs
    );

    outcomes_section(&mut o, run)?;
    stages_section(&mut o, run)?;
    objections_section(&mut o, run)?;
    paragraphs_section(&mut o, run)?;
    vote_section(&mut o, run)?;
    floor_section(&mut o, run);
    explain_section(&mut o, explain)?;

    let _ = writeln!(
        o,
        "<footer>Made with plenary {}. The same scenario, seed and number of runs give the \
         same page.</footer>\n</main>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    );
    Ok(o)
}

fn outcomes_section(o: &mut String, run: &RunReport) -> Result<(), PageError> {
    let _ = writeln!(o, "<section id=\"outcomes\">\n<h2>How does the negotiation end?</h2>");
    let _ = writeln!(
        o,
        "<p>Every run ends in one of four ways. The table gives the share of runs that ended each \
         way and its 95% interval; the chart shows the same numbers as bars, with the interval as \
         a black whisker.</p>"
    );
    let _ = writeln!(
        o,
        "<div class=\"wide\">\n<table id=\"outcome-table\">\n<thead><tr><th>Outcome</th><th>Runs</th><th>Probability</th>\
         <th>95% interval</th><th>What it means</th></tr></thead>\n<tbody>"
    );
    for ((_, e), (label, meaning)) in run.outcome_rows().zip(OUTCOMES) {
        let _ = writeln!(
            o,
            "<tr><td class=\"nowrap\">{label}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"meaning\">{meaning}</td></tr>",
            e.count,
            percent(e.p),
            interval(e)
        );
    }
    let _ = writeln!(o, "</tbody>\n</table>\n</div>");
    let bars: Vec<(String, f64, f64, f64)> = run
        .outcome_rows()
        .zip(OUTCOMES)
        .map(|((_, e), (label, _))| (label.to_string(), e.p, e.ci95[0], e.ci95[1]))
        .collect();
    let svg = drawn("outcomes", chart::outcome_bars(&bars))?;
    let _ = writeln!(
        o,
        "<figure>{}</figure>\n</section>",
        inline_svg(&svg, "chart-outcomes", "Probability of each outcome, with 95% intervals")
    );
    Ok(())
}

fn stages_section(o: &mut String, run: &RunReport) -> Result<(), PageError> {
    let _ = writeln!(o, "<section id=\"stages\">\n<h2>Brackets and challenges, stage by stage</h2>");
    let _ = writeln!(
        o,
        "<p>Square brackets mark text that is not agreed yet. At a reading, every paragraph that \
         some delegation objects to is put in brackets. A revision issues a new, clean text, so it \
         ends without brackets. At a silence procedure the text is adopted unless a government \
         breaks silence; one that does names the paragraphs it challenges. The blue bars count \
         the paragraphs in brackets when the stage ended, the orange bars the paragraphs \
         challenged at a silence. Both are averages over the runs that reached the stage: when a \
         silence holds, the calendar jumps straight to the plenary, so later stages are reached \
         in fewer runs (see the table).</p>"
    );
    let bars: Vec<(String, f64, Option<f64>)> = run
        .stages
        .iter()
        .map(|s| (format!("{}\n{}", s.name, s.date), s.bracketed_mean, s.challenged_mean))
        .collect();
    let svg = drawn("stages", chart::stage_bars(&bars))?;
    let _ = writeln!(
        o,
        "<figure>{}</figure>",
        inline_svg(&svg, "chart-stages", "Mean paragraphs in brackets and challenged, per stage")
    );
    let _ = writeln!(
        o,
        "<div class=\"wide\">\n<table id=\"stage-table\">\n<thead><tr><th>Stage</th><th>Date</th><th>Kind</th>\
         <th>Reached in</th><th>Bracketed</th><th>Challenged</th><th>Silence held</th></tr></thead>\n<tbody>"
    );
    for s in &run.stages {
        let held = match &s.held {
            Some(h) => format!("{} <span class=\"ci\">{}</span>", percent(h.p), interval(h)),
            None => String::new(),
        };
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td class=\"nowrap\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"held\">{held}</td></tr>",
            escape(&s.name),
            escape(&s.date),
            s.kind.label(),
            percent(if run.runs == 0 { 0.0 } else { s.reached as f64 / run.runs as f64 }),
            fmt_num(s.bracketed_mean),
            s.challenged_mean.map(fmt_num).unwrap_or_default(),
        );
    }
    let _ = writeln!(o, "</tbody>\n</table>\n</div>\n</section>");
    Ok(())
}

/// The stages at which a delegation's objections are recorded (a revision,
/// the President's package and the plenary always record none).
fn records_objections(s: &StageReport) -> bool {
    matches!(s.kind, StageKind::Reading | StageKind::Silence | StageKind::Consultations)
}

fn objections_section(o: &mut String, run: &RunReport) -> Result<(), PageError> {
    let _ = writeln!(o, "<section id=\"objections\">\n<h2>Who objects, and when</h2>");
    let stages: Vec<usize> = (0..run.stages.len()).filter(|&i| records_objections(&run.stages[i])).collect();
    if stages.is_empty() || run.delegations.is_empty() {
        let _ = writeln!(
            o,
            "<p class=\"note\">This calendar has no reading, silence or consultations, so no \
             objections are recorded.</p>\n</section>"
        );
        return Ok(());
    }
    let _ = writeln!(
        o,
        "<p>Each row is a delegation, or a bloc that speaks as one; each column a stage at which \
         objections are recorded. At a reading a cell counts the paragraphs the delegation wanted \
         in brackets, at a silence the paragraphs it challenged when it broke silence, after \
         consultations the paragraphs still bracketed for it. Each number is an average over all \
         runs (a run that never reached the stage counts as zero). Darker cells mean more \
         objections. Revisions, the President's compromise and the plenary record no objections \
         and are left out.</p>"
    );
    let rows: Vec<String> = run.delegations.iter().map(|d| format!("{} · {}", d.id, d.name)).collect();
    let cols: Vec<String> = stages.iter().map(|&i| run.stages[i].name.clone()).collect();
    let values: Vec<Vec<f64>> = run
        .delegations
        .iter()
        .map(|d| stages.iter().map(|&i| d.objections_mean.get(i).copied().unwrap_or(0.0)).collect())
        .collect();
    let svg = drawn("objections", chart::heatmap(&rows, &cols, &values))?;
    let _ = writeln!(
        o,
        "<figure>{}</figure>\n</section>",
        inline_svg(&svg, "chart-objections", "Mean paragraphs objected to, by delegation and stage")
    );
    Ok(())
}

fn paragraphs_section(o: &mut String, run: &RunReport) -> Result<(), PageError> {
    let _ = writeln!(o, "<section id=\"paragraphs\">\n<h2>The paragraphs most often challenged</h2>");
    let mut hot: Vec<_> = run.paragraphs.iter().filter(|p| p.challenged_p > 0.0).collect();
    hot.sort_by(|a, b| b.challenged_p.total_cmp(&a.challenged_p).then(a.number.cmp(&b.number)));
    if hot.is_empty() {
        let _ = writeln!(
            o,
            "<p class=\"note\">No paragraph was challenged at a silence procedure in any run \
             (the calendar has no silence, or nobody ever broke it).</p>\n</section>"
        );
        return Ok(());
    }
    let shown = hot.len().min(TOP_PARAGRAPHS);
    let which = match (shown, hot.len()) {
        (1, 1) => "the only paragraph challenged in any run".to_string(),
        (s, n) if s == n => {
            format!("all {n} paragraphs challenged in at least one run, the most often first")
        }
        (s, n) => {
            format!(
                "the {s} paragraphs challenged in the largest share of runs (of {n} challenged at least once)"
            )
        }
    };
    let _ = writeln!(
        o,
        "<p>A government that breaks silence names the paragraphs it cannot accept. The chart \
         shows {which}: the hot spots of the text. Each bar is labelled with the paragraph's \
         number and its section.</p>"
    );
    let bars: Vec<(String, f64)> =
        hot[..shown].iter().map(|p| (format!("¶ {} · {}", p.number, p.section), p.challenged_p)).collect();
    let svg = drawn("paragraphs", chart::top_paragraphs(&bars))?;
    let _ = writeln!(
        o,
        "<figure>{}</figure>\n</section>",
        inline_svg(&svg, "chart-paragraphs", "Share of runs in which each paragraph was challenged")
    );
    Ok(())
}

fn vote_section(o: &mut String, run: &RunReport) -> Result<(), PageError> {
    let _ = writeln!(o, "<section id=\"vote\">\n<h2>When it comes to a vote</h2>");
    let v = &run.vote;
    let (Some(yes), Some(no), Some(abstain)) = (v.yes_mean, v.no_mean, v.abstain_mean) else {
        let _ = writeln!(
            o,
            "<p class=\"note\">No run ended in a vote: in every run the text was adopted by \
             consensus or never reached the plenary.</p>\n</section>"
        );
        return Ok(());
    };
    let _ = writeln!(
        o,
        "<p>At the plenary a delegation may call a recorded vote: one whose red line is still \
         crossed, and, where the scenario allows it, one that calls unprovoked. That happened in {} of runs {}. The charts show how those votes went: on the left \
         how many states voted yes, on the right how many voted no (abstentions are not shown). \
         The text passes when the yes votes outnumber the no votes. On average there were {:.1} \
         yes, {:.1} no and {:.1} abstentions.</p>",
        percent(v.called.p),
        interval(&v.called),
        yes,
        no,
        abstain
    );
    let svg = drawn("votes", chart::vote_histogram(&v.yes_histogram, &v.no_histogram))?;
    let _ = writeln!(
        o,
        "<figure>{}</figure>\n</section>",
        inline_svg(&svg, "chart-votes", "Distribution of yes and no votes over the runs that voted")
    );
    Ok(())
}

/// Votes on the floor before the text: separate votes on paragraphs (rule
/// 89), amendments and no-action motions (rules 90 and 74); only for a
/// scenario that uses them.
fn floor_section(o: &mut String, run: &RunReport) {
    let amendments = run.amendments.as_ref().filter(|a| a.amendments.iter().any(|x| x.moved.count > 0));
    if run.floor.is_none() && amendments.is_none() {
        return;
    }
    let _ = writeln!(o, "<section id=\"floor\">\n<h2>Votes on the floor before the text</h2>");
    let _ = writeln!(
        o,
        "<p>Before the text is adopted, delegations may put parts of it to the vote. An \
         amendment (rule 90) changes a paragraph if more states vote for it than against; a \
         motion that no action be taken on an amendment (rule 74) is voted first, and if it \
         carries the amendment is never voted on. A separate vote (rule 89) asks whether a \
         paragraph stays in the text. Abstentions do not count, and a tie rejects.</p>"
    );
    let mean = |y: f64, n: f64, a: f64| format!("{y:.1} / {n:.1} / {a:.1}");
    if let Some(a) = amendments {
        let _ = writeln!(
            o,
            "<div class=\"wide\">\n<table id=\"amendment-table\">\n<thead><tr><th>Amendment</th>\
             <th>Moved</th><th>No-action motion</th><th>Vote on the amendment</th></tr></thead>\n<tbody>"
        );
        for x in a.amendments.iter().filter(|x| x.moved.count > 0) {
            let what = match (&x.issue, x.level) {
                (Some(issue), Some(level)) => format!("{issue} in para. {} to {level:.2}", x.paragraph),
                _ => format!("delete para. {}", x.paragraph),
            };
            let share = |e: &Estimate| format!("{} <span class=\"ci\">{}</span>", percent(e.p), interval(e));
            let motion = if x.no_action.count > 0 {
                format!(
                    "moved {}<br>carried {}<br>{}",
                    percent(x.no_action.p),
                    share(&x.no_action_carried),
                    mean(x.no_action_yes_mean, x.no_action_no_mean, x.no_action_abstain_mean)
                )
            } else {
                "never moved".to_string()
            };
            let vote = if x.voted.count > 0 {
                format!(
                    "held {}<br>adopted {}<br>{}",
                    percent(x.voted.p),
                    share(&x.adopted),
                    mean(x.yes_mean, x.no_mean, x.abstain_mean)
                )
            } else {
                "never held".to_string()
            };
            let _ = writeln!(
                o,
                "<tr><td>{}: {}</td><td class=\"num\">{}</td><td class=\"floor\">{motion}</td>\
                 <td class=\"floor\">{vote}</td></tr>",
                escape(&x.by),
                escape(&what),
                percent(x.moved.p),
            );
        }
        let _ = writeln!(
            o,
            "</tbody>\n</table>\n</div>\n<p>Moved: share of all runs. Motion moved and vote held: \
             shares of the runs the amendment was moved in. Carried and adopted: shares of the \
             motions and votes held, with 95% intervals. Then the mean yes / no / abstain of \
             those votes.</p>"
        );
    }
    if let Some(f) = &run.floor {
        let _ = writeln!(
            o,
            "<div class=\"wide\">\n<table id=\"separate-vote-table\">\n<thead><tr><th>Paragraph</th>\
             <th>Section</th><th>Voted on</th><th>Retained</th><th>Yes / no / abstain</th></tr>\
             </thead>\n<tbody>"
        );
        for v in &f.separate_votes {
            let _ = writeln!(
                o,
                "<tr><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{} <span class=\"ci\">{}</span></td><td class=\"num\">{}</td></tr>",
                v.number,
                escape(&v.section),
                percent(v.voted.p),
                percent(v.retained.p),
                interval(&v.retained),
                mean(v.yes_mean, v.no_mean, v.abstain_mean)
            );
        }
        let _ = writeln!(
            o,
            "</tbody>\n</table>\n</div>\n<p>Voted on: share of all runs. Retained: share of the \
             runs that voted on it, with its 95% interval; in the others the paragraph was struck \
             from the text. Counts are means over those votes.</p>"
        );
    }
    let _ = writeln!(o, "</section>");
}

/// One sentence on what a red line is, with an example from the analysis
/// when it has a single red line (not only "all red lines" rows).
fn red_line_intro(e: &ExplainReport) -> String {
    let scale = "on a scale from 0 (not mentioned) to 1 (the strongest language proposed)";
    let example = e.rows.iter().find_map(|r| r.red_line.as_ref());
    let parts =
        |l: &super::explain::RedLineReport| (l.issue.clone(), l.bound.clone(), format!("{:.2}", l.level));
    match example.map(parts) {
        Some((issue, bound, level)) if bound == "at_most" => format!(
            "A red line is a limit a delegation will not cross: <q>{i} ≤ {l}</q> means it accepts \
             language on {i} up to level {l} and nothing stronger, {scale}.",
            i = escape(&issue),
            l = escape(&level)
        ),
        Some((issue, _, level)) => format!(
            "A red line is a limit a delegation will not cross: <q>{i} ≥ {l}</q> means it insists \
             on language on {i} at level {l} or stronger, {scale}.",
            i = escape(&issue),
            l = escape(&level)
        ),
        None => format!(
            "A red line is a limit a delegation will not cross: language on an issue above (or \
             below) a given level, {scale}."
        ),
    }
}

fn explain_section(o: &mut String, explain: Option<&ExplainReport>) -> Result<(), PageError> {
    let _ = writeln!(o, "<section id=\"explain\">\n<h2>Who holds the key? Red lines and consensus</h2>");
    let Some(e) = explain else {
        let _ = writeln!(
            o,
            "<p class=\"note\">The red-line analysis was not computed for this page \
             (<code>plenary report --explain-runs M</code> with M above 0 adds it).</p>\n</section>"
        );
        return Ok(());
    };
    if e.rows.is_empty() {
        let _ = writeln!(
            o,
            "<p class=\"note\">No delegation in this scenario has a red line, so there is no red \
             line to drop.</p>\n</section>"
        );
        return Ok(());
    }
    let shown = e.rows.len().min(TOP_RED_LINES);
    let _ = writeln!(
        o,
        "<p>{} To see which red lines decide the outcome, the same {} runs were played again \
         with one red line dropped (or all of one delegation's), each run starting from the same \
         random numbers as its pair (they stay in step until the dropped line changes whether a \
         delegation threatens or calls a vote, which draws a number of its own). Each bar is the change in the chance of consensus: to the \
         right (green) when consensus becomes more likely without the red line, to the left \
         (red) when it becomes less likely: red lines also shape which compromises the \
         co-facilitators pick, so dropping one can hurt. The whisker is the 95% interval of the \
         change; when it crosses zero, this many runs cannot tell the effect from chance, and each \
         whisker is 95% on its own, so about 1 in 20 of the red lines that change nothing still \
         has a whisker clear of zero. Chance of \
         consensus with every red line in place, over these {} runs: {} {} (the outcome table above \
         counts its own runs, so the two figures agree within their intervals, not exactly). {}</p>",
        red_line_intro(e),
        e.runs,
        e.runs,
        percent(e.consensus.p),
        interval(&e.consensus),
        if shown < e.rows.len() {
            format!(
                "Shown: the {shown} largest changes of {}; <code>plenary explain</code> lists them all.",
                e.rows.len()
            )
        } else {
            String::new()
        }
    );
    let rows: Vec<(String, f64, f64, f64)> = e.rows[..shown]
        .iter()
        .map(|r| {
            let what = r.red_line.as_ref().map_or("all red lines".to_string(), |l| l.symbolic());
            (format!("{}: {what}", r.delegation), r.difference, r.difference_ci95[0], r.difference_ci95[1])
        })
        .collect();
    let svg = drawn("red lines", chart::tornado(&rows))?;
    let _ = writeln!(
        o,
        "<figure>{}</figure>\n</section>",
        inline_svg(&svg, "chart-explain", "Change in the chance of consensus when a red line is dropped")
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_special_characters() {
        assert_eq!(escape("<a href='x'>&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
    }

    #[test]
    fn inlined_svg_has_id_title_and_no_url() {
        let svg = "<svg width=\"800\" height=\"10\" viewBox=\"0 0 800 10\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect/>\n</svg>\n";
        let out = inline_svg(svg, "chart-x", "A & B");
        assert!(out.starts_with("<svg id=\"chart-x\" role=\"img\""), "{out}");
        assert!(out.contains("<title id=\"chart-x-title\">A &amp; B</title>"));
        assert!(!out.contains("http"));
    }

    #[test]
    fn red_lines_read_as_inequalities() {
        use crate::report::explain::RedLineReport;
        let line = |bound: &str, level| RedLineReport { issue: "gender".into(), bound: bound.into(), level };
        assert_eq!(line("at_most", 0.0).symbolic(), "gender ≤ 0.00");
        assert_eq!(line("at_least", 0.5).symbolic(), "gender ≥ 0.50");
    }
}
