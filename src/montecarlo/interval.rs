//! Wilson score intervals for binomial proportions, and the interval of a
//! difference of two proportions estimated on the same (paired) runs.

use serde::{Deserialize, Serialize};

/// z for a two-sided 95% interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// The Wilson score interval for `count` successes in `n` trials at `z`.
/// With n = 0 nothing is known: (0, 1).
pub fn wilson(count: u64, n: u64, z: f64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let n_f = n as f64;
    let p = count as f64 / n_f;
    let z2 = z * z;
    let denom = 1.0 + z2 / n_f;
    let centre = (p + z2 / (2.0 * n_f)) / denom;
    let half = z * (p * (1.0 - p) / n_f + z2 / (4.0 * n_f * n_f)).sqrt() / denom;
    // At 0 or n successes the bound is exact; don't let rounding leave 1e-19.
    let lo = if count == 0 { 0.0 } else { (centre - half).max(0.0) };
    let hi = if count == n { 1.0 } else { (centre + half).min(1.0) };
    (lo, hi)
}

/// The difference P_variant - P_base of two proportions measured on the same
/// n runs, where `plus` runs had the outcome only in the variant and `minus`
/// only in the base, with its interval at `z`.
///
/// The point estimate is (plus - minus) / n. The interval is Agresti and
/// Min's "Wald+2" (Statistics in Medicine 24, 2005): the normal interval
/// after adding 1/2 to each of the four cells of the paired 2x2 table, which
/// keeps its coverage near the nominal level when the runs that disagree are
/// few (the plain normal interval collapses to a point when none disagree),
/// truncated to -1..1. With n = 0 nothing is known: (0, (-1, 1)).
pub fn paired_difference(plus: u64, minus: u64, n: u64, z: f64) -> (f64, [f64; 2]) {
    if n == 0 {
        return (0.0, [-1.0, 1.0]);
    }
    let (plus, minus, n) = (plus as f64, minus as f64, n as f64);
    let centre = (plus - minus) / (n + 2.0);
    let sd = ((plus + minus + 1.0) - (plus - minus).powi(2) / (n + 2.0)).sqrt() / (n + 2.0);
    ((plus - minus) / n, [(centre - z * sd).max(-1.0), (centre + z * sd).min(1.0)])
}

/// A proportion with its 95% interval, as the JSON contract spells it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    pub count: u64,
    pub p: f64,
    pub ci95: [f64; 2],
}

impl Estimate {
    pub fn new(count: u64, n: u64) -> Self {
        let (lo, hi) = wilson(count, n, Z95);
        Estimate { count, p: if n == 0 { 0.0 } else { count as f64 / n as f64 }, ci95: [lo, hi] }
    }

    pub fn width(&self) -> f64 {
        self.ci95[1] - self.ci95[0]
    }
}

#[cfg(test)]
mod tests {
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;

    #[test]
    fn matches_textbook_value() {
        // 81 of 263 at 95%: Wilson interval (0.2553, 0.3662) (Newcombe 1998, example).
        let (lo, hi) = wilson(81, 263, Z95);
        assert!((lo - 0.2553).abs() < 5e-4, "{lo}");
        assert!((hi - 0.3662).abs() < 5e-4, "{hi}");
    }

    #[test]
    fn extremes_are_exact_at_the_bound_and_closed_form_at_the_other() {
        // With 0 of n successes the upper bound is z^2 / (n + z^2); with n of
        // n the lower bound is n / (n + z^2).
        let z2 = Z95 * Z95;
        let (lo, hi) = wilson(0, 10, Z95);
        assert_eq!(lo, 0.0);
        assert!((hi - z2 / (10.0 + z2)).abs() < 1e-12, "{hi}");
        let (lo, hi) = wilson(10, 10, Z95);
        assert_eq!(hi, 1.0);
        assert!((lo - 10.0 / (10.0 + z2)).abs() < 1e-12, "{lo}");
        assert_eq!(wilson(0, 0, Z95), (0.0, 1.0));
    }

    #[test]
    fn paired_difference_matches_the_closed_form() {
        // 10 runs, 2 where only the base had the outcome: centre -2 / 12,
        // sd sqrt(3 - 4 / 12) / 12 (Agresti and Min's formula).
        let (d, ci) = paired_difference(0, 2, 10, Z95);
        assert_eq!(d, -0.2);
        let (centre, sd) = (-2.0 / 12.0, (3.0f64 - 4.0 / 12.0).sqrt() / 12.0);
        assert!((ci[0] - (centre - Z95 * sd)).abs() < 1e-15 && (ci[1] - (centre + Z95 * sd)).abs() < 1e-15);
        // No run disagrees: the difference is 0, and the interval is not a
        // point but +- z / (n + 2).
        let (d, ci) = paired_difference(0, 0, 98, Z95);
        assert_eq!(d, 0.0);
        assert!((ci[1] - Z95 / 100.0).abs() < 1e-15 && (ci[0] + Z95 / 100.0).abs() < 1e-15);
        // Every run moves the outcome into the variant: truncated at 1.
        assert_eq!(paired_difference(5, 0, 5, Z95).1[1], 1.0);
        assert_eq!(paired_difference(0, 0, 0, Z95), (0.0, [-1.0, 1.0]));
    }

    /// Coverage: draw many batches of paired runs whose outcome moves into
    /// the variant with probability `p_plus` and out of it with `p_minus`,
    /// and count how often the interval holds the true difference. With few
    /// disagreeing runs the plain normal interval covers 76-86% here; this
    /// one must cover at least 93% (the count's own sampling error over
    /// 2,000 batches is about 0.5 points).
    #[test]
    fn paired_difference_covers_the_true_difference() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        for (p_plus, p_minus, n) in [(0.003, 0.0, 500), (0.004, 0.002, 500), (0.1, 0.05, 200)] {
            let batches = 2000;
            let mut covered = 0;
            for _ in 0..batches {
                let (mut plus, mut minus) = (0, 0);
                for _ in 0..n {
                    let u: f64 = rng.random();
                    if u < p_plus {
                        plus += 1;
                    } else if u < p_plus + p_minus {
                        minus += 1;
                    }
                }
                let (_, ci) = paired_difference(plus, minus, n, Z95);
                covered += u32::from(ci[0] <= p_plus - p_minus && p_plus - p_minus <= ci[1]);
            }
            let coverage = covered as f64 / batches as f64;
            assert!(coverage >= 0.93, "{p_plus} / {p_minus} over {n} runs: coverage {coverage}");
        }
    }
}
