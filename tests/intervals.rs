//! Issue 18: every share `run` writes as JSON or CSV carries its count and
//! its 95% interval, and every mean its standard error.

use plenary::Estimate;

use crate::util::*;

fn wsis20() -> String {
    scenario_path("scenarios/wsis20.ron").to_str().unwrap().to_string()
}

/// An estimate object agrees with the count it is built from, out of `n`.
fn check_estimate(e: &serde_json::Value, count: u64, n: u64, what: &str) {
    assert_eq!(e["count"].as_u64(), Some(count), "{what}: {e}");
    // serde_json reads floats to within an ulp or two (without its
    // float_roundtrip feature), so compare within 1e-12.
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-12;
    let p = e["p"].as_f64().unwrap();
    assert!(close(p, if n == 0 { 0.0 } else { count as f64 / n as f64 }), "{what}: p {p}");
    let [lo, hi] = Estimate::new(count, n).ci95;
    let printed = [e["ci95"][0].as_f64().unwrap(), e["ci95"][1].as_f64().unwrap()];
    assert!(close(printed[0], lo) && close(printed[1], hi), "{what}: {printed:?} against [{lo}, {hi}]");
    assert!(lo <= p && p <= hi && lo < hi, "{what}: {lo} {p} {hi}");
}

#[test]
fn delegation_paragraph_and_voter_shares_have_counts_and_intervals() {
    let v = plenary_json(&["run", &wsis20(), "--runs", "300", "--format", "json"]);
    let n = v["runs"].as_u64().unwrap();
    let tally = &v["tally"];
    for (i, d) in v["delegations"].as_array().unwrap().iter().enumerate() {
        let c = &tally["negotiators"][i];
        for (est, key, share) in [
            ("broke_silence", "broke_silence", "broke_silence_p"),
            ("threatened_vote", "threatened", "threatened_vote_p"),
            ("called_vote", "called_vote", "called_vote_p"),
            ("disassociated", "disassociated", "disassociated_p"),
        ] {
            let what = format!("{} {est}", d["id"]);
            check_estimate(&d[est], c[key].as_u64().unwrap(), n, &what);
            assert_eq!(d[est]["p"], d[share], "{what}");
        }
    }
    for (i, p) in v["paragraphs"].as_array().unwrap().iter().enumerate() {
        for key in ["bracketed", "challenged", "deleted"] {
            let what = format!("para. {} {key}", p["number"]);
            check_estimate(&p[key], tally["paragraphs"][i][key].as_u64().unwrap(), n, &what);
        }
    }
    let votes = tally["votes"].as_u64().unwrap();
    assert!(votes >= 2, "wsis20 votes in some of 300 runs");
    for (i, x) in v["vote"]["voters"].as_array().unwrap().iter().enumerate() {
        for key in ["yes", "no", "abstain"] {
            let what = format!("{} {key}", x["id"]);
            check_estimate(&x[key], tally["ballots"][i][key].as_u64().unwrap(), votes, &what);
        }
    }
    for r in v["vote"]["results"].as_array().unwrap() {
        let [lo, hi] = Estimate::new(r["count"].as_u64().unwrap(), votes).ci95;
        let printed = [r["ci95"][0].as_f64().unwrap(), r["ci95"][1].as_f64().unwrap()];
        assert!(
            (printed[0] - lo).abs() <= 1e-12 && (printed[1] - hi).abs() <= 1e-12,
            "{printed:?} [{lo}, {hi}]"
        );
    }
    // The standard errors of the vote's means, from the full table of results.
    let results = tally["results"].as_array().unwrap();
    let mean = v["vote"]["yes_mean"].as_f64().unwrap();
    let ss: f64 = results
        .iter()
        .map(|r| r["count"].as_f64().unwrap() * (r["yes"].as_f64().unwrap() - mean).powi(2))
        .sum();
    let se = (ss / (votes as f64 - 1.0) / votes as f64).sqrt();
    let printed = v["vote"]["yes_mean_se"].as_f64().unwrap();
    assert!((printed - se).abs() < 1e-9 * se.max(1.0), "{printed} {se}");
    // Every stage reached by two runs or more has the standard errors of its means.
    for s in v["stages"].as_array().unwrap() {
        if s["reached"].as_u64().unwrap() >= 2 {
            assert!(
                s["bracketed_mean_se"].as_f64().is_some() && s["moves_mean_se"].as_f64().is_some(),
                "{s}"
            );
        }
        if s["kind"] == "silence" {
            assert!(s["breakers_mean_se"].as_f64().unwrap() > 0.0, "{s}");
        }
    }
}

#[test]
fn every_csv_share_has_its_interval_and_count_and_every_mean_its_se() {
    let out = plenary(&["run", &wsis20(), "--runs", "300", "--format", "csv"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut rows = text.lines();
    assert_eq!(rows.next(), Some("section,id,metric,value,ci95_lo,ci95_hi,count,se"));
    let (mut shares, mut means) = (0, 0);
    for row in rows {
        // Names hold no commas in wsis20; split from the right to be safe.
        let cells: Vec<&str> = row.rsplitn(6, ',').collect();
        let (se, count, hi, lo, value) = (cells[0], cells[1], cells[2], cells[3], cells[4]);
        let metric = cells[5].rsplit(',').next().unwrap();
        if metric.ends_with("_p") && !metric.starts_with("median") {
            shares += 1;
            let (lo, hi, p): (f64, f64, f64) =
                (lo.parse().unwrap(), hi.parse().unwrap(), value.parse().unwrap());
            let count: u64 = count.parse().unwrap_or_else(|_| panic!("no count: {row}"));
            assert!(lo <= p && p <= hi && lo < hi, "{row}");
            assert_eq!(count == 0, p == 0.0, "{row}");
        } else if metric.ends_with("_mean") && !row.starts_with("separate_vote") {
            means += 1;
            assert!(se.parse::<f64>().is_ok_and(|se| se >= 0.0), "no standard error: {row}");
        }
    }
    // 4 outcomes, 20 delegations x 4 and 98 paragraphs x 3 shares at least.
    assert!(shares > 4 + 4 * 20 + 3 * 90, "{shares} shares");
    assert!(means > 16, "{means} means");
}
