//! From the file as written to the checked [`Scenario`]: resolve ids, apply
//! defaults, and collect every problem (not just the first) with its field path.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use super::checked::*;
use super::error::Problem;
use super::file::*;
use super::limits::{self, Limits};
use super::suggest::{Known, suggest_known};

/// Collects problems while building; each is reported with its field path.
struct Checker {
    problems: Vec<Problem>,
}

/// The largest influence, tolerance, weight or scale factor a scenario may
/// give. Sums and products of a few such numbers over thousands of
/// delegations stay finite far below `f64::MAX`; with 1e308 they overflow to
/// infinity, and a compromise point of inf / inf would be NaN.
const MAX_MAGNITUDE: f64 = 1e6;

/// The most paragraphs of a draft, and anonymous members of a bloc: far above
/// any real negotiation (193 member states, a few hundred paragraphs), and
/// low enough that a typo such as `4000000000` is an error, not an attempt
/// to allocate the memory for it.
const MAX_COUNT: u32 = 1_000_000;

/// A number as a message shows it: 1e308, not 309 digits.
fn shown(value: f64) -> String {
    if value.abs() >= 1e7 { format!("{value:e}") } else { format!("{value}") }
}

impl Checker {
    fn problem(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem { at: None, field: field.into(), message: message.into() });
    }

    /// A value that must lie in 0..1 (probabilities, levels, shares).
    fn unit(&mut self, field: impl Into<String>, value: f64, what: &str) -> f64 {
        if !(0.0..=1.0).contains(&value) {
            self.problem(field, format!("{value} is not {what} (must be within 0..1)"));
        }
        value
    }

    fn non_negative(&mut self, field: impl Into<String>, value: f64) -> f64 {
        if !(0.0..=MAX_MAGNITUDE).contains(&value) {
            self.problem(
                field,
                format!("{} must be a number >= 0 and at most {MAX_MAGNITUDE:e}", shown(value)),
            );
        }
        value
    }

    fn positive(&mut self, field: impl Into<String>, value: f64) -> f64 {
        if !(value > 0.0 && value <= MAX_MAGNITUDE) {
            self.problem(
                field,
                format!("{} must be a number > 0 and at most {MAX_MAGNITUDE:e}", shown(value)),
            );
        }
        value
    }

    fn issue(
        &mut self,
        field: impl Into<String>,
        id: &str,
        index: &HashMap<&str, IssueId>,
    ) -> Option<IssueId> {
        let found = index.get(id).copied();
        if found.is_none() {
            let mut ids: Vec<&str> = index.keys().copied().collect();
            ids.sort_unstable();
            let hint = super::suggest(id, &ids);
            self.problem(field, format!("unknown issue id `{id}` (not in `issues`){hint}"));
        }
        found
    }
}

/// Validate a parsed file, held to the default [`Limits`]. `path` is only
/// used to label the scenario.
pub fn validate(file: &ScenarioFile, path: &Path) -> Result<Scenario, Vec<Problem>> {
    validate_with_limits(file, path, &Limits::default())
}

