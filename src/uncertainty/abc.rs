//! Calibration to history: which parameter values make the model reproduce
//! what happened, given how often it does.
//!
//! # The case
//! At a parameter point θ the model runs `runs` seeded simulations and
//! counts the `hits` that reproduce every historical marker. The
//! likelihood of history at θ is L(θ) = P(a run reproduces all markers),
//! and hits / runs is an unbiased, non-negative estimate of it (hits is
//! binomial(runs, L(θ))). Weighting by that estimate is exactly ABC with a
//! zero tolerance on the markers: rejection ABC accepts θ with probability
//! L(θ). The posterior is π(θ) ∝ p(θ) L(θ).
//!
//! # The method: population Monte Carlo with a noisy likelihood
//! Every generation is an importance sample of that same posterior:
//! particles θ_i are drawn from a proposal q and weighted
//! w_i ∝ p(θ_i) (hits_i / runs_i) / q(θ_i). An unbiased likelihood estimate
//! in place of the likelihood leaves importance sampling consistent (the
//! pseudo-marginal argument: Beaumont, *Genetics* 164, 2003; Andrieu &
//! Roberts, *Ann. Statist.* 37, 2009), so each generation's weighted sample
//! targets the exact posterior, not an approximation at some tolerance.
//! Generation 0 proposes from the prior; generation g + 1 proposes from
//! generation g, as in ABC-PMC (Beaumont, Cornuet, Marin & Robert,
//! *Biometrika* 96, 2009): pick a particle by its weight and move it with a
//! Gaussian kernel whose variance is twice the weighted variance of the
//! population, per parameter. The generations only improve the proposal; no
//! tolerance schedule is needed because the markers are matched exactly.
//!
//! Why not tempering (π_t ∝ p L^φ_t) or a shrinking tolerance? L^φ has no
//! unbiased estimate from hits / runs, and the model reports only the joint
//! hit count, so there is no distance to shrink. Importance sampling with an
//! unbiased weight is the simplest scheme that is exactly right.
//!
//! Two safeguards:
//! - the proposal is a *defensive mixture* (Hesterberg, *Technometrics* 37,
//!   1995): a share ε of the draws comes from the prior, so the proposal
//!   covers the whole prior support and no weight exceeds (hits/runs)/ε;
//! - a kernel draw outside the prior's support is drawn again (the whole
//!   mixture draw is repeated), which only rescales the proposal density by a
//!   constant, and the weights are normalised, so no constant is needed.
//!
//! Discrete parameters move on the index of their sorted values, by a
//! Gaussian step rounded to the nearest index (its probabilities are
//! differences of the normal CDF).
//!
//! # Diagnostics
//! The effective sample size (Kish: (Σw)² / Σw²) of each generation, and the
//! largest shift of a parameter's 5%, 50% or 95% weighted quantile from the
//! previous generation, as a share of the prior's range: since every
//! generation targets the same posterior, a shift well above the Monte Carlo
//! noise (about 1/sqrt(ESS) of the posterior's spread) says the proposal has
//! not settled. An optional tolerance on that shift stops the generations.
//!
//! # Determinism
//! Proposals and the model's point seeds are drawn in one thread from a
//! ChaCha8 stream per generation; the model is run in parallel (rayon) and
//! its results collected by index; every sum runs in a fixed order. The
//! posterior is the same, bit for bit, on any thread count.

use std::io;

use rand::{Rng, RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use statrs::function::erf::{erfc, erfc_inv};
use thiserror::Error;

use super::prior::{Prior, PriorError};

/// How to calibrate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationSettings {
    /// Particles (model evaluations) per generation.
    pub particles: usize,
    /// Generations at most (generation 0 samples the prior).
    pub max_generations: usize,
    /// Stop once the largest quantile shift between two generations (share
    /// of the prior range) is below this; 0 runs every generation.
    pub tolerance: f64,
    /// The share ε of each proposal drawn from the prior, in (0, 1).
    pub defensive_share: f64,
    /// The seed of the proposals and of every point's model runs.
    pub seed: u64,
}

impl CalibrationSettings {
    /// `particles` per generation for `max_generations` generations, no
    /// early stop, a tenth of the proposals from the prior.
    pub fn new(particles: usize, max_generations: usize, seed: u64) -> Self {
        CalibrationSettings { particles, max_generations, tolerance: 0.0, defensive_share: 0.1, seed }
    }

    /// Stop early once the largest quantile shift between two generations is below `tolerance`.
    pub fn with_tolerance(self, tolerance: f64) -> Self {
        CalibrationSettings { tolerance, ..self }
    }

    /// Draw this share of each generation's proposals from the prior.
    pub fn with_defensive_share(self, defensive_share: f64) -> Self {
        CalibrationSettings { defensive_share, ..self }
    }
}

