//! The analyses of uncertain parameters as text: sensitivity indices, a
//! calibrated posterior's summary, and outcome probabilities with their
//! Monte Carlo interval beside the interval that includes the parameters.

use std::fmt::Write;

use super::share::{percent, percent_interval};
use crate::model::table::PerOutcome;
use crate::montecarlo::Estimate;
use crate::montecarlo::uncertain::{Method, PosteriorFile, SensitivityReport, WithParameters};

/// `plenary sensitivity` as a table.
pub fn sensitivity_text(r: &SensitivityReport) -> String {
    super::width::fit(&sensitivity_text_unfitted(r))
}

fn sensitivity_text_unfitted(r: &SensitivityReport) -> String {
    let mut o = String::new();
    let method = match r.method {
        Method::Morris => format!("Morris screening, {} trajectories", r.points),
        Method::Sobol => format!("Sobol indices, Saltelli design of {} base points", r.points),
    };
    let _ = writeln!(
        o,
        "{}: sensitivity of P({}) to {} parameters\n{method}: {} points x {} runs (seed {}, the same seeds at every point)\n",
        r.scenario,
        r.measure.key(),
        r.parameters.len(),
        r.evaluations,
        r.runs,
        r.seed
    );
    let width = r.parameters.iter().map(|p| p.name.chars().count()).max().unwrap_or(9).max(9);
    match r.method {
        Method::Morris => {
            let _ = writeln!(o, "  {:<width$} {:>8} {:>8} {:>8}", "parameter", "mu*", "mu", "sigma");
            let mut rows: Vec<_> = r.parameters.iter().collect();
            rows.sort_by(|a, b| {
                let m =
                    |p: &&crate::montecarlo::uncertain::ParameterSensitivity| p.morris.map_or(0.0, |m| m[1]);
                m(b).total_cmp(&m(a))
            });
            for p in rows {
                if let Some([mu, mu_star, sigma]) = p.morris {
                    let _ = writeln!(o, "  {:<width$} {mu_star:>8.4} {mu:>+8.4} {sigma:>8.4}", p.name);
                }
            }
            let _ = writeln!(
                o,
                "\nMonte Carlo standard error of one point's P({}): {:.4}; the points share their seeds, so an effect (a difference of two points) carries much less noise than that.",
                r.measure.key(),
                r.point_noise_variance.sqrt()
            );
            o += "mu*: the mean absolute change of the probability when the parameter moves across its prior (in quantile units); sigma: how much that change depends on the others.\n";
        }
        Method::Sobol => {
            let _ = writeln!(o, "  {:<width$} {:>23} {:>23}", "parameter", "first-order S1", "total ST");
            let mut rows: Vec<_> = r.parameters.iter().collect();
            rows.sort_by(|a, b| {
                let t =
                    |p: &&crate::montecarlo::uncertain::ParameterSensitivity| p.total.map_or(0.0, |t| t[0]);
                t(b).total_cmp(&t(a))
            });
            let cell = |x: Option<[f64; 3]>| match x {
                Some([e, lo, hi]) => format!("{e:>6.3} [{lo:>6.3}, {hi:>6.3}]"),
                None => String::new(),
            };
            for p in rows {
                let _ = writeln!(o, "  {:<width$} {:>23} {:>23}", p.name, cell(p.first_order), cell(p.total));
            }
            if let Some(v) = r.variance {
                let _ = writeln!(
                    o,
                    "\nVariance of P({}) over the design: {v:.6}; Monte Carlo noise of a point: {:.6}",
                    r.measure.key(),
                    r.point_noise_variance
                );
            }
            o += "S1: the share of that variance due to the parameter alone; ST: with its interactions.\n\
                  Intervals: 95% bootstrap over the base points.\n";
        }
    }
    if !r.warnings.is_empty() {
        o += "\nWarnings (too few runs per point make noise look like sensitivity; raise --runs):\n";
        for w in &r.warnings {
            let _ = writeln!(o, "  - {w}");
        }
    }
    o
}

