//! Explain: which red lines decide the outcome. Each variant drops one red
//! line (or all of one delegation's), and runs against the base with common
//! random numbers.

use crate::scenario::{NegotiatorId, Scenario};

/// What one variant of `red_line_variants` drops: a red line of a
/// negotiator (its position in the base's `red_lines`), or all of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Dropped {
    /// The negotiator (roster order) whose red lines are dropped.
    pub negotiator: NegotiatorId,
    /// `None`: all of the negotiator's red lines.
    pub red_line: Option<usize>,
}

/// The variants: for each negotiator with red lines, one without any of
/// them, then (if it has more than one) one per red line.
pub fn red_line_variants(base: &Scenario) -> Vec<(Dropped, Scenario)> {
    let mut out = Vec::new();
    for (d, n) in base.negotiators.iter().enumerate() {
        if n.red_lines.is_empty() {
            continue;
        }
        let d = NegotiatorId::new(d);
        let name = format!("{} without {}'s red lines", base.name, n.id);
        out.push((Dropped { negotiator: d, red_line: None }, base.without_red_lines(d, None, name)));
        if n.red_lines.len() < 2 {
            continue;
        }
        for (j, line) in n.red_lines.iter().enumerate() {
            let bound = line.bound.label(&base.issue(line.issue).id);
            let name = format!("{} without {}'s {bound}", base.name, n.id);
            out.push((
                Dropped { negotiator: d, red_line: Some(j) },
                base.without_red_lines(d, Some(j), name),
            ));
        }
    }
    out
}
