//! Uncertain parameters (docs/SCENARIOS.md, "Uncertain parameters"):
//! sensitivity and calibration checked against closed forms on scenarios
//! small enough to have them, bad priors refused where they are written,
//! and every command deterministic across thread counts.

use std::path::Path;

use statrs::distribution::{Beta, ContinuousCDF};

use crate::util::{plenary, plenary_json};

/// Two delegations that object to the draft and break its silence with
/// probabilities x and y, both uncertain on [0, 1]: the text is adopted
/// (consensus) with probability f(x, y) = (1 - x)(1 - y).
const TWO_BREAKERS: &str = r#"Scenario(
    name: "Two possible breakers",
    issues: [(id: "ambition")],
    paragraphs: (count: 2, refs: [(paragraphs: [2], levels: {"ambition": 0.8})]),
    delegations: [
        (id: "AAA", stances: {"ambition": (ideal: 0.2, salience: 1.0)}, behaviour: (tolerance: 0.1, silence_break: 0.3)),
        (id: "BBB", stances: {"ambition": (ideal: 0.2, salience: 1.0)}, behaviour: (tolerance: 0.1, silence_break: 0.3)),
        (id: "EEE", stances: {"ambition": (ideal: 0.8, salience: 1.0)}),
    ],
    mediator: (skill: 1.0, step: 0.5),
    calendar: [(name: "Silence", date: "Day 1", kind: Silence(deadline: "Day 1 12:00"))],
    ends_without_plenary: true,
    uncertain: [
        (path: "delegations.AAA.silence_break", name: "x", prior: Uniform(lo: 0.0, hi: 1.0)),
        (path: "delegations.BBB.silence_break", name: "y", prior: Uniform(lo: 0.0, hi: 1.0)),
    ],
)
"#;

/// One delegation that breaks each of `m` silences with probability q
/// (uncertain, uniform on [0, 1]), and a history in which it broke every
/// one: the markers' joint share is q^m, so the posterior is Beta(m + 1, 1),
/// whose p-quantile is p^(1 / (m + 1)).
fn breaker_of_every_silence(m: usize) -> String {
    let stages: Vec<String> = (1..=m)
        .map(|i| {
            format!(r#"(name: "Silence {i}", date: "Day {i}", kind: Silence(deadline: "Day {i} 12:00"))"#)
        })
        .collect();
    let markers: Vec<String> = (1..=m)
        .map(|i| {
            format!(
                r#"(name: "Silence {i} broken by AAA", source: "synthetic", test: Breakers(stage: "Silence {i}", min: 1, max: 1))"#
            )
        })
        .collect();
    format!(
        r#"Scenario(
    name: "One breaker, {m} silences",
    issues: [(id: "ambition")],
    paragraphs: (count: 2, refs: [(paragraphs: [2], levels: {{"ambition": 0.8}})]),
    delegations: [
        (id: "AAA", stances: {{"ambition": (ideal: 0.2, salience: 1.0)}}, behaviour: (tolerance: 0.1, silence_break: 0.9)),
        (id: "EEE", stances: {{"ambition": (ideal: 0.8, salience: 1.0)}}),
    ],
    mediator: (skill: 1.0, step: 0.5),
    calendar: [{}],
    ends_without_plenary: true,
    uncertain: [(path: "delegations.AAA.silence_break", name: "q", prior: Uniform(lo: 0.0, hi: 1.0))],
    markers: [{}],
)
"#,
        stages.join(", "),
        markers.join(", ")
    )
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

fn index(report: &serde_json::Value, name: &str, field: &str) -> [f64; 3] {
    let p = report["parameters"].as_array().unwrap().iter().find(|p| p["name"] == name).unwrap();
    let a = p[field].as_array().unwrap_or_else(|| panic!("{name} has no {field}: {p}"));
    [a[0].as_f64().unwrap(), a[1].as_f64().unwrap(), a[2].as_f64().unwrap()]
}

#[test]
fn sobol_indices_of_two_breakers_match_their_closed_form() {
    // f = (1 - x)(1 - y), x, y ~ U(0, 1): Var f = 1/9 - 1/16 = 7/144;
    // Var E[f | x] = Var((1 - x) / 2) = 1/48, so S1 = 3/7 for each, and
    // ST = 1 - S1(other) = 4/7.
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path(), "two.ron", TWO_BREAKERS);
    let r = plenary_json(&["sensitivity", &s, "--points", "128", "--runs", "1000", "--format", "json"]);
    for name in ["x", "y"] {
        let [s1, lo, hi] = index(&r, name, "first_order");
        assert!(lo <= 3.0 / 7.0 && 3.0 / 7.0 <= hi, "{name}: S1 {s1} [{lo}, {hi}] against 3/7");
        let [st, lo, hi] = index(&r, name, "total");
        assert!(lo <= 4.0 / 7.0 && 4.0 / 7.0 <= hi, "{name}: ST {st} [{lo}, {hi}] against 4/7");
    }
    // The variance over the design estimates 7/144 (within 25%: 512 points).
    let v = r["variance"].as_f64().unwrap();
    assert!((v - 7.0 / 144.0).abs() < 0.25 * 7.0 / 144.0, "variance {v} against 7/144");
}

