//! `plenary check`: validate and summarise a scenario.

use clap::Args;

use super::output::emit;
use super::{Common, ScenarioPath, TextOrJson};
use plenary::analysis::CheckReport;
use plenary::scenario::ScenarioError;
use serde_json::json;

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Scenario file (RON).
    pub scenario: ScenarioPath,
    /// Output format (text or json).
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrJson,
}

pub fn run(args: CheckArgs, common: &Common) -> anyhow::Result<()> {
    let scenario = match common.load(&args.scenario) {
        Ok(scenario) => scenario,
        Err(err) => {
            // A tool asking for JSON gets the problems as JSON too (and the
            // exit status and stderr say the file is invalid, as for text).
            if args.format == TextOrJson::Json {
                emit(&(serde_json::to_string_pretty(&invalid(&err))? + "\n"), None)?;
            }
            return Err(err.into());
        }
    };
    let report = CheckReport::new(&scenario);
    let text = match args.format {
        TextOrJson::Text => report.to_text(),
        TextOrJson::Json => serde_json::to_string_pretty(&report)? + "\n",
    };
    emit(&text, None)
}

/// `{"valid": false, "file": ..., "problems": [{field, message, line, column}]}`
/// for a file that does not load: a field or position is null where the
/// error does not know it. `file` is the file the problems are in, which for
/// a variant may be a file it extends.
fn invalid(err: &ScenarioError) -> serde_json::Value {
    let problems: Vec<serde_json::Value> = match err {
        ScenarioError::Io { source, .. } => {
            vec![
                json!({"field": null, "message": format!("cannot read the file: {source}"), "line": null, "column": null}),
            ]
        }
        ScenarioError::Parse { line, column, field, message, .. } => {
            vec![json!({"field": field, "message": message, "line": line, "column": column})]
        }
        ScenarioError::Invalid { problems, .. } => problems
            .iter()
            .map(|p| {
                let (line, column) = p.at.unzip();
                json!({"field": p.field, "message": p.message, "line": line, "column": column})
            })
            .collect(),
    };
    json!({"valid": false, "file": err.path().display().to_string(), "problems": problems})
}
