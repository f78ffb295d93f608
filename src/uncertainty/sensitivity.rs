//! Global sensitivity: how much of the spread of a model output each
//! parameter accounts for, from the model's outputs on the designs of
//! [`super::design`].
//!
//! Sobol indices ([`sobol_indices`]), with V the variance of the output over
//! the 2N points of A and B, f centred on their mean:
//! - first order S_i = (1/N) sum_j f(B)_j (f(AB_i)_j - f(A)_j) / V, the
//!   estimator of Saltelli et al., *Comput. Phys. Commun.* 181 (2010),
//!   Table 2 (b), the one they found best;
//! - total order ST_i = (1/2N) sum_j (f(A)_j - f(AB_i)_j)^2 / V, Jansen's
//!   estimator (Jansen, *Comput. Phys. Commun.* 117, 1999; Table 2 (f) of
//!   Saltelli 2010), likewise recommended there.
//!
//! Each comes with a 95% percentile bootstrap interval (Efron & Tibshirani,
//! *An Introduction to the Bootstrap*, 1993, ch. 13): the N base rows
//! (a row of A, of B and of every AB_i together) are resampled with
//! replacement and the indices recomputed.
//!
//! Morris screening ([`morris_effects`]): for each parameter the mean mu of
//! its elementary effects, the mean mu* of their absolute values
//! (Campolongo et al. 2007) and their standard deviation sigma (Morris
//! 1991), in output units per unit of the unit cube.
//!
//! When each output is itself a Monte Carlo estimate (a share of runs), too
//! few runs per point show as indices below zero or first-order above
//! total-order; [`SensitivityWarning`] lists those the bootstrap says are
//! beyond the resampling noise.

use std::fmt;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::design::{MorrisDesign, SaltelliOutputs};

/// Why indices cannot be computed.
// The fields of each variant are the values its #[error] message names.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SensitivityError {
    #[error("the outputs need at least 2 base rows, not {rows}")]
    TooFewRows { rows: usize },
    #[error("the outputs have {a} rows in A, {b} in B and {ab} in some AB_i; they must agree")]
    Mismatch { a: usize, b: usize, ab: usize },
    #[error("the outputs have no AB_i block (no parameter)")]
    NoParameters,
    #[error("a bootstrap needs at least 20 resamples for its 95% bounds, not {resamples}")]
    TooFewResamples { resamples: usize },
    #[error("Morris statistics need at least 2 trajectories, not {trajectories}")]
    TooFewTrajectories { trajectories: usize },
    #[error("{outputs} outputs for a Morris design of {points} points")]
    MorrisMismatch { outputs: usize, points: usize },
    #[error("an output is {value} at point {index}, not a finite number")]
    NotFinite { index: usize, value: f64 },
}

/// An index and its 95% bootstrap interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct IndexEstimate {
    /// The point estimate.
    pub estimate: f64,
    /// Lower end of the 95% bootstrap interval.
    pub lo: f64,
    /// Upper end of the 95% bootstrap interval.
    pub hi: f64,
}

impl IndexEstimate {
    /// Whether `value` lies in the interval.
    pub fn contains(&self, value: f64) -> bool {
        (self.lo..=self.hi).contains(&value)
    }

    /// The interval's width.
    pub fn width(&self) -> f64 {
        self.hi - self.lo
    }
}

/// Which Sobol index a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Order {
    /// A first-order index S1.
    First,
    /// A total-order index ST.
    Total,
}

/// A symptom of too few base rows or too few runs per point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SensitivityWarning {
    /// The index's whole 95% interval is below zero.
    Negative {
        /// The parameter.
        parameter: usize,
        /// Which index.
        order: Order,
        /// Its estimate and interval.
        index: IndexEstimate,
    },
    /// S1 - ST is below zero over its whole 95% interval (bootstrapped on
    /// the same resamples), while S1 <= ST holds in theory.
    FirstAboveTotal {
        /// The parameter.
        parameter: usize,
        /// Its S1.
        first: f64,
        /// Its ST.
        total: f64,
    },
    /// The output did not vary over A and B: there is nothing to apportion
    /// (every index is reported as 0).
    ConstantOutput,
}

