//! `run --per-run FILE`: the rows of [`PerRun`] as CSV, one line per run,
//! with negotiators by id and paragraphs by number (docs/JSON.md,
//! "Per-run rows").

use crate::montecarlo::per_run::PerRun;
use crate::scenario::Scenario;

/// The fixed columns, before one `level:PARAGRAPH:ISSUE` column per chosen
/// reference.
pub const COLUMNS: [&str; 12] = [
    "run",
    "outcome",
    "stages_run",
    "vote_yes",
    "vote_no",
    "vote_abstain",
    "broke_silence",
    "threatened",
    "called_vote",
    "disassociated",
    "struck",
    "amendments_adopted",
];

/// Render the rows. A list cell (negotiators, paragraphs, `ID:PARAGRAPH`
/// pairs) is space-separated and empty when there are none; the vote cells
/// are empty in a run with no recorded vote on the text.
pub fn render(scenario: &Scenario, rows: &PerRun) -> Result<String, csv::Error> {
    let id = |d: u32| scenario.negotiators()[d as usize].id.as_str();
    let ids = |list: &[u32]| list.iter().map(|&d| id(d)).collect::<Vec<_>>().join(" ");
    let pairs = |list: &[(u32, u32)]| {
        list.iter().map(|&(d, p)| format!("{}:{p}", id(d))).collect::<Vec<_>>().join(" ")
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    for c in rows.chosen() {
        header.push(format!("level:{}:{}", c.paragraph, scenario.issue(c.issue).id));
    }
    w.write_record(&header)?;
    for r in rows.rows() {
        let count = |f: fn(&crate::model::record::VoteCount) -> u32| {
            r.vote.as_ref().map_or(String::new(), |v| f(v).to_string())
        };
        let mut line = vec![
            r.run.to_string(),
            r.outcome.key().to_string(),
            r.stages_run.to_string(),
            count(|v| v.yes),
            count(|v| v.no),
            count(|v| v.abstain),
            ids(&r.broke_silence),
            ids(&r.threatened),
            ids(&r.called_vote),
            pairs(&r.disassociations),
            r.struck.iter().map(u32::to_string).collect::<Vec<_>>().join(" "),
            pairs(&r.amendments_adopted),
        ];
        line.extend(r.levels.iter().map(f64::to_string));
        w.write_record(&line)?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8(bytes).expect("csv of UTF-8 strings is UTF-8"))
}
