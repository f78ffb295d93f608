//! `plenary trace`: one run told as a story, stage by stage, in words a
//! student can follow.

use serde::Serialize;
use serde_json::{Value, json};

use crate::model::record::{MoveKind, Outcome};
use crate::model::trace::{BallotLists, TraceEvent};
use crate::scenario::{AmendmentChange, Change, Param, Scenario, StageKind};

/// One run of a batch told as a story: the run, traced, with the scenario
/// that names its delegations, issues and stages.
#[derive(Debug, Clone)]
pub struct Story<'s> {
    scenario: &'s Scenario,
    seed: u64,
    run: u64,
    events: Vec<TraceEvent>,
}

impl<'s> Story<'s> {
    /// Run `run` of the batch with master seed `seed` (the same run the
    /// batch makes), traced.
    pub fn of(scenario: &'s Scenario, seed: u64, run: u64) -> Self {
        Story { scenario, seed, run, events: crate::montecarlo::simulation::traced_run(scenario, seed, run) }
    }

    /// What happened, in order.
    pub fn events(&self) -> &[TraceEvent] {
        &self.events
    }

    /// How the run ended.
    pub fn outcome(&self) -> Option<Outcome> {
        self.events.iter().rev().find_map(|e| match e {
            TraceEvent::Finished { outcome } => Some(*outcome),
            _ => None,
        })
    }

    /// The story's lines: each event's sentence, with the stage headings.
    pub fn lines(&self) -> Vec<Line> {
        narrate(self.scenario, &self.events, false, &Focus::default())
    }

    /// The story as text, in colour for a terminal.
    pub fn to_text(&self, colour: bool) -> String {
        self.render(colour, false, &Focus::default())
    }

    /// The story without the compromise moves: each revision's moves in one
    /// line that counts them by kind (`trace --brief`).
    pub fn to_brief_text(&self, colour: bool) -> String {
        self.render(colour, true, &Focus::default())
    }

    /// The story as text, brief or not, of the events `focus` keeps,
    /// wrapped to 80 columns (see [`super::width`]).
    pub fn render(&self, colour: bool, brief: bool, focus: &Focus) -> String {
        super::width::fit(&self.render_unwrapped(colour, brief, focus))
    }

    /// [`Story::render`] with one line per event however long it is, for
    /// `grep` and scripts (`trace --no-wrap`).
    pub fn render_unwrapped(&self, colour: bool, brief: bool, focus: &Focus) -> String {
        to_text(self.scenario, self.seed, self.run, &self.events, colour, brief, focus)
    }

    /// The story as JSON (docs/JSON.md, `plenary trace`).
    pub fn to_json(&self) -> Value {
        to_json(self.scenario, self.seed, self.run, &self.events)
    }
}

/// Which events a story tells (`trace --paragraph N`, `--delegation ID`):
/// the stage headings and what decides the run (a revision issued, a
/// silence held, a collapse, a recorded vote on the text, the outcome)
/// always; of the other events, those about the paragraph and those by
/// the negotiator (an event about no paragraph, such as a vote call, passes
/// the paragraph filter, and one by no negotiator the delegation filter).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Focus {
    /// Only events about this paragraph (its number).
    pub paragraph: Option<u32>,
    /// Only events by (or aimed at) this negotiator.
    pub negotiator: Option<crate::scenario::NegotiatorId>,
}

impl Focus {
    /// Whether the story tells `e`.
    pub fn keeps(&self, e: &TraceEvent) -> bool {
        let (paragraphs, by): (Option<&[u32]>, Option<usize>) = match e {
            TraceEvent::Bracketed { by, paragraphs }
            | TraceEvent::SilenceBroken { by, paragraphs, .. }
            | TraceEvent::StillBracketed { by, paragraphs }
            | TraceEvent::Disassociated { by, paragraphs }
            | TraceEvent::SeparateVotesRequested { by, paragraphs } => (Some(paragraphs), Some(*by)),
            TraceEvent::Move { paragraph, .. }
            | TraceEvent::SeparateVote { paragraph, .. }
            | TraceEvent::AmendmentVote { paragraph, .. }
            | TraceEvent::AmendmentFalls { paragraph, .. } => (Some(std::slice::from_ref(paragraph)), None),
            TraceEvent::AmendmentMoved { by, paragraph, .. }
            | TraceEvent::NoActionVote { by, paragraph, .. } => {
                (Some(std::slice::from_ref(paragraph)), Some(*by))
            }
            TraceEvent::EventFired { target, .. } => (None, Some(*target)),
            TraceEvent::VoteCalled { by } => (None, Some(*by)),
            TraceEvent::PressureApplied { released } => {
                return self.negotiator.is_none_or(|d| released.iter().any(|(r, _)| *r == d.index()));
            }
            _ => return true,
        };
        let paragraph_ok = match (self.paragraph, paragraphs) {
            (Some(n), Some(list)) => list.contains(&n),
            _ => true,
        };
        let negotiator_ok = match (self.negotiator, by) {
            (Some(d), Some(by)) => d.index() == by,
            _ => true,
        };
        paragraph_ok && negotiator_ok
    }
}