/// Why a calibration could not run.
// The fields of each variant are the values its #[error] message names.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Error)]
pub enum CalibrationError {
    #[error("nothing to calibrate: no prior given")]
    NoParameters,
    #[error("prior {parameter}: {source}")]
    InvalidPrior {
        parameter: usize,
        #[source]
        source: PriorError,
    },
    #[error("a calibration needs at least 2 particles, not {particles}")]
    TooFewParticles { particles: usize },
    #[error("a calibration needs at least one generation")]
    NoGenerations,
    #[error("the defensive share is {share}; it must be above 0 and below 1")]
    BadDefensiveShare { share: f64 },
    #[error("the tolerance is {tolerance}; it must be a number of at least 0")]
    BadTolerance { tolerance: f64 },
    #[error(
        "the model gave {hits} hits of {runs} runs (generation {generation}, particle {particle}); runs must be above 0 and hits at most runs"
    )]
    BadModelOutput { generation: usize, particle: usize, hits: u64, runs: u64 },
    #[error(
        "no particle of generation {generation} reproduced the history; raise the runs per point or the particles"
    )]
    NoHits { generation: usize },
}

/// A parameter's weighted posterior (or one generation's) in brief.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ParameterSummary {
    /// 5% quantile (weighted).
    pub q05: f64,
    /// Median (weighted).
    pub median: f64,
    /// 95% quantile (weighted).
    pub q95: f64,
    /// Mean (weighted).
    pub mean: f64,
}

/// What one generation gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GenerationReport {
    /// Its number (0 samples the prior).
    pub generation: usize,
    /// Effective sample size of its weights.
    pub ess: f64,
    /// Particles with at least one hit (the others weigh nothing).
    pub particles_with_hits: usize,
    /// Σ hits / Σ runs over its particles.
    pub hit_share: f64,
    /// Per parameter, the generation's weighted summary.
    pub summary: Vec<ParameterSummary>,
    /// Largest |quantile change| from the previous generation, as a share
    /// of the prior range (none for generation 0).
    pub quantile_shift: Option<f64>,
}

/// The convergence record of a calibration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostics {
    /// One per generation, in order.
    pub generations: Vec<GenerationReport>,
    /// The mean of hits / runs over generation 0, drawn from the prior: an
    /// unbiased estimate of the prior probability of reproducing history
    /// (the evidence).
    pub prior_hit_share: f64,
    /// Whether the quantile shift fell below the tolerance before the last
    /// generation allowed.
    pub stopped_by_tolerance: bool,
}

impl Diagnostics {
    /// The quantile shift of the last generation.
    pub fn last_quantile_shift(&self) -> Option<f64> {
        self.generations.last().and_then(|g| g.quantile_shift)
    }
}

/// The weighted sample of the last generation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Posterior {
    /// `samples[i]`: particle i, one value per parameter.
    pub samples: Vec<Vec<f64>>,
    /// Normalised (sum 1); zero for particles without hits.
    pub weights: Vec<f64>,
    /// Per particle: runs that reproduced every marker.
    pub hits: Vec<u64>,
    /// Per particle: runs made.
    pub runs: Vec<u64>,
    /// Effective sample size of the weights (Kish).
    pub ess: f64,
    /// How the generations went.
    pub diagnostics: Diagnostics,
}

impl Posterior {
    /// The number of parameters.
    pub fn parameters(&self) -> usize {
        self.samples.first().map_or(0, Vec::len)
    }

    /// Weighted 5%, 50%, 95% quantiles and mean of each parameter.
    pub fn summary(&self) -> Vec<ParameterSummary> {
        summarize(&self.samples, &self.weights)
    }

    /// One row per particle: the parameters (headed by `names`), then
    /// `weight`, `hits`, `runs`.
    ///
    /// # Panics
    /// If `names` does not name every parameter.
    pub fn write_csv<W: io::Write>(&self, out: W, names: &[&str]) -> Result<(), csv::Error> {
        assert_eq!(names.len(), self.parameters(), "one name per parameter");
        let mut writer = csv::Writer::from_writer(out);
        let mut header: Vec<&str> = names.to_vec();
        header.extend(["weight", "hits", "runs"]);
        writer.write_record(&header)?;
        for i in 0..self.samples.len() {
            let mut record: Vec<String> = self.samples[i].iter().map(f64::to_string).collect();
            record.push(self.weights[i].to_string());
            record.push(self.hits[i].to_string());
            record.push(self.runs[i].to_string());
            writer.write_record(&record)?;
        }
        writer.flush()?;
        Ok(())
    }

    /// The sample as JSON.
    pub fn to_json(&self) -> serde_json::Result<String> {
        serde_json::to_string_pretty(self)
    }

