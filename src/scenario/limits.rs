//! What a scenario may cost to load and to run: the [`Limits`] that loading
//! holds a scenario to, and the estimate ([`cost`]) they are compared with.
//!
//! A small file can describe a huge scenario (`count: 1000000` paragraphs,
//! `anonymous: 1000000` members in each of a hundred blocs), and a run builds
//! a table for every paragraph. The sizes are checked before anything
//! proportional to them is allocated, and the memory a run needs is
//! estimated before any world is built, so that such a file is refused with
//! its size and the limit instead of exhausting the machine.
//!
//! The limits are far above any real negotiation (193 member states, a few
//! hundred paragraphs: the bundled `wsis20.ron` has 127 paragraphs and a
//! room of 46 negotiators) and above the largest scenario that
//! `plenary bench --synthetic` generates (25,000,000 negotiator-paragraph
//! pairs). They can be raised: [`super::load_with_limits`],
//! [`super::check_with_limits`].

use super::checked::Scenario;
use super::error::Problem;
use super::file::ScenarioFile;

/// The largest scenario or variant file: 8 MiB (`wsis20.ron` is 70 KB).
pub const MAX_FILE_BYTES: u64 = 8 << 20;

/// The most voters on a roster: every bloc's members (named and anonymous)
/// and every delegation outside blocs.
pub const MAX_VOTERS: u64 = 1_000_000;

/// The most pairs of one kind: (negotiator, paragraph), (voter, paragraph),
/// (negotiator, issue), and (paragraph, issue) levels written by the
/// references. A run goes through each such table at every stage.
pub const MAX_PAIRS: u64 = 25_000_000;

/// The most memory a worker thread's world may need, as [`cost`] estimates
/// it: 2 GiB.
pub const MAX_WORKER_BYTES: u64 = 2 << 30;

/// What a scenario may cost. [`Limits::default`] holds the documented
/// limits ([`MAX_FILE_BYTES`], [`MAX_VOTERS`], [`MAX_PAIRS`],
/// [`MAX_WORKER_BYTES`]); every field may be raised (or lowered):
///
/// ```
/// use plenary::scenario::Limits;
/// let generous = Limits { worker_bytes: 16 << 30, ..Limits::default() };
/// let all_times_4 = Limits::default().times(4);
/// assert_eq!(all_times_4.pairs, 4 * Limits::default().pairs);
/// # let _ = generous;
/// ```
///
/// The format's own bounds are not limits of cost and stay: at most
/// 1,000,000 paragraphs and 1,000,000 anonymous members per bloc, values
/// nested at most [`super::syntax::MAX_NESTING`] deep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest file read (a scenario, a variant, a file it extends), in bytes.
    pub file_bytes: u64,
    /// The most voters on the roster.
    pub voters: u64,
    /// The most pairs of each kind ([`MAX_PAIRS`]).
    pub pairs: u64,
    /// The most memory one worker thread's world may need, in bytes, as
    /// [`cost`] estimates it (a batch needs about this much per thread).
    pub worker_bytes: u64,
}

impl Limits {
    /// The documented limits.
    pub const DEFAULT: Limits = Limits {
        file_bytes: MAX_FILE_BYTES,
        voters: MAX_VOTERS,
        pairs: MAX_PAIRS,
        worker_bytes: MAX_WORKER_BYTES,
    };

    /// No limit of cost (the format's own bounds remain).
    pub const NONE: Limits =
        Limits { file_bytes: u64::MAX, voters: u64::MAX, pairs: u64::MAX, worker_bytes: u64::MAX };

