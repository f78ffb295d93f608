//! The names of a tally's rows: its stages, delegations, paragraphs and
//! voters, taken from the scenario (or read back from a report, to merge
//! shards), with the digest of the scenario they came from.

use crate::scenario::{AmendmentChange, Scenario, StageKind};

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
    /// The scenario's amendments (rule 90), in the order of the tally's.
    pub amendments: Vec<AmendmentLabel>,
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
            amendments: s
                .negotiators
                .iter()
                .flat_map(|n| {
                    n.amendments.iter().map(|a| AmendmentLabel {
                        by: n.id.clone(),
                        paragraph: s.paragraphs[a.paragraph].number,
                        change: match a.change {
                            AmendmentChange::Delete => None,
                            AmendmentChange::Level { issue, level } => {
                                Some((s.issue(issue).id.clone(), level))
                            }
                        },
                    })
                })
                .collect(),
            digest: Some(s.digest()),
        }
    }

    /// Whether a tally has the shape of these rows.
    pub fn fit(&self, tally: &super::Tally) -> bool {
        tally.has_shape(
            self.stages.len(),
            self.delegations.len(),
            self.paragraphs.len(),
            self.voters.len(),
            self.amendments.len(),
        )
    }
}

/// An amendment as a report names it: who moves it, on which paragraph,
/// and the new level of which issue (`None`: the paragraph's deletion).
#[derive(Debug, Clone, PartialEq)]
pub struct AmendmentLabel {
    pub by: String,
    pub paragraph: u32,
    pub change: Option<(String, f64)>,
}
