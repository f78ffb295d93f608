//! The checked scenario: ids resolved to indices, defaults applied, every
//! number within its range. Built by [`super::validate`]; its fields are
//! public so that an analysis can derive a changed scenario (as `explain`
//! drops red lines), but a scenario changed in code is not checked again:
//! the simulation assumes what validation guarantees (a calendar, a stance
//! per issue, a bloc for every bloc member), and to change a scenario
//! safely, change its `ScenarioFile` and call [`super::check`].

use std::path::PathBuf;

use serde::Serialize;

/// Index of an issue in [`Scenario::issues`].
pub type IssueId = usize;
/// Index of a negotiator in [`Scenario::negotiators`] (roster order).
pub type NegotiatorId = usize;

#[derive(Debug, Clone, Serialize)]
pub struct Issue {
    pub id: String,
    pub name: String,
}

/// A paragraph of the initial draft.
#[derive(Debug, Clone, Serialize)]
pub struct ParagraphSpec {
    pub number: u32,
    pub section: String,
    /// (issue, initial level), sorted by issue, at most one per issue.
    pub refs: Vec<(IssueId, f64)>,
}

/// One delegation's position on one issue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Stance {
    pub ideal: f64,
    pub salience: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Bound {
    AtMost(f64),
    AtLeast(f64),
}

impl Bound {
    /// The level the line is drawn at.
    pub fn level(&self) -> f64 {
        match *self {
            Bound::AtMost(x) | Bound::AtLeast(x) => x,
        }
    }

