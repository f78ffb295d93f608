//! Writing results: to stdout, or atomically to a file.

use std::io::{IsTerminal, Write};
use std::path::Path;

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

pub fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path.file_name().with_context(|| format!("{}: not a file name", path.display()))?;
    let tmp = dir.join(format!(".{}.tmp-{}", name.to_string_lossy(), std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.with_context(|| format!("cannot write {}", path.display()))
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
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(runs);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} runs ({per_sec}, {eta} left)") {
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
