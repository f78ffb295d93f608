//! Scoring candidate levels for one reference of a paragraph against every
//! stakeholder (MODEL.md section 4). For each candidate: the influence of the
//! stakeholders whose binding red lines it violates (veto), of those that
//! object to it, and the influence-weighted sum of their dissatisfaction,
//! each summed in roster order.
//!
//! This is the innermost loop of a run, so it has two versions. On x86_64,
//! two candidates are scored at once in the two lanes of an SSE2 register
//! (SSE2 is part of every x86_64 processor). Each lane does exactly the
//! operations of the portable version, in the same order, so the sums are
//! the same bit for bit; a test checks this on random paragraphs.

use crate::model::EPS;
use crate::model::paragraph::IssueRef;
use crate::model::stakeholders::{Stakeholders, View};

/// A candidate's sums (lower is better, compared in this order).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Sums {
    pub veto: f64,
    pub objecting: f64,
    pub weighted_dissatisfaction: f64,
}

/// The sums of N candidates `(level, weight)` for reference `position` of a
/// paragraph with references `refs`; `tolerances[d]` is negotiator d's
/// tolerance in this stage.
#[inline]
pub fn score<const N: usize>(
    refs: &[IssueRef],
    position: usize,
    stakeholders: &Stakeholders,
    tolerances: &[f64],
    candidates: [(f64, f64); N],
) -> [Sums; N] {
    #[cfg(target_arch = "x86_64")]
    {
        // Candidates in pairs; an odd one out is paired with itself.
        let pair = |p: usize| {
            let (a, b) = (candidates[(2 * p).min(N - 1)], candidates[(2 * p + 1).min(N - 1)]);
            ([a.0, b.0], [a.1, b.1])
        };
        let mut sums = [Sums::default(); 6];
        let mut put = |pairs: &[[Sums; 2]]| {
            for (p, s) in pairs.iter().enumerate() {
                sums[2 * p] = s[0];
                sums[2 * p + 1] = s[1];
            }
        };
        match N {
            0..=2 => put(&sse2::score_pairs::<1>(refs, position, stakeholders, tolerances, [pair(0)])),
            3..=4 => {
                put(&sse2::score_pairs::<2>(refs, position, stakeholders, tolerances, [pair(0), pair(1)]))
            }
            _ => put(&sse2::score_pairs::<3>(
                refs,
                position,
                stakeholders,
                tolerances,
                [pair(0), pair(1), pair(2)],
            )),
        }
        std::array::from_fn(|c| sums[c])
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        score_portable(refs, position, stakeholders, tolerances, candidates)
    }
}

/// [`score`] one candidate and one stakeholder at a time, for any processor.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))] // there, only the tests call it
pub fn score_portable<const N: usize>(
    refs: &[IssueRef],
    position: usize,
    stakeholders: &Stakeholders,
    tolerances: &[f64],
    candidates: [(f64, f64); N],
) -> [Sums; N] {
    let mut sums = [Sums::default(); N];
    for (d, influence, views) in stakeholders.iter() {
        // Only the moved reference changes between candidates: judge the
        // paragraph's other references once per stakeholder.
        let (u_rest, violated_rest) = judge_others(refs, views, position);
        let v = views[position];
        let tolerance = tolerances[d] + EPS;
        for (s, &(level, weight)) in sums.iter_mut().zip(&candidates) {
            let u = u_rest + weight * v.salience * (level - v.ideal).abs();
            let violated = violated_rest | v.violated_by(level);
            let objects = violated | (u > tolerance);
            // Add influence where the flag is set and +0 (which leaves a
            // sum unchanged) where not: `only_if` masks the bits, so
            // there is no branch and no multiplication.
            s.veto += only_if(violated, influence);
            s.objecting += only_if(objects, influence);
            s.weighted_dissatisfaction += influence * u;
        }
    }
    sums
}

/// `x` if `flag`, else +0.0 (x >= 0).
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
#[inline]
fn only_if(flag: bool, x: f64) -> f64 {
    f64::from_bits(x.to_bits() & 0u64.wrapping_sub(u64::from(flag)))
}