/// One event of the story: its sentence, and the stage it happened in.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    /// The stage (its place in the calendar), or `None` after the run ended.
    pub stage: Option<usize>,
    /// The sentence.
    pub text: String,
    /// A stage heading rather than an event within a stage.
    pub heading: bool,
}

fn paragraphs(list: &[u32]) -> String {
    const SHOWN: usize = 15;
    let mut s: Vec<String> = list.iter().take(SHOWN).map(u32::to_string).collect();
    if list.len() > SHOWN {
        s.push(format!("and {} more", list.len() - SHOWN));
    }
    match list.len() {
        1 => format!("paragraph {}", s[0]),
        _ => format!("{} paragraphs ({})", list.len(), s.join(", ")),
    }
}

fn move_kind(kind: MoveKind) -> &'static str {
    match kind {
        MoveKind::CompromisePoint => "compromise point",
        MoveKind::FeasiblePoint => "feasible point between red lines",
        MoveKind::Deletion => "deletion",
        MoveKind::Deferral => "deferral to a process",
        MoveKind::Ambiguity => "constructive ambiguity",
        MoveKind::Step => "a partial step (the best move was missed)",
    }
}

fn outcome_words(o: Outcome) -> &'static str {
    match o {
        Outcome::Consensus => "adopted by consensus",
        Outcome::AdoptedByVote => "adopted by a recorded vote",
        Outcome::RejectedByVote => "rejected in a recorded vote",
        Outcome::NoText => "no text: nothing was adopted",
    }
}

/// What a behaviour parameter is, in words a student reads without the
/// scenario format at hand (docs/SCENARIOS.md, "Behaviour").
fn param_words(p: Param) -> &'static str {
    match p {
        Param::Tolerance => "the distance it tolerates from its ideal",
        Param::Flexibility => "its flexibility",
        Param::SilenceBreak => "its chance of breaking a silence",
        Param::RedLineBreak => "its chance of breaking a silence over a red line",
        Param::Threat => "its chance of threatening a vote",
        Param::VoteCall => "its chance of calling a vote",
        Param::VoteCallWithoutRedLine => "its chance of calling a vote with no red line at stake",
        Param::Reservation => "its reservation level",
        Param::SeparateVote => "its chance of asking for separate votes",
        Param::Amend => "its chance of moving amendments",
        Param::NoAction => "its chance of moving no action on an amendment",
    }
}

/// A scale factor in words: "cut to a tenth", "doubled", "multiplied by 1.5".
fn scale_words(f: f64) -> String {
    match f {
        0.0 => "cut to nothing".to_string(),
        0.1 => "cut to a tenth".to_string(),
        0.25 => "cut to a quarter".to_string(),
        0.5 => "halved".to_string(),
        2.0 => "doubled".to_string(),
        3.0 => "tripled".to_string(),
        f if f < 1.0 => format!("cut to {:.0}% of what it was", f * 100.0),
        f => format!("multiplied by {f}"),
    }
}

/// The line that stands for a stage's compromise moves in the brief story:
/// how many, on how many paragraphs, by kind.
fn moves_summary(moves: &[(u32, MoveKind)]) -> String {
    let mut paragraphs: Vec<u32> = moves.iter().map(|(p, _)| *p).collect();
    paragraphs.sort_unstable();
    paragraphs.dedup();
    let mut kinds: Vec<(MoveKind, usize)> = Vec::new();
    for (_, kind) in moves {
        match kinds.iter_mut().find(|(k, _)| k == kind) {
            Some((_, n)) => *n += 1,
            None => kinds.push((*kind, 1)),
        }
    }
    kinds.sort_by_key(|k| std::cmp::Reverse(k.1));
    let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {}", move_kind(*k))).collect();
    format!(
        "{} compromise move{} on {} paragraph{} ({}); `trace` without --brief lists them.",
        moves.len(),
        if moves.len() == 1 { "" } else { "s" },
        paragraphs.len(),
        if paragraphs.len() == 1 { "" } else { "s" },
        kinds.join(", ")
    )
}

