//! Designs: where in the unit cube to run the model for a sensitivity
//! analysis. Map a design point onto the parameters with
//! [`super::prior::to_parameters`].
//!
//! - [`sobol_points`]: a Sobol low-discrepancy sequence (Sobol', *USSR
//!   Comput. Math. Math. Phys.* 7, 1967), Owen-scrambled and shuffled as in
//!   Burley, "Practical Hash-based Owen Scrambling", *JCGT* 9(4), 2020, with
//!   the Joe & Kuo (2008) direction numbers: the `sobol_burley` crate. The
//!   scrambling makes the design a randomized quasi-Monte Carlo one: a seed
//!   gives an independent, equally well spread replicate, and no point sits
//!   on the cube's corner (the unscrambled sequence starts at 0, the prior's
//!   lower bounds).
//! - [`SaltelliDesign`]: the matrices A, B and AB_i of Saltelli et al.,
//!   "Variance based sensitivity analysis of model output. Design and
//!   estimator for the total sensitivity index", *Comput. Phys. Commun.* 181,
//!   2010, §3: N(k + 2) runs for first- and total-order indices of k
//!   parameters.
//! - [`morris_design`]: the one-at-a-time trajectories of Morris, "Factorial
//!   sampling plans for preliminary computational experiments",
//!   *Technometrics* 33, 1991, started at random or spread out by the
//!   criterion of Campolongo, Cariboni & Saltelli, "An effective screening
//!   design for sensitivity analysis of large models", *Environ. Model.
//!   Softw.* 22, 2007.
//!
//! Everything here is deterministic for a given seed.

use rand::RngExt;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The most points `sobol_points` gives (the crate's sequence length, 2^16).
pub const MAX_POINTS: usize = 1 << 16;
/// The most dimensions `sobol_points` gives (so a Saltelli design takes at
/// most half as many parameters).
pub const MAX_DIMENSIONS: usize = sobol_burley::NUM_DIMENSIONS as usize;

/// Why a design cannot be built.
// The fields of each variant are the values its #[error] message names.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DesignError {
    #[error("a design needs at least {min} points, not {points}")]
    TooFewPoints { points: usize, min: usize },
    #[error("a Sobol sequence has at most {max} points, not {points}")]
    TooManyPoints { points: usize, max: usize },
    #[error("a design needs at least one parameter")]
    NoParameters,
    #[error("the Sobol sequence has {max} dimensions; {dimensions} were asked for")]
    TooManyDimensions { dimensions: usize, max: usize },
    #[error("Morris levels must be an even number of at least 2, not {levels}")]
    BadLevels { levels: usize },
    #[error("Morris needs at least 2 trajectories (for sigma), not {trajectories}")]
    TooFewTrajectories { trajectories: usize },
    #[error(
        "Campolongo selection picks {trajectories} of {candidates} candidates; it needs more candidates than picks"
    )]
    TooFewCandidates { candidates: usize, trajectories: usize },
}

/// `points` points of a `dimensions`-dimensional scrambled Sobol sequence,
/// each coordinate in `[0, 1)`. Prefer a power of two for `points`: the
/// sequence is balanced on those.
pub fn sobol_points(points: usize, dimensions: usize, seed: u64) -> Result<Vec<Vec<f64>>, DesignError> {
    if points == 0 {
        return Err(DesignError::TooFewPoints { points, min: 1 });
    }
    if points > MAX_POINTS {
        return Err(DesignError::TooManyPoints { points, max: MAX_POINTS });
    }
    if dimensions == 0 {
        return Err(DesignError::NoParameters);
    }
    if dimensions > MAX_DIMENSIONS {
        return Err(DesignError::TooManyDimensions { dimensions, max: MAX_DIMENSIONS });
    }
    let seed = fold_seed(seed);
    Ok((0..points as u32)
        .map(|index| {
            (0..dimensions as u32)
                .map(|dimension| f64::from(sobol_burley::sample(index, dimension, seed)))
                .collect()
        })
        .collect())
}

/// The crate takes a 32-bit seed; both halves of ours count.
fn fold_seed(seed: u64) -> u32 {
    (seed ^ (seed >> 32)) as u32
}