    /// Every limit multiplied by `factor` (saturating at `u64::MAX`).
    #[must_use]
    pub fn times(self, factor: u64) -> Limits {
        Limits {
            file_bytes: self.file_bytes.saturating_mul(factor),
            voters: self.voters.saturating_mul(factor),
            pairs: self.pairs.saturating_mul(factor),
            worker_bytes: self.worker_bytes.saturating_mul(factor),
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// The end of every message about a limit: that it is one, and how to lift it.
pub(crate) fn lift(limit: &str) -> String {
    format!(
        "this is a limit on what a scenario may cost, not a mistake in the file: \
         `Limits::{limit}` raises it (docs/SCENARIOS.md, \"Limits\")"
    )
}

/// A byte count as a message shows it: `7.3 GiB (7838315520 bytes)`.
pub(crate) fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    let mut value = n as f64;
    let mut unit = "bytes";
    for u in UNITS {
        if value < 1024.0 {
            break;
        }
        value /= 1024.0;
        unit = u;
    }
    if unit == "bytes" { format!("{n} bytes") } else { format!("{value:.1} {unit} ({n} bytes)") }
}

/// The sizes of a scenario file that decide what validating it allocates,
/// checked against the limits before any of it is: the problems, if any.
pub(crate) fn check_sizes(file: &ScenarioFile, limits: &Limits) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut problem = |field: &str, message: String, limit: &str| {
        problems.push(Problem {
            at: None,
            field: field.into(),
            message: format!("{message}; {}", lift(limit)),
        });
    };
    let paragraphs = u64::from(file.paragraphs.count);
    let negotiators = (file.blocs.len() + file.delegations.len()) as u64;
    let issues = file.issues.len() as u64;
    let (voters, members, outside) = roster_size(file);
    if voters > limits.voters {
        problem(
            "blocs",
            format!(
                "the roster has {voters} voters ({members} members of {} bloc(s), {outside} delegation(s) \
                 outside blocs), more than the {} a scenario may have",
                file.blocs.len(),
                limits.voters
            ),
            "voters",
        );
    }
    let pairs = [
        (
            "paragraphs.count",
            paragraphs,
            "paragraphs",
            negotiators,
            "negotiators (blocs and delegations)",
            "negotiator, paragraph",
        ),
        ("paragraphs.count", paragraphs, "paragraphs", voters, "voters", "voter, paragraph"),
        ("issues", issues, "issues", negotiators, "negotiators (blocs and delegations)", "negotiator, issue"),
    ];
    for (field, a, a_name, b, b_name, pair) in pairs {
        if b_name == "voters" && voters > limits.voters {
            continue; // the roster is too large: said above
        }
        let product = a.saturating_mul(b);
        if product > limits.pairs {
            problem(
                field,
                format!(
                    "{a} {a_name} x {b} {b_name} = {product} ({pair}) pairs, more than the {} a scenario may have",
                    limits.pairs
                ),
                "pairs",
            );
        }
    }
    let levels = written_levels(file);
    if levels > limits.pairs {
        problem(
            "paragraphs.refs",
            format!(
                "the references write {levels} (paragraph, issue) levels (paragraphs named x levels \
                 given, entry by entry), more than the {} a scenario may have",
                limits.pairs
            ),
            "pairs",
        );
    }
    problems
}

/// Voters on the roster as validation builds it: (all, bloc members,
/// delegations outside blocs).
fn roster_size(file: &ScenarioFile) -> (u64, u64, u64) {
    let members: u64 = file.blocs.iter().map(|b| b.members.len() as u64 + u64::from(b.anonymous)).sum();
    let named: std::collections::HashSet<&str> =
        file.blocs.iter().flat_map(|b| b.members.iter().map(String::as_str)).collect();
    let outside = file.delegations.iter().filter(|d| !named.contains(d.id.as_str())).count() as u64;
    (members.saturating_add(outside), members, outside)
}

/// The (paragraph, issue) levels the references write, counting each
/// entry's paragraphs (those of a range within the draft) times its levels:
/// the work of reading them.
fn written_levels(file: &ScenarioFile) -> u64 {
    let count = file.paragraphs.count;
    file.paragraphs
        .refs
        .iter()
        .map(|r| {
            let range = match r.range {
                Some((a, b)) if a <= b && a >= 1 && b <= count => u64::from(b - a) + 1,
                _ => 0,
            };
            (r.paragraphs.len() as u64 + range).saturating_mul((r.levels.len() as u64).max(1))
        })
        .fold(0u64, u64::saturating_add)
}

/// What one worker thread's world of a scenario costs, estimated from the
/// checked scenario before any world is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    /// Entries of the paragraphs' stakeholder tables: for each paragraph,
    /// its stakeholders (the negotiators with a stance of non-zero
    /// salience or a red line on one of its issues) times its references.
    pub stakeholder_views: u64,
    /// Estimated bytes of a worker's world: the stakeholder tables, the
    /// paragraphs, the negotiators and the voters.
    pub worker_bytes: u64,
}

