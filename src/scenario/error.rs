//! Errors found while loading a scenario.

use std::fmt;
use std::path::PathBuf;

/// One semantic problem in a parsed scenario: the field path and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Field path, e.g. `delegations[USA].red_lines[2].firmness`.
    pub field: String,
    /// What is wrong, for a reader: `1.5 is not a probability (must be
    /// within 0..1)`.
    pub message: String,
    /// The line and column (from 1) where the field's value is written in
    /// the file the error names, or the struct that would hold it when the
    /// file leaves it to its default; `None` when the file does not write
    /// any part of the path (a variant's base holds it).
    pub at: Option<(usize, usize)>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some((line, column)) => write!(f, "{line}:{column}: {}: {}", self.field, self.message),
            None => write!(f, "{}: {}", self.field, self.message),
        }
    }
}

impl ScenarioError {
    /// The same error with each problem located in `text`, the text of the
    /// file the error names ([`Problem::at`]).
    pub(crate) fn located_in(mut self, text: &str) -> Self {
        if let ScenarioError::Invalid { problems, .. } = &mut self {
            for p in problems.iter_mut() {
                p.at = super::syntax::locate(text, &p.field).map(|o| super::syntax::line_column(text, o));
            }
        }
        self
    }
}

/// Why a scenario could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// The file could not be read: it is missing or unreadable, is not a
    /// regular file (a folder, a named pipe, a device), or is larger than
    /// [`Limits::file_bytes`](super::Limits::file_bytes).
    #[error("{path}: cannot read the file")]
    Io {
        /// The file that could not be read.
        path: PathBuf,
        /// Why, from the operating system or the size check.
        #[source]
        source: std::io::Error,
    },
    /// The RON text does not match the schema; `field` is the struct or field
    /// the parser was in, when it says.
    #[error("{path}:{line}:{column}: {message}")]
    Parse {
        /// The file whose text is at fault (for a variant, possibly a file it
        /// extends).
        path: PathBuf,
        /// The line of the error, from 1.
        line: usize,
        /// The column of the error, in characters, from 1.
        column: usize,
        /// The struct or field the parser was in (`count`, `Mediator.skil`),
        /// when it knows.
        field: Option<String>,
        /// What is wrong; it names the field when the parser knows it.
        message: String,
    },
    /// The file parsed but describes an impossible scenario.
    #[error("{path}: {} problem(s) in the scenario:\n{}", problems.len(), list(problems))]
    Invalid {
        /// The file at fault: the scenario or variant loaded, or the base
        /// whose own problems these all are.
        path: PathBuf,
        /// Every problem found, each with its field path.
        problems: Vec<Problem>,
    },
}

impl ScenarioError {
    /// The file the error is in (for a variant, possibly one of its bases).
    pub fn path(&self) -> &std::path::Path {
        match self {
            ScenarioError::Io { path, .. }
            | ScenarioError::Parse { path, .. }
            | ScenarioError::Invalid { path, .. } => path,
        }
    }
}

fn list(problems: &[Problem]) -> String {
    problems.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n")
}

