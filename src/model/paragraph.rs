//! Paragraphs of the draft and their per-run state.

use bevy_ecs::prelude::*;

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

/// The paragraph's issue references, sorted by issue.
#[derive(Component, Debug, Clone)]
pub struct Refs(pub Vec<IssueRef>);

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
    /// The views that a red line can bound: (index into `views`, negotiator,
    /// issue). Only these are refreshed when red lines are drawn.
    bounded: Vec<(usize, usize, usize)>,
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
    /// The table for a paragraph with references `refs`; `views(d, issue)`
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
        for &d in &members {
            for r in refs {
                let (v, has_red_line) = view(d, r.issue);
                if has_red_line {
                    bounded.push((views.len(), d, r.issue));
                }
                views.push(v);
            }
        }
        Stakeholders { members, influence, refs: refs.len(), views, bounded }
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
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

    #[inline]
    pub fn influence(&self, i: usize) -> f64 {
        self.influence[i]
    }

    /// Member i's views of the references, in the order of `Refs`.
    #[inline]
    pub fn views(&self, i: usize) -> &[View] {
        &self.views[i * self.refs..(i + 1) * self.refs]
    }

    /// Member i's view of reference j.
    #[inline]
    pub fn view(&self, i: usize, j: usize) -> &View {
        &self.views[i * self.refs + j]
    }

    /// The views that a red line can bound, as (reference position,
    /// negotiator, view), in roster order.
    pub fn bounded_views(&self) -> impl Iterator<Item = (usize, usize, &View)> + '_ {
        self.bounded.iter().map(|&(at, d, _)| (at % self.refs, d, &self.views[at]))
    }

    /// Copy the current bounds of the binding red lines; `bounds(d, issue)`
    /// is negotiator d's (lo, hi) on the issue.
    pub fn refresh_bounds(&mut self, bounds: impl Fn(usize, usize) -> (f64, f64)) {
        for &(at, d, issue) in &self.bounded {
            let (lo, hi) = bounds(d, issue);
            self.views[at].lo = lo;
            self.views[at].hi = hi;
        }
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

    /// Members in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(w, &bits)| {
            let mut rest = bits;
            std::iter::from_fn(move || {
                (rest != 0).then(|| {
                    let b = rest.trailing_zeros() as usize;
                    rest &= rest - 1;
                    w * 64 + b
                })
            })
        })
    }
}
