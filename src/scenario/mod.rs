//! Scenario loading: the RON file as written ([`ScenarioFile`] and its parts,
//! `file.rs`) and its text (`syntax.rs`), variants that change one
//! (`overlay.rs`), its validation (`validate.rs`) into the checked
//! [`Scenario`] (`checked.rs`) within the [`Limits`] of what a scenario may
//! cost ([`cost`], `limits.rs`), the errors of these ([`ScenarioError`],
//! [`Problem`]), and generated scenarios for benchmarks ([`synthetic()`]).
//!
//! docs/SCENARIOS.md describes the format.
//!
//! ```no_run
//! let scenario = plenary::scenario::load("scenarios/wsis20.ron").unwrap();
//! println!("{} paragraphs", scenario.paragraphs().len());
//! ```

// `checked::Outcome` is re-exported at the crate root only (`plenary::Outcome`).
pub(crate) mod checked;
mod error;
mod file;
mod limits;
pub(crate) mod overlay;
mod profiles;
mod suggest;
mod syntax;
mod synthetic;
mod validate;

use std::path::{Path, PathBuf};

pub use checked::{
    AmendmentChange, AmendmentSpec, Behaviour, BlocSpec, Bound, Change, EventSpec, Issue, IssueId,
    MarkerSpec, MarkerTest, MediatorSpec, NegotiatorId, NegotiatorKind, NegotiatorSpec, ParagraphSpec, Param,
    PresidentSpec, RedLineSpec, Scenario, StageKind, StageSpec, Stance, UncertainSpec, VoteRule, VoterKind,
    VoterSpec,
};
pub use error::{Problem, ScenarioError};
pub use file::*;
pub use limits::{Cost, Limits, MAX_FILE_BYTES, MAX_PAIRS, MAX_VOTERS, MAX_WORKER_BYTES, cost};
pub use suggest::{Known, closest, suggest, suggest_known};
pub use syntax::MAX_NESTING;
pub use synthetic::{generated as synthetic, generated_file as synthetic_file};

/// The RON options every scenario is read with: `Some(..)` may be omitted.
pub(crate) fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Parse scenario text (no validation). `path` labels errors, and the
/// roster files the text includes are read relative to it (each held to the
/// default [`Limits::file_bytes`]); its profiles are resolved
/// (docs/SCENARIOS.md, "Rosters and profiles"). A UTF-8 byte order mark at
/// the start (which some editors write) is skipped.
pub fn parse(text: &str, path: &Path) -> Result<ScenarioFile, ScenarioError> {
    Ok(parse_with_limits(text, path, &Limits::default())?.0)
}

/// [`parse`], each included file held to `limits.file_bytes`, with the
/// roster files read.
fn parse_with_limits(
    text: &str,
    path: &Path,
    limits: &Limits,
) -> Result<(ScenarioFile, Vec<PathBuf>), ScenarioError> {
    let file = read_ron(text, path)?;
    profiles::resolve(file, without_bom(text), path, limits)
}

/// Read RON text into `T`, refusing what serde would let through: values
/// nested too deeply (before RON reads them), a key given twice in a map and
/// a number that is not finite (a variant's values go through JSON, which
/// would turn it into null), each at its line and column.
fn read_ron<T: serde::de::DeserializeOwned>(text: &str, path: &Path) -> Result<T, ScenarioError> {
    let text = without_bom(text);
    let at = |finding| ScenarioError::from_finding(path.to_path_buf(), text, finding);
    if let Some(finding) = syntax::too_deep(text) {
        return Err(at(finding));
    }
    let value =
        ron_options().from_str(text).map_err(|e| ScenarioError::from_ron(path.to_path_buf(), text, e))?;
    match syntax::check(text) {
        Some(finding) => Err(at(finding)),
        None => Ok(value),
    }
}

/// Read, parse and validate a scenario file (or a variant of one). When a
/// variant's problems are all its base's own (the variant changed nothing
/// that fixes or adds one), the error is the base's, and names the base's
/// file; otherwise it is the variant's.
pub fn load(path: impl AsRef<Path>) -> Result<Scenario, ScenarioError> {
    Ok(load_with_sources(path)?.0)
}

/// [`load`], held to `limits` instead of the default ones.
pub fn load_with_limits(path: impl AsRef<Path>, limits: &Limits) -> Result<Scenario, ScenarioError> {
    Ok(load_with_sources_and_limits(path, limits)?.0)
}

/// [`load`], with the files the scenario was read from: the file itself,
/// then the file it extends, and so on down to a plain scenario, then the
/// roster files that one includes (so that a command can refuse to write
/// over one of them).
pub fn load_with_sources(path: impl AsRef<Path>) -> Result<(Scenario, Vec<PathBuf>), ScenarioError> {
    load_with_sources_and_limits(path, &Limits::default())
}

