//! Exact verification of candidate pairs: Jaccard and containment over the
//! documents' shingle sets, recomputed from the texts (nothing but the
//! fingerprints is kept for the whole corpus).

use super::boilerplate::Boilerplate;
use super::shingle::shingles;
use rayon::prelude::*;

/// Similarity of two shingle sets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    /// `|A∩B| / |A∪B|`.
    pub jaccard: f64,
    /// `|A∩B| / min(|A|,|B|)`: the share of the smaller set found in the larger.
    pub containment: f64,
}

impl Scores {
    /// Scores of two sorted sets without repeats; both 0 when either is empty.
    pub fn of_sets(a: &[u64], b: &[u64]) -> Scores {
        let common = intersection_len(a, b);
        let union = a.len() + b.len() - common;
        let smaller = a.len().min(b.len());
        if smaller == 0 {
            return Scores {
                jaccard: 0.0,
                containment: 0.0,
            };
        }
        Scores {
            jaccard: common as f64 / union as f64,
            containment: common as f64 / smaller as f64,
        }
    }
}

/// Scores of two texts over all their shingles (no corpus, so no boilerplate
/// is left out).
pub fn scores(a: &str, b: &str) -> Scores {
    Scores::of_sets(&shingles(a), &shingles(b))
}

/// Size of the intersection of two sorted sets.
fn intersection_len(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// A verified pair before clustering.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Verified {
    pub a: usize,
    pub b: usize,
    pub scores: Scores,
}

/// Verifies candidate pairs, keeping those whose smaller content set has at
/// least `min_shingles` shingles and whose containment is at least `floor`;
/// returns them sorted by `(a, b)`.
///
/// The sorted candidates are cut into chunks whose documents' texts total at
/// most [`CHUNK_BUDGET`] bytes; within a chunk every document's content set
/// is computed once and shared by all its pairs (chunks run in parallel).
/// A cluster of m resubmissions has m(m−1)/2 pairs: recomputing both sets
/// per pair made clusters of a hundred copies take minutes, and the budget
/// keeps memory bounded however large the clusters are.
pub(crate) fn verify<T>(
    texts: &T,
    candidates: &[(u32, u32)],
    boilerplate: &Boilerplate,
    min_shingles: usize,
    floor: f64,
) -> Vec<Verified>
where
    T: super::TextSource + ?Sized,
{
    let check = Check {
        boilerplate,
        min_shingles: min_shingles.max(1),
        floor,
    };
    let mut sorted = candidates.to_vec();
    sorted.sort_unstable();
    let len = |d: u32| texts.byte_len(d as usize);
    let mut out: Vec<Verified> = chunks(&sorted, len, CHUNK_BUDGET)
        .par_iter()
        .flat_map_iter(|pairs| check.shared_sets(texts, pairs))
        .collect();
    out.sort_unstable_by_key(|v| (v.a, v.b));
    out
}

/// Most text bytes whose shingle sets one chunk holds at once (a set takes
/// about 2.7 bytes per byte of Chinese text).
pub(crate) const CHUNK_BUDGET: usize = 32 << 20;

/// Consecutive runs of `pairs` whose distinct documents' lengths (`len`)
/// add up to at most `budget` (a run holds at least one pair).
fn chunks(pairs: &[(u32, u32)], len: impl Fn(u32) -> usize, budget: usize) -> Vec<&[(u32, u32)]> {
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    let mut seen = std::collections::HashSet::new();
    for (i, &(a, b)) in pairs.iter().enumerate() {
        let new: usize = [a, b]
            .iter()
            .filter(|d| !seen.contains(*d))
            .map(|&d| len(d))
            .sum();
        if bytes + new > budget && i > start {
            out.push(&pairs[start..i]);
            (start, bytes) = (i, 0);
            seen.clear();
        }
        for d in [a, b] {
            if seen.insert(d) {
                bytes += len(d);
            }
        }
    }
    if start < pairs.len() {
        out.push(&pairs[start..]);
    }
    out
}

/// The documents of some pairs, sorted, without repeats.
fn docs_of(pairs: &[(u32, u32)]) -> Vec<usize> {
    let mut docs: Vec<usize> = pairs
        .iter()
        .flat_map(|&(a, b)| [a as usize, b as usize])
        .collect();
    docs.sort_unstable();
    docs.dedup();
    docs
}

/// The verification rule of [`verify`].
struct Check<'a> {
    boilerplate: &'a Boilerplate,
    min_shingles: usize,
    floor: f64,
}

impl Check<'_> {
    fn score(&self, a: usize, b: usize, set_a: &[u64], set_b: &[u64]) -> Option<Verified> {
        if set_a.len().min(set_b.len()) < self.min_shingles {
            return None;
        }
        let scores = Scores::of_sets(set_a, set_b);
        (scores.containment >= self.floor).then_some(Verified { a, b, scores })
    }

    /// Every document's set computed once for the whole chunk.
    fn shared_sets<T: super::TextSource + ?Sized>(
        &self,
        texts: &T,
        pairs: &[(u32, u32)],
    ) -> Vec<Verified> {
        let docs = docs_of(pairs);
        let sets: Vec<Vec<u64>> = docs
            .par_iter()
            .map(|&d| self.boilerplate.content_shingles(&texts.text(d)))
            .collect();
        let set = |d: u32| &sets[docs.binary_search(&(d as usize)).unwrap_or(0)];
        pairs
            .par_iter()
            .filter_map(|&(a, b)| self.score(a as usize, b as usize, set(a), set(b)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_scores() {
        let s = Scores::of_sets(&[1, 2, 3, 4], &[3, 4, 5]);
        assert_eq!(s.jaccard, 2.0 / 5.0);
        assert_eq!(s.containment, 2.0 / 3.0);
        assert_eq!(Scores::of_sets(&[], &[1]).containment, 0.0);
    }

    #[test]
    fn chunks_respect_the_budget_and_keep_every_pair() {
        let pairs = [(0, 1), (0, 2), (1, 2), (3, 4), (3, 5), (4, 5)];
        let c = chunks(&pairs, |_| 10, 30);
        assert_eq!(c, vec![&pairs[..3], &pairs[3..]]);
        let one = chunks(&pairs, |_| 100, 30);
        assert_eq!(
            one.iter().map(|c| c.len()).sum::<usize>(),
            6,
            "a pair over budget is still a chunk"
        );
        assert_eq!(chunks(&pairs, |_| 1, 1000), vec![&pairs[..]]);
    }

    #[test]
    fn truncated_copy_is_contained() {
        let full = "为了进一步提高各级领导班子的整体素质,开创工作新局面。经过一年来的探索和实践,创建活动取得了阶段性的成效。";
        let part = &full[..full.find('经').unwrap()];
        let s = scores(part, full);
        assert_eq!(s.containment, 1.0);
        assert!(s.jaccard < 0.6);
        assert_eq!(scores(full, part), s);
    }
}
