//! Acceptability (MODEL.md section 2): violation, dissatisfaction, objection.
//!
//! Everything here is a pure function of a party's stances and red lines and
//! a paragraph's references, so every stage judges a text the same way.

use super::EPS;
use super::delegation::{RedLines, Stances};
use super::paragraph::IssueRef;
use crate::scenario::Behaviour;

/// What a stage needs to know about one party (a negotiator, or a voter at
/// the plenary) to judge a paragraph.
#[derive(Debug, Clone, Copy)]
pub struct Party<'a> {
    pub index: usize,
    pub influence: f64,
    pub stances: &'a Stances,
    pub red_lines: &'a RedLines,
    pub behaviour: &'a Behaviour,
    /// tolerance + flexibility * t, for the current stage.
    pub tolerance: f64,
}

impl Party<'_> {
    /// A binding red line of this party is violated by the references.
    pub fn violated(&self, refs: &[IssueRef]) -> bool {
        refs.iter().any(|r| self.red_lines.violated_by(r.issue, r.level))
    }

    /// u(d, p): sum of weight * salience * |level - ideal| over the references.
    pub fn dissatisfaction(&self, refs: &[IssueRef]) -> f64 {
        refs.iter().map(|r| self.dissatisfaction_on(r)).sum()
    }

    /// The part of u(d, p) due to one reference.
    #[inline]
    pub fn dissatisfaction_on(&self, r: &IssueRef) -> f64 {
        r.weight * self.stances.salience[r.issue] * (r.level - self.stances.ideal[r.issue]).abs()
    }

    /// d objects to p: p violates d, or u(d, p) exceeds d's tolerance.
    pub fn objects(&self, refs: &[IssueRef]) -> bool {
        let mut u = 0.0;
        for r in refs {
            if self.red_lines.violated_by(r.issue, r.level) {
                return true;
            }
            u += self.dissatisfaction_on(r);
        }
        u > self.tolerance + EPS
    }

    /// The reference is contested by this party: it violates one of the
    /// party's binding red lines or leaves it positively dissatisfied.
    pub fn contests(&self, r: &IssueRef) -> bool {
        self.red_lines.violated_by(r.issue, r.level) || self.dissatisfaction_on(r) > EPS
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Bound, RedLineSpec, Stance};

    fn behaviour() -> Behaviour {
        Behaviour {
            tolerance: 0.1,
            flexibility: 0.0,
            silence_break: 0.0,
            red_line_break: 1.0,
            max_challenges: u32::MAX,
            threat: 0.0,
            vote_call: 0.0,
            vote_call_without_red_line: 0.0,
            vote_rule: crate::scenario::VoteRule::Reservation,
            reservation: 0.5,
        }
    }

    fn party_parts() -> (Stances, RedLines) {
        let stances = Stances::from_spec(&[Some(Stance { ideal: 0.2, salience: 0.5 }), None]);
        let mut red =
            RedLines::from_spec(&[RedLineSpec { issue: 1, bound: Bound::AtLeast(0.4), firmness: 1.0 }], 2);
        red.lines[0].binding = true;
        red.refresh();
        (stances, red)
    }

    fn r(issue: usize, level: f64) -> IssueRef {
        IssueRef { issue, initial: level, level, weight: 1.0 }
    }

    #[test]
    fn dissatisfaction_is_salience_times_distance() {
        let (s, red) = party_parts();
        let b = behaviour();
        let p =
            Party { index: 0, influence: 1.0, stances: &s, red_lines: &red, behaviour: &b, tolerance: 0.1 };
        assert!((p.dissatisfaction(&[r(0, 0.8)]) - 0.3).abs() < 1e-12);
        assert!(p.objects(&[r(0, 0.8)]));
        // exactly at tolerance: no objection (0.5 * 0.2 = 0.1)
        assert!(!p.objects(&[r(0, 0.4)]));
    }

    #[test]
    fn at_least_is_violated_by_zero_but_not_by_absence() {
        let (s, red) = party_parts();
        let b = behaviour();
        let p =
            Party { index: 0, influence: 1.0, stances: &s, red_lines: &red, behaviour: &b, tolerance: 1.0 };
        assert!(p.violated(&[r(1, 0.0)]));
        assert!(!p.violated(&[r(0, 0.9)]));
        assert!(!p.violated(&[r(1, 0.4)]));
    }
}
