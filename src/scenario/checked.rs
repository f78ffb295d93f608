//! The checked scenario: ids resolved to indices, defaults applied, every
//! number within its range. Built by [`super::validate`]; its fields are
//! public so that an analysis can derive a changed scenario (as `explain`
//! drops red lines), but a scenario changed in code is not checked again:
//! the simulation assumes what validation guarantees (a calendar, a stance
//! per issue, a bloc for every bloc member), and to change a scenario
//! safely, change its `ScenarioFile` and call [`super::check`].

use std::path::PathBuf;

use serde::Serialize;

/// An issue of a checked scenario: its index in [`Scenario::issues`]. A
/// type of its own, so that an issue cannot be passed where a negotiator
/// is meant (both were bare indices); only a checked scenario makes them.
///
/// ```
/// let s = plenary::load("scenarios/wsis20.ron").unwrap();
/// let usa: plenary::scenario::NegotiatorId = s.negotiator_index("USA").unwrap();
/// assert_eq!(s.negotiator(usa).id, "USA");
/// ```
///
/// An issue is not a negotiator:
///
/// ```compile_fail
/// let s = plenary::load("scenarios/wsis20.ron").unwrap();
/// let usa: plenary::scenario::NegotiatorId = s.issue_index("gender").unwrap();
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct IssueId(usize);

impl IssueId {
    pub(crate) fn new(index: usize) -> IssueId {
        IssueId(index)
    }

    /// Its position in [`Scenario::issues`] (and in every table by issue).
    pub fn index(self) -> usize {
        self.0
    }
}

/// A negotiator (delegation or bloc) of a checked scenario: its index in
/// [`Scenario::negotiators`], in roster order. A type of its own, as
/// [`IssueId`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct NegotiatorId(usize);

impl NegotiatorId {
    pub(crate) fn new(index: usize) -> NegotiatorId {
        NegotiatorId(index)
    }

    /// Its position in [`Scenario::negotiators`] (and in every table by
    /// negotiator).
    pub fn index(self) -> usize {
        self.0
    }
}

/// An issue (MODEL.md section 1), whose language runs from 0.0 (the text
/// says nothing about it) to 1.0 (the strongest its advocates proposed).
#[derive(Debug, Clone, Serialize)]
pub struct Issue {
    /// Its id in the file (`"gender"`).
    pub id: String,
    /// Its description in reports (the `id` if the file gives none).
    pub name: String,
}

/// A paragraph of the initial draft.
#[derive(Debug, Clone, Serialize)]
pub struct ParagraphSpec {
    /// Its number in the draft, from 1.
    pub number: u32,
    /// The name of its section; empty if it is in none.
    pub section: String,
    /// (issue, initial level), sorted by issue, at most one per issue.
    pub refs: Vec<(IssueId, f64)>,
}

/// One delegation's position on one issue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Stance {
    /// The language level (0..1) it wants.
    pub ideal: f64,
    /// How much it cares (0..1): the weight of |level - ideal| in its
    /// dissatisfaction.
    pub salience: f64,
}

/// The side and level of a red line.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Bound {
    /// Cannot accept language stronger than this level (0..1).
    AtMost(f64),
    /// Cannot accept language weaker than this level (0..1).
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

/// A negotiator's red line on one issue (MODEL.md section 1).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RedLineSpec {
    /// The issue it is on.
    pub issue: IssueId,
    /// Its side and level.
    pub bound: Bound,
    /// Probability (0..1) that it binds in a run, drawn once at the start.
    pub firmness: f64,
    /// Which of its negotiator's red-line draws decides whether it binds:
    /// its position in the file. `explain` drops lines but keeps the other
    /// lines' draws (and [`NegotiatorSpec::red_line_draws`]), so they bind
    /// in the same runs as in the base.
    pub draw: usize,
}

/// How a voter votes in a recorded vote (MODEL.md section 5).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub enum VoteRule {
    /// By the text: with U its mean dissatisfaction over the paragraphs that
    /// reference an issue it has a stance on, `No` if a binding red line of
    /// its own is violated and U > `reservation`, `Abstain` if only one of
    /// the two holds, else `Yes`.
    #[default]
    Reservation,
    /// Always yes, whatever the text.
    Yes,
    /// Always no, whatever the text.
    No,
    /// Always abstains, whatever the text.
    Abstain,
}

