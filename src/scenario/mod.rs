//! Scenario loading: the RON file ([`file`](mod@file)), its validation ([`validate`])
//! into the checked [`Scenario`] ([`checked`]), and the errors of both.
//!
//! ```no_run
//! let scenario = plenary::scenario::load("scenarios/wsis20.ron").unwrap();
//! println!("{} paragraphs", scenario.paragraphs.len());
//! ```

pub mod checked;
pub mod error;
pub mod file;
pub mod overlay;
pub mod synthetic;
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

/// Read, parse and validate a scenario file (or a variant of one).
pub fn load(path: impl AsRef<Path>) -> Result<Scenario, ScenarioError> {
    let path = path.as_ref();
    let file = load_file(path)?;
    check(&file, path)
}

/// Parse and validate scenario text; `path` labels errors.
pub fn from_str(text: &str, path: &Path) -> Result<Scenario, ScenarioError> {
    let file = parse(text, path)?;
    check(&file, path)
}

/// Validate a scenario file already read (e.g. changed by a sweep).
pub fn check(file: &ScenarioFile, path: &Path) -> Result<Scenario, ScenarioError> {
    validate::validate(file, path)
        .map_err(|problems| ScenarioError::Invalid { path: path.to_path_buf(), problems })
}

/// How deep `extends` may chain (a guard against a variant extending itself).
const MAX_EXTENDS: usize = 8;

/// Read a scenario file as written, resolving `Variant(extends: ...)` files
/// onto their base. Not validated.
pub fn load_file(path: &Path) -> Result<ScenarioFile, ScenarioError> {
    load_file_at_depth(path, 0)
}

fn load_file_at_depth(path: &Path, depth: usize) -> Result<ScenarioFile, ScenarioError> {
    let text = std::fs::read_to_string(path)
        .map_err(|source| ScenarioError::Io { path: path.to_path_buf(), source })?;
    if !overlay::is_variant(&text) {
        return parse(&text, path);
    }
    let invalid = |field: String, message: String| ScenarioError::Invalid {
        path: path.to_path_buf(),
        problems: vec![Problem { field, message }],
    };
    let variant: overlay::VariantFile =
        ron_options().from_str(&text).map_err(|e| ScenarioError::from_ron(path.to_path_buf(), &text, e))?;
    if depth >= MAX_EXTENDS {
        return Err(invalid(
            "extends".into(),
            format!("more than {MAX_EXTENDS} levels of `extends` (a cycle?)"),
        ));
    }
    let base_path = path.parent().unwrap_or(Path::new(".")).join(&variant.extends);
    let base = load_file_at_depth(&base_path, depth + 1)?;
    overlay::apply(&base, &variant).map_err(|problems| ScenarioError::Invalid {
        path: path.to_path_buf(),
        problems: problems.into_iter().map(|(field, message)| Problem { field, message }).collect(),
    })
}
