//! Delegations: negotiators in the room and voters at the plenary.

use bevy_ecs::prelude::*;

use crate::scenario::{Behaviour, Bound, RedLineSpec, Stance};

/// A delegation that speaks in the room: a bloc's negotiator or a state that
/// speaks for itself. `index` is its place in roster order.
#[derive(Component, Debug, Clone)]
pub struct Negotiator {
    pub index: usize,
}

/// Weight in compromise and in the collapse share (> 0).
#[derive(Component, Debug, Clone, Copy)]
pub struct Influence(pub f64);

/// Stances per issue, dense: no stance is salience 0.
#[derive(Component, Debug, Clone)]
pub struct Stances {
    pub ideal: Vec<f64>,
    pub salience: Vec<f64>,
    /// Whether the scenario declared a stance on the issue (a member's own
    /// declared stance overrides its bloc's at the vote).
    pub declared: Vec<bool>,
}

impl Stances {
    pub fn from_spec(stances: &[Option<Stance>]) -> Self {
        Stances {
            ideal: stances.iter().map(|s| s.map_or(0.0, |s| s.ideal)).collect(),
            salience: stances.iter().map(|s| s.map_or(0.0, |s| s.salience)).collect(),
            declared: stances.iter().map(Option::is_some).collect(),
        }
    }
}

/// One red line and its state in the current run.
#[derive(Debug, Clone, Copy)]
pub struct RedLine {
    pub issue: usize,
    pub bound: Bound,
    /// Firmness as the scenario gives it.
    pub base_firmness: f64,
    /// Firmness now (collapse pressure lowers it).
    pub firmness: f64,
    /// Drawn at the start of the run: a binding line or a bargaining position.
    pub binding: bool,
    /// Which of the negotiator's draws decides `binding` ([`RedLineSpec::draw`]).
    pub draw: usize,
}

/// A delegation's red lines, with the interval their binding lines leave on
/// each issue (kept in step by [`RedLines::refresh`]).
#[derive(Component, Debug, Clone)]
pub struct RedLines {
    pub lines: Vec<RedLine>,
    /// Numbers the red-line draw takes ([`crate::scenario::NegotiatorSpec::red_line_draws`]).
    pub draws: usize,
    /// Per issue: the highest binding `AtLeast` (or -inf).
    pub lo: Vec<f64>,
    /// Per issue: the lowest binding `AtMost` (or +inf).
    pub hi: Vec<f64>,
}

impl RedLines {
    pub fn from_spec(lines: &[RedLineSpec], draws: usize, n_issues: usize) -> Self {
        let mut red = RedLines {
            draws,
            lines: lines
                .iter()
                .map(|l| RedLine {
                    issue: l.issue.index(),
                    bound: l.bound,
                    base_firmness: l.firmness,
                    firmness: l.firmness,
                    binding: false,
                    draw: l.draw,
                })
                .collect(),
            lo: vec![f64::NEG_INFINITY; n_issues],
            hi: vec![f64::INFINITY; n_issues],
        };
        red.refresh();
        red
    }

    /// Recompute the per-issue interval from the binding lines.
    pub fn refresh(&mut self) {
        self.lo.fill(f64::NEG_INFINITY);
        self.hi.fill(f64::INFINITY);
        for l in self.lines.iter().filter(|l| l.binding) {
            match l.bound {
                Bound::AtLeast(x) => self.lo[l.issue] = self.lo[l.issue].max(x),
                Bound::AtMost(x) => self.hi[l.issue] = self.hi[l.issue].min(x),
            }
        }
    }
}

/// Behaviour parameters in force in this run (events change them).
#[derive(Component, Debug, Clone)]
pub struct CurrentBehaviour(pub Behaviour);

/// Behaviour parameters as the scenario gives them, restored at every run start.
#[derive(Component, Debug, Clone)]
pub struct BaseBehaviour(pub Behaviour);

/// A member state with one vote. `bloc` and `own` are negotiator indices.
#[derive(Component, Debug, Clone)]
pub struct Voter {
    pub index: usize,
    pub kind: crate::scenario::VoterKind,
}