/// [`load_with_sources`], held to `limits` instead of the default ones.
pub fn load_with_sources_and_limits(
    path: impl AsRef<Path>,
    limits: &Limits,
) -> Result<(Scenario, Vec<PathBuf>), ScenarioError> {
    let chain = read_chain(path.as_ref(), limits)?;
    let (files, included) = resolve(&chain, limits)?;
    let check = |file: &ScenarioFile, path: &Path| check_with_limits(file, path, limits);
    let scenario = check(&files[0], &chain[0].path).map_err(|err| {
        let ScenarioError::Invalid { problems, .. } = &err else { return err };
        // The deepest base that has every one of these problems itself.
        let inherited = |base: &ScenarioError| match base {
            ScenarioError::Invalid { problems: own, .. } => problems.iter().all(|p| own.contains(p)),
            _ => false,
        };
        let (i, err) = (1..chain.len())
            .rev()
            .find_map(|i| check(&files[i], &chain[i].path).err().filter(inherited).map(|e| (i, e)))
            .unwrap_or((0, err));
        err.located_in(&chain[i].text)
    })?;
    Ok((scenario, chain.into_iter().map(|link| link.path).chain(included).collect()))
}

/// Parse and validate scenario text; `path` labels errors.
pub fn from_str(text: &str, path: &Path) -> Result<Scenario, ScenarioError> {
    let file = parse(text, path)?;
    check(&file, path).map_err(|e| e.located_in(text))
}

/// Validate a scenario file already read (e.g. changed by a sweep), held to
/// the default [`Limits`].
pub fn check(file: &ScenarioFile, path: &Path) -> Result<Scenario, ScenarioError> {
    check_with_limits(file, path, &Limits::default())
}

/// [`check`], held to `limits` instead of the default ones.
pub fn check_with_limits(
    file: &ScenarioFile,
    path: &Path,
    limits: &Limits,
) -> Result<Scenario, ScenarioError> {
    validate::validate_with_limits(file, path, limits)
        .map_err(|problems| ScenarioError::Invalid { path: path.to_path_buf(), problems })
}

/// Read a scenario file as written, resolving `Variant(extends: ...)` files
/// onto their base. Not validated; each file is held to the default
/// [`Limits::file_bytes`].
pub fn load_file(path: &Path) -> Result<ScenarioFile, ScenarioError> {
    load_file_with_limits(path, &Limits::default())
}

/// [`load_file`], each file held to `limits.file_bytes`.
pub fn load_file_with_limits(path: &Path, limits: &Limits) -> Result<ScenarioFile, ScenarioError> {
    let chain = read_chain(path, limits)?;
    Ok(resolve(&chain, limits)?.0.swap_remove(0))
}

/// A bound on `extends` chains, far above any real use: a guard for the
/// case that the cycle check cannot see (one file reached by two paths that
/// do not resolve to the same name).
const MAX_EXTENDS: usize = 64;

/// One file of an `extends` chain.
struct Link {
    path: PathBuf,
    text: String,
    /// The variant, if the file is one (its base is the next link).
    variant: Option<overlay::VariantFile>,
}

/// Read a file and everything it extends, nearest first.
fn read_chain(path: &Path, limits: &Limits) -> Result<Vec<Link>, ScenarioError> {
    let mut chain: Vec<Link> = Vec::new();
    let mut seen: Vec<PathBuf> = Vec::new();
    let mut at = path.to_path_buf();
    loop {
        let text = match (read_text(&at, limits.file_bytes), chain.last()) {
            (Ok(text), _) => text,
            // A base that cannot be read is the variant's `extends` at fault.
            // Its message names the folder the base was looked for in, since
            // `extends` is relative to the variant, not to where one stands.
            (Err(ScenarioError::Io { source, .. }), Some(variant)) => {
                let folder = at.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
                let folder = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
                let name = at
                    .file_name()
                    .map_or_else(|| at.display().to_string(), |n| n.to_string_lossy().into_owned());
                return Err(ScenarioError::Invalid {
                    path: variant.path.clone(),
                    problems: vec![Problem {
                        at: None,
                        field: "extends".into(),
                        message: format!("cannot read `{name}` in the folder {}: {source}", folder.display()),
                    }],
                }
                .located_in(&variant.text));
            }
            (Err(err), _) => return Err(err),
        };
        let variant = if overlay::is_variant(without_bom(&text)) {
            Some(read_ron::<overlay::VariantFile>(&text, &at)?)
        } else {
            None
        };
        seen.push(std::fs::canonicalize(&at).unwrap_or_else(|_| at.clone()));
        let next = variant.as_ref().map(|v| v.extends.clone());
        chain.push(Link { path: at.clone(), text, variant });
        let Some(extends) = next else { return Ok(chain) };
        let invalid = |message: String| ScenarioError::Invalid {
            path: at.clone(),
            problems: vec![Problem { at: None, field: "extends".into(), message }],
        };
        if extends.trim().is_empty() {
            return Err(invalid("is empty: name the scenario file this variant changes".into()));
        }
        let base = at.parent().unwrap_or(Path::new(".")).join(&extends);
        let canonical = std::fs::canonicalize(&base).unwrap_or_else(|_| base.clone());
        if let Some(i) = seen.iter().position(|p| *p == canonical) {
            let names: Vec<String> = chain[i..]
                .iter()
                .map(|l| l.path.display().to_string())
                .chain([base.display().to_string()])
                .collect();
            return Err(invalid(if i + 1 == chain.len() {
                format!("`{extends}` is this file itself")
            } else {
                format!("`{extends}` closes a cycle: {}", names.join(" extends "))
            }));
        }
        if chain.len() >= MAX_EXTENDS {
            return Err(invalid(format!("more than {MAX_EXTENDS} files in a chain of `extends`")));
        }
        at = base;
    }
}

