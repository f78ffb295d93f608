//! Errors found while loading a scenario.

use std::fmt;
use std::path::PathBuf;

/// One semantic problem in a parsed scenario: the field path and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Field path, e.g. `delegations[USA].red_lines[2].firmness`.
    pub field: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Why a scenario could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("{path}: cannot read the file: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The RON text does not match the schema; `field` is the struct or field
    /// the parser was in, when it says.
    #[error("{path}:{line}:{column}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        field: Option<String>,
        message: String,
    },
    /// The file parsed but describes an impossible scenario.
    #[error("{path}: {} problem(s) in the scenario:\n{}", problems.len(), list(problems))]
    Invalid { path: PathBuf, problems: Vec<Problem> },
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  - {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl ScenarioError {
    pub(crate) fn from_ron(path: PathBuf, err: ron::error::SpannedError) -> Self {
        use ron::error::Error as E;
        let field = match &err.code {
            E::NoSuchStructField { found, outer, .. } => {
                Some(join_field(outer.as_deref(), found))
            }
            E::MissingStructField { field, outer } | E::DuplicateStructField { field, outer } => {
                Some(join_field(outer.as_deref(), field))
            }
            E::NoSuchEnumVariant { outer, .. } => outer.clone(),
            _ => None,
        };
        let message = match (&err.code, &field) {
            (E::Eof, _) => "unexpected end of file (is the file empty or truncated?)".to_string(),
            (code, Some(field)) => format!("field `{field}`: {code}"),
            (code, None) => code.to_string(),
        };
        ScenarioError::Parse {
            path,
            line: err.span.start.line,
            column: err.span.start.col,
            field,
            message,
        }
    }
}

fn join_field(outer: Option<&str>, name: &str) -> String {
    match outer {
        Some(outer) => format!("{outer}.{name}"),
        None => name.to_string(),
    }
}
