//! Acceptability (MODEL.md section 2): violation, dissatisfaction, objection.
//!
//! Everything here is a pure function of a party's [`View`]s of the issues
//! (its stances and the bounds of its binding red lines) and a paragraph's
//! references, so every stage judges a text the same way, whether it reads
//! the views from a paragraph's [`Stakeholders`] table (the negotiators in
//! the room) or from a [`Party`] (a voter at the plenary).

use super::EPS;
use super::delegation::{RedLines, Stances};
use super::paragraph::IssueRef;
use super::stakeholders::{Stakeholders, View};
use crate::scenario::Behaviour;

impl View {
    /// A binding red line on the issue is violated by `level`.
    #[inline]
    pub fn violated_by(&self, level: f64) -> bool {
        // `|`, not `||`: both comparisons are cheap, and a branch on them
        // would be mispredicted about as often as not.
        (level < self.lo - EPS) | (level > self.hi + EPS)
    }

    /// The part of u(d, p) due to one reference: weight * salience * |level - ideal|.
    #[inline]
    pub fn dissatisfaction(&self, r: &IssueRef) -> f64 {
        r.weight * self.salience * (r.level - self.ideal).abs()
    }

    /// The reference is contested: it violates a binding red line or leaves
    /// the party positively dissatisfied.
    #[inline]
    pub fn contests(&self, r: &IssueRef) -> bool {
        self.violated_by(r.level) | (self.dissatisfaction(r) > EPS)
    }
}

/// A binding red line of a party is violated by one of the references;
/// `views[j]` is the party's view of reference j's issue.
#[inline]
pub fn violated(refs: &[IssueRef], views: &[View]) -> bool {
    violated_in(refs.iter().zip(views.iter().copied()))
}

/// u(d, p): the sum of the references' dissatisfactions.
#[inline]
pub fn dissatisfaction(refs: &[IssueRef], views: &[View]) -> f64 {
    dissatisfaction_in(refs.iter().zip(views.iter().copied()))
}

/// d objects to p: p violates d, or u(d, p) exceeds d's tolerance.
#[inline]
pub fn objects(refs: &[IssueRef], views: &[View], tolerance: f64) -> bool {
    objects_in(refs.iter().zip(views.iter().copied()), tolerance)
}

#[inline]
fn violated_in<'a>(mut pairs: impl Iterator<Item = (&'a IssueRef, View)>) -> bool {
    pairs.any(|(r, v)| v.violated_by(r.level))
}

#[inline]
fn dissatisfaction_in<'a>(pairs: impl Iterator<Item = (&'a IssueRef, View)>) -> f64 {
    pairs.map(|(r, v)| v.dissatisfaction(r)).sum()
}

#[inline]
fn objects_in<'a>(pairs: impl Iterator<Item = (&'a IssueRef, View)>, tolerance: f64) -> bool {
    // Without an early return on a violation: paragraphs have a reference
    // or two, and a loop without branches on the data is faster than one
    // that stops a step early.
    let (mut u, mut violated) = (0.0, false);
    for (r, v) in pairs {
        violated |= v.violated_by(r.level);
        u += v.dissatisfaction(r);
    }
    violated | (u > tolerance + EPS)
}

impl Stakeholders {
    /// Member i objects to the paragraph as it stands, at `tolerance`: the
    /// judgement of [`objects`], from the values the table keeps.
    #[inline]
    pub fn objects(&self, i: usize, tolerance: f64) -> bool {
        self.violated(i) | (self.dissatisfaction(i) > tolerance + EPS)
    }

    /// The negotiators whose binding red lines the paragraph violates, in
    /// roster order (each once). Only views that a red line bounds can be
    /// violated, so only those are looked at.
    pub fn violated_negotiators<'a>(&'a self, refs: &'a [IssueRef]) -> impl Iterator<Item = usize> + 'a {
        let mut last = None;
        self.bounded_views().filter_map(move |(j, d, v)| {
            if last == Some(d) || !v.violated_by(refs[j].level) {
                return None;
            }
            last = Some(d);
            Some(d)
        })
    }
}

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
    /// The party's view of an issue.
    #[inline]
    pub fn view(&self, issue: usize) -> View {
        View {
            ideal: self.stances.ideal[issue],
            salience: self.stances.salience[issue],
            lo: self.red_lines.lo[issue],
            hi: self.red_lines.hi[issue],
        }
    }

    #[inline]
    fn pairs<'a>(&'a self, refs: &'a [IssueRef]) -> impl Iterator<Item = (&'a IssueRef, View)> {
        refs.iter().map(|r| (r, self.view(r.issue)))
    }

    /// A binding red line of this party is violated by the references.
    pub fn violated(&self, refs: &[IssueRef]) -> bool {
        violated_in(self.pairs(refs))
    }

    /// u(d, p): sum of weight * salience * |level - ideal| over the references.
    pub fn dissatisfaction(&self, refs: &[IssueRef]) -> f64 {
        dissatisfaction_in(self.pairs(refs))
    }

    /// d objects to p: p violates d, or u(d, p) exceeds d's tolerance.
    pub fn objects(&self, refs: &[IssueRef]) -> bool {
        objects_in(self.pairs(refs), self.tolerance)
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
