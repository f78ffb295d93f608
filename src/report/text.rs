//! `plenary run` as a readable table, at most [`WIDTH`] columns wide (see
//! [`super::width`]).

use std::fmt::Write;

use super::run::RunReport;
use super::share::percent;
use super::width::{WIDTH, cut, prose};

/// A share as a percentage with one decimal. A share that is not 0 but
/// would round to 0.0% reads `<0.1%` (and one that is not 1 but would round
/// to 100.0%, `>99.9%`): "0.0%" is kept for what never happened, and an
/// interval that reaches above zero does not print as [0.0%, 0.0%].
/// A share in a column six characters wide.
fn pct(p: f64) -> String {
    format!("{:>6}", percent(p))
}

/// A share and its 95% interval: `77.0% [75.1%, 78.8%]`.
fn with_interval(e: &crate::montecarlo::Estimate) -> String {
    format!("{} [{}, {}]", percent(e.p), percent(e.ci95[0]), percent(e.ci95[1]))
}

pub fn render(r: &RunReport) -> String {
    let mut o = String::new();
    let t = &r.timing;
    // The timing on a line of its own: its width depends on the machine,
    // and the lines above it must not.
    prose(&mut o, 0, 2, &format!("{}: {} runs, seed {}", r.scenario, r.runs, r.seed));
    let _ = writeln!(o, "  ({} threads, {:.2} s, {:.0} runs/s)", t.threads, t.elapsed_s, t.runs_per_s);
    let _ = writeln!(o, "\nOutcome             probability   95% interval");
    for (key, e) in r.outcome_rows() {
        let _ = writeln!(o, "  {:<18} {}      [{}, {}]", key, pct(e.p), pct(e.ci95[0]), pct(e.ci95[1]));
    }
    stages(&mut o, r);
    delegations(&mut o, r);
    let v = &r.vote;
    if let (Some(y), Some(n), Some(a)) = (v.yes_mean, v.no_mean, v.abstain_mean) {
        vote_details(&mut o, r);
        let _ = writeln!(o);
        prose(
            &mut o,
            0,
            2,
            &format!(
                "Recorded vote called in {} of runs; mean count: {y:.1} yes, {n:.1} no, {a:.1} abstain",
                percent(v.called.p),
            ),
        );
    } else {
        let _ = writeln!(o, "\nNo recorded vote in any run.");
    }
    if let Some(a) = &r.amendments {
        amendment_details(&mut o, a);
    }
    if let Some(f) = &r.floor {
        floor_details(&mut o, f);
    }
    challenged_paragraphs(&mut o, r);
    if let Some(w) = &r.with_parameters {
        o += &super::uncertain::with_parameters_text(&r.outcomes, w);
    }
    o
}

/// Per stage of the calendar, what it did on average; a silence's line is
/// followed by how often it held and how it broke.
fn stages(o: &mut String, r: &RunReport) {
    let _ = writeln!(o, "\nStages (means over the runs that reached the stage)");
    let _ =
        writeln!(o, "  {:<28} {:<20} {:>7} {:>9} {:>7}", "stage", "kind", "reached", "bracketed", "moves");
    for s in &r.stages {
        let _ = writeln!(
            o,
            "  {:<28} {:<20} {:>7} {:>9.1} {:>7.1}",
            cut(&s.name, 28),
            s.kind,
            s.reached,
            s.bracketed_mean,
            s.moves_mean
        );
        if let (Some(h), Some(b), Some(c)) = (&s.held, s.breakers_mean, s.challenged_mean) {
            prose(
                o,
                4,
                2,
                &format!(
                    "held {}; when broken, {b:.1} breakers, {c:.1} paragraphs challenged",
                    with_interval(h)
                ),
            );
        }
    }
}