/// Behaviour parameters (MODEL.md section 1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Behaviour {
    /// Dissatisfaction (>= 0) it accepts in a paragraph without objecting.
    pub tolerance: f64,
    /// Growth of tolerance (>= 0) per stage already run.
    pub flexibility: f64,
    /// Probability (0..1) that it breaks a silence over an objection that
    /// violates none of its binding red lines.
    pub silence_break: f64,
    /// Probability (0..1) that it breaks a silence when some paragraph
    /// violates one of its binding red lines.
    pub red_line_break: f64,
    /// The most paragraphs a breaker challenges without a red line at stake,
    /// worst first; `u32::MAX` when unlimited.
    pub max_challenges: u32,
    /// Probability (0..1) that a breaker over a red line threatens a vote.
    pub threat: f64,
    /// Probability (0..1) of calling a recorded vote at the plenary when the
    /// final text violates one of its binding red lines.
    pub vote_call: f64,
    /// Probability of calling a vote with no binding red line violated.
    pub vote_call_without_red_line: f64,
    /// Probability (0..1) of asking for separate votes (rule 89) on the
    /// paragraphs that still violate one of its binding red lines.
    pub separate_vote: f64,
    /// The most paragraphs it asks separate votes on, worst first;
    /// `u32::MAX` when unlimited.
    pub max_separate_votes: u32,
    /// Probability (0..1) of moving its amendments (rule 90) at the plenary.
    /// (Left out of the serialized scenario at 0, as `no_action` and a
    /// negotiator's empty `amendments` are, so that the digest of a
    /// scenario that does not use them is what it was before they existed.)
    #[serde(skip_serializing_if = "is_zero")]
    pub amend: f64,
    /// Probability (0..1) of moving no action (rule 74) on an amendment that
    /// would make the paragraph worse for it.
    #[serde(skip_serializing_if = "is_zero")]
    pub no_action: f64,
    /// How it votes in a recorded vote.
    pub vote_rule: VoteRule,
    /// Under [`VoteRule::Reservation`], the mean dissatisfaction (>= 0)
    /// above which it protests.
    pub reservation: f64,
}

/// The behaviour parameters an event may set or scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Param {
    /// `tolerance`: [`Behaviour::tolerance`].
    Tolerance,
    /// `flexibility`: [`Behaviour::flexibility`].
    Flexibility,
    /// `silence_break`: [`Behaviour::silence_break`].
    SilenceBreak,
    /// `red_line_break`: [`Behaviour::red_line_break`].
    RedLineBreak,
    /// `threat`: [`Behaviour::threat`].
    Threat,
    /// `vote_call`: [`Behaviour::vote_call`].
    VoteCall,
    /// `vote_call_without_red_line`: [`Behaviour::vote_call_without_red_line`].
    VoteCallWithoutRedLine,
    /// `reservation`: [`Behaviour::reservation`].
    Reservation,
    /// `separate_vote`: [`Behaviour::separate_vote`].
    SeparateVote,
    /// `amend`: [`Behaviour::amend`].
    Amend,
    /// `no_action`: [`Behaviour::no_action`].
    NoAction,
}

impl Param {
    /// Every parameter with its name in an event's `set` and `scale`.
    pub const ALL: [(&'static str, Param); 11] = [
        ("tolerance", Param::Tolerance),
        ("flexibility", Param::Flexibility),
        ("silence_break", Param::SilenceBreak),
        ("red_line_break", Param::RedLineBreak),
        ("threat", Param::Threat),
        ("vote_call", Param::VoteCall),
        ("vote_call_without_red_line", Param::VoteCallWithoutRedLine),
        ("reservation", Param::Reservation),
        ("separate_vote", Param::SeparateVote),
        ("amend", Param::Amend),
        ("no_action", Param::NoAction),
    ];

    /// The parameter of that name (`"vote_call"`), if there is one.
    pub fn parse(name: &str) -> Option<Param> {
        Param::ALL.iter().find(|(n, _)| *n == name).map(|(_, p)| *p)
    }

    /// Its name in a scenario file (`"vote_call"`).
    pub fn name(self) -> &'static str {
        Param::ALL.iter().find(|(_, p)| *p == self).map(|(n, _)| *n).unwrap_or("?")
    }

    /// Whether the parameter is a probability (clipped to 0..1 after scaling).
    pub fn is_probability(self) -> bool {
        !matches!(self, Param::Tolerance | Param::Flexibility | Param::Reservation)
    }
}

