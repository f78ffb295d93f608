//! Generated scenarios for benchmarks: a room of any size negotiating a draft
//! of any length, with the shape of `scenarios/wsis20.ron`.
//!
//! [`generated`] builds a [`ScenarioFile`] from a seed and puts it through
//! [`super::validate::validate`], so the engine sees exactly what it
//! would see from a file. The same `(delegations, paragraphs, seed)` always
//! gives the same scenario. Every number is an assumption chosen to resemble
//! the WSIS+20 endgame, not a claim about any real negotiation:
//!
//! - **Issues**: a fixed [`ISSUES`] (wsis20 has 22), so the cost of a
//!   paragraph does not change with the length of the draft.
//! - **Paragraphs**: 1 to 3 issue references each (mean about 1.7), levels
//!   0.2 to 0.9, some issues much more frequent than others (as
//!   `multistakeholder` in wsis20); sections of ten paragraphs.
//! - **Negotiators**: `delegations` of them in the room. The first is a bloc
//!   (the G77 of wsis20: influence 4, stances on half the issues, three red
//!   lines); the others are states with stances on 2 to 8 issues, and two in
//!   five have one or two red lines with firmness 0.4 to 0.95.
//! - **Voters**: every third state is also a named member of the bloc (speaks
//!   for itself, votes on the bloc's positions overridden by its own), and
//!   the bloc has anonymous members so that the room holds at least 193
//!   voting states.
//! - **Calendar**: Reading, Revision, Silence, Consultations, Revision,
//!   Reading, PresidentCompromise, Plenary (wsis20's), one outside event
//!   before the consultations, a mediator with ambiguity and deferral moves,
//!   a President with collapse pressure, `collapse_share` 0.4.
//!
//! ```
//! let s = plenary::scenario::synthetic(193, 127, 1);
//! assert_eq!((s.negotiators().len(), s.paragraphs().len()), (193, 127));
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::checked::Scenario;
use super::file::*;
use super::validate::validate;

/// Number of issues of every generated scenario.
pub const ISSUES: usize = 24;

/// Voting states a generated room holds at least (the General Assembly).
pub const MIN_VOTERS: usize = 193;

/// A checked scenario with `delegations` negotiators in the room (at least
/// 1: the bloc) and `paragraphs` paragraphs (at least 1), generated from
/// `seed`. See the module documentation for what it contains.
///
/// # Panics
///
/// If `paragraphs` is above 1,000,000, the most a scenario may have
/// (`plenary bench --synthetic` allows at most 100,000).
pub fn generated(delegations: usize, paragraphs: usize, seed: u64) -> Scenario {
    let file = generated_file(delegations, paragraphs, seed);
    let label = PathBuf::from(format!("<generated {}>", file.name));
    match validate(&file, &label) {
        Ok(scenario) => scenario,
        // Every value is drawn inside its valid range, so only sizes past
        // the file format's limits (documented above) get here.
        Err(problems) => panic!("generated scenario is invalid: {problems:?}"),
    }
}

