//! The scenario's uncertain parameters put to work: global sensitivity of an
//! outcome to them (Morris screening, Sobol indices), calibration of their
//! values to the scenario's historical markers, and outcome probabilities
//! whose intervals include what is not known of them.
//!
//! Every parameter point is a scenario: the file with the point's values
//! set at the parameters' paths, checked as any scenario is
//! ([`ParameterSpace::scenario_at`]). The statistics are in
//! [`crate::uncertainty`], on plain closures; this module is where they meet
//! the simulation. Every point of a sensitivity design runs the same seeds
//! (common random numbers), so that Monte Carlo noise does not masquerade as
//! sensitivity (docs/MODEL.md section 10).

use std::path::{Path, PathBuf};

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::Collector;
use super::backtest::BacktestTally;
use super::batch::{BatchError, worker_pool};
use super::interval::Estimate;
use super::shard::{MergeError, PointsShard, assemble_points};
use super::simulation::Simulation;
use super::tally::Tally;
use crate::model::record::Outcome;
use crate::model::table::PerOutcome;
use crate::scenario::{Limits, Scenario, ScenarioError, ScenarioFile, UncertainSpec, overlay};
use crate::uncertainty::{
    CalibrationError, CalibrationSettings, MorrisStart, Posterior, Prior, SaltelliDesign, SaltelliOutputs,
    SobolIndices, calibrate, morris_design, morris_effects, sobol_indices, to_parameters,
};