/// The Saltelli (2010) design: A and B are N independent points each, AB_i
/// is A with its column i taken from B. Rows are points of the unit cube.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SaltelliDesign {
    /// Matrix A: N points of the unit cube.
    pub a: Vec<Vec<f64>>,
    /// Matrix B: N other points.
    pub b: Vec<Vec<f64>>,
    /// `ab[i][j]`: row j of A with coordinate i from row j of B.
    pub ab: Vec<Vec<Vec<f64>>>,
}

impl SaltelliDesign {
    /// N = `base_points` rows for `parameters` parameters, from one Sobol
    /// sequence of twice as many dimensions: A takes the first half of each
    /// point, B the second (Saltelli 2010, §3).
    pub fn new(base_points: usize, parameters: usize, seed: u64) -> Result<Self, DesignError> {
        if base_points < 2 {
            return Err(DesignError::TooFewPoints { points: base_points, min: 2 });
        }
        if parameters == 0 {
            return Err(DesignError::NoParameters);
        }
        let points = sobol_points(base_points, 2 * parameters, seed)?;
        let a: Vec<Vec<f64>> = points.iter().map(|p| p[..parameters].to_vec()).collect();
        let b: Vec<Vec<f64>> = points.iter().map(|p| p[parameters..].to_vec()).collect();
        let ab = (0..parameters)
            .map(|i| {
                a.iter()
                    .zip(&b)
                    .map(|(row_a, row_b)| {
                        let mut row = row_a.clone();
                        row[i] = row_b[i];
                        row
                    })
                    .collect()
            })
            .collect();
        Ok(SaltelliDesign { a, b, ab })
    }

    /// N.
    pub fn base_points(&self) -> usize {
        self.a.len()
    }

    /// k.
    pub fn parameters(&self) -> usize {
        self.ab.len()
    }

    /// All N(k + 2) points in the order A, B, AB_1, ..., AB_k: the order
    /// [`SaltelliOutputs::from_flat`] reads the outputs back in.
    pub fn points(&self) -> impl Iterator<Item = &[f64]> {
        self.a.iter().chain(&self.b).chain(self.ab.iter().flatten()).map(Vec::as_slice)
    }

    /// Runs `model` on every point (in parallel; the outputs are collected by
    /// index, so they do not depend on the thread count).
    pub fn evaluate(&self, model: impl Fn(&[f64]) -> f64 + Sync) -> SaltelliOutputs {
        let points: Vec<&[f64]> = self.points().collect();
        let values: Vec<f64> = points.par_iter().map(|p| model(p)).collect();
        SaltelliOutputs::from_flat(self.base_points(), self.parameters(), &values)
    }
}

/// The model's outputs on a [`SaltelliDesign`], row for row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SaltelliOutputs {
    /// Outputs on the points of A.
    pub a: Vec<f64>,
    /// Outputs on the points of B.
    pub b: Vec<f64>,
    /// `ab[i]`: outputs on A with column i from B.
    pub ab: Vec<Vec<f64>>,
}

impl SaltelliOutputs {
    /// Splits outputs listed in the order of [`SaltelliDesign::points`].
    ///
    /// # Panics
    /// If there are not N(k + 2) values.
    pub fn from_flat(base_points: usize, parameters: usize, values: &[f64]) -> Self {
        assert_eq!(values.len(), base_points * (parameters + 2), "a Saltelli design has N(k + 2) outputs");
        let mut blocks = values.chunks(base_points).map(<[f64]>::to_vec);
        let a = blocks.next().expect("block A");
        let b = blocks.next().expect("block B");
        SaltelliOutputs { a, b, ab: blocks.collect() }
    }
}

/// How Morris trajectories start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MorrisStart {
    /// Each trajectory starts at a random grid point (Morris 1991).
    Random,
    /// Draws `candidates` random trajectories and keeps the most spread out
    /// (Campolongo et al. 2007).
    Campolongo {
        /// Random trajectories drawn to choose from.
        candidates: usize,
    },
}

