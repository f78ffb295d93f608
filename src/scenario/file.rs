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
    /// The scenario's title in reports; required.
    pub name: String,
    /// Free text; default empty.
    #[serde(default)]
    pub description: String,
    /// Declared number of member states (voters). When given, loading checks
    /// that the roster adds up to it (193 for a General Assembly scenario).
    /// Default none: not checked (small teaching scenarios).
    /// Default: the `membership` of an included roster, if one gives it.
    #[serde(default)]
    pub membership: Option<usize>,
    /// Roster files to read first (docs/SCENARIOS.md, "Rosters and
    /// profiles"), each a path relative to this file: their groups give blocs
    /// their members, their names name delegations, and their profiles join
    /// this file's. Default none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// Named templates of stances, red lines and behaviour that blocs and
    /// delegations refer to with `profile: "name"`; default none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub profiles: BTreeMap<String, ProfileFile>,
    /// Share (0..1) of negotiator influence with violated binding red lines
    /// strictly above which the text is not tabled, unless the last silence
    /// held (MODEL.md section 3, Collapse); default 1: never.
    #[serde(default = "one")]
    pub collapse_share: f64,
    /// The issues, each with its language scale from 0.0 to 1.0; required
    /// (may be empty).
    pub issues: Vec<IssueFile>,
    /// The initial draft; required.
    pub paragraphs: ParagraphsFile,
    /// Blocs that speak as one; default none. They come first in roster
    /// order, in file order.
    #[serde(default)]
    pub blocs: Vec<BlocFile>,
    /// States that speak for themselves; default none. They follow the blocs
    /// in roster order, in file order.
    #[serde(default)]
    pub delegations: Vec<DelegationFile>,
    /// The co-facilitators; required.
    pub mediator: MediatorFile,
    /// The President of the General Assembly; default none, required if the
    /// calendar has a `PresidentCompromise` stage.
    #[serde(default)]
    pub president: Option<PresidentFile>,
    /// The stages, in the order they run; required, at least one.
    pub calendar: Vec<StageFile>,
    /// Must be set to `true` for a calendar with no `Plenary`, and only then:
    /// a held silence is then adoption by consensus and anything else is
    /// `no_text`. Default `false`.
    #[serde(default)]
    pub ends_without_plenary: bool,
    /// Outside events that change a negotiator's behaviour; default none.
    #[serde(default)]
    pub events: Vec<EventFile>,
    /// Historical markers for `plenary backtest`; default none.
    #[serde(default)]
    pub markers: Vec<MarkerFile>,
    /// Parameters the seeds leave open, each with a prior, for `plenary
    /// sensitivity`, `calibrate` and `run --priors`; default none. The
    /// scenario's own value of each stays what a plain run uses.
    #[serde(default)]
    pub uncertain: Vec<UncertainFile>,
}

/// A parameter the seeds leave open: a path as in variants and sweeps
/// (`delegations.USA.vote_call`, `delegations.RUS.red_lines.ohchr_role.firmness`)
/// and what is believed of it before history is consulted.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename = "Uncertain", deny_unknown_fields)]
pub struct UncertainFile {
    /// The field, as a variant's `set` names it.
    pub path: String,
    /// A short name for tables and charts; default: the path.
    #[serde(default)]
    pub name: String,
    /// `Uniform(lo: .., hi: ..)`, `Beta(alpha: .., beta: .., lo: .., hi: ..)`
    /// or `Discrete(values: [..])`.
    pub prior: crate::uncertainty::Prior,
    /// Why this prior (a source, or "assumption"); default empty.
    #[serde(default)]
    pub note: String,
}

/// An issue the draft's language takes a position on, on a scale from 0.0
/// (the text says nothing about it) to 1.0 (the strongest language its
/// advocates proposed); the scale is the scenario's to define.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Issue")]
pub struct IssueFile {
    /// Non-empty and unique; every other part of the file refers to the
    /// issue by it (`"gender"`). Required.
    pub id: String,
    /// Its description in reports, best written as what its levels mean
    /// ("0 none, 1 gender mainstreaming throughout"); default: the `id`.
    #[serde(default)]
    pub name: String,
}

