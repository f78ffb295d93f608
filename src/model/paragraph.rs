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