impl ScenarioError {
    pub(crate) fn from_ron(path: PathBuf, text: &str, err: ron::error::SpannedError) -> Self {
        use ron::error::Error as E;
        if super::overlay::first_item(text).is_empty() {
            let message = if text.trim().is_empty() {
                "the file is empty: a scenario starts with `Scenario(`"
            } else {
                "the file holds only comments: a scenario starts with `Scenario(`"
            };
            return ScenarioError::Parse {
                path,
                line: 1,
                column: 1,
                field: None,
                message: message.to_string(),
            };
        }
        let field = match &err.code {
            E::NoSuchStructField { found, outer, .. } => Some(join_field(outer.as_deref(), found)),
            E::MissingStructField { field, outer } | E::DuplicateStructField { field, outer } => {
                Some(join_field(outer.as_deref(), field))
            }
            E::NoSuchEnumVariant { outer, .. } => outer.clone(),
            // A struct's name opens a value (often a list item): the field
            // written before it may be the previous item's.
            E::ExpectedDifferentStructName { .. } | E::ExpectedStructName(_) => None,
            _ => field_before(text, err.span.start.line, err.span.start.col),
        };
        let (line, column) = (err.span.start.line, err.span.start.col);
        let decimal = err.code == E::ExpectedComma && is_decimal_point(text, line, column);
        let mut message = match (&err.code, &field) {
            (E::Eof, _) => "unexpected end of file (is the file empty or truncated?)".to_string(),
            // Not RON's advice about its options: the file is at fault.
            (E::ExceededRecursionLimit, _) => {
                "values nested too deeply (brackets within brackets); a scenario needs a few levels"
                    .to_string()
            }
            // RON reads `3.0` where a whole number is expected as `3` followed
            // by something that is not a comma.
            (_, Some(field)) if decimal => {
                format!("field `{field}`: expected a whole number (`3`, not `3.0`)")
            }
            (code, Some(field)) => format!("field `{field}`: {}", plain_code(code)),
            (code, None) => plain_code(code),
        };
        // RON reports a missing comma at the next value, which may be lines
        // (and comments) below the value that wants it.
        if err.code == E::ExpectedComma
            && !decimal
            && let Some((at_line, at_column)) = end_of_previous_line(text, line, column)
        {
            message += &format!(" (is one missing after line {at_line}, column {at_column}?)");
        }
        ScenarioError::Parse { path, line, column, field, message }
    }
}

impl ScenarioError {
    /// A parse error for what [`super::syntax`] found in a file's text.
    pub(crate) fn from_finding(path: PathBuf, text: &str, finding: super::syntax::Finding) -> Self {
        let (line, column) = super::syntax::line_column(text, finding.offset);
        let message = match &finding.field {
            Some(field) => format!("field `{field}`: {}", finding.message),
            None => finding.message,
        };
        ScenarioError::Parse { path, line, column, field: finding.field, message }
    }
}

/// Serde's names of Rust types in a message, said for a reader: "expected
/// f64" is "expected a number", "expected u32" "expected a whole number
/// (0 or more)", "floating point `2.5`" "the number 2.5".
pub(crate) fn plain_types(message: &str) -> String {
    let mut out = message.to_string();
    for (rust, plain) in [
        ("expected f64", "expected a number"),
        ("expected f32", "expected a number"),
        ("expected u8", "expected a whole number (0 or more)"),
        ("expected u16", "expected a whole number (0 or more)"),
        ("expected u32", "expected a whole number (0 or more)"),
        ("expected u64", "expected a whole number (0 or more)"),
        ("expected usize", "expected a whole number (0 or more)"),
        ("expected i32", "expected a whole number"),
        ("expected i64", "expected a whole number"),
        ("expected a boolean", "expected `true` or `false`"),
    ] {
        // Only the whole word: "expected u32" but not "expected u320".
        let mut from = 0;
        while let Some(at) = out[from..].find(rust).map(|i| i + from) {
            let end = at + rust.len();
            if out[end..].chars().next().is_some_and(|c| c.is_alphanumeric()) {
                from = end;
                continue;
            }
            out.replace_range(at..end, plain);
            from = at + plain.len();
        }
    }
    out.replace("floating point `", "the number `").replace("integer `", "the whole number `")
}

/// RON's message for `code`, with its type names said plainly.
fn plain_code(code: &ron::error::Error) -> String {
    use ron::error::Error as E;
    match code {
        E::ExpectedFloat => "expected a number (such as `0.5`)".to_string(),
        E::ExpectedInteger => "expected a whole number (such as `3`)".to_string(),
        E::ExpectedBoolean => "expected `true` or `false`".to_string(),
        E::ExpectedString => "expected a string in double quotes".to_string(),
        E::IntegerOutOfBounds => "the whole number is out of range (negative, or too large)".to_string(),
        other => plain_types(&other.to_string()),
    }
}

fn join_field(outer: Option<&str>, name: &str) -> String {
    match outer {
        Some(outer) => format!("{outer}.{name}"),
        None => name.to_string(),
    }
}

/// A line without its `//` comment (one outside a string).
fn without_comment(line: &str) -> &str {
    let (mut in_string, mut escaped) = (false, false);
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '/' if !in_string && line[i + 1..].starts_with('/') => return &line[..i],
            _ => {}
        }
    }
    line
}

