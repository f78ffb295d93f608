//! The scenario file as written: plain serde types that mirror the RON text.
//!
//! Nothing here is checked beyond what serde checks (types, unknown fields,
//! missing fields). [`super::validate`] turns a [`ScenarioFile`] into the
//! checked [`super::Scenario`], which is the only thing the engine accepts.
//! Every struct denies unknown fields, so a typo is an error with a line and
//! column rather than a silently ignored setting.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

fn one() -> f64 {
    1.0
}

fn yes() -> bool {
    true
}

/// The whole scenario file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Scenario")]
pub struct ScenarioFile {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Declared number of member states (voters). When given, loading checks
    /// that the roster adds up to it (193 for a General Assembly scenario).
    #[serde(default)]
    pub membership: Option<usize>,
    /// Share of negotiator influence with violated binding red lines above
    /// which the text is not tabled (MODEL.md section 3, Collapse). 1 = never.
    #[serde(default = "one")]
    pub collapse_share: f64,
    pub issues: Vec<IssueFile>,
    pub paragraphs: ParagraphsFile,
    #[serde(default)]
    pub blocs: Vec<BlocFile>,
    #[serde(default)]
    pub delegations: Vec<DelegationFile>,
    pub mediator: MediatorFile,
    #[serde(default)]
    pub president: Option<PresidentFile>,
    pub calendar: Vec<StageFile>,
    /// Must be set to `true` for a calendar with no `Plenary`: then a held
    /// silence is adoption by consensus and anything else is `no_text`.
    #[serde(default)]
    pub ends_without_plenary: bool,
    #[serde(default)]
    pub events: Vec<EventFile>,
    /// Historical markers for `plenary backtest`.
    #[serde(default)]
    pub markers: Vec<MarkerFile>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Issue")]
pub struct IssueFile {
    pub id: String,
    #[serde(default)]
    pub name: String,
}

/// The draft: `count` paragraphs numbered 1..=count. Sections and issue
/// references are given for ranges, so a long text needs few entries.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Paragraphs")]
pub struct ParagraphsFile {
    pub count: u32,
    #[serde(default)]
    pub sections: Vec<SectionFile>,
    #[serde(default)]
    pub refs: Vec<RefsFile>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Section")]
pub struct SectionFile {
    pub name: String,
    pub first: u32,
    pub last: u32,
}

/// Issue references carried by some paragraphs: those listed in `paragraphs`
/// and those in the inclusive `range`. A later entry overrides the level an
/// earlier entry gave to the same (paragraph, issue).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Refs")]
pub struct RefsFile {
    #[serde(default)]
    pub paragraphs: Vec<u32>,
    #[serde(default)]
    pub range: Option<(u32, u32)>,
    /// issue id -> language level in 0..1
    pub levels: BTreeMap<String, f64>,
    #[serde(default)]
    pub note: String,
}

/// One delegation's position on one issue.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Stance")]
pub struct StanceFile {
    pub ideal: f64,
    pub salience: f64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "RedLine")]
pub enum RedLineFile {
    /// Cannot accept language stronger than `level`.
    AtMost {
        issue: String,
        level: f64,
        #[serde(default = "one")]
        firmness: f64,
    },
    /// Cannot accept language weaker than `level`.
    AtLeast {
        issue: String,
        level: f64,
        #[serde(default = "one")]
        firmness: f64,
    },
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename = "VoteRule")]
pub enum VoteRuleFile {
    #[default]
    Reservation,
    Yes,
    No,
    Abstain,
}

/// Behaviour parameters (MODEL.md section 1). Every field has a default.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
#[serde(rename = "Behaviour")]
pub struct BehaviourFile {
    pub tolerance: f64,
    pub flexibility: f64,
    pub silence_break: f64,
    pub red_line_break: f64,
    pub max_challenges: Option<u32>,
    pub threat: f64,
    pub vote_call: f64,
    pub vote_call_without_red_line: f64,
    pub vote_rule: VoteRuleFile,
    pub reservation: f64,
}

impl Default for BehaviourFile {
    fn default() -> Self {
        Self {
            tolerance: 0.1,
            flexibility: 0.0,
            silence_break: 0.0,
            red_line_break: 1.0,
            max_challenges: None,
            threat: 0.0,
            vote_call: 0.0,
            vote_call_without_red_line: 0.0,
            vote_rule: VoteRuleFile::Reservation,
            reservation: 0.5,
        }
    }
}

