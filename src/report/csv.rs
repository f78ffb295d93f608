//! `plenary run --format csv`: one long table, one row per measured quantity.

use std::fmt::Display;

use super::run::RunReport;
use crate::montecarlo::Estimate;

/// What a row carries beside its value.
enum Extra<'a> {
    /// A count or a setting: nothing.
    Plain,
    /// A share: its count and 95% interval.
    Share(&'a Estimate),
    /// A mean: its standard error (empty when not defined).
    Mean(Option<f64>),
    /// A value with an interval that is not a share's (a spread of draws).
    Interval([f64; 2]),
}

/// Columns: section, id, metric, value, ci95_lo, ci95_hi, count, se. A
/// share (a metric ending in `_p`) fills its interval and its count of runs;
/// a mean (ending in `_mean`) its standard error; the other cells are
/// empty.
pub fn render(r: &RunReport) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["section", "id", "metric", "value", "ci95_lo", "ci95_hi", "count", "se"])?;
    // `value` is a u64 or an f64, printed as itself: a count or a seed
    // goes through no f64 (which would round integers above 2^53).
    let mut row = |section: &str, id: &str, metric: &str, value: &dyn Display, extra: Extra| {
        let (ci, count, se) = match extra {
            Extra::Plain => (None, None, None),
            Extra::Share(e) => (Some(e.ci95), Some(e.count), None),
            Extra::Mean(se) => (None, None, se),
            Extra::Interval(ci) => (Some(ci), None, None),
        };
        let (lo, hi) = ci.map_or((String::new(), String::new()), |c| (c[0].to_string(), c[1].to_string()));
        let count = count.map_or(String::new(), |c| c.to_string());
        let se = se.map_or(String::new(), |s| s.to_string());
        w.write_record([section, id, metric, &value.to_string(), &lo, &hi, &count, &se])
    };
    use Extra::{Interval, Mean, Plain, Share};
    row("meta", "", "runs", &r.runs, Plain)?;
    row("meta", "", "seed", &r.seed, Plain)?;
    for (key, e) in r.outcome_rows() {
        row("outcome", key, "p", &e.p, Share(e))?;
    }
    for s in &r.stages {
        row("stage", &s.name, "reached", &s.reached, Plain)?;
        row("stage", &s.name, "bracketed_mean", &s.bracketed_mean, Mean(s.bracketed_mean_se))?;
        row("stage", &s.name, "moves_mean", &s.moves_mean, Mean(s.moves_mean_se))?;
        if let Some(h) = &s.held {
            row("stage", &s.name, "held_p", &h.p, Share(h))?;
        }
        if let Some(b) = s.breakers_mean {
            row("stage", &s.name, "breakers_mean", &b, Mean(s.breakers_mean_se))?;
        }
        if let Some(c) = s.challenged_mean {
            row("stage", &s.name, "challenged_mean", &c, Mean(s.challenged_mean_se))?;
        }
    }
    for d in &r.delegations {
        row("delegation", &d.id, "broke_silence_p", &d.broke_silence.p, Share(&d.broke_silence))?;
        row("delegation", &d.id, "threatened_vote_p", &d.threatened_vote.p, Share(&d.threatened_vote))?;
        row("delegation", &d.id, "called_vote_p", &d.called_vote.p, Share(&d.called_vote))?;
        row("delegation", &d.id, "disassociated_p", &d.disassociated.p, Share(&d.disassociated))?;
    }
    for p in &r.paragraphs {
        let id = p.number.to_string();
        row("paragraph", &id, "bracketed_p", &p.bracketed.p, Share(&p.bracketed))?;
        row("paragraph", &id, "challenged_p", &p.challenged.p, Share(&p.challenged))?;
        row("paragraph", &id, "deleted_p", &p.deleted.p, Share(&p.deleted))?;
    }
    row("vote", "", "called_p", &r.vote.called.p, Share(&r.vote.called))?;
    for (metric, v, se) in [
        ("yes_mean", r.vote.yes_mean, r.vote.yes_mean_se),
        ("no_mean", r.vote.no_mean, r.vote.no_mean_se),
        ("abstain_mean", r.vote.abstain_mean, r.vote.abstain_mean_se),
    ] {
        if let Some(v) = v {
            row("vote", "", metric, &v, Mean(se))?;
        }
    }
    if let Some(wp) = &r.with_parameters {
        row("with_parameters", "", "draws", &wp.draws, Plain)?;
        row("with_parameters", "", "runs_per_draw", &wp.runs_per_draw, Plain)?;
        for (outcome, d) in wp.outcomes.iter() {
            row("with_parameters", outcome.key(), "pooled_p", &d.pooled.p, Share(&d.pooled))?;
            row("with_parameters", outcome.key(), "median_p", &d.median, Interval(d.spread95))?;
        }
    }
    if let Some(f) = &r.floor {
        for d in &f.requested_by {
            row("delegation", &d.id, "requested_separate_votes_p", &d.requested.p, Share(&d.requested))?;
        }
        for v in &f.separate_votes {
            let id = v.number.to_string();
            row("separate_vote", &id, "voted_p", &v.voted.p, Share(&v.voted))?;
            row("separate_vote", &id, "retained_p", &v.retained.p, Share(&v.retained))?;
            row("separate_vote", &id, "yes_mean", &v.yes_mean, Plain)?;
            row("separate_vote", &id, "no_mean", &v.no_mean, Plain)?;
            row("separate_vote", &id, "abstain_mean", &v.abstain_mean, Plain)?;
        }
    }
    if let Some(a) = &r.amendments {
        for m in &a.movers {
            row(
                "delegation",
                &m.id,
                "moved_amendments_p",
                &m.moved_amendments.p,
                Share(&m.moved_amendments),
            )?;
            row("delegation", &m.id, "moved_no_action_p", &m.moved_no_action.p, Share(&m.moved_no_action))?;
        }
        for (i, x) in a.amendments.iter().enumerate() {
            // The amendment's place in the scenario's list, from 0, as in the
            // JSON's `amendments.amendments`.
            let id = i.to_string();
            row("amendment", &id, "moved_p", &x.moved.p, Share(&x.moved))?;
            row("amendment", &id, "no_action_p", &x.no_action.p, Share(&x.no_action))?;
            row(
                "amendment",
                &id,
                "no_action_carried_p",
                &x.no_action_carried.p,
                Share(&x.no_action_carried),
            )?;
            row("amendment", &id, "no_action_yes_mean", &x.no_action_yes_mean, Plain)?;
            row("amendment", &id, "no_action_no_mean", &x.no_action_no_mean, Plain)?;
            row("amendment", &id, "no_action_abstain_mean", &x.no_action_abstain_mean, Plain)?;
            row("amendment", &id, "voted_p", &x.voted.p, Share(&x.voted))?;
            row("amendment", &id, "adopted_p", &x.adopted.p, Share(&x.adopted))?;
            row("amendment", &id, "yes_mean", &x.yes_mean, Plain)?;
            row("amendment", &id, "no_mean", &x.no_mean, Plain)?;
            row("amendment", &id, "abstain_mean", &x.abstain_mean, Plain)?;
        }
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8(bytes).expect("csv of UTF-8 strings is UTF-8"))
}