/// The draft: `count` paragraphs numbered 1..=count. Sections and issue
/// references are given for ranges, so a long text needs few entries.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Paragraphs")]
pub struct ParagraphsFile {
    /// Number of paragraphs, 1 to 1,000,000; required.
    pub count: u32,
    /// Section names by paragraph range, labels for reports only; default
    /// none.
    #[serde(default)]
    pub sections: Vec<SectionFile>,
    /// The issue references the paragraphs carry, with their initial levels;
    /// default none. A paragraph no entry names carries no issue.
    #[serde(default)]
    pub refs: Vec<RefsFile>,
}

/// A named section of the draft, paragraphs `first..=last`; sections must
/// not overlap.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Section")]
pub struct SectionFile {
    /// Its name in reports (`"Financing"`); required.
    pub name: String,
    /// Number of its first paragraph, within `1..=count`; required.
    pub first: u32,
    /// Number of its last paragraph (inclusive), within `first..=count`;
    /// required.
    pub last: u32,
}

/// Issue references carried by some paragraphs: those listed in `paragraphs`
/// and those in the inclusive `range`. A later entry overrides the level an
/// earlier entry gave to the same (paragraph, issue).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Refs")]
pub struct RefsFile {
    /// Paragraph numbers, each within the draft; default none.
    #[serde(default)]
    pub paragraphs: Vec<u32>,
    /// The paragraphs `a..=b` (`a <= b`, both within the draft); default
    /// none. With `paragraphs`, the entry must name at least one paragraph.
    #[serde(default)]
    pub range: Option<(u32, u32)>,
    /// issue id -> language level in 0..1: the initial level of that issue's
    /// reference in these paragraphs; required. A level of 0.0 is still a
    /// reference (it violates an `AtLeast` red line).
    pub levels: BTreeMap<String, f64>,
    /// Free text, for the reader only; default empty.
    #[serde(default)]
    pub note: String,
}

/// One delegation's position on one issue.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Stance")]
pub struct StanceFile {
    /// The language level (0..1) the negotiator wants; required.
    pub ideal: f64,
    /// How much it cares (0..1): the weight of |level - ideal| in its
    /// dissatisfaction; required.
    pub salience: f64,
}

/// A red line on one issue (MODEL.md section 1), written
/// `AtMost(issue: "gender", level: 0.0, firmness: 0.95)`. At the start of
/// every run it is drawn once whether it binds (with probability `firmness`)
/// or is only a bargaining position for that run.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "RedLine")]
pub enum RedLineFile {
    /// Cannot accept language stronger than `level`.
    AtMost {
        /// Id of the issue the line is on; required.
        issue: String,
        /// The strongest acceptable level (0..1); required.
        level: f64,
        /// Probability (0..1) that the line binds in a run; default 1.
        #[serde(default = "one")]
        firmness: f64,
    },
    /// Cannot accept language weaker than `level`.
    AtLeast {
        /// Id of the issue the line is on; required.
        issue: String,
        /// The weakest acceptable level (0..1); required.
        level: f64,
        /// Probability (0..1) that the line binds in a run; default 1.
        #[serde(default = "one")]
        firmness: f64,
    },
}

/// An amendment a negotiator would move at the plenary (rule 90): written
/// `Delete(paragraph: 54)` or `Level(paragraph: 54, issue: "gender", level:
/// 0.0)`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Amendment")]
pub enum AmendmentFile {
    /// Strike the paragraph from the text.
    Delete {
        /// Number of the paragraph (1..count); required.
        paragraph: u32,
    },
    /// Change the level of one of the paragraph's references.
    Level {
        /// Number of the paragraph (1..count); required.
        paragraph: u32,
        /// Id of an issue the paragraph references; required.
        issue: String,
        /// The level (0..1) the amendment writes; required.
        level: f64,
    },
}