impl SensitivityWarning {
    /// The warning with the parameter called by its name (`names[i]` for
    /// parameter i) instead of its position.
    pub fn describe(&self, names: &[String]) -> String {
        let name = |i: &usize| names.get(*i).cloned().unwrap_or_else(|| format!("parameter {i}"));
        match self {
            SensitivityWarning::Negative { parameter, .. }
            | SensitivityWarning::FirstAboveTotal { parameter, .. } => {
                let text = self.to_string();
                let prefix = format!("parameter {parameter}");
                format!("{}{}", name(parameter), text.strip_prefix(&prefix).unwrap_or(&text))
            }
            SensitivityWarning::ConstantOutput => self.to_string(),
        }
    }
}

impl fmt::Display for SensitivityWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SensitivityWarning::Negative { parameter, order, index } => write!(
                f,
                "parameter {parameter}: {} index {:.3} is below zero beyond noise \
                 (95% interval {:.3} to {:.3}); add base points or runs per point",
                match order {
                    Order::First => "first-order",
                    Order::Total => "total-order",
                },
                index.estimate,
                index.lo,
                index.hi
            ),
            SensitivityWarning::FirstAboveTotal { parameter, first, total } => write!(
                f,
                "parameter {parameter}: first-order index {first:.3} exceeds total-order \
                 {total:.3} beyond noise; add base points or runs per point"
            ),
            SensitivityWarning::ConstantOutput => {
                write!(f, "the output is the same at every point: no index to compute")
            }
        }
    }
}

/// First- and total-order Sobol indices, parameter by parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SobolIndices {
    /// S1 per parameter.
    pub first_order: Vec<IndexEstimate>,
    /// ST per parameter.
    pub total_order: Vec<IndexEstimate>,
    /// V, the output variance the indices are shares of.
    pub variance: f64,
    /// N: the base points of the design.
    pub base_points: usize,
    /// Bootstrap resamples behind the intervals.
    pub resamples: usize,
    /// Symptoms of too few runs per point (or too few points), to print.
    pub warnings: Vec<SensitivityWarning>,
}

/// The indices of `outputs`, with `resamples` bootstrap resamples drawn from
/// `seed`.
pub fn sobol_indices(
    outputs: &SaltelliOutputs,
    resamples: usize,
    seed: u64,
) -> Result<SobolIndices, SensitivityError> {
    check_outputs(outputs)?;
    if resamples < 20 {
        return Err(SensitivityError::TooFewResamples { resamples });
    }
    let n = outputs.a.len();
    let k = outputs.ab.len();
    let all_rows: Vec<usize> = (0..n).collect();
    let point = estimate(outputs, &all_rows);
    if point.variance == 0.0 {
        let zero = IndexEstimate { estimate: 0.0, lo: 0.0, hi: 0.0 };
        return Ok(SobolIndices {
            first_order: vec![zero; k],
            total_order: vec![zero; k],
            variance: 0.0,
            base_points: n,
            resamples,
            warnings: vec![SensitivityWarning::ConstantOutput],
        });
    }

    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut boot_first = vec![Vec::with_capacity(resamples); k];
    let mut boot_total = vec![Vec::with_capacity(resamples); k];
    let mut boot_gap = vec![Vec::with_capacity(resamples); k];
    let mut rows = vec![0; n];
    for _ in 0..resamples {
        rows.iter_mut().for_each(|r| *r = rng.random_range(0..n));
        let resample = estimate(outputs, &rows);
        for i in 0..k {
            boot_first[i].push(resample.first[i]);
            boot_total[i].push(resample.total[i]);
            boot_gap[i].push(resample.total[i] - resample.first[i]);
        }
    }

    let interval = |estimate: f64, draws: &mut [f64]| {
        let (lo, hi) = percentile_interval(draws);
        IndexEstimate { estimate, lo, hi }
    };
    let first_order: Vec<IndexEstimate> =
        (0..k).map(|i| interval(point.first[i], &mut boot_first[i])).collect();
    let total_order: Vec<IndexEstimate> =
        (0..k).map(|i| interval(point.total[i], &mut boot_total[i])).collect();
    let gaps: Vec<(f64, f64)> = boot_gap.iter_mut().map(|draws| percentile_interval(draws)).collect();
    let warnings = warnings(&first_order, &total_order, &gaps);
    Ok(SobolIndices {
        first_order,
        total_order,
        variance: point.variance,
        base_points: n,
        resamples,
        warnings,
    })
}

