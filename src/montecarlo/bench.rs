//! Timing a batch for `plenary bench`: trials of the same batch, the CPU
//! time and peak memory of the process (from /proc on Linux), and the
//! figures of docs/PERFORMANCE.md computed from them.

use serde::Serialize;

use super::batch::{Batch, BatchError, BatchResult};
use crate::scenario::Scenario;

#[derive(Debug, thiserror::Error)]
/// Why a benchmark failed.
pub enum BenchError {
    #[error(transparent)]
    /// A batch failed.
    Batch(#[from] BatchError),
    #[error(
        "trial {0} gave other results than trial 1 for the same scenario, seed and runs: \
         the simulation is not deterministic (a bug; please report it)"
    )]
    /// Two trials of the same batch gave different tallies.
    NotDeterministic(u32),
}

/// What `plenary bench` reports (`--format json`). Add fields freely; do not
/// rename these.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    /// The scenario's name.
    pub scenario: String,
    /// Where the scenario came from (a file, or `--synthetic DxP`).
    pub source: String,
    /// Runs per trial.
    pub runs: u64,
    /// The master seed.
    pub seed: u64,
    /// Worker threads.
    pub threads: usize,
    /// Wall-clock seconds of the fastest trial.
    pub elapsed_s: f64,
    /// Runs per wall-clock second of the fastest trial.
    pub runs_per_s: f64,
    /// Negotiators in the room.
    pub negotiators: usize,
    /// Member states that vote.
    pub voters: usize,
    /// Paragraphs of the draft.
    pub paragraphs: usize,
    /// Mean stages run per run.
    pub stages_run_mean: f64,
    /// runs x negotiators x paragraphs x stages_run_mean.
    pub evaluations: u64,
    /// Wall-clock ns per evaluation; null when there is nothing to evaluate.
    pub ns_per_evaluation: Option<f64>,
    /// ns_per_evaluation x threads.
    pub thread_ns_per_evaluation: Option<f64>,
    /// CPU seconds (user + system) the process spent during the batch; null
    /// where /proc/self/stat is unavailable.
    pub cpu_s: Option<f64>,
    /// Runs per CPU second; null below 1 s of CPU time (too few 10 ms ticks for a rate).
    pub runs_per_cpu_s: Option<f64>,
    /// Peak resident memory of the process (VmHWM), MiB; null if unknown.
    pub peak_rss_mib: Option<f64>,
    /// Number of trials; the figures above are the fastest trial's.
    pub trials: u32,
    /// runs_per_s of every trial, in the order they ran.
    pub trials_runs_per_s: Vec<f64>,
    /// The median of `trials_runs_per_s`.
    pub runs_per_s_median: f64,
}

/// One timed batch.
struct Trial {
    result: BatchResult,
    cpu_s: Option<f64>,
}

impl Trial {
    fn runs_per_s(&self) -> f64 {
        let elapsed = self.result.elapsed.as_secs_f64();
        if elapsed > 0.0 { self.result.tally.runs as f64 / elapsed } else { f64::INFINITY }
    }
}

/// The middle value (the mean of the two middle values for an even count).
fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    if n % 2 == 1 { sorted[n / 2] } else { (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0 }
}

/// Run the same batch `trials` times, one after the other, and report the
/// fastest (docs/PERFORMANCE.md, "What `plenary bench` reports"). `source`
/// says where the scenario came from. Every trial must give the same tally,
/// which makes each multi-trial benchmark a determinism check too.
pub fn measure(
    scenario: &Scenario,
    source: String,
    batch: &Batch,
    trials: u32,
) -> Result<BenchReport, BenchError> {
    let mut done: Vec<Trial> = Vec::new();
    for trial in 1..=trials.max(1) {
        let cpu_before = cpu_seconds();
        let result = batch.run(scenario)?;
        let cpu_s = cpu_seconds().zip(cpu_before).map(|(after, before)| after - before);
        if let Some(first) = done.first()
            && first.result.tally != result.tally
        {
            return Err(BenchError::NotDeterministic(trial));
        }
        done.push(Trial { result, cpu_s });
    }
    let trials_runs_per_s: Vec<f64> = done.iter().map(Trial::runs_per_s).collect();
    let fastest =
        done.iter().max_by(|a, b| a.runs_per_s().total_cmp(&b.runs_per_s())).expect("at least one trial");
    let (result, cpu_s) = (&fastest.result, fastest.cpu_s);
    let tally = &result.tally;
    let elapsed = result.elapsed.as_secs_f64();
    let (negotiators, paragraphs) = (scenario.negotiators.len(), scenario.paragraphs.len());
    let evaluations = tally.stages_run.saturating_mul((negotiators as u64).saturating_mul(paragraphs as u64));
    let ns_per_evaluation = (evaluations > 0).then(|| elapsed * 1e9 / evaluations as f64);
    Ok(BenchReport {
        scenario: scenario.name.clone(),
        source,
        runs: tally.runs,
        seed: batch.get_seed(),
        threads: result.threads,
        elapsed_s: elapsed,
        runs_per_s: fastest.runs_per_s(),
        negotiators,
        voters: scenario.voters.len(),
        paragraphs,
        stages_run_mean: tally.stages_run as f64 / tally.runs as f64,
        evaluations,
        ns_per_evaluation,
        thread_ns_per_evaluation: ns_per_evaluation.map(|ns| ns * result.threads as f64),
        cpu_s,
        // The kernel counts CPU time in 10 ms ticks: below a second of it,
        // a rate would be off by more than 1% (a 500-run batch can count
        // 1 tick for 8), so it is not given.
        runs_per_cpu_s: cpu_s.filter(|&c| c >= MIN_CPU_S_FOR_RATE).map(|c| tally.runs as f64 / c),
        peak_rss_mib: peak_rss_mib(),
        trials: trials.max(1),
        runs_per_s_median: median(&trials_runs_per_s),
        trials_runs_per_s,
    })
}

