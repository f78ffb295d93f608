//! Text output fits an 80-column terminal: every line of every text command
//! on every bundled scenario is at most 80 characters wide.

use crate::util::*;

const WIDTH: usize = 80;

/// The lines of `args`' standard output wider than [`WIDTH`] characters.
fn too_wide(args: &[&str]) -> Vec<String> {
    let out = plenary(args);
    assert!(out.status.success(), "plenary {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().count() > 2, "plenary {} printed almost nothing: {text}", args.join(" "));
    text.lines()
        .filter(|l| l.chars().count() > WIDTH)
        .map(|l| format!("{} chars: {l}", l.chars().count()))
        .collect()
}

#[test]
fn run_on_wsis20_fits_80_columns_at_its_default_runs() {
    let wide = too_wide(&["run", scenario_path("scenarios/wsis20.ron").to_str().unwrap()]);
    assert!(wide.is_empty(), "{wide:#?}");
}

#[test]
fn run_trace_and_check_fit_80_columns_on_every_bundled_scenario() {
    for f in bundled_scenarios() {
        let f = f.to_str().unwrap();
        for args in [
            vec!["run", f, "--runs", "500"],
            vec!["trace", f, "--run", "0"],
            vec!["trace", f, "--run", "0", "--brief"],
            vec!["check", f],
        ] {
            let wide = too_wide(&args);
            assert!(wide.is_empty(), "plenary {}: {wide:#?}", args.join(" "));
        }
    }
}

#[test]
fn the_analysis_commands_fit_80_columns() {
    let base = scenario_path("scenarios/wsis20.ron");
    let base = base.to_str().unwrap();
    let variant = scenario_path("scenarios/wsis20/no_pga.ron");
    let posterior = scenario_path("scenarios/wsis20/posterior.json");
    let calibrated = tempfile::tempdir().unwrap();
    let calibrated = calibrated.path().join("posterior.json");
    for args in [
        vec!["compare", base, variant.to_str().unwrap(), "--runs", "300"],
        vec!["backtest", base, "--runs", "300"],
        vec!["explain", base, "--runs", "200"],
        vec![
            "run",
            base,
            "--posterior",
            posterior.to_str().unwrap(),
            "--draws",
            "10",
            "--runs-per-draw",
            "20",
        ],
        vec!["sensitivity", base, "--method", "morris", "--points", "2", "--runs", "20"],
        vec!["sensitivity", base, "--method", "sobol", "--points", "4", "--runs", "20"],
        vec![
            "calibrate",
            base,
            "--particles",
            "20",
            "--runs",
            "10",
            "--generations",
            "2",
            "--out",
            calibrated.to_str().unwrap(),
        ],
        vec!["bench", base, "--runs", "500"],
    ] {
        let wide = too_wide(&args);
        assert!(wide.is_empty(), "plenary {}: {wide:#?}", args.join(" "));
    }
}

#[test]
fn a_wrapped_trace_tells_the_same_story_as_one_line_per_event() {
    let f = scenario_path("scenarios/wsis20.ron");
    let f = f.to_str().unwrap();
    let text = |args: &[&str]| {
        let out = plenary(&[&["trace", f, "--run", "1"][..], args].concat());
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let (wrapped, long) = (text(&[]), text(&["--no-wrap"]));
    assert!(long.lines().any(|l| l.chars().count() > WIDTH), "run 1 has events longer than a line");
    assert!(wrapped.lines().count() > long.lines().count());
    let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    assert_eq!(words(&wrapped), words(&long), "wrapping neither drops nor adds a word");
}
