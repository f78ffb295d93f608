//! Scenario loading: the RON file ([`file`]), its validation ([`validate`])
//! into the checked [`Scenario`] ([`checked`]), and the errors of both.
//!
//! ```no_run
//! let scenario = plenary::scenario::load("scenarios/wsis20.ron").unwrap();
//! println!("{} paragraphs", scenario.paragraphs.len());
//! ```

pub mod checked;
pub mod error;
pub mod file;
pub mod validate;

use std::path::Path;

pub use checked::*;
pub use error::{Problem, ScenarioError};
pub use file::ScenarioFile;

/// The RON options every scenario is read with: `Some(..)` may be omitted.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Parse scenario text (no validation). `path` labels errors.
pub fn parse(text: &str, path: &Path) -> Result<ScenarioFile, ScenarioError> {
    ron_options().from_str(text).map_err(|e| ScenarioError::from_ron(path.to_path_buf(), text, e))
}

/// Read, parse and validate a scenario file.
pub fn load(path: impl AsRef<Path>) -> Result<Scenario, ScenarioError> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path)
        .map_err(|source| ScenarioError::Io { path: path.to_path_buf(), source })?;
    from_str(&text, path)
}

/// Parse and validate scenario text; `path` labels errors.
pub fn from_str(text: &str, path: &Path) -> Result<Scenario, ScenarioError> {
    let file = parse(text, path)?;
    validate::validate(&file, path)
        .map_err(|problems| ScenarioError::Invalid { path: path.to_path_buf(), problems })
}