/// Why an analysis of the uncertain parameters cannot run.
#[derive(Debug, thiserror::Error)]
pub enum UncertainError {
    /// The scenario declares no `uncertain` parameters.
    #[error(
        "{0}: the scenario declares no `uncertain` parameters (docs/SCENARIOS.md, \"Uncertain parameters\")"
    )]
    NoParameters(PathBuf),
    /// The scenario declares no markers to calibrate to.
    #[error("{0}: the scenario declares no `markers` to calibrate to")]
    NoMarkers(PathBuf),
    /// A point's scenario does not check.
    #[error("at the parameter point {point}")]
    Point {
        /// `path=value, ...` of the point.
        point: String,
        /// Why its scenario does not check.
        #[source]
        source: Box<ScenarioError>,
    },
    /// A value could not be set at a path.
    #[error("{path}: {message}")]
    Set {
        /// The parameter's path.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// A posterior sample of other parameters than the scenario's.
    #[error("the posterior is of the parameters {found:?}, the scenario declares {expected:?}")]
    OtherParameters {
        /// The scenario's parameters.
        expected: Vec<String>,
        /// The posterior's.
        found: Vec<String>,
    },
    /// A posterior file that cannot be read or is not a usable sample.
    #[error("{path}: {message}")]
    PosteriorFile {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// A sensitivity design or its indices could not be made.
    #[error("{0}")]
    Design(String),
    /// The calibration failed.
    #[error(transparent)]
    Calibration(#[from] CalibrationError),
    /// Shards that cannot be merged.
    #[error(transparent)]
    Merge(#[from] MergeError),
    /// A batch failed.
    #[error(transparent)]
    Batch(#[from] BatchError),
}

/// The uncertain parameters of a scenario and how to make the scenario at
/// any values of them.
#[derive(Debug, Clone)]
pub struct ParameterSpace {
    file: ScenarioFile,
    source: PathBuf,
    limits: Limits,
    specs: Vec<UncertainSpec>,
}

impl ParameterSpace {
    /// The space of `scenario`'s uncertain parameters; `file` is the file it
    /// was checked from (a variant resolved onto its base).
    pub fn new(file: &ScenarioFile, scenario: &Scenario, limits: &Limits) -> Result<Self, UncertainError> {
        if scenario.uncertain().is_empty() {
            return Err(UncertainError::NoParameters(scenario.source().to_path_buf()));
        }
        Ok(ParameterSpace {
            file: ScenarioFile { uncertain: Vec::new(), ..file.clone() },
            source: scenario.source().to_path_buf(),
            limits: *limits,
            specs: scenario.uncertain().to_vec(),
        })
    }

    /// The parameters, in file order.
    pub fn parameters(&self) -> &[UncertainSpec] {
        &self.specs
    }

    /// The parameters' paths.
    pub fn paths(&self) -> Vec<String> {
        self.specs.iter().map(|s| s.path.clone()).collect()
    }

    /// Their short names (the paths unless the scenario names them).
    pub fn names(&self) -> Vec<String> {
        self.specs.iter().map(|s| s.name.clone()).collect()
    }

    /// Their priors.
    pub fn priors(&self) -> Vec<Prior> {
        self.specs.iter().map(|s| s.prior.clone()).collect()
    }

    /// `path=value, ...` of a point.
    pub fn label(&self, values: &[f64]) -> String {
        let parts: Vec<String> =
            self.specs.iter().zip(values).map(|(s, v)| format!("{}={v}", s.path)).collect();
        parts.join(", ")
    }

    /// The checked scenario with the parameters at `values`.
    pub fn scenario_at(&self, values: &[f64]) -> Result<Scenario, UncertainError> {
        let mut changed = self.file.clone();
        for (spec, &v) in self.specs.iter().zip(values) {
            changed = overlay::with_value(&changed, &spec.path, v)
                .map_err(|message| UncertainError::Set { path: spec.path.clone(), message })?;
        }
        crate::scenario::check_with_limits(&changed, &self.source, &self.limits)
            .map_err(|e| UncertainError::Point { point: self.label(values), source: Box::new(e) })
    }
}

/// What a sensitivity analysis measures at each point: the share of runs
/// that end in an outcome, or that reproduce every historical marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// P(the outcome).
    Outcome(Outcome),
    /// The backtest's joint share (every marker at once).
    Backtest,
}

impl Measure {
    /// "consensus", "backtest".
    pub fn key(&self) -> &'static str {
        match self {
            Measure::Outcome(o) => o.key(),
            Measure::Backtest => "backtest",
        }
    }
}

/// The share `measure` takes over `runs` runs of `scenario` with master
/// seed `seed`, made on the calling thread (for analyses that run many
/// points, each point on one thread).
pub fn share_here(
    scenario: &Scenario,
    measure: Measure,
    runs: u64,
    seed: u64,
) -> Result<(u64, u64), UncertainError> {
    let mut sim = Simulation::new(scenario);
    match measure {
        Measure::Outcome(o) => {
            let mut t = Tally::for_scenario(scenario);
            for run in 0..runs {
                t.add(sim.run(seed, run)).map_err(BatchError::from)?;
            }
            Ok((t.outcomes[o], t.runs))
        }
        Measure::Backtest => {
            let mut t = BacktestTally::new(scenario);
            for run in 0..runs {
                t.add(run, &[sim.run(seed, run)]).map_err(BatchError::from)?;
            }
            Ok((t.joint, t.runs))
        }
    }
}

/// The method of a sensitivity analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Morris elementary effects: r trajectories, for screening.
    Morris,
    /// Sobol first-order and total indices from a Saltelli design of N base points.
    Sobol,
}

/// A parameter's sensitivity indices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParameterSensitivity {
    /// The parameter's path.
    pub path: String,
    /// Its short name.
    pub name: String,
    /// Morris: mean elementary effect, its mean absolute value, and its
    /// standard deviation (output units per unit of the parameter's prior
    /// quantile scale).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub morris: Option<[f64; 3]>,
    /// Sobol: first-order index with its 95% bootstrap interval.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub first_order: Option<[f64; 3]>,
    /// Sobol: total index with its 95% bootstrap interval.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub total: Option<[f64; 3]>,
}