/// `plenary calibrate`'s summary.
pub fn calibration_text(p: &PosteriorFile) -> String {
    super::width::fit(&calibration_text_unfitted(p))
}

fn calibration_text_unfitted(p: &PosteriorFile) -> String {
    let mut o = String::new();
    let post = &p.posterior;
    let _ = writeln!(
        o,
        "{}: posterior of {} parameters given the historical markers\n{} particles, {} runs each; \
         effective sample size {:.0}\n",
        p.scenario,
        p.parameters.len(),
        post.samples.len(),
        p.runs,
        post.ess
    );
    let names = if p.names.len() == p.parameters.len() { &p.names } else { &p.parameters };
    let width = names.iter().map(|s| s.chars().count()).max().unwrap_or(9).max(9);
    let _ = writeln!(o, "  {:<width$} {:>8} {:>20}", "parameter", "median", "90% interval");
    for (path, s) in names.iter().zip(post.summary()) {
        let _ = writeln!(o, "  {:<width$} {:>8.4} [{:>8.4}, {:>8.4}]", path, s.median, s.q05, s.q95);
    }
    let d = &post.diagnostics;
    let _ = writeln!(
        o,
        "\nGenerations: {} ({}); share of prior draws reproducing every marker {:.3}",
        d.generations.len(),
        if d.stopped_by_tolerance { "stopped: the quantiles settled" } else { "all that were asked" },
        d.prior_hit_share
    );
    for g in &d.generations {
        let shift = g.quantile_shift.map_or("-".to_string(), |s| format!("{s:.3}"));
        let _ = writeln!(
            o,
            "  generation {}: ESS {:.0}, hit share {:.3}, largest quantile shift {shift}",
            g.generation, g.ess, g.hit_share
        );
    }
    o += "\nConvergence: the largest shift of a parameter's 5%, 50% or 95% quantile (of a discrete parameter's mean) from the generation before, as a share of its prior range; below about 0.02 the posterior has settled.";
    // Two independent samples' medians differ by about sqrt(2 x 0.25 / ESS)
    // of the range where the density is flat: shifts of that size are the
    // particles' own sampling noise, not a posterior still moving.
    let _ = writeln!(
        o,
        " At ESS {:.0}, shifts up to about {:.3} (twice sqrt(0.5/ESS)) are the particles' own sampling noise; more particles lower it.",
        post.ess,
        2.0 * (0.5 / post.ess.max(1.0)).sqrt()
    );
    o
}

/// The outcome probabilities of the scenario's own values (Monte Carlo
/// interval only) beside those with the parameters drawn: the pooled share
/// with its Monte Carlo interval, and the spread of the probability over
/// the draws, which carries what is not known of the parameters.
pub fn with_parameters_text(point: &PerOutcome<Estimate>, w: &WithParameters) -> String {
    let mut o = format!(
        "\nWith parameter uncertainty: {} draws from the {}, {} runs each (seed {})\n",
        w.draws, w.drawn_from, w.runs_per_draw, w.seed
    );
    let _ = writeln!(o, "  {:<16} {:>22}  {:>30}", "", "scenario's values", "parameters drawn");
    let _ = writeln!(
        o,
        "  {:<16} {:>7} {:>14}  {:>7} {:>22}",
        "outcome", "share", "95% (MC)", "share", "95% of the draws"
    );
    for (outcome, e) in point.iter() {
        let d = &w.outcomes[outcome];
        let _ = writeln!(
            o,
            "  {:<16} {:>7} {:>14}  {:>7} {:>22}",
            outcome.key(),
            percent(e.p),
            percent_interval(e.ci95),
            percent(d.pooled.p),
            percent_interval(d.spread95)
        );
    }
    o += "\"95% (MC)\" is Monte Carlo error at the scenario's own values; \"95% of the draws\" is the spread of the probability over the parameter draws (what the seeds do not say of them; each draw's own runs widen it a little).\n";
    super::width::fit(&o)
}