/// Estimate what a worker's world of the scenario costs. The estimate
/// follows the layout of the engine's tables (`model::stakeholders`), is
/// within a factor of about two of the resident memory measured for the
/// generated scenarios of `plenary bench`, and takes time proportional to
/// the scenario's size, not to its cost.
pub fn cost(scenario: &Scenario) -> Cost {
    let n = scenario.negotiators.len();
    let n_issues = scenario.issues.len();
    let words = n.div_ceil(64);
    // Per issue: the negotiators that hold a stake in it, as a bit set, and
    // how many of them have a red line on it.
    let mut holders = vec![0u64; n_issues * words];
    let mut red_lined = vec![0u64; n_issues];
    for (d, negotiator) in scenario.negotiators.iter().enumerate() {
        for (k, stance) in negotiator.stances.iter().enumerate() {
            if stance.is_some_and(|s| s.salience > 0.0) {
                holders[k * words + d / 64] |= 1 << (d % 64);
            }
        }
        let mut lined: Vec<usize> = negotiator.red_lines.iter().map(|l| l.issue.index()).collect();
        lined.sort_unstable();
        lined.dedup();
        for k in lined {
            holders[k * words + d / 64] |= 1 << (d % 64);
            red_lined[k] += 1;
        }
    }
    // Paragraphs with the same issues have the same stakeholders.
    let mut by_issues: std::collections::HashMap<Vec<usize>, u64> = std::collections::HashMap::new();
    for p in &scenario.paragraphs {
        let issues: Vec<usize> = p.refs.iter().map(|&(k, _)| k.index()).collect();
        *by_issues.entry(issues).or_default() += 1;
    }
    let (mut views, mut table_bytes) = (0u64, 0u64);
    let mut union = vec![0u64; words];
    for (issues, paragraphs) in &by_issues {
        union.fill(0);
        for &k in issues {
            for (u, h) in union.iter_mut().zip(&holders[k * words..(k + 1) * words]) {
                *u |= h;
            }
        }
        let members: u64 = union.iter().map(|w| u64::from(w.count_ones())).sum();
        let refs = issues.len() as u64;
        let bounded: u64 = issues.iter().map(|&k| red_lined[k]).sum();
        let per_paragraph = PARAGRAPH_BYTES
            + members * (refs * VIEW_BYTES + MEMBER_BYTES)
            + bounded * BOUNDED_BYTES
            + refs * REFERENCE_BYTES;
        views = views.saturating_add(paragraphs.saturating_mul(members * refs));
        table_bytes = table_bytes.saturating_add(paragraphs.saturating_mul(per_paragraph));
    }
    let negotiator_bytes = (n as u64).saturating_mul(NEGOTIATOR_BYTES + n_issues as u64 * STANCE_BYTES);
    let voter_bytes = (scenario.voters.len() as u64).saturating_mul(VOTER_BYTES);
    Cost {
        stakeholder_views: views,
        worker_bytes: table_bytes.saturating_add(negotiator_bytes).saturating_add(voter_bytes),
    }
}

/// One member's view of one reference (ideal, salience, bounds).
const VIEW_BYTES: u64 = 32;
/// Per member of a paragraph's table: index, influence, two
/// dissatisfactions, whether violated.
const MEMBER_BYTES: u64 = 33;
/// Per (member, reference) that a red line can bound.
const BOUNDED_BYTES: u64 = 48;
/// Per reference: the reference, its compromise point, feasible interval
/// and the members a red line can bound.
const REFERENCE_BYTES: u64 = 88;
/// Per paragraph: the entity, its components and their allocations.
const PARAGRAPH_BYTES: u64 = 512;
/// Per negotiator, besides its stances: the entity, behaviour twice, red lines.
const NEGOTIATOR_BYTES: u64 = 512;
/// Per negotiator and issue: a stance and its red-line bounds.
const STANCE_BYTES: u64 = 40;
/// Per voter: the entity and its ballot.
const VOTER_BYTES: u64 = 64;

/// The problem if the scenario's estimated cost is above the limit.
pub(crate) fn check_cost(scenario: &Scenario, limits: &Limits) -> Option<Problem> {
    let cost = cost(scenario);
    (cost.worker_bytes > limits.worker_bytes).then(|| Problem {
        at: None,
        field: "paragraphs".into(),
        message: format!(
            "a run of this scenario needs about {} per worker thread (stakeholder tables of {} paragraphs \
             with {} entries in all, {} negotiators, {} voters), more than the {} a worker may use; {}",
            bytes(cost.worker_bytes),
            scenario.paragraphs.len(),
            cost.stakeholder_views,
            scenario.negotiators.len(),
            scenario.voters.len(),
            bytes(limits.worker_bytes),
            lift("worker_bytes"),
        ),
    })
}
