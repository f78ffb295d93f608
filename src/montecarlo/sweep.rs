//! Parameter sweeps: a grid of values of scenario fields (paths as in
//! variants: `mediator.skill`, `delegations.USA.vote_call`), one batch per
//! grid point, one CSV row per point as it finishes, and a folder that a
//! sweep resumes from ([`SweepFolder`]).
//!
//! Every grid point is checked before any run, so that a bad value anywhere
//! stops the sweep before it writes a row; and a folder is checked before
//! anything in it is touched, so that a sweep never changes a folder that
//! holds another sweep (or anything else).

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::batch::{Batch, BatchError};
use super::tally::Tally;
use crate::model::record::{Outcome, PerOutcome};
use crate::scenario::{Limits, Scenario, ScenarioError, ScenarioFile, overlay};

/// Why a sweep cannot start or go on.
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    /// A `--set PATH=V1,V2` that cannot be swept.
    #[error("--set {set}: {message}")]
    Set {
        /// The `--set` (or the paths) at fault.
        set: String,
        /// What is wrong.
        message: String,
    },
    /// A grid point whose scenario does not check.
    #[error("at the grid point {point}")]
    Point {
        /// `PATH=V, ...` of the point.
        point: String,
        /// Why its scenario does not check.
        #[source]
        source: Box<ScenarioError>,
    },
    /// A folder that holds something this sweep must not write into.
    #[error("{path}: {message}; use another --out folder")]
    /// A folder that holds something this sweep must not write into.
    Folder {
        /// The folder or file.
        path: PathBuf,
        /// What it holds.
        message: String,
    },
    #[error("{path}: {source}")]
    /// A file could not be read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    /// sweep.csv is not CSV.
    Csv {
        /// The file.
        path: PathBuf,
        /// The error.
        #[source]
        source: csv::Error,
    },
    #[error(transparent)]
    /// A batch failed.
    Batch(#[from] BatchError),
}

/// One swept field and its values.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// The field's path, as in variants (`mediator.skill`).
    pub path: String,
    /// Its values, each once.
    pub values: Vec<f64>,
}

impl Axis {
    /// `PATH=V1,V2,...`: finite numbers, each given once.
    pub fn parse(set: &str) -> Result<Axis, SweepError> {
        let bad = |message: String| SweepError::Set { set: format!("`{set}`"), message };
        let (path, values) = set.split_once('=').ok_or_else(|| bad("expected PATH=V1,V2,...".into()))?;
        let path = path.trim();
        let texts: Vec<&str> = values.split(',').map(str::trim).collect();
        let values = texts
            .iter()
            .map(|v| match v.parse::<f64>() {
                // `+ 0.0` turns -0 into 0, so that a row never reads `-0`.
                Ok(x) if x.is_finite() => Ok(x + 0.0),
                Ok(_) => Err(bad(format!("`{v}` is not a finite number"))),
                Err(_) => Err(bad(format!("`{v}` is not a number"))),
            })
            .collect::<Result<Vec<f64>, _>>()?;
        // A value given twice would run its points twice and write duplicate rows.
        for (j, v) in values.iter().enumerate() {
            if let Some(i) = values[..j].iter().position(|u| u == v) {
                let written = if texts[i] == texts[j] {
                    String::new()
                } else {
                    format!(" (as `{}` and `{}`)", texts[i], texts[j])
                };
                return Err(SweepError::Set {
                    set: path.to_string(),
                    message: format!("the value {v} is given twice{written}; give each value once"),
                });
            }
        }
        Ok(Axis { path: path.to_string(), values })
    }
}

/// A checked grid over a scenario file.
#[derive(Debug, Clone)]
pub struct Sweep {
    file: ScenarioFile,
    source: PathBuf,
    axes: Vec<Axis>,
    limits: Limits,
    digest: String,
}