/// Validate a parsed file, held to `limits`: its sizes are checked before
/// anything proportional to them is allocated, and the memory a run needs
/// once the rest is valid.
pub fn validate_with_limits(
    file: &ScenarioFile,
    path: &Path,
    limits: &Limits,
) -> Result<Scenario, Vec<Problem>> {
    // A count beyond the format's bounds is reported (below) on its own,
    // not as a scenario too costly; otherwise the costs come first. The
    // rest of the file is held to the limits all the same, as if those
    // counts were 0: 99 blocs of a million members beside one past the
    // bound were built whole (7.7 GB for `check`, found by fuzz/'s `load`).
    let beyond = beyond_format(file);
    let too_large = if beyond.is_empty() {
        limits::check_sizes(file, limits)
    } else {
        let mut within = file.clone();
        if within.paragraphs.count > MAX_COUNT {
            within.paragraphs.count = 0;
        }
        for b in within.blocs.iter_mut().filter(|b| b.anonymous > MAX_COUNT) {
            b.anonymous = 0;
        }
        limits::check_sizes(&within, limits)
    };
    if !too_large.is_empty() {
        return Err(beyond.into_iter().chain(too_large).collect());
    }
    let mut c = Checker { problems: Vec::new() };

    // Rosters and profiles are resolved when a file is read (`parse`,
    // `load`): a file built or changed in code that still holds them has
    // not been through that.
    let unresolved = "is resolved when the file is read (plenary::scenario::parse or load), \
                      not by validation: docs/SCENARIOS.md, \"Rosters and profiles\"";
    if !file.include.is_empty() {
        c.problem("include".to_string(), unresolved.to_string());
    }
    if !file.profiles.is_empty() {
        c.problem("profiles".to_string(), unresolved.to_string());
    }
    for b in file.blocs.iter().filter(|b| b.profile.is_some()) {
        c.problem(format!("blocs[{}].profile", b.id), unresolved.to_string());
    }
    for d in file.delegations.iter().filter(|d| d.profile.is_some()) {
        c.problem(format!("delegations[{}].profile", d.id), unresolved.to_string());
    }

    // Issues.
    let mut issue_index: HashMap<&str, IssueId> = HashMap::new();
    for (i, issue) in file.issues.iter().enumerate() {
        if issue.id.is_empty() {
            c.problem(format!("issues[{i}].id"), "must not be empty");
        }
        if issue_index.insert(issue.id.as_str(), IssueId::new(i)).is_some() {
            c.problem(format!("issues[{i}].id"), format!("duplicate issue id `{}`", issue.id));
        }
    }
    let issues: Vec<Issue> = file
        .issues
        .iter()
        .map(|i| Issue {
            id: i.id.clone(),
            name: if i.name.is_empty() { i.id.clone() } else { i.name.clone() },
        })
        .collect();
    let n_issues = issues.len();

    let paragraphs = paragraphs(&mut c, &file.paragraphs, &issue_index);

    // Negotiators in roster order: blocs, then delegations.
    let mut negotiators = Vec::new();
    for b in &file.blocs {
        let field = format!("blocs[{}]", b.id);
        negotiators.push(negotiator(
            &mut c,
            &field,
            &b.id,
            &b.name,
            NegotiatorKind::Bloc,
            b.influence,
            &b.stances,
            &b.red_lines,
            &b.behaviour,
            &b.amendments,
            &paragraphs,
            &issue_index,
            n_issues,
        ));
    }
    for d in &file.delegations {
        let field = format!("delegations[{}]", d.id);
        negotiators.push(negotiator(
            &mut c,
            &field,
            &d.id,
            &d.name,
            NegotiatorKind::State,
            d.influence,
            &d.stances,
            &d.red_lines,
            &d.behaviour,
            &d.amendments,
            &paragraphs,
            &issue_index,
            n_issues,
        ));
    }
    let mut seen = HashSet::new();
    for (i, n) in negotiators.iter().enumerate() {
        if n.id.is_empty() {
            c.problem(format!("negotiator #{i}.id"), "must not be empty");
        } else if !seen.insert(n.id.clone()) {
            c.problem(format!("id `{}`", n.id), "used by more than one bloc or delegation");
        }
    }
    if negotiators.is_empty() {
        c.problem("delegations", "the scenario has no bloc and no delegation: nobody negotiates");
    }
    // By id, the first negotiator with it (a duplicate is reported above);
    // a map, because rooms of thousands of delegations look ids up often.
    let mut index_of_id: HashMap<&str, usize> = HashMap::with_capacity(negotiators.len());
    for (i, n) in negotiators.iter().enumerate() {
        index_of_id.entry(n.id.as_str()).or_insert(i);
    }
    let negotiator_of = |id: &str| index_of_id.get(id).copied().map(NegotiatorId::new);
    let known: Vec<Known> = negotiators.iter().map(|n| Known { id: &n.id, name: &n.name }).collect();
    let no_negotiator =
        |id: &str| format!("no bloc or delegation with id `{id}`{}", suggest_known(id, &known));

    let (voters, blocs) = roster(&mut c, file, &negotiator_of);
    // A bloc too large to count is already a problem; the roster's total
    // would be wrong, so it is not compared with `membership`.
    let oversized = file.blocs.iter().any(|b| b.anonymous > MAX_COUNT);
    if let Some(m) = file.membership
        && !oversized
        && voters.len() != m
    {
        let parts: Vec<String> = blocs
            .iter()
            .map(|b| format!("{} {}", b.id, b.size))
            .chain(std::iter::once(format!(
                "{} delegations outside blocs",
                voters.iter().filter(|v| v.kind.bloc().is_none()).count()
            )))
            .collect();
        c.problem(
            "membership",
            format!(
                "the roster has {} member states ({}), but `membership` declares {m}",
                voters.len(),
                parts.join(", ")
            ),
        );
    }

    let mediator = MediatorSpec {
        skill: c.unit("mediator.skill", file.mediator.skill, "a probability"),
        step: c.unit("mediator.step", file.mediator.step, "a fraction"),
        concession: c.positive("mediator.concession", file.mediator.concession),
        threat_weight: c.positive("mediator.threat_weight", file.mediator.threat_weight),
        ambiguity: per_issue(
            &mut c,
            "mediator.ambiguity",
            &file.mediator.ambiguity,
            &issue_index,
            n_issues,
            "a discount",
        ),
        deferral: per_issue(
            &mut c,
            "mediator.deferral",
            &file.mediator.deferral,
            &issue_index,
            n_issues,
            "a level",
        ),
        deletion: file.mediator.deletion,
    };
    let president = file.president.as_ref().map(|p| PresidentSpec {
        skill: c.unit("president.skill", p.skill, "a probability"),
        step: c.unit("president.step", p.step, "a fraction"),
        collapse_pressure: c.unit("president.collapse_pressure", p.collapse_pressure, "a firmness drop"),
    });
    let collapse_share = c.unit("collapse_share", file.collapse_share, "a share");

    let calendar = calendar(&mut c, file);
    if calendar.iter().any(|s| s.kind == StageKind::PresidentCompromise) && president.is_none() {
        c.problem("calendar", "has a PresidentCompromise stage but the scenario has no `president`");
    }
    let events = events(&mut c, file, &calendar, &negotiator_of, &no_negotiator);
    let markers =
        markers(&mut c, file, &calendar, &negotiators, paragraphs.len(), &negotiator_of, &no_negotiator);
    let uncertain = uncertain(&mut c, file, path, limits);

    if c.problems.is_empty() {
        let scenario = Scenario {
            name: file.name.clone(),
            description: file.description.clone(),
            source: path.to_path_buf(),
            issues,
            paragraphs,
            negotiators,
            voters,
            blocs,
            mediator,
            president,
            calendar,
            ends_without_plenary: file.ends_without_plenary,
            events,
            collapse_share,
            markers,
            uncertain,
        };
        match limits::check_cost(&scenario, limits) {
            None => Ok(scenario),
            Some(problem) => Err(vec![problem]),
        }
    } else {
        Err(c.problems)
    }
}

