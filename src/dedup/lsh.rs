//! Locality-sensitive hashing: candidate pairs are documents whose MinHash
//! signatures agree on every row of at least one band.
//!
//! With `b` bands of `r` rows, a pair of Jaccard similarity `s` becomes a
//! candidate with probability `1 - (1 - s^r)^b`. Each pair is emitted once:
//! by the first band it shares, so no set of seen pairs is needed.

use super::minhash::{Fingerprint, NUM_PERM};
use rayon::prelude::*;

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

    /// True when `band` is the first band on which `x` and `y` agree.
    fn first_shared(&self, x: &Fingerprint, y: &Fingerprint, band: usize) -> bool {
        let shared = |b| self.band(x, b).is_some() && self.band(x, b) == self.band(y, b);
        shared(band) && !(0..band).any(shared)
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

/// Candidate pairs `(i, j)`, `i < j`, sorted, for which `keep(i, j)` holds.
/// Empty fingerprints are never candidates.
pub(crate) fn candidates<F>(fps: &[Fingerprint], banding: Banding, keep: F) -> Vec<(u32, u32)>
where
    F: Fn(usize, usize) -> bool + Sync,
{
    let mut out: Vec<(u32, u32)> = (0..banding.bands)
        .into_par_iter()
        .flat_map_iter(|band| band_pairs(fps, banding, band, &keep))
        .collect();
    out.sort_unstable();
    out
}

/// The pairs first found by one band.
fn band_pairs<F>(fps: &[Fingerprint], banding: Banding, band: usize, keep: &F) -> Vec<(u32, u32)>
where
    F: Fn(usize, usize) -> bool,
{
    let mut keys: Vec<(u64, u32)> = fps
        .iter()
        .enumerate()
        .filter(|(_, fp)| !fp.is_empty())
        .filter_map(|(i, fp)| Some((band_key(banding.band(fp, band)?), i as u32)))
        .collect();
    keys.sort_unstable();
    let mut out = Vec::new();
    for bucket in keys.chunk_by(|x, y| x.0 == y.0) {
        for (n, &(_, i)) in bucket.iter().enumerate() {
            for &(_, j) in &bucket[n + 1..] {
                let (x, y) = (&fps[i as usize], &fps[j as usize]);
                if banding.first_shared(x, y, band) && keep(i as usize, j as usize) {
                    out.push((i, j));
                }
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
        let pairs = candidates(&fps, Banding::new(42, 3), |_, _| true);
        assert_eq!(pairs, vec![(0, 2)]);
        assert!(candidates(&fps, Banding::new(42, 3), |_, _| false).is_empty());
    }
}