impl Sweep {
    /// A sweep of `file` (read from `source`) over `axes`: every path must
    /// reach a number of the file, no two paths the same field, and every
    /// grid point must check. `checked(done, total)` is called as the
    /// points are checked (a large grid takes a while).
    pub fn new(
        file: ScenarioFile,
        source: &Path,
        axes: Vec<Axis>,
        limits: &Limits,
        checked: &mut dyn FnMut(usize, usize),
    ) -> Result<Sweep, SweepError> {
        Sweep::prepare(file, source, axes, limits)?.check(checked)
    }

    /// The first half of [`Sweep::new`]: the file and the axes checked, the
    /// grid points not yet. What it gives is enough to check the folder the
    /// sweep will write into ([`SweepFolder::check`]) before the wait.
    pub fn prepare(
        file: ScenarioFile,
        source: &Path,
        axes: Vec<Axis>,
        limits: &Limits,
    ) -> Result<UncheckedSweep, SweepError> {
        let base = crate::scenario::check_with_limits(&file, source, limits)
            .map_err(|e| SweepError::Point { point: "of the file itself".into(), source: Box::new(e) })?;
        for a in &axes {
            overlay::number_at(&file, &a.path)
                .map_err(|message| SweepError::Set { set: a.path.clone(), message })?;
        }
        // Two axes on one field (the same path twice, or two paths that reach
        // it) would make a column per path while only the last value applied.
        for (j, b) in axes.iter().enumerate() {
            for a in &axes[..j] {
                if a.path == b.path {
                    let message = "this path is given twice; give all its values in one --set".to_string();
                    return Err(SweepError::Set { set: a.path.clone(), message });
                }
                if overlay::same_field(&file, &a.path, &b.path) {
                    return Err(SweepError::Set {
                        set: format!("{} and --set {}", a.path, b.path),
                        message: "both paths reach the same field; give all its values in one --set".into(),
                    });
                }
            }
        }
        Ok(UncheckedSweep(Sweep {
            file,
            source: source.to_path_buf(),
            axes,
            limits: *limits,
            digest: base.digest(),
        }))
    }

    /// The swept fields.
    pub fn axes(&self) -> &[Axis] {
        &self.axes
    }

    /// The number of grid points.
    pub fn len(&self) -> usize {
        self.axes.iter().map(|a| a.values.len()).product()
    }

    /// Whether the grid has no points (never, for a grid of axes with values).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The [`Scenario::digest`] of the file swept (before any value is set).
    pub fn digest(&self) -> &str {
        &self.digest
    }

    /// Every combination of the axes' values, the last axis varying fastest.
    pub fn points(&self) -> impl Iterator<Item = Vec<f64>> + '_ {
        (0..self.len()).map(|mut i| {
            let mut point = vec![0.0; self.axes.len()];
            for (slot, axis) in point.iter_mut().zip(&self.axes).rev() {
                *slot = axis.values[i % axis.values.len()];
                i /= axis.values.len();
            }
            point
        })
    }

    /// `PATH=V, ...` of a point.
    pub fn label(&self, point: &[f64]) -> String {
        let parts: Vec<String> =
            self.axes.iter().zip(point).map(|(a, v)| format!("{}={v}", a.path)).collect();
        parts.join(", ")
    }

    /// The checked scenario at one point of the grid.
    pub fn scenario_at(&self, point: &[f64]) -> Result<Scenario, SweepError> {
        let mut changed = self.file.clone();
        for (axis, &v) in self.axes.iter().zip(point) {
            changed = overlay::with_value(&changed, &axis.path, v)
                .map_err(|message| SweepError::Set { set: axis.path.clone(), message })?;
        }
        crate::scenario::check_with_limits(&changed, &self.source, &self.limits)
            .map_err(|e| SweepError::Point { point: self.label(point), source: Box::new(e) })
    }

    /// The CSV header: the axes' paths, `runs`, `seed`, and for every
    /// outcome its share and interval (`consensus_p`, `consensus_ci95_lo`,
    /// `consensus_ci95_hi`, ...).
    pub fn header(&self) -> Vec<String> {
        let mut h: Vec<String> = self.axes.iter().map(|a| a.path.clone()).collect();
        h.extend(["runs", "seed"].map(String::from));
        for o in Outcome::ALL {
            for suffix in ["p", "ci95_lo", "ci95_hi"] {
                h.push(format!("{}_{suffix}", o.key()));
            }
        }
        h
    }

    /// Run one grid point.
    pub fn run_point(&self, point: &[f64], batch: &Batch) -> Result<SweepRow, SweepError> {
        let scenario = self.scenario_at(point)?;
        let result = batch.run(&scenario)?;
        Ok(SweepRow::new(point, batch.get_seed(), &result.tally))
    }
}