    /// A sample written by [`Posterior::to_json`].
    pub fn from_json(text: &str) -> serde_json::Result<Self> {
        serde_json::from_str(text)
    }
}

/// Calibrates the parameters with priors `priors` to history. `model(θ,
/// seed)` returns (hits, runs): how many of its runs at θ, seeded from
/// `seed`, reproduced every historical marker.
pub fn calibrate<M>(
    priors: &[Prior],
    settings: &CalibrationSettings,
    model: M,
) -> Result<Posterior, CalibrationError>
where
    M: Fn(&[f64], u64) -> (u64, u64) + Sync,
{
    check_settings(priors, settings)?;
    let axes: Vec<Axis> = priors.iter().map(Axis::new).collect();
    let mut reports: Vec<GenerationReport> = Vec::new();
    let mut prior_hit_share = 0.0;
    let mut stopped_by_tolerance = false;
    let mut population: Option<Population> = None;

    for generation in 0..settings.max_generations {
        let proposal = population.as_ref().map(|p| Proposal::new(&axes, p, settings.defensive_share));
        let draws = draw_generation(&axes, proposal.as_ref(), settings, generation);
        let outcomes: Vec<(u64, u64)> = draws.par_iter().map(|(theta, seed)| model(theta, *seed)).collect();
        check_outcomes(&outcomes, generation)?;
        let next = weigh(&axes, proposal.as_ref(), draws, outcomes, generation)?;
        if generation == 0 {
            prior_hit_share =
                next.hits.iter().zip(&next.runs).map(|(&h, &r)| h as f64 / r as f64).sum::<f64>()
                    / next.hits.len() as f64;
        }
        let report = report(&axes, &next, reports.last(), generation);
        let settled = report.quantile_shift.is_some_and(|shift| shift < settings.tolerance);
        reports.push(report);
        population = Some(next);
        if settled && generation + 1 < settings.max_generations {
            stopped_by_tolerance = true;
            break;
        }
    }

    let last = population.expect("at least one generation ran");
    Ok(Posterior {
        ess: reports.last().expect("one report per generation").ess,
        samples: last.particles,
        weights: last.weights,
        hits: last.hits,
        runs: last.runs,
        diagnostics: Diagnostics { generations: reports, prior_hit_share, stopped_by_tolerance },
    })
}

fn check_settings(priors: &[Prior], settings: &CalibrationSettings) -> Result<(), CalibrationError> {
    if priors.is_empty() {
        return Err(CalibrationError::NoParameters);
    }
    for (parameter, prior) in priors.iter().enumerate() {
        prior.validate().map_err(|source| CalibrationError::InvalidPrior { parameter, source })?;
    }
    if settings.particles < 2 {
        return Err(CalibrationError::TooFewParticles { particles: settings.particles });
    }
    if settings.max_generations == 0 {
        return Err(CalibrationError::NoGenerations);
    }
    let share = settings.defensive_share;
    if !(share > 0.0 && share < 1.0) {
        return Err(CalibrationError::BadDefensiveShare { share });
    }
    let tolerance = settings.tolerance;
    if !(tolerance >= 0.0 && tolerance.is_finite()) {
        return Err(CalibrationError::BadTolerance { tolerance });
    }
    Ok(())
}

fn check_outcomes(outcomes: &[(u64, u64)], generation: usize) -> Result<(), CalibrationError> {
    match outcomes.iter().enumerate().find(|(_, (hits, runs))| *runs == 0 || hits > runs) {
        Some((particle, &(hits, runs))) => {
            Err(CalibrationError::BadModelOutput { generation, particle, hits, runs })
        }
        None => Ok(()),
    }
}

/// The particles of one generation and the model's point seeds, drawn in
/// order from the generation's own stream.
fn draw_generation(
    axes: &[Axis],
    proposal: Option<&Proposal>,
    settings: &CalibrationSettings,
    generation: usize,
) -> Vec<(Vec<f64>, u64)> {
    let mut rng = ChaCha8Rng::seed_from_u64(settings.seed);
    rng.set_stream(generation as u64);
    (0..settings.particles)
        .map(|_| {
            let theta = match proposal {
                Some(proposal) => proposal.draw(&mut rng),
                None => draw_prior(axes, &mut rng),
            };
            (theta, rng.next_u64())
        })
        .collect()
}

fn draw_prior<R: Rng + ?Sized>(axes: &[Axis], rng: &mut R) -> Vec<f64> {
    axes.iter().map(|axis| axis.prior.sample(rng)).collect()
}

/// A weighted generation.
struct Population {
    particles: Vec<Vec<f64>>,
    /// Normalised.
    weights: Vec<f64>,
    hits: Vec<u64>,
    runs: Vec<u64>,
}

