//! Priors: what is believed about an uncertain parameter before calibration.
//!
//! A prior serves three callers. The designs of [`super::design`] are points
//! of the unit cube, mapped onto the parameters through the prior's
//! inverse CDF ([`Prior::quantile`]), the usual way of running a quasi-random
//! design on non-uniform inputs (Saltelli et al., *Global Sensitivity
//! Analysis: The Primer*, Wiley 2008, §1.2.3). The calibration of
//! [`super::abc`] needs the density, for its importance weights, and draws.
//!
//! The beta on a range is the four-parameter beta distribution (Johnson,
//! Kotz & Balakrishnan, *Continuous Univariate Distributions* vol. 2,
//! ch. 25): `lo + (hi - lo) * X` with `X ~ Beta(alpha, beta)`. Its CDF,
//! inverse CDF and density come from `statrs` (regularized incomplete beta
//! function and its inverse).
//!
//! A discrete prior puts equal mass on each of its values; its "density" is
//! that mass (with respect to counting measure), which is what importance
//! weights need as long as every particle is weighted on the same measure.

use rand::{Rng, RngExt};
use serde::{Deserialize, Serialize};
use statrs::distribution::{Beta as BetaDist, Continuous, ContinuousCDF};
use thiserror::Error;

/// The prior of one parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Prior {
    /// Every value of `[lo, hi]` equally likely.
    Uniform {
        /// Lower end.
        lo: f64,
        /// Upper end.
        hi: f64,
    },
    /// A beta(alpha, beta) stretched onto `[lo, hi]`.
    Beta {
        /// Shape alpha (> 0).
        alpha: f64,
        /// Shape beta (> 0).
        beta: f64,
        /// Lower end of the range.
        lo: f64,
        /// Upper end of the range.
        hi: f64,
    },
    /// Each of the values equally likely (listed in any order, each once).
    Discrete {
        /// The values, each once.
        values: Vec<f64>,
    },
}

/// Why a prior cannot be used.
// The fields of each variant are the values its #[error] message names.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PriorError {
    #[error("{what} is {value}, not a finite number")]
    NotFinite { what: &'static str, value: f64 },
    #[error("the range [{lo}, {hi}] is empty or inverted (lo must be below hi)")]
    EmptyRange { lo: f64, hi: f64 },
    #[error("the beta shape {what} is {value}; it must be above 0")]
    BadShape { what: &'static str, value: f64 },
    #[error("a discrete prior needs at least one value")]
    NoValues,
    #[error("the discrete prior lists {value} more than once")]
    RepeatedValue { value: f64 },
}

impl std::fmt::Display for Prior {
    /// "uniform on [0, 1]", "beta(2, 5) on [0, 1]", "one of 1, 2, 3".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Prior::Uniform { lo, hi } => write!(f, "uniform on [{lo}, {hi}]"),
            Prior::Beta { alpha, beta, lo, hi } => write!(f, "beta({alpha}, {beta}) on [{lo}, {hi}]"),
            Prior::Discrete { values } => {
                let values: Vec<String> = values.iter().map(f64::to_string).collect();
                write!(f, "one of {}", values.join(", "))
            }
        }
    }
}

impl Prior {
    /// Refuses a prior that the other methods could not handle.
    pub fn validate(&self) -> Result<(), PriorError> {
        match self {
            Prior::Uniform { lo, hi } => validate_range(*lo, *hi),
            Prior::Beta { alpha, beta, lo, hi } => {
                validate_range(*lo, *hi)?;
                validate_shape("alpha", *alpha)?;
                validate_shape("beta", *beta)
            }
            Prior::Discrete { values } => {
                if values.is_empty() {
                    return Err(PriorError::NoValues);
                }
                for &value in values {
                    finite("a discrete value", value)?;
                }
                let sorted = sorted(values);
                match sorted.windows(2).find(|pair| pair[0] == pair[1]) {
                    Some(pair) => Err(PriorError::RepeatedValue { value: pair[0] }),
                    None => Ok(()),
                }
            }
        }
    }

    /// The inverse CDF: the value below which the prior puts the share `u`
    /// (clamped to `[0, 1]`). A uniform `u` gives a draw from the prior.
    pub fn quantile(&self, u: f64) -> f64 {
        let u = u.clamp(0.0, 1.0);
        match self {
            Prior::Uniform { lo, hi } => lo + u * (hi - lo),
            Prior::Beta { alpha, beta, lo, hi } => lo + unit_beta(*alpha, *beta).inverse_cdf(u) * (hi - lo),
            Prior::Discrete { values } => {
                let sorted = sorted(values);
                // The i-th value (ascending) covers the shares [i/n, (i+1)/n).
                let index = ((u * sorted.len() as f64) as usize).min(sorted.len() - 1);
                sorted[index]
            }
        }
    }

