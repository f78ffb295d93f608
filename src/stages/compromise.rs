//! Compromise moves (MODEL.md section 4): the candidates, how they are scored,
//! and the mediator's draw between the best move and a fumbled step.
//!
//! Revisions, consultations and the PGA all move paragraphs through
//! [`MoveMaker::move_paragraph`]; they differ only in who the objectors are,
//! how much each stakeholder weighs in the compromise point, and whose skill.

use std::cmp::Ordering;

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use crate::model::EPS;
use crate::model::acceptability::Party;
use crate::model::paragraph::{IssueRef, Stakeholders};
use crate::model::record::MoveKind;
use crate::scenario::{MediatorSpec, PresidentSpec};

/// One move on one reference of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CompromiseMove {
    pub kind: MoveKind,
    /// Position of the reference in the paragraph's `Refs`.
    pub position: usize,
    pub issue: usize,
    pub from: f64,
    pub to: f64,
    /// The reference's weight after the move (the ambiguity discount, or 1).
    pub weight: f64,
}

/// A candidate's score, compared lexicographically (lower is better).
#[derive(Debug, Clone, Copy)]
struct Score {
    veto: f64,
    objecting: f64,
    weighted_dissatisfaction: f64,
    order: usize,
}

fn cmp_eps(a: f64, b: f64) -> Ordering {
    if a < b - EPS {
        Ordering::Less
    } else if a > b + EPS {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

impl Score {
    fn cmp(&self, other: &Score) -> Ordering {
        cmp_eps(self.veto, other.veto)
            .then(cmp_eps(self.objecting, other.objecting))
            .then(cmp_eps(self.weighted_dissatisfaction, other.weighted_dissatisfaction))
            .then(self.order.cmp(&other.order))
    }
}

/// Who makes the moves and with what tables.
pub struct MoveMaker<'a> {
    /// Every negotiator, indexed by roster index (for the tolerances).
    pub room: &'a [Party<'a>],
    pub skill: f64,
    pub step: f64,
    /// Per issue: ambiguity discount, if the issue admits ambiguity.
    pub ambiguity: &'a [Option<f64>],
    /// Per issue: level of the deferral move, if any.
    pub deferral: &'a [Option<f64>],
    /// Whether deletion is a candidate.
    pub deletion: bool,
}

