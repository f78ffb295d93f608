//! How every command and page writes a share and a difference of shares, so
//! that the same number reads the same in `run`, `compare`, `explain`,
//! `backtest` and the report page.

/// A share as a percentage with one decimal: "12.3%". A share that is not 0
/// but rounds to 0.0 reads "<0.1%", and one that is not 1 but rounds to 100.0
/// reads ">99.9%", so an interval that reaches above zero never reads as
/// zero. Pad it to a column with `{:>6}`.
pub fn percent(p: f64) -> String {
    if p > 0.0 && p < 0.0005 {
        "<0.1%".to_string()
    } else if (0.9995..1.0).contains(&p) {
        ">99.9%".to_string()
    } else {
        format!("{:.1}%", 100.0 * p)
    }
}

/// An interval of shares: "[12.1%, 13.4%]".
pub fn percent_interval(ci: [f64; 2]) -> String {
    format!("[{}, {}]", percent(ci[0]), percent(ci[1]))
}

/// A difference of shares in percentage points, with its sign and one
/// decimal: "+1.2", "-76.9". Exactly zero is "0.0"; a difference that is
/// not zero but rounds to 0.0 gets the decimals that show it ("+0.02",
/// "-0.004"), so that no interval reaching away from zero reads "-0.0".
pub fn points(d: f64) -> String {
    let pp = 100.0 * d;
    if pp == 0.0 {
        return "0.0".to_string();
    }
    let decimals = (1..=9).find(|&k| (pp.abs() * 10f64.powi(k as i32)).round() >= 1.0).unwrap_or(9);
    format!("{pp:+.decimals$}")
}

/// An interval of differences: "[-1.4, +0.1]".
pub fn points_interval(ci: [f64; 2]) -> String {
    format!("[{}, {}]", points(ci[0]), points(ci[1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_that_round_to_an_end_say_so() {
        assert_eq!(percent(0.0), "0.0%");
        assert_eq!(percent(0.0001), "<0.1%");
        assert_eq!(percent(0.0005), "0.1%");
        assert_eq!(percent(0.5), "50.0%");
        assert_eq!(percent(0.9999), ">99.9%");
        assert_eq!(percent(1.0), "100.0%");
        assert_eq!(percent_interval([0.0, 0.0002]), "[0.0%, <0.1%]");
    }

    #[test]
    fn differences_that_round_to_zero_show_their_sign_and_size() {
        assert_eq!(points(0.0), "0.0");
        assert_eq!(points(-0.0), "0.0");
        assert_eq!(points(0.012), "+1.2");
        assert_eq!(points(-0.769), "-76.9");
        assert_eq!(points(0.0002), "+0.02");
        assert_eq!(points(-0.00004), "-0.004");
        assert_eq!(points(1e-9), "+0.0000001");
        assert_eq!(points_interval([-0.014, 0.001]), "[-1.4, +0.1]");
    }
}