/// Per negotiator, the share of runs in which it did each thing; the id
/// column is as wide as the longest id, the name takes what is left.
fn delegations(o: &mut String, r: &RunReport) {
    let id_width = r.delegations.iter().map(|d| d.id.chars().count()).max().unwrap_or(2).max(2);
    // Four share columns of 10 and the margins leave the rest to the name.
    let name_width = WIDTH.saturating_sub(2 + id_width + 1 + 4 * 10 + 1).max(8);
    let _ = writeln!(o, "\nDelegations (share of runs)");
    let _ = writeln!(
        o,
        "  {:<id_width$} {:<name_width$} {:>10}{:>10}{:>10}{:>10}",
        "id", "name", "silence", "threat", "vote", "disassoc."
    );
    for d in &r.delegations {
        let _ = writeln!(
            o,
            "  {:<id_width$} {:<name_width$} {:>10}{:>10}{:>10}{:>10}",
            d.id,
            cut(&d.name, name_width),
            pct(d.broke_silence_p),
            pct(d.threatened_vote_p),
            pct(d.called_vote_p),
            pct(d.disassociated_p)
        );
    }
    prose(
        o,
        2,
        1,
        "(silence: broke a silence; threat: threatened to call a vote; vote: called a \
         recorded vote; disassoc.: disassociated from paragraphs at adoption)",
    );
}

/// The ten paragraphs most often challenged, with how often they were
/// bracketed and deleted.
fn challenged_paragraphs(o: &mut String, r: &RunReport) {
    let mut hot: Vec<_> = r.paragraphs.iter().filter(|p| p.challenged_p > 0.0).collect();
    hot.sort_by(|a, b| b.challenged_p.total_cmp(&a.challenged_p).then(a.number.cmp(&b.number)));
    if hot.is_empty() {
        return;
    }
    let _ = writeln!(o, "\nMost often challenged paragraphs");
    let _ = writeln!(
        o,
        "  {:>5} {:<32} {:>11}{:>11}{:>11}",
        "para.", "section", "challenged", "bracketed", "deleted"
    );
    for p in hot.iter().take(10) {
        let _ = writeln!(
            o,
            "  {:>5} {:<32} {:>11}{:>11}{:>11}",
            p.number,
            cut(&p.section, 32),
            pct(p.challenged_p),
            pct(p.bracketed_p),
            pct(p.deleted_p)
        );
    }
    prose(
        o,
        2,
        1,
        "(bracketed: at a reading or a silence; deleted: by a deletion move, even if \
         raised again later)",
    );
}

/// Separate votes on paragraphs (rule 89): who asked, and per paragraph how
/// often it was voted on and retained, with the mean count.
fn floor_details(o: &mut String, f: &super::run::FloorReport) {
    let asked: Vec<String> = f
        .requested_by
        .iter()
        .filter(|d| d.requested.count > 0)
        .map(|d| format!("{} in {}", d.id, percent(d.requested.p)))
        .collect();
    let _ = writeln!(o);
    prose(
        o,
        0,
        2,
        &format!("Separate votes on paragraphs (rule 89), asked for by {} of runs", asked.join(", ")),
    );
    let _ = writeln!(
        o,
        "  {:>5} {:<18} {:>6}  {:<23}  {:>17}",
        "para.", "section", "voted", "retained [95%]", "mean yes-no-abst."
    );
    for v in &f.separate_votes {
        let _ = writeln!(
            o,
            "  {:>5} {:<18} {}  {:<23}  {:>17}",
            v.number,
            cut(&v.section, 18),
            pct(v.voted.p),
            with_interval(&v.retained),
            format!("{:.1}-{:.1}-{:.1}", v.yes_mean, v.no_mean, v.abstain_mean)
        );
    }
}

