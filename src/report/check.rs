//! The summary printed by `plenary check`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::scenario::Scenario;

#[derive(Debug, Clone, Serialize)]
pub struct StageSummary {
    pub name: String,
    pub kind: String,
    pub date: String,
}

#[derive(Debug, Clone, Serialize)]
/// What `plenary check` says of a valid scenario.
pub struct CheckReport {
    /// Always true: a file that does not load gets `{"valid": false,
    /// "problems": [...]}` instead (`plenary check --format json`).
    pub valid: bool,
    /// The scenario's name.
    pub scenario: String,
    /// The file it was read from.
    pub file: String,
    /// Negotiators in the room (blocs and states that speak for themselves).
    pub delegations: usize,
    /// Member states that vote.
    pub member_states: usize,
    /// Paragraphs of the draft.
    pub paragraphs: usize,
    /// Bloc id -> number of member states.
    pub blocs: BTreeMap<String, usize>,
    /// Issues.
    pub issues: usize,
    /// Stages of the calendar.
    pub stages: usize,
    /// The negotiators' ids, in roster order.
    pub negotiator_ids: Vec<String>,
    /// Red lines, over all negotiators.
    pub red_lines: usize,
    /// Outside events.
    pub events: usize,
    /// The calendar, stage by stage.
    pub calendar: Vec<StageSummary>,
    /// The uncertain parameters (what `sensitivity`, `calibrate` and `run
    /// --priors` vary); left out when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub uncertain: Vec<UncertainSummary>,
}

/// One uncertain parameter, as `check` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UncertainSummary {
    /// Its short name.
    pub name: String,
    /// Its path, as a variant's `set` names it.
    pub path: String,
    /// Its prior, in words ("uniform on [0, 1]").
    pub prior: String,
    /// The scenario's own value of it (what `run` uses).
    pub value: f64,
}

impl CheckReport {
    /// The summary of a checked scenario.
    pub fn new(s: &Scenario) -> Self {
        CheckReport {
            valid: true,
            scenario: s.name.clone(),
            file: s.source.display().to_string(),
            delegations: s.negotiators.len(),
            member_states: s.voters.len(),
            paragraphs: s.paragraphs.len(),
            blocs: s.blocs.iter().map(|b| (b.id.clone(), b.size)).collect(),
            issues: s.issues.len(),
            stages: s.calendar.len(),
            negotiator_ids: s.negotiators.iter().map(|n| n.id.clone()).collect(),
            red_lines: s.negotiators.iter().map(|n| n.red_lines.len()).sum(),
            events: s.events.len(),
            calendar: s
                .calendar
                .iter()
                .map(|st| StageSummary {
                    name: st.name.clone(),
                    kind: st.kind.key().to_string(),
                    date: st.date.clone(),
                })
                .collect(),
            uncertain: s
                .uncertain
                .iter()
                .map(|u| UncertainSummary {
                    name: u.name.clone(),
                    path: u.path.clone(),
                    prior: u.prior.to_string(),
                    value: u.value,
                })
                .collect(),
        }
    }

    /// The summary as text.
    pub fn to_text(&self) -> String {
        let mut out = format!("{} ({}): OK\n", self.scenario, self.file);
        out += &format!(
            "  delegations in the room: {} ({})\n",
            self.delegations,
            self.negotiator_ids.join(", ")
        );
        out += &format!("  member states voting:    {}\n", self.member_states);
        // In roster order, as the delegations above (the map is by id).
        for id in &self.negotiator_ids {
            if let Some(size) = self.blocs.get(id) {
                out += &format!("    bloc {id}: {size} member{}\n", if *size == 1 { "" } else { "s" });
            }
        }
        out += &format!(
            "  paragraphs: {}   issues: {}   red lines: {}   events: {}\n",
            self.paragraphs, self.issues, self.red_lines, self.events
        );
        out += &format!("  calendar ({} stage{}):\n", self.stages, if self.stages == 1 { "" } else { "s" });
        for (i, st) in self.calendar.iter().enumerate() {
            out += &format!("    {}. {:<32} {:<22} {}\n", i + 1, st.name, st.kind, st.date);
        }
        if !self.uncertain.is_empty() {
            out += &format!(
                "  uncertain parameters ({}; `run` uses the value, sensitivity and calibrate the prior):\n",
                self.uncertain.len()
            );
            for u in &self.uncertain {
                out += &format!("    {}: {} = {}, prior {}\n", u.name, u.path, u.value, u.prior);
            }
        }
        super::width::fit(&out)
    }
}