/// How a voter votes in a recorded vote (`behaviour.vote_rule`); default
/// `Reservation`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename = "VoteRule")]
pub enum VoteRuleFile {
    /// By the text (MODEL.md section 5): with U its mean dissatisfaction over
    /// the paragraphs that reference an issue it has a stance on, `No` if a
    /// binding red line of its own is violated and U > `reservation`,
    /// `Abstain` if only one of the two holds, else `Yes`.
    #[default]
    Reservation,
    /// Always yes, whatever the text.
    Yes,
    /// Always no, whatever the text.
    No,
    /// Always abstains, whatever the text.
    Abstain,
}

/// Behaviour parameters (MODEL.md sections 1, 3 and 5). Every field has a
/// default, so `behaviour` may be left out or given in part.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
#[serde(rename = "Behaviour")]
pub struct BehaviourFile {
    /// Dissatisfaction (>= 0) it accepts in a paragraph without objecting;
    /// default 0.1.
    pub tolerance: f64,
    /// Growth of tolerance (>= 0) per stage already run: tolerance at stage
    /// t is `tolerance + flexibility * t`, t the stages run before this one;
    /// default 0.
    pub flexibility: f64,
    /// Probability (0..1) that it breaks a silence when it objects to some
    /// paragraph but none violates its binding red lines; default 0.
    pub silence_break: f64,
    /// Probability (0..1) that it breaks a silence when some paragraph
    /// violates one of its binding red lines; default 1.
    pub red_line_break: f64,
    /// The most paragraphs a breaker challenges of those it objects to
    /// without a red line, worst first (ties by paragraph number); red-line
    /// paragraphs are always challenged and do not count. Default unlimited.
    /// With 0, it breaks no silence unless a red line of its own is at stake.
    pub max_challenges: Option<u32>,
    /// Probability (0..1) that a breaker over a red line threatens a vote
    /// (it then weighs `threat_weight` more in the consultations); default 0.
    pub threat: f64,
    /// Probability (0..1) of calling a recorded vote at the plenary when the
    /// final text still violates one of its binding red lines; default 0.
    pub vote_call: f64,
    /// Probability (0..1) of calling a recorded vote at the plenary when the
    /// final text violates none of its binding red lines (an addition to the
    /// design, MODEL.md section 9); default 0.
    pub vote_call_without_red_line: f64,
    /// Probability (0..1) that, at the plenary, it asks for separate
    /// recorded votes (rule 89) on the paragraphs that still violate one of
    /// its binding red lines (MODEL.md section 9, "Separate votes"); default 0.
    pub separate_vote: f64,
    /// The most paragraphs it asks separate votes on, worst first (by its
    /// dissatisfaction, ties by paragraph number). Default unlimited.
    pub max_separate_votes: Option<u32>,
    /// Probability (0..1) that, at the plenary, it moves its `amendments`
    /// (rule 90) that would still change the text (MODEL.md section 9,
    /// "Amendments"); default 0.
    pub amend: f64,
    /// Probability (0..1) that it moves no action (rule 74) on an amendment
    /// that would make the paragraph worse for it; default 0. Needs a stake:
    /// a stance or a red line on some issue.
    pub no_action: f64,
    /// How it votes in a recorded vote; default `Reservation`.
    pub vote_rule: VoteRuleFile,
    /// Under `Reservation`, the mean dissatisfaction (>= 0) above which it
    /// protests: `No` with one of its binding red lines violated, `Abstain`
    /// without; default 0.5.
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
            separate_vote: 0.0,
            max_separate_votes: None,
            amend: 0.0,
            no_action: 0.0,
            vote_rule: VoteRuleFile::Reservation,
            reservation: 0.5,
        }
    }
}

