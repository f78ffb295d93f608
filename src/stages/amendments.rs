//! Amendments from the floor (rule 90) and no-action motions on them (rule
//! 74), voted at the plenary before the separate votes and the text
//! (MODEL.md section 9, "Amendments").

use bevy_ecs::prelude::*;
use rand::RngExt;

use super::plenary::{Question, Roll, Text};
use super::{RoomQuery, room};
use crate::model::EPS;
use crate::model::acceptability::Party;
use crate::model::calendar::{Amendments, Calendar, Floor};
use crate::model::delegation::Voter;
use crate::model::paragraph::{IssueRef, Paragraph, ParagraphText};
use crate::model::record::{Ballot, RunRecord, RunRng, VoteCount};
use crate::model::trace::{BallotLists, Trace, TraceEvent};
use crate::model::world::Blocs;
use crate::scenario::{AmendmentChange, AmendmentSpec};

/// The paragraph as the amendment would leave it: its references with the
/// new level, or none for a deletion.
fn amended(refs: &[IssueRef], change: AmendmentChange) -> Vec<IssueRef> {
    match change {
        AmendmentChange::Delete => Vec::new(),
        AmendmentChange::Level { issue, level } => refs
            .iter()
            .map(|r| if r.issue == issue.index() { IssueRef { level, weight: 1.0, ..*r } } else { *r })
            .collect(),
    }
}

/// Whether the amendment would still change the text: its paragraph is in
/// it and, for a level change, the reference is not already at that level.
fn changes_text(refs: &[IssueRef], struck: bool, change: AmendmentChange) -> bool {
    match change {
        AmendmentChange::Delete => !struck,
        AmendmentChange::Level { issue, level } => {
            !struck && refs.iter().any(|r| r.issue == issue.index() && (r.level - level).abs() > EPS)
        }
    }
}

/// Whether the amendment makes the paragraph worse for the party: it would
/// come to violate one of its binding red lines, or (with the violation
/// unchanged) leave it more dissatisfied. Who minds a deletion is read as
/// the deletion move of section 4 reads it: the references taken to 0.
fn opposes(party: &Party, refs: &[IssueRef], change: AmendmentChange) -> bool {
    let after: Vec<IssueRef> = match change {
        AmendmentChange::Delete => refs.iter().map(|r| IssueRef { level: 0.0, ..*r }).collect(),
        AmendmentChange::Level { .. } => amended(refs, change),
    };
    let judge = |refs: &[IssueRef]| {
        refs.iter().fold((false, 0.0), |(violated, u), r| {
            let view = party.view(r.issue);
            (violated || view.violated_by(r.level), u + view.dissatisfaction(r))
        })
    };
    let (violated_now, u_now) = judge(refs);
    let (violated_after, u_after) = judge(&after);
    (violated_after && !violated_now) || (violated_after == violated_now && u_after > u_now + EPS)
}

/// The order of rule 90: paragraph by paragraph in text order; on one
/// paragraph the amendment furthest removed from the text first (a
/// deletion, then level changes by how far they move the level), ties in
/// the order of the scenario's list.
fn voting_order(moved: &mut [usize], list: &[(usize, AmendmentSpec)], refs: impl Fn(usize) -> Vec<IssueRef>) {
    let distance = |a: &AmendmentSpec| match a.change {
        AmendmentChange::Delete => f64::INFINITY,
        AmendmentChange::Level { issue, level } => refs(a.paragraph)
            .iter()
            .find(|r| r.issue == issue.index())
            .map_or(0.0, |r| (r.level - level).abs()),
    };
    moved.sort_by(|&a, &b| {
        let (a_spec, b_spec) = (&list[a].1, &list[b].1);
        a_spec
            .paragraph
            .cmp(&b_spec.paragraph)
            .then(distance(b_spec).total_cmp(&distance(a_spec)))
            .then(a.cmp(&b))
    });
}