impl Behaviour {
    /// The value of parameter `p`.
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
            Param::SeparateVote => self.separate_vote,
            Param::Amend => self.amend,
            Param::NoAction => self.no_action,
        }
    }

    /// Set parameter `p` to `value` as an event does: clipped to 0..1 for a
    /// probability, floored at 0 otherwise.
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
            Param::SeparateVote => &mut self.separate_vote,
            Param::Amend => &mut self.amend,
            Param::NoAction => &mut self.no_action,
        };
        *slot = if p.is_probability() { value.clamp(0.0, 1.0) } else { value.max(0.0) };
    }
}

/// What a negotiator speaks for.
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
    /// The bloc's or delegation's id in the file (`"G77"`, `"USA"`).
    pub id: String,
    /// Its name in reports (the `id` if the file gives none).
    pub name: String,
    /// Whether it speaks for a bloc or for itself.
    pub kind: NegotiatorKind,
    /// Its weight (> 0) in the compromise point, in the scoring of moves and
    /// in the collapse share.
    pub influence: f64,
    /// One entry per issue; `None` means no stance (salience 0).
    pub stances: Vec<Option<Stance>>,
    /// Its red lines, in file order (a bloc's are the bloc's).
    pub red_lines: Vec<RedLineSpec>,
    /// How many numbers the red-line draw takes at the start of a run: one
    /// per red line of the file, also for a line a variant of `explain`
    /// dropped, so that every later draw of the run stays where it was.
    pub red_line_draws: usize,
    /// Its behaviour as the file gives it; events change a copy, for one
    /// run.
    pub behaviour: Behaviour,
    /// The amendments it would move at the plenary (rule 90), in file order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub amendments: Vec<AmendmentSpec>,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

/// A checked amendment (rule 90): a paragraph of the draft and what it
/// changes there.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AmendmentSpec {
    /// Index of the paragraph in the text (its number - 1).
    pub paragraph: usize,
    /// What it does to the paragraph.
    pub change: AmendmentChange,
}

/// What an amendment does to its paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum AmendmentChange {
    /// Strikes the paragraph from the text.
    Delete,
    /// Writes `level` (0..1) for the paragraph's reference to `issue`.
    Level {
        /// The issue the paragraph references.
        issue: IssueId,
        /// The new level.
        level: f64,
    },
}

/// A member state with one vote at plenary.
#[derive(Debug, Clone, Serialize)]
pub struct VoterSpec {
    /// State code, or `BLOC#n` for the n-th anonymous member of a bloc.
    pub id: String,
    /// How it votes: as a bloc's member, in its own name, or both.
    pub kind: VoterKind,
}

/// Whose stance and red lines a voter votes on (MODEL.md section 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum VoterKind {
    /// A bloc member that does not speak for itself: it casts the bloc's
    /// vote with probability `discipline`, else applies the rule to its own
    /// jittered stance and the bloc's red lines.
    BlocMember {
        /// The bloc's negotiator.
        bloc: NegotiatorId,
    },
    /// A bloc member that also speaks for itself: it votes on the bloc's
    /// stance and red lines overridden by its own.
    SpeaksInBloc {
        /// The bloc's negotiator.
        bloc: NegotiatorId,
        /// Its own negotiator.
        own: NegotiatorId,
    },
    /// A state outside any bloc: it votes on its own stance and red lines.
    OnItsOwn {
        /// Its own negotiator.
        own: NegotiatorId,
    },
}

impl VoterKind {
    /// The bloc it belongs to, if any.
    pub fn bloc(&self) -> Option<NegotiatorId> {
        match *self {
            VoterKind::BlocMember { bloc } | VoterKind::SpeaksInBloc { bloc, .. } => Some(bloc),
            VoterKind::OnItsOwn { .. } => None,
        }
    }

    /// Its own negotiator, if it speaks for itself.
    pub fn own(&self) -> Option<NegotiatorId> {
        match *self {
            VoterKind::SpeaksInBloc { own, .. } | VoterKind::OnItsOwn { own } => Some(own),
            VoterKind::BlocMember { .. } => None,
        }
    }
}

/// Voting members of a bloc beyond its template (held by its negotiator).
#[derive(Debug, Clone, Serialize)]
pub struct BlocSpec {
    /// The bloc's id (`"G77"`).
    pub id: String,
    /// Its negotiator, which holds the template stance and the red lines.
    pub negotiator: NegotiatorId,
    /// Its voters: named members and anonymous ones.
    pub size: usize,
    /// Half-width (0..1) of the uniform jitter on the ideal and salience of
    /// a member that votes on its own.
    pub jitter: f64,
    /// Probability (0..1) that a member that does not speak for itself casts
    /// the negotiator's vote.
    pub discipline: f64,
}