/// The result of a sensitivity analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SensitivityReport {
    /// The scenario's name.
    pub scenario: String,
    /// The method.
    pub method: Method,
    /// What was measured.
    pub measure: Measure,
    /// Trajectories (Morris) or base points (Sobol).
    pub points: usize,
    /// Parameter points run.
    pub evaluations: usize,
    /// Runs per point.
    pub runs: u64,
    /// The master seed: every point runs the same seeds.
    pub seed: u64,
    /// Per parameter.
    pub parameters: Vec<ParameterSensitivity>,
    /// The measure's variance over the design (Sobol).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub variance: Option<f64>,
    /// The Monte Carlo variance of one point's share, averaged over the
    /// design (p(1 - p) / runs): the noise that sits on every output.
    pub point_noise_variance: f64,
    /// Symptoms of too few runs per point, to heed.
    pub warnings: Vec<String>,
}

/// The mean over the points of p(1 - p) / runs: the binomial variance each
/// point's share carries.
fn noise_variance(outputs: &[f64], runs: u64) -> f64 {
    if outputs.is_empty() {
        return 0.0;
    }
    outputs.iter().map(|p| p * (1.0 - p) / runs as f64).sum::<f64>() / outputs.len() as f64
}

/// The settings of a sensitivity analysis: what fixes its design and its runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SensitivitySettings {
    /// Morris or Sobol.
    pub method: Method,
    /// Trajectories (Morris) or base points (Sobol).
    pub points: usize,
    /// What is measured at each point.
    pub measure: Measure,
    /// Runs per point.
    pub runs: u64,
    /// The master seed of the design and of every point's runs.
    pub seed: u64,
}

/// A sensitivity design: its points in evaluation order (unit-cube
/// coordinates), and the Morris design their elementary effects need.
struct SensitivityDesign {
    units: Vec<Vec<f64>>,
    morris: Option<crate::uncertainty::MorrisDesign>,
}

impl SensitivityDesign {
    /// The design `settings` give for `k` parameters: the same on every
    /// machine and in every shard, as it depends only on them.
    fn new(k: usize, settings: &SensitivitySettings) -> Result<Self, UncertainError> {
        let design_error = |e: &dyn std::fmt::Display| UncertainError::Design(e.to_string());
        let (points, seed) = (settings.points, settings.seed);
        match settings.method {
            Method::Morris => {
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                let design = morris_design(k, points, 4, MorrisStart::Random, &mut rng)
                    .map_err(|e| design_error(&e))?;
                let units = design.points().map(<[f64]>::to_vec).collect();
                Ok(SensitivityDesign { units, morris: Some(design) })
            }
            Method::Sobol => {
                let design = SaltelliDesign::new(points, k, seed).map_err(|e| design_error(&e))?;
                Ok(SensitivityDesign { units: design.points().map(<[f64]>::to_vec).collect(), morris: None })
            }
        }
    }
}