/// A state that speaks for itself in the room (and votes at plenary).
///
/// A delegation also listed in a bloc's `members` is counted once, as a
/// member of the bloc: in the room it brings only its own stances and red
/// lines, and at a recorded vote it applies its own `vote_rule` and
/// `reservation` to the bloc's stance and red lines, overridden issue by
/// issue by its own.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Delegation")]
pub struct DelegationFile {
    /// Non-empty, unique among blocs and delegations (ISO 3166 alpha-3 for a
    /// state: `"USA"`); required.
    pub id: String,
    /// Its name in reports; default: its name in an included roster's
    /// `names`, else the `id`.
    #[serde(default)]
    pub name: String,
    /// The profile (in `profiles`, its own or an included roster's) whose
    /// stances, red lines and behaviour it takes where it gives none of its
    /// own; default none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Weight (> 0) in the compromise point, in the scoring of moves and in
    /// the collapse share; default 1.
    #[serde(default = "one")]
    pub influence: f64,
    /// issue id -> its stance; no stance on an issue means salience 0.
    /// Default none.
    #[serde(default)]
    pub stances: BTreeMap<String, StanceFile>,
    /// Its red lines; default none.
    #[serde(default)]
    pub red_lines: Vec<RedLineFile>,
    /// Its behaviour; every parameter left out takes its default.
    #[serde(default)]
    pub behaviour: BehaviourFile,
    /// The amendments it would move at the plenary (rule 90), drawn with
    /// `behaviour.amend`; default none.
    #[serde(default)]
    pub amendments: Vec<AmendmentFile>,
}

/// A bloc that speaks as one (G77 and China, the EU). Its template stance,
/// red lines and behaviour are those of its negotiator; its members vote.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Bloc")]
pub struct BlocFile {
    /// Non-empty, unique among blocs and delegations (`"G77"`); required.
    pub id: String,
    /// Its name in reports; default: the name of the included roster's group
    /// of the same `id`, else its name in the roster's `names`, else the `id`.
    #[serde(default)]
    pub name: String,
    /// The profile (in `profiles`, its own or an included roster's) whose
    /// stances, red lines and behaviour its negotiator takes where the bloc
    /// gives none of its own; default none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Its negotiator's weight (> 0) in the compromise point, in the scoring
    /// of moves and in the collapse share; default 1.
    #[serde(default = "one")]
    pub influence: f64,
    /// The template stance, issue id -> stance: its negotiator's (no
    /// jitter), and the base of its members' votes. Default none.
    #[serde(default)]
    pub stances: BTreeMap<String, StanceFile>,
    /// The bloc's red lines, drawn once per run for the bloc and held by its
    /// negotiator; default none.
    #[serde(default)]
    pub red_lines: Vec<RedLineFile>,
    /// Its negotiator's behaviour, whose `vote_rule` and `reservation` the
    /// members that do not speak for themselves also use; every parameter
    /// left out takes its default.
    #[serde(default)]
    pub behaviour: BehaviourFile,
    /// The amendments it would move at the plenary (rule 90), drawn with
    /// `behaviour.amend`; default none.
    #[serde(default)]
    pub amendments: Vec<AmendmentFile>,
    /// Named member states: delegation ids (members that also speak for
    /// themselves) or plain state codes (members that only vote). Default
    /// none; a state is in at most one bloc, and a bloc cannot be a member.
    /// A bloc that gives neither `members` nor `anonymous` takes both from
    /// the included roster's group of the same `id`.
    #[serde(default)]
    pub members: Vec<String>,
    /// Members that only vote and need no name (0 to 1,000,000), named
    /// `ID#1`, `ID#2`, ...; default 0. A bloc needs at least one member,
    /// named or anonymous.
    #[serde(default)]
    pub anonymous: u32,
    /// Half-width (0..1) of the uniform jitter on a member's ideal and
    /// salience (clipped to 0..1) when it votes on its own; default 0.
    #[serde(default)]
    pub jitter: f64,
    /// Probability (0..1) that a member that does not speak for itself casts
    /// the bloc's negotiator's vote; default 1.
    #[serde(default = "one")]
    pub discipline: f64,
}

