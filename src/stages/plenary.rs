//! `Plenary`: the collapse rule, adoption without a vote or a vote call, and
//! the recorded vote (MODEL.md sections 3 and 5).

use bevy_ecs::prelude::*;
use rand::RngExt;

use super::{RoomQuery, room};
use crate::model::acceptability::Party;
use crate::model::calendar::{Calendar, Floor, SilenceState};
use crate::model::delegation::{RedLines, Stances, Voter};
use crate::model::mediator::CollapseShare;
use crate::model::paragraph::{IssueRef, Paragraph, ParagraphText};
use crate::model::record::{Ballot, Outcome, RunRecord, RunRng, VoteCount};
use crate::model::stakeholders::View;
use crate::model::trace::{Trace, TraceEvent};
use crate::model::world::Blocs;
use crate::scenario::{Behaviour, VoteRule, VoterKind};

/// The final text in paragraph order: each paragraph's number and text,
/// without the paragraphs a separate vote struck.
fn final_text<'a>(
    draft: &'a Query<(&Paragraph, &ParagraphText)>,
    floor: &Floor,
) -> Vec<(u32, &'a ParagraphText)> {
    let mut text: Vec<_> = draft.iter().filter(|(p, _)| !floor.struck.contains(p.index)).collect();
    text.sort_by_key(|(p, _)| p.index);
    text.into_iter().map(|(p, t)| (p.number, t)).collect()
}

/// Unless the last silence held, the text is not tabled when negotiators
/// holding more than `collapse_share` of the influence have binding red
/// lines still violated.
pub fn check_collapse(
    room_query: RoomQuery,
    draft: Query<(&Paragraph, &ParagraphText)>,
    calendar: Res<Calendar>,
    silence: Res<SilenceState>,
    collapse: Res<CollapseShare>,
    mut record: ResMut<RunRecord>,
    mut trace: ResMut<Trace>,
) {
    if silence.last_held == Some(true) || collapse.0 >= 1.0 {
        return;
    }
    let room = room(&room_query, calendar.stages_run);
    let mut is_violated = vec![false; room.len()];
    for (_, text) in &draft {
        for d in text.violated_negotiators() {
            is_violated[d] = true;
        }
    }
    let total: f64 = room.iter().map(|p| p.influence).sum();
    let violated: f64 = room.iter().filter(|p| is_violated[p.index]).map(|p| p.influence).sum();
    let share = violated / total;
    if share > collapse.0 {
        record.outcome = Some(Outcome::NoText);
        trace.push(|| TraceEvent::Collapse { share });
    }
}