#[test]
fn morris_effects_of_two_breakers_match_their_closed_form() {
    // f is linear in x with slope -(1 - y): every elementary effect of x is
    // -(1 - y) (in units of x's range), whose mean over the grid of levels
    // {0, 1/3, 2/3, 1} is -1/2. 64 trajectories put the mean within about
    // 0.05 (sd 0.37 / 8); the bound leaves room for the grid's sampling.
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path(), "two.ron", TWO_BREAKERS);
    let r = plenary_json(&[
        "sensitivity",
        &s,
        "--method",
        "morris",
        "--points",
        "64",
        "--runs",
        "2000",
        "--format",
        "json",
    ]);
    for name in ["x", "y"] {
        let [mu, mu_star, _sigma] = index(&r, name, "morris");
        assert!((mu + 0.5).abs() < 0.15, "{name}: mu {mu} against -1/2");
        assert!((mu_star - 0.5).abs() < 0.15, "{name}: mu* {mu_star} against 1/2");
    }
}

fn posterior_quantiles(m: usize, dir: &Path) -> (f64, f64, f64) {
    let s = write(dir, &format!("m{m}.ron"), &breaker_of_every_silence(m));
    let out = dir.join(format!("m{m}.json"));
    let o = plenary(&[
        "calibrate",
        &s,
        "--particles",
        "400",
        "--runs",
        "200",
        "--generations",
        "2",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let file = plenary::analysis::read_posterior(&out).unwrap();
    let q = &file.posterior.summary()[0];
    (q.q05, q.median, q.q95)
}

#[test]
fn calibration_recovers_a_known_parameter_and_narrows_as_markers_are_added() {
    // The history was "broken every time" and the true q is 0.9 (a history
    // it makes with probability 0.9^3 = 0.73 and 0.9^10 = 0.35).
    let truth = 0.9;
    let dir = tempfile::tempdir().unwrap();
    let mut widths = Vec::new();
    for m in [3usize, 10] {
        let (lo, median, hi) = posterior_quantiles(m, dir.path());
        assert!(lo <= truth && truth <= hi, "m = {m}: 90% interval [{lo}, {hi}] misses {truth}");
        // The exact posterior, Beta(m + 1, 1).
        let beta = Beta::new(m as f64 + 1.0, 1.0).unwrap();
        for (p, got) in [(0.05, lo), (0.5, median), (0.95, hi)] {
            let exact = beta.inverse_cdf(p);
            assert!((got - exact).abs() < 0.07, "m = {m}: {p}-quantile {got} against Beta's {exact}");
        }
        widths.push(hi - lo);
    }
    assert!(widths[1] < 0.7 * widths[0], "10 markers do not narrow the interval of 3: {widths:?}");
}

#[test]
fn sensitivity_calibration_and_drawn_runs_do_not_depend_on_threads() {
    let dir = tempfile::tempdir().unwrap();
    let two = write(dir.path(), "two.ron", TWO_BREAKERS);
    let m3 = write(dir.path(), "m3.ron", &breaker_of_every_silence(3));
    for method in ["sobol", "morris"] {
        let at = |threads: &str| {
            plenary(&[
                "sensitivity",
                &two,
                "--method",
                method,
                "--points",
                "8",
                "--runs",
                "50",
                "--format",
                "json",
                "--threads",
                threads,
            ])
            .stdout
        };
        assert_eq!(at("1"), at("2"), "sensitivity --method {method}");
    }
    let posterior = |threads: &str| {
        let out = dir.path().join(format!("post{threads}.json"));
        let o = plenary(&[
            "calibrate",
            &m3,
            "--particles",
            "40",
            "--runs",
            "20",
            "--generations",
            "2",
            "--threads",
            threads,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read(out).unwrap()
    };
    assert_eq!(posterior("1"), posterior("2"), "calibrate");
    let drawn = |threads: &str| {
        let r = plenary_json(&[
            "run",
            &two,
            "--priors",
            "--draws",
            "20",
            "--runs-per-draw",
            "30",
            "--runs",
            "100",
            "--format",
            "json",
            "--threads",
            threads,
        ]);
        r["with_parameters"].clone()
    };
    let one = drawn("1");
    assert!(one.is_object(), "run --priors has no with_parameters: {one}");
    assert_eq!(one, drawn("2"), "run --priors");
}

#[test]
fn runs_with_parameters_drawn_from_the_priors_average_the_closed_form() {
    // E[(1 - x)(1 - y)] = 1/4 over the priors: the pooled share of 400 x 100
    // runs lies within its 99% interval of 1/4 (draws and runs both random,
    // so the interval is wider than binomial; 0.02 is about 3 standard errors
    // of the pooled mean, whose variance is 7/144 / 400 + 1/4 * 3/4 / 40000).
    let dir = tempfile::tempdir().unwrap();
    let two = write(dir.path(), "two.ron", TWO_BREAKERS);
    let r = plenary_json(&[
        "run",
        &two,
        "--priors",
        "--draws",
        "400",
        "--runs-per-draw",
        "100",
        "--runs",
        "100",
        "--format",
        "json",
    ]);
    let pooled = r["with_parameters"]["outcomes"]["consensus"]["pooled"]["p"].as_f64().unwrap();
    assert!((pooled - 0.25).abs() < 0.035, "pooled P(consensus) {pooled} against 1/4");
    // Over the draws, f ranges over [0, 1]: its 95% spread is wide, unlike
    // the Monte Carlo interval at the scenario's own values.
    let spread = &r["with_parameters"]["outcomes"]["consensus"]["spread95"];
    let (lo, hi) = (spread[0].as_f64().unwrap(), spread[1].as_f64().unwrap());
    assert!(lo < 0.05 && hi > 0.7, "spread [{lo}, {hi}] of (1 - x)(1 - y)");
}

#[test]
fn bad_priors_are_refused_where_they_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("Uniform(lo: 0.5, hi: 0.5)", "delegations.AAA.silence_break", "uncertain[0].prior", "empty"),
        ("Uniform(lo: 0.5, hi: 1.5)", "delegations.AAA.silence_break", "uncertain[0].prior", "at 1.5"),
        (
            "Beta(alpha: 0.0, beta: 2.0, lo: 0.0, hi: 1.0)",
            "delegations.AAA.silence_break",
            "uncertain[0].prior",
            "alpha",
        ),
        (
            "Discrete(values: [1.0, 1.0])",
            "delegations.AAA.max_challenges",
            "uncertain[0].prior",
            "more than once",
        ),
        ("Uniform(lo: 0.0, hi: 1.0)", "delegations.ZZZ.silence_break", "uncertain[0].path", "ZZZ"),
        ("Uniform(lo: 0.0, hi: 1.0)", "mediator.nonsense", "uncertain[0].path", "nonsense"),
    ];
    for (prior, path, field, says) in cases {
        let text = TWO_BREAKERS.replace(
            r#"(path: "delegations.AAA.silence_break", name: "x", prior: Uniform(lo: 0.0, hi: 1.0)),"#,
            &format!(r#"(path: "{path}", prior: {prior}),"#),
        );
        let s = write(dir.path(), "bad.ron", &text);
        let o = plenary(&["check", &s]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{prior} at {path} was accepted");
        assert!(
            err.contains("bad.ron") && err.contains(field) && err.contains(says),
            "{prior} at {path}: {err}"
        );
    }
    // Two parameters on one field.
    let text =
        TWO_BREAKERS.replace("delegations.BBB.silence_break", "delegations.AAA.behaviour.silence_break");
    let o = plenary(&["check", &write(dir.path(), "twice.ron", &text)]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && err.contains("uncertain[1].path") && err.contains("same field"), "{err}");
    // A prior the parser does not know: file, line and column.
    let text = TWO_BREAKERS.replace(
        "prior: Uniform(lo: 0.0, hi: 1.0)),\n        (path: \"delegations.BBB",
        "prior: Normal(mean: 0.5)),\n        (path: \"delegations.BBB",
    );
    let o = plenary(&["check", &write(dir.path(), "normal.ron", &text)]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && err.contains("normal.ron:14:") && err.contains("Normal"), "{err}");
}

#[test]
fn a_posterior_that_does_not_fit_is_refused_before_any_run() {
    let dir = tempfile::tempdir().unwrap();
    let two = write(dir.path(), "two.ron", TWO_BREAKERS);
    let m3 = write(dir.path(), "m3.ron", &breaker_of_every_silence(3));
    let post = dir.path().join("m3.json");
    let o = plenary(&[
        "calibrate",
        &m3,
        "--particles",
        "20",
        "--runs",
        "20",
        "--generations",
        "1",
        "--out",
        post.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Of other parameters.
    let o = plenary(&["run", &two, "--posterior", post.to_str().unwrap(), "--runs", "10"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && err.contains("delegations.BBB.silence_break"), "{err}");
    assert!(o.stdout.is_empty(), "partial output: {}", String::from_utf8_lossy(&o.stdout));
    // Not JSON, or weights that cannot be drawn from.
    let broken = write(dir.path(), "broken.json", "{\"scenario\": 1");
    let o = plenary(&["run", &m3, "--posterior", &broken, "--runs", "10"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && err.contains("broken.json") && err.contains("line 1"), "{err}");
    let mut json: serde_json::Value = serde_json::from_slice(&std::fs::read(&post).unwrap()).unwrap();
    json["posterior"]["weights"][0] = serde_json::json!(-1.0);
    let negative = write(dir.path(), "negative.json", &json.to_string());
    let o = plenary(&["run", &m3, "--posterior", &negative, "--runs", "10"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && err.contains("posterior.weights[0]"), "{err}");
}

#[test]
fn a_variant_fixes_the_parameters_it_sets_and_draws_the_rest_from_their_marginal() {
    // us_calls_vote sets the industry letter's scaling: that parameter is no
    // longer uncertain there, and the shipped posterior of all seven still
    // serves the six that remain.
    let o = plenary(&[
        "run",
        "scenarios/wsis20/us_calls_vote.ron",
        "--posterior",
        "scenarios/wsis20/posterior.json",
        "--draws",
        "4",
        "--runs-per-draw",
        "5",
        "--runs",
        "20",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let scenario = plenary::load(crate::util::scenario_path("scenarios/wsis20/us_calls_vote.ron")).unwrap();
    let paths: Vec<&str> = scenario.uncertain().iter().map(|u| u.path.as_str()).collect();
    assert_eq!(paths.len(), 6, "{paths:?}");
    assert!(!paths.iter().any(|p| p.starts_with("events.")), "{paths:?}");
    // no_pga removes the president, and with it that parameter.
    let scenario = plenary::load(crate::util::scenario_path("scenarios/wsis20/no_pga.ron")).unwrap();
    assert!(!scenario.uncertain().iter().any(|u| u.path.starts_with("president")));
    assert_eq!(scenario.uncertain().len(), 6);
}

#[test]
fn shards_of_a_sensitivity_analysis_and_of_drawn_runs_merge_into_the_whole() {
    let dir = tempfile::tempdir().unwrap();
    let two = write(dir.path(), "two.ron", TWO_BREAKERS);
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let sens = ["sensitivity", &two, "--points", "8", "--runs", "50", "--format", "json"];
    let whole = plenary(&sens).stdout;
    for n in [1, 3, 7] {
        let mut files = Vec::new();
        for k in 0..n {
            let out = path(&format!("sens{k}of{n}.json"));
            let shard = format!("{k}/{n}");
            let o = plenary(&[&sens[..], &["--shard", &shard, "--out", &out]].concat());
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            files.push(out);
        }
        // Given in any order.
        files.reverse();
        let merged =
            plenary(&[&["merge"][..], &files.iter().map(String::as_str).collect::<Vec<_>>()].concat());
        assert!(merged.status.success(), "{}", String::from_utf8_lossy(&merged.stderr));
        assert_eq!(String::from_utf8_lossy(&merged.stdout), String::from_utf8_lossy(&whole), "{n} shards");
    }
    // A shard of another seed, or one missing, is refused.
    let other = path("other.json");
    let o = plenary(&[&sens[..], &["--shard", "1/3", "--seed", "2", "--out", &other]].concat());
    assert!(o.status.success());
    let refused = plenary(&["merge", &path("sens0of3.json"), &other, &path("sens2of3.json")]);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("settings") && err.contains("1: "), "{err}");
    let missing = plenary(&["merge", &path("sens0of3.json"), &path("sens2of3.json")]);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("shard 1 of 3"), "{:?}", missing);

    // run --priors: the shards' blocks of draws make the whole's summary.
    let drawn = [
        "run",
        &two,
        "--priors",
        "--draws",
        "20",
        "--runs-per-draw",
        "30",
        "--runs",
        "100",
        "--format",
        "json",
    ];
    let whole = plenary_json(&drawn);
    let mut files = Vec::new();
    for k in 0..3 {
        let out = path(&format!("run{k}.json"));
        let shard = format!("{k}/3");
        let o = plenary(&[&drawn[..], &["--shard", &shard, "--out", &out]].concat());
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        files.push(out);
    }
    let merged: serde_json::Value =
        serde_json::from_slice(&plenary(&["merge", &files[0], &files[1], &files[2]]).stdout).unwrap();
    assert!(whole["with_parameters"].is_object());
    assert_eq!(merged["with_parameters"], whole["with_parameters"]);
    assert_eq!(merged["tally"], whole["tally"]);
    // A shard made without the draws does not merge with those made with them.
    let plain = path("plain.json");
    let o = plenary(&[&drawn[..2], &drawn[7..], &["--shard", "2/3", "--out", &plain]].concat());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let refused = plenary(&["merge", &files[0], &files[1], &plain]);
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success() && err.contains("parameters were drawn"), "{err}");
}

#[test]
fn check_lists_the_uncertain_parameters_with_their_priors_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let two = write(dir.path(), "two.ron", TWO_BREAKERS);
    let o = plenary(&["check", &two]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("uncertain parameters (2;"), "{text}");
    assert!(text.contains("    x: delegations.AAA.silence_break = 0.3, prior uniform on [0, 1]\n"), "{text}");
    assert!(text.contains("    y: delegations.BBB.silence_break = 0.3, prior uniform on [0, 1]\n"), "{text}");
    let json = plenary_json(&["check", &two, "--format", "json"]);
    assert_eq!(json["uncertain"][1]["path"], "delegations.BBB.silence_break");
    assert_eq!(json["uncertain"][1]["value"], 0.3);
}