/// Where the last code before a position ends (line, column of its last
/// character), if nothing but blanks and comments lies between it and the
/// position's line: the place of a comma missing at the end of a line.
fn end_of_previous_line(text: &str, line: usize, column: usize) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let current = lines.get(line.checked_sub(1)?)?;
    let before: String = current.chars().take(column.saturating_sub(1)).collect();
    if !without_comment(&before).trim().is_empty() {
        return None;
    }
    (0..line - 1).rev().find_map(|i| {
        let code = without_comment(lines[i]).trim_end();
        (!code.is_empty()).then(|| (i + 1, code.chars().count()))
    })
}

/// Whether the text at a position is a decimal point followed by a digit.
fn is_decimal_point(text: &str, line: usize, column: usize) -> bool {
    let Some(l) = text.lines().nth(line.saturating_sub(1)) else { return false };
    let mut rest = l.chars().skip(column.saturating_sub(1));
    rest.next() == Some('.') && rest.next().is_some_and(|c| c.is_ascii_digit())
}

/// The last `name:` (or `"key":`) written before a position: the field the
/// parser was reading when it failed, for errors that do not name it.
fn field_before(text: &str, line: usize, column: usize) -> Option<String> {
    let mut prefix = String::new();
    for (i, l) in text.lines().enumerate() {
        if i + 1 == line {
            prefix.extend(l.chars().take(column.saturating_sub(1)));
            break;
        }
        // Drop line comments: they may contain colons.
        prefix.push_str(without_comment(l));
        prefix.push('\n');
    }
    let bytes = prefix.as_bytes();
    let mut i = bytes.len();
    while i > 0 {
        i -= 1;
        if bytes[i] != b':' || bytes.get(i + 1) == Some(&b':') || (i > 0 && bytes[i - 1] == b':') {
            continue;
        }
        let mut end = i;
        while end > 0 && bytes[end - 1].is_ascii_whitespace() {
            end -= 1;
        }
        if end > 0 && bytes[end - 1] == b'"' {
            end -= 1;
        }
        let mut start = end;
        while start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
            start -= 1;
        }
        if start < end && (bytes[start].is_ascii_alphabetic() || bytes[start] == b'_') {
            return Some(prefix[start..end].to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{end_of_previous_line, field_before, is_decimal_point};

    #[test]
    fn finds_the_field_being_read() {
        let text = "Scenario(\n  name: \"x\", // a: comment\n  paragraphs: (count: \"three\"";
        assert_eq!(field_before(text, 3, 23).as_deref(), Some("count"));
        assert_eq!(field_before(text, 2, 10).as_deref(), Some("name"));
        assert_eq!(field_before("levels: {\"gender\": x", 1, 20).as_deref(), Some("gender"));
        assert_eq!(field_before("(deadline: \"12:00", 1, 18).as_deref(), Some("deadline"));
        // `//` inside a string does not start a comment
        let text = "(source: \"https://example.org\", count:\n  \"three\"";
        assert_eq!(field_before(text, 2, 3).as_deref(), Some("count"));
    }

    #[test]
    fn finds_a_decimal_point_where_a_whole_number_was_expected() {
        let text = "(\n  count: 3.0,\n  name: x.y";
        assert!(is_decimal_point(text, 2, 11));
        assert!(!is_decimal_point(text, 2, 10), "the `3` itself");
        assert!(!is_decimal_point(text, 3, 10), "a dot not followed by a digit");
        assert!(!is_decimal_point(text, 9, 1), "no such line");
    }

    #[test]
    fn finds_the_end_of_the_line_that_wants_a_comma() {
        let text = "(\n  a: (x: \"//not a comment\") // a comment\n  // only a comment\n\n  b: 1";
        assert_eq!(end_of_previous_line(text, 5, 3), Some((2, 27)));
        assert_eq!(end_of_previous_line(text, 5, 6), None, "code before the position on its own line");
        assert_eq!(end_of_previous_line(text, 1, 1), None, "nothing before the first line");
    }
}