/// Importance weights p(θ) L̂(θ) / q(θ), normalised.
fn weigh(
    axes: &[Axis],
    proposal: Option<&Proposal>,
    draws: Vec<(Vec<f64>, u64)>,
    outcomes: Vec<(u64, u64)>,
    generation: usize,
) -> Result<Population, CalibrationError> {
    let particles: Vec<Vec<f64>> = draws.into_iter().map(|(theta, _)| theta).collect();
    let raw: Vec<f64> = particles
        .par_iter()
        .zip(&outcomes)
        .map(|(theta, &(hits, runs))| {
            let likelihood = hits as f64 / runs as f64;
            if likelihood == 0.0 {
                return 0.0;
            }
            match proposal {
                // Proposed from the prior: p / q = 1.
                None => likelihood,
                Some(proposal) => likelihood * proposal.prior_over_proposal(axes, theta),
            }
        })
        .collect();
    let total: f64 = raw.iter().sum();
    if total <= 0.0 {
        return Err(CalibrationError::NoHits { generation });
    }
    let (hits, runs) = outcomes.into_iter().unzip();
    Ok(Population { particles, weights: raw.iter().map(|w| w / total).collect(), hits, runs })
}

fn report(
    axes: &[Axis],
    population: &Population,
    previous: Option<&GenerationReport>,
    generation: usize,
) -> GenerationReport {
    let summary = summarize(&population.particles, &population.weights);
    let quantile_shift = previous.map(|previous| quantile_shift(axes, &previous.summary, &summary));
    let total_hits: u64 = population.hits.iter().sum();
    let total_runs: u64 = population.runs.iter().sum();
    GenerationReport {
        generation,
        ess: effective_sample_size(&population.weights),
        particles_with_hits: population.hits.iter().filter(|&&h| h > 0).count(),
        hit_share: total_hits as f64 / total_runs as f64,
        summary,
        quantile_shift,
    }
}

fn quantile_shift(axes: &[Axis], before: &[ParameterSummary], after: &[ParameterSummary]) -> f64 {
    axes.iter()
        .zip(before.iter().zip(after))
        .filter(|(axis, _)| axis.range > 0.0)
        .flat_map(|(axis, (b, a))| {
            // A discrete quantile moves in whole steps between values, so
            // it could never settle below one step: a discrete parameter is
            // followed by its mean instead.
            if axis.values.is_some() {
                return vec![(a.mean - b.mean).abs() / axis.range];
            }
            [(b.q05, a.q05), (b.median, a.median), (b.q95, a.q95)]
                .map(|(b, a)| (a - b).abs() / axis.range)
                .to_vec()
        })
        .fold(0.0, f64::max)
}

/// Kish's effective sample size of normalised weights.
fn effective_sample_size(weights: &[f64]) -> f64 {
    1.0 / weights.iter().map(|w| w * w).sum::<f64>()
}

fn summarize(samples: &[Vec<f64>], weights: &[f64]) -> Vec<ParameterSummary> {
    let parameters = samples.first().map_or(0, Vec::len);
    (0..parameters)
        .map(|d| {
            let values: Vec<f64> = samples.iter().map(|s| s[d]).collect();
            let quantiles = weighted_quantiles(&values, weights, &[0.05, 0.5, 0.95]);
            let total: f64 = weights.iter().sum();
            let mean = values.iter().zip(weights).map(|(v, w)| v * w).sum::<f64>() / total;
            ParameterSummary { q05: quantiles[0], median: quantiles[1], q95: quantiles[2], mean }
        })
        .collect()
}

/// The inverse of the weighted empirical CDF: for each q, the smallest value
/// at which the cumulative weight reaches q of the total.
pub fn weighted_quantiles(values: &[f64], weights: &[f64], qs: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&i, &j| values[i].total_cmp(&values[j]));
    let total: f64 = weights.iter().sum();
    qs.iter()
        .map(|&q| {
            let target = q * total;
            let mut cumulative = 0.0;
            for &i in &order {
                cumulative += weights[i];
                if cumulative >= target && weights[i] > 0.0 {
                    return values[i];
                }
            }
            // Rounding left the sum a hair short of q * total.
            values[*order.iter().rev().find(|&&i| weights[i] > 0.0).expect("some weight is positive")]
        })
        .collect()
}

/// One parameter, as the kernels see it: continuous on [lo, hi], or the
/// index of a discrete prior's sorted values.
struct Axis {
    prior: Prior,
    /// Sorted values of a discrete prior.
    values: Option<Vec<f64>>,
    lo: f64,
    hi: f64,
    range: f64,
}