/// The story of one traced run: each event's [`sentence`], and after each
/// reading a line that counts the paragraphs in brackets. `brief` puts each
/// stage's compromise moves in one line ([`moves_summary`]).
fn narrate(s: &Scenario, events: &[TraceEvent], brief: bool, focus: &Focus) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut stage = None;
    let mut bracketed_now: Vec<u32> = Vec::new();
    let mut moves: Vec<(u32, MoveKind)> = Vec::new();
    let flush_moves = |lines: &mut Vec<Line>, stage: Option<usize>, moves: &mut Vec<(u32, MoveKind)>| {
        if !moves.is_empty() {
            lines.push(Line { stage, text: moves_summary(moves), heading: false });
            moves.clear();
        }
    };
    let flush_reading = |lines: &mut Vec<Line>, stage: Option<usize>, bracketed: &mut Vec<u32>| {
        if let Some(st) = stage.filter(|&st| s.calendar[st].kind == StageKind::Reading) {
            bracketed.sort_unstable();
            bracketed.dedup();
            lines.push(Line {
                stage: Some(st),
                text: format!(
                    "{} of {} paragraphs {} now in brackets.",
                    bracketed.len(),
                    s.paragraphs.len(),
                    if bracketed.len() == 1 { "is" } else { "are" }
                ),
                heading: false,
            });
        }
        bracketed.clear();
    };
    for e in events {
        match e {
            TraceEvent::StageStarted { stage: st } => {
                flush_moves(&mut lines, stage, &mut moves);
                flush_reading(&mut lines, stage, &mut bracketed_now);
                stage = Some(*st);
            }
            TraceEvent::Bracketed { paragraphs, .. } => bracketed_now.extend(paragraphs),
            TraceEvent::Finished { .. } => {
                flush_moves(&mut lines, stage, &mut moves);
                flush_reading(&mut lines, stage, &mut bracketed_now);
                stage = None;
            }
            TraceEvent::Move { paragraph, kind, .. } if brief => {
                if focus.keeps(e) {
                    moves.push((*paragraph, *kind));
                }
                continue;
            }
            _ => {}
        }
        // What the focus leaves out still counts in the readings' sums.
        if !focus.keeps(e) {
            continue;
        }
        // A brief story puts a stage's moves before what follows them in it.
        flush_moves(&mut lines, stage, &mut moves);
        let heading = matches!(e, TraceEvent::StageStarted { .. });
        lines.push(Line { stage, text: sentence(s, e), heading });
    }
    lines
}

