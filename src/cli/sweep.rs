//! `plenary sweep`: a grid of parameter values, one CSV row per point as it
//! finishes, resumable, with a chart of the outcome probabilities.

use std::collections::HashSet;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;

use super::output::{note, write_atomically};
use super::{ScenarioPath, SeedThreads};
use plenary::model::record::Outcome;
use plenary::montecarlo::{BatchOptions, Estimate, run_batch};
use plenary::report::chart::{OUTCOME_COLOURS, PALETTE, Series, lines_with_bands};
use plenary::scenario::{Scenario, ScenarioFile, overlay};

#[derive(Args, Debug)]
pub struct SweepArgs {
    /// Scenario file (RON), or a variant.
    pub scenario: ScenarioPath,
    /// PATH=V1,V2,...: a scenario field and its values, e.g.
    /// `mediator.skill=0.2,0.5,0.9` or `delegations.USA.vote_call=0,0.5,1`
    /// (paths as in variants: docs/SCENARIOS.md). Repeat for a grid.
    #[arg(long = "set", value_name = "PATH=V1,V2,...", required = true)]
    pub sets: Vec<String>,
    /// Runs per grid point.
    #[arg(long, default_value_t = 2_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub runs: u64,
    #[command(flatten)]
    pub batch: SeedThreads,
    /// Folder for sweep.csv and sweep.svg. Rerunning with the same folder
    /// skips the points already in sweep.csv. Without it, rows go to stdout.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// One swept parameter.
struct Axis {
    path: String,
    values: Vec<f64>,
}

fn parse_set(set: &str) -> anyhow::Result<Axis> {
    let (path, values) =
        set.split_once('=').with_context(|| format!("--set `{set}`: expected PATH=V1,V2,..."))?;
    let path = path.trim();
    let texts: Vec<&str> = values.split(',').map(str::trim).collect();
    let values = texts
        .iter()
        .map(|v| match v.parse::<f64>() {
            // `+ 0.0` turns -0 into 0, so that a row never reads `-0`.
            Ok(x) if x.is_finite() => Ok(x + 0.0),
            Ok(_) => bail!("--set `{set}`: `{v}` is not a finite number"),
            Err(e) => Err(e).with_context(|| format!("--set `{set}`: `{v}` is not a number")),
        })
        .collect::<anyhow::Result<Vec<f64>>>()?;
    if values.is_empty() {
        bail!("--set `{set}`: no values");
    }
    // A value given twice would run its points twice and write duplicate rows.
    for (j, v) in values.iter().enumerate() {
        if let Some(i) = values[..j].iter().position(|u| u == v) {
            let written = if texts[i] == texts[j] {
                String::new()
            } else {
                format!(" (as `{}` and `{}`)", texts[i], texts[j])
            };
            bail!("--set {path}: the value {v} is given twice{written}; give each value once");
        }
    }
    Ok(Axis { path: path.to_string(), values })
}

/// Refuse two axes on the same field: the same path twice, or two paths that
/// reach one field (`delegations.AAA.silence_break` and
/// `delegations.AAA.behaviour.silence_break`). The grid would have a column
/// per path while only the last value applied.
fn check_distinct_fields(file: &ScenarioFile, axes: &[Axis]) -> anyhow::Result<()> {
    for (j, b) in axes.iter().enumerate() {
        for a in &axes[..j] {
            if a.path == b.path {
                bail!("--set {}: this path is given twice; give all its values in one --set", a.path);
            }
            if overlay::same_field(file, &a.path, &b.path) {
                bail!(
                    "--set {} and --set {}: both paths reach the same field; give all its values in one --set",
                    a.path,
                    b.path
                );
            }
        }
    }
    Ok(())
}

/// One CSV line, quoted as the csv crate quotes it (a path may hold a comma).
fn csv_line(fields: &[String]) -> anyhow::Result<String> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    w.write_record(fields)?;
    Ok(String::from_utf8(w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)?)
}