/// Separate votes (rule 89, MODEL.md section 9): each negotiator that may
/// ask for them (`separate_vote` above 0, `max_separate_votes` above 0) and
/// that some paragraph's language violates draws once, in roster order;
/// if it asks, it names those paragraphs, worst first (by its
/// dissatisfaction, ties by paragraph number) up to its cap. Each paragraph
/// named by anyone is then put to a recorded vote of all voters on
/// retaining it, in text order; one that does not get more yes than no is
/// struck from the text before the text is proposed for adoption. With no
/// negotiator that may ask, nothing is drawn and nothing is allocated.
#[allow(clippy::too_many_arguments)] // a system: each argument is one query or resource it reads
pub fn hold_separate_votes(
    room_query: RoomQuery,
    voters: Query<&Voter>,
    mut draft: Query<(&Paragraph, &mut ParagraphText)>,
    calendar: Res<Calendar>,
    blocs: Res<Blocs>,
    mut floor: ResMut<Floor>,
    mut rng: ResMut<RunRng>,
    mut record: ResMut<RunRecord>,
    mut trace: ResMut<Trace>,
    mut ballots: Local<Vec<Option<Ballot>>>,
) {
    let may_ask = |b: &Behaviour| b.separate_vote > 0.0 && b.max_separate_votes > 0;
    if record.outcome.is_some() || !room_query.iter().any(|(.., b)| may_ask(&b.0)) {
        return;
    }
    let room = room(&room_query, calendar.stages_run);
    let mut paragraphs: Vec<_> = draft.iter_mut().collect();
    paragraphs.sort_by_key(|(p, _)| p.index);
    // Per negotiator that may ask: the paragraphs that violate its binding
    // red lines, with its dissatisfaction.
    let mut violating: Vec<Vec<(f64, usize)>> = vec![Vec::new(); room.len()];
    for (pos, (paragraph, text)) in paragraphs.iter_mut().enumerate() {
        if floor.struck.contains(paragraph.index) {
            continue; // deleted by an amendment
        }
        let judged = text.judged();
        for (i, &d) in judged.stakeholders().members().iter().enumerate() {
            if judged.violated(i) && may_ask(room[d].behaviour) {
                violating[d].push((judged.dissatisfaction(i), pos));
            }
        }
    }
    let mut requested = vec![false; paragraphs.len()];
    for party in &room {
        let mut mine = std::mem::take(&mut violating[party.index]);
        if mine.is_empty() || rng.0.random::<f64>() >= party.behaviour.separate_vote {
            continue;
        }
        mine.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        mine.truncate(party.behaviour.max_separate_votes as usize);
        let mut list: Vec<usize> = mine.iter().map(|&(_, pos)| pos).collect();
        list.sort_unstable();
        for &pos in &list {
            requested[pos] = true;
        }
        record.negotiators[party.index].requested_separate_votes = true;
        trace.push(|| TraceEvent::SeparateVotesRequested {
            by: party.index,
            paragraphs: list.iter().map(|&pos| paragraphs[pos].0.number).collect(),
        });
    }
    if !requested.contains(&true) {
        return;
    }
    let mut voters: Vec<&Voter> = voters.iter().collect();
    voters.sort_by_key(|v| v.index);
    ballots.clear();
    ballots.resize(voters.len(), None);
    let mut roll = Roll::new(&room, &blocs);
    for (pos, _) in requested.iter().enumerate().filter(|(_, r)| **r) {
        let (paragraph, text) = &paragraphs[pos];
        let text = Text::new(std::iter::once(text.refs()));
        let count = roll.cast(&voters, &Question::Adopt(&text), &mut rng.0, &mut ballots);
        record.paragraphs[paragraph.index].separate_vote = Some(count);
        if !count.adopts() {
            floor.struck.insert(paragraph.index);
        }
        let who = |ballot: Ballot| -> Vec<usize> {
            ballots.iter().enumerate().filter(|(_, b)| **b == Some(ballot)).map(|(v, _)| v).collect()
        };
        trace.push(|| TraceEvent::SeparateVote {
            paragraph: paragraph.number,
            count,
            against: who(Ballot::No),
            abstaining: who(Ballot::Abstain),
        });
    }
}

/// Adoption without a vote is proposed: each negotiator with a violated
/// binding red line draws once for `vote_call`. No call: consensus, and
/// those negotiators disassociate from the paragraphs that violate them.
pub fn propose_adoption(
    room_query: RoomQuery,
    draft: Query<(&Paragraph, &ParagraphText)>,
    calendar: Res<Calendar>,
    mut floor: ResMut<Floor>,
    mut rng: ResMut<RunRng>,
    mut record: ResMut<RunRecord>,
    mut trace: ResMut<Trace>,
) {
    if record.outcome.is_some() {
        return;
    }
    let room = room(&room_query, calendar.stages_run);
    // Per negotiator, the paragraphs (numbers, in text order) that violate it.
    let mut violating: Vec<Vec<u32>> = vec![Vec::new(); room.len()];
    for (number, text) in final_text(&draft, &floor) {
        for d in text.violated_negotiators() {
            violating[d].push(number);
        }
    }
    let mut unhappy: Vec<(usize, Vec<u32>)> = Vec::new();
    for (party, violating) in room.iter().zip(violating) {
        let p_call = if violating.is_empty() {
            party.behaviour.vote_call_without_red_line
        } else {
            party.behaviour.vote_call
        };
        // No draw at zero, so scenarios without unprovoked calls keep their draws.
        if p_call > 0.0 && rng.0.random::<f64>() < p_call {
            floor.vote_called = true;
            record.negotiators[party.index].called_vote = true;
            trace.push(|| TraceEvent::VoteCalled { by: party.index });
        }
        if !violating.is_empty() {
            unhappy.push((party.index, violating));
        }
    }
    if floor.vote_called {
        return;
    }
    for (by, paragraphs) in unhappy {
        record.negotiators[by].disassociated = true;
        record.disassociations.extend(paragraphs.iter().map(|&p| (by as u32, p)));
        trace.push(|| TraceEvent::Disassociated { by, paragraphs });
    }
    record.outcome = Some(Outcome::Consensus);
}