/// The sentence that tells one event (a stage's heading for `StageStarted`).
pub fn sentence(s: &Scenario, e: &TraceEvent) -> String {
    let name = |d: usize| s.negotiators[d].name.as_str();
    match e {
        TraceEvent::StageStarted { stage: st } => {
            let spec = &s.calendar[*st];
            let date = if spec.date.is_empty() { String::new() } else { format!("{}: ", spec.date) };
            let what = match spec.kind {
                StageKind::Reading => "the delegations go through the draft line by line".to_string(),
                StageKind::Revision => "the co-facilitators revise the bracketed paragraphs".to_string(),
                StageKind::Silence if spec.deadline.is_empty() => {
                    "the text goes out under the silence procedure".to_string()
                }
                StageKind::Silence => format!("the text goes out under silence until {}", spec.deadline),
                StageKind::Consultations => {
                    "the co-facilitators consult bilaterally with those who broke silence".to_string()
                }
                StageKind::PresidentCompromise => {
                    "the President of the General Assembly steps in with a final package".to_string()
                }
                StageKind::Plenary => "the General Assembly meets".to_string(),
            };
            format!("{date}{}: {what}.", spec.name)
        }
        TraceEvent::EventFired { event, target } => {
            let ev = &s.events[*event];
            let changes: Vec<String> = ev
                .changes
                .iter()
                .map(|(p, c)| match c {
                    Change::Set(v) => format!("{} is now {v}", param_words(*p)),
                    Change::Scale(f) => format!("{} is {}", param_words(*p), scale_words(*f)),
                })
                .collect();
            format!("Event: {} ({}: {}).", ev.name, name(*target), changes.join(", "))
        }
        TraceEvent::Bracketed { by, paragraphs: list } => {
            format!("{} brackets {}.", name(*by), paragraphs(list))
        }
        TraceEvent::Move { paragraph, issue, kind, from, to } => {
            let issue = &s.issues[*issue].id;
            if *kind == MoveKind::Ambiguity {
                format!(
                    "Para. {paragraph} ({issue}): constructive ambiguity, the language stays at {to:.2} but means less."
                )
            } else if (from - to).abs() < 1e-9 && *kind == MoveKind::Step {
                // A fumble that moves nothing: no "partial step" that stays put.
                format!(
                    "Para. {paragraph} ({issue}): the mediator misses the best move and the level stays at {to:.2}."
                )
            } else if (from - to).abs() < 1e-9 {
                format!("Para. {paragraph} ({issue}): {}, the level stays at {to:.2}.", move_kind(*kind))
            } else {
                // Enough decimals that a small move does not read "0.70 -> 0.70".
                let decimals = (2..=6).find(|&d| format!("{from:.d$}") != format!("{to:.d$}")).unwrap_or(6);
                format!(
                    "Para. {paragraph} ({issue}): {}, {from:.decimals$} -> {to:.decimals$}.",
                    move_kind(*kind)
                )
            }
        }
        TraceEvent::RevisionIssued { paragraphs_changed } => format!(
            "A clean text is issued: {paragraphs_changed} paragraph{} moved, all brackets removed.",
            if *paragraphs_changed == 1 { "" } else { "s" }
        ),
        TraceEvent::SilenceHeld if s.calendar.iter().any(|st| st.kind == StageKind::Plenary) => {
            "Nobody breaks silence: the text goes straight to the plenary.".to_string()
        }
        TraceEvent::SilenceHeld => "Nobody breaks silence: the text is adopted.".to_string(),
        TraceEvent::SilenceBroken { by, paragraphs: list, red_line, threatened } => {
            let mut t = format!("{} breaks silence over {}", name(*by), paragraphs(list));
            t += if *red_line { " (a red line is at stake)." } else { "." };
            if *threatened {
                t += " It is not in a position to support the text and threatens to call a vote.";
            }
            t
        }
        TraceEvent::StillBracketed { by, paragraphs: list } => {
            format!("After the talks {} still objects to {}.", name(*by), paragraphs(list))
        }
        TraceEvent::PressureApplied { released } if released.is_empty() => {
            "The cost of collapse weighs on every red line, but every binding line still holds.".to_string()
        }
        TraceEvent::PressureApplied { released } => {
            let list: Vec<String> = released
                .iter()
                .map(|&(d, j)| {
                    let issue = &s.issue(s.negotiators[d].red_lines[j].issue).id;
                    format!("{} on {issue}", name(d))
                })
                .collect();
            format!("The cost of collapse weighs: these red lines no longer bind: {}.", list.join("; "))
        }
        TraceEvent::Collapse { share } => format!(
            "Delegations with {:.0}% of the influence still have red lines crossed: the text is not tabled.",
            100.0 * share
        ),
        TraceEvent::VoteCalled { by } => format!("{} calls for a recorded vote.", name(*by)),
        TraceEvent::Disassociated { by, paragraphs: list } => {
            format!("{} joins the consensus but disassociates from {}.", name(*by), paragraphs(list))
        }
        TraceEvent::SeparateVotesRequested { by, paragraphs: list } => format!(
            "{} asks for a separate recorded vote on {}, which its red lines cannot accept (rule 89).",
            name(*by),
            paragraphs(list)
        ),
        TraceEvent::SeparateVote { paragraph, count, against, abstaining } => {
            let result = if count.adopts() {
                "the paragraph is retained"
            } else {
                "the paragraph is struck from the text"
            };
            let mut sentence = format!(
                "Separate vote on paragraph {paragraph}: {} in favour of retaining it, {} against, {} {}: {result}.",
                count.yes,
                count.no,
                count.abstain,
                if count.abstain == 1 { "abstention" } else { "abstentions" }
            );
            for (verb, list) in [("Against", against), ("Abstaining", abstaining)] {
                if let Some(who) = named_voters(s, list) {
                    sentence.push_str(&format!(" {verb}: {who}."));
                }
            }
            sentence
        }
        TraceEvent::AmendmentMoved { by, paragraph, change, from } => {
            let what = match (change, from) {
                (AmendmentChange::Level { issue, level }, Some(from)) => format!(
                    "to take the {} language of paragraph {paragraph} from {from:.2} to {level:.2}",
                    s.issue(*issue).id
                ),
                _ => amendment_words(s, *paragraph, *change),
            };
            format!("{} moves an amendment {what} (rule 90).", name(*by))
        }
        TraceEvent::NoActionVote { by, paragraph, change, count, ballots } => {
            let result = if count.adopts() {
                "the motion carries and the amendment is not put to the vote"
            } else {
                "the motion fails and the amendment is put to the vote"
            };
            let mut sentence = format!(
                "{} moves that no action be taken on the amendment {} (rule 74): {}: {result}.",
                name(*by),
                amendment_words(s, *paragraph, *change),
                tally_words(count)
            );
            sentence.push_str(&who_voted(s, ballots));
            sentence
        }
        TraceEvent::AmendmentVote { paragraph, change, count, ballots } => {
            let result = match (count.adopts(), change) {
                (false, _) => "it is rejected".to_string(),
                (true, AmendmentChange::Delete) => {
                    format!("it is adopted and paragraph {paragraph} is struck")
                }
                (true, AmendmentChange::Level { issue, level }) => format!(
                    "it is adopted and the {} language of paragraph {paragraph} is now at {level:.2}",
                    s.issue(*issue).id
                ),
            };
            let mut sentence = format!(
                "Vote on the amendment {}: {}: {result}.",
                amendment_words(s, *paragraph, *change),
                tally_words(count)
            );
            sentence.push_str(&who_voted(s, ballots));
            sentence
        }
        TraceEvent::AmendmentFalls { paragraph, change } => format!(
            "The amendment {} is not put to the vote: an amendment adopted before it has decided that language.",
            amendment_words(s, *paragraph, *change)
        ),
        TraceEvent::Vote { count } => format!(
            "Recorded vote: {} in favour, {} against, {} abstentions.",
            count.yes, count.no, count.abstain
        ),
        TraceEvent::Finished { outcome } => format!("Outcome: {}.", outcome_words(*outcome)),
    }
}