/// The scenario file behind [`generated`], before validation (for instance
/// to write it out with `ron` and read it back with `plenary check`).
pub fn generated_file(delegations: usize, paragraphs: usize, seed: u64) -> ScenarioFile {
    let negotiators = delegations.max(1);
    let count = paragraphs.clamp(1, u32::MAX as usize) as u32;
    let mut g = Gen(ChaCha8Rng::seed_from_u64(seed));

    let issues: Vec<IssueFile> = (0..ISSUES)
        .map(|k| IssueFile { id: issue_id(k), name: format!("Generated issue {}", k + 1) })
        .collect();

    let states: Vec<DelegationFile> = (1..negotiators).map(|i| g.state(i)).collect();
    let members: Vec<String> = states.iter().step_by(3).map(|d| d.id.clone()).collect();
    let others = states.len() - members.len();
    let anonymous = MIN_VOTERS.saturating_sub(members.len() + others).max(1);
    let bloc = g.bloc(members, anonymous as u32);
    let membership = bloc.members.len() + anonymous + others;

    let events = match states.first() {
        Some(first) => vec![EventFile {
            name: format!("Domestic pressure on {}", first.id),
            before: "Bilateral consultations".into(),
            probability: 0.8,
            target: first.id.clone(),
            set: BTreeMap::new(),
            scale: BTreeMap::from([("vote_call".to_string(), 0.2)]),
        }],
        None => Vec::new(),
    };

    ScenarioFile {
        name: format!("Generated: {negotiators} delegations x {count} paragraphs (seed {seed})"),
        description: "A synthetic scenario for benchmarks (plenary::scenario::synthetic); \
                      every number is an assumption."
            .into(),
        membership: Some(membership),
        include: Vec::new(),
        profiles: BTreeMap::new(),
        collapse_share: 0.4,
        issues,
        paragraphs: g.draft(count),
        blocs: vec![bloc],
        delegations: states,
        mediator: MediatorFile {
            skill: 0.85,
            step: 0.5,
            concession: 1.5,
            threat_weight: 2.0,
            ambiguity: BTreeMap::from([(issue_id(5), 0.5), (issue_id(6), 0.7)]),
            deferral: BTreeMap::from([(issue_id(3), 0.4), (issue_id(20), 0.4), (issue_id(16), 0.3)]),
            deletion: true,
        },
        president: Some(PresidentFile { skill: 0.85, step: 0.6, collapse_pressure: 0.1 }),
        calendar: calendar(),
        ends_without_plenary: false,
        events,
        markers: Vec::new(),
        uncertain: Vec::new(),
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn issue_id(k: usize) -> String {
    format!("issue{:02}", k + 1)
}

/// wsis20's calendar.
fn calendar() -> Vec<StageFile> {
    let stage = |name: &str, kind| StageFile { name: name.into(), date: String::new(), kind };
    vec![
        stage("First reading", StageKindFile::Reading),
        stage("Rev.1", StageKindFile::Revision),
        stage("Silence on Rev.1", StageKindFile::Silence { deadline: String::new() }),
        stage("Bilateral consultations", StageKindFile::Consultations),
        stage("Rev.2", StageKindFile::Revision),
        stage("Reading of Rev.2", StageKindFile::Reading),
        stage("PGA final compromise", StageKindFile::PresidentCompromise),
        stage("Plenary", StageKindFile::Plenary),
    ]
}

/// The generator's draws, all from one seeded ChaCha8.
struct Gen(ChaCha8Rng);

impl Gen {
    /// Uniform in lo..=hi, rounded to two decimals (readable if written out).
    fn num(&mut self, lo: f64, hi: f64) -> f64 {
        round2(self.0.random_range(lo..=hi))
    }

    fn chance(&mut self, p: f64) -> bool {
        self.0.random::<f64>() < p
    }

    /// An issue, the low-numbered ones far more often (u^2 skew), so a few
    /// issues run through the whole text as in wsis20.
    fn skewed_issue(&mut self) -> usize {
        let u: f64 = self.0.random();
        ((u * u * ISSUES as f64) as usize).min(ISSUES - 1)
    }

    /// `n` distinct issues, uniformly.
    fn distinct_issues(&mut self, n: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..ISSUES).collect();
        for i in 0..n.min(ISSUES) {
            let j = self.0.random_range(i..ISSUES);
            all.swap(i, j);
        }
        all.truncate(n.min(ISSUES));
        all
    }

    fn draft(&mut self, count: u32) -> ParagraphsFile {
        let sections = (0..count.div_ceil(10))
            .map(|s| SectionFile {
                name: format!("Section {}", s + 1),
                first: s * 10 + 1,
                last: (s * 10 + 10).min(count),
            })
            .collect();
        let refs = (1..=count)
            .map(|n| {
                let u: f64 = self.0.random();
                let k = if u < 0.5 {
                    1
                } else if u < 0.85 {
                    2
                } else {
                    3
                };
                let mut levels = BTreeMap::new();
                while levels.len() < k {
                    let level = (self.0.random_range(2..=9u32) as f64) / 10.0;
                    levels.insert(issue_id(self.skewed_issue()), level);
                }
                RefsFile { paragraphs: vec![n], range: None, levels, note: String::new() }
            })
            .collect();
        ParagraphsFile { count, sections, refs }
    }

    fn stances(&mut self, issues: &[usize]) -> BTreeMap<String, StanceFile> {
        issues
            .iter()
            .map(|&k| {
                let ideal = (self.0.random_range(0..=10u32) as f64) / 10.0;
                (issue_id(k), StanceFile { ideal, salience: self.num(0.2, 0.9) })
            })
            .collect()
    }

    /// A red line near the ideal, on the side it cares about: a low ideal
    /// caps the language (`AtMost`), a high one sets a floor (`AtLeast`).
    /// Levels are rounded after the sum, so two lines meant to meet at 0.49
    /// are exactly equal rather than 1e-17 apart.
    fn red_line(&mut self, issue: usize, ideal: f64, firmness: f64) -> RedLineFile {
        let issue = issue_id(issue);
        if ideal < 0.5 {
            let level = round2(ideal + self.num(0.0, 0.3)).min(1.0);
            RedLineFile::AtMost { issue, level, firmness }
        } else {
            let level = round2(ideal - self.num(0.0, 0.4)).max(0.0);
            RedLineFile::AtLeast { issue, level, firmness }
        }
    }

    fn state(&mut self, i: usize) -> DelegationFile {
        let n_stances = self.0.random_range(2..=8usize);
        let issues = self.distinct_issues(n_stances);
        let stances = self.stances(&issues);
        let mut red_lines = Vec::new();
        if self.chance(0.4) {
            let n_lines = self.0.random_range(1..=2usize);
            for &k in &issues[..n_lines] {
                let firmness = self.num(0.4, 0.95);
                red_lines.push(self.red_line(k, stances[&issue_id(k)].ideal, firmness));
            }
        }
        let firm = !red_lines.is_empty();
        let u: f64 = self.0.random();
        let behaviour = BehaviourFile {
            tolerance: self.num(0.15, 0.25),
            flexibility: self.num(0.02, 0.03),
            silence_break: round2(0.02 + 0.28 * u * u),
            red_line_break: if self.chance(0.5) { 0.6 } else { 1.0 },
            max_challenges: Some(self.0.random_range(2..=12u32)),
            threat: if firm { self.num(0.0, 0.3) } else { 0.0 },
            vote_call: if firm { self.num(0.0, 0.1) } else { 0.0 },
            vote_call_without_red_line: 0.0,
            separate_vote: 0.0,
            max_separate_votes: None,
            amend: 0.0,
            no_action: 0.0,
            vote_rule: VoteRuleFile::Reservation,
            reservation: self.num(0.4, 0.5),
        };
        DelegationFile {
            id: format!("D{i:04}"),
            name: String::new(),
            profile: None,
            influence: self.num(0.3, 2.0),
            stances,
            red_lines,
            behaviour,
            amendments: Vec::new(),
        }
    }

    fn bloc(&mut self, members: Vec<String>, anonymous: u32) -> BlocFile {
        let issues = self.distinct_issues(ISSUES / 2);
        let stances = self.stances(&issues);
        let red_lines = issues[..3]
            .iter()
            .map(|&k| {
                let firmness = self.num(0.6, 0.9);
                self.red_line(k, stances[&issue_id(k)].ideal, firmness)
            })
            .collect();
        BlocFile {
            id: "BLOC".into(),
            name: "Generated bloc".into(),
            profile: None,
            influence: 4.0,
            stances,
            red_lines,
            behaviour: BehaviourFile {
                tolerance: 0.15,
                flexibility: 0.02,
                silence_break: 0.05,
                max_challenges: Some(10),
                threat: 0.2,
                vote_call: 0.2,
                reservation: 0.5,
                ..BehaviourFile::default()
            },
            amendments: Vec::new(),
            members,
            anonymous,
            jitter: 0.15,
            discipline: 0.85,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::montecarlo::Simulation;
    use crate::scenario::StageKind;

    #[test]
    fn validates_for_many_sizes() {
        for (d, p) in [(0, 0), (1, 1), (2, 5), (20, 20), (50, 127), (193, 127), (1000, 30), (20, 1000)] {
            let s = generated(d, p, 7);
            assert_eq!(s.negotiators.len(), d.max(1), "{d}x{p}");
            assert_eq!(s.paragraphs.len(), p.max(1), "{d}x{p}");
            assert_eq!(s.issues.len(), ISSUES);
            assert!(s.voters.len() >= MIN_VOTERS, "{d}x{p}: {} voters", s.voters.len());
            assert!(s.paragraphs.iter().all(|q| (1..=3).contains(&q.refs.len())));
            let kinds: Vec<StageKind> = s.calendar.iter().map(|st| st.kind).collect();
            use StageKind::*;
            assert_eq!(
                kinds,
                [Reading, Revision, Silence, Consultations, Revision, Reading, PresidentCompromise, Plenary]
            );
        }
    }

    #[test]
    fn has_red_lines_and_named_bloc_members() {
        let s = generated(193, 127, 1);
        let with_lines = s.negotiators.iter().filter(|n| !n.red_lines.is_empty()).count();
        assert!((40..=120).contains(&with_lines), "{with_lines} negotiators with red lines");
        assert!(s.voters.iter().any(|v| matches!(v.kind, crate::scenario::VoterKind::SpeaksInBloc { .. })));
        assert!(s.voters.iter().any(|v| matches!(v.kind, crate::scenario::VoterKind::OnItsOwn { .. })));
        assert_eq!(s.voters.len(), MIN_VOTERS);
        assert_eq!(s.events.len(), 1);
    }

    #[test]
    fn deterministic_in_the_seed() {
        let text = |seed| ron::to_string(&generated_file(60, 40, seed)).unwrap();
        assert_eq!(text(3), text(3));
        assert_ne!(text(3), text(4));
        // The file round-trips through the ordinary loader.
        let back = crate::scenario::from_str(&text(3), std::path::Path::new("gen.ron")).unwrap();
        assert_eq!(back.negotiators.len(), 60);
    }

    /// The sizes the benches use (but the biggest), and a few seeds: the
    /// engine runs them without panicking, and each record holds together:
    /// a vote exactly when the outcome is one, every voter's ballot counted,
    /// the outcome the count says, and no more stages than the calendar has.
    #[test]
    fn runs_to_a_consistent_record() {
        use crate::scenario::checked::Outcome;
        let mut votes = 0;
        for (d, p) in [(1, 1), (50, 127), (193, 127), (20, 20), (20, 127), (20, 1000), (300, 20)] {
            for seed in 1..=3 {
                let s = generated(d, p, seed);
                let mut sim = Simulation::new(&s);
                for run in 0..4 {
                    let r = sim.run(1, run);
                    let at = format!("{d}x{p} seed {seed} run {run}");
                    assert!((1..=s.calendar.len() as u32).contains(&r.stages_run), "{at}");
                    let voted = matches!(r.outcome, Some(Outcome::AdoptedByVote | Outcome::RejectedByVote));
                    assert_eq!(r.vote.is_some(), voted, "{at}");
                    if let Some(c) = r.vote {
                        votes += 1;
                        assert_eq!((c.yes + c.no + c.abstain) as usize, r.ballots.len(), "{at}");
                        assert_eq!(r.outcome == Some(Outcome::AdoptedByVote), c.yes > c.no, "{at}");
                    }
                }
            }
        }
        assert!(votes > 0, "no run ended in a vote: the vote checks were not exercised");
    }
}
