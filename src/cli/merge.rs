//! `plenary merge`: combine the JSON outputs of `run --shard K/N`, or of
//! `sensitivity --shard K/N`.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::TextOrJson;
use super::output::{check_destination, emit};
use plenary::RunReport;
use plenary::analysis::{SENSITIVITY, SensitivityShard, merge_sensitivity, sensitivity_text};

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// The JSON outputs of `plenary run --shard K/N --format json` (or of
    /// `plenary sensitivity --shard K/N --format json`), one per shard.
    #[arg(required = true)]
    pub shards: Vec<PathBuf>,
    /// Write the merged result to FILE (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Output format: the JSON of the whole run or analysis (the default),
    /// or its text, as the command run whole prints it.
    #[arg(long, value_enum, default_value = "json")]
    pub format: TextOrJson,
}

pub fn run(args: MergeArgs) -> anyhow::Result<()> {
    if let Some(out) = &args.out {
        check_destination(out, &args.shards)?;
    }
    let texts = args
        .shards
        .iter()
        .map(|path| std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display())))
        .collect::<anyhow::Result<Vec<_>>>()?;
    // The library numbers the inputs from 0; say which file is which.
    let numbered: Vec<String> =
        args.shards.iter().enumerate().map(|(i, path)| format!("{i}: {}", path.display())).collect();
    let cannot = || format!("cannot merge the shards ({})", numbered.join(", "));
    // A sensitivity shard says so in `shard_of`; the first file decides
    // what every file must be.
    let of_sensitivity = serde_json::from_str::<serde_json::Value>(&texts[0])
        .is_ok_and(|v| v.get("shard_of").and_then(|s| s.as_str()) == Some(SENSITIVITY));
    let merged = if of_sensitivity {
        let parts = texts
            .iter()
            .zip(&args.shards)
            .map(|(text, path)| {
                serde_json::from_str::<SensitivityShard>(text).with_context(|| {
                    format!("{}: not the JSON output of `plenary sensitivity --shard K/N`", path.display())
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let report = merge_sensitivity(&parts).with_context(cannot)?;
        match args.format {
            TextOrJson::Json => serde_json::to_string_pretty(&report)? + "\n",
            TextOrJson::Text => sensitivity_text(&report),
        }
    } else {
        let reports = texts
            .iter()
            .zip(&args.shards)
            .map(|(text, path)| {
                serde_json::from_str::<RunReport>(text)
                    .with_context(|| format!("{}: not the JSON output of `plenary run`", path.display()))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let report = RunReport::merge(&reports).with_context(cannot)?;
        match args.format {
            TextOrJson::Json => serde_json::to_string_pretty(&report)? + "\n",
            TextOrJson::Text => report.to_text(),
        }
    };
    emit(&merged, args.out.as_deref())
}
