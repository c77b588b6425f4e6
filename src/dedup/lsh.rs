//! Locality-sensitive hashing: candidate pairs are documents whose MinHash
//! signatures agree on every row of at least one band.
//!
//! With `b` bands of `r` rows, a pair of Jaccard similarity `s` becomes a
//! candidate with probability `1 - (1 - s^r)^b`. Each pair is emitted once:
//! by the first band it shares, so no set of seen pairs is needed.

use super::minhash::{Fingerprint, NUM_PERM};
use rayon::prelude::*;
use std::collections::HashMap;

/// Bands and rows of the banding, clamped to the signature length.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Banding {
    bands: usize,
    rows: usize,
}

impl Banding {
    pub(crate) fn new(bands: usize, rows: usize) -> Self {
        let rows = rows.clamp(1, NUM_PERM);
        let bands = bands.clamp(1, NUM_PERM / rows);
        Banding { bands, rows }
    }

    /// Probability that a pair of Jaccard similarity `s` becomes a candidate.
    #[cfg(test)]
    pub(crate) fn probability(&self, s: f64) -> f64 {
        1.0 - (1.0 - s.powi(self.rows as i32)).powi(self.bands as i32)
    }

    fn band<'a>(&self, fp: &'a Fingerprint, band: usize) -> Option<&'a [u32]> {
        fp.signature().get(band * self.rows..(band + 1) * self.rows)
    }
}

/// The key of each band of `fp` (none for an empty fingerprint): two
/// documents are candidates when they have the same key in some band.
pub(crate) fn band_keys(fp: &Fingerprint, banding: Banding) -> Vec<u64> {
    if fp.is_empty() {
        return Vec::new();
    }
    (0..banding.bands)
        .filter_map(|b| Some(band_key(banding.band(fp, b)?)))
        .collect()
}

/// A bucket (the documents with one key in one band) of more documents
/// than this gives star edges — its document of the smallest id with each
/// other — instead of every pair: the pairs of a bucket grow with the square
/// of its size (a corpus of 555 copies of each report had buckets of 555),
/// while the copies of a group larger than [`super::LARGE_GROUP`] are cut
/// to a spanning tree anyway. The Spark job (`spark/gongwen_spark.py`)
/// groups the band keys with the same cap, so that both find the same
/// candidates.
pub const BUCKET_CAP: usize = 64;

/// Candidate pairs `(i, j)`, `i < j`, sorted, for which `keep(i, j)` holds:
/// the documents of a bucket pairwise, or as a star for a bucket over
/// [`BUCKET_CAP`] (`ids` orders the documents for choosing its centre).
/// Empty fingerprints are never candidates.
pub(crate) fn candidates<F>(
    fps: &[Fingerprint],
    ids: &[u64],
    banding: Banding,
    keep: F,
) -> Vec<(u32, u32)>
where
    F: Fn(usize, usize) -> bool + Sync,
{
    // Each band's keys are sorted here and again in `band_pairs`: keeping
    // them for all bands at once would cost 12 bytes × bands a document.
    let centres: Vec<HashMap<u64, u32>> = (0..banding.bands)
        .into_par_iter()
        .map(|band| {
            buckets(fps, banding, band)
                .chunk_by(|x, y| x.0 == y.0)
                .filter(|b| b.len() > BUCKET_CAP)
                .map(|b| (b[0].0, centre(b, ids)))
                .collect()
        })
        .collect();
    let links = Links {
        fps,
        banding,
        centres: &centres,
    };
    let mut out: Vec<(u32, u32)> = (0..banding.bands)
        .into_par_iter()
        .flat_map_iter(|band| band_pairs(&links, ids, band, &keep))
        .collect();
    out.sort_unstable();
    out
}

/// The (key, document) pairs of one band, sorted.
fn buckets(fps: &[Fingerprint], banding: Banding, band: usize) -> Vec<(u64, u32)> {
    let mut keys: Vec<(u64, u32)> = fps
        .iter()
        .enumerate()
        .filter(|(_, fp)| !fp.is_empty())
        .filter_map(|(i, fp)| Some((band_key(banding.band(fp, band)?), i as u32)))
        .collect();
    keys.sort_unstable();
    keys
}

/// The document of the smallest id in a bucket.
fn centre(bucket: &[(u64, u32)], ids: &[u64]) -> u32 {
    let id = |i: u32| ids.get(i as usize).copied().unwrap_or(u64::from(i));
    bucket
        .iter()
        .map(|&(_, i)| i)
        .min_by_key(|&i| id(i))
        .unwrap_or(0)
}

/// Which pairs each band links.
struct Links<'a> {
    fps: &'a [Fingerprint],
    banding: Banding,
    /// Per band, the centre of each bucket over [`BUCKET_CAP`], by key.
    centres: &'a [HashMap<u64, u32>],
}