/// What a recorded vote decides, and so how a ballot reads the text.
pub(super) enum Question<'t> {
    /// Adopt this text: the final text, or one paragraph in a separate vote.
    Adopt(&'t Text),
    /// Adopt an amendment (rule 90) that makes the paragraph `current` into
    /// `amended` (empty for a deletion); its mover votes yes.
    Amend { current: &'t Text, amended: &'t Text, mover: usize },
    /// Take no action on that amendment (rule 74); the motion's mover `by`
    /// votes yes, the amendment's mover no.
    NoAction { current: &'t Text, amended: &'t Text, mover: usize, by: usize },
}

impl Question<'_> {
    /// A party's ballot: a mover votes for its own motion (and the mover of
    /// an amendment against no action on it); everyone else by
    /// [`Question::judge`].
    fn ballot(&self, party: &Party, views: &mut Vec<(View, bool)>) -> Ballot {
        match *self {
            Question::Amend { mover, .. } if party.index == mover => Ballot::Yes,
            Question::NoAction { by, .. } if party.index == by => Ballot::Yes,
            Question::NoAction { mover, .. } if party.index == mover => Ballot::No,
            _ => self.judge(party, views),
        }
    }

    /// A party's ballot by its vote rule (MODEL.md section 9, "Amendments"):
    /// a fixed rule votes as it always does; under `Reservation` an
    /// amendment is judged by how far it moves the party's judgement of the
    /// paragraph (section 5's rule on the paragraph alone): up from `No` to
    /// `Yes` votes yes, up one step abstains, no better votes no (the text
    /// as negotiated stands unless the change matters to it). A no-action
    /// motion gets the opposite ballot of the amendment.
    fn judge(&self, party: &Party, views: &mut Vec<(View, bool)>) -> Ballot {
        let (current, amended) = match *self {
            Question::Adopt(text) => return ballot(party, text, views),
            Question::Amend { current, amended, .. } | Question::NoAction { current, amended, .. } => {
                (current, amended)
            }
        };
        let fixed = match party.behaviour.vote_rule {
            VoteRule::Yes => Some(Ballot::Yes),
            VoteRule::No => Some(Ballot::No),
            VoteRule::Abstain => Some(Ballot::Abstain),
            VoteRule::Reservation => None,
        };
        if let Some(fixed) = fixed {
            return fixed;
        }
        let rank = |b: Ballot| match b {
            Ballot::No => 0,
            Ballot::Abstain => 1,
            Ballot::Yes => 2,
        };
        let up = rank(ballot(party, amended, views)) - rank(ballot(party, current, views));
        let on_amendment = match up {
            2 => Ballot::Yes,
            1 => Ballot::Abstain,
            _ => Ballot::No,
        };
        match (self, on_amendment) {
            (Question::NoAction { .. }, Ballot::Yes) => Ballot::No,
            (Question::NoAction { .. }, Ballot::No) => Ballot::Yes,
            _ => on_amendment,
        }
    }
}

/// The final text as a ballot reads it: every reference in text order, and
/// where each paragraph's references end.
pub struct Text {
    refs: Vec<IssueRef>,
    ends: Vec<usize>,
}