/// What an amendment does, after "the amendment": "to delete paragraph 54",
/// "to take the gender language of paragraph 54 to 0.00".
fn amendment_words(s: &Scenario, paragraph: u32, change: AmendmentChange) -> String {
    match change {
        AmendmentChange::Delete => format!("to delete paragraph {paragraph}"),
        AmendmentChange::Level { issue, level } => {
            format!("to take the {} language of paragraph {paragraph} to {level:.2}", s.issue(issue).id)
        }
    }
}

/// "40 in favour, 120 against, 20 abstentions".
fn tally_words(count: &crate::model::record::VoteCount) -> String {
    format!(
        "{} in favour, {} against, {} {}",
        count.yes,
        count.no,
        count.abstain,
        if count.abstain == 1 { "abstention" } else { "abstentions" }
    )
}

/// How the named delegations voted in a vote on the floor: the smaller
/// side of yes and no, and the abstainers (" In favour: USA. Abstaining:
/// ARG.").
fn who_voted(s: &Scenario, ballots: &BallotLists) -> String {
    let minority = if ballots.yes.len() <= ballots.no.len() {
        ("In favour", &ballots.yes)
    } else {
        ("Against", &ballots.no)
    };
    let mut out = String::new();
    for (verb, list) in [minority, ("Abstaining", &ballots.abstain)] {
        if let Some(who) = named_voters(s, list) {
            out.push_str(&format!(" {verb}: {who}."));
        }
    }
    out
}

