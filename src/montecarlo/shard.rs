//! Shards: a batch split into contiguous blocks of runs that separate
//! processes or machines make (`run --shard K/N`), and the exact merge of
//! their tallies back into the batch's (docs/SCALING.md).

use serde::{Deserialize, Serialize};

use super::Tally;
use super::labels::Labels;

/// Which part of a batch a sharded run made (`run --shard K/N`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// K: which shard, from 0.
    pub index: u64,
    /// N: how many shards the batch is cut into.
    pub count: u64,
    /// Runs of the whole batch; this shard made runs first_run..first_run+runs.
    pub batch_runs: u64,
    /// The first run of the block.
    pub first_run: u64,
    /// [`crate::scenario::Scenario::digest`] of the scenario the shard was
    /// run on (filled in from [`Labels`] when its report is made). Absent
    /// from the output of versions before it was added; a merge refuses
    /// such shards.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub scenario_digest: Option<String>,
}

impl Shard {
    /// Shard K of N takes the contiguous block of runs
    /// [K * runs / N, (K + 1) * runs / N).
    pub fn new(index: u64, count: u64, batch_runs: u64) -> Self {
        let first_run = (u128::from(index) * u128::from(batch_runs) / u128::from(count)) as u64;
        Shard { index, count, batch_runs, first_run, scenario_digest: None }
    }

    /// "K/N", as `--shard` takes it: 0 <= K < N.
    pub fn parse(spec: &str, batch_runs: u64) -> Result<Shard, String> {
        let (k, n) = spec.split_once('/').ok_or_else(|| format!("`{spec}`: expected K/N, e.g. 0/4"))?;
        let k: u64 = k.trim().parse().map_err(|_| format!("`{k}` is not a shard index"))?;
        let n: u64 = n.trim().parse().map_err(|_| format!("`{n}` is not a shard count"))?;
        if n == 0 || k >= n {
            return Err(format!("`{spec}`: need 0 <= K < N"));
        }
        Ok(Shard::new(k, n, batch_runs))
    }

    /// The runs of the shard's block.
    pub fn range(&self) -> std::ops::Range<u64> {
        let end = (u128::from(self.index + 1) * u128::from(self.batch_runs) / u128::from(self.count)) as u64;
        self.first_run..end
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
/// Why shards cannot be merged. Inputs are numbered from 0.
pub enum MergeError {
    #[error("nothing to merge")]
    /// No input.
    Empty,
    #[error("shard {index} is not from the same batch as the first: {what} differs")]
    /// A shard of another batch: `what` differs from the first's.
    Mismatch {
        /// The input.
        index: usize,
        /// What differs.
        what: &'static str,
    },
    #[error("input {index} is not a shard (no `shard` field): merge the outputs of `run --shard K/N`")]
    /// An input that is not a shard's output.
    NotAShard {
        /// The input.
        index: usize,
    },
    #[error("shard {index} was run on another scenario than shard 0 (its parameters differ)")]
    /// A shard of another scenario (its digest differs).
    OtherScenario {
        /// The input.
        index: usize,
    },
    #[error(
        "shard {index} carries no scenario digest (made by an older plenary): \
         rerun every shard with this version"
    )]
    /// A shard without a scenario digest.
    NoDigest {
        /// The input.
        index: usize,
    },
    #[error("inputs {first} and {again} are both shard {shard} of the batch")]
    /// The same shard given twice.
    Repeated {
        /// The input that first gave it.
        first: usize,
        /// The input that gave it again.
        again: usize,
        /// The shard's number.
        shard: u64,
    },
    #[error("the shards do not cover the batch exactly: {0}")]
    /// Runs missing, or in more than one shard.
    Coverage(String),
    #[error(
        "adding shard {index} overflows `tally.{field}`: its counts are larger than any batch can make (was the file edited?)"
    )]
    /// A sum that does not fit in 64 bits.
    Overflow {
        /// The input.
        index: usize,
        /// The tally's field.
        field: String,
    },
    #[error("input {index} is not a well-formed shard: {what} (was the file edited or cut short?)")]
    /// An input edited or cut short: `what` is wrong with it.
    Malformed {
        /// The input.
        index: usize,
        /// What is wrong with it.
        what: &'static str,
    },
}

/// One shard's output as a merge reads it.
#[derive(Debug, Clone)]
pub struct ShardPart {
    pub labels: Labels,
    pub seed: u64,
    /// `None` for an output that is not a shard's.
    pub shard: Option<Shard>,
    pub tally: Tally,
    pub elapsed_s: f64,
    pub threads: usize,
}