impl Axis {
    fn new(prior: &Prior) -> Self {
        let (lo, hi) = prior.bounds();
        Axis { prior: prior.clone(), values: prior.discrete_values(), lo, hi, range: hi - lo }
    }

    /// Where the kernel sees the value: itself, or its index.
    fn coordinate(&self, value: f64) -> f64 {
        match &self.values {
            None => value,
            Some(values) => values
                .binary_search_by(|v| v.total_cmp(&value))
                .expect("a particle holds one of the prior's values") as f64,
        }
    }

    /// The smallest kernel scale: a tenth of a percent of the range, or
    /// half an index step, so that a collapsed population still moves.
    fn min_scale(&self) -> f64 {
        match &self.values {
            None => 1e-3 * self.range,
            Some(_) => 0.5,
        }
    }

    /// The value a kernel step of `z` standard deviations of `scale` from
    /// `center` lands on, or `None` outside the prior's support.
    fn step(&self, center: f64, scale: f64, z: f64) -> Option<f64> {
        let target = center + scale * z;
        match &self.values {
            None => (self.lo..=self.hi).contains(&target).then_some(target),
            Some(values) => {
                let index = target.round();
                (index >= 0.0 && index < values.len() as f64).then(|| values[index as usize])
            }
        }
    }

    /// ln K(value | center): the log density of the Gaussian step, or for a
    /// discrete axis the log probability of rounding onto the value's index.
    fn ln_kernel(&self, coordinate: f64, center: f64, scale: f64) -> f64 {
        match &self.values {
            None => {
                let z = (coordinate - center) / scale;
                -0.5 * z * z - scale.ln() - 0.5 * (2.0 * std::f64::consts::PI).ln()
            }
            Some(_) => {
                let lower = (coordinate - 0.5 - center) / scale;
                let upper = (coordinate + 0.5 - center) / scale;
                normal_mass(lower, upper).ln()
            }
        }
    }
}

/// P(lower < Z < upper) for a standard normal Z, computed in the tail it
/// lies in so that far-off masses do not cancel to zero.
fn normal_mass(lower: f64, upper: f64) -> f64 {
    let sqrt2 = std::f64::consts::SQRT_2;
    if lower > 0.0 {
        0.5 * (erfc(lower / sqrt2) - erfc(upper / sqrt2))
    } else {
        0.5 * (erfc(-upper / sqrt2) - erfc(-lower / sqrt2))
    }
}

/// A standard normal number, by the inverse CDF of one uniform (a uniform
/// of 0 gives -inf, a step off any support, drawn again).
fn standard_normal<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    let u: f64 = rng.random();
    -std::f64::consts::SQRT_2 * erfc_inv(2.0 * u)
}

/// The proposal built from a weighted generation: with probability ε the
/// prior, else a particle picked by weight and moved by the kernel.
struct Proposal<'a> {
    axes: &'a [Axis],
    /// Kernel coordinates of the particles that weigh something.
    centers: Vec<Vec<f64>>,
    center_weights: Vec<f64>,
    cumulative: Vec<f64>,
    scales: Vec<f64>,
    defensive_share: f64,
}

impl<'a> Proposal<'a> {
    fn new(axes: &'a [Axis], population: &Population, defensive_share: f64) -> Self {
        let (centers, center_weights): (Vec<Vec<f64>>, Vec<f64>) = population
            .particles
            .iter()
            .zip(&population.weights)
            .filter(|(_, w)| **w > 0.0)
            .map(|(theta, &w)| {
                let coordinates = axes.iter().zip(theta).map(|(axis, &v)| axis.coordinate(v)).collect();
                (coordinates, w)
            })
            .unzip();
        let total: f64 = center_weights.iter().sum();
        let center_weights: Vec<f64> = center_weights.iter().map(|w| w / total).collect();
        let cumulative = center_weights
            .iter()
            .scan(0.0, |sum, w| {
                *sum += w;
                Some(*sum)
            })
            .collect();
        // Beaumont et al. (2009): twice the weighted variance.
        let scales = axes
            .iter()
            .enumerate()
            .map(|(d, axis)| {
                let mean: f64 = centers.iter().zip(&center_weights).map(|(c, w)| w * c[d]).sum();
                let variance: f64 =
                    centers.iter().zip(&center_weights).map(|(c, w)| w * (c[d] - mean).powi(2)).sum();
                (2.0 * variance).sqrt().max(axis.min_scale())
            })
            .collect();
        Proposal { axes, centers, center_weights, cumulative, scales, defensive_share }
    }

    fn draw(&self, rng: &mut ChaCha8Rng) -> Vec<f64> {
        loop {
            if rng.random::<f64>() < self.defensive_share {
                return draw_prior(self.axes, rng);
            }
            let center = &self.centers[self.pick(rng.random())];
            let moved: Option<Vec<f64>> = self
                .axes
                .iter()
                .zip(center)
                .zip(&self.scales)
                .map(|((axis, &c), &scale)| axis.step(c, scale, standard_normal(rng)))
                .collect();
            if let Some(theta) = moved {
                return theta;
            }
        }
    }

