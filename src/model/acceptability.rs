//! Acceptability (MODEL.md section 2): violation, dissatisfaction, objection.
//!
//! Everything here is a pure function of a party's [`View`]s of the issues
//! (its stances and the bounds of its binding red lines) and a paragraph's
//! references, so every stage judges a text the same way, whether it reads
//! the views from a paragraph's [`Stakeholders`] table (the negotiators in
//! the room) or from a [`Party`] (a voter at the plenary).

use super::EPS;
use super::delegation::{RedLines, Stances};
use super::paragraph::{IssueRef, Judged};
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

/// u(d, p): the sum of the references' dissatisfactions; `views[j]` is the
/// party's view of reference j's issue.
#[inline]
pub fn dissatisfaction(refs: &[IssueRef], views: &[View]) -> f64 {
    refs.iter().zip(views).map(|(r, v)| v.dissatisfaction(r)).sum()
}

impl Judged<'_> {
    /// Member i objects to the paragraph as it stands, at `tolerance`: the
    /// paragraph violates one of its binding red lines, or its
    /// dissatisfaction exceeds the tolerance.
    #[inline]
    pub fn objects(&self, i: usize, tolerance: f64) -> bool {
        self.violated(i) | (self.dissatisfaction(i) > tolerance + EPS)
    }
}

impl Stakeholders {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::paragraph::ParagraphText;
    use crate::scenario::{Bound, IssueId, RedLineSpec, Stance};

    fn party_parts() -> (Stances, RedLines) {
        let stances = Stances::from_spec(&[Some(Stance { ideal: 0.2, salience: 0.5 }), None]);
        let mut red = RedLines::from_spec(
            &[RedLineSpec { issue: IssueId::new(1), bound: Bound::AtLeast(0.4), firmness: 1.0, draw: 0 }],
            1,
            2,
        );
        red.lines[0].binding = true;
        red.refresh();
        (stances, red)
    }

    fn r(issue: usize, level: f64) -> IssueRef {
        IssueRef { issue, initial: level, level, weight: 1.0 }
    }

    /// The party of `party_parts` as the only stakeholder of a paragraph with
    /// one reference, its red lines drawn, as the stages see it.
    fn text(issue: usize, level: f64) -> ParagraphText {
        let (s, red) = party_parts();
        let refs = vec![r(issue, level)];
        let table = Stakeholders::new(vec![0], vec![1.0], &refs, |_, k| {
            let view =
                View { ideal: s.ideal[k], salience: s.salience[k], lo: f64::NEG_INFINITY, hi: f64::INFINITY };
            (view, red.lines.iter().any(|l| l.issue == k))
        });
        let mut text = ParagraphText::new(refs, table);
        text.refresh_bounds(|_, k| (red.lo[k], red.hi[k]));
        text
    }

    #[test]
    fn dissatisfaction_is_salience_times_distance() {
        let mut t = text(0, 0.8);
        assert!((t.judged().dissatisfaction(0) - 0.3).abs() < 1e-12);
        assert!(t.judged().objects(0, 0.1));
        // exactly at tolerance: no objection (0.5 * 0.2 = 0.1)
        assert!(!text(0, 0.4).judged().objects(0, 0.1));
    }

    #[test]
    fn at_least_is_violated_by_zero_but_not_by_absence() {
        assert!(text(1, 0.0).judged().violated(0));
        assert!(text(1, 0.0).judged().objects(0, 1.0));
        assert!(!text(0, 0.9).judged().violated(0));
        assert!(!text(1, 0.4).judged().violated(0));
    }

    #[test]
    fn a_moved_paragraph_is_judged_again_before_it_is_read() {
        let mut t = text(0, 0.8);
        assert!(t.judged().objects(0, 0.1));
        t.set(0, 0.2, 1.0);
        assert_eq!(t.judged().dissatisfaction(0), 0.0);
        assert!(!t.judged().objects(0, 0.1));
        t.reset();
        assert!(t.judged().objects(0, 0.1), "back to the initial draft");
    }
}