/// The co-facilitators (MODEL.md section 4).
#[derive(Debug, Clone, Serialize)]
pub struct MediatorSpec {
    /// Probability (0..1) of finding the best move, one draw per contested
    /// reference.
    pub skill: f64,
    /// Otherwise the fraction (0..1) of the way toward the compromise point
    /// the level moves.
    pub step: f64,
    /// In consultations, the factor (> 0) on the influence of the breakers
    /// that challenged a paragraph, in its compromise point.
    pub concession: f64,
    /// In consultations, the further factor (> 0) on a breaker that
    /// threatened a vote at the last silence.
    pub threat_weight: f64,
    /// Per issue: the ambiguity discount, if the issue admits ambiguity.
    pub ambiguity: Vec<Option<f64>>,
    /// Per issue: the level of the deferral move, if there is one.
    pub deferral: Vec<Option<f64>>,
    /// Whether deletion (level 0) is among their candidates; the President
    /// always considers it.
    pub deletion: bool,
}

/// The President of the General Assembly, for `PresidentCompromise` stages.
#[derive(Debug, Clone, Serialize)]
pub struct PresidentSpec {
    /// Probability (0..1) of finding the best move in the final package.
    pub skill: f64,
    /// Otherwise the fraction (0..1) of the way toward the compromise point
    /// the level moves.
    pub step: f64,
    /// The drop (0..1) of every red line's firmness after the package.
    pub collapse_pressure: f64,
}

/// What a stage does (MODEL.md section 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum StageKind {
    /// Every negotiator brackets the paragraphs it objects to.
    Reading,
    /// The co-facilitators move every bracketed paragraph and issue a clean
    /// text.
    Revision,
    /// The silence procedure: objecting negotiators may break it and
    /// challenge paragraphs.
    Silence,
    /// After a broken silence, a move on each challenged paragraph with the
    /// breakers weighted more.
    Consultations,
    /// The President's final package on every paragraph still objected to,
    /// then the collapse pressure.
    PresidentCompromise,
    /// The collapse rule, adoption without a vote, or a recorded vote.
    Plenary,
}

impl StageKind {
    /// Every kind, in the order of the calendar's description
    /// (docs/SCENARIOS.md).
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

/// A stage of the calendar.
#[derive(Debug, Clone, Serialize)]
pub struct StageSpec {
    /// Its unique name (`"Silence on Rev.3"`).
    pub name: String,
    /// A label for reports; may be empty.
    pub date: String,
    /// What the stage does.
    pub kind: StageKind,
    /// The silence deadline (Silence stages only; may be empty).
    pub deadline: String,
}

/// What an event does to one behaviour parameter.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Change {
    /// Set it to this value.
    Set(f64),
    /// Multiply it by this factor.
    Scale(f64),
}

/// An outside event (MODEL.md section 3), its stage and target resolved.
#[derive(Debug, Clone, Serialize)]
pub struct EventSpec {
    /// Its label in reports.
    pub name: String,
    /// Index of the stage before which it is drawn.
    pub before: usize,
    /// Probability (0..1) that it fires in a run.
    pub probability: f64,
    /// The negotiator whose behaviour it changes.
    pub target: NegotiatorId,
    /// What it changes, in the order applied: every `set` by parameter name,
    /// then every `scale` by parameter name.
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
    /// Adopted without a vote: no vote was called at the plenary, or a
    /// silence held in a calendar without one.
    Consensus,
    /// Adopted in a recorded vote: more yes than no.
    AdoptedByVote,
    /// Rejected in a recorded vote: yes did not outnumber no (a tie rejects).
    RejectedByVote,
    /// The text was not tabled: the collapse rule sank it at the plenary, or
    /// the calendar ended with no plenary and no held silence.
    NoText,
}

impl Outcome {
    /// Every outcome, in table order.
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
    /// Its name in the backtest report.
    pub name: String,
    /// Where the fact comes from (a seed file); may be empty.
    pub source: String,
    /// What a run must do to reproduce it.
    pub test: MarkerTest,
}