    /// `at_most` or `at_least`, as JSON writes a bound.
    pub fn key(&self) -> &'static str {
        match self {
            Bound::AtMost(_) => "at_most",
            Bound::AtLeast(_) => "at_least",
        }
    }

    /// "AtMost(gender, 0.00)": the line as a scenario file writes it, with
    /// its issue's id.
    pub fn label(&self, issue: &str) -> String {
        match self {
            Bound::AtMost(x) => format!("AtMost({issue}, {x:.2})"),
            Bound::AtLeast(x) => format!("AtLeast({issue}, {x:.2})"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RedLineSpec {
    pub issue: IssueId,
    pub bound: Bound,
    pub firmness: f64,
    /// Which of its negotiator's red-line draws decides whether it binds:
    /// its position in the file. `explain` drops lines but keeps the other
    /// lines' draws (and [`NegotiatorSpec::red_line_draws`]), so they bind
    /// in the same runs as in the base.
    pub draw: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub enum VoteRule {
    #[default]
    Reservation,
    Yes,
    No,
    Abstain,
}

/// Behaviour parameters (MODEL.md section 1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Behaviour {
    pub tolerance: f64,
    pub flexibility: f64,
    pub silence_break: f64,
    pub red_line_break: f64,
    /// `u32::MAX` when unlimited.
    pub max_challenges: u32,
    pub threat: f64,
    pub vote_call: f64,
    /// Probability of calling a vote with no binding red line violated.
    pub vote_call_without_red_line: f64,
    pub vote_rule: VoteRule,
    pub reservation: f64,
}

/// The behaviour parameters an event may set or scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Param {
    Tolerance,
    Flexibility,
    SilenceBreak,
    RedLineBreak,
    Threat,
    VoteCall,
    VoteCallWithoutRedLine,
    Reservation,
}

impl Param {
    pub const ALL: [(&'static str, Param); 8] = [
        ("tolerance", Param::Tolerance),
        ("flexibility", Param::Flexibility),
        ("silence_break", Param::SilenceBreak),
        ("red_line_break", Param::RedLineBreak),
        ("threat", Param::Threat),
        ("vote_call", Param::VoteCall),
        ("vote_call_without_red_line", Param::VoteCallWithoutRedLine),
        ("reservation", Param::Reservation),
    ];

    pub fn parse(name: &str) -> Option<Param> {
        Param::ALL.iter().find(|(n, _)| *n == name).map(|(_, p)| *p)
    }

    pub fn name(self) -> &'static str {
        Param::ALL.iter().find(|(_, p)| *p == self).map(|(n, _)| *n).unwrap_or("?")
    }

    /// Whether the parameter is a probability (clipped to 0..1 after scaling).
    pub fn is_probability(self) -> bool {
        !matches!(self, Param::Tolerance | Param::Flexibility | Param::Reservation)
    }
}

impl Behaviour {
    pub fn get(&self, p: Param) -> f64 {
        match p {
            Param::Tolerance => self.tolerance,
            Param::Flexibility => self.flexibility,
            Param::SilenceBreak => self.silence_break,
            Param::RedLineBreak => self.red_line_break,
            Param::Threat => self.threat,
            Param::VoteCall => self.vote_call,
            Param::VoteCallWithoutRedLine => self.vote_call_without_red_line,
            Param::Reservation => self.reservation,
        }
    }

    pub fn set(&mut self, p: Param, value: f64) {
        let slot = match p {
            Param::Tolerance => &mut self.tolerance,
            Param::Flexibility => &mut self.flexibility,
            Param::SilenceBreak => &mut self.silence_break,
            Param::RedLineBreak => &mut self.red_line_break,
            Param::Threat => &mut self.threat,
            Param::VoteCall => &mut self.vote_call,
            Param::VoteCallWithoutRedLine => &mut self.vote_call_without_red_line,
            Param::Reservation => &mut self.reservation,
        };
        *slot = if p.is_probability() { value.clamp(0.0, 1.0) } else { value.max(0.0) };
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum NegotiatorKind {
    /// Speaks for a bloc; its members vote, it does not.
    Bloc,
    /// A state that speaks for itself and votes.
    State,
}

/// A delegation in the room.
#[derive(Debug, Clone, Serialize)]
pub struct NegotiatorSpec {
    pub id: String,
    pub name: String,
    pub kind: NegotiatorKind,
    pub influence: f64,
    /// One entry per issue; `None` means no stance (salience 0).
    pub stances: Vec<Option<Stance>>,
    pub red_lines: Vec<RedLineSpec>,
    /// How many numbers the red-line draw takes at the start of a run: one
    /// per red line of the file, also for a line a variant of `explain`
    /// dropped, so that every later draw of the run stays where it was.
    pub red_line_draws: usize,
    pub behaviour: Behaviour,
}

/// A member state with one vote at plenary.
#[derive(Debug, Clone, Serialize)]
pub struct VoterSpec {
    /// State code, or `BLOC#n` for the n-th anonymous member of a bloc.
    pub id: String,
    /// The negotiator of the bloc it belongs to.
    pub bloc: Option<NegotiatorId>,
    /// Its own negotiator, when it speaks for itself.
    pub own: Option<NegotiatorId>,
}

/// Voting members of a bloc beyond its template (held by its negotiator).
#[derive(Debug, Clone, Serialize)]
pub struct BlocSpec {
    pub id: String,
    pub negotiator: NegotiatorId,
    pub size: usize,
    pub jitter: f64,
    pub discipline: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct MediatorSpec {
    pub skill: f64,
    pub step: f64,
    pub concession: f64,
    pub threat_weight: f64,
    /// Per issue: the ambiguity discount, if the issue admits ambiguity.
    pub ambiguity: Vec<Option<f64>>,
    /// Per issue: the level of the deferral move, if there is one.
    pub deferral: Vec<Option<f64>>,
    pub deletion: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PresidentSpec {
    pub skill: f64,
    pub step: f64,
    pub collapse_pressure: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum StageKind {
    Reading,
    Revision,
    Silence,
    Consultations,
    PresidentCompromise,
    Plenary,
}

impl StageKind {
    pub const ALL: [StageKind; 6] = [
        StageKind::Reading,
        StageKind::Revision,
        StageKind::Silence,
        StageKind::Consultations,
        StageKind::PresidentCompromise,
        StageKind::Plenary,
    ];

    /// The kind whose [`StageKind::key`] is `key`.
    pub fn from_key(key: &str) -> Option<StageKind> {
        StageKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Its name for a reader: "Silence procedure", "President's compromise".
    pub fn label(&self) -> &'static str {
        match self {
            StageKind::Reading => "Reading",
            StageKind::Revision => "Revision",
            StageKind::Silence => "Silence procedure",
            StageKind::Consultations => "Consultations",
            StageKind::PresidentCompromise => "President's compromise",
            StageKind::Plenary => "Plenary",
        }
    }

    /// The name used in reports and JSON (`reading`, `silence`, ...).
    pub fn key(&self) -> &'static str {
        match self {
            StageKind::Reading => "reading",
            StageKind::Revision => "revision",
            StageKind::Silence => "silence",
            StageKind::Consultations => "consultations",
            StageKind::PresidentCompromise => "president_compromise",
            StageKind::Plenary => "plenary",
        }
    }
}

/// Written as its [`StageKind::key`], padded to the width asked for.
impl std::fmt::Display for StageKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.key())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct StageSpec {
    pub name: String,
    pub date: String,
    pub kind: StageKind,
    /// The silence deadline (Silence stages only; may be empty).
    pub deadline: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Change {
    Set(f64),
    Scale(f64),
}

#[derive(Debug, Clone, Serialize)]
pub struct EventSpec {
    pub name: String,
    /// Index of the stage before which it is drawn.
    pub before: usize,
    pub probability: f64,
    pub target: NegotiatorId,
    pub changes: Vec<(Param, Change)>,
}

/// Written as its [`Outcome::key`], padded to the width asked for.
impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.key())
    }
}

/// How a run ends (MODEL.md section 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Consensus,
    AdoptedByVote,
    RejectedByVote,
    NoText,
}

impl Outcome {
    pub const ALL: [Outcome; 4] =
        [Outcome::Consensus, Outcome::AdoptedByVote, Outcome::RejectedByVote, Outcome::NoText];

    /// Its name for a reader: "adopted by vote".
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Consensus => "consensus",
            Outcome::AdoptedByVote => "adopted by vote",
            Outcome::RejectedByVote => "rejected by vote",
            Outcome::NoText => "no text",
        }
    }

    /// The key used in JSON and CSV.
    pub fn key(self) -> &'static str {
        match self {
            Outcome::Consensus => "consensus",
            Outcome::AdoptedByVote => "adopted_by_vote",
            Outcome::RejectedByVote => "rejected_by_vote",
            Outcome::NoText => "no_text",
        }
    }

    /// Its place in [`Outcome::ALL`] and in a [`crate::model::table::PerOutcome`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl crate::model::table::TableKey for Outcome {
    const ALL: &'static [Self] = &Outcome::ALL;
    fn index(self) -> usize {
        Outcome::index(self)
    }
    fn key(self) -> &'static str {
        Outcome::key(self)
    }
}