/// One Morris trajectory: k + 1 points, each after the first moving one
/// parameter by +-delta.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trajectory {
    /// The k + 1 points, in the unit cube.
    pub points: Vec<Vec<f64>>,
    /// `moved[s]`: the parameter changed between point s and point s + 1.
    pub moved: Vec<usize>,
    /// `steps[s]`: that change, +delta or -delta (unit-cube units).
    pub steps: Vec<f64>,
}

/// r trajectories on a p-level grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MorrisDesign {
    /// p: the grid has p levels per parameter.
    pub levels: usize,
    /// p / (2 (p - 1)): the step Morris recommends, so that every level is
    /// reached equally often.
    pub delta: f64,
    /// The trajectories.
    pub trajectories: Vec<Trajectory>,
}

impl MorrisDesign {
    /// The number of parameters (0 for a design without trajectories).
    pub fn parameters(&self) -> usize {
        self.trajectories.first().map_or(0, |t| t.moved.len())
    }

    /// All r(k + 1) points, trajectory after trajectory: the order
    /// [`super::sensitivity::morris_effects`] reads the outputs in.
    pub fn points(&self) -> impl Iterator<Item = &[f64]> {
        self.trajectories.iter().flat_map(|t| t.points.iter().map(Vec::as_slice))
    }

    /// Runs `model` on every point, collected by index (thread-count proof).
    pub fn evaluate(&self, model: impl Fn(&[f64]) -> f64 + Sync) -> Vec<f64> {
        let points: Vec<&[f64]> = self.points().collect();
        points.par_iter().map(|p| model(p)).collect()
    }
}

/// `trajectories` Morris trajectories for `parameters` parameters on a grid
/// of `levels` (even) levels per parameter.
pub fn morris_design(
    parameters: usize,
    trajectories: usize,
    levels: usize,
    start: MorrisStart,
    rng: &mut ChaCha8Rng,
) -> Result<MorrisDesign, DesignError> {
    if parameters == 0 {
        return Err(DesignError::NoParameters);
    }
    if levels < 2 || !levels.is_multiple_of(2) {
        return Err(DesignError::BadLevels { levels });
    }
    if trajectories < 2 {
        return Err(DesignError::TooFewTrajectories { trajectories });
    }
    let chosen = match start {
        MorrisStart::Random => {
            (0..trajectories).map(|_| random_trajectory(parameters, levels, rng)).collect()
        }
        MorrisStart::Campolongo { candidates } => {
            if candidates <= trajectories {
                return Err(DesignError::TooFewCandidates { candidates, trajectories });
            }
            let pool: Vec<Trajectory> =
                (0..candidates).map(|_| random_trajectory(parameters, levels, rng)).collect();
            most_spread(pool, trajectories)
        }
    };
    Ok(MorrisDesign { levels, delta: morris_delta(levels), trajectories: chosen })
}

fn morris_delta(levels: usize) -> f64 {
    levels as f64 / (2.0 * (levels as f64 - 1.0))
}

/// A trajectory from a uniformly drawn grid point, moving the parameters in
/// a random order. With p even and delta = p / (2 (p - 1)), each level can
/// move one way only (up from the lower half of the levels, down from the
/// upper half), so the direction follows from the start; drawing the start
/// from all levels makes every level equally likely, as Morris' random
/// orientation matrix B* does.
fn random_trajectory(parameters: usize, levels: usize, rng: &mut ChaCha8Rng) -> Trajectory {
    let grid_step = 1.0 / (levels as f64 - 1.0);
    let half = levels / 2;
    let delta = morris_delta(levels);
    let start_levels: Vec<usize> = (0..parameters).map(|_| rng.random_range(0..levels)).collect();
    let mut order: Vec<usize> = (0..parameters).collect();
    order.shuffle(rng);

    let mut point: Vec<f64> = start_levels.iter().map(|&l| l as f64 * grid_step).collect();
    let mut points = vec![point.clone()];
    let mut steps = Vec::with_capacity(parameters);
    for &i in &order {
        let step = if start_levels[i] < half { delta } else { -delta };
        // Recomputed from the level, not accumulated, so that a point is
        // exactly on the grid.
        let level = if step > 0.0 { start_levels[i] + half } else { start_levels[i] - half };
        point[i] = level as f64 * grid_step;
        points.push(point.clone());
        steps.push(step);
    }
    Trajectory { points, moved: order, steps }
}

