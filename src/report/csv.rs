//! `plenary run --format csv`: one long table, one row per measured quantity.

use std::fmt::Display;

use super::run::RunReport;

/// Columns: section, id, metric, value, ci95_lo, ci95_hi (empty when the
/// quantity has no interval).
pub fn render(r: &RunReport) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["section", "id", "metric", "value", "ci95_lo", "ci95_hi"])?;
    // `value` is a u64 or an f64, printed as itself: a count or a seed
    // goes through no f64 (which would round integers above 2^53).
    let mut row = |section: &str, id: &str, metric: &str, value: &dyn Display, ci: Option<[f64; 2]>| {
        let (lo, hi) = ci.map_or((String::new(), String::new()), |c| (c[0].to_string(), c[1].to_string()));
        w.write_record([section, id, metric, &value.to_string(), &lo, &hi])
    };
    row("meta", "", "runs", &r.runs, None)?;
    row("meta", "", "seed", &r.seed, None)?;
    for (key, e) in r.outcome_rows() {
        row("outcome", key, "p", &e.p, Some(e.ci95))?;
    }
    for s in &r.stages {
        row("stage", &s.name, "reached", &s.reached, None)?;
        row("stage", &s.name, "bracketed_mean", &s.bracketed_mean, None)?;
        row("stage", &s.name, "moves_mean", &s.moves_mean, None)?;
        if let Some(h) = &s.held {
            row("stage", &s.name, "held_p", &h.p, Some(h.ci95))?;
        }
        if let Some(b) = s.breakers_mean {
            row("stage", &s.name, "breakers_mean", &b, None)?;
        }
        if let Some(c) = s.challenged_mean {
            row("stage", &s.name, "challenged_mean", &c, None)?;
        }
    }
    for d in &r.delegations {
        row("delegation", &d.id, "broke_silence_p", &d.broke_silence_p, None)?;
        row("delegation", &d.id, "threatened_vote_p", &d.threatened_vote_p, None)?;
        row("delegation", &d.id, "called_vote_p", &d.called_vote_p, None)?;
        row("delegation", &d.id, "disassociated_p", &d.disassociated_p, None)?;
    }
    for p in &r.paragraphs {
        let id = p.number.to_string();
        row("paragraph", &id, "bracketed_p", &p.bracketed_p, None)?;
        row("paragraph", &id, "challenged_p", &p.challenged_p, None)?;
        row("paragraph", &id, "deleted_p", &p.deleted_p, None)?;
    }
    row("vote", "", "called_p", &r.vote.called.p, Some(r.vote.called.ci95))?;
    for (metric, v) in
        [("yes_mean", r.vote.yes_mean), ("no_mean", r.vote.no_mean), ("abstain_mean", r.vote.abstain_mean)]
    {
        if let Some(v) = v {
            row("vote", "", metric, &v, None)?;
        }
    }
    if let Some(wp) = &r.with_parameters {
        row("with_parameters", "", "draws", &wp.draws, None)?;
        row("with_parameters", "", "runs_per_draw", &wp.runs_per_draw, None)?;
        for (outcome, d) in wp.outcomes.iter() {
            row("with_parameters", outcome.key(), "pooled_p", &d.pooled.p, Some(d.pooled.ci95))?;
            row("with_parameters", outcome.key(), "median_p", &d.median, Some(d.spread95))?;
        }
    }
    if let Some(f) = &r.floor {
        for d in &f.requested_by {
            row("delegation", &d.id, "requested_separate_votes_p", &d.requested.p, Some(d.requested.ci95))?;
        }
        for v in &f.separate_votes {
            let id = v.number.to_string();
            row("separate_vote", &id, "voted_p", &v.voted.p, Some(v.voted.ci95))?;
            row("separate_vote", &id, "retained_p", &v.retained.p, Some(v.retained.ci95))?;
            row("separate_vote", &id, "yes_mean", &v.yes_mean, None)?;
            row("separate_vote", &id, "no_mean", &v.no_mean, None)?;
            row("separate_vote", &id, "abstain_mean", &v.abstain_mean, None)?;
        }
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8(bytes).expect("csv of UTF-8 strings is UTF-8"))
}