impl<'a> MoveMaker<'a> {
    /// The co-facilitators, with the scenario's mediator.
    pub fn co_facilitators(room: &'a [Party<'a>], m: &'a MediatorSpec) -> Self {
        MoveMaker {
            room,
            skill: m.skill,
            step: m.step,
            ambiguity: &m.ambiguity,
            deferral: &m.deferral,
            deletion: m.deletion,
        }
    }

    /// The PGA: its own skill and step, the mediator's tables, and every
    /// candidate (deletion included).
    pub fn president(room: &'a [Party<'a>], pga: &PresidentSpec, m: &'a MediatorSpec) -> Self {
        MoveMaker { skill: pga.skill, step: pga.step, deletion: true, ..MoveMaker::co_facilitators(room, m) }
    }

    /// One move on each contested reference of a paragraph, appended to
    /// `moves`. `refs` is the paragraph at the start of the stage;
    /// `objectors` are the members of `stakeholders` (positions in it) whose
    /// objection makes a reference contested; `point_weights[d]` multiplies
    /// negotiator d's influence in the compromise point (`None`: all 1, as
    /// everywhere but in consultations). Draws one number per contested
    /// reference.
    pub fn move_paragraph(
        &self,
        refs: &[IssueRef],
        stakeholders: &Stakeholders,
        objectors: &[usize],
        point_weights: Option<&[f64]>,
        rng: &mut ChaCha8Rng,
        moves: &mut Vec<CompromiseMove>,
    ) {
        for (position, r) in refs.iter().enumerate() {
            let contested = objectors.iter().any(|&i| stakeholders.view(i, position).contests(r));
            if !contested {
                continue;
            }
            let best = rng.random::<f64>() < self.skill;
            let point = self.compromise_point(refs, position, stakeholders, point_weights);
            let mv = if best {
                self.best_move(refs, position, stakeholders, point)
            } else {
                self.step_toward(r, position, stakeholders, point)
            };
            moves.push(mv);
        }
    }

    /// The mean of the stakeholders' ideals on reference `position`'s issue,
    /// weighted by influence * salience (* the stage's extra weight).
    pub fn compromise_point(
        &self,
        refs: &[IssueRef],
        position: usize,
        stakeholders: &Stakeholders,
        point_weights: Option<&[f64]>,
    ) -> f64 {
        let (mut sum, mut total) = (0.0, 0.0);
        for i in 0..stakeholders.len() {
            let v = stakeholders.view(i, position);
            let mut w = stakeholders.influence(i) * v.salience;
            if let Some(weights) = point_weights {
                w *= weights[stakeholders.negotiator(i)];
            }
            sum += w * v.ideal;
            total += w;
        }
        if total > 0.0 { sum / total } else { refs[position].level }
    }

    /// An interval within 0..1 whose ends are in order even when `lo`
    /// exceeds `hi` by float noise (less than the slack).
    fn clipped(lo: f64, hi: f64) -> (f64, f64) {
        let lo = lo.clamp(0.0, 1.0);
        (lo, hi.min(1.0).max(lo))
    }

    /// The interval [max AtLeast, min AtMost] of the binding red lines on
    /// reference `position`'s issue; while it is empty, the least influential
    /// of the negotiators whose lines conflict loses its lines (ties: the
    /// later in roster order).
    pub fn feasible_interval(&self, position: usize, stakeholders: &Stakeholders) -> (f64, f64) {
        let (mut lo, mut hi) = (f64::NEG_INFINITY, f64::INFINITY);
        for i in 0..stakeholders.len() {
            let v = stakeholders.view(i, position);
            lo = lo.max(v.lo);
            hi = hi.min(v.hi);
        }
        if lo <= hi + EPS {
            return Self::clipped(lo, hi);
        }
        Self::clipped_after_dropping_weakest(position, stakeholders)
    }

    /// The empty-interval case of [`Self::feasible_interval`], in
    /// O(k log k) for k members with binding lines on the issue.
    ///
    /// Dropping a line only widens the interval, so a line that does not
    /// conflict now never will: one pass over the members from the weakest
    /// up, dropping each that conflicts when its turn comes, drops exactly
    /// the lines that repeatedly dropping "the weakest conflicting one"
    /// would, in the same order.
    fn clipped_after_dropping_weakest(position: usize, stakeholders: &Stakeholders) -> (f64, f64) {
        let bounds = |i: usize| {
            let v = stakeholders.view(i, position);
            (v.lo, v.hi)
        };
        let mut active: Vec<usize> = (0..stakeholders.len())
            .filter(|&i| {
                let (l, h) = bounds(i);
                l > f64::NEG_INFINITY || h < f64::INFINITY
            })
            .collect();
        // Weakest first: least influence, then later in roster order.
        let mut weakest_first = active.clone();
        weakest_first.sort_by(|&a, &b| {
            stakeholders.influence(a).total_cmp(&stakeholders.influence(b)).then(b.cmp(&a))
        });
        // The interval's ends as the maximum and minimum over the lines not
        // yet dropped: each list sorted so that its end is the current bound.
        let mut by_lo = active.clone();
        by_lo.sort_by(|&a, &b| bounds(b).0.total_cmp(&bounds(a).0));
        active.sort_by(|&a, &b| bounds(a).1.total_cmp(&bounds(b).1));
        let by_hi = active;
        let mut dropped = vec![false; stakeholders.len()];
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
                return Self::clipped(lo, hi);
            }
            let (l, h) = bounds(i);
            if l > hi + EPS || h < lo - EPS {
                dropped[i] = true;
            }
        }
        let (lo, hi) = current(&dropped, &mut at_lo, &mut at_hi);
        debug_assert!(lo <= hi + EPS, "dropping every line leaves the whole range");
        Self::clipped(lo, hi)
    }

    fn best_move(
        &self,
        refs: &[IssueRef],
        position: usize,
        stakeholders: &Stakeholders,
        point: f64,
    ) -> CompromiseMove {
        let r = refs[position];
        let (lo, hi) = self.feasible_interval(position, stakeholders);
        // Candidates in the order of MODEL.md section 4. One that repeats an
        // earlier level and weight would score the same and lose the tie on
        // order, so it is not scored at all (the feasible point often is the
        // compromise point).
        let mut candidates = [(MoveKind::CompromisePoint, point, r.weight); 5];
        let mut n = 1;
        let mut push = |kind: MoveKind, level: f64, weight: f64| {
            if !candidates[..n].iter().any(|&(_, l, w)| l == level && w == weight) {
                candidates[n] = (kind, level, weight);
                n += 1;
            }
        };
        push(MoveKind::FeasiblePoint, point.clamp(lo, hi), r.weight);
        if self.deletion {
            push(MoveKind::Deletion, 0.0, r.weight);
        }
        if let Some(level) = self.deferral[r.issue] {
            push(MoveKind::Deferral, level, r.weight);
        }
        if let (Some(discount), false) = (self.ambiguity[r.issue], r.is_ambiguous()) {
            push(MoveKind::Ambiguity, r.level, discount);
        }
        let candidates = &candidates[..n];
        let mut scores: [Score; 5] = std::array::from_fn(|order| Score {
            veto: 0.0,
            objecting: 0.0,
            weighted_dissatisfaction: 0.0,
            order,
        });
        // Only the moved reference changes between candidates: judge the
        // paragraph's other references once per stakeholder.
        for i in 0..stakeholders.len() {
            let views = stakeholders.views(i);
            let (mut u_rest, mut violated_rest) = (0.0, false);
            for (j, (other, v)) in refs.iter().zip(views).enumerate() {
                if j != position {
                    u_rest += v.dissatisfaction(other);
                    violated_rest = violated_rest || v.violated_by(other.level);
                }
            }
            let v = views[position];
            let influence = stakeholders.influence(i);
            let tolerance = self.room[stakeholders.negotiator(i)].tolerance + EPS;
            for (score, &(_, level, weight)) in scores.iter_mut().zip(candidates) {
                let u = u_rest + weight * v.salience * (level - v.ideal).abs();
                let violated = violated_rest || v.violated_by(level);
                // Adding zero leaves a sum unchanged, so these need no branch.
                score.veto += if violated { influence } else { 0.0 };
                score.objecting += if violated || u > tolerance { influence } else { 0.0 };
                score.weighted_dissatisfaction += influence * u;
            }
        }
        let best = (0..n).min_by(|&a, &b| scores[a].cmp(&scores[b])).unwrap_or(0);
        let (kind, to, weight) = candidates[best];
        CompromiseMove { kind, position, issue: r.issue, from: r.level, to, weight }
    }

    /// The fumble: a fraction `step` of the way toward the compromise point,
    /// stopping at any binding red line the current level satisfies.
    fn step_toward(
        &self,
        r: &IssueRef,
        position: usize,
        stakeholders: &Stakeholders,
        point: f64,
    ) -> CompromiseMove {
        let (mut lower, mut upper) = (0.0f64, 1.0f64);
        for i in 0..stakeholders.len() {
            let v = stakeholders.view(i, position);
            if v.lo.is_finite() && r.level >= v.lo - EPS {
                lower = lower.max(v.lo);
            }
            if v.hi.is_finite() && r.level <= v.hi + EPS {
                upper = upper.min(v.hi);
            }
        }
        let target = r.level + self.step * (point - r.level);
        let to = if lower <= upper { target.clamp(lower, upper) } else { r.level };
        CompromiseMove { kind: MoveKind::Step, position, issue: r.issue, from: r.level, to, weight: r.weight }
    }
}