/// Each uncertain parameter: a path to a number of the file, a prior that
/// is well formed, and a scenario that checks at each end of the prior's
/// range (or at each of its values), so that no draw can make an invalid
/// scenario. Checked only when the rest of the file is valid, since the ends
/// are checked by validating the file with the value set.
fn uncertain(c: &mut Checker, file: &ScenarioFile, path: &Path, limits: &Limits) -> Vec<UncertainSpec> {
    let mut out = Vec::new();
    if file.uncertain.is_empty() {
        return out; // as each end's file is: not worth serializing
    }
    let mut seen: Vec<&str> = Vec::new();
    // Serialized once for every path's questions below.
    let tree = super::overlay::FileTree::of(file);
    for (i, u) in file.uncertain.iter().enumerate() {
        let field = format!("uncertain[{i}]");
        if let Err(e) = u.prior.validate() {
            c.problem(format!("{field}.prior"), e.to_string());
            continue;
        }
        let value = match tree.number_at(&u.path) {
            Ok(Some(v)) => v,
            Ok(None) => {
                c.problem(
                    format!("{field}.path"),
                    format!("`{}` is unset in the file: give it a value to vary", u.path),
                );
                continue;
            }
            Err(e) => {
                c.problem(format!("{field}.path"), format!("`{}`: {e}", u.path));
                continue;
            }
        };
        if let Some(first) = seen.iter().position(|p| *p == u.path || tree.same_field(p, &u.path)) {
            c.problem(format!("{field}.path"), format!("reaches the same field as uncertain[{first}]"));
            continue;
        }
        seen.push(&u.path);
        let name = if u.name.trim().is_empty() { u.path.clone() } else { u.name.clone() };
        if let Some(first) = out.iter().position(|o: &UncertainSpec| o.name == name) {
            c.problem(format!("{field}.name"), format!("`{name}` is also the name of uncertain[{first}]"));
            continue;
        }
        out.push(UncertainSpec {
            path: u.path.clone(),
            name,
            prior: u.prior.clone(),
            value,
            note: u.note.clone(),
        });
    }
    if !c.problems.is_empty() {
        return out;
    }
    // The file without its uncertain parameters, to validate at each end.
    let plain = super::overlay::FileTree::of(&ScenarioFile { uncertain: Vec::new(), ..file.clone() });
    for (i, u) in out.iter().enumerate() {
        let ends = match u.prior.discrete_values() {
            Some(values) => values,
            None => {
                let (lo, hi) = u.prior.bounds();
                vec![lo, hi]
            }
        };
        for end in ends {
            let field = format!("uncertain[{i}].prior");
            let at_end = plain
                .with_value(&u.path, end)
                .map_err(|e| vec![Problem { at: None, field: u.path.clone(), message: e }])
                .and_then(|f| validate_with_limits(&f, path, limits).map(|_| ()));
            if let Err(problems) = at_end {
                let why: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
                c.problem(
                    field,
                    format!("at {end}, `{}` makes the scenario invalid: {}", u.path, why.join("; ")),
                );
                break;
            }
        }
    }
    out
}