/// The named member states of `list` (voter indices; the first dozen), how
/// many other named ones with them, and the anonymous members counted by
/// bloc ("6 members of the Coalition for Review"); `None` for an empty list.
fn named_voters(s: &Scenario, list: &[usize]) -> Option<String> {
    if list.is_empty() {
        return None;
    }
    const SHOWN: usize = 12;
    let ids = || list.iter().map(|&v| s.voters[v].id.as_str());
    let named: Vec<&str> = ids().filter(|id| !id.contains('#')).take(SHOWN).collect();
    let more_named = ids().filter(|id| !id.contains('#')).count() - named.len();
    // Anonymous members (`BLOC#n`), per bloc in order of first appearance.
    let mut anonymous: Vec<(&str, usize)> = Vec::new();
    for bloc in ids().filter_map(|id| id.split_once('#').map(|(bloc, _)| bloc)) {
        match anonymous.iter_mut().find(|(b, _)| *b == bloc) {
            Some((_, n)) => *n += 1,
            None => anonymous.push((bloc, 1)),
        }
    }
    let mut parts: Vec<String> = Vec::new();
    if !named.is_empty() {
        parts.push(named.join(", "));
    }
    if more_named > 0 {
        parts.push(format!("{more_named} other member state{}", if more_named == 1 { "" } else { "s" }));
    }
    for (i, (bloc, n)) in anonymous.iter().enumerate() {
        let name = s.negotiators.iter().find(|d| d.id == *bloc).map_or(*bloc, |d| d.name.as_str());
        let members = if *n == 1 { "member" } else { "members" };
        parts.push(if i == 0 { format!("{n} {members} of {name}") } else { format!("{n} of {name}") });
    }
    let who = match parts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => return None,
    };
    Some(who)
}

/// The story as plain or coloured text.
fn to_text(
    s: &Scenario,
    seed: u64,
    run: u64,
    events: &[TraceEvent],
    colour: bool,
    brief: bool,
    focus: &Focus,
) -> String {
    let style = |text: &str, heading: bool| {
        if !colour {
            text.to_string()
        } else if heading {
            console::style(text).bold().cyan().force_styling(true).to_string()
        } else if text.starts_with("Outcome") {
            console::style(text).bold().force_styling(true).to_string()
        } else {
            text.to_string()
        }
    };
    let mut o = format!("{}: run {run} of the batch with seed {seed}\n", s.name);
    for line in narrate(s, events, brief, focus) {
        if line.heading {
            o += "\n";
            o += &style(&line.text, true);
        } else {
            o += "  ";
            o += &style(&line.text, false);
        }
        o += "\n";
    }
    o
}

/// The story as JSON: each event with its negotiators and issues as ids,
/// its scheduled event as a name, the stage it happened in (name and date)
/// and its sentence. Each kind of event lists its fields here, so the JSON
/// is built from the typed event, not rewritten from another serialization.
fn to_json(s: &Scenario, seed: u64, run: u64, events: &[TraceEvent]) -> Value {
    let outcome = events.iter().rev().find_map(|e| match e {
        TraceEvent::Finished { outcome } => Some(outcome.key()),
        _ => None,
    });
    let mut stage: Option<usize> = None;
    let list: Vec<Value> = events
        .iter()
        .map(|e| {
            if let TraceEvent::StageStarted { stage: st } = e {
                stage = Some(*st);
            }
            let mut v = event_json(s, e);
            let map = v.as_object_mut().expect("events are objects");
            if let Some(st) = stage {
                map.insert("stage".into(), json!(s.calendar[st].name));
                map.insert("date".into(), json!(s.calendar[st].date));
            }
            map.insert("text".into(), json!(sentence(s, e)));
            v
        })
        .collect();
    json!({
        "scenario": s.name,
        "seed": seed,
        "run": run,
        "outcome": outcome,
        "events": list,
    })
}

/// An amendment's change as JSON: `{"delete": true}` or `{"issue": "gender",
/// "level": 0.0}`.
fn change_json(s: &Scenario, change: &AmendmentChange) -> Value {
    match change {
        AmendmentChange::Delete => json!({"delete": true}),
        AmendmentChange::Level { issue, level } => json!({"issue": s.issue(*issue).id, "level": level}),
    }
}

/// The ballots of a vote on the floor as lists of voter ids.
fn ballots_json(s: &Scenario, ballots: &BallotLists) -> Value {
    let ids = |list: &[usize]| -> Vec<&str> { list.iter().map(|&v| s.voters[v].id.as_str()).collect() };
    json!({"yes": ids(&ballots.yes), "no": ids(&ballots.no), "abstain": ids(&ballots.abstain)})
}