    /// The CDF: the share of the prior at or below `x`.
    pub fn cdf(&self, x: f64) -> f64 {
        match self {
            Prior::Uniform { lo, hi } => ((x - lo) / (hi - lo)).clamp(0.0, 1.0),
            Prior::Beta { alpha, beta, lo, hi } => unit_beta(*alpha, *beta).cdf((x - lo) / (hi - lo)),
            Prior::Discrete { values } => {
                values.iter().filter(|&&v| v <= x).count() as f64 / values.len() as f64
            }
        }
    }

    /// The density at `x` (zero outside the support); for a discrete prior,
    /// the probability of `x` (zero unless `x` is one of the values).
    pub fn density(&self, x: f64) -> f64 {
        match self {
            Prior::Uniform { lo, hi } => {
                if (*lo..=*hi).contains(&x) {
                    1.0 / (hi - lo)
                } else {
                    0.0
                }
            }
            Prior::Beta { alpha, beta, lo, hi } => {
                if (*lo..=*hi).contains(&x) {
                    unit_beta(*alpha, *beta).pdf((x - lo) / (hi - lo)) / (hi - lo)
                } else {
                    0.0
                }
            }
            Prior::Discrete { values } => {
                if values.contains(&x) {
                    1.0 / values.len() as f64
                } else {
                    0.0
                }
            }
        }
    }

    /// One draw, by the inverse CDF of one uniform number, so that a draw
    /// costs the same single number of the stream whatever the prior.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.quantile(rng.random::<f64>())
    }

    /// The smallest and largest value the prior allows.
    pub fn bounds(&self) -> (f64, f64) {
        match self {
            Prior::Uniform { lo, hi } | Prior::Beta { lo, hi, .. } => (*lo, *hi),
            Prior::Discrete { values } => {
                let sorted = sorted(values);
                (sorted[0], sorted[sorted.len() - 1])
            }
        }
    }

    /// The values of a discrete prior in ascending order; `None` for a
    /// continuous one.
    pub fn discrete_values(&self) -> Option<Vec<f64>> {
        match self {
            Prior::Discrete { values } => Some(sorted(values)),
            _ => None,
        }
    }
}

/// Maps a point of the unit cube onto the parameters, coordinate by
/// coordinate through each prior's inverse CDF.
pub fn to_parameters(priors: &[Prior], unit_point: &[f64]) -> Vec<f64> {
    assert_eq!(priors.len(), unit_point.len(), "one unit coordinate per prior");
    priors.iter().zip(unit_point).map(|(prior, &u)| prior.quantile(u)).collect()
}

fn unit_beta(alpha: f64, beta: f64) -> BetaDist {
    BetaDist::new(alpha, beta).expect("beta shapes are checked by Prior::validate")
}

fn sorted(values: &[f64]) -> Vec<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted
}

fn finite(what: &'static str, value: f64) -> Result<(), PriorError> {
    if value.is_finite() { Ok(()) } else { Err(PriorError::NotFinite { what, value }) }
}

fn validate_range(lo: f64, hi: f64) -> Result<(), PriorError> {
    finite("lo", lo)?;
    finite("hi", hi)?;
    // Refuses a range so wide that hi - lo overflows to infinity too.
    if lo < hi && (hi - lo).is_finite() { Ok(()) } else { Err(PriorError::EmptyRange { lo, hi }) }
}

