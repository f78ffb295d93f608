//! A paragraph's stakeholders: the negotiators whose judgement of it can
//! matter, with their views of its references in one table.

use bevy_ecs::prelude::*;

use super::EPS;
use super::paragraph::IssueRef;

/// Negotiators that can ever object to or veto this paragraph: those with a
/// stance or a red line on one of its issues. Nobody else affects a move, so
/// every per-paragraph loop runs over these only, in roster order.
///
/// Each member's [`View`] of every reference is kept here, member by member
/// in one contiguous table, because judging a paragraph is the inner loop of
/// every stage: reading it from here touches one block of memory instead of
/// a negotiator's stances and red lines on the heap. The stances are copied
/// once when the world is built; the bounds of the binding red lines are
/// copied at every run start and after collapse pressure
/// ([`Stakeholders::refresh_bounds`]).
///
/// The table also keeps each member's judgement of the paragraph as it
/// stands (its dissatisfaction, and whether a binding red line is violated):
/// most paragraphs do not move between two stages that judge them, so the
/// stages read these instead of judging again. A stage that reads them calls
/// [`Stakeholders::judge`] first, which judges again only if the paragraph
/// moved ([`Stakeholders::moved`]) since; [`Stakeholders::reset`] (back to
/// the initial draft) and [`Stakeholders::refresh_bounds`] (new red lines)
/// keep them in step too.
#[derive(Component, Debug, Clone)]
pub struct Stakeholders {
    /// Negotiator indices, in roster order.
    members: Vec<usize>,
    /// Influence of each member.
    influence: Vec<f64>,
    /// Number of references of the paragraph: the stride of `views`.
    refs: usize,
    /// `views[i * refs + j]`: member i's view of reference j.
    views: Vec<View>,
    /// The views that a red line can bound. Only these are refreshed when
    /// red lines are drawn, and only these can be violated.
    bounded: Vec<Bounded>,
    /// Per reference: the members that a red line on its issue can bound.
    bounded_members: Vec<Vec<usize>>,
    /// Per reference: the compromise point with every member's weight 1,
    /// which only stances and influence decide (`None`: no member cares).
    point: Vec<Option<f64>>,
    /// Per reference: the feasible interval of its issue among the members
    /// (MODEL.md section 4), kept in step with the bounds.
    feasible: Vec<(f64, f64)>,
    /// Each member's u(d, p) for the paragraph as it stands.
    dissatisfaction: Vec<f64>,
    /// Each member's u(d, p) for the initial draft.
    initial_dissatisfaction: Vec<f64>,
    /// Whether the paragraph as it stands violates a binding red line of
    /// each member.
    violated: Vec<bool>,
    /// Whether `dissatisfaction` and `violated` are of the paragraph as it
    /// stands (false after a move, until [`Stakeholders::judge`]).
    judged: bool,
}

/// A view that a red line can bound: where it is in the table, and whose
/// view of which issue it is.
#[derive(Debug, Clone, Copy)]
struct Bounded {
    /// Index into `views` (member * refs + reference).
    at: usize,
    member: usize,
    reference: usize,
    negotiator: usize,
    issue: usize,
}

/// One negotiator's view of one issue: its stance and the interval its
/// binding red lines leave (-inf..+inf when none binds).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    pub ideal: f64,
    pub salience: f64,
    pub lo: f64,
    pub hi: f64,
}