/// A state that speaks for itself in the room (and votes at plenary).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Delegation")]
pub struct DelegationFile {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default = "one")]
    pub influence: f64,
    #[serde(default)]
    pub stances: BTreeMap<String, StanceFile>,
    #[serde(default)]
    pub red_lines: Vec<RedLineFile>,
    #[serde(default)]
    pub behaviour: BehaviourFile,
}

/// A bloc that speaks as one (G77 and China, the EU). Its template stance,
/// red lines and behaviour are those of its negotiator; its members vote.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Bloc")]
pub struct BlocFile {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default = "one")]
    pub influence: f64,
    #[serde(default)]
    pub stances: BTreeMap<String, StanceFile>,
    #[serde(default)]
    pub red_lines: Vec<RedLineFile>,
    #[serde(default)]
    pub behaviour: BehaviourFile,
    /// Named member states: delegation ids (members that also speak for
    /// themselves) or plain state codes (members that only vote).
    #[serde(default)]
    pub members: Vec<String>,
    /// Members that only vote and need no name.
    #[serde(default)]
    pub anonymous: u32,
    /// Half-width of the uniform per-run jitter on members' ideal and salience.
    #[serde(default)]
    pub jitter: f64,
    /// Probability that an anonymous member votes as the bloc's negotiator.
    #[serde(default = "one")]
    pub discipline: f64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Mediator")]
pub struct MediatorFile {
    pub skill: f64,
    pub step: f64,
    #[serde(default = "one")]
    pub concession: f64,
    #[serde(default = "one")]
    pub threat_weight: f64,
    /// issue id -> ambiguity discount in 0..1
    #[serde(default)]
    pub ambiguity: BTreeMap<String, f64>,
    /// issue id -> level of the "defer to a process" move
    #[serde(default)]
    pub deferral: BTreeMap<String, f64>,
    /// Whether deletion (level 0, the low-ambition move) is among the
    /// co-facilitators' candidates. The PGA always considers it.
    #[serde(default = "yes")]
    pub deletion: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "President")]
pub struct PresidentFile {
    pub skill: f64,
    pub step: f64,
    #[serde(default)]
    pub collapse_pressure: f64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Stage")]
pub struct StageFile {
    pub name: String,
    #[serde(default)]
    pub date: String,
    pub kind: StageKindFile,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "StageKind")]
pub enum StageKindFile {
    Reading,
    Revision,
    Silence {
        #[serde(default)]
        deadline: String,
    },
    Consultations,
    PresidentCompromise,
    Plenary,
}

/// An outside event, drawn once per run just before stage `before`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Event")]
pub struct EventFile {
    pub name: String,
    /// Name of the stage before which the event is drawn.
    pub before: String,
    pub probability: f64,
    /// Delegation or bloc id whose behaviour changes.
    pub target: String,
    /// behaviour parameter -> new value
    #[serde(default)]
    pub set: BTreeMap<String, f64>,
    /// behaviour parameter -> factor
    #[serde(default)]
    pub scale: BTreeMap<String, f64>,
}

/// A historical fact a run may reproduce (`plenary backtest`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename = "Marker", deny_unknown_fields)]
pub struct MarkerFile {
    pub name: String,
    pub test: MarkerTestFile,
    /// Where the fact comes from (a seed file).
    #[serde(default)]
    pub source: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename = "MarkerTest", deny_unknown_fields)]
pub enum MarkerTestFile {
    /// More than `more_than` (a share) of the paragraphs were in brackets
    /// when `stage` ended.
    BracketedShare { stage: String, more_than: f64 },
    /// Between `min` and `max` negotiators (inclusive) broke silence at `stage`.
    Breakers { stage: String, min: u32, max: u32 },
    /// Between `min` and `max` paragraphs (inclusive) were challenged at `stage`.
    Challenged { stage: String, min: u32, max: u32 },
    /// The delegation threatened a vote when it broke a silence.
    Threatened { delegation: String },
    /// The run ended in `outcome`, with at least these delegations
    /// disassociating.
    Outcome {
        outcome: crate::scenario::Outcome,
        #[serde(default)]
        disassociated: Vec<String>,
    },
}