impl Text {
    pub(super) fn new<'a>(paragraphs: impl Iterator<Item = &'a [IssueRef]>) -> Self {
        let (mut refs, mut ends) = (Vec::new(), Vec::new());
        for paragraph in paragraphs {
            refs.extend_from_slice(paragraph);
            ends.push(refs.len());
        }
        Text { refs, ends }
    }
}

/// The vote rule of MODEL.md section 5 applied to one party and a text
/// (the final text, or one paragraph in a separate vote). `views` is a buffer for the party's view of every issue, written
/// once per ballot so that the pass over the text reads one table.
pub fn ballot(party: &Party, text: &Text, views: &mut Vec<(View, bool)>) -> Ballot {
    match party.behaviour.vote_rule {
        VoteRule::Yes => return Ballot::Yes,
        VoteRule::No => return Ballot::No,
        VoteRule::Abstain => return Ballot::Abstain,
        VoteRule::Reservation => {}
    }
    views.clear();
    views.extend((0..party.stances.ideal.len()).map(|k| (party.view(k), party.stances.declared[k])));
    let mut violated = false;
    let (mut sum, mut n) = (0.0, 0u32);
    // One pass over each paragraph's references for the three judgements.
    // u starts at 0 and every term is >= 0, so it is bit for bit the
    // paragraph's dissatisfaction as the stakeholder tables sum it.
    let mut start = 0;
    for &end in &text.ends {
        let (mut u, mut declared) = (0.0, false);
        for r in &text.refs[start..end] {
            let (view, is_declared) = &views[r.issue];
            violated |= view.violated_by(r.level);
            declared |= is_declared;
            u += view.dissatisfaction(r);
        }
        start = end;
        if declared {
            sum += u;
            n += 1;
        }
    }
    let mean = if n > 0 { sum / n as f64 } else { 0.0 };
    let over = mean > party.behaviour.reservation + crate::model::EPS;
    match (violated, over) {
        (true, true) => Ballot::No,
        (true, false) | (false, true) => Ballot::Abstain,
        (false, false) => Ballot::Yes,
    }
}

/// A recorded vote on the whole text: every voter votes by its vote rule.
#[allow(clippy::too_many_arguments)] // a system: each argument is one query or resource it reads
pub fn hold_recorded_vote(
    room_query: RoomQuery,
    voters: Query<&Voter>,
    draft: Query<(&Paragraph, &ParagraphText)>,
    calendar: Res<Calendar>,
    floor: Res<Floor>,
    blocs: Res<Blocs>,
    mut rng: ResMut<RunRng>,
    mut record: ResMut<RunRecord>,
    mut trace: ResMut<Trace>,
) {
    if !floor.vote_called || record.outcome.is_some() {
        return;
    }
    let room = room(&room_query, calendar.stages_run);
    let text = Text::new(final_text(&draft, &floor).into_iter().map(|(_, t)| t.refs()));
    let mut voters: Vec<&Voter> = voters.iter().collect();
    voters.sort_by_key(|v| v.index);
    let count =
        Roll::new(&room, &blocs).cast(&voters, &Question::Adopt(&text), &mut rng.0, &mut record.ballots);
    record.vote = Some(count);
    record.outcome = Some(if count.adopts() { Outcome::AdoptedByVote } else { Outcome::RejectedByVote });
    trace.push(|| TraceEvent::Vote { count });
}

/// The roll call of a recorded vote: the room and the blocs every ballot
/// reads, with buffers reused from one vote of the plenary to the next.
pub(super) struct Roll<'r, 'a> {
    room: &'r [Party<'a>],
    blocs: &'r Blocs,
    views: Vec<(View, bool)>,
    /// A member's own stances when it breaks bloc discipline.
    member: Stances,
    /// Per negotiator, its bloc's ballot on the text being voted, once cast.
    bloc_ballot: Vec<Option<Ballot>>,
}