/// The co-facilitators, who make the compromise moves of `Revision` and
/// `Consultations` stages (MODEL.md section 4).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Mediator")]
pub struct MediatorFile {
    /// Probability (0..1) of finding the best move, one draw per contested
    /// reference; required.
    pub skill: f64,
    /// Otherwise the level moves this fraction (0..1) of the way toward the
    /// compromise point, stopping at any binding red line the current level
    /// satisfies; required.
    pub step: f64,
    /// In `Consultations`, the breakers that challenged a paragraph weigh
    /// this many times (> 0) their influence in its compromise point;
    /// default 1.
    #[serde(default = "one")]
    pub concession: f64,
    /// In `Consultations`, a breaker that threatened a vote at the last
    /// silence weighs this many times (> 0) more again; default 1.
    #[serde(default = "one")]
    pub threat_weight: f64,
    /// issue id -> ambiguity discount in 0..1, for the issues that admit
    /// constructive ambiguity: the factor on everyone's dissatisfaction with
    /// the reference (once per reference; it never cures a red-line
    /// violation). Default none.
    #[serde(default)]
    pub ambiguity: BTreeMap<String, f64>,
    /// issue id -> level (0..1) of the "defer to a process" move, for the
    /// issues that have one; default none.
    #[serde(default)]
    pub deferral: BTreeMap<String, f64>,
    /// Whether deletion (level 0, the low-ambition move) is among the
    /// co-facilitators' candidates; default `true`. The PGA always considers
    /// it.
    #[serde(default = "yes")]
    pub deletion: bool,
}

/// The President of the General Assembly, who makes the final package of a
/// `PresidentCompromise` stage (with the mediator's `ambiguity` and
/// `deferral` tables).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "President")]
pub struct PresidentFile {
    /// Probability (0..1) of finding the best move in the final package;
    /// required.
    pub skill: f64,
    /// Otherwise the fraction (0..1) of the way toward the compromise point
    /// the level moves; required.
    pub step: f64,
    /// After the package, every red line's firmness drops by this much (0..1,
    /// floor 0), and a binding line stays binding with probability new/old
    /// firmness; default 0.
    #[serde(default)]
    pub collapse_pressure: f64,
}

/// One stage of the calendar.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Stage")]
pub struct StageFile {
    /// Unique; events and markers refer to the stage by it
    /// (`"Silence on Rev.3"`). Required.
    pub name: String,
    /// A label for reports (`"12 Dec 2025"`); default empty.
    #[serde(default)]
    pub date: String,
    /// What the stage does; required.
    pub kind: StageKindFile,
}

/// What a stage does (MODEL.md section 3).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "StageKind")]
pub enum StageKindFile {
    /// Every negotiator brackets the paragraphs it objects to (replacing
    /// earlier brackets).
    Reading,
    /// The mediator makes one compromise move on each contested reference of
    /// every bracketed paragraph and issues a clean text.
    Revision,
    /// The text goes out under the silence procedure; breakers bracket the
    /// paragraphs they challenge. If nobody breaks it, the run jumps to the
    /// `Plenary` (or ends in consensus when there is none). Written
    /// `Silence()` or `Silence(deadline: "...")`.
    Silence {
        /// A label for reports (`"12 Dec 2025 15:00"`); default empty.
        #[serde(default)]
        deadline: String,
    },
    /// Only after a broken silence: one move on each challenged paragraph,
    /// the breakers weighted by `concession` (and `threat_weight`).
    Consultations,
    /// The President moves every paragraph some negotiator still objects to,
    /// tables a clean text, then applies `collapse_pressure`. Needs
    /// `president`.
    PresidentCompromise,
    /// The collapse rule, then adoption without a vote, or a recorded vote if
    /// one is called (MODEL.md section 5). Must be the last stage.
    Plenary,
}