impl Stakeholders {
    /// The table for a paragraph with references `refs`; `view(d, issue)`
    /// gives negotiator d's view of an issue and whether a red line of d
    /// concerns it.
    pub fn new(
        members: Vec<usize>,
        influence: Vec<f64>,
        refs: &[IssueRef],
        view: impl Fn(usize, usize) -> (View, bool),
    ) -> Self {
        let mut views = Vec::with_capacity(members.len() * refs.len());
        let mut bounded = Vec::new();
        let mut bounded_members = vec![Vec::new(); refs.len()];
        for (i, &d) in members.iter().enumerate() {
            for (j, r) in refs.iter().enumerate() {
                let (v, has_red_line) = view(d, r.issue);
                if has_red_line {
                    bounded.push(Bounded {
                        at: views.len(),
                        member: i,
                        reference: j,
                        negotiator: d,
                        issue: r.issue,
                    });
                    bounded_members[j].push(i);
                }
                views.push(v);
            }
        }
        let feasible = vec![(0.0, 1.0); refs.len()];
        let n_members = members.len();
        let mut table = Stakeholders {
            members,
            influence,
            refs: refs.len(),
            views,
            bounded,
            bounded_members,
            point: Vec::new(),
            feasible,
            dissatisfaction: vec![0.0; n_members],
            initial_dissatisfaction: Vec::new(),
            violated: vec![false; n_members],
            judged: false,
        };
        table.point = (0..refs.len()).map(|j| table.point_with(j, None)).collect();
        table.refresh_feasible();
        table.judge(refs);
        table.initial_dissatisfaction = table.dissatisfaction.clone();
        table
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Negotiator indices, in roster order.
    pub fn members(&self) -> &[usize] {
        &self.members
    }

    /// Member i's negotiator index.
    #[inline]
    pub fn negotiator(&self, i: usize) -> usize {
        self.members[i]
    }

    /// Every member as (negotiator, influence, its views of the references).
    #[inline]
    pub fn iter(&self) -> impl Iterator<Item = (usize, f64, &[View])> + '_ {
        let views = self.views.chunks_exact(self.refs.max(1));
        self.members.iter().zip(&self.influence).zip(views).map(|((&d, &influence), v)| (d, influence, v))
    }

    /// The table's columns: negotiator indices, influences, and the views
    /// (member by member, one per reference).
    #[inline]
    pub fn columns(&self) -> (&[usize], &[f64], &[View]) {
        (&self.members, &self.influence, &self.views)
    }

    /// Member i's view of reference j.
    #[inline]
    pub fn view(&self, i: usize, j: usize) -> &View {
        &self.views[i * self.refs + j]
    }

    /// The compromise point on reference j (MODEL.md section 4): the mean of
    /// the members' ideals on its issue weighted by influence * salience;
    /// `None` when no member has any salience on it.
    #[inline]
    pub fn compromise_point(&self, j: usize) -> Option<f64> {
        self.point[j]
    }

    /// The compromise point with each member's weight also multiplied by
    /// `weights[negotiator]` (the consultations' extra weight).
    pub fn weighted_compromise_point(&self, j: usize, weights: &[f64]) -> Option<f64> {
        self.point_with(j, Some(weights))
    }

    fn point_with(&self, j: usize, weights: Option<&[f64]>) -> Option<f64> {
        let (mut sum, mut total) = (0.0, 0.0);
        for (d, influence, views) in self.iter() {
            let v = &views[j];
            let mut w = influence * v.salience;
            if let Some(weights) = weights {
                w *= weights[d];
            }
            sum += w * v.ideal;
            total += w;
        }
        (total > 0.0).then(|| sum / total)
    }

