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

/// Verifies sorted candidate pairs, keeping those whose smaller content set
/// has at least `min_shingles` shingles and whose containment is at least
/// `floor`. Each document's set is computed once per group of pairs that
/// share their first document.
pub(crate) fn verify<S>(
    texts: &[S],
    candidates: &[(u32, u32)],
    boilerplate: &Boilerplate,
    min_shingles: usize,
    floor: f64,
) -> Vec<Verified>
where
    S: AsRef<str> + Sync,
{
    let groups: Vec<&[(u32, u32)]> = candidates.chunk_by(|x, y| x.0 == y.0).collect();
    groups
        .par_iter()
        .flat_map_iter(|group| {
            let a = group[0].0 as usize;
            let set_a = boilerplate.content_shingles(texts[a].as_ref());
            let verified: Vec<Verified> = group
                .iter()
                .filter_map(|&(_, b)| {
                    let b = b as usize;
                    let set_b = boilerplate.content_shingles(texts[b].as_ref());
                    if set_a.len().min(set_b.len()) < min_shingles.max(1) {
                        return None;
                    }
                    let scores = Scores::of_sets(&set_a, &set_b);
                    (scores.containment >= floor).then_some(Verified { a, b, scores })
                })
                .collect();
            verified
        })
        .collect()
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
    fn truncated_copy_is_contained() {
        let full = "为了进一步提高各级领导班子的整体素质,开创工作新局面。经过一年来的探索和实践,创建活动取得了阶段性的成效。";
        let part = &full[..full.find('经').unwrap()];
        let s = scores(part, full);
        assert_eq!(s.containment, 1.0);
        assert!(s.jaccard < 0.6);
        assert_eq!(scores(full, part), s);
    }
}