impl<'r, 'a> Roll<'r, 'a> {
    pub(super) fn new(room: &'r [Party<'a>], blocs: &'r Blocs) -> Self {
        Roll {
            room,
            blocs,
            views: Vec::new(),
            member: Stances { ideal: Vec::new(), salience: Vec::new(), declared: Vec::new() },
            bloc_ballot: vec![None; room.len()],
        }
    }

    /// Every voter's ballot on `question`, in roster order, written into
    /// `ballots` (indexed by voter), and their count. Per voter the draws
    /// are MODEL.md section 9's: the discipline draw, then the jitter draws.
    pub(super) fn cast(
        &mut self,
        voters: &[&Voter],
        question: &Question,
        rng: &mut rand_chacha::ChaCha8Rng,
        ballots: &mut [Option<Ballot>],
    ) -> VoteCount {
        let room = self.room;
        self.bloc_ballot.fill(None);
        let mut count = VoteCount::default();
        for voter in voters {
            let ballot = match voter.kind {
                VoterKind::OnItsOwn { own } => question.ballot(&room[own.index()], &mut self.views),
                VoterKind::BlocMember { bloc } => {
                    let spec =
                        self.blocs.0.iter().find(|b| b.negotiator == bloc).expect("voter's bloc exists");
                    let views = &mut self.views;
                    let template = *self.bloc_ballot[bloc.index()]
                        .get_or_insert_with(|| question.ballot(&room[bloc.index()], views));
                    if rng.random::<f64>() < spec.discipline {
                        template
                    } else {
                        let stances =
                            jittered(&mut self.member, room[bloc.index()].stances, spec.jitter, rng);
                        // A member that breaks discipline judges for itself,
                        // even on its bloc's own motion.
                        question.judge(&Party { stances, ..room[bloc.index()] }, &mut self.views)
                    }
                }
                VoterKind::SpeaksInBloc { bloc, own } => {
                    let (stances, red_lines) = overridden(&room[bloc.index()], &room[own.index()]);
                    let behaviour: &Behaviour = room[own.index()].behaviour;
                    question.ballot(
                        &Party { stances: &stances, red_lines: &red_lines, behaviour, ..room[own.index()] },
                        &mut self.views,
                    )
                }
            };
            count.count(ballot);
            ballots[voter.index] = Some(ballot);
        }
        count
    }
}

/// A bloc member's own stance, written into `s`: the template, each declared
/// ideal and salience moved uniformly within +-jitter, clipped to 0..1.
fn jittered<'a>(
    s: &'a mut Stances,
    template: &Stances,
    jitter: f64,
    rng: &mut rand_chacha::ChaCha8Rng,
) -> &'a Stances {
    s.ideal.clone_from(&template.ideal);
    s.salience.clone_from(&template.salience);
    s.declared.clone_from(&template.declared);
    if jitter > 0.0 {
        for k in 0..s.ideal.len() {
            if s.declared[k] {
                s.ideal[k] = (s.ideal[k] + rng.random_range(-jitter..=jitter)).clamp(0.0, 1.0);
                s.salience[k] = (s.salience[k] + rng.random_range(-jitter..=jitter)).clamp(0.0, 1.0);
            }
        }
    }
    s
}

/// A member that speaks for itself votes on its bloc's stance and red lines,
/// overridden issue by issue by its own.
fn overridden(bloc: &Party, own: &Party) -> (Stances, RedLines) {
    let mut stances = bloc.stances.clone();
    for k in 0..stances.ideal.len() {
        if own.stances.declared[k] {
            stances.ideal[k] = own.stances.ideal[k];
            stances.salience[k] = own.stances.salience[k];
            stances.declared[k] = true;
        }
    }
    let own_issues: Vec<usize> = own.red_lines.lines.iter().map(|l| l.issue).collect();
    let mut red_lines = own.red_lines.clone();
    red_lines.lines.extend(bloc.red_lines.lines.iter().filter(|l| !own_issues.contains(&l.issue)).copied());
    red_lines.refresh();
    (stances, red_lines)
}