/// Every combination of the axes' values, the last axis varying fastest.
fn grid(axes: &[Axis]) -> Vec<Vec<f64>> {
    axes.iter().fold(vec![Vec::new()], |points, axis| {
        points
            .iter()
            .flat_map(|p| {
                axis.values.iter().map(move |&v| {
                    let mut q = p.clone();
                    q.push(v);
                    q
                })
            })
            .collect()
    })
}

fn header(axes: &[Axis]) -> Vec<String> {
    let mut h: Vec<String> = axes.iter().map(|a| a.path.clone()).collect();
    h.extend(["runs", "seed"].map(String::from));
    for o in Outcome::ALL {
        for suffix in ["p", "ci95_lo", "ci95_hi"] {
            h.push(format!("{}_{suffix}", o.key()));
        }
    }
    h
}

/// A point as a set key: numbers, so `0.5` and `0.50` (or `-0` and `0`) are one.
fn key(point: &[f64]) -> String {
    point.iter().map(|v| (v + 0.0).to_string()).collect::<Vec<_>>().join(",")
}

/// The file in a sweep's folder that records which scenario it sweeps.
const SCENARIO_DIGEST_FILE: &str = "scenario.sha256";

/// A folder holds one scenario's sweep: its digest (the SHA-256 of the
/// checked scenario, as shards carry it) is written when the sweep starts,
/// and a resumed sweep must have the same, or its rows would mix two
/// scenarios. A folder from before the digest file is taken as it is.
/// `resuming`: sweep.csv exists (otherwise the digest is simply written).
fn same_scenario(dir: &Path, digest: &str, resuming: bool) -> anyhow::Result<()> {
    let path = dir.join(SCENARIO_DIGEST_FILE);
    if resuming {
        match std::fs::read_to_string(&path) {
            Ok(found) if found.trim() == digest => return Ok(()),
            Ok(_) => bail!(
                "{} holds a sweep of another scenario (or of this one before it was edited; {} differs); \
                 use another --out folder",
                dir.display(),
                path.display()
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        }
    }
    write_atomically(&path, format!("{digest}\n").as_bytes())
}

/// Points already in an earlier sweep.csv of the same sweep. A last line cut
/// off by an interruption is dropped from the file.
fn finished_points(
    csv_path: &Path,
    header: &[String],
    runs: u64,
    seed: u64,
) -> anyhow::Result<HashSet<String>> {
    let mut done = HashSet::new();
    if !csv_path.exists() {
        return Ok(done);
    }
    let text =
        std::fs::read_to_string(csv_path).with_context(|| format!("cannot read {}", csv_path.display()))?;
    if !text.is_empty() && !text.ends_with('\n') {
        let keep = text.rfind('\n').map_or(0, |i| i + 1);
        std::fs::write(csv_path, &text[..keep])
            .with_context(|| format!("cannot repair the cut-off last row of {}", csv_path.display()))?;
    }
    let mut reader = csv::Reader::from_path(csv_path)?;
    let found: Vec<String> = reader.headers()?.iter().map(String::from).collect();
    if found != header {
        bail!(
            "{} holds a sweep of other parameters ({}); use another --out folder",
            csv_path.display(),
            csv_line(&found)?.trim_end()
        );
    }
    // The header is this sweep's (checked above): the axes, `runs`, `seed`,
    // and three columns per outcome.
    let n_axes = header.len() - 2 - 3 * Outcome::ALL.len();
    for row in reader.records() {
        let row = row.with_context(|| format!("{}: a malformed row", csv_path.display()))?;
        if row.get(n_axes) != Some(&runs.to_string()) || row.get(n_axes + 1) != Some(&seed.to_string()) {
            bail!(
                "{} was made with other --runs or --seed; use the same ones to resume, or another --out",
                csv_path.display()
            );
        }
        let point: Vec<f64> = (0..n_axes).map(|i| row[i].parse().unwrap_or(f64::NAN)).collect();
        done.insert(key(&point));
    }
    Ok(done)
}

pub fn run(args: SweepArgs) -> anyhow::Result<()> {
    let file = plenary::scenario::load_file(&args.scenario)?;
    let base = plenary::scenario::check(&file, &args.scenario)?;
    if let Some(dir) = &args.out
        && dir.exists()
        && !dir.is_dir()
    {
        bail!("--out {}: is a file, not a folder", dir.display());
    }
    let axes = args.sets.iter().map(|s| parse_set(s)).collect::<anyhow::Result<Vec<_>>>()?;
    for a in &axes {
        overlay::number_at(&file, &a.path).map_err(|e| anyhow::anyhow!("--set {}: {e}", a.path))?;
    }
    check_distinct_fields(&file, &axes)?;
    // Every grid point is checked before any runs, so that a bad value
    // anywhere in the grid stops the sweep before it writes a row. The
    // checked scenarios are not kept: a point is cheap to build again, and
    // memory then stays flat in the size of the grid.
    let points = grid(&axes);
    for point in &points {
        grid_point(&file, &args.scenario, &axes, point)?;
    }
    let header = header(&axes);
    let csv_path = args.out.as_ref().map(|d| d.join("sweep.csv"));
    let done = match &csv_path {
        Some(p) => {
            let dir = p.parent().unwrap_or(Path::new("."));
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create the folder {}", dir.display()))?;
            same_scenario(dir, &plenary::report::run::scenario_digest(&base), p.exists())?;
            finished_points(p, &header, args.runs, args.batch.seed)?
        }
        None => HashSet::new(),
    };
    let mut sink: Box<dyn Write> = match &csv_path {
        Some(p) => {
            let fresh = !p.exists() || std::fs::metadata(p)?.len() == 0;
            let mut f = OpenOptions::new()
                .create(true)
                .append(true)
                .open(p)
                .with_context(|| format!("cannot open {}", p.display()))?;
            if fresh {
                f.write_all(csv_line(&header)?.as_bytes())?;
            }
            Box::new(f)
        }
        None => {
            let mut out = std::io::stdout();
            out.write_all(csv_line(&header)?.as_bytes())?;
            Box::new(out)
        }
    };
    let skipped = points.iter().filter(|p| done.contains(&key(p))).count();
    if skipped > 0 {
        note(&format!("resuming: {skipped} of {} points are already in sweep.csv", points.len()));
    }
    let opts =
        BatchOptions { runs: args.runs, seed: args.batch.seed, threads: args.batch.threads, until_ci: None };
    for point in points.iter().filter(|p| !done.contains(&key(p))) {
        let (label, scenario) = grid_point(&file, &args.scenario, &axes, point)?;
        let batch = run_batch(&scenario, &opts, &|_| {})?;
        let t = &batch.tally;
        let mut row: Vec<String> = point.iter().map(f64::to_string).collect();
        row.extend([args.runs.to_string(), args.batch.seed.to_string()]);
        for o in Outcome::ALL {
            let e = Estimate::new(t.outcomes[o], t.runs);
            row.extend([e.p.to_string(), e.ci95[0].to_string(), e.ci95[1].to_string()]);
        }
        // One write and a flush per point: an interrupted sweep keeps every finished row.
        sink.write_all(csv_line(&row)?.as_bytes())?;
        sink.flush()?;
        if csv_path.is_some() {
            note(&format!("done: {label}"));
        }
    }
    if let Some(p) = &csv_path {
        let svg = chart(p, &axes)?;
        let svg_path = p.with_file_name("sweep.svg");
        write_atomically(&svg_path, svg.as_bytes())?;
        note(&format!("wrote {} and {}", p.display(), svg_path.display()));
    }
    Ok(())
}

/// The scenario at one point of the grid, checked, with its label
/// (`PATH=V, ...`).
fn grid_point(
    file: &ScenarioFile,
    path: &Path,
    axes: &[Axis],
    point: &[f64],
) -> anyhow::Result<(String, Scenario)> {
    let mut changed = file.clone();
    for (axis, &v) in axes.iter().zip(point) {
        changed = overlay::with_value(&changed, &axis.path, v).map_err(|e| anyhow::anyhow!("--set {e}"))?;
    }
    let label: Vec<String> = axes.iter().zip(point).map(|(a, v)| format!("{}={v}", a.path)).collect();
    let label = label.join(", ");
    let scenario =
        plenary::scenario::check(&changed, path).with_context(|| format!("at the grid point {label}"))?;
    Ok((label, scenario))
}

/// Outcome probabilities against the first swept value: every outcome for a
/// one-parameter sweep; P(consensus) per combination of the others otherwise.
fn chart(csv_path: &Path, axes: &[Axis]) -> anyhow::Result<String> {
    let mut reader = csv::Reader::from_path(csv_path)?;
    let rows: Vec<Vec<f64>> = reader
        .records()
        .map(|r| r.map(|r| r.iter().map(|v| v.parse().unwrap_or(f64::NAN)).collect()))
        .collect::<Result<_, _>>()?;
    let n = axes.len();
    let col = |o: Outcome, k: usize| n + 2 + 3 * o.index() + k;
    // Legend entries are cut to fit: name the other axes by the shortest
    // ends of their paths that tell them apart, so the values stay visible.
    let short = short_names(&axes[1..].iter().map(|a| a.path.as_str()).collect::<Vec<_>>());
    let mut series: Vec<Series> = Vec::new();
    let mut push = |name: String, row: &[f64], o: Outcome| {
        let point = (row[0], row[col(o, 0)], row[col(o, 1)], row[col(o, 2)]);
        match series.iter_mut().find(|s| s.name == name) {
            Some(s) => s.points.push(point),
            None => series.push(Series { name, points: vec![point] }),
        }
    };
    for row in &rows {
        if n == 1 {
            for o in Outcome::ALL {
                push(o.key().to_string(), row, o);
            }
        } else {
            let others: Vec<String> =
                short.iter().zip(&row[1..n]).map(|(name, v)| format!("{name}={v}")).collect();
            push(others.join(", "), row, Outcome::Consensus);
        }
    }
    for s in &mut series {
        s.points.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    // One axis: a series per outcome, in the report's outcome colours.
    let (title, colours) = if n == 1 {
        ("Outcome probabilities (95% intervals)", &OUTCOME_COLOURS[..])
    } else {
        ("P(consensus) (95% intervals)", &PALETTE[..])
    };
    Ok(lines_with_bands(title, &axes[0].path, "probability", &series, colours)?)
}

/// The shortest ends of `paths` (whole dot-separated steps) that are all
/// different: `delegations.LAG.behaviour.vote_call` and `mediator.skill`
/// become `vote_call` and `skill`; two `vote_call`s keep their delegation.
fn short_names(paths: &[&str]) -> Vec<String> {
    // `behaviour.` may be left out of a path, so it tells nothing apart.
    let paths: Vec<String> = paths.iter().map(|p| p.replace(".behaviour.", ".")).collect();
    let longest = paths.iter().map(|p| p.split('.').count()).max().unwrap_or(1);
    for k in 1..=longest {
        let ends: Vec<String> = paths
            .iter()
            .map(|p| {
                let steps: Vec<&str> = p.split('.').collect();
                steps[steps.len().saturating_sub(k)..].join(".")
            })
            .collect();
        let distinct: HashSet<&String> = ends.iter().collect();
        if distinct.len() == ends.len() {
            return ends;
        }
    }
    paths
}

#[cfg(test)]
mod tests {
    use super::short_names;

    #[test]
    fn legend_names_are_the_shortest_ends_that_differ() {
        assert_eq!(short_names(&["mediator.skill", "collapse_share"]), ["skill", "collapse_share"]);
        assert_eq!(
            short_names(&["delegations.LAG.behaviour.vote_call", "delegations.HAG.vote_call"]),
            ["LAG.vote_call", "HAG.vote_call"]
        );
        assert_eq!(short_names(&["delegations.USA.vote_call"]), ["vote_call"]);
    }
}