/// The test of a checked marker; stages are indices in
/// [`Scenario::calendar`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum MarkerTest {
    /// More than `more_than` of the paragraphs held brackets when `stage`
    /// ended.
    BracketedShare {
        /// The stage's index in the calendar.
        stage: usize,
        /// A share of the paragraphs (0..1).
        more_than: f64,
    },
    /// Between `min` and `max` negotiators (inclusive) broke the silence
    /// `stage`.
    Breakers {
        /// The calendar index of a `Silence` stage.
        stage: usize,
        /// The fewest breakers.
        min: u32,
        /// The most breakers.
        max: u32,
    },
    /// Between `min` and `max` paragraphs (inclusive) were challenged at the
    /// silence `stage`.
    Challenged {
        /// The calendar index of a `Silence` stage.
        stage: usize,
        /// The fewest paragraphs challenged.
        min: u32,
        /// The most paragraphs challenged.
        max: u32,
    },
    /// The negotiator threatened a vote when it broke a silence.
    Threatened {
        /// Roster index of the delegation or bloc.
        negotiator: NegotiatorId,
    },
    /// The run ended in `outcome`, with at least the `disassociated`
    /// negotiators disassociating.
    Outcome {
        /// How the run ended.
        outcome: Outcome,
        /// Negotiators that must all have disassociated.
        disassociated: Vec<NegotiatorId>,
    },
    /// A separate vote was held on the paragraph and retained it
    /// (`retained`) or struck it.
    SeparateVote {
        /// Index of the paragraph in the text.
        paragraph: usize,
        /// Retained (true) or struck (false).
        retained: bool,
    },
    /// One of these amendments (indices in the scenario's list of
    /// amendments: negotiators in roster order, each one's in file order)
    /// met a no-action motion that carried.
    DefeatedByNoAction {
        /// The amendments the marker is about.
        amendments: Vec<usize>,
    },
    /// One of these amendments was put to the vote and adopted.
    AmendmentAdopted {
        /// The amendments the marker is about.
        amendments: Vec<usize>,
    },
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
    pub(crate) uncertain: Vec<UncertainSpec>,
}

/// A checked uncertain parameter: its path reaches a number of the file,
/// its prior is well formed, and the scenario checks at the ends of the
/// prior's range.
#[derive(Debug, Clone, Serialize)]
pub struct UncertainSpec {
    /// The field, as a variant's `set` names it.
    pub path: String,
    /// Its short name (the path unless the file names it).
    pub name: String,
    /// What is believed of it before history.
    pub prior: crate::uncertainty::Prior,
    /// The scenario's own value of it.
    pub value: f64,
    /// Why this prior.
    pub note: String,
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

    /// The parameters the scenario declares uncertain, in file order.
    pub fn uncertain(&self) -> &[UncertainSpec] {
        &self.uncertain
    }

    /// The same scenario without negotiator `negotiator`'s red line `line`
    /// (its position in `red_lines`), or without all of its red lines
    /// (`None`), named `name`. The lines kept draw the same numbers as in
    /// this scenario (docs/MODEL.md section 10, "explain keeps the draws of
    /// the lines it drops"). The only change a checked scenario allows: what
    /// it removes cannot make the rest invalid.
    pub fn without_red_lines(&self, negotiator: NegotiatorId, line: Option<usize>, name: String) -> Scenario {
        let mut s = self.clone();
        let lines = &mut s.negotiators[negotiator.index()].red_lines;
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

    /// The issue `id` stands for.
    pub fn issue(&self, id: IssueId) -> &Issue {
        &self.issues[id.index()]
    }

    /// The negotiator `id` stands for.
    pub fn negotiator(&self, id: NegotiatorId) -> &NegotiatorSpec {
        &self.negotiators[id.index()]
    }

    /// Every negotiator with its id, in roster order.
    pub fn negotiators_with_ids(&self) -> impl Iterator<Item = (NegotiatorId, &NegotiatorSpec)> {
        self.negotiators.iter().enumerate().map(|(i, n)| (NegotiatorId(i), n))
    }

    /// The roster index of the bloc or delegation with id `id`.
    pub fn negotiator_index(&self, id: &str) -> Option<NegotiatorId> {
        self.negotiators.iter().position(|n| n.id == id).map(NegotiatorId)
    }

    /// The index of the issue with id `id`.
    pub fn issue_index(&self, id: &str) -> Option<IssueId> {
        self.issues.iter().position(|i| i.id == id).map(IssueId)
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