/// An outside event, drawn once per run just before stage `before`, that
/// changes one negotiator's behaviour for the rest of the run. The parameters
/// it may change are those of [`Param`](super::Param); `set` and `scale`
/// must not both be empty.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Event")]
pub struct EventFile {
    /// A label for reports; required.
    pub name: String,
    /// Name of the stage before which the event is drawn; required. If a
    /// held silence jumps over the stage, the event is drawn at the jump; if
    /// the run never gets there, it is not drawn.
    pub before: String,
    /// Probability (0..1) that it fires; required.
    pub probability: f64,
    /// Delegation or bloc id whose behaviour changes (for a bloc, its
    /// negotiator's); required.
    pub target: String,
    /// behaviour parameter -> new value (0..1 for a probability, >= 0
    /// otherwise), applied before `scale`; default none.
    #[serde(default)]
    pub set: BTreeMap<String, f64>,
    /// behaviour parameter -> factor (>= 0) on the current value; default
    /// none. Probabilities are then clipped to 0..1.
    #[serde(default)]
    pub scale: BTreeMap<String, f64>,
}

/// A historical fact a run may reproduce (`plenary backtest`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename = "Marker", deny_unknown_fields)]
pub struct MarkerFile {
    /// Shown in the backtest report; required.
    pub name: String,
    /// What a run must do to reproduce it; required.
    pub test: MarkerTestFile,
    /// Where the fact comes from (a seed file).
    #[serde(default)]
    pub source: String,
}

/// The test of a marker: what a run must have done to reproduce it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename = "MarkerTest", deny_unknown_fields)]
pub enum MarkerTestFile {
    /// More than `more_than` (a share) of the paragraphs were in brackets
    /// when `stage` ended.
    BracketedShare {
        /// Name of the stage.
        stage: String,
        /// The share of the paragraphs (0..1) to exceed.
        more_than: f64,
    },
    /// Between `min` and `max` negotiators (inclusive) broke silence at `stage`.
    Breakers {
        /// Name of a `Silence` stage.
        stage: String,
        /// The fewest breakers.
        min: u32,
        /// The most breakers (at least `min`).
        max: u32,
    },
    /// Between `min` and `max` paragraphs (inclusive) were challenged at `stage`.
    Challenged {
        /// Name of a `Silence` stage.
        stage: String,
        /// The fewest paragraphs challenged.
        min: u32,
        /// The most paragraphs challenged (at least `min`).
        max: u32,
    },
    /// The delegation threatened a vote when it broke a silence.
    Threatened {
        /// Id of the delegation or bloc.
        delegation: String,
    },
    /// The run ended in `outcome`, with at least these delegations
    /// disassociating.
    Outcome {
        /// `consensus`, `adopted_by_vote`, `rejected_by_vote` or `no_text`.
        outcome: crate::scenario::checked::Outcome,
        /// Ids of delegations or blocs that must all have disassociated;
        /// default none.
        #[serde(default)]
        disassociated: Vec<String>,
    },
    /// A separate recorded vote (rule 89) was held on the paragraph and
    /// retained it (`retained: true`) or struck it (`false`).
    SeparateVote {
        /// Number of the paragraph.
        paragraph: u32,
        /// Whether the vote kept the paragraph in the text.
        retained: bool,
    },
    /// An amendment (to `paragraph`, if given; else any) was defeated by a
    /// no-action motion (rule 74): the motion carried and the amendment was
    /// never voted on.
    DefeatedByNoAction {
        /// Number of the amended paragraph; default any.
        #[serde(default)]
        paragraph: Option<u32>,
    },
    /// An amendment (to `paragraph`, if given; else any) was put to the
    /// vote and adopted (rule 90).
    AmendmentAdopted {
        /// Number of the amended paragraph; default any.
        #[serde(default)]
        paragraph: Option<u32>,
    },
}

