//! `plenary trace`: replay one run of a batch and tell it as a story.

use std::io::IsTerminal;

use clap::{Args, ValueEnum};

use super::output::{emit, note};
use super::{Common, ScenarioPath, TextOrJson};
use plenary::scenario::{Known, suggest_known};
use plenary::{Focus, Outcome, Simulation, Story};

/// An outcome to look for with `--find`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindArg {
    Consensus,
    AdoptedByVote,
    RejectedByVote,
    NoText,
    /// Adopted or rejected by a recorded vote.
    Vote,
}

impl FindArg {
    fn matches(self, o: Option<Outcome>) -> bool {
        match self {
            FindArg::Consensus => o == Some(Outcome::Consensus),
            FindArg::AdoptedByVote => o == Some(Outcome::AdoptedByVote),
            FindArg::RejectedByVote => o == Some(Outcome::RejectedByVote),
            FindArg::NoText => o == Some(Outcome::NoText),
            FindArg::Vote => matches!(o, Some(Outcome::AdoptedByVote | Outcome::RejectedByVote)),
        }
    }
}

/// How many runs `--find` looks through before it gives up.
const FIND_LIMIT: u64 = 100_000;

#[derive(Args, Debug)]
pub struct TraceArgs {
    /// Scenario file (RON).
    pub scenario: ScenarioPath,
    /// The batch seed: the same run as `plenary run --seed S` makes.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Which run of that batch (0-based).
    #[arg(long, default_value_t = 0)]
    pub run: u64,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrJson,
    /// The story without the compromise moves: each stage's moves in one
    /// line that counts them (text only).
    #[arg(long)]
    pub brief: bool,
    /// One line per event, however long, for grep and scripts; without it
    /// the story is wrapped to 80 columns (text only).
    #[arg(long)]
    pub no_wrap: bool,
    /// Trace the first run, from --run on, that ends this way (it looks
    /// through up to 100,000 runs and says which it found).
    #[arg(long, value_enum, value_name = "OUTCOME")]
    pub find: Option<FindArg>,
    /// Tell only the events about paragraph N (its number), beside the
    /// stage headings and what decides the run (text only).
    #[arg(long, value_name = "N")]
    pub paragraph: Option<u32>,
    /// Tell only the events of this delegation or bloc (its id), beside the
    /// stage headings and what decides the run (text only).
    #[arg(long, value_name = "ID")]
    pub delegation: Option<String>,
}

pub fn run(args: TraceArgs, common: &Common) -> anyhow::Result<()> {
    let shortened = args.brief || args.paragraph.is_some() || args.delegation.is_some();
    anyhow::ensure!(
        !(shortened && args.format == TextOrJson::Json),
        "--brief, --paragraph and --delegation shorten the text; the JSON holds every event \
         (leave them out, or --format json)"
    );
    let scenario = common.load(&args.scenario)?;
    let negotiator = match &args.delegation {
        None => None,
        Some(id) => Some(scenario.negotiator_index(id).ok_or_else(|| {
            let known: Vec<Known> =
                scenario.negotiators().iter().map(|n| Known { id: &n.id, name: &n.name }).collect();
            anyhow::anyhow!(
                "--delegation {id}: {} has no delegation or bloc `{id}`{}",
                args.scenario.display(),
                suggest_known(id, &known)
            )
        })?),
    };
    if let Some(n) = args.paragraph {
        let numbers: Vec<u32> = scenario.paragraphs().iter().map(|p| p.number).collect();
        anyhow::ensure!(
            numbers.contains(&n),
            "--paragraph {n}: {} has no paragraph {n} (it has {} to {})",
            args.scenario.display(),
            numbers.iter().min().unwrap_or(&0),
            numbers.iter().max().unwrap_or(&0)
        );
    }
    let focus = Focus { paragraph: args.paragraph, negotiator };
    let run = match args.find {
        None => args.run,
        Some(find) => {
            let mut sim = Simulation::new(&scenario);
            let last = args.run.saturating_add(FIND_LIMIT);
            let found = (args.run..last).find(|&run| find.matches(sim.run(args.seed, run).outcome));
            let Some(run) = found else {
                anyhow::bail!(
                    "no run of {} from run {} to run {} (seed {}) ends as asked by --find: \
                     that outcome is rarer than 1 in {FIND_LIMIT} here, or cannot happen",
                    args.scenario.display(),
                    args.run,
                    last - 1,
                    args.seed
                );
            };
            note(&format!("run {run} is the first from run {} that ends as asked (--find)", args.run));
            run
        }
    };
    let story = Story::of(&scenario, args.seed, run);
    let text = match args.format {
        TextOrJson::Text => {
            let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            if args.no_wrap {
                story.render_unwrapped(colour, args.brief, &focus)
            } else {
                story.render(colour, args.brief, &focus)
            }
        }
        TextOrJson::Json => serde_json::to_string_pretty(&story.to_json())? + "\n",
    };
    emit(&text, None)
}