    /// The particle whose share of the cumulative weight holds `u`.
    fn pick(&self, u: f64) -> usize {
        let target = u * self.cumulative.last().expect("a weighted particle");
        self.cumulative.partition_point(|&c| c <= target).min(self.centers.len() - 1)
    }

    /// p(θ) / q(θ), q up to the constant of redrawing off-support steps:
    /// q = ε p + (1 - ε) k, so p / q = 1 / (ε + (1 - ε) k / p). Computed
    /// with k / p in logs, which keeps many parameters from under- or
    /// overflowing a product of densities.
    fn prior_over_proposal(&self, axes: &[Axis], theta: &[f64]) -> f64 {
        let ln_prior: f64 = axes.iter().zip(theta).map(|(axis, &v)| axis.prior.density(v).ln()).sum();
        if ln_prior == f64::NEG_INFINITY {
            return 0.0;
        }
        let coordinates: Vec<f64> = axes.iter().zip(theta).map(|(axis, &v)| axis.coordinate(v)).collect();
        let ln_terms: Vec<f64> = self
            .centers
            .iter()
            .zip(&self.center_weights)
            .map(|(center, w)| {
                w.ln()
                    + axes
                        .iter()
                        .enumerate()
                        .map(|(d, axis)| axis.ln_kernel(coordinates[d], center[d], self.scales[d]))
                        .sum::<f64>()
            })
            .collect();
        let kernel_over_prior = (log_sum_exp(&ln_terms) - ln_prior).exp();
        1.0 / (self.defensive_share + (1.0 - self.defensive_share) * kernel_over_prior)
    }
}