fn check_outputs(outputs: &SaltelliOutputs) -> Result<(), SensitivityError> {
    let n = outputs.a.len();
    if outputs.ab.is_empty() {
        return Err(SensitivityError::NoParameters);
    }
    if let Some(block) = outputs.ab.iter().find(|block| block.len() != n) {
        return Err(SensitivityError::Mismatch { a: n, b: outputs.b.len(), ab: block.len() });
    }
    if outputs.b.len() != n {
        return Err(SensitivityError::Mismatch { a: n, b: outputs.b.len(), ab: n });
    }
    if n < 2 {
        return Err(SensitivityError::TooFewRows { rows: n });
    }
    let all = outputs.a.iter().chain(&outputs.b).chain(outputs.ab.iter().flatten());
    for (index, &value) in all.enumerate() {
        if !value.is_finite() {
            return Err(SensitivityError::NotFinite { index, value });
        }
    }
    Ok(())
}

struct Estimate {
    first: Vec<f64>,
    total: Vec<f64>,
    variance: f64,
}

/// The Saltelli (first-order) and Jansen (total-order) estimators over the
/// given base rows (repeated rows count as often as they appear).
fn estimate(outputs: &SaltelliOutputs, rows: &[usize]) -> Estimate {
    let n = rows.len() as f64;
    let a = |j: usize| outputs.a[j];
    let b = |j: usize| outputs.b[j];
    // Centring on the mean changes no index in expectation but removes the
    // mean's large contribution to the first-order estimator's variance.
    let mean = rows.iter().map(|&j| a(j) + b(j)).sum::<f64>() / (2.0 * n);
    let variance =
        rows.iter().map(|&j| (a(j) - mean).powi(2) + (b(j) - mean).powi(2)).sum::<f64>() / (2.0 * n);
    let (first, total) = outputs
        .ab
        .iter()
        .map(|ab| {
            let partial = rows.iter().map(|&j| (b(j) - mean) * (ab[j] - a(j))).sum::<f64>() / n;
            let total = rows.iter().map(|&j| (a(j) - ab[j]).powi(2)).sum::<f64>() / (2.0 * n);
            (partial / variance, total / variance)
        })
        .unzip();
    Estimate { first, total, variance }
}

/// The 2.5% and 97.5% points of the draws (sorted in place), interpolated
/// linearly between order statistics.
fn percentile_interval(draws: &mut [f64]) -> (f64, f64) {
    draws.sort_by(f64::total_cmp);
    (sorted_quantile(draws, 0.025), sorted_quantile(draws, 0.975))
}

fn sorted_quantile(sorted: &[f64], q: f64) -> f64 {
    let position = q * (sorted.len() - 1) as f64;
    let below = position.floor() as usize;
    let above = (below + 1).min(sorted.len() - 1);
    let fraction = position - below as f64;
    sorted[below] + fraction * (sorted[above] - sorted[below])
}

fn warnings(
    first: &[IndexEstimate],
    total: &[IndexEstimate],
    gaps: &[(f64, f64)],
) -> Vec<SensitivityWarning> {
    let mut warnings = Vec::new();
    for parameter in 0..first.len() {
        for (order, index) in [(Order::First, first[parameter]), (Order::Total, total[parameter])] {
            if index.hi < 0.0 {
                warnings.push(SensitivityWarning::Negative { parameter, order, index });
            }
        }
        // The interval of ST - S1 lies wholly below zero.
        if gaps[parameter].1 < 0.0 {
            warnings.push(SensitivityWarning::FirstAboveTotal {
                parameter,
                first: first[parameter].estimate,
                total: total[parameter].estimate,
            });
        }
    }
    warnings
}

