//! Paragraphs of the draft and their per-run state.

use bevy_ecs::prelude::*;

use super::stakeholders::Stakeholders;

/// A paragraph of the draft. `index` is its place in the text (number - 1).
#[derive(Component, Debug, Clone)]
pub struct Paragraph {
    pub index: usize,
    pub number: u32,
}

/// One issue reference of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IssueRef {
    pub issue: usize,
    /// Level in the initial draft, restored at every run start.
    pub initial: f64,
    /// Current level.
    pub level: f64,
    /// 1, or the ambiguity discount once the reference was made ambiguous.
    pub weight: f64,
}

impl IssueRef {
    pub fn is_ambiguous(&self) -> bool {
        self.weight < 1.0
    }
}

/// A paragraph's language as a run changes it (its issue references,
/// sorted by issue), with its stakeholders and their judgement of it.
///
/// The judgement (each stakeholder's dissatisfaction, and whose binding red
/// lines the paragraph violates) is kept rather than recomputed by every
/// stage, since most paragraphs do not move between two stages that judge
/// them. It can be read only through [`ParagraphText::judged`], which brings
/// it up to date first, and the language changes only through methods that
/// mark it out of date: no stage can read a judgement of a text that moved.
#[derive(Component, Debug, Clone)]
pub struct ParagraphText {
    refs: Vec<IssueRef>,
    stakeholders: Stakeholders,
}

impl ParagraphText {
    /// The initial draft's references and its stakeholders' table.
    pub fn new(refs: Vec<IssueRef>, stakeholders: Stakeholders) -> Self {
        ParagraphText { refs, stakeholders }
    }

    /// The references as they stand.
    #[inline]
    pub fn refs(&self) -> &[IssueRef] {
        &self.refs
    }

    /// Who has a stake in the paragraph, with their views of its issues.
    #[inline]
    pub fn stakeholders(&self) -> &Stakeholders {
        &self.stakeholders
    }

    /// The stakeholders' judgement of the paragraph as it stands, judged
    /// again first if the paragraph moved since.
    #[inline]
    pub fn judged(&mut self) -> Judged<'_> {
        self.stakeholders.judge(&self.refs);
        Judged { text: self }
    }

    /// Reference `position` is now at `level` with `weight` (1, or the
    /// ambiguity discount).
    pub fn set(&mut self, position: usize, level: f64, weight: f64) {
        let r = &mut self.refs[position];
        r.level = level;
        r.weight = weight;
        self.stakeholders.moved();
    }

    /// Back to the initial draft: initial levels, no ambiguity.
    pub fn reset(&mut self) {
        for r in &mut self.refs {
            r.level = r.initial;
            r.weight = 1.0;
        }
        self.stakeholders.reset(&self.refs);
    }

    /// Copy the bounds of the binding red lines: `bounds(d, issue)` is
    /// negotiator d's (lo, hi) on the issue.
    pub fn refresh_bounds(&mut self, bounds: impl Fn(usize, usize) -> (f64, f64)) {
        self.stakeholders.refresh_bounds(&self.refs, bounds);
    }

    /// The negotiators whose binding red lines the paragraph violates, in
    /// roster order (each once).
    pub fn violated_negotiators(&self) -> impl Iterator<Item = usize> + '_ {
        self.stakeholders.violated_negotiators(&self.refs)
    }
}

/// A paragraph's judgement, up to date with its language
/// ([`ParagraphText::judged`]).
pub struct Judged<'a> {
    text: &'a ParagraphText,
}

impl Judged<'_> {
    /// Member i's dissatisfaction u(d, p) with the paragraph.
    #[inline]
    pub fn dissatisfaction(&self, i: usize) -> f64 {
        self.text.stakeholders.dissatisfaction(i)
    }

    /// Whether the paragraph violates a binding red line of member i.
    #[inline]
    pub fn violated(&self, i: usize) -> bool {
        self.text.stakeholders.violated(i)
    }

    /// Who has a stake in the paragraph.
    #[inline]
    pub fn stakeholders(&self) -> &Stakeholders {
        &self.text.stakeholders
    }
}

/// Which negotiators hold brackets on the paragraph.
#[derive(Component, Debug, Clone, Default)]
pub struct Brackets(pub HolderSet);

/// A set of negotiator indices, as a bit set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HolderSet(Vec<u64>);

impl HolderSet {
    pub fn insert(&mut self, i: usize) {
        let (w, b) = (i / 64, i % 64);
        if self.0.len() <= w {
            self.0.resize(w + 1, 0);
        }
        self.0[w] |= 1 << b;
    }

    pub fn contains(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    pub fn clear(&mut self) {
        self.0.fill(0);
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|&w| w == 0)
    }

    pub fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }
}
