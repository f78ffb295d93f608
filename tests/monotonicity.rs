//! MODEL.md section 7: hardening a red line, lowering skill, or removing the
//! PGA stage never raises the probability of consensus (within sampling
//! error). Each check runs the base and the changed scenario on the same
//! seeds and asserts that the paired 95% interval of the difference in
//! P(consensus) does not lie entirely above zero.

use crate::util::*;

fn consensus_difference(base: &str, variant_text: &str) -> (f64, [f64; 2]) {
    let dir = tempfile::tempdir().unwrap();
    let base_path = dir.path().join("base.ron");
    std::fs::write(&base_path, scenario_text_to_copy(base)).unwrap();
    std::fs::write(dir.path().join("variant.ron"), variant_text).unwrap();
    let v = plenary_json(&[
        "compare",
        base_path.to_str().unwrap(),
        dir.path().join("variant.ron").to_str().unwrap(),
        "--runs",
        "4000",
        "--seed",
        "3",
        "--format",
        "json",
    ]);
    let c = &v["variants"][0]["outcomes"][0];
    assert_eq!(c["outcome"], "consensus");
    let ci = &c["difference_ci95"];
    (c["difference"].as_f64().unwrap(), [ci[0].as_f64().unwrap(), ci[1].as_f64().unwrap()])
}

fn assert_not_raised(what: &str, (d, ci): (f64, [f64; 2])) {
    assert!(ci[0] <= 0.0, "{what} raised P(consensus) by {d:+.4} [{:+.4}, {:+.4}]", ci[0], ci[1]);
}

#[test]
fn lowering_skill_never_raises_consensus() {
    for skill in [0.0, 0.1, 0.2] {
        let diff = consensus_difference(
            "scenarios/teaching/package.ron",
            &format!(r#"Variant(extends: "base.ron", set: {{"mediator.skill": {skill}}})"#),
        );
        assert_not_raised(&format!("mediator skill 0.3 -> {skill}"), diff);
    }
    // The check can fail: raising the skill does raise consensus here.
    let (d, ci) = consensus_difference(
        "scenarios/teaching/package.ron",
        r#"Variant(extends: "base.ron", set: {"mediator.skill": 0.9})"#,
    );
    assert!(ci[0] > 0.0, "skill 0.9 should raise consensus: {d}");
}

#[test]
fn hardening_a_red_line_never_raises_consensus() {
    let diff = consensus_difference(
        "scenarios/teaching/standoff.ron",
        r#"Variant(extends: "base.ron", set: {"delegations.CCC.red_lines.finance.firmness": 1.0})"#,
    );
    assert_not_raised("Cascadia's red line firmness 0.5 -> 1", diff);
    let diff = consensus_difference(
        "scenarios/wsis20.ron",
        r#"Variant(extends: "base.ron", set: {"delegations.RUS.red_lines.ohchr_role.firmness": 1.0})"#,
    );
    assert_not_raised("Russia's OHCHR red line firmness -> 1", diff);
    // The check can fail: softening the line that blocks consensus in the
    // standoff (firmness 1 -> 0) does raise consensus.
    let (d, ci) = consensus_difference(
        "scenarios/teaching/standoff.ron",
        r#"Variant(extends: "base.ron", set: {"delegations.LAG.red_lines.finance.firmness": 0.0})"#,
    );
    assert!(ci[0] > 0.0, "a red line that never binds should raise consensus: {d}");
}

#[test]
fn removing_the_pga_never_raises_consensus() {
    let mut checked = 0;
    for base in ["scenarios/teaching/package.ron", "scenarios/teaching/standoff.ron"] {
        let text = std::fs::read_to_string(scenario_path(base)).unwrap();
        let Some(stage) = text.lines().find(|l| l.contains("kind: PresidentCompromise")) else {
            continue;
        };
        let name = stage.split("name: \"").nth(1).and_then(|r| r.split('"').next()).unwrap();
        let diff = consensus_difference(
            base,
            &format!(r#"Variant(extends: "base.ron", remove: ["calendar.{name}", "president"])"#),
        );
        assert_not_raised(&format!("{base} without the PGA"), diff);
        checked += 1;
        // The check has power: in the package deal the PGA's package is
        // what carries many runs to consensus, so removing it must lower
        // P(consensus) by more than sampling error (the same assertion
        // with the two scenarios swapped would fail).
        if base.ends_with("package.ron") {
            let (d, ci) = diff;
            assert!(ci[1] < 0.0, "removing the PGA should lower consensus in {base}: {d:+.4} {ci:?}");
        }
    }
    assert!(checked == 2, "both teaching scenarios should have a PGA stage to remove ({checked} had one)");
}