/// Morris' statistics of one parameter's elementary effects.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MorrisEffect {
    /// Mean elementary effect: its sign says which way the output moves.
    pub mu: f64,
    /// Mean absolute elementary effect: the parameter's importance.
    pub mu_star: f64,
    /// Standard deviation (r - 1 divisor): non-linearity or interactions.
    pub sigma: f64,
}

/// The elementary effects of each parameter, from `outputs` listed in the
/// order of [`MorrisDesign::points`]. An effect is the change of the output
/// per unit of the unit cube: (f(x + delta e_i) - f(x)) / delta.
pub fn morris_effects(design: &MorrisDesign, outputs: &[f64]) -> Result<Vec<MorrisEffect>, SensitivityError> {
    let k = design.parameters();
    if design.trajectories.len() < 2 {
        return Err(SensitivityError::TooFewTrajectories { trajectories: design.trajectories.len() });
    }
    let points = design.trajectories.len() * (k + 1);
    if outputs.len() != points {
        return Err(SensitivityError::MorrisMismatch { outputs: outputs.len(), points });
    }
    if let Some((index, &value)) = outputs.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(SensitivityError::NotFinite { index, value });
    }
    let mut effects = vec![Vec::with_capacity(design.trajectories.len()); k];
    for (trajectory, y) in design.trajectories.iter().zip(outputs.chunks(k + 1)) {
        for (s, pair) in y.windows(2).enumerate() {
            effects[trajectory.moved[s]].push((pair[1] - pair[0]) / trajectory.steps[s]);
        }
    }
    Ok(effects.iter().map(|ee| morris_statistics(ee)).collect())
}

