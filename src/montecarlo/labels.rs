//! The names of a tally's rows: its stages, delegations, paragraphs and
//! voters, taken from the scenario (or read back from a report, to merge
//! shards), with the digest of the scenario they came from.

use crate::scenario::{Scenario, StageKind};

/// The names a report needs besides the tally.
#[derive(Debug, Clone, PartialEq)]
pub struct Labels {
    /// The scenario's name.
    pub scenario: String,
    /// (name, kind, date)
    pub stages: Vec<(String, StageKind, String)>,
    /// (id, name)
    pub delegations: Vec<(String, String)>,
    /// (number, section)
    pub paragraphs: Vec<(u32, String)>,
    /// (id, bloc id)
    pub voters: Vec<(String, Option<String>)>,
    /// [`Scenario::digest`]; carried by a shard's output so that a merge
    /// refuses shards run on different scenarios. `None` when read from a
    /// report that has none (an unsharded run, an older shard).
    pub digest: Option<String>,
}

impl Labels {
    /// The labels of a scenario's tally.
    pub fn of(s: &Scenario) -> Self {
        Labels {
            scenario: s.name.clone(),
            stages: s.calendar.iter().map(|st| (st.name.clone(), st.kind, st.date.clone())).collect(),
            delegations: s.negotiators.iter().map(|n| (n.id.clone(), n.name.clone())).collect(),
            paragraphs: s.paragraphs.iter().map(|p| (p.number, p.section.clone())).collect(),
            voters: s
                .voters
                .iter()
                .map(|v| (v.id.clone(), v.kind.bloc().map(|b| s.negotiator(b).id.clone())))
                .collect(),
            digest: Some(s.digest()),
        }
    }

    /// Whether a tally has the shape of these rows.
    pub fn fit(&self, tally: &super::Tally) -> bool {
        tally.has_shape(self.stages.len(), self.delegations.len(), self.paragraphs.len(), self.voters.len())
    }
}
