//! Backtest: how often runs reproduce a scenario's historical markers.

use serde::{Deserialize, Serialize};

use super::batch::Collector;
use super::tally::{Counts, Overflow};
use crate::model::record::RunRecord;
use crate::scenario::{MarkerTest, Scenario};

/// Whether one run reproduces a marker. `paragraphs` is the draft's length.
pub fn marker_holds(test: &MarkerTest, run: &RunRecord, paragraphs: usize) -> bool {
    match test {
        MarkerTest::BracketedShare { stage, more_than } => {
            let s = &run.stages[*stage];
            s.ran && f64::from(s.bracketed) > more_than * paragraphs as f64
        }
        MarkerTest::Breakers { stage, min, max } => {
            let s = &run.stages[*stage];
            s.ran && (*min..=*max).contains(&s.breakers)
        }
        MarkerTest::Challenged { stage, min, max } => {
            let s = &run.stages[*stage];
            s.ran && (*min..=*max).contains(&s.challenged)
        }
        MarkerTest::Threatened { negotiator } => run.negotiators[negotiator.index()].threatened,
        MarkerTest::Outcome { outcome, disassociated } => {
            run.outcome == Some(*outcome)
                && disassociated.iter().all(|&d| run.negotiators[d.index()].disassociated)
        }
        MarkerTest::SeparateVote { paragraph, retained } => {
            run.paragraphs[*paragraph].separate_vote.is_some_and(|v| v.adopts() == *retained)
        }
        MarkerTest::DefeatedByNoAction { amendments } => {
            amendments.iter().any(|&i| run.amendments[i].no_action.is_some_and(|v| v.adopts()))
        }
        MarkerTest::AmendmentAdopted { amendments } => {
            amendments.iter().any(|&i| run.amendments[i].vote.is_some_and(|v| v.adopts()))
        }
    }
}

/// Counts of runs reproducing each marker, and all of them together.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BacktestTally {
    /// Runs folded in.
    pub runs: u64,
    /// Per marker of the scenario (file order): runs that reproduce it.
    pub markers: Vec<u64>,
    /// Runs that reproduce every marker at once.
    pub joint: u64,
    #[serde(skip)]
    tests: Vec<MarkerTest>,
    #[serde(skip)]
    paragraphs: usize,
}

impl BacktestTally {
    /// An empty tally for the scenario's markers.
    pub fn new(scenario: &Scenario) -> Self {
        BacktestTally {
            runs: 0,
            markers: vec![0; scenario.markers.len()],
            joint: 0,
            tests: scenario.markers.iter().map(|m| m.test.clone()).collect(),
            paragraphs: scenario.paragraphs.len(),
        }
    }

    /// Add one run: as a tally of that run alone, so that adding and
    /// merging are the same sums.
    pub fn add_run(&mut self, run: &RunRecord) -> Result<(), Overflow> {
        let holds: Vec<u64> =
            self.tests.iter().map(|test| u64::from(marker_holds(test, run, self.paragraphs))).collect();
        let joint = u64::from(holds.iter().all(|&h| h == 1));
        self.absorb(&BacktestTally { runs: 1, markers: holds, joint, tests: Vec::new(), paragraphs: 0 })
    }

    fn absorb(&mut self, o: &BacktestTally) -> Result<(), Overflow> {
        let BacktestTally { runs, markers, joint, tests: _, paragraphs: _ } = self;
        runs.absorb(&o.runs).map_err(|e| e.within("runs"))?;
        markers.absorb(&o.markers).map_err(|e| e.within("markers"))?;
        joint.absorb(&o.joint).map_err(|e| e.within("joint"))
    }
}

impl Collector for BacktestTally {
    fn add(&mut self, _run: u64, records: &[&RunRecord]) -> Result<(), Overflow> {
        self.add_run(records[0])
    }

    fn merge(&mut self, other: Self) -> Result<(), Overflow> {
        self.absorb(&other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::record::{Outcome, StageRecord};
    use crate::scenario::{MarkerSpec, NegotiatorId};

    fn scenario_with(markers: Vec<MarkerTest>) -> Scenario {
        let mut s = crate::scenario::from_str(
            r#"Scenario(name: "m", issues: [(id: "x")], paragraphs: (count: 10),
                delegations: [(id: "A"), (id: "B")], mediator: (skill: 1.0, step: 0.5),
                calendar: [(name: "r", kind: Reading), (name: "p", kind: Plenary)])"#,
            std::path::Path::new("m.ron"),
        )
        .unwrap();
        s.markers = markers
            .into_iter()
            .map(|test| MarkerSpec { name: String::new(), source: String::new(), test })
            .collect();
        s
    }

    fn run(bracketed: u32, outcome: Outcome, disassociated: &[usize]) -> RunRecord {
        let mut r = RunRecord::new(2, 2, 10, 2, 0);
        r.stages[0] = StageRecord { ran: true, bracketed, ..Default::default() };
        r.outcome = Some(outcome);
        for &d in disassociated {
            r.negotiators[d].disassociated = true;
        }
        r
    }

    #[test]
    fn a_separate_vote_marker_tells_a_retained_paragraph_from_a_struck_one() {
        use crate::model::record::VoteCount;
        let retained = MarkerTest::SeparateVote { paragraph: 3, retained: true };
        let struck = MarkerTest::SeparateVote { paragraph: 3, retained: false };
        let mut r = RunRecord::new(2, 2, 10, 2, 0);
        assert!(!marker_holds(&retained, &r, 10) && !marker_holds(&struck, &r, 10), "no vote held");
        r.paragraphs[3].separate_vote = Some(VoteCount { yes: 5, no: 4, abstain: 0 });
        assert!(marker_holds(&retained, &r, 10) && !marker_holds(&struck, &r, 10));
        r.paragraphs[3].separate_vote = Some(VoteCount { yes: 4, no: 4, abstain: 1 });
        assert!(!marker_holds(&retained, &r, 10) && marker_holds(&struck, &r, 10), "a tie strikes");
    }

    #[test]
    fn markers_and_their_joint_share_are_counted_per_run() {
        let s = scenario_with(vec![
            MarkerTest::BracketedShare { stage: 0, more_than: 0.5 },
            MarkerTest::Outcome { outcome: Outcome::Consensus, disassociated: vec![NegotiatorId::new(1)] },
        ]);
        let mut t = BacktestTally::new(&s);
        t.add_run(&run(6, Outcome::Consensus, &[1])).unwrap(); // both
        t.add_run(&run(5, Outcome::Consensus, &[0, 1])).unwrap(); // 5 of 10 is not more than half
        t.add_run(&run(9, Outcome::Consensus, &[0])).unwrap(); // B did not disassociate
        t.add_run(&run(9, Outcome::NoText, &[1])).unwrap(); // not consensus
        let mut other = BacktestTally::new(&s);
        other.add_run(&run(10, Outcome::Consensus, &[1])).unwrap(); // both
        t.merge(other).unwrap();
        assert_eq!((t.runs, t.markers.clone(), t.joint), (5, vec![4, 3], 2));
    }
}