/// The batch the shards make together.
#[derive(Debug, Clone)]
pub struct Merged {
    pub labels: Labels,
    pub seed: u64,
    pub tally: Tally,
    /// The shards' times added up, and the most threads any of them used.
    pub elapsed_s: f64,
    pub threads: usize,
}

/// The checks that make a shard safe to add up: a block of the batch that
/// exists, as many runs as its block, and a tally of its labels' shape
/// whose counts agree with one another.
fn check_well_formed(index: usize, part: &ShardPart, shard: &Shard) -> Result<(), MergeError> {
    let malformed = |what| Err(MergeError::Malformed { index, what });
    if shard.index >= shard.count {
        return malformed("its shard number is not below its shard count");
    }
    let block = Shard::new(shard.index, shard.count, shard.batch_runs);
    if shard.first_run != block.first_run || part.tally.runs != block.range().end - block.first_run {
        return malformed("its runs are not those of its block of the batch");
    }
    if !part.labels.fit(&part.tally) {
        return malformed("its tally does not fit its stages, delegations, paragraphs and voters");
    }
    if !part.tally.is_consistent() {
        return malformed("its counts contradict one another (outcomes, votes or shares above its runs)");
    }
    Ok(())
}

/// Combine every shard of a batch into the batch: the same tally, count for
/// count, as the batch run whole. Refuses parts that are not shards, that
/// are malformed, that come from another scenario, seed, batch size or
/// shard count, that repeat a shard, that leave runs out, or whose sums
/// overflow. Inputs are numbered from 0 in the errors.
pub fn merge(parts: &[ShardPart]) -> Result<Merged, MergeError> {
    let first = parts.first().ok_or(MergeError::Empty)?;
    let first_shard = first.shard.as_ref().ok_or(MergeError::NotAShard { index: 0 })?;
    check_well_formed(0, first, first_shard)?;
    if first.labels.digest.is_none() {
        return Err(MergeError::NoDigest { index: 0 });
    }
    let mut tally = first.tally.clone();
    let mut blocks = vec![first_shard.range()];
    let (mut elapsed_s, mut threads) = (first.elapsed_s, first.threads);
    // Shard numbers seen, and at which input: an empty shard given twice
    // covers no run twice, so only its number shows the repetition.
    let mut seen = std::collections::HashMap::from([(first_shard.index, 0)]);
    for (index, part) in parts.iter().enumerate().skip(1) {
        let shard = part.shard.as_ref().ok_or(MergeError::NotAShard { index })?;
        check_well_formed(index, part, shard)?;
        if let Some(&first) = seen.get(&shard.index) {
            return Err(MergeError::Repeated { first, again: index, shard: shard.index });
        }
        seen.insert(shard.index, index);
        let same_names =
            Labels { digest: first.labels.digest.clone(), ..part.labels.clone() } == first.labels;
        let checks: [(&'static str, bool); 4] = [
            ("the scenario", same_names),
            ("the seed", part.seed == first.seed),
            ("the batch size (--runs)", shard.batch_runs == first_shard.batch_runs),
            ("the shard count", shard.count == first_shard.count),
        ];
        if let Some((what, _)) = checks.iter().find(|(_, same)| !same) {
            return Err(MergeError::Mismatch { index, what });
        }
        match &part.labels.digest {
            None => return Err(MergeError::NoDigest { index }),
            Some(d) if Some(d) != first.labels.digest.as_ref() => {
                return Err(MergeError::OtherScenario { index });
            }
            Some(_) => {}
        }
        tally.merge(&part.tally).map_err(|e| MergeError::Overflow { index, field: e.field })?;
        blocks.push(shard.range());
        elapsed_s += part.elapsed_s;
        threads = threads.max(part.threads);
    }
    // By (start, end): an empty shard [s, s) comes before a block that
    // starts at s, so it neither hides nor fakes an overlap.
    blocks.sort_by_key(|b| (b.start, b.end));
    let mut next = 0;
    for b in &blocks {
        if b.start != next {
            return Err(MergeError::Coverage(format!(
                "runs {}..{} are {}",
                next.min(b.start),
                next.max(b.start),
                if b.start > next { "missing" } else { "in more than one shard" }
            )));
        }
        next = b.end;
    }
    if next != first_shard.batch_runs {
        return Err(MergeError::Coverage(format!("runs {next}..{} are missing", first_shard.batch_runs)));
    }
    Ok(Merged { labels: first.labels.clone(), seed: first.seed, tally, elapsed_s, threads })
}

/// One shard's block of the points an analysis evaluates one by one (the
/// design points of `sensitivity`, the parameter draws of `run
/// --posterior`): the values at points `first_point..first_point +
/// values.len()` of `total_points`, cut as [`Shard`] cuts runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsShard<T> {
    /// K: which shard, from 0.
    pub index: u64,
    /// N: how many shards the points are cut into.
    pub count: u64,
    /// Points of the whole analysis.
    pub total_points: u64,
    /// The first point of the block.
    pub first_point: u64,
    /// One value per point of the block, in order.
    pub values: Vec<T>,
}

