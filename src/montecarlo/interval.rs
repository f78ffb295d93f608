//! Wilson score intervals for binomial proportions.

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
}