fn paragraphs(c: &mut Checker, file: &ParagraphsFile, issues: &HashMap<&str, IssueId>) -> Vec<ParagraphSpec> {
    let count = file.count;
    if count == 0 {
        c.problem("paragraphs.count", "a draft needs at least one paragraph");
    }
    if count > MAX_COUNT {
        c.problem("paragraphs.count", too_many_paragraphs(count));
        return Vec::new(); // not worth allocating the draft to check the rest
    }
    let in_text = |n: u32| (1..=count).contains(&n);
    let mut sections = vec![String::new(); count as usize];
    for (i, s) in file.sections.iter().enumerate() {
        let field = format!("paragraphs.sections[{i}]");
        if s.first > s.last {
            c.problem(field, format!("range {}..{}: first is after last", s.first, s.last));
            continue;
        } else if !in_text(s.first) || !in_text(s.last) {
            c.problem(field, format!("range {}..{} is not within paragraphs 1..{count}", s.first, s.last));
            continue;
        }
        for n in s.first..=s.last {
            let slot = &mut sections[n as usize - 1];
            if !slot.is_empty() {
                // Once per section, not once per paragraph (two sections
                // over a million paragraphs would list a million).
                c.problem(&field, format!("paragraph {n} is already in section `{slot}`"));
                break;
            }
            *slot = s.name.clone();
        }
    }
    let mut levels: Vec<BTreeMap<IssueId, f64>> = vec![BTreeMap::new(); count as usize];
    for (i, r) in file.refs.iter().enumerate() {
        let field = format!("paragraphs.refs[{i}]");
        let mut targets: Vec<u32> = r.paragraphs.clone();
        if let Some((a, b)) = r.range {
            if a > b {
                c.problem(format!("{field}.range"), format!("({a}, {b}) is empty"));
            } else if !in_text(a) || !in_text(b) {
                // Reported once, not once per paragraph (a typo such as
                // (1, 4000000000) would list four billion of them).
                c.problem(
                    format!("{field}.range"),
                    format!("({a}, {b}) is not within the draft (1..{count})"),
                );
            } else {
                targets.extend(a..=b);
            }
        }
        if r.paragraphs.is_empty() && r.range.is_none() {
            c.problem(&field, "names no paragraph: give `paragraphs` or `range`");
        }
        let mut resolved = Vec::new();
        for (issue, level) in &r.levels {
            let f = format!("{field}.levels[{issue}]");
            let level = c.unit(&f, *level, "a language level");
            if let Some(k) = c.issue(&f, issue, issues) {
                resolved.push((k, level));
            }
        }
        for n in targets {
            if !in_text(n) {
                c.problem(&field, format!("paragraph {n} is outside the draft (1..{count})"));
                continue;
            }
            for &(k, level) in &resolved {
                levels[n as usize - 1].insert(k, level);
            }
        }
    }
    (1..=count)
        .map(|n| ParagraphSpec {
            number: n,
            section: sections[n as usize - 1].clone(),
            refs: levels[n as usize - 1].iter().map(|(&k, &l)| (k, l)).collect(),
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn negotiator(
    c: &mut Checker,
    field: &str,
    id: &str,
    name: &str,
    kind: NegotiatorKind,
    influence: f64,
    stances: &BTreeMap<String, StanceFile>,
    red_lines: &[RedLineFile],
    behaviour: &BehaviourFile,
    amendments: &[AmendmentFile],
    paragraphs: &[ParagraphSpec],
    issues: &HashMap<&str, IssueId>,
    n_issues: usize,
) -> NegotiatorSpec {
    let mut dense = vec![None; n_issues];
    for (issue, s) in stances {
        let f = format!("{field}.stances[{issue}]");
        let ideal = c.unit(format!("{f}.ideal"), s.ideal, "a language level");
        let salience = c.unit(format!("{f}.salience"), s.salience, "a salience");
        if let Some(k) = c.issue(&f, issue, issues) {
            dense[k.index()] = Some(Stance { ideal, salience });
        }
    }
    let mut lines = Vec::new();
    for (i, r) in red_lines.iter().enumerate() {
        let f = format!("{field}.red_lines[{i}]");
        let (issue, bound, level, firmness) = match r {
            RedLineFile::AtMost { issue, level, firmness } => {
                (issue, Bound::AtMost(*level), *level, *firmness)
            }
            RedLineFile::AtLeast { issue, level, firmness } => {
                (issue, Bound::AtLeast(*level), *level, *firmness)
            }
        };
        c.unit(format!("{f}.level"), level, "a language level");
        let firmness = c.unit(format!("{f}.firmness"), firmness, "a probability");
        if let Some(k) = c.issue(format!("{f}.issue"), issue, issues) {
            lines.push(RedLineSpec { issue: k, bound, firmness, draw: lines.len() });
        }
    }
    let b = behaviour;
    let bf = format!("{field}.behaviour");
    let behaviour = Behaviour {
        tolerance: c.non_negative(format!("{bf}.tolerance"), b.tolerance),
        flexibility: c.non_negative(format!("{bf}.flexibility"), b.flexibility),
        silence_break: c.unit(format!("{bf}.silence_break"), b.silence_break, "a probability"),
        red_line_break: c.unit(format!("{bf}.red_line_break"), b.red_line_break, "a probability"),
        max_challenges: b.max_challenges.unwrap_or(u32::MAX),
        threat: c.unit(format!("{bf}.threat"), b.threat, "a probability"),
        vote_call: c.unit(format!("{bf}.vote_call"), b.vote_call, "a probability"),
        vote_call_without_red_line: c.unit(
            format!("{bf}.vote_call_without_red_line"),
            b.vote_call_without_red_line,
            "a probability",
        ),
        separate_vote: c.unit(format!("{bf}.separate_vote"), b.separate_vote, "a probability"),
        max_separate_votes: b.max_separate_votes.unwrap_or(u32::MAX),
        amend: c.unit(format!("{bf}.amend"), b.amend, "a probability"),
        no_action: c.unit(format!("{bf}.no_action"), b.no_action, "a probability"),
        vote_rule: match b.vote_rule {
            VoteRuleFile::Reservation => VoteRule::Reservation,
            VoteRuleFile::Yes => VoteRule::Yes,
            VoteRuleFile::No => VoteRule::No,
            VoteRuleFile::Abstain => VoteRule::Abstain,
        },
        reservation: c.non_negative(format!("{bf}.reservation"), b.reservation),
    };
    let has_stake = dense.iter().any(|s| s.is_some_and(|s| s.salience > 0.0)) || !lines.is_empty();
    if behaviour.no_action > 0.0 && !has_stake {
        c.problem(
            format!("{bf}.no_action"),
            format!(
                "{} has no stance and no red line on any issue, so no amendment can make a paragraph \
                 worse for it: give it a stake, or leave no_action at 0",
                id
            ),
        );
    }
    if behaviour.amend > 0.0 && amendments.is_empty() {
        c.problem(
            format!("{bf}.amend"),
            format!("{id} has no `amendments` to move: list them, or leave amend at 0"),
        );
    }
    let amendments = checked_amendments(c, field, amendments, paragraphs, issues);
    NegotiatorSpec {
        id: id.to_string(),
        name: if name.is_empty() { id.to_string() } else { name.to_string() },
        kind,
        influence: c.positive(format!("{field}.influence"), influence),
        stances: dense,
        red_line_draws: lines.len(),
        red_lines: lines,
        behaviour,
        amendments,
    }
}

/// A negotiator's amendments: each to a paragraph of the draft, a level
/// change only to an issue the paragraph references and within 0..1, none
/// given twice.
fn checked_amendments(
    c: &mut Checker,
    field: &str,
    amendments: &[AmendmentFile],
    paragraphs: &[ParagraphSpec],
    issues: &HashMap<&str, IssueId>,
) -> Vec<AmendmentSpec> {
    let mut out: Vec<AmendmentSpec> = Vec::new();
    for (i, a) in amendments.iter().enumerate() {
        let f = format!("{field}.amendments[{i}]");
        let number = match a {
            AmendmentFile::Delete { paragraph } | AmendmentFile::Level { paragraph, .. } => *paragraph,
        };
        let Some(spec) = number.checked_sub(1).and_then(|i| paragraphs.get(i as usize)) else {
            c.problem(
                format!("{f}.paragraph"),
                format!("paragraph {number} is not in the draft (paragraphs 1..{})", paragraphs.len()),
            );
            continue;
        };
        let change = match a {
            AmendmentFile::Delete { .. } => AmendmentChange::Delete,
            AmendmentFile::Level { issue, level, .. } => {
                let level = c.unit(format!("{f}.level"), *level, "a language level");
                let Some(k) = c.issue(format!("{f}.issue"), issue, issues) else { continue };
                if !spec.refs.iter().any(|&(j, _)| j == k) {
                    let has: Vec<String> =
                        spec.refs.iter().map(|&(j, _)| format!("`{}`", id_of(issues, j))).collect();
                    let has = if has.is_empty() { "none".to_string() } else { has.join(", ") };
                    c.problem(
                        format!("{f}.issue"),
                        format!("paragraph {number} has no reference to `{issue}` (it references {has})"),
                    );
                    continue;
                }
                AmendmentChange::Level { issue: k, level }
            }
        };
        let amendment = AmendmentSpec { paragraph: spec.number as usize - 1, change };
        if out.contains(&amendment) {
            c.problem(f, "the same amendment is listed twice");
            continue;
        }
        out.push(amendment);
    }
    out
}

/// The id of issue `k` as the file wrote it.
fn id_of<'a>(issues: &HashMap<&'a str, IssueId>, k: IssueId) -> &'a str {
    issues.iter().find(|(_, v)| **v == k).map_or("?", |(id, _)| id)
}

/// The counts of `file` beyond the format's bounds (paragraphs, a bloc's
/// anonymous members), as the problems validation reports for them.
fn beyond_format(file: &ScenarioFile) -> Vec<Problem> {
    let mut c = Checker { problems: Vec::new() };
    if file.paragraphs.count > MAX_COUNT {
        c.problem("paragraphs.count", too_many_paragraphs(file.paragraphs.count));
    }
    for b in file.blocs.iter().filter(|b| b.anonymous > MAX_COUNT) {
        c.problem(format!("blocs[{}].anonymous", b.id), too_many_anonymous(b.anonymous));
    }
    c.problems
}

fn too_many_paragraphs(count: u32) -> String {
    format!("{count} is more than the {MAX_COUNT} paragraphs a draft may have")
}

fn too_many_anonymous(anonymous: u32) -> String {
    format!("{anonymous} is more than the {MAX_COUNT} anonymous members a bloc may have")
}

/// Voters: bloc members (named, then anonymous) in bloc order, then the
/// delegations that belong to no bloc, in file order.
fn roster(
    c: &mut Checker,
    file: &ScenarioFile,
    negotiator_of: &dyn Fn(&str) -> Option<NegotiatorId>,
) -> (Vec<VoterSpec>, Vec<BlocSpec>) {
    let mut voters = Vec::new();
    let mut blocs = Vec::new();
    let mut member_of: HashMap<&str, &str> = HashMap::new();
    let bloc_ids: HashSet<&str> = file.blocs.iter().map(|b| b.id.as_str()).collect();
    for b in &file.blocs {
        let field = format!("blocs[{}]", b.id);
        let Some(bloc_neg) = negotiator_of(&b.id) else { continue };
        let jitter = c.unit(format!("{field}.jitter"), b.jitter, "a jitter half-width");
        let discipline = c.unit(format!("{field}.discipline"), b.discipline, "a probability");
        for (i, m) in b.members.iter().enumerate() {
            if bloc_ids.contains(m.as_str()) {
                c.problem(format!("{field}.members[{i}]"), format!("`{m}` is a bloc; blocs do not nest"));
                continue;
            }
            if let Some(other) = member_of.insert(m.as_str(), b.id.as_str()) {
                c.problem(
                    format!("{field}.members[{i}]"),
                    format!("`{m}` is already a member of bloc `{other}` (a state votes in one bloc)"),
                );
                continue;
            }
            let kind = match negotiator_of(m) {
                Some(own) => VoterKind::SpeaksInBloc { bloc: bloc_neg, own },
                None => VoterKind::BlocMember { bloc: bloc_neg },
            };
            voters.push(VoterSpec { id: m.clone(), kind });
        }
        if b.anonymous > MAX_COUNT {
            c.problem(format!("{field}.anonymous"), too_many_anonymous(b.anonymous));
            continue;
        }
        for i in 0..b.anonymous {
            voters.push(VoterSpec {
                id: format!("{}#{}", b.id, i + 1),
                kind: VoterKind::BlocMember { bloc: bloc_neg },
            });
        }
        let size = b.members.len() + b.anonymous as usize;
        if size == 0 {
            c.problem(&field, "a bloc needs at least one member (`members` or `anonymous`)");
        }
        blocs.push(BlocSpec { id: b.id.clone(), negotiator: bloc_neg, size, jitter, discipline });
    }
    for d in &file.delegations {
        // Every delegation is a negotiator: one outside the blocs votes on its own.
        if let (false, Some(own)) = (member_of.contains_key(d.id.as_str()), negotiator_of(&d.id)) {
            voters.push(VoterSpec { id: d.id.clone(), kind: VoterKind::OnItsOwn { own } });
        }
    }
    (voters, blocs)
}

fn per_issue(
    c: &mut Checker,
    field: &str,
    map: &BTreeMap<String, f64>,
    issues: &HashMap<&str, IssueId>,
    n_issues: usize,
    what: &str,
) -> Vec<Option<f64>> {
    let mut dense = vec![None; n_issues];
    for (issue, v) in map {
        let f = format!("{field}[{issue}]");
        let v = c.unit(&f, *v, what);
        if let Some(k) = c.issue(&f, issue, issues) {
            dense[k.index()] = Some(v);
        }
    }
    dense
}

fn calendar(c: &mut Checker, file: &ScenarioFile) -> Vec<StageSpec> {
    let stages: Vec<StageSpec> = file
        .calendar
        .iter()
        .map(|s| {
            let (kind, deadline) = match &s.kind {
                StageKindFile::Reading => (StageKind::Reading, ""),
                StageKindFile::Revision => (StageKind::Revision, ""),
                StageKindFile::Silence { deadline } => (StageKind::Silence, deadline.as_str()),
                StageKindFile::Consultations => (StageKind::Consultations, ""),
                StageKindFile::PresidentCompromise => (StageKind::PresidentCompromise, ""),
                StageKindFile::Plenary => (StageKind::Plenary, ""),
            };
            StageSpec { name: s.name.clone(), date: s.date.clone(), kind, deadline: deadline.to_string() }
        })
        .collect();
    if stages.is_empty() {
        c.problem("calendar", "the calendar has no stage");
    }
    let mut names = HashSet::new();
    for (i, s) in stages.iter().enumerate() {
        if !names.insert(s.name.as_str()) {
            c.problem(format!("calendar[{i}].name"), format!("duplicate stage name `{}`", s.name));
        }
        if s.kind == StageKind::Plenary && i + 1 != stages.len() {
            c.problem(format!("calendar[{i}]"), "the Plenary must be the last stage");
        }
    }
    let has_plenary = stages.iter().any(|s| s.kind == StageKind::Plenary);
    if !has_plenary && !file.ends_without_plenary && !stages.is_empty() {
        c.problem(
            "calendar",
            "the calendar does not end in a Plenary; add one, or set `ends_without_plenary: true` \
             (then a held silence is consensus and anything else is no text)",
        );
    }
    if has_plenary && file.ends_without_plenary {
        c.problem("ends_without_plenary", "is true but the calendar has a Plenary");
    }
    stages
}

fn events(
    c: &mut Checker,
    file: &ScenarioFile,
    calendar: &[StageSpec],
    negotiator_of: &dyn Fn(&str) -> Option<NegotiatorId>,
    no_negotiator: &dyn Fn(&str) -> String,
) -> Vec<EventSpec> {
    let mut out = Vec::new();
    for (i, e) in file.events.iter().enumerate() {
        let field = format!("events[{i}]");
        let probability = c.unit(format!("{field}.probability"), e.probability, "a probability");
        let before = calendar.iter().position(|s| s.name == e.before);
        if before.is_none() {
            let names: Vec<&str> = calendar.iter().map(|s| s.name.as_str()).collect();
            let hint = super::suggest(&e.before, &names);
            c.problem(
                format!("{field}.before"),
                format!("no stage named `{}` in the calendar{hint}", e.before),
            );
        }
        let target = negotiator_of(&e.target);
        if target.is_none() {
            c.problem(format!("{field}.target"), no_negotiator(&e.target));
        }
        let mut changes = Vec::new();
        for (map, is_set) in [(&e.set, true), (&e.scale, false)] {
            for (name, &v) in map {
                let f = format!("{field}.{}[{name}]", if is_set { "set" } else { "scale" });
                match Param::parse(name) {
                    None => {
                        let known: Vec<&str> = Param::ALL.iter().map(|(n, _)| *n).collect();
                        c.problem(
                            f,
                            format!("unknown behaviour parameter `{name}` (known: {})", known.join(", ")),
                        );
                    }
                    Some(p) => {
                        if is_set && p.is_probability() {
                            c.unit(&f, v, "a probability");
                        } else {
                            c.non_negative(&f, v);
                        }
                        changes.push((p, if is_set { Change::Set(v) } else { Change::Scale(v) }));
                    }
                }
            }
        }
        if changes.is_empty() {
            c.problem(&field, "changes nothing: give `set` or `scale`");
        }
        if let (Some(before), Some(target)) = (before, target) {
            out.push(EventSpec { name: e.name.clone(), before, probability, target, changes });
        }
    }
    out
}

fn markers(
    c: &mut Checker,
    file: &ScenarioFile,
    calendar: &[StageSpec],
    negotiators: &[NegotiatorSpec],
    n_paragraphs: usize,
    negotiator_of: &dyn Fn(&str) -> Option<NegotiatorId>,
    no_negotiator: &dyn Fn(&str) -> String,
) -> Vec<MarkerSpec> {
    // Every amendment of the scenario, in the order of a run's records.
    let amendments: Vec<&AmendmentSpec> = negotiators.iter().flat_map(|n| &n.amendments).collect();
    let mut out = Vec::new();
    for (i, m) in file.markers.iter().enumerate() {
        let field = format!("markers[{i}]");
        let stage = |name: &str, c: &mut Checker| {
            let found = calendar.iter().position(|s| s.name == name);
            if found.is_none() {
                let names: Vec<&str> = calendar.iter().map(|s| s.name.as_str()).collect();
                let hint = super::suggest(name, &names);
                c.problem(
                    format!("{field}.test.stage"),
                    format!("no stage named `{name}` in the calendar{hint}"),
                );
            }
            found
        };
        // Only a silence is broken, and only a silence challenges paragraphs.
        let silence = |name: &str, c: &mut Checker| {
            let found = stage(name, c)?;
            if calendar[found].kind != StageKind::Silence {
                c.problem(
                    format!("{field}.test.stage"),
                    format!("`{name}` is not a silence: only a silence is broken or challenged"),
                );
                return None;
            }
            Some(found)
        };
        let range = |min: u32, max: u32, c: &mut Checker| {
            if min > max {
                c.problem(format!("{field}.test"), format!("min {min} is above max {max}"));
            }
        };
        let delegation = |id: &str, c: &mut Checker| {
            let found = negotiator_of(id);
            if found.is_none() {
                c.problem(format!("{field}.test"), no_negotiator(id));
            }
            found
        };
        let test = match &m.test {
            MarkerTestFile::BracketedShare { stage: s, more_than } => {
                let more_than = c.unit(format!("{field}.test.more_than"), *more_than, "a share");
                stage(s, c).map(|stage| MarkerTest::BracketedShare { stage, more_than })
            }
            MarkerTestFile::Breakers { stage: s, min, max } => {
                range(*min, *max, c);
                silence(s, c).map(|stage| MarkerTest::Breakers { stage, min: *min, max: *max })
            }
            MarkerTestFile::Challenged { stage: s, min, max } => {
                range(*min, *max, c);
                silence(s, c).map(|stage| MarkerTest::Challenged { stage, min: *min, max: *max })
            }
            MarkerTestFile::Threatened { delegation: d } => {
                delegation(d, c).map(|negotiator| MarkerTest::Threatened { negotiator })
            }
            MarkerTestFile::Outcome { outcome, disassociated } => {
                let ids: Vec<Option<NegotiatorId>> = disassociated.iter().map(|d| delegation(d, c)).collect();
                ids.into_iter()
                    .collect::<Option<Vec<_>>>()
                    .map(|disassociated| MarkerTest::Outcome { outcome: *outcome, disassociated })
            }
            MarkerTestFile::SeparateVote { paragraph, retained } => {
                let index = paragraph.checked_sub(1).map(|i| i as usize).filter(|&i| i < n_paragraphs);
                if index.is_none() {
                    c.problem(
                        format!("{field}.test.paragraph"),
                        format!("paragraph {paragraph} is not in the draft (paragraphs 1..{n_paragraphs})"),
                    );
                }
                index.map(|paragraph| MarkerTest::SeparateVote { paragraph, retained: *retained })
            }
            MarkerTestFile::DefeatedByNoAction { paragraph }
            | MarkerTestFile::AmendmentAdopted { paragraph } => {
                let matching: Vec<usize> = amendments
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| paragraph.is_none_or(|n| a.paragraph + 1 == n as usize))
                    .map(|(i, _)| i)
                    .collect();
                if matching.is_empty() {
                    let what = match paragraph {
                        Some(n) => format!("no negotiator lists an amendment to paragraph {n}"),
                        None => "no negotiator lists an amendment".to_string(),
                    };
                    c.problem(format!("{field}.test"), format!("{what}, so the marker could never hold"));
                    None
                } else if matches!(m.test, MarkerTestFile::DefeatedByNoAction { .. }) {
                    Some(MarkerTest::DefeatedByNoAction { amendments: matching })
                } else {
                    Some(MarkerTest::AmendmentAdopted { amendments: matching })
                }
            }
        };
        if let Some(test) = test {
            out.push(MarkerSpec { name: m.name.clone(), source: m.source.clone(), test });
        }
    }
    out
}