/// Evaluate `points` (unit-cube coordinates), each on one thread, in
/// parallel, in a fixed order: the value of each is how many of `runs` runs
/// with the same master seed `seed` count for `measure`.
fn evaluate(
    space: &ParameterSpace,
    points: &[Vec<f64>],
    settings: &SensitivitySettings,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<u64>, UncertainError> {
    use rayon::prelude::*;
    let priors = space.priors();
    let pool = worker_pool(threads)?;
    pool.install(|| {
        points
            .par_iter()
            .map(|unit| {
                let scenario = space.scenario_at(&to_parameters(&priors, unit))?;
                let (hits, _) = share_here(&scenario, settings.measure, settings.runs, settings.seed)?;
                progress(1);
                Ok(hits)
            })
            .collect()
    })
}

/// Global sensitivity of `settings.measure` to the space's parameters.
pub fn sensitivity(
    space: &ParameterSpace,
    scenario_name: &str,
    settings: &SensitivitySettings,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<SensitivityReport, UncertainError> {
    let design = SensitivityDesign::new(space.parameters().len(), settings)?;
    let hits = evaluate(space, &design.units, settings, threads, progress)?;
    indices(scenario_name, &space.paths(), &space.names(), settings, &design, &hits)
}

/// What `sensitivity --shard K/N` writes: the counts at its block of the
/// design's points, and what a merge needs to check that the blocks belong
/// together and to turn them into the indices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SensitivityShard {
    /// Always "sensitivity": what tells this file from `run`'s output.
    pub shard_of: String,
    /// The scenario's name.
    pub scenario: String,
    /// [`Scenario::digest`] of the scenario (its priors included).
    pub scenario_digest: String,
    /// The parameters' paths.
    pub parameters: Vec<String>,
    /// Their short names.
    pub names: Vec<String>,
    /// The analysis's settings.
    pub settings: SensitivitySettings,
    /// Per point of the block: the runs that count for the measure.
    pub hits: PointsShard<u64>,
}

/// The points of a design of `settings` for the space, as `--shard K/N`
/// cuts them.
pub fn sensitivity_points(
    space: &ParameterSpace,
    settings: &SensitivitySettings,
) -> Result<u64, UncertainError> {
    Ok(SensitivityDesign::new(space.parameters().len(), settings)?.units.len() as u64)
}

/// Shard `index` of `count` of a sensitivity analysis: its block of the
/// design's points, evaluated as the whole analysis evaluates them.
pub fn sensitivity_shard(
    space: &ParameterSpace,
    scenario: &Scenario,
    settings: &SensitivitySettings,
    (index, count): (u64, u64),
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<SensitivityShard, UncertainError> {
    let design = SensitivityDesign::new(space.parameters().len(), settings)?;
    let block = PointsShard::<u64>::block(index, count, design.units.len() as u64);
    let units = &design.units[block.start as usize..block.end as usize];
    let values = evaluate(space, units, settings, threads, progress)?;
    Ok(SensitivityShard {
        shard_of: SENSITIVITY.to_string(),
        scenario: scenario.name().to_string(),
        scenario_digest: scenario.digest(),
        parameters: space.paths(),
        names: space.names(),
        settings: *settings,
        hits: PointsShard {
            index,
            count,
            total_points: design.units.len() as u64,
            first_point: block.start,
            values,
        },
    })
}

/// The `shard_of` of a sensitivity shard.
pub const SENSITIVITY: &str = "sensitivity";

/// The analysis every shard of a sensitivity analysis makes together: the
/// same report, number for number, as the analysis run whole. Refuses
/// shards of another scenario, parameters or settings, and blocks that do
/// not cover the design exactly. Inputs are numbered from 0.
pub fn merge_sensitivity(parts: &[SensitivityShard]) -> Result<SensitivityReport, UncertainError> {
    let first = parts.first().ok_or(MergeError::Empty)?;
    for (index, part) in parts.iter().enumerate() {
        let checks: [(&'static str, bool); 4] = [
            ("what it is a shard of (`shard_of`)", part.shard_of == SENSITIVITY),
            (
                "the scenario",
                part.scenario_digest == first.scenario_digest && part.scenario == first.scenario,
            ),
            ("the parameters", part.parameters == first.parameters && part.names == first.names),
            ("the settings (method, points, outcome, runs, seed)", part.settings == first.settings),
        ];
        if let Some((what, _)) = checks.iter().find(|(_, same)| !same) {
            return Err(MergeError::Mismatch { index, what }.into());
        }
        if part.hits.values.iter().any(|&h| h > part.settings.runs) {
            return Err(MergeError::Malformed { index, what: "a point counts more runs than it ran" }.into());
        }
    }
    let design = SensitivityDesign::new(first.parameters.len(), &first.settings)?;
    let blocks: Vec<&PointsShard<u64>> = parts.iter().map(|p| &p.hits).collect();
    let hits = assemble_points(&blocks)?;
    if hits.len() != design.units.len() {
        return Err(
            MergeError::Malformed { index: 0, what: "its number of points is not its design's" }.into()
        );
    }
    indices(&first.scenario, &first.parameters, &first.names, &first.settings, &design, &hits)
}

/// The indices of a design from the counts at its points.
fn indices(
    scenario_name: &str,
    paths: &[String],
    names: &[String],
    settings: &SensitivitySettings,
    design: &SensitivityDesign,
    hits: &[u64],
) -> Result<SensitivityReport, UncertainError> {
    let design_error = |e: &dyn std::fmt::Display| UncertainError::Design(e.to_string());
    let SensitivitySettings { method, points, measure, runs, seed } = *settings;
    let k = paths.len();
    let outputs: Vec<f64> = hits.iter().map(|&h| h as f64 / runs as f64).collect();
    let mut report = SensitivityReport {
        scenario: scenario_name.to_string(),
        method,
        measure,
        points,
        evaluations: outputs.len(),
        runs,
        seed,
        parameters: paths
            .iter()
            .zip(names)
            .map(|(path, name)| ParameterSensitivity {
                path: path.clone(),
                name: name.clone(),
                morris: None,
                first_order: None,
                total: None,
            })
            .collect(),
        variance: None,
        point_noise_variance: noise_variance(&outputs, runs),
        warnings: Vec::new(),
    };
    match &design.morris {
        Some(morris) => {
            let effects = morris_effects(morris, &outputs).map_err(|e| design_error(&e))?;
            for (p, e) in report.parameters.iter_mut().zip(effects) {
                p.morris = Some([e.mu, e.mu_star, e.sigma]);
            }
        }
        None => {
            let outputs = SaltelliOutputs::from_flat(points, k, &outputs);
            let indices: SobolIndices = sobol_indices(&outputs, 1000, seed).map_err(|e| design_error(&e))?;
            for (i, p) in report.parameters.iter_mut().enumerate() {
                let (f, t) = (&indices.first_order[i], &indices.total_order[i]);
                p.first_order = Some([f.estimate, f.lo, f.hi]);
                p.total = Some([t.estimate, t.lo, t.hi]);
            }
            report.variance = Some(indices.variance);
            report.warnings = indices.warnings.iter().map(|w| w.describe(names)).collect();
            // Noise that is a tenth of the variance to apportion shows in
            // every index (docs/MODEL.md section 10, "How many runs per point").
            if indices.variance > 0.0 && report.point_noise_variance > 0.1 * indices.variance {
                report.warnings.push(format!(
                    "Monte Carlo noise is {:.0}% of the variance over the design (p(1-p)/runs against \
                     {:.6}); runs per point of about {} would bring it to 5%",
                    100.0 * report.point_noise_variance / indices.variance,
                    indices.variance,
                    (runs as f64 * report.point_noise_variance / (0.05 * indices.variance)).ceil() as u64
                ));
            }
        }
    }
    Ok(report)
}

/// A calibrated posterior with the parameters it is of, as `plenary
/// calibrate` writes it and `plenary run --posterior` reads it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PosteriorFile {
    /// The scenario's name.
    pub scenario: String,
    /// The parameters' paths, in the order of each sample's values.
    pub parameters: Vec<String>,
    /// Their short names, in the same order.
    #[serde(default)]
    pub names: Vec<String>,
    /// Runs per particle.
    pub runs: u64,
    /// The posterior sample.
    pub posterior: Posterior,
}

/// The posterior of the space's parameters given the scenario's historical
/// markers: population Monte Carlo on the noisy likelihood "the share of
/// `runs` runs that reproduce every marker" ([`crate::uncertainty::calibrate`]).
pub fn calibrate_to_markers(
    space: &ParameterSpace,
    scenario: &Scenario,
    settings: &CalibrationSettings,
    runs: u64,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<PosteriorFile, UncertainError> {
    if scenario.markers().is_empty() {
        return Err(UncertainError::NoMarkers(scenario.source().to_path_buf()));
    }
    let pool = worker_pool(threads)?;
    // A point whose scenario does not check cannot happen (loading checked
    // the ends of every prior), but if one did it would count no hits.
    let model = |theta: &[f64], seed: u64| -> (u64, u64) {
        let result = space.scenario_at(theta).and_then(|s| share_here(&s, Measure::Backtest, runs, seed));
        progress(1);
        result.unwrap_or((0, runs))
    };
    let posterior = pool.install(|| calibrate(&space.priors(), settings, model))?;
    Ok(PosteriorFile {
        scenario: scenario.name().to_string(),
        parameters: space.paths(),
        names: space.names(),
        runs,
        posterior,
    })
}

/// One outcome's probability with the parameters drawn.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DrawnShare {
    /// Runs ending in it over all draws, out of draws x runs per draw, with
    /// the Wilson interval of that pooled share (Monte Carlo error only).
    pub pooled: Estimate,
    /// The median over the draws of the per-draw share.
    pub median: f64,
    /// The 2.5% and 97.5% quantiles of the per-draw share: the interval
    /// that carries what is not known of the parameters (each draw's own
    /// runs widen it a little: docs/MODEL.md section 10).
    pub spread95: [f64; 2],
}

/// Outcome probabilities with the parameters drawn from a distribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WithParameters {
    /// `posterior FILE` or `priors`.
    pub drawn_from: String,
    /// Parameter draws.
    pub draws: usize,
    /// Runs per draw.
    pub runs_per_draw: u64,
    /// The seed of the draws and of their runs.
    pub seed: u64,
    /// Per outcome.
    pub outcomes: PerOutcome<DrawnShare>,
}

/// How `run --posterior` or `--priors` draws its parameter points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawSettings {
    /// `posterior FILE` or `priors`.
    pub drawn_from: String,
    /// Parameter draws.
    pub draws: usize,
    /// Runs per draw.
    pub runs_per_draw: u64,
    /// The seed of the draws and of their runs.
    pub seed: u64,
}