/// A variant applied onto its base, its problems named in `path`.
fn overlay_onto(
    base: &ScenarioFile,
    variant: &overlay::VariantFile,
    path: &Path,
) -> Result<ScenarioFile, ScenarioError> {
    let mut file = overlay::apply(base, variant).map_err(|problems| ScenarioError::Invalid {
        path: path.to_path_buf(),
        problems: problems.into_iter().map(|(field, message)| Problem { at: None, field, message }).collect(),
    })?;
    // A variant without a name is not its base: reports call it by its file.
    if variant.name.is_none()
        && let Some(stem) = path.file_stem()
    {
        file.name = stem.to_string_lossy().into_owned();
    }
    Ok(file)
}

/// The text of a variant (`Variant(extends: ..., set: ..., remove: ...)`)
/// applied onto `base`, a file already read, as [`load`] applies a variant
/// onto the file it extends; `extends` is not read (the base is given), and
/// the result is not validated ([`check`] does). `path` labels errors. For
/// tools (and the fuzz targets, fuzz/) that hold the texts, not the files.
pub fn apply_variant(base: &ScenarioFile, text: &str, path: &Path) -> Result<ScenarioFile, ScenarioError> {
    let variant = read_ron::<overlay::VariantFile>(text, path)?;
    overlay_onto(base, &variant, path)
}

/// The file of every link resolved onto its base, in the chain's order, and
/// the roster files the plain scenario at its end includes.
fn resolve(chain: &[Link], limits: &Limits) -> Result<(Vec<ScenarioFile>, Vec<PathBuf>), ScenarioError> {
    let mut files: Vec<ScenarioFile> = Vec::with_capacity(chain.len());
    let mut included = Vec::new();
    for link in chain.iter().rev() {
        let file = match (&link.variant, files.last()) {
            (Some(variant), Some(base)) => overlay_onto(base, variant, &link.path)?,
            _ => {
                let (file, read) = parse_with_limits(&link.text, &link.path, limits)?;
                included = read;
                file
            }
        };
        files.push(file);
    }
    files.reverse();
    Ok((files, included))
}

/// What a file that is not a regular file is, for a message.
fn kind_of(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        } else if file_type.is_socket() {
            return "a socket";
        } else if file_type.is_char_device() {
            return "a character device";
        } else if file_type.is_block_device() {
            return "a block device";
        }
    }
    if file_type.is_dir() { "a folder" } else { "a special file" }
}

/// The bytes of a regular file of at most `max` bytes. Anything else is
/// refused before it is opened (opening a named pipe with no writer waits
/// for one forever) or read (a device may never end).
fn read_regular(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    use std::io::{Error, ErrorKind, Read};
    let refuse = |kind: &str| {
        Error::new(
            ErrorKind::InvalidInput,
            format!("it is {kind}, not a regular file: a scenario is a file of RON text"),
        )
    };
    let too_large = |size: Option<u64>| {
        let (cap, lift) = (limits::bytes(max), limits::lift("file_bytes"));
        Error::new(
            ErrorKind::InvalidData,
            match size {
                Some(size) => format!(
                    "it is {}, more than the {cap} a scenario file may be; {lift}",
                    limits::bytes(size)
                ),
                None => format!("it grew past the {cap} a scenario file may be while it was read; {lift}"),
            },
        )
    };
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(refuse(kind_of(metadata.file_type())));
    }
    if metadata.len() > max {
        return Err(too_large(Some(metadata.len())));
    }
    // Replaced by a pipe between the two calls, it would still be waited
    // for: a window no user makes by mistake.
    let file = std::fs::File::open(path)?;
    // The file may have been replaced or grown since: check what was opened.
    let opened = file.metadata()?;
    if !opened.is_file() {
        return Err(refuse(kind_of(opened.file_type())));
    }
    let mut bytes = Vec::with_capacity(opened.len().min(max) as usize);
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(too_large(None));
    }
    Ok(bytes)
}

/// A file's text. Text that is not UTF-8 is a parse error at the first bad
/// byte, so that the user can find it.
fn read_text(path: &Path, max_bytes: u64) -> Result<String, ScenarioError> {
    let bytes = read_regular(path, max_bytes)
        .map_err(|source| ScenarioError::Io { path: path.to_path_buf(), source })?;
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let good = std::str::from_utf8(good).unwrap_or_default();
        let line = good.matches('\n').count() + 1;
        // Editors do not show a byte order mark as a column.
        let last = good.rsplit('\n').next().unwrap_or_default();
        let last = if line == 1 { without_bom(last) } else { last };
        let column = last.chars().count() + 1;
        ScenarioError::Parse {
            path: path.to_path_buf(),
            line,
            column,
            field: None,
            message: "the file is not UTF-8 text: save it as UTF-8".into(),
        }
    })
}

fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}