    /// The views that a red line can bound, as (reference position,
    /// negotiator, view), in roster order.
    pub fn bounded_views(&self) -> impl Iterator<Item = (usize, usize, &View)> + '_ {
        self.bounded.iter().map(|b| (b.reference, b.negotiator, &self.views[b.at]))
    }

    /// Copy the current bounds of the binding red lines; `bounds(d, issue)`
    /// is negotiator d's (lo, hi) on the issue, `refs` the paragraph as it
    /// stands.
    pub(super) fn refresh_bounds(&mut self, refs: &[IssueRef], bounds: impl Fn(usize, usize) -> (f64, f64)) {
        if self.bounded.is_empty() {
            return;
        }
        let mut changed = false;
        for b in &self.bounded {
            let (lo, hi) = bounds(b.negotiator, b.issue);
            let view = &mut self.views[b.at];
            changed |= (view.lo.to_bits(), view.hi.to_bits()) != (lo.to_bits(), hi.to_bits());
            view.lo = lo;
            view.hi = hi;
        }
        // Runs often draw the same lines as the run before.
        if changed {
            self.refresh_feasible();
            if self.judged {
                self.rejudge_violations(refs);
            }
        }
    }

    /// The paragraph's references moved: the kept judgement is out of date.
    pub(super) fn moved(&mut self) {
        self.judged = false;
    }

    /// Bring the kept judgement up to date with the paragraph as it stands
    /// (`refs`), judging it again only if it moved.
    pub(super) fn judge(&mut self, refs: &[IssueRef]) {
        if self.judged {
            return;
        }
        // Paragraphs of one and two references, the common sizes, get their
        // own copy of the loop with the number of references a constant.
        match refs.len() {
            1 => self.judge_dissatisfaction::<1>(refs),
            2 => self.judge_dissatisfaction::<2>(refs),
            _ => self.judge_dissatisfaction::<0>(refs),
        }
        self.rejudge_violations(refs);
        self.judged = true;
    }

    /// Each member's u(d, p), for a paragraph of R references (0: any number).
    #[inline(always)]
    fn judge_dissatisfaction<const R: usize>(&mut self, refs: &[IssueRef]) {
        let stride = if R == 0 { self.refs.max(1) } else { R };
        for (u, views) in self.dissatisfaction.iter_mut().zip(self.views.chunks_exact(stride)) {
            *u = super::acceptability::dissatisfaction(refs, views);
        }
    }

    /// The paragraph is back to the initial draft (`refs`).
    pub(super) fn reset(&mut self, refs: &[IssueRef]) {
        self.dissatisfaction.copy_from_slice(&self.initial_dissatisfaction);
        self.rejudge_violations(refs);
        self.judged = true;
    }

    /// Only views that a red line bounds can be violated.
    fn rejudge_violations(&mut self, refs: &[IssueRef]) {
        self.violated.fill(false);
        for b in &self.bounded {
            self.violated[b.member] |= self.views[b.at].violated_by(refs[b.reference].level);
        }
    }

    /// Member i's dissatisfaction with the paragraph as it stands (after
    /// [`Stakeholders::judge`]).
    #[inline]
    pub(super) fn dissatisfaction(&self, i: usize) -> f64 {
        debug_assert!(self.judged, "judge the paragraph first");
        self.dissatisfaction[i]
    }

    /// Whether the paragraph as it stands violates a binding red line of
    /// member i (after [`Stakeholders::judge`]).
    #[inline]
    pub(super) fn violated(&self, i: usize) -> bool {
        debug_assert!(self.judged, "judge the paragraph first");
        self.violated[i]
    }

    /// The interval of levels of reference j's issue that no binding red
    /// line of a member rules out, after the weakest conflicting members gave
    /// way (see [`feasible_interval`]).
    #[inline]
    pub fn feasible(&self, j: usize) -> (f64, f64) {
        self.feasible[j]
    }

    /// Members without a red line on the issue never bound it, so only
    /// those with one take part.
    fn refresh_feasible(&mut self) {
        for j in 0..self.refs {
            let members = &self.bounded_members[j];
            let bounds = |k: usize| {
                let v = &self.views[members[k] * self.refs + j];
                (v.lo, v.hi)
            };
            self.feasible[j] = feasible_interval(members.len(), bounds, |k| self.influence[members[k]]);
        }
    }
}