/// A profile: stances, red lines and behaviour that several blocs or
/// delegations share, written once in `profiles` and named by their
/// `profile`. What a negotiator writes itself wins: a stance on an issue
/// replaces the profile's stance on it, a red line on an issue replaces the
/// profile's red lines on it, and each behaviour parameter it gives replaces
/// the profile's. Resolved when the file is loaded, before validation.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Profile")]
pub struct ProfileFile {
    /// issue id -> stance; default none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub stances: BTreeMap<String, StanceFile>,
    /// Red lines; default none. They come before the negotiator's own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub red_lines: Vec<RedLineFile>,
    /// Behaviour parameters; those it leaves out are the negotiator's own,
    /// or the defaults.
    #[serde(default)]
    pub behaviour: BehaviourPatch,
}

/// A behaviour written in part: the parameters of [`BehaviourFile`] that a
/// profile (or a negotiator that uses one) gives, `None` for the others.
/// `max_challenges: None` written out is "unlimited", which replaces a
/// profile's count.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
#[serde(rename = "Behaviour")]
#[allow(missing_docs)] // the fields are those of `BehaviourFile`
pub struct BehaviourPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flexibility: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub silence_break: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub red_line_break: Option<f64>,
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    pub max_challenges: Option<Option<u32>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threat: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vote_call: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vote_call_without_red_line: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub separate_vote: Option<f64>,
    #[serde(deserialize_with = "written", skip_serializing_if = "Option::is_none")]
    pub max_separate_votes: Option<Option<u32>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amend: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_action: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vote_rule: Option<VoteRuleFile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reservation: Option<f64>,
}

/// An optional value that is written: `Some` of what is written, `None`
/// included (a field left out is `None` by the field's default).
fn written<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

impl BehaviourPatch {
    /// `behaviour` with the parameters this patch gives replaced.
    pub fn apply(&self, behaviour: &mut BehaviourFile) {
        let b = behaviour;
        macro_rules! put {
            ($($field:ident),*) => {$(
                if let Some(v) = self.$field { b.$field = v; }
            )*};
        }
        put!(
            tolerance,
            flexibility,
            silence_break,
            red_line_break,
            max_challenges,
            threat,
            vote_call,
            vote_call_without_red_line,
            separate_vote,
            max_separate_votes,
            amend,
            no_action,
            vote_rule,
            reservation
        );
    }
}

/// A roster file, included by scenarios (`include: ["roster/un193.ron"]`):
/// what several scenarios of one body share. Every field has a default.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
#[serde(rename = "Roster")]
pub struct RosterFile {
    /// Free text, for the reader.
    pub description: String,
    /// Other roster files to read first, relative to this one.
    pub include: Vec<String>,
    /// The number of member states, for a scenario that gives none.
    pub membership: Option<usize>,
    /// Groups of states (a bloc, a regional group) that a scenario's bloc of
    /// the same `id` may take its members from.
    pub groups: Vec<GroupFile>,
    /// State code -> its name in reports, for the delegations (and blocs)
    /// of a scenario that give none.
    pub names: BTreeMap<String, String>,
    /// Profiles, as a scenario's `profiles`; a name may be defined once
    /// among a scenario and everything it includes.
    pub profiles: BTreeMap<String, ProfileFile>,
}

/// A group of states in a roster: who its members are, not how it
/// negotiates (that is the scenario's bloc of the same `id`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Group")]
pub struct GroupFile {
    /// Non-empty, unique among the groups of the files a scenario includes.
    pub id: String,
    /// Its name in reports; default: the `id`.
    #[serde(default)]
    pub name: String,
    /// Named member states (codes); default none.
    #[serde(default)]
    pub members: Vec<String>,
    /// Members that need no name, as a bloc's `anonymous`; default 0.
    #[serde(default)]
    pub anonymous: u32,
}