/// Write a paragraph's moves into its references and into the run record.
pub fn apply_moves(
    moves: &[CompromiseMove],
    paragraph: &crate::model::paragraph::Paragraph,
    refs: &mut [IssueRef],
    record: &mut crate::model::record::RunRecord,
    trace: &mut crate::model::trace::Trace,
) {
    use crate::model::record::flag;
    use crate::model::trace::TraceEvent;
    for mv in moves {
        let r = &mut refs[mv.position];
        r.level = mv.to;
        r.weight = mv.weight;
        record.count_move(mv.kind);
        if mv.kind == MoveKind::Deletion && mv.from > 0.0 {
            record.paragraphs[paragraph.index] |= flag::DELETED;
        }
        trace.push(|| TraceEvent::Move {
            paragraph: paragraph.number,
            issue: mv.issue,
            kind: mv.kind,
            from: mv.from,
            to: mv.to,
        });
    }
}

#[cfg(test)]
mod tests {
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;
    use crate::model::paragraph::View;

    /// MODEL.md section 4 word for word: while the interval is empty, drop
    /// the weakest conflicting negotiator and look again.
    fn feasible_by_definition(bounds: &[(f64, f64)], influence: &[f64]) -> (f64, f64) {
        let mut active: Vec<usize> = (0..bounds.len()).collect();
        loop {
            let lo = active.iter().map(|&d| bounds[d].0).fold(f64::NEG_INFINITY, f64::max);
            let hi = active.iter().map(|&d| bounds[d].1).fold(f64::INFINITY, f64::min);
            if lo <= hi + EPS {
                return MoveMaker::clipped(lo, hi);
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

    #[test]
    fn feasible_interval_drops_the_same_lines_as_the_definition() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let refs = [IssueRef { issue: 0, initial: 0.5, level: 0.5, weight: 1.0 }];
        let mediator = crate::scenario::MediatorSpec {
            skill: 1.0,
            step: 0.5,
            concession: 1.0,
            threat_weight: 1.0,
            ambiguity: vec![None],
            deferral: vec![None],
            deletion: false,
        };
        let mut empty_cases = 0;
        for _ in 0..2000 {
            let k = rng.random_range(1..12usize);
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
            table.refresh_bounds(|d, _| bounds[d]);
            let maker = MoveMaker::co_facilitators(&[], &mediator);
            let expected = feasible_by_definition(&bounds, &influence);
            let lo = bounds.iter().map(|b| b.0).fold(f64::NEG_INFINITY, f64::max);
            let hi = bounds.iter().map(|b| b.1).fold(f64::INFINITY, f64::min);
            empty_cases += usize::from(lo > hi + EPS);
            assert_eq!(
                maker.feasible_interval(0, &table),
                expected,
                "bounds {bounds:?} influence {influence:?}"
            );
        }
        // The test is about the empty case: make sure it came up often.
        assert!(empty_cases > 200, "only {empty_cases} cases needed dropping");
    }
}