/// The interval [max AtLeast, min AtMost] of the binding red lines of k
/// parties (party i's bounds are `bounds(i)`) on one issue, clipped to 0..1;
/// while it is empty, the least influential of the parties whose lines
/// conflict with it loses its lines (ties: the later party), as MODEL.md
/// section 4 defines it.
///
/// Dropping a line only widens the interval, so a line that does not
/// conflict now never will: one pass over the parties from the weakest up,
/// dropping each that conflicts when its turn comes, drops exactly the lines
/// that repeatedly dropping "the weakest conflicting one" would, in the same
/// order. That makes it O(k log k) rather than O(k^2).
pub fn feasible_interval(
    k: usize,
    bounds: impl Fn(usize) -> (f64, f64),
    influence: impl Fn(usize) -> f64,
) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::NEG_INFINITY, f64::INFINITY);
    for i in 0..k {
        let (l, h) = bounds(i);
        lo = lo.max(l);
        hi = hi.min(h);
    }
    if lo <= hi + EPS {
        return clipped(lo, hi);
    }
    if k <= 64 {
        return dropping_one_at_a_time(k, bounds, influence);
    }
    let mut active: Vec<usize> = (0..k)
        .filter(|&i| {
            let (l, h) = bounds(i);
            l > f64::NEG_INFINITY || h < f64::INFINITY
        })
        .collect();
    let mut weakest_first = active.clone();
    weakest_first.sort_by(|&a, &b| influence(a).total_cmp(&influence(b)).then(b.cmp(&a)));
    // The interval's ends as the maximum and minimum over the lines not yet
    // dropped: each list sorted so that its first live entry is the bound.
    let mut by_lo = active.clone();
    by_lo.sort_by(|&a, &b| bounds(b).0.total_cmp(&bounds(a).0));
    active.sort_by(|&a, &b| bounds(a).1.total_cmp(&bounds(b).1));
    let by_hi = active;
    let mut dropped = vec![false; k];
    let (mut at_lo, mut at_hi) = (0, 0);
    let current = |dropped: &[bool], at_lo: &mut usize, at_hi: &mut usize| {
        while *at_lo < by_lo.len() && dropped[by_lo[*at_lo]] {
            *at_lo += 1;
        }
        while *at_hi < by_hi.len() && dropped[by_hi[*at_hi]] {
            *at_hi += 1;
        }
        let lo = by_lo.get(*at_lo).map_or(f64::NEG_INFINITY, |&i| bounds(i).0);
        let hi = by_hi.get(*at_hi).map_or(f64::INFINITY, |&i| bounds(i).1);
        (lo, hi)
    };
    for &i in &weakest_first {
        let (lo, hi) = current(&dropped, &mut at_lo, &mut at_hi);
        if lo <= hi + EPS {
            return clipped(lo, hi);
        }
        let (l, h) = bounds(i);
        if l > hi + EPS || h < lo - EPS {
            dropped[i] = true;
        }
    }
    let (lo, hi) = current(&dropped, &mut at_lo, &mut at_hi);
    clipped(lo, hi)
}

/// [`feasible_interval`]'s empty case as MODEL.md words it, for at most 64
/// parties: while the interval is empty, drop the weakest conflicting party
/// and look again. O(k^2), but without allocating: most issues have a
/// handful of parties with red lines.
fn dropping_one_at_a_time(
    k: usize,
    bounds: impl Fn(usize) -> (f64, f64),
    influence: impl Fn(usize) -> f64,
) -> (f64, f64) {
    debug_assert!(k <= 64);
    let mut dropped = 0u64;
    let live = |dropped: u64| (0..k).filter(move |&i| dropped & (1 << i) == 0);
    loop {
        let (mut lo, mut hi) = (f64::NEG_INFINITY, f64::INFINITY);
        for i in live(dropped) {
            let (l, h) = bounds(i);
            lo = lo.max(l);
            hi = hi.min(h);
        }
        if lo <= hi + EPS {
            return clipped(lo, hi);
        }
        let weakest = live(dropped)
            .filter(|&i| {
                let (l, h) = bounds(i);
                l > hi + EPS || h < lo - EPS
            })
            .min_by(|&a, &b| influence(a).total_cmp(&influence(b)).then(b.cmp(&a)))
            .expect("an empty interval has a conflicting line");
        dropped |= 1 << weakest;
    }
}