/// The parameter points of every draw: from the draws' own stream of the
/// seed, apart from every run's, so every shard draws the same points.
fn draw_points(distribution: &Distribution, settings: &DrawSettings) -> Vec<Vec<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(settings.seed);
    rng.set_stream(u64::MAX);
    (0..settings.draws).map(|_| distribution.draw(&mut rng)).collect()
}

/// The outcome counts of draws `first..first + points.len()`: draw i makes
/// runs `i * runs_per_draw ..` of the master seed, so no two draws share a
/// run's numbers.
fn counts_at_draws(
    space: &ParameterSpace,
    points: &[Vec<f64>],
    first: usize,
    settings: &DrawSettings,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<PerOutcome<u64>>, UncertainError> {
    use rayon::prelude::*;
    if settings.draws == 0 || settings.runs_per_draw == 0 {
        return Err(UncertainError::Design(
            "with parameters drawn, draws and runs per draw must be at least 1".into(),
        ));
    }
    let pool = worker_pool(threads)?;
    pool.install(|| {
        points
            .par_iter()
            .enumerate()
            .map(|(i, theta)| {
                let scenario = space.scenario_at(theta)?;
                let mut sim = Simulation::new(&scenario);
                let mut t = Tally::for_scenario(&scenario);
                let first = (first + i) as u64 * settings.runs_per_draw;
                for run in first..first + settings.runs_per_draw {
                    t.add(sim.run(settings.seed, run)).map_err(BatchError::from)?;
                }
                progress(1);
                Ok(t.outcomes)
            })
            .collect::<Result<Vec<_>, UncertainError>>()
    })
}

impl WithParameters {
    /// The summary of every draw's outcome counts, in draw order.
    fn from_counts(settings: &DrawSettings, counts: &[PerOutcome<u64>]) -> WithParameters {
        let DrawSettings { drawn_from, draws, runs_per_draw, seed } = settings.clone();
        let total = draws as u64 * runs_per_draw;
        let outcomes = PerOutcome::from_fn(|o: Outcome| {
            let count: u64 = counts.iter().map(|c| c[o]).sum();
            let mut shares: Vec<f64> = counts.iter().map(|c| c[o] as f64 / runs_per_draw as f64).collect();
            shares.sort_by(f64::total_cmp);
            let q = |p: f64| shares[((p * (shares.len() - 1) as f64).round() as usize).min(shares.len() - 1)];
            DrawnShare { pooled: Estimate::new(count, total), median: q(0.5), spread95: [q(0.025), q(0.975)] }
        });
        WithParameters { drawn_from, draws, runs_per_draw, seed, outcomes }
    }
}

/// Run `settings.draws` parameter points drawn from `distribution` (a
/// posterior sample, resampled by weight, or the priors), each for
/// `runs_per_draw` runs. The result does not depend on `threads`.
pub fn with_parameters(
    space: &ParameterSpace,
    distribution: &Distribution,
    settings: &DrawSettings,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<WithParameters, UncertainError> {
    let points = draw_points(distribution, settings);
    let counts = counts_at_draws(space, &points, 0, settings, threads, progress)?;
    Ok(WithParameters::from_counts(settings, &counts))
}

/// What `run --shard K/N` with `--posterior` or `--priors` adds to its
/// output: the outcome counts of its block of the draws, and what a merge
/// needs to check that the blocks belong together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WithParametersShard {
    /// How the points were drawn.
    pub settings: DrawSettings,
    /// A digest of the distribution drawn from (the posterior sample, or
    /// "priors": the scenario's digest covers those).
    pub distribution_digest: String,
    /// Per draw of the block: its runs per outcome.
    pub counts: PointsShard<PerOutcome<u64>>,
}

/// Shard `index` of `count` of [`with_parameters`]: its block of the draws.
pub fn with_parameters_shard(
    space: &ParameterSpace,
    distribution: &Distribution,
    settings: &DrawSettings,
    (index, count): (u64, u64),
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<WithParametersShard, UncertainError> {
    let points = draw_points(distribution, settings);
    let block = PointsShard::<u64>::block(index, count, settings.draws as u64);
    let (start, end) = (block.start as usize, block.end as usize);
    let values = counts_at_draws(space, &points[start..end], start, settings, threads, progress)?;
    Ok(WithParametersShard {
        settings: settings.clone(),
        distribution_digest: distribution.digest(),
        counts: PointsShard {
            index,
            count,
            total_points: settings.draws as u64,
            first_point: block.start,
            values,
        },
    })
}

/// The summary the shards' blocks of draws make together, the same as
/// [`with_parameters`] run whole. Refuses blocks of other settings or
/// another distribution, and blocks that do not cover the draws exactly.
pub fn merge_with_parameters(parts: &[&WithParametersShard]) -> Result<WithParameters, MergeError> {
    let first = parts.first().ok_or(MergeError::Empty)?;
    for (index, part) in parts.iter().enumerate() {
        if part.settings != first.settings {
            return Err(MergeError::Mismatch {
                index,
                what: "the parameter draws (--draws, --runs-per-draw, seed)",
            });
        }
        if part.distribution_digest != first.distribution_digest {
            return Err(MergeError::Mismatch { index, what: "the distribution drawn from" });
        }
        if part.counts.total_points != first.settings.draws as u64 {
            return Err(MergeError::Malformed { index, what: "its number of draws is not its settings'" });
        }
        if (part.settings.draws as u64).checked_mul(part.settings.runs_per_draw).is_none() {
            return Err(MergeError::Malformed {
                index,
                what: "its draws x runs per draw do not fit in 64 bits",
            });
        }
        let adds_up = |c: &PerOutcome<u64>| {
            c.values().iter().try_fold(0u64, |a, &b| a.checked_add(b)) == Some(part.settings.runs_per_draw)
        };
        if !part.counts.values.iter().all(adds_up) {
            return Err(MergeError::Malformed { index, what: "a draw's outcomes do not add up to its runs" });
        }
    }
    let blocks: Vec<&PointsShard<PerOutcome<u64>>> = parts.iter().map(|p| &p.counts).collect();
    Ok(WithParameters::from_counts(&first.settings, &assemble_points(&blocks)?))
}

/// Where parameter points are drawn from.
#[derive(Debug, Clone)]
pub enum Distribution {
    /// The priors, independently.
    Priors(Vec<Prior>),
    /// A weighted posterior sample, resampled by weight.
    Posterior(Posterior),
}

impl Distribution {
    /// The posterior of a file, if it is of the space's parameters or of
    /// more: a variant that fixes some of its base's parameters draws the
    /// others from their marginal posterior (the sample's columns for them).
    pub fn posterior(space: &ParameterSpace, file: PosteriorFile) -> Result<Self, UncertainError> {
        let columns: Option<Vec<usize>> =
            space.paths().iter().map(|p| file.parameters.iter().position(|f| f == p)).collect();
        let Some(columns) = columns else {
            return Err(UncertainError::OtherParameters { expected: space.paths(), found: file.parameters });
        };
        let mut posterior = file.posterior;
        for sample in &mut posterior.samples {
            *sample = columns.iter().map(|&c| sample[c]).collect();
        }
        Ok(Distribution::Posterior(posterior))
    }

    /// What tells one distribution from another in a shard's output: a
    /// digest of the posterior sample, or "priors" (the scenario's digest
    /// covers the priors).
    pub fn digest(&self) -> String {
        use sha2::{Digest, Sha256};
        match self {
            Distribution::Priors(_) => "priors".to_string(),
            Distribution::Posterior(post) => {
                let bytes = serde_json::to_vec(&(&post.samples, &post.weights)).unwrap_or_default();
                Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect()
            }
        }
    }

    fn draw(&self, rng: &mut ChaCha8Rng) -> Vec<f64> {
        match self {
            Distribution::Priors(priors) => priors.iter().map(|p| p.sample(rng)).collect(),
            Distribution::Posterior(post) => {
                let total: f64 = post.weights.iter().sum();
                let mut u = rng.random::<f64>() * total;
                for (sample, &w) in post.samples.iter().zip(&post.weights) {
                    if u < w {
                        return sample.clone();
                    }
                    u -= w;
                }
                post.samples.last().cloned().unwrap_or_default()
            }
        }
    }
}

/// Read a posterior file written by `plenary calibrate`, and refuse one
/// that is not a usable sample: a sample whose length is not the number
/// of parameters, a weight that is negative or not finite, weights that sum
/// to zero.
pub fn read_posterior(path: &Path) -> Result<PosteriorFile, UncertainError> {
    let bad = |message: String| UncertainError::PosteriorFile { path: path.to_path_buf(), message };
    let text = std::fs::read_to_string(path).map_err(|e| bad(format!("cannot read it: {e}")))?;
    let file: PosteriorFile = serde_json::from_str(&text).map_err(|e| {
        bad(format!(
            "line {} column {}: not a posterior written by `plenary calibrate`: {e}",
            e.line(),
            e.column()
        ))
    })?;
    let post = &file.posterior;
    let k = file.parameters.len();
    if post.samples.is_empty() {
        return Err(bad("posterior.samples is empty".into()));
    }
    if post.weights.len() != post.samples.len() {
        return Err(bad(format!(
            "posterior.weights has {} entries for {} samples",
            post.weights.len(),
            post.samples.len()
        )));
    }
    if let Some(i) = post.samples.iter().position(|s| s.len() != k || s.iter().any(|v| !v.is_finite())) {
        return Err(bad(format!("posterior.samples[{i}] is not {k} finite numbers (one per parameter)")));
    }
    if let Some(i) = post.weights.iter().position(|w| !w.is_finite() || *w < 0.0) {
        return Err(bad(format!(
            "posterior.weights[{i}] is {}: weights are finite and 0 or more",
            post.weights[i]
        )));
    }
    if post.weights.iter().sum::<f64>() <= 0.0 {
        return Err(bad("posterior.weights sum to 0: no particle to draw".into()));
    }
    Ok(file)
}