/// A sweep whose file and axes are checked but not yet its grid points
/// ([`Sweep::prepare`]).
#[derive(Debug, Clone)]
pub struct UncheckedSweep(Sweep);

impl UncheckedSweep {
    /// The swept fields.
    pub fn axes(&self) -> &[Axis] {
        self.0.axes()
    }

    /// The number of grid points.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the grid has no points (never, for a grid of axes with values).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The CSV header ([`Sweep::header`]).
    pub fn header(&self) -> Vec<String> {
        self.0.header()
    }

    /// The [`Scenario::digest`] of the file swept.
    pub fn digest(&self) -> &str {
        self.0.digest()
    }

    /// Check every grid point: the sweep, or the first point that does not
    /// check. `checked(done, total)` is called as the points are checked.
    pub fn check(self, checked: &mut dyn FnMut(usize, usize)) -> Result<Sweep, SweepError> {
        let sweep = self.0;
        // The checked scenarios are not kept: a point is cheap to build
        // again, and memory then stays flat in the size of the grid.
        let total = sweep.len();
        for (done, point) in sweep.points().enumerate() {
            sweep.scenario_at(&point)?;
            checked(done + 1, total);
        }
        Ok(sweep)
    }
}

/// One grid point's result, as a row of sweep.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepRow {
    /// The values of the axes at the point.
    pub point: Vec<f64>,
    /// Runs of the point's batch.
    pub runs: u64,
    /// The batch's master seed.
    pub seed: u64,
    /// Per outcome: its share and 95% interval.
    pub outcomes: PerOutcome<[f64; 3]>,
}

impl SweepRow {
    /// The row of a point's tally.
    pub fn new(point: &[f64], seed: u64, t: &Tally) -> Self {
        SweepRow {
            point: point.to_vec(),
            runs: t.runs,
            seed,
            outcomes: t.outcomes.map(|_, &c| {
                let e = super::Estimate::new(c, t.runs);
                [e.p, e.ci95[0], e.ci95[1]]
            }),
        }
    }

    /// The row's fields in the order of [`Sweep::header`].
    pub fn fields(&self) -> Vec<String> {
        let mut row: Vec<String> = self.point.iter().map(f64::to_string).collect();
        row.extend([self.runs.to_string(), self.seed.to_string()]);
        for (_, e) in self.outcomes.iter() {
            row.extend(e.iter().map(f64::to_string));
        }
        row
    }

    /// Read a row of a sweep with `axes` axes (its header already checked).
    fn parse(record: &csv::StringRecord, axes: usize) -> Option<SweepRow> {
        let number = |i: usize| record.get(i)?.parse::<f64>().ok();
        let whole = |i: usize| record.get(i)?.parse::<u64>().ok();
        let point = (0..axes).map(number).collect::<Option<Vec<f64>>>()?;
        let (runs, seed) = (whole(axes)?, whole(axes + 1)?);
        let mut outcomes = PerOutcome::<[f64; 3]>::default();
        for (k, (_, e)) in outcomes.iter_mut().enumerate() {
            let at = axes + 2 + 3 * k;
            *e = [number(at)?, number(at + 1)?, number(at + 2)?];
        }
        (record.len() == axes + 2 + 3 * Outcome::ALL.len()).then_some(SweepRow {
            point,
            runs,
            seed,
            outcomes,
        })
    }