/// A checked historical marker: stage and delegation names resolved.
#[derive(Debug, Clone, Serialize)]
pub struct MarkerSpec {
    pub name: String,
    pub source: String,
    pub test: MarkerTest,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum MarkerTest {
    BracketedShare { stage: usize, more_than: f64 },
    Breakers { stage: usize, min: u32, max: u32 },
    Challenged { stage: usize, min: u32, max: u32 },
    Threatened { negotiator: NegotiatorId },
    Outcome { outcome: Outcome, disassociated: Vec<NegotiatorId> },
}

/// A checked scenario, the engine's only input. Its parts are read through
/// its methods; it cannot be changed once checked (change its
/// [`super::ScenarioFile`] and check that again: [`super::check`]).
#[derive(Debug, Clone, Serialize)]
pub struct Scenario {
    pub(crate) name: String,
    pub(crate) description: String,
    /// The file it was loaded from (for messages).
    pub(crate) source: PathBuf,
    pub(crate) issues: Vec<Issue>,
    pub(crate) paragraphs: Vec<ParagraphSpec>,
    /// Roster order: blocs in file order, then delegations in file order.
    pub(crate) negotiators: Vec<NegotiatorSpec>,
    pub(crate) voters: Vec<VoterSpec>,
    pub(crate) blocs: Vec<BlocSpec>,
    pub(crate) mediator: MediatorSpec,
    pub(crate) president: Option<PresidentSpec>,
    pub(crate) calendar: Vec<StageSpec>,
    pub(crate) ends_without_plenary: bool,
    pub(crate) events: Vec<EventSpec>,
    pub(crate) collapse_share: f64,
    pub(crate) markers: Vec<MarkerSpec>,
}

impl Scenario {
    /// Its `name`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its `description`.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The file it was loaded from.
    pub fn source(&self) -> &std::path::Path {
        &self.source
    }

