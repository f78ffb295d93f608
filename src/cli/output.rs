//! Writing results: to stdout, or atomically to a file.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

/// Print to stdout, or write `FILE` atomically: a temporary file in the same
/// folder is written, flushed and renamed into place, so an interrupted run
/// never leaves a half-written result.
pub fn emit(text: &str, out: Option<&Path>) -> anyhow::Result<()> {
    match out {
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
            Ok(())
        }
        Some(path) => write_atomically(path, text.as_bytes()),
    }
}

/// [`plenary::write_atomically`], with the path in the error.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    plenary::write_atomically(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

/// Fail early, before any simulation, when `--out FILE` cannot be written:
/// its folder does not exist, or it is a folder itself, or it is one of the
/// command's `inputs` (the scenario and the files it extends, or the shards
/// to merge), which the output would replace. (Permissions are only known at
/// the write, which reports them with the path.)
pub fn check_destination(out: &Path, inputs: &[PathBuf]) -> anyhow::Result<()> {
    check_destination_of("--out", out, inputs)
}

/// [`check_destination`] for the file of another option (`--per-run`).
pub fn check_destination_of(flag: &str, out: &Path, inputs: &[PathBuf]) -> anyhow::Result<()> {
    if out.is_dir() || out.as_os_str().to_string_lossy().ends_with(std::path::MAIN_SEPARATOR) {
        anyhow::bail!("{flag} {}: is a folder, not a file", out.display());
    }
    // Two names of one file resolve to the same path (links followed).
    if let Ok(dest) = std::fs::canonicalize(out)
        && let Some(input) = inputs.iter().find(|i| std::fs::canonicalize(i).is_ok_and(|i| i == dest))
    {
        anyhow::bail!(
            "{flag} {}: that is the input {}, which the output would replace; write to another file",
            out.display(),
            input.display()
        );
    }
    if std::fs::metadata(out).is_ok() {
        return Ok(()); // it exists (a file, or a device such as /dev/null)
    }
    let target = plenary::follow_links(out).with_context(|| format!("{flag} {}", out.display()))?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        anyhow::bail!("{flag} {}: the folder {} does not exist", out.display(), dir.display());
    }
    Ok(())
}

/// A line for the user on stderr. A closed or full stderr is not worth
/// failing a batch for (`eprintln!` would panic), so errors are ignored.
pub fn note(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}

/// A closed pipe (`plenary run ... | head`) is not an error.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// A progress bar over `runs` runs on stderr when it is a terminal; hidden
/// otherwise (so pipes and CI logs stay clean).
pub fn progress_bar(runs: u64) -> ProgressBar {
    progress_bar_of(runs, "runs")
}

/// [`progress_bar`] over `len` of something else (`grid points checked`).
pub fn progress_bar_of(len: u64, what: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    let template = format!("{{wide_bar}} {{pos}}/{{len}} {what} ({{per_sec}}, {{eta}} left)");
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style);
    }
    bar
}

/// Print a report as text or as pretty JSON.
pub fn emit_report<R: serde::Serialize>(
    report: &R,
    format: super::TextOrJson,
    to_text: impl FnOnce(&R) -> String,
) -> anyhow::Result<()> {
    let text = match format {
        super::TextOrJson::Text => to_text(report),
        super::TextOrJson::Json => serde_json::to_string_pretty(report)? + "\n",
    };
    emit(&text, None)
}
