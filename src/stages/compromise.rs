//! Compromise moves (MODEL.md section 4): the candidates, how they are scored,
//! and the mediator's draw between the best move and a fumbled step.
//!
//! Revisions, consultations and the PGA all move paragraphs through
//! [`MoveMaker::move_paragraph`]; they differ only in who the objectors are,
//! how much each stakeholder weighs in the compromise point, and whose skill.

mod scoring;

use std::cmp::Ordering;

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use crate::model::EPS;
use crate::model::acceptability::Party;
use crate::model::paragraph::{IssueRef, ParagraphText};
use crate::model::record::MoveKind;
use crate::model::stakeholders::Stakeholders;
use crate::scenario::{MediatorSpec, PresidentSpec};
use scoring::Sums;

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
    /// Every negotiator's tolerance in this stage, by roster index (copied
    /// out of the room so that scoring reads a plain array).
    pub tolerances: Vec<f64>,
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
            tolerances: room.iter().map(|p| p.tolerance).collect(),
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

    /// The members of a paragraph's stakeholders (positions in their table)
    /// that object to it as it stands, with this stage's tolerances
    /// (MODEL.md section 2), into `objectors`: the objectors whose stake
    /// makes a reference contested (section 4), taken when the move is made,
    /// whoever holds the brackets (docs/MODEL.md section 9, "Contested
    /// reference").
    pub fn objectors(&self, text: &mut ParagraphText, objectors: &mut Vec<usize>) {
        objectors.clear();
        let judged = text.judged();
        let members = judged.stakeholders().members().iter().enumerate();
        objectors.extend(members.filter(|&(i, &d)| judged.objects(i, self.tolerances[d])).map(|(i, _)| i));
    }

    /// One move on each contested reference of a paragraph, appended to
    /// `moves`. `text` is the paragraph at the start of the stage;
    /// `objectors` are the members of its stakeholders (positions in their
    /// table) whose
    /// objection makes a reference contested; `point_weights[d]` multiplies
    /// negotiator d's influence in the compromise point (`None`: all 1, as
    /// everywhere but in consultations). Draws one number per contested
    /// reference.
    pub fn move_paragraph(
        &self,
        text: &ParagraphText,
        objectors: &[usize],
        point_weights: Option<&[f64]>,
        rng: &mut ChaCha8Rng,
        moves: &mut Vec<CompromiseMove>,
    ) {
        let (refs, stakeholders) = (text.refs(), text.stakeholders());
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
        let point = match point_weights {
            None => stakeholders.compromise_point(position),
            Some(weights) => stakeholders.weighted_compromise_point(position, weights),
        };
        point.unwrap_or(refs[position].level)
    }

    fn best_move(
        &self,
        refs: &[IssueRef],
        position: usize,
        stakeholders: &Stakeholders,
        point: f64,
    ) -> CompromiseMove {
        let r = refs[position];
        let (lo, hi) = stakeholders.feasible(position);
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
        let best = match n {
            1 => 0,
            2 => self.best_candidate::<2>(refs, position, stakeholders, &candidates),
            3 => self.best_candidate::<3>(refs, position, stakeholders, &candidates),
            4 => self.best_candidate::<4>(refs, position, stakeholders, &candidates),
            _ => self.best_candidate::<5>(refs, position, stakeholders, &candidates),
        };
        let (kind, to, weight) = candidates[best];
        CompromiseMove { kind, position, issue: r.issue, from: r.level, to, weight }
    }

    /// The position of the best of the first N candidates. N is a constant
    /// so that the sums stay in registers.
    fn best_candidate<const N: usize>(
        &self,
        refs: &[IssueRef],
        position: usize,
        stakeholders: &Stakeholders,
        candidates: &[(MoveKind, f64, f64); 5],
    ) -> usize {
        let levels = std::array::from_fn(|c| (candidates[c].1, candidates[c].2));
        let sums: [Sums; N] = scoring::score(refs, position, stakeholders, &self.tolerances, levels);
        let score = |c: usize| Score {
            veto: sums[c].veto,
            objecting: sums[c].objecting,
            weighted_dissatisfaction: sums[c].weighted_dissatisfaction,
            order: c,
        };
        (0..N).min_by(|&a, &b| score(a).cmp(&score(b))).unwrap_or(0)
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
        for (_, _, views) in stakeholders.iter() {
            let v = &views[position];
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

/// Write a paragraph's moves into its text and into the run record.
pub fn apply_moves(
    moves: &[CompromiseMove],
    paragraph: &crate::model::paragraph::Paragraph,
    text: &mut ParagraphText,
    record: &mut crate::model::record::RunRecord,
    trace: &mut crate::model::trace::Trace,
) {
    use crate::model::trace::TraceEvent;
    for mv in moves {
        text.set(mv.position, mv.to, mv.weight);
        record.count_move(mv.kind);
        if mv.kind == MoveKind::Deletion && mv.from > 0.0 {
            record.paragraphs[paragraph.index].deleted = true;
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