/// Campolongo's distance between two trajectories: the sum of the Euclidean
/// distances between every point of one and every point of the other.
fn trajectory_distance(one: &Trajectory, other: &Trajectory) -> f64 {
    one.points.iter().flat_map(|p| other.points.iter().map(move |q| euclidean(p, q))).sum()
}

fn euclidean(p: &[f64], q: &[f64]) -> f64 {
    p.iter().zip(q).map(|(a, b)| (a - b) * (a - b)).sum::<f64>().sqrt()
}

/// Keeps `keep` of the candidates with a large spread, Campolongo's
/// criterion being the sum of squared pairwise distances. The exhaustive
/// search over all subsets is combinatorial; this greedy version starts
/// from the farthest pair and adds, one by one, the candidate farthest from
/// those kept (as Ruano et al., *Environ. Model. Softw.* 37, 2012, do in
/// spirit). Ties go to the earlier candidate, so the choice is deterministic.
fn most_spread(pool: Vec<Trajectory>, keep: usize) -> Vec<Trajectory> {
    let n = pool.len();
    let mut distance = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in (i + 1)..n {
            let d = trajectory_distance(&pool[i], &pool[j]);
            distance[i][j] = d;
            distance[j][i] = d;
        }
    }
    let mut farthest_pair = (0, 1);
    for i in 0..n {
        for j in (i + 1)..n {
            if distance[i][j] > distance[farthest_pair.0][farthest_pair.1] {
                farthest_pair = (i, j);
            }
        }
    }
    let mut kept = vec![farthest_pair.0, farthest_pair.1];
    while kept.len() < keep {
        let spread = |c: usize| kept.iter().map(|&s| distance[c][s].powi(2)).sum::<f64>();
        let next = (0..n)
            .filter(|c| !kept.contains(c))
            .fold(None::<(usize, f64)>, |best, c| {
                let s = spread(c);
                match best {
                    Some((_, best_s)) if best_s >= s => best,
                    _ => Some((c, s)),
                }
            })
            .expect("more candidates than picks")
            .0;
        kept.push(next);
    }
    kept.truncate(keep);
    let mut pool: Vec<Option<Trajectory>> = pool.into_iter().map(Some).collect();
    kept.into_iter().map(|i| pool[i].take().expect("each candidate kept once")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn sobol_points_fill_the_cube_evenly_and_repeat_for_a_seed() {
        let points = sobol_points(1024, 3, 11).unwrap();
        assert_eq!(points.len(), 1024);
        assert!(points.iter().flatten().all(|&u| (0.0..1.0).contains(&u)));
        // A balanced sequence: each of the 8 octants holds 1024 / 8 points.
        let mut octants = [0usize; 8];
        for p in &points {
            let cell = p.iter().enumerate().map(|(d, &u)| usize::from(u >= 0.5) << d).sum::<usize>();
            octants[cell] += 1;
        }
        assert_eq!(octants, [128; 8]);
        // Each coordinate's mean is 1/2 far better than 1/sqrt(12 * 1024).
        for d in 0..3 {
            let mean = points.iter().map(|p| p[d]).sum::<f64>() / 1024.0;
            assert!((mean - 0.5).abs() < 1e-3, "dimension {d}: mean {mean}");
        }
        assert_eq!(points, sobol_points(1024, 3, 11).unwrap());
        assert_ne!(points, sobol_points(1024, 3, 12).unwrap());
    }

    #[test]
    fn sobol_points_refuse_what_the_sequence_lacks() {
        assert!(sobol_points(MAX_POINTS + 1, 2, 0).is_err());
        assert!(sobol_points(4, MAX_DIMENSIONS + 1, 0).is_err());
        assert!(sobol_points(0, 2, 0).is_err());
        assert!(sobol_points(4, 0, 0).is_err());
    }

    #[test]
    fn saltelli_matrices_share_all_but_one_column() {
        let design = SaltelliDesign::new(64, 3, 5).unwrap();
        assert_eq!(design.base_points(), 64);
        assert_eq!(design.parameters(), 3);
        assert_eq!(design.points().count(), 64 * 5);
        for i in 0..3 {
            for j in 0..64 {
                for d in 0..3 {
                    let expected = if d == i { design.b[j][d] } else { design.a[j][d] };
                    assert_eq!(design.ab[i][j][d], expected);
                }
            }
        }
        // A and B are different halves of the sequence, not copies.
        assert_ne!(design.a, design.b);
    }

    #[test]
    fn saltelli_outputs_come_back_in_the_order_of_the_points() {
        let design = SaltelliDesign::new(4, 2, 0).unwrap();
        let outputs = design.evaluate(|p| p[0] + 10.0 * p[1]);
        let flat: Vec<f64> = design.points().map(|p| p[0] + 10.0 * p[1]).collect();
        assert_eq!(outputs, SaltelliOutputs::from_flat(4, 2, &flat));
        assert_eq!(outputs.ab[1][3], design.ab[1][3][0] + 10.0 * design.ab[1][3][1]);
    }

    fn check_trajectory(t: &Trajectory, parameters: usize, levels: usize) {
        let delta = morris_delta(levels);
        let grid_step = 1.0 / (levels as f64 - 1.0);
        assert_eq!(t.points.len(), parameters + 1);
        let mut moved = t.moved.clone();
        moved.sort();
        assert_eq!(moved, (0..parameters).collect::<Vec<_>>());
        for (s, pair) in t.points.windows(2).enumerate() {
            for (d, (after, before)) in pair[1].iter().zip(&pair[0]).enumerate() {
                let change = after - before;
                if d == t.moved[s] {
                    assert!((change - t.steps[s]).abs() < 1e-12);
                    assert!((change.abs() - delta).abs() < 1e-12);
                } else {
                    assert_eq!(change, 0.0);
                }
            }
        }
        for p in &t.points {
            for &u in p {
                assert!((0.0..=1.0).contains(&u));
                let level = u / grid_step;
                assert!((level - level.round()).abs() < 1e-9, "{u} is off the grid");
            }
        }
    }

    #[test]
    fn morris_trajectories_move_each_parameter_once_by_delta_on_the_grid() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let design = morris_design(5, 20, 4, MorrisStart::Random, &mut rng).unwrap();
        assert_eq!(design.delta, 4.0 / 6.0);
        assert_eq!(design.trajectories.len(), 20);
        for t in &design.trajectories {
            check_trajectory(t, 5, 4);
        }
        assert_eq!(design.points().count(), 20 * 6);
    }

    #[test]
    fn campolongo_keeps_trajectories_more_spread_than_random_ones() {
        let spread = |ts: &[Trajectory]| {
            let mut total = 0.0;
            for i in 0..ts.len() {
                for j in (i + 1)..ts.len() {
                    total += trajectory_distance(&ts[i], &ts[j]).powi(2);
                }
            }
            total
        };
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let random = morris_design(4, 6, 4, MorrisStart::Random, &mut rng).unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let spread_out =
            morris_design(4, 6, 4, MorrisStart::Campolongo { candidates: 60 }, &mut rng).unwrap();
        for t in &spread_out.trajectories {
            check_trajectory(t, 4, 4);
        }
        assert!(spread(&spread_out.trajectories) > spread(&random.trajectories));
    }

    #[test]
    fn morris_design_is_deterministic_for_a_seed() {
        let make = |seed| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            morris_design(3, 4, 6, MorrisStart::Campolongo { candidates: 10 }, &mut rng).unwrap()
        };
        assert_eq!(make(1), make(1));
        assert_ne!(make(1), make(2));
    }

    #[test]
    fn morris_design_refuses_bad_settings() {
        let mut rng = ChaCha8Rng::seed_from_u64(0);
        assert!(morris_design(0, 4, 4, MorrisStart::Random, &mut rng).is_err());
        assert!(morris_design(3, 4, 5, MorrisStart::Random, &mut rng).is_err());
        assert!(morris_design(3, 1, 4, MorrisStart::Random, &mut rng).is_err());
        assert!(morris_design(3, 4, 4, MorrisStart::Campolongo { candidates: 4 }, &mut rng).is_err());
    }
}