fn validate_shape(what: &'static str, value: f64) -> Result<(), PriorError> {
    finite(what, value)?;
    if value > 0.0 { Ok(()) } else { Err(PriorError::BadShape { what, value }) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn beta(alpha: f64, beta: f64) -> Prior {
        Prior::Beta { alpha, beta, lo: 0.0, hi: 1.0 }
    }

    #[test]
    fn uniform_quantile_cdf_and_density_are_the_closed_forms() {
        let prior = Prior::Uniform { lo: -2.0, hi: 6.0 };
        assert_eq!(prior.quantile(0.0), -2.0);
        assert_eq!(prior.quantile(0.25), 0.0);
        assert_eq!(prior.quantile(1.0), 6.0);
        assert_eq!(prior.cdf(2.0), 0.5);
        assert_eq!(prior.density(1.0), 0.125);
        assert_eq!(prior.density(6.5), 0.0);
        assert_eq!(prior.density(-2.1), 0.0);
    }

    #[test]
    fn beta_2_2_has_median_one_half_and_density_six_x_one_minus_x() {
        let prior = beta(2.0, 2.0);
        assert!((prior.quantile(0.5) - 0.5).abs() < 1e-9);
        for x in [0.1, 0.3, 0.5, 0.8] {
            assert!((prior.density(x) - 6.0 * x * (1.0 - x)).abs() < 1e-9);
        }
    }

    #[test]
    fn beta_2_5_quantiles_match_the_closed_form_cdf() {
        // Beta(2,5): F(x) = 1 - (1-x)^6 - 6x(1-x)^5 (= P[Bin(6, x) >= 2]);
        // these quantiles are its roots, found by 200 bisections.
        let known = [
            (0.05, 0.06284989170835435),
            (0.25, 0.1611629167903265),
            (0.5, 0.26444998329566),
            (0.75, 0.38947948520072445),
            (0.95, 0.5818034092520258),
        ];
        let prior = beta(2.0, 5.0);
        for (u, x) in known {
            let q = prior.quantile(u);
            assert!((q - x).abs() < 1e-6, "quantile({u}) = {q}, known {x}");
            assert!((prior.cdf(x) - u).abs() < 1e-9);
        }
        // Density 30 x (1-x)^4.
        assert!((prior.density(0.3) - 30.0 * 0.3 * 0.7f64.powi(4)).abs() < 1e-9);
    }

    #[test]
    fn beta_on_a_range_is_stretched() {
        let prior = Prior::Beta { alpha: 2.0, beta: 5.0, lo: 10.0, hi: 20.0 };
        assert!((prior.quantile(0.5) - (10.0 + 10.0 * 0.26444998329566)).abs() < 1e-5);
        // A tenth of the unit density: the range is ten times as wide.
        assert!((prior.density(13.0) - 3.0 * 0.3 * 0.7f64.powi(4)).abs() < 1e-9);
        assert_eq!(prior.density(9.0), 0.0);
        assert_eq!(prior.bounds(), (10.0, 20.0));
    }

    #[test]
    fn discrete_prior_splits_the_unit_interval_among_sorted_values() {
        let prior = Prior::Discrete { values: vec![3.0, 1.0, 2.0, 4.0] };
        assert_eq!(prior.quantile(0.0), 1.0);
        assert_eq!(prior.quantile(0.24), 1.0);
        assert_eq!(prior.quantile(0.25), 2.0);
        assert_eq!(prior.quantile(0.99), 4.0);
        assert_eq!(prior.quantile(1.0), 4.0);
        assert_eq!(prior.density(3.0), 0.25);
        assert_eq!(prior.density(3.5), 0.0);
        assert_eq!(prior.cdf(2.5), 0.5);
        assert_eq!(prior.bounds(), (1.0, 4.0));
    }

    #[test]
    fn draws_follow_the_prior() {
        let prior = beta(2.0, 5.0);
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let draws: Vec<f64> = (0..20_000).map(|_| prior.sample(&mut rng)).collect();
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        // Mean 2/7; the standard error is about 0.0011.
        assert!((mean - 2.0 / 7.0).abs() < 0.005, "mean {mean}");
        let below = draws.iter().filter(|&&x| x <= 0.26444998329566).count();
        assert!((below as f64 / 20_000.0 - 0.5).abs() < 0.015);
    }

    #[test]
    fn validate_refuses_what_the_methods_cannot_handle() {
        let bad = [
            Prior::Uniform { lo: 1.0, hi: 1.0 },
            Prior::Uniform { lo: 2.0, hi: 1.0 },
            Prior::Uniform { lo: f64::NAN, hi: 1.0 },
            Prior::Uniform { lo: 0.0, hi: f64::INFINITY },
            Prior::Uniform { lo: -f64::MAX, hi: f64::MAX },
            Prior::Beta { alpha: 0.0, beta: 1.0, lo: 0.0, hi: 1.0 },
            Prior::Beta { alpha: 1.0, beta: -2.0, lo: 0.0, hi: 1.0 },
            Prior::Beta { alpha: f64::INFINITY, beta: 1.0, lo: 0.0, hi: 1.0 },
            Prior::Discrete { values: vec![] },
            Prior::Discrete { values: vec![1.0, f64::NAN] },
            Prior::Discrete { values: vec![1.0, 2.0, 1.0] },
        ];
        for prior in bad {
            assert!(prior.validate().is_err(), "{prior:?} accepted");
        }
        assert_eq!(
            Prior::Uniform { lo: 2.0, hi: 1.0 }.validate(),
            Err(PriorError::EmptyRange { lo: 2.0, hi: 1.0 })
        );
        assert!(beta(0.5, 0.5).validate().is_ok());
        assert!(Prior::Discrete { values: vec![5.0] }.validate().is_ok());
    }

    #[test]
    fn unit_points_map_through_each_prior() {
        let priors = [Prior::Uniform { lo: 0.0, hi: 10.0 }, Prior::Discrete { values: vec![1.0, 2.0] }];
        assert_eq!(to_parameters(&priors, &[0.3, 0.7]), vec![3.0, 2.0]);
    }
}