/// Amendments (rule 90) and no-action motions (rule 74): per amendment
/// moved in some run, how often it was moved, met no action, was voted on
/// and adopted, with the mean counts.
fn amendment_details(o: &mut String, a: &super::run::AmendmentsReport) {
    let moved: Vec<_> = a.amendments.iter().filter(|x| x.moved.count > 0).collect();
    if moved.is_empty() {
        let _ = writeln!(o, "\nAmendments (rule 90): none was moved in any run.");
        return;
    }
    let _ = writeln!(o);
    prose(o, 0, 2, "Amendments from the floor (rule 90) and no-action motions on them (rule 74)");
    let by: Vec<String> = a
        .movers
        .iter()
        .filter(|m| m.moved_no_action.count > 0)
        .map(|m| format!("{} in {}", m.id, percent(m.moved_no_action.p)))
        .collect();
    if !by.is_empty() {
        prose(o, 2, 2, &format!("no action moved by {} of runs", by.join(", ")));
    }
    prose(
        o,
        2,
        1,
        "(no action and vote: shares of the runs it was moved; carried and adopted: of the \
         motions and votes held; mean: yes-no-abstain)",
    );
    for x in moved {
        let what = match (&x.issue, x.level) {
            (Some(issue), Some(level)) => format!("{issue} in para. {} to {level:.2}", x.paragraph),
            _ => format!("delete para. {}", x.paragraph),
        };
        prose(o, 2, 2, &format!("{}: {what}, moved in {} of runs", x.by, percent(x.moved.p)));
        let mean = |y: f64, n: f64, a: f64| format!("{y:.1}-{n:.1}-{a:.1}");
        if x.no_action.count > 0 {
            prose(
                o,
                4,
                2,
                &format!(
                    "no action: moved {}, carried {}, mean {}",
                    percent(x.no_action.p),
                    with_interval(&x.no_action_carried),
                    mean(x.no_action_yes_mean, x.no_action_no_mean, x.no_action_abstain_mean)
                ),
            );
        }
        if x.voted.count > 0 {
            prose(
                o,
                4,
                2,
                &format!(
                    "vote: held {}, adopted {}, mean {}",
                    percent(x.voted.p),
                    with_interval(&x.adopted),
                    mean(x.yes_mean, x.no_mean, x.abstain_mean)
                ),
            );
        } else {
            let _ = writeln!(o, "    vote: never held");
        }
    }
}

/// When votes happened: the most frequent results and who did not vote yes.
fn vote_details(o: &mut String, r: &RunReport) {
    let v = &r.vote;
    let _ = writeln!(o, "\nRecorded votes ({} of runs): most frequent results", percent(v.called.p));
    for res in v.results.iter().take(5) {
        let verdict = if res.yes > res.no { "adopted" } else { "rejected" };
        let _ = writeln!(
            o,
            "  {:>4} yes {:>4} no {:>4} abstain   {} of the votes ({verdict})",
            res.yes,
            res.no,
            res.abstain,
            pct(res.p)
        );
    }
    let mut named: Vec<_> =
        v.voters.iter().filter(|x| !x.id.contains('#') && x.no_p + x.abstain_p >= 0.01).collect();
    named.sort_by(|a, b| (b.no_p + b.abstain_p).total_cmp(&(a.no_p + a.abstain_p)).then(a.id.cmp(&b.id)));
    if !named.is_empty() {
        let _ = writeln!(o, "  Named member states not voting yes (share of the votes):");
        for x in named.iter().take(15) {
            let _ = writeln!(o, "    {:<8} no {}  abstain {}", x.id, pct(x.no_p), pct(x.abstain_p));
        }
    }
    let mut blocs: Vec<(String, usize, f64, f64)> = Vec::new();
    for x in v.voters.iter().filter(|x| x.id.contains('#')) {
        let bloc = x.bloc.clone().unwrap_or_default();
        match blocs.iter_mut().find(|b| b.0 == bloc) {
            Some(b) => {
                b.1 += 1;
                b.2 += x.no_p;
                b.3 += x.abstain_p;
            }
            None => blocs.push((bloc, 1, x.no_p, x.abstain_p)),
        }
    }
    for (bloc, n, no, abstain) in blocs.iter().filter(|b| b.2 + b.3 > 0.0) {
        prose(
            o,
            4,
            2,
            &format!("{bloc}: of {n} anonymous members, on average {no:.1} vote no and {abstain:.1} abstain"),
        );
    }
}