impl<T> PointsShard<T> {
    /// The points shard K of N evaluates: the block [`Shard::new`] gives.
    pub fn block(index: u64, count: u64, total_points: u64) -> std::ops::Range<u64> {
        Shard::new(index, count, total_points).range()
    }
}

/// Every point's value in order, from the blocks of all N shards: refuses
/// blocks of another cut (shard count or point count), a shard given twice
/// or missing, and a block whose start or length is not its number's.
/// Inputs are numbered from 0 in the errors.
pub fn assemble_points<T: Clone>(parts: &[&PointsShard<T>]) -> Result<Vec<T>, MergeError> {
    let first = parts.first().ok_or(MergeError::Empty)?;
    let mut seen = std::collections::HashMap::new();
    for (i, part) in parts.iter().enumerate() {
        if part.count != first.count {
            return Err(MergeError::Mismatch { index: i, what: "the shard count" });
        }
        if part.total_points != first.total_points {
            return Err(MergeError::Mismatch { index: i, what: "the number of points" });
        }
        if part.index >= part.count {
            return Err(MergeError::Malformed {
                index: i,
                what: "its shard number is not below its shard count",
            });
        }
        let block = PointsShard::<T>::block(part.index, part.count, part.total_points);
        if part.first_point != block.start || part.values.len() as u64 != block.end - block.start {
            return Err(MergeError::Malformed { index: i, what: "its points are not those of its block" });
        }
        if let Some(&earlier) = seen.get(&part.index) {
            return Err(MergeError::Repeated { first: earlier, again: i, shard: part.index });
        }
        seen.insert(part.index, i);
    }
    // N distinct numbers below the count: if N is short of it, one of
    // 0..=N is missing (so this search is short even for a huge count).
    if let Some(missing) = (0..=parts.len() as u64).find(|k| *k < first.count && !seen.contains_key(k)) {
        let block = PointsShard::<T>::block(missing, first.count, first.total_points);
        return Err(MergeError::Coverage(format!(
            "shard {missing} of {} (points {}..{}) is missing",
            first.count, block.start, block.end
        )));
    }
    let mut order: Vec<(u64, usize)> = seen.into_iter().collect();
    order.sort_unstable();
    Ok(order.iter().flat_map(|&(_, i)| parts[i].values.iter().cloned()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(count: u64, total: u64) -> Vec<PointsShard<u64>> {
        (0..count)
            .map(|k| {
                let block = PointsShard::<u64>::block(k, count, total);
                PointsShard {
                    index: k,
                    count,
                    total_points: total,
                    first_point: block.start,
                    values: block.collect(),
                }
            })
            .collect()
    }

    #[test]
    fn the_blocks_of_every_shard_give_back_every_point_in_order_whatever_their_order() {
        for (count, total) in [(1, 7), (3, 7), (4, 4), (5, 3), (2, 0)] {
            let mut parts = cut(count, total);
            parts.reverse();
            let refs: Vec<&PointsShard<u64>> = parts.iter().collect();
            assert_eq!(
                assemble_points(&refs).unwrap(),
                (0..total).collect::<Vec<_>>(),
                "{count} shards of {total}"
            );
        }
    }

    #[test]
    fn a_missing_repeated_or_foreign_block_is_refused() {
        let parts = cut(3, 10);
        let missing = assemble_points(&[&parts[0], &parts[2]]).unwrap_err();
        assert_eq!(missing, MergeError::Coverage("shard 1 of 3 (points 3..6) is missing".into()));
        let repeated = assemble_points(&[&parts[0], &parts[1], &parts[1]]).unwrap_err();
        assert_eq!(repeated, MergeError::Repeated { first: 1, again: 2, shard: 1 });
        let other = cut(2, 10);
        assert_eq!(
            assemble_points(&[&parts[0], &other[1]]).unwrap_err(),
            MergeError::Mismatch { index: 1, what: "the shard count" }
        );
        let mut short = parts[1].clone();
        short.values.pop();
        assert!(matches!(
            assemble_points(&[&parts[0], &short, &parts[2]]),
            Err(MergeError::Malformed { index: 1, .. })
        ));
        let huge: PointsShard<u64> =
            PointsShard { count: u64::MAX, index: 0, total_points: 0, first_point: 0, values: vec![] };
        assert!(matches!(assemble_points(&[&huge]), Err(MergeError::Coverage(_))));
    }
}