fn log_sum_exp(terms: &[f64]) -> f64 {
    let max = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if max == f64::NEG_INFINITY {
        return max;
    }
    max + terms.iter().map(|t| (t - max).exp()).sum::<f64>().ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs per point of the synthetic models.
    const RUNS: u64 = 100;

    /// A history of `markers` markers, each reproduced by a run with
    /// probability 0.95 exp(-(θ - truth)² / (2 w_m²)), the widths w_m
    /// cycling through 0.15, 0.2, 0.25: the joint share peaks at the truth
    /// and narrows as markers are added. A run reproduces the history when
    /// it reproduces every marker.
    fn marker_probability(theta: f64, truth: f64, marker: usize) -> f64 {
        let width = [0.15, 0.2, 0.25][marker % 3];
        0.95 * (-(theta - truth).powi(2) / (2.0 * width * width)).exp()
    }

    fn joint_share(theta: f64, truth: f64, markers: usize) -> f64 {
        (0..markers).map(|m| marker_probability(theta, truth, m)).product()
    }

    /// The model: `RUNS` seeded runs, each drawing every marker.
    fn marker_model(truth: f64, markers: usize) -> impl Fn(&[f64], u64) -> (u64, u64) + Sync {
        move |theta, seed| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let hits = (0..RUNS)
                .filter(|_| {
                    // Every marker is drawn, so a run costs the same numbers
                    // whatever happens.
                    let held: Vec<bool> = (0..markers)
                        .map(|m| rng.random::<f64>() < marker_probability(theta[0], truth, m))
                        .collect();
                    held.iter().all(|&h| h)
                })
                .count() as u64;
            (hits, RUNS)
        }
    }

    /// The exact posterior quantiles of θ ~ U(0, 1) given the joint share,
    /// by quadrature on a fine grid.
    fn exact_quantiles(truth: f64, markers: usize) -> [f64; 3] {
        let n = 100_000;
        let grid: Vec<f64> = (0..n).map(|i| (i as f64 + 0.5) / n as f64).collect();
        let density: Vec<f64> = grid.iter().map(|&t| joint_share(t, truth, markers)).collect();
        let q = weighted_quantiles(&grid, &density, &[0.05, 0.5, 0.95]);
        [q[0], q[1], q[2]]
    }

    fn unit_prior() -> Prior {
        Prior::Uniform { lo: 0.0, hi: 1.0 }
    }

    #[test]
    fn posterior_covers_the_truth_and_matches_the_exact_posterior() {
        let truth = 0.3;
        for markers in [1, 3, 8] {
            let settings = CalibrationSettings::new(600, 4, 21);
            let posterior = calibrate(&[unit_prior()], &settings, marker_model(truth, markers)).unwrap();
            let s = posterior.summary()[0];
            assert!(s.q05 < truth && truth < s.q95, "{markers} markers: {s:?}");
            let exact = exact_quantiles(truth, markers);
            for (got, want) in [s.q05, s.median, s.q95].iter().zip(exact) {
                assert!((got - want).abs() < 0.03, "{markers} markers: {s:?}, exact {exact:?}");
            }
            assert!(posterior.ess > 150.0, "{markers} markers: ESS {}", posterior.ess);
        }
    }

    #[test]
    fn posterior_narrows_as_markers_are_added() {
        let width = |markers| {
            let settings = CalibrationSettings::new(600, 4, 22);
            let posterior = calibrate(&[unit_prior()], &settings, marker_model(0.6, markers)).unwrap();
            let s = posterior.summary()[0];
            s.q95 - s.q05
        };
        let (one, four, twelve) = (width(1), width(4), width(12));
        assert!(four < 0.75 * one, "1 marker {one}, 4 markers {four}");
        assert!(twelve < 0.75 * four, "4 markers {four}, 12 markers {twelve}");
    }

    #[test]
    fn an_unidentified_parameter_keeps_its_prior() {
        // The model ignores θ_1 (a beta(2, 5) on [0, 10]).
        let second = Prior::Beta { alpha: 2.0, beta: 5.0, lo: 0.0, hi: 10.0 };
        let priors = [unit_prior(), second.clone()];
        let settings = CalibrationSettings::new(1000, 4, 23);
        let posterior = calibrate(&priors, &settings, marker_model(0.4, 4)).unwrap();
        let summary = posterior.summary();
        assert!(summary[0].q05 < 0.4 && 0.4 < summary[0].q95);
        assert!(summary[0].q95 - summary[0].q05 < 0.5);
        let unidentified = summary[1];
        for (got, u) in [(unidentified.q05, 0.05), (unidentified.median, 0.5), (unidentified.q95, 0.95)] {
            let want = second.quantile(u);
            assert!((got - want).abs() < 0.3, "quantile {u}: {got}, prior {want}; {unidentified:?}");
        }
    }

    #[test]
    fn a_discrete_parameter_gets_the_exact_posterior_masses() {
        // θ_0 takes five values (listed unsorted); the truth is 0.4.
        let values = [0.8, 0.0, 0.2, 0.4, 0.6];
        let prior = Prior::Discrete { values: values.to_vec() };
        let settings = CalibrationSettings::new(800, 3, 24);
        let posterior = calibrate(&[prior], &settings, marker_model(0.4, 3)).unwrap();
        let mass = |value: f64| -> f64 {
            posterior
                .samples
                .iter()
                .zip(&posterior.weights)
                .filter(|(s, _)| s[0] == value)
                .map(|(_, w)| w)
                .sum()
        };
        // Exact: each value's joint share over their sum (a uniform prior);
        // about 0.73 at the truth and 0.13 at each neighbour. With an ESS
        // near 550 a mass's standard error is under 0.02.
        let total: f64 = values.iter().map(|&v| joint_share(v, 0.4, 3)).sum();
        for value in values {
            let exact = joint_share(value, 0.4, 3) / total;
            assert!((mass(value) - exact).abs() < 0.05, "mass at {value}: {} against {exact}", mass(value));
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_posterior_on_any_thread_count() {
        let priors = [unit_prior(), Prior::Discrete { values: vec![1.0, 2.0, 3.0] }];
        let settings = CalibrationSettings::new(200, 3, 25);
        let run = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| calibrate(&priors, &settings, marker_model(0.5, 3)).unwrap())
        };
        let one = run(1);
        let two = run(2);
        assert_eq!(one, two);
        assert_eq!(one.to_json().unwrap(), run(2).to_json().unwrap());
        let other_seed = CalibrationSettings::new(200, 3, 26);
        assert_ne!(one, calibrate(&priors, &other_seed, marker_model(0.5, 3)).unwrap());
    }

    #[test]
    fn diagnostics_record_each_generation_and_the_tolerance_stops_them() {
        let settings = CalibrationSettings::new(300, 6, 27);
        let posterior = calibrate(&[unit_prior()], &settings, marker_model(0.5, 4)).unwrap();
        let d = &posterior.diagnostics;
        assert_eq!(d.generations.len(), 6);
        assert!(!d.stopped_by_tolerance);
        assert_eq!(d.generations[0].quantile_shift, None);
        assert!(d.generations[1..].iter().all(|g| g.quantile_shift.is_some()));
        assert_eq!(posterior.ess, d.generations[5].ess);
        // The prior probability of history: the mean joint share over U(0, 1).
        let n = 10_000;
        let evidence =
            (0..n).map(|i| joint_share((i as f64 + 0.5) / n as f64, 0.5, 4)).sum::<f64>() / n as f64;
        // The share varies by about 0.25 over the prior: with 300 particles
        // the standard error is about 0.015.
        assert!((d.prior_hit_share - evidence).abs() < 0.045, "{d:?}");
        // Proposals from the population hit far more often than the prior.
        assert!(d.generations[3].hit_share > 1.5 * d.generations[0].hit_share);

        let loose = settings.clone().with_tolerance(0.5);
        let stopped = calibrate(&[unit_prior()], &loose, marker_model(0.5, 4)).unwrap();
        assert!(stopped.diagnostics.stopped_by_tolerance);
        assert_eq!(stopped.diagnostics.generations.len(), 2);
    }

    #[test]
    fn csv_and_json_carry_the_sample() {
        let settings = CalibrationSettings::new(50, 2, 28);
        let posterior = calibrate(&[unit_prior()], &settings, marker_model(0.5, 1)).unwrap();
        let mut csv = Vec::new();
        posterior.write_csv(&mut csv, &["theta"]).unwrap();
        let text = String::from_utf8(csv).unwrap();
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("theta,weight,hits,runs"));
        let first: Vec<&str> = lines.next().unwrap().split(',').collect();
        assert_eq!(first[0].parse::<f64>().unwrap(), posterior.samples[0][0]);
        assert_eq!(first[1].parse::<f64>().unwrap(), posterior.weights[0]);
        assert_eq!(text.lines().count(), 51);
        // serde_json writes the shortest exact decimal of each float, but its
        // default parser may miss the last bit: compare to a few ulps.
        let back = Posterior::from_json(&posterior.to_json().unwrap()).unwrap();
        assert_eq!(back.hits, posterior.hits);
        assert_eq!(back.diagnostics.generations.len(), 2);
        let close = |a: &f64, b: &f64| (a - b).abs() <= 4.0 * f64::EPSILON * a.abs().max(b.abs());
        assert!(back.weights.iter().zip(&posterior.weights).all(|(a, b)| close(a, b)));
        assert!(
            back.samples.iter().flatten().zip(posterior.samples.iter().flatten()).all(|(a, b)| close(a, b))
        );
    }

    #[test]
    fn weighted_quantiles_invert_the_weighted_cdf() {
        let values = [3.0, 1.0, 2.0, 4.0];
        let weights = [0.1, 0.4, 0.0, 0.5];
        assert_eq!(
            weighted_quantiles(&values, &weights, &[0.05, 0.4, 0.41, 0.5, 1.0]),
            vec![1.0, 1.0, 3.0, 3.0, 4.0]
        );
    }

    #[test]
    fn calibrate_refuses_bad_input() {
        let model = marker_model(0.5, 1);
        let good = CalibrationSettings::new(10, 1, 0);
        let bad_prior = [Prior::Uniform { lo: 1.0, hi: 0.0 }];
        assert!(matches!(
            calibrate(&bad_prior, &good, &model),
            Err(CalibrationError::InvalidPrior { parameter: 0, .. })
        ));
        assert_eq!(calibrate(&[], &good, &model), Err(CalibrationError::NoParameters));
        let p = [unit_prior()];
        for settings in [
            CalibrationSettings::new(1, 1, 0),
            CalibrationSettings::new(10, 0, 0),
            good.clone().with_defensive_share(0.0),
            good.clone().with_defensive_share(1.0),
            good.clone().with_tolerance(-1.0),
            good.clone().with_tolerance(f64::NAN),
        ] {
            assert!(calibrate(&p, &settings, &model).is_err(), "{settings:?}");
        }
        assert!(matches!(
            calibrate(&p, &good, |_: &[f64], _| (3, 2)),
            Err(CalibrationError::BadModelOutput { hits: 3, runs: 2, .. })
        ));
        assert!(matches!(
            calibrate(&p, &good, |_: &[f64], _| (0, 0)),
            Err(CalibrationError::BadModelOutput { .. })
        ));
        assert_eq!(
            calibrate(&p, &good, |_: &[f64], _| (0, 10)),
            Err(CalibrationError::NoHits { generation: 0 })
        );
    }

    #[test]
    fn the_discrete_kernel_is_a_distribution_over_indices() {
        let axis = Axis::new(&Prior::Discrete { values: (0..40).map(f64::from).collect() });
        for (center, scale) in [(20.0, 0.5), (20.0, 3.0), (2.0, 1.7)] {
            let total: f64 = (-200..240).map(|m| axis.ln_kernel(f64::from(m), center, scale).exp()).sum();
            assert!((total - 1.0).abs() < 1e-12, "{center} {scale}: {total}");
        }
        // Far in the tail it stays positive rather than cancelling to zero.
        assert!(axis.ln_kernel(30.0, 0.0, 1.0).is_finite());
    }
}