impl Links<'_> {
    /// Whether `band` links `x` and `y`: the same key, and, in a bucket
    /// over the cap, one of them its centre.
    fn linked(&self, x: u32, y: u32, band: usize) -> bool {
        let rows = |d: u32| self.banding.band(&self.fps[d as usize], band);
        let (Some(rx), Some(ry)) = (rows(x), rows(y)) else {
            return false;
        };
        // Equal rows have equal keys; other rows rarely do, but the key is
        // what decides, as where the keys are grouped elsewhere.
        let k = band_key(rx);
        if rx != ry && band_key(ry) != k {
            return false;
        }
        let centres = &self.centres[band];
        centres.is_empty() || centres.get(&k).is_none_or(|&c| c == x || c == y)
    }

    /// Whether `band` is the first band that links `x` and `y` (each pair
    /// is emitted once, by that band).
    fn first(&self, x: u32, y: u32, band: usize) -> bool {
        self.linked(x, y, band) && !(0..band).any(|b| self.linked(x, y, b))
    }
}

/// The pairs first linked by one band.
fn band_pairs<F>(links: &Links, ids: &[u64], band: usize, keep: &F) -> Vec<(u32, u32)>
where
    F: Fn(usize, usize) -> bool,
{
    let keys = buckets(links.fps, links.banding, band);
    let mut out = Vec::new();
    let mut push = |i: u32, j: u32| {
        let (i, j) = (i.min(j), i.max(j));
        if links.first(i, j, band) && keep(i as usize, j as usize) {
            out.push((i, j));
        }
    };
    for bucket in keys.chunk_by(|x, y| x.0 == y.0) {
        if bucket.len() > BUCKET_CAP {
            let c = centre(bucket, ids);
            bucket
                .iter()
                .filter(|&&(_, m)| m != c)
                .for_each(|&(_, m)| push(c, m));
            continue;
        }
        for (n, &(_, i)) in bucket.iter().enumerate() {
            for &(_, j) in &bucket[n + 1..] {
                push(i, j);
            }
        }
    }
    out
}

/// A 64-bit key for one band of a signature.
fn band_key(rows: &[u32]) -> u64 {
    let mut h = 0xCBF2_9CE4_8422_2325u64;
    for &v in rows {
        h = (h ^ v as u64).wrapping_mul(0x0000_0100_0000_01B3);
        h ^= h >> 29;
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dedup::minhash::fingerprint;

    #[test]
    fn banding_is_clamped_to_the_signature() {
        let b = Banding::new(1000, 3);
        assert_eq!(b.bands * b.rows, 126);
        assert!(Banding::new(0, 0).bands >= 1);
        assert!(b.probability(0.05) < 0.01);
        // The figures quoted in `find_pairs`' docs, for the default banding.
        let d = Banding::new(42, 3);
        let p: Vec<f64> = [0.5, 0.4, 0.3, 0.1]
            .map(|s| (d.probability(s) * 1000.0).round() / 1000.0)
            .to_vec();
        assert_eq!(p, vec![0.996, 0.938, 0.683, 0.041]);
    }

    #[test]
    fn identical_texts_are_one_candidate_pair() {
        let text = "创建学习创新型领导班子本身就是一种创新,前无先例参照,旁无方法借鉴。";
        let fps: Vec<_> = [text, "", text, "完全不同的另一段文字内容,讲的是农业生产。"]
            .iter()
            .map(|t| fingerprint(t))
            .collect();
        let ids = [0, 1, 2, 3];
        let pairs = candidates(&fps, &ids, Banding::new(42, 3), |_, _| true);
        assert_eq!(pairs, vec![(0, 2)]);
        assert!(candidates(&fps, &ids, Banding::new(42, 3), |_, _| false).is_empty());
    }

    #[test]
    fn a_bucket_over_the_cap_is_a_star_from_its_smallest_id() {
        let text = "创建学习创新型领导班子本身就是一种创新,前无先例参照,旁无方法借鉴。";
        let n = BUCKET_CAP + 6;
        let fps: Vec<_> = (0..n).map(|_| fingerprint(text)).collect();
        // Ids in reverse: the centre is the last document.
        let ids: Vec<u64> = (0..n as u64).rev().collect();
        let pairs = candidates(&fps, &ids, Banding::new(42, 3), |_, _| true);
        let c = (n - 1) as u32;
        assert_eq!(pairs, (0..c).map(|i| (i, c)).collect::<Vec<_>>());
        // At the cap, every pair.
        let n = BUCKET_CAP;
        let ids: Vec<u64> = (0..n as u64).collect();
        let pairs = candidates(&fps[..n], &ids, Banding::new(42, 3), |_, _| true);
        assert_eq!(pairs.len(), n * (n - 1) / 2);
    }
}