fn morris_statistics(effects: &[f64]) -> MorrisEffect {
    let r = effects.len() as f64;
    let mu = effects.iter().sum::<f64>() / r;
    let mu_star = effects.iter().map(|e| e.abs()).sum::<f64>() / r;
    let sigma = (effects.iter().map(|e| (e - mu).powi(2)).sum::<f64>() / (r - 1.0)).sqrt();
    MorrisEffect { mu, mu_star, sigma }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uncertainty::design::{MorrisStart, SaltelliDesign, morris_design};
    use crate::uncertainty::prior::{Prior, to_parameters};
    use std::f64::consts::PI;

    fn ishigami(x: &[f64]) -> f64 {
        let (a, b) = (7.0, 0.1);
        x[0].sin() + a * x[1].sin().powi(2) + b * x[2].powi(4) * x[0].sin()
    }

    fn uniform(lo: f64, hi: f64, k: usize) -> Vec<Prior> {
        vec![Prior::Uniform { lo, hi }; k]
    }

    fn assert_covers(indices: &[IndexEstimate], truth: &[f64], max_width: f64, what: &str) {
        for (i, (index, &t)) in indices.iter().zip(truth).enumerate() {
            assert!(index.contains(t), "{what} {i}: {index:?} misses the closed form {t}");
            assert!(index.width() < max_width, "{what} {i}: {index:?} wider than {max_width}");
        }
    }

    #[test]
    fn sobol_indices_of_ishigami_match_the_closed_form() {
        // Ishigami & Homma (1990), a = 7, b = 0.1, x ~ U(-pi, pi)^3:
        // S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).
        let priors = uniform(-PI, PI, 3);
        let design = SaltelliDesign::new(4096, 3, 1).unwrap();
        let outputs = design.evaluate(|u| ishigami(&to_parameters(&priors, u)));
        let indices = sobol_indices(&outputs, 200, 2).unwrap();
        assert_covers(&indices.first_order, &[0.3139, 0.4424, 0.0], 0.1, "first order");
        assert_covers(&indices.total_order, &[0.5576, 0.4424, 0.2437], 0.1, "total order");
        assert!(indices.warnings.is_empty(), "{:?}", indices.warnings);
        // V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2.
        let variance = 49.0 / 8.0 + 0.1 * PI.powi(4) / 5.0 + 0.01 * PI.powi(8) / 18.0 + 0.5;
        assert!((indices.variance - variance).abs() / variance < 0.05);
    }

    #[test]
    fn sobol_indices_of_a_linear_model_are_its_squared_coefficient_shares() {
        let c = [1.0, 2.0, 3.0, 0.5];
        let sum_sq: f64 = c.iter().map(|c| c * c).sum();
        let truth: Vec<f64> = c.iter().map(|c| c * c / sum_sq).collect();
        let design = SaltelliDesign::new(4096, 4, 3).unwrap();
        let outputs = design.evaluate(|u| u.iter().zip(&c).map(|(x, c)| c * x).sum());
        let indices = sobol_indices(&outputs, 200, 4).unwrap();
        assert_covers(&indices.first_order, &truth, 0.1, "first order");
        assert_covers(&indices.total_order, &truth, 0.05, "total order");
        assert!(indices.warnings.is_empty(), "{:?}", indices.warnings);
    }

    /// Outputs whose AB_0 block is f(A) + slope (f(B) - mean f(B)), A and B
    /// uniform: then S1_0 is about slope and ST_0 about slope^2 / 2.
    fn outputs_with_ab0_tied_to_b(slope: f64) -> SaltelliOutputs {
        let mut rng = ChaCha8Rng::seed_from_u64(6);
        let n = 400;
        let a: Vec<f64> = (0..n).map(|_| rng.random::<f64>()).collect();
        let b: Vec<f64> = (0..n).map(|_| rng.random::<f64>()).collect();
        let mean_b = b.iter().sum::<f64>() / n as f64;
        let ab0 = a.iter().zip(&b).map(|(a, b)| a + slope * (b - mean_b)).collect();
        // A second parameter with no effect at all: AB_1 = A.
        SaltelliOutputs { ab: vec![ab0, a.clone()], a, b }
    }

    #[test]
    fn warnings_flag_negative_indices_and_first_order_above_total() {
        // slope -1: S1_0 near -1, impossible for a share of variance.
        let negative = sobol_indices(&outputs_with_ab0_tied_to_b(-1.0), 100, 7).unwrap();
        assert!(
            negative
                .warnings
                .iter()
                .any(|w| matches!(w, SensitivityWarning::Negative { parameter: 0, order: Order::First, .. }))
        );
        // slope 1: S1_0 near 1 above ST_0 near 0.5.
        let inverted = sobol_indices(&outputs_with_ab0_tied_to_b(1.0), 100, 7).unwrap();
        assert_eq!(
            inverted.warnings,
            vec![SensitivityWarning::FirstAboveTotal {
                parameter: 0,
                first: inverted.first_order[0].estimate,
                total: inverted.total_order[0].estimate,
            }]
        );
        assert!(inverted.warnings[0].to_string().contains("exceeds total-order"));
        // Parameter 1 has no effect: both indices exactly 0, no warning.
        assert_eq!(inverted.first_order[1].estimate, 0.0);
        assert_eq!(inverted.total_order[1].estimate, 0.0);

        let constant = SaltelliOutputs { a: vec![1.0; 4], b: vec![1.0; 4], ab: vec![vec![1.0; 4]] };
        let indices = sobol_indices(&constant, 50, 0).unwrap();
        assert_eq!(indices.warnings, vec![SensitivityWarning::ConstantOutput]);
    }

    #[test]
    fn bootstrap_is_deterministic_for_a_seed() {
        let design = SaltelliDesign::new(256, 3, 8).unwrap();
        let priors = uniform(-PI, PI, 3);
        let outputs = design.evaluate(|u| ishigami(&to_parameters(&priors, u)));
        let once = sobol_indices(&outputs, 100, 9).unwrap();
        assert_eq!(once, sobol_indices(&outputs, 100, 9).unwrap());
        assert_ne!(once, sobol_indices(&outputs, 100, 10).unwrap());
    }

    #[test]
    fn sobol_indices_refuse_malformed_outputs() {
        let good = SaltelliOutputs { a: vec![1.0, 2.0], b: vec![2.0, 3.0], ab: vec![vec![1.0, 3.0]] };
        assert!(sobol_indices(&good, 50, 0).is_ok());
        assert!(sobol_indices(&good, 10, 0).is_err());
        let mut short = good.clone();
        short.ab[0].pop();
        assert!(sobol_indices(&short, 50, 0).is_err());
        let mut nan = good.clone();
        nan.b[1] = f64::NAN;
        assert!(sobol_indices(&nan, 50, 0).is_err());
        let mut none = good;
        none.ab.clear();
        assert!(sobol_indices(&none, 50, 0).is_err());
    }

    #[test]
    fn morris_mu_star_of_a_linear_model_is_coefficient_times_range() {
        let c = [0.5, -3.0, 2.0, 0.0, 1.0];
        let priors: Vec<Prior> = [(0.0, 1.0), (-2.0, 2.0), (10.0, 11.0), (0.0, 5.0), (1.0, 3.0)]
            .iter()
            .map(|&(lo, hi)| Prior::Uniform { lo, hi })
            .collect();
        let linear = |u: &[f64]| to_parameters(&priors, u).iter().zip(&c).map(|(x, c)| c * x).sum::<f64>();
        let mut rng = ChaCha8Rng::seed_from_u64(12);
        let design = morris_design(5, 10, 4, MorrisStart::Random, &mut rng).unwrap();
        let effects = morris_effects(&design, &design.evaluate(linear)).unwrap();
        for (i, effect) in effects.iter().enumerate() {
            let (lo, hi) = priors[i].bounds();
            let slope = c[i] * (hi - lo);
            assert!((effect.mu_star - slope.abs()).abs() < 1e-9, "{i}: {effect:?}");
            assert!((effect.mu - slope).abs() < 1e-9, "{i}: {effect:?}");
            assert!(effect.sigma < 1e-9, "{i}: {effect:?}");
        }
        // Importance ranking by mu*: |c_i| (hi - lo) = 0.5, 12, 2, 0, 2.
        let mut ranking: Vec<usize> = (0..5).collect();
        ranking.sort_by(|&i, &j| effects[j].mu_star.total_cmp(&effects[i].mu_star));
        assert_eq!(ranking[0], 1);
        assert_eq!(ranking[3], 0);
        assert_eq!(ranking[4], 3);
    }

    #[test]
    fn morris_ranks_equal_ranges_by_absolute_coefficient() {
        let c = [0.1, -4.0, 2.0, 1.0];
        let mut rng = ChaCha8Rng::seed_from_u64(13);
        let design = morris_design(4, 8, 6, MorrisStart::Campolongo { candidates: 40 }, &mut rng).unwrap();
        let outputs = design.evaluate(|u| u.iter().zip(&c).map(|(x, c)| c * x).sum());
        let effects = morris_effects(&design, &outputs).unwrap();
        let mut by_mu_star: Vec<usize> = (0..4).collect();
        by_mu_star.sort_by(|&i, &j| effects[j].mu_star.total_cmp(&effects[i].mu_star));
        assert_eq!(by_mu_star, vec![1, 2, 3, 0]);
        for (effect, c) in effects.iter().zip(&c) {
            assert!((effect.mu_star - c.abs()).abs() < 1e-9);
        }
    }

    #[test]
    fn morris_sigma_flags_interaction_and_not_an_additive_term() {
        // x0 acts through x0 * x1, x2 additively.
        let mut rng = ChaCha8Rng::seed_from_u64(14);
        let design = morris_design(3, 12, 4, MorrisStart::Random, &mut rng).unwrap();
        let outputs = design.evaluate(|u| u[0] * u[1] + 3.0 * u[2]);
        let effects = morris_effects(&design, &outputs).unwrap();
        assert!(effects[0].sigma > 0.1, "{:?}", effects[0]);
        assert!(effects[1].sigma > 0.1, "{:?}", effects[1]);
        assert!(effects[2].sigma < 1e-9 && (effects[2].mu_star - 3.0).abs() < 1e-9);
        assert!(morris_effects(&design, &outputs[1..]).is_err());
    }
}
