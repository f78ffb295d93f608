//! `plenary merge`: combine the JSON outputs of `run --shard K/N`.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::output::{check_destination, emit};
use plenary::RunReport;

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// The JSON outputs of `plenary run --shard K/N --format json`, one per shard.
    #[arg(required = true)]
    pub shards: Vec<PathBuf>,
    /// Write the merged JSON to FILE (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

pub fn run(args: MergeArgs) -> anyhow::Result<()> {
    if let Some(out) = &args.out {
        check_destination(out, &args.shards)?;
    }
    let reports = args
        .shards
        .iter()
        .map(|path| {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
            serde_json::from_str::<RunReport>(&text)
                .with_context(|| format!("{}: not the JSON output of `plenary run`", path.display()))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    // The library numbers the inputs from 0; say which file is which.
    let numbered: Vec<String> =
        args.shards.iter().enumerate().map(|(i, path)| format!("{i}: {}", path.display())).collect();
    let merged = RunReport::merge(&reports)
        .with_context(|| format!("cannot merge the shards ({})", numbered.join(", ")))?;
    emit(&(serde_json::to_string_pretty(&merged)? + "\n"), args.out.as_deref())
}