/// A stakeholder's dissatisfaction with the references of a paragraph other
/// than `position`, and whether they violate its red lines, summed in
/// reference order from 0. Most paragraphs have one or two references: those
/// cases skip the loop (the sum is the same, bit for bit).
#[inline(always)]
fn judge_others(refs: &[IssueRef], views: &[View], position: usize) -> (f64, bool) {
    match refs.len() {
        1 => (0.0, false),
        2 => {
            let j = 1 - position;
            let v = &views[j];
            (0.0 + v.dissatisfaction(&refs[j]), v.violated_by(refs[j].level))
        }
        _ => {
            let (mut u, mut violated) = (0.0, false);
            for (j, (other, v)) in refs.iter().zip(views).enumerate() {
                if j != position {
                    u += v.dissatisfaction(other);
                    violated |= v.violated_by(other.level);
                }
            }
            (u, violated)
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::*;

    use super::{Sums, judge_others};
    use crate::model::EPS;
    use crate::model::paragraph::IssueRef;
    use crate::model::stakeholders::Stakeholders;

    /// The sums of P pairs of candidates `([level; 2], [weight; 2])`, lane
    /// by lane as `score_portable` computes them: `a < b` is `cmplt(a, b)`,
    /// `a > b` is `cmplt(b, a)`, a flag is an all-ones lane, and adding
    /// `influence & flag` adds the influence or +0.
    #[inline(always)]
    pub fn score_pairs<const P: usize>(
        refs: &[IssueRef],
        position: usize,
        stakeholders: &Stakeholders,
        tolerances: &[f64],
        pairs: [([f64; 2], [f64; 2]); P],
    ) -> [[Sums; 2]; P] {
        // Paragraphs of one and two references, the common sizes, get their
        // own copy of the loop with the number of references a constant.
        match refs.len() {
            1 => score_pairs_with::<P, 1>(refs, position, stakeholders, tolerances, pairs),
            2 => score_pairs_with::<P, 2>(refs, position, stakeholders, tolerances, pairs),
            _ => score_pairs_with::<P, 0>(refs, position, stakeholders, tolerances, pairs),
        }
    }

    /// [`score_pairs`] for paragraphs of R references (0: any number).
    #[inline(always)]
    fn score_pairs_with<const P: usize, const R: usize>(
        refs: &[IssueRef],
        position: usize,
        stakeholders: &Stakeholders,
        tolerances: &[f64],
        pairs: [([f64; 2], [f64; 2]); P],
    ) -> [[Sums; 2]; P] {
        let (members, influences, all_views) = stakeholders.columns();
        let stride = if R == 0 { refs.len() } else { R };
        // SAFETY: these intrinsics need SSE2 only, which every x86_64
        // processor has; no memory is read or written through them except
        // the two stores into local arrays at the end.
        unsafe {
            let level: [__m128d; P] = std::array::from_fn(|p| _mm_loadu_pd(pairs[p].0.as_ptr()));
            let weight: [__m128d; P] = std::array::from_fn(|p| _mm_loadu_pd(pairs[p].1.as_ptr()));
            let abs = _mm_castsi128_pd(_mm_set1_epi64x(i64::MAX));
            let mut veto = [_mm_setzero_pd(); P];
            let mut objecting = [_mm_setzero_pd(); P];
            let mut weighted = [_mm_setzero_pd(); P];
            for ((&d, &influence), views) in
                members.iter().zip(influences).zip(all_views.chunks_exact(stride))
            {
                let (u_rest, violated_rest) = judge_others(refs, views, position);
                let v = views[position];
                let influence = _mm_set1_pd(influence);
                let u_rest = _mm_set1_pd(u_rest);
                let violated_rest = _mm_castsi128_pd(_mm_set1_epi64x(-i64::from(violated_rest)));
                let (ideal, salience) = (_mm_set1_pd(v.ideal), _mm_set1_pd(v.salience));
                let (lo, hi) = (_mm_set1_pd(v.lo - EPS), _mm_set1_pd(v.hi + EPS));
                let tolerance = _mm_set1_pd(tolerances[d] + EPS);
                for p in 0..P {
                    let distance = _mm_and_pd(_mm_sub_pd(level[p], ideal), abs);
                    let u = _mm_add_pd(u_rest, _mm_mul_pd(_mm_mul_pd(weight[p], salience), distance));
                    let out_of_bounds = _mm_or_pd(_mm_cmplt_pd(level[p], lo), _mm_cmplt_pd(hi, level[p]));
                    let violated = _mm_or_pd(violated_rest, out_of_bounds);
                    let objects = _mm_or_pd(violated, _mm_cmplt_pd(tolerance, u));
                    veto[p] = _mm_add_pd(veto[p], _mm_and_pd(violated, influence));
                    objecting[p] = _mm_add_pd(objecting[p], _mm_and_pd(objects, influence));
                    weighted[p] = _mm_add_pd(weighted[p], _mm_mul_pd(influence, u));
                }
            }
            std::array::from_fn(|p| {
                let lanes = |x: __m128d| {
                    let mut out = [0.0; 2];
                    _mm_storeu_pd(out.as_mut_ptr(), x);
                    out
                };
                let (v, o, w) = (lanes(veto[p]), lanes(objecting[p]), lanes(weighted[p]));
                std::array::from_fn(|l| Sums { veto: v[l], objecting: o[l], weighted_dissatisfaction: w[l] })
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;

    /// A random paragraph of 1-4 references and its stakeholders, with red
    /// lines on about a third of the views (some of them violated), levels
    /// on a coarse grid so that candidates often sit exactly on a bound or at
    /// an ideal, and tolerances around the dissatisfactions that arise.
    fn random_case(rng: &mut ChaCha8Rng) -> (Vec<IssueRef>, Stakeholders, Vec<f64>) {
        let grid = |rng: &mut ChaCha8Rng| f64::from(rng.random_range(0..=10u32)) / 10.0;
        let refs: Vec<IssueRef> = (0..rng.random_range(1..=4usize))
            .map(|issue| {
                let level = grid(rng);
                let weight = if rng.random::<f64>() < 0.2 { 0.5 } else { 1.0 };
                IssueRef { issue, initial: level, level, weight }
            })
            .collect();
        let members = rng.random_range(1..=40usize);
        let influence: Vec<f64> = (0..members).map(|_| rng.random_range(0.1..3.0)).collect();
        let bounds: Vec<Vec<(f64, f64)>> = (0..members)
            .map(|_| {
                (0..refs.len())
                    .map(|_| match rng.random_range(0..6u32) {
                        0 => (grid(rng), f64::INFINITY),
                        1 => (f64::NEG_INFINITY, grid(rng)),
                        _ => (f64::NEG_INFINITY, f64::INFINITY),
                    })
                    .collect()
            })
            .collect();
        let stances: Vec<Vec<(f64, f64)>> = (0..members)
            .map(|_| (0..refs.len()).map(|_| (grid(rng), rng.random_range(0.0..1.0))).collect())
            .collect();
        let table = Stakeholders::new((0..members).collect(), influence, &refs, |d, k| {
            let (ideal, salience) = stances[d][k];
            (View { ideal, salience, lo: f64::NEG_INFINITY, hi: f64::INFINITY }, true)
        });
        let mut text = crate::model::paragraph::ParagraphText::new(refs.clone(), table);
        text.refresh_bounds(|d, k| bounds[d][k]);
        let tolerances = (0..members).map(|_| rng.random_range(0.0..0.6)).collect();
        (refs, text.stakeholders().clone(), tolerances)
    }

    fn check<const N: usize>(rng: &mut ChaCha8Rng) -> bool {
        let (refs, table, tolerances) = random_case(rng);
        let position = rng.random_range(0..refs.len());
        let candidates: [(f64, f64); N] = std::array::from_fn(|_| {
            (f64::from(rng.random_range(0..=10u32)) / 10.0, if rng.random::<f64>() < 0.2 { 0.5 } else { 1.0 })
        });
        let fast = score(&refs, position, &table, &tolerances, candidates);
        let portable = score_portable(&refs, position, &table, &tolerances, candidates);
        let bits = |s: &[Sums]| -> Vec<[u64; 3]> {
            s.iter()
                .map(|s| [s.veto.to_bits(), s.objecting.to_bits(), s.weighted_dissatisfaction.to_bits()])
                .collect()
        };
        assert_eq!(
            bits(&fast),
            bits(&portable),
            "refs {refs:?} position {position} candidates {candidates:?}"
        );
        // Report whether this case separated the candidates by veto, so
        // that the test can check that the cases exercise the red lines.
        fast.iter().any(|s| s.veto > 0.0)
    }

    #[test]
    fn every_version_gives_the_same_sums_bit_for_bit() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let mut vetoed = 0;
        for _ in 0..400 {
            vetoed += usize::from(check::<1>(&mut rng));
            vetoed += usize::from(check::<2>(&mut rng));
            vetoed += usize::from(check::<3>(&mut rng));
            vetoed += usize::from(check::<4>(&mut rng));
            vetoed += usize::from(check::<5>(&mut rng));
        }
        assert!(vetoed > 200, "only {vetoed} of 2000 cases had a veto");
    }
}