    /// The issues, in file order.
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// The paragraphs of the initial draft, in text order.
    pub fn paragraphs(&self) -> &[ParagraphSpec] {
        &self.paragraphs
    }

    /// The negotiators in the room, in roster order: blocs in file order,
    /// then the delegations that speak for themselves, in file order.
    pub fn negotiators(&self) -> &[NegotiatorSpec] {
        &self.negotiators
    }

    /// The member states that vote, in roster order (docs/JSON.md).
    pub fn voters(&self) -> &[VoterSpec] {
        &self.voters
    }

    /// The blocs' voting members beyond their templates.
    pub fn blocs(&self) -> &[BlocSpec] {
        &self.blocs
    }

    /// The co-facilitators.
    pub fn mediator(&self) -> &MediatorSpec {
        &self.mediator
    }

    /// The President of the General Assembly, if the scenario has one.
    pub fn president(&self) -> Option<&PresidentSpec> {
        self.president.as_ref()
    }

    /// The stages, in calendar order.
    pub fn calendar(&self) -> &[StageSpec] {
        &self.calendar
    }

    /// The outside events, in file order.
    pub fn events(&self) -> &[EventSpec] {
        &self.events
    }

    /// The share of influence whose violated red lines sink the text (1: never).
    pub fn collapse_share(&self) -> f64 {
        self.collapse_share
    }

    /// The historical markers a backtest checks.
    pub fn markers(&self) -> &[MarkerSpec] {
        &self.markers
    }

    /// The same scenario without negotiator `negotiator`'s red line `line`
    /// (its position in `red_lines`), or without all of its red lines
    /// (`None`), named `name`. The lines kept draw the same numbers as in
    /// this scenario (docs/MODEL.md section 10, "explain keeps the draws of
    /// the lines it drops"). The only change a checked scenario allows: what
    /// it removes cannot make the rest invalid.
    pub fn without_red_lines(&self, negotiator: usize, line: Option<usize>, name: String) -> Scenario {
        let mut s = self.clone();
        let lines = &mut s.negotiators[negotiator].red_lines;
        match line {
            Some(j) => {
                lines.remove(j);
            }
            None => lines.clear(),
        }
        s.name = name;
        s
    }

    /// SHA-256 (lowercase hex) of the checked scenario's content: its JSON
    /// serialization without `source`, the path it was loaded from, so the
    /// same scenario gives the same digest in any folder, on any machine,
    /// with any Rust version. Any difference, in a number as much as in a
    /// name, changes it. Shards and sweep folders carry it.
    pub fn digest(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut value = serde_json::to_value(self).expect("a checked scenario serializes to JSON");
        if let Some(fields) = value.as_object_mut() {
            fields.remove("source");
        }
        let bytes = serde_json::to_vec(&value).expect("a JSON value serializes");
        Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn negotiator_index(&self, id: &str) -> Option<NegotiatorId> {
        self.negotiators.iter().position(|n| n.id == id)
    }

    pub fn issue_index(&self, id: &str) -> Option<IssueId> {
        self.issues.iter().position(|i| i.id == id)
    }

    /// What `other` has that differs in structure from this scenario, in
    /// this order: `roster` (other negotiators), `issues`, `paragraphs`
    /// (other paragraph numbers); empty if nothing. Paired comparisons stay
    /// valid between any two scenarios, but run i of each then spends its
    /// random draws on different things, so the pairing saves less variance
    /// (and two unrelated negotiations may make a difference that means
    /// little).
    pub fn differs_in_structure(&self, other: &Scenario) -> Vec<&'static str> {
        let ids = |s: &Scenario| s.negotiators.iter().map(|n| n.id.clone()).collect::<Vec<_>>();
        let issues = |s: &Scenario| s.issues.iter().map(|i| i.id.clone()).collect::<Vec<_>>();
        let numbers = |s: &Scenario| s.paragraphs.iter().map(|p| p.number).collect::<Vec<_>>();
        [
            ("roster", ids(self) != ids(other)),
            ("issues", issues(self) != issues(other)),
            ("paragraphs", numbers(self) != numbers(other)),
        ]
        .into_iter()
        .filter_map(|(what, differs)| differs.then_some(what))
        .collect()
    }
}