/// An event's own fields, with ids and names for indices.
fn event_json(s: &Scenario, e: &TraceEvent) -> Value {
    let id = |d: &usize| s.negotiators[*d].id.as_str();
    match e {
        TraceEvent::StageStarted { .. } => json!({"type": "stage_started"}),
        TraceEvent::EventFired { event, target } => {
            json!({"type": "event_fired", "event": s.events[*event].name, "target": id(target)})
        }
        TraceEvent::Bracketed { by, paragraphs } => {
            json!({"type": "bracketed", "by": id(by), "paragraphs": paragraphs})
        }
        TraceEvent::Move { paragraph, issue, kind, from, to } => json!({
            "type": "move",
            "paragraph": paragraph,
            "issue": s.issues[*issue].id,
            "kind": kind.key(),
            "from": from,
            "to": to,
        }),
        TraceEvent::RevisionIssued { paragraphs_changed } => {
            json!({"type": "revision_issued", "paragraphs_changed": paragraphs_changed})
        }
        TraceEvent::SilenceHeld => json!({"type": "silence_held"}),
        TraceEvent::SilenceBroken { by, paragraphs, red_line, threatened } => json!({
            "type": "silence_broken",
            "by": id(by),
            "paragraphs": paragraphs,
            "red_line": red_line,
            "threatened": threatened,
        }),
        TraceEvent::StillBracketed { by, paragraphs } => {
            json!({"type": "still_bracketed", "by": id(by), "paragraphs": paragraphs})
        }
        TraceEvent::PressureApplied { released } => {
            let named: Vec<Value> = released
                .iter()
                .map(|&(d, j)| {
                    let line = &s.negotiators[d].red_lines[j];
                    // The bound and level tell two lines on one issue apart.
                    json!({
                        "by": id(&d),
                        "issue": s.issue(line.issue).id,
                        "bound": line.bound.key(),
                        "level": line.bound.level(),
                    })
                })
                .collect();
            json!({"type": "pressure_applied", "released": named})
        }
        TraceEvent::Collapse { share } => json!({"type": "collapse", "share": share}),
        TraceEvent::VoteCalled { by } => json!({"type": "vote_called", "by": id(by)}),
        TraceEvent::Disassociated { by, paragraphs } => {
            json!({"type": "disassociated", "by": id(by), "paragraphs": paragraphs})
        }
        TraceEvent::SeparateVotesRequested { by, paragraphs } => {
            json!({"type": "separate_votes_requested", "by": id(by), "paragraphs": paragraphs})
        }
        TraceEvent::SeparateVote { paragraph, count, against, abstaining } => {
            let voters =
                |list: &[usize]| -> Vec<String> { list.iter().map(|&v| s.voters[v].id.clone()).collect() };
            json!({
                "type": "separate_vote",
                "paragraph": paragraph,
                "count": {"yes": count.yes, "no": count.no, "abstain": count.abstain},
                "retained": count.adopts(),
                "against": voters(against),
                "abstaining": voters(abstaining),
            })
        }
        TraceEvent::AmendmentMoved { by, paragraph, change, from } => json!({
            "type": "amendment_moved",
            "by": id(by),
            "paragraph": paragraph,
            "amendment": change_json(s, change),
            "from": from,
        }),
        TraceEvent::NoActionVote { by, paragraph, change, count, ballots } => json!({
            "type": "no_action_vote",
            "by": id(by),
            "paragraph": paragraph,
            "amendment": change_json(s, change),
            "count": {"yes": count.yes, "no": count.no, "abstain": count.abstain},
            "carried": count.adopts(),
            "ballots": ballots_json(s, ballots),
        }),
        TraceEvent::AmendmentVote { paragraph, change, count, ballots } => json!({
            "type": "amendment_vote",
            "paragraph": paragraph,
            "amendment": change_json(s, change),
            "count": {"yes": count.yes, "no": count.no, "abstain": count.abstain},
            "adopted": count.adopts(),
            "ballots": ballots_json(s, ballots),
        }),
        TraceEvent::AmendmentFalls { paragraph, change } => json!({
            "type": "amendment_falls",
            "paragraph": paragraph,
            "amendment": change_json(s, change),
        }),
        TraceEvent::Vote { count } => json!({
            "type": "vote",
            "count": {"yes": count.yes, "no": count.no, "abstain": count.abstain},
        }),
        TraceEvent::Finished { outcome } => json!({"type": "finished", "outcome": outcome.key()}),
    }
}