/// An interval within 0..1 whose ends are in order even when `lo` exceeds
/// `hi` by float noise (less than the slack).
fn clipped(lo: f64, hi: f64) -> (f64, f64) {
    let lo = lo.clamp(0.0, 1.0);
    (lo, hi.min(1.0).max(lo))
}

#[cfg(test)]
mod tests {
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;

    /// MODEL.md section 4 word for word: while the interval is empty, drop
    /// the weakest conflicting party and look again.
    fn feasible_by_definition(bounds: &[(f64, f64)], influence: &[f64]) -> (f64, f64) {
        let mut active: Vec<usize> = (0..bounds.len()).collect();
        loop {
            let lo = active.iter().map(|&d| bounds[d].0).fold(f64::NEG_INFINITY, f64::max);
            let hi = active.iter().map(|&d| bounds[d].1).fold(f64::INFINITY, f64::min);
            if lo <= hi + EPS {
                return clipped(lo, hi);
            }
            let weakest = active
                .iter()
                .copied()
                .filter(|&d| bounds[d].0 > hi + EPS || bounds[d].1 < lo - EPS)
                .min_by(|&a, &b| influence[a].total_cmp(&influence[b]).then(b.cmp(&a)))
                .unwrap();
            active.retain(|&d| d != weakest);
        }
    }

    /// Random red lines for k parties: few distinct influences and levels,
    /// so ties are common, and about half the time an empty interval.
    fn check_against_definition(ks: std::ops::Range<usize>, cases: usize, seed: u64) -> usize {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let refs = [IssueRef { issue: 0, initial: 0.5, level: 0.5, weight: 1.0 }];
        let mut empty_cases = 0;
        for _ in 0..cases {
            let k = rng.random_range(ks.clone());
            // Few distinct influences and levels, so ties are common.
            let influence: Vec<f64> = (0..k).map(|_| rng.random_range(1..4u32) as f64).collect();
            let bounds: Vec<(f64, f64)> = (0..k)
                .map(|_| {
                    let level = |rng: &mut ChaCha8Rng| rng.random_range(0..6u32) as f64 / 5.0;
                    match rng.random_range(0..4u32) {
                        0 => (f64::NEG_INFINITY, f64::INFINITY),
                        1 => (level(&mut rng), f64::INFINITY),
                        2 => (f64::NEG_INFINITY, level(&mut rng)),
                        _ => (level(&mut rng), level(&mut rng)),
                    }
                })
                .collect();
            let mut table = Stakeholders::new((0..k).collect(), influence.clone(), &refs, |_, _| {
                (View { ideal: 0.5, salience: 1.0, lo: f64::NEG_INFINITY, hi: f64::INFINITY }, true)
            });
            table.refresh_bounds(&refs, |d, _| bounds[d]);
            let lo = bounds.iter().map(|b| b.0).fold(f64::NEG_INFINITY, f64::max);
            let hi = bounds.iter().map(|b| b.1).fold(f64::INFINITY, f64::min);
            empty_cases += usize::from(lo > hi + EPS);
            let expected = feasible_by_definition(&bounds, &influence);
            assert_eq!(table.feasible(0), expected, "bounds {bounds:?} influence {influence:?}");
            let direct = feasible_interval(k, |i| bounds[i], |i| influence[i]);
            assert_eq!(direct, expected, "bounds {bounds:?} influence {influence:?}");
        }
        empty_cases
    }

    #[test]
    fn feasible_interval_drops_the_same_lines_as_the_definition() {
        // Up to 64 parties, and more (the sorted single pass).
        let small = check_against_definition(1..12, 2000, 11);
        let large = check_against_definition(65..300, 200, 12);
        // The test is about the empty case: make sure it came up often.
        assert!(small > 200 && large > 100, "only {small} and {large} cases needed dropping");
    }
}