    /// A point as a set key: numbers, so `0.5` and `0.50` (or `-0` and `0`) are one.
    fn key(point: &[f64]) -> String {
        point.iter().map(|v| (v + 0.0).to_string()).collect::<Vec<_>>().join(",")
    }
}

/// One CSV line, quoted as the csv crate quotes it (a path may hold a comma).
pub fn csv_line(fields: &[String]) -> String {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    // Writing to a Vec cannot fail, and the fields are UTF-8.
    let _ = w.write_record(fields);
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The file in a sweep's folder that records which scenario it sweeps.
pub const DIGEST_FILE: &str = "scenario.sha256";

/// A sweep's folder: `sweep.csv` (one row per finished point), `sweep.svg`
/// (the chart, written at the end) and `scenario.sha256` (the digest of the
/// scenario swept, so that another scenario is not resumed into it).
#[derive(Debug)]
pub struct SweepFolder {
    dir: PathBuf,
    csv: File,
    /// Rows already in sweep.csv when the folder was opened, and the ones
    /// appended since.
    rows: Vec<SweepRow>,
    done: HashSet<String>,
}

/// What a sweep's folder already holds, read and checked before anything
/// is written.
struct Existing {
    /// sweep.csv as it is ("" if there is none).
    text: String,
    /// Its length up to its last newline: a last line without one was cut
    /// off by an interruption.
    whole: usize,
    /// Its rows.
    rows: Vec<SweepRow>,
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> SweepError + use<> {
    let path = path.to_path_buf();
    move |source| SweepError::Io { path, source }
}

fn folder_error(path: &Path, message: String) -> SweepError {
    SweepError::Folder { path: path.to_path_buf(), message }
}

/// The nearest of `dir` and its parents that exists ("." for a relative
/// path none of whose parents exists).
fn nearest_existing(dir: &Path) -> &Path {
    let mut at = dir;
    while std::fs::symlink_metadata(at).is_err() {
        match at.parent() {
            Some(p) if !p.as_os_str().is_empty() => at = p,
            _ => return Path::new("."),
        }
    }
    at
}

/// Read `dir` for a sweep with this header, digest, runs and seed, and
/// check it; write nothing. Refuses a path that is or is under a file, a
/// sweep.csv of other parameters, runs or seed, a row at a point off the
/// grid or at a point of an earlier row, and another scenario's digest.
fn read_folder(
    dir: &Path,
    header: &[String],
    axes: &[Axis],
    digest: &str,
    runs: u64,
    seed: u64,
) -> Result<Existing, SweepError> {
    if dir.exists() && !dir.is_dir() {
        return Err(folder_error(dir, "is a file, not a folder".into()));
    }
    let existing = nearest_existing(dir);
    if !existing.is_dir() {
        let message = format!("cannot be created: {} is a file, not a folder", existing.display());
        return Err(folder_error(dir, message));
    }
    let csv_path = dir.join("sweep.csv");
    let digest_path = dir.join(DIGEST_FILE);
    let text = match std::fs::read(&csv_path) {
        Ok(bytes) => String::from_utf8(bytes)
            .map_err(|_| folder_error(&csv_path, "is not a sweep's CSV (not UTF-8 text)".into()))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(io_error(&csv_path)(e)),
    };
    let whole = text.rfind('\n').map_or(0, |end| end + 1);
    let mut rows = Vec::new();
    if !text.is_empty() {
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(&text.as_bytes()[..whole]);
        let mut records = reader.records();
        let found: Vec<String> = match records.next() {
            Some(Ok(r)) => r.iter().map(String::from).collect(),
            _ => Vec::new(),
        };
        if found != header {
            let shown = if found.is_empty() {
                text.lines().next().unwrap_or("").to_string()
            } else {
                csv_line(&found).trim_end().to_string()
            };
            return Err(folder_error(&csv_path, format!("holds a sweep of other parameters ({shown})")));
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (line, record) in records.enumerate() {
            let record = record.map_err(|source| SweepError::Csv { path: csv_path.clone(), source })?;
            let line = line + 2;
            let row = SweepRow::parse(&record, axes.len())
                .ok_or_else(|| folder_error(&csv_path, format!("row {line} is not a row of this sweep")))?;
            // A row off the grid (found by fuzzing: an edited or foreign
            // file) would be charted and counted as a finished point.
            if let Some((axis, v)) = axes.iter().zip(&row.point).find(|(a, v)| !a.values.contains(v)) {
                return Err(folder_error(
                    &csv_path,
                    format!("row {line} is at {}={v}, which is not a value this sweep gives it", axis.path),
                ));
            }
            if let Some(first) = seen.insert(SweepRow::key(&row.point), line) {
                return Err(folder_error(&csv_path, format!("row {line} repeats the point of row {first}")));
            }
            if row.runs != runs || row.seed != seed {
                return Err(folder_error(
                    &csv_path,
                    "was made with other --runs or --seed (use the same ones to resume)".into(),
                ));
            }
            rows.push(row);
        }
        match std::fs::read_to_string(&digest_path) {
            Ok(found) if found.trim() == digest => {}
            Ok(_) => {
                return Err(folder_error(
                    dir,
                    format!(
                        "holds a sweep of another scenario (or of this one before it was edited; {} differs)",
                        digest_path.display()
                    ),
                ));
            }
            // A folder from before the digest file is taken as it is.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_error(&digest_path)(e)),
        }
    }
    Ok(Existing { text, whole, rows })
}

impl SweepFolder {
    /// Check, without writing anything, that `dir` can take `sweep` with
    /// these runs and seed: what [`SweepFolder::open`] checks, and that the
    /// folder (or the nearest of its parents that exists, when it is still
    /// to be made) can be written in. Made to be called before the grid
    /// points are checked, so that a folder that will be refused is
    /// refused at once. Writability is tried with a file created and
    /// removed at once (permissions alone do not tell, e.g. for root), and
    /// only once the folder's content was found fit to resume.
    pub fn check(dir: &Path, sweep: &UncheckedSweep, runs: u64, seed: u64) -> Result<(), SweepError> {
        read_folder(dir, &sweep.header(), sweep.axes(), sweep.digest(), runs, seed)?;
        let at = nearest_existing(dir);
        let probe = at.join(format!(".plenary-write-check-{}", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&probe) {
            Ok(_) => {
                let _ = std::fs::remove_file(&probe);
                Ok(())
            }
            Err(e) => {
                let message = if at == dir {
                    format!("cannot be written in ({e})")
                } else {
                    format!("cannot be created in {} ({e})", at.display())
                };
                Err(folder_error(dir, message))
            }
        }
    }

    /// Open `dir` for `sweep` with these runs and seed, resuming the points
    /// its sweep.csv already holds. Everything is checked before anything
    /// is written: a folder whose sweep.csv is not a sweep of these
    /// parameters, runs and seed, or whose digest is another scenario's, is
    /// refused untouched. Then the folder is made ready: created if needed,
    /// a last row cut off by an interruption dropped, the digest written,
    /// and a chart of fewer points than will be there removed (it is drawn
    /// again at the end, so that an interrupted sweep never leaves a chart
    /// of fewer points beside a longer sweep.csv).
    pub fn open(dir: &Path, sweep: &Sweep, runs: u64, seed: u64) -> Result<SweepFolder, SweepError> {
        let Existing { text, whole, rows } =
            read_folder(dir, &sweep.header(), &sweep.axes, sweep.digest(), runs, seed)?;
        let csv_path = dir.join("sweep.csv");
        let digest_path = dir.join(DIGEST_FILE);
        // Checked: now make the folder ready.
        std::fs::create_dir_all(dir).map_err(io_error(dir))?;
        if whole != text.len() {
            std::fs::write(&csv_path, &text[..whole]).map_err(io_error(&csv_path))?;
        }
        crate::files::write_atomically(&digest_path, format!("{}\n", sweep.digest()).as_bytes())
            .map_err(io_error(&digest_path))?;
        let mut csv =
            OpenOptions::new().create(true).append(true).open(&csv_path).map_err(io_error(&csv_path))?;
        if whole == 0 {
            csv.write_all(csv_line(&sweep.header()).as_bytes()).map_err(io_error(&csv_path))?;
        }
        let done: HashSet<String> = rows.iter().map(|r| SweepRow::key(&r.point)).collect();
        if sweep.points().any(|p| !done.contains(&SweepRow::key(&p))) {
            let svg = dir.join("sweep.svg");
            match std::fs::remove_file(&svg) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io_error(&svg)(e)),
                _ => {}
            }
        }
        Ok(SweepFolder { dir: dir.to_path_buf(), csv, rows, done })
    }

    /// Whether the folder already holds this point's row.
    pub fn has(&self, point: &[f64]) -> bool {
        self.done.contains(&SweepRow::key(point))
    }

    /// Points already there when the folder was opened (and since).
    pub fn finished(&self) -> usize {
        self.rows.len()
    }

    /// Append a finished point: one write and a flush, so that an
    /// interrupted sweep keeps every finished row.
    pub fn append(&mut self, row: SweepRow) -> Result<(), SweepError> {
        let path = self.dir.join("sweep.csv");
        self.csv
            .write_all(csv_line(&row.fields()).as_bytes())
            .and_then(|()| self.csv.flush())
            .map_err(|source| SweepError::Io { path, source })?;
        self.done.insert(SweepRow::key(&row.point));
        self.rows.push(row);
        Ok(())
    }

    /// Every row of the folder, in the order of sweep.csv.
    pub fn rows(&self) -> &[SweepRow] {
        &self.rows
    }

    /// The path of sweep.csv.
    pub fn csv_path(&self) -> PathBuf {
        self.dir.join("sweep.csv")
    }

    /// Write the chart as sweep.svg (atomically); its path.
    pub fn write_chart(&self, svg: &str) -> Result<PathBuf, SweepError> {
        let path = self.dir.join("sweep.svg");
        crate::files::write_atomically(&path, svg.as_bytes())
            .map_err(|source| SweepError::Io { path: path.clone(), source })?;
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_varies_the_last_axis_fastest() {
        let file = crate::scenario::parse(
            r#"Scenario(name: "g", issues: [(id: "x")], paragraphs: (count: 1),
                delegations: [(id: "A")], mediator: (skill: 0.5, step: 0.5),
                calendar: [(name: "p", kind: Plenary)])"#,
            Path::new("g.ron"),
        )
        .unwrap();
        let axes = vec![
            Axis::parse("mediator.skill=0.1,0.2").unwrap(),
            Axis::parse("mediator.step=0.3,0.4,0.5").unwrap(),
        ];
        let mut calls = 0;
        let sweep =
            Sweep::new(file, Path::new("g.ron"), axes, &Limits::DEFAULT, &mut |_, _| calls += 1).unwrap();
        let points: Vec<Vec<f64>> = sweep.points().collect();
        assert_eq!(points.len(), 6);
        assert_eq!(points[0], [0.1, 0.3]);
        assert_eq!(points[1], [0.1, 0.4]);
        assert_eq!(points[5], [0.2, 0.5]);
        assert_eq!(calls, 6, "every point is checked, and said so");
    }

    #[test]
    fn a_row_reads_back_as_written() {
        let row = SweepRow {
            point: vec![0.5, 2.0],
            runs: 10,
            seed: 3,
            outcomes: PerOutcome::from_fn(|o| [o.index() as f64 / 10.0, 0.0, 1.0]),
        };
        let fields = row.fields();
        let record = csv::StringRecord::from(fields);
        assert_eq!(SweepRow::parse(&record, 2), Some(row));
    }
}