impl BenchReport {
    /// The report as `plenary bench` prints it.
    pub fn to_text(&self) -> String {
        let r = self;
        let opt = |v: Option<f64>, digits: usize, unit: &str| match v {
            Some(v) => format!("{v:.digits$}{unit}"),
            None => "unknown".to_string(),
        };
        let mut s = format!("{} ({})\n", r.scenario, r.source);
        let mut line = |k: &str, v: String| s.push_str(&format!("  {k:<26}{v}\n"));
        line("runs", format!("{} (seed {})", r.runs, r.seed));
        line("threads", r.threads.to_string());
        line("elapsed", format!("{:.2} s", r.elapsed_s));
        if r.trials > 1 {
            let each: Vec<String> = r.trials_runs_per_s.iter().map(|v| format!("{v:.0}")).collect();
            line(
                "runs per second",
                format!(
                    "{:.0} (fastest of {} trials: {}; median {:.0})",
                    r.runs_per_s,
                    r.trials,
                    each.join(", "),
                    r.runs_per_s_median
                ),
            );
        } else {
            line("runs per second", format!("{:.0}", r.runs_per_s));
        }
        line(
            "evaluations",
            format!(
                "{} ({} negotiators x {} paragraphs x {:.2} stages per run)",
                r.evaluations, r.negotiators, r.paragraphs, r.stages_run_mean
            ),
        );
        line("ns per evaluation", opt(r.ns_per_evaluation, 2, " ns"));
        line("thread-ns per evaluation", opt(r.thread_ns_per_evaluation, 2, " ns"));
        line("CPU time", opt(r.cpu_s, 2, " s"));
        line("runs per CPU second", opt(r.runs_per_cpu_s, 0, ""));
        line("peak memory (VmHWM)", opt(r.peak_rss_mib, 1, " MiB"));
        crate::report::width::fit(&s)
    }
}

/// Peak resident set size of this process, from `VmHWM` in /proc/self/status
/// (Linux). `None` where that file or line does not exist.
pub fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    parse_vm_hwm(&status)
}

fn parse_vm_hwm(status: &str) -> Option<f64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let mut parts = line["VmHWM:".len()..].split_whitespace();
    let value: f64 = parts.next()?.parse().ok()?;
    match parts.next() {
        Some("kB") | None => Some(value / 1024.0),
        Some(_) => None,
    }
}

/// The least CPU time, in seconds, from which runs per CPU second is given.
const MIN_CPU_S_FOR_RATE: f64 = 1.0;

/// User + system CPU time of the whole process (all threads) so far, from
/// fields 14 and 15 of /proc/self/stat, in clock ticks of 1/100 s (Linux's
/// USER_HZ). `None` where the file is unavailable or unreadable.
pub fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    parse_cpu_ticks(&stat).map(|ticks| ticks as f64 / 100.0)
}

fn parse_cpu_ticks(stat: &str) -> Option<u64> {
    // The command name (field 2) is in parentheses and may hold spaces: count
    // fields after its closing parenthesis, where field 3 (state) comes first.
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace().skip(11); // fields 3..=13
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(utime + stime)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(&[7.0]), 7.0);
    }

    #[test]
    fn reads_vm_hwm() {
        let status = "Name:\tplenary\nVmPeak:\t  100 kB\nVmHWM:\t    2048 kB\nVmRSS:\t 1024 kB\n";
        assert_eq!(parse_vm_hwm(status), Some(2.0));
        assert_eq!(parse_vm_hwm("Name:\tx\n"), None);
    }

    #[test]
    fn reads_cpu_ticks() {
        let stat = "123 (a b) R 1 2 3 4 5 6 7 8 9 10 250 31 0 0 20 0 3 0 99";
        assert_eq!(parse_cpu_ticks(stat), Some(281));
        assert_eq!(parse_cpu_ticks("garbage"), None);
    }
}