/// Amendments (rule 90) and no-action motions (rule 74). Each negotiator
/// with `amend` above 0 and an amendment that would still change the text
/// draws once, in roster order; if it moves, it moves every such amendment
/// of its list. The amendments moved are then taken in the order of
/// [`voting_order`]. For each, the negotiators it would make worse off
/// (`no_action` above 0, not its mover) draw in roster order until one
/// moves no action; the motion is voted first and, if carried, the
/// amendment is not voted on. Otherwise the amendment is put to the vote,
/// and adopted changes the text (a deletion strikes the paragraph). An
/// amendment that an adopted one has decided (the paragraph deleted, or
/// its reference already amended) falls. With no negotiator that may move
/// one, nothing is drawn.
#[allow(clippy::too_many_arguments)] // a system: each argument is one query or resource it reads
pub fn hold_amendment_votes(
    room_query: RoomQuery,
    voters: Query<&Voter>,
    mut draft: Query<(&Paragraph, &mut ParagraphText)>,
    calendar: Res<Calendar>,
    blocs: Res<Blocs>,
    list: Res<Amendments>,
    mut floor: ResMut<Floor>,
    mut rng: ResMut<RunRng>,
    mut record: ResMut<RunRecord>,
    mut trace: ResMut<Trace>,
    mut ballots: Local<Vec<Option<Ballot>>>,
) {
    if record.outcome.is_some() || !room_query.iter().any(|(.., b)| b.0.amend > 0.0) {
        return;
    }
    let room = room(&room_query, calendar.stages_run);
    let mut paragraphs: Vec<_> = draft.iter_mut().collect();
    paragraphs.sort_by_key(|(p, _)| p.index);
    let list = &list.0;
    // Who moves which amendments.
    let mut moved: Vec<usize> = Vec::new();
    let mut start = 0;
    for party in &room {
        let end = start + list[start..].iter().take_while(|(d, _)| *d == party.index).count();
        let mine = start..end;
        start = end;
        if party.behaviour.amend <= 0.0 {
            continue;
        }
        let applicable: Vec<usize> = mine
            .filter(|&i| {
                let a = list[i].1;
                changes_text(paragraphs[a.paragraph].1.refs(), floor.struck.contains(a.paragraph), a.change)
            })
            .collect();
        if applicable.is_empty() || rng.0.random::<f64>() >= party.behaviour.amend {
            continue;
        }
        record.negotiators[party.index].moved_amendments = true;
        for &i in &applicable {
            record.amendments[i].moved = true;
            let a = list[i].1;
            let refs = paragraphs[a.paragraph].1.refs();
            trace.push(|| TraceEvent::AmendmentMoved {
                by: party.index,
                paragraph: paragraphs[a.paragraph].0.number,
                change: a.change,
                from: match a.change {
                    AmendmentChange::Delete => None,
                    AmendmentChange::Level { issue, .. } => {
                        refs.iter().find(|r| r.issue == issue.index()).map(|r| r.level)
                    }
                },
            });
        }
        moved.extend(applicable);
    }
    if moved.is_empty() {
        return;
    }
    voting_order(&mut moved, list, |p| paragraphs[p].1.refs().to_vec());
    let mut voters: Vec<&Voter> = voters.iter().collect();
    voters.sort_by_key(|v| v.index);
    ballots.clear();
    ballots.resize(voters.len(), None);
    let mut roll = Roll::new(&room, &blocs);
    // The references (paragraph, issue) an adopted amendment changed.
    let mut decided: Vec<(usize, usize)> = Vec::new();
    // Amendments already voted, with their results: one moved twice (by two
    // negotiators) is voted once, and both records tell that vote.
    let mut voted: Vec<(AmendmentSpec, Option<VoteCount>, Option<VoteCount>)> = Vec::new();
    for i in moved {
        let (mover, a) = list[i];
        if let Some(&(_, no_action, vote)) = voted.iter().find(|(b, ..)| *b == a) {
            record.amendments[i].no_action = no_action;
            record.amendments[i].vote = vote;
            continue;
        }
        let number = paragraphs[a.paragraph].0.number;
        let falls = floor.struck.contains(a.paragraph)
            || matches!(a.change, AmendmentChange::Level { issue, .. }
                if decided.contains(&(a.paragraph, issue.index())));
        if falls {
            trace.push(|| TraceEvent::AmendmentFalls { paragraph: number, change: a.change });
            voted.push((a, None, None));
            continue;
        }
        let refs = paragraphs[a.paragraph].1.refs().to_vec();
        let after = amended(&refs, a.change);
        let current = Text::new(std::iter::once(refs.as_slice()));
        let amended_text = if after.is_empty() {
            Text::new(std::iter::empty())
        } else {
            Text::new(std::iter::once(after.as_slice()))
        };
        // A no-action motion, by the first opponent that draws to move one.
        let mut motion = None;
        for party in &room {
            if party.index == mover || party.behaviour.no_action <= 0.0 || !opposes(party, &refs, a.change) {
                continue;
            }
            if rng.0.random::<f64>() < party.behaviour.no_action {
                motion = Some(party.index);
                break;
            }
        }
        let lists = |ballots: &[Option<Ballot>]| {
            let who = |b: Ballot| {
                ballots.iter().enumerate().filter(|(_, x)| **x == Some(b)).map(|(v, _)| v).collect()
            };
            BallotLists { yes: who(Ballot::Yes), no: who(Ballot::No), abstain: who(Ballot::Abstain) }
        };
        let mut no_action = None;
        if let Some(by) = motion {
            record.negotiators[by].moved_no_action = true;
            let question = Question::NoAction { current: &current, amended: &amended_text, mover, by };
            let count = roll.cast(&voters, &question, &mut rng.0, &mut ballots);
            no_action = Some(count);
            trace.push(|| TraceEvent::NoActionVote {
                by,
                paragraph: number,
                change: a.change,
                count,
                ballots: lists(&ballots),
            });
            if count.adopts() {
                record.amendments[i].no_action = no_action;
                voted.push((a, no_action, None));
                continue;
            }
        }
        let question = Question::Amend { current: &current, amended: &amended_text, mover };
        let count = roll.cast(&voters, &question, &mut rng.0, &mut ballots);
        trace.push(|| TraceEvent::AmendmentVote {
            paragraph: number,
            change: a.change,
            count,
            ballots: lists(&ballots),
        });
        record.amendments[i].no_action = no_action;
        record.amendments[i].vote = Some(count);
        voted.push((a, no_action, Some(count)));
        if !count.adopts() {
            continue;
        }
        match a.change {
            AmendmentChange::Delete => floor.struck.insert(a.paragraph),
            AmendmentChange::Level { issue, level } => {
                let text = &mut paragraphs[a.paragraph].1;
                if let Some(j) = text.refs().iter().position(|r| r.issue == issue.index()) {
                    text.set(j, level, 1.0);
                }
                decided.push((a.paragraph, issue.index()));
            }
        }
    }
}
