//! MinHash fingerprints: a fixed-size summary of a document's shingle set
//! (512 bytes of signature per document) from which Jaccard similarity and,
//! with the set sizes, containment can be estimated.
//!
//! The signature is a one-permutation MinHash (Li, Owen & Zhang 2012) with
//! optimal densification (Shrivastava 2017): each shingle hash falls into one
//! of [`NUM_PERM`] bins by its top bits and each bin keeps its smallest
//! value; an empty bin (short texts) copies the bin found by a fixed probe
//! sequence. Two signatures agree on a position with probability equal to
//! the Jaccard similarity, as with [`NUM_PERM`] independent permutations,
//! at the cost of one hash per shingle instead of [`NUM_PERM`].

use super::shingle::{mix64, shingles, shingles_folded};
use serde::{Deserialize, Serialize};

/// Signature length (number of bins).
pub const NUM_PERM: usize = 128;

/// Bits of a shingle hash that choose its bin.
const BIN_BITS: u32 = NUM_PERM.trailing_zeros();

/// Probes before densification falls back to the next non-empty bin.
const MAX_PROBES: u64 = 4096;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    signature: Box<[u32]>,
    shingles: u32,
}

/// The fingerprint of `text` (see [`super::shingle`] for the normalization).
pub fn fingerprint(text: &str) -> Fingerprint {
    Fingerprint::from_shingles(&shingles(text))
}

/// The fingerprint of a document's normalized text (its view's): the same
/// as [`fingerprint`] of the original, without folding it again.
pub fn fingerprint_folded(text: &str) -> Fingerprint {
    Fingerprint::from_shingles(&shingles_folded(text))
}

/// Fills each empty bin from the first filled bin of its own probe sequence
/// (the same sequence in every document, so agreement still means J).
fn densify(sig: &mut [u32; NUM_PERM], filled: &[bool; NUM_PERM]) {
    for bin in 0..NUM_PERM {
        if filled[bin] {
            continue;
        }
        let probe = |t: u64| (mix64(((bin as u64) << 32) | t) >> (64 - BIN_BITS)) as usize;
        let from = (0..MAX_PROBES).map(probe).find(|&k| filled[k]).or_else(|| {
            (1..NUM_PERM)
                .map(|d| (bin + d) % NUM_PERM)
                .find(|&k| filled[k])
        });
        if let Some(k) = from {
            sig[bin] = sig[k];
        }
    }
}

impl Fingerprint {
    /// The fingerprint of a set of shingle hashes (without repeats).
    pub fn from_shingles(hashes: &[u64]) -> Self {
        let mut sig = [u32::MAX; NUM_PERM];
        let mut filled = [false; NUM_PERM];
        for &h in hashes {
            let bin = (h >> (64 - BIN_BITS)) as usize;
            sig[bin] = sig[bin].min(h as u32);
            filled[bin] = true;
        }
        if !hashes.is_empty() {
            densify(&mut sig, &filled);
        }
        Fingerprint {
            signature: sig.into(),
            shingles: u32::try_from(hashes.len()).unwrap_or(u32::MAX),
        }
    }

    /// The fingerprint as bytes for the store: the set size, then the
    /// signature, little-endian `u32`s.
    pub fn to_bytes(&self) -> Vec<u8> {
        std::iter::once(self.shingles)
            .chain(self.signature.iter().copied())
            .flat_map(u32::to_le_bytes)
            .collect()
    }

    /// Reads [`Fingerprint::to_bytes`] back; `None` for bytes of another shape.
    pub fn from_bytes(bytes: &[u8]) -> Option<Fingerprint> {
        if bytes.len() != 4 * (NUM_PERM + 1) {
            return None;
        }
        let mut words = bytes
            .chunks_exact(4)
            .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]));
        let shingles = words.next()?;
        Some(Fingerprint {
            signature: words.collect(),
            shingles,
        })
    }

    /// The signature: one minimum per bin.
    pub fn signature(&self) -> &[u32] {
        &self.signature
    }

    /// Size of the document's shingle set.
    pub fn shingle_count(&self) -> usize {
        self.shingles as usize
    }

    /// True for a text without any shingle (empty, or only punctuation).
    pub fn is_empty(&self) -> bool {
        self.shingles == 0
    }

    /// Estimated Jaccard similarity: the share of equal signature positions.
    pub fn estimate_jaccard(&self, other: &Fingerprint) -> f64 {
        if self.is_empty() || other.is_empty() {
            return 0.0;
        }
        let n = self.signature.len().min(other.signature.len());
        let equal = self
            .signature
            .iter()
            .zip(other.signature.iter())
            .filter(|(x, y)| x == y)
            .count();
        equal as f64 / n.max(1) as f64
    }

    /// Estimated containment `|A∩B| / min(|A|,|B|)`, from the estimated
    /// Jaccard and the two set sizes (`|A∩B| = J (|A|+|B|) / (1+J)`).
    pub fn estimate_containment(&self, other: &Fingerprint) -> f64 {
        let j = self.estimate_jaccard(other);
        let (a, b) = (self.shingle_count() as f64, other.shingle_count() as f64);
        let smaller = a.min(b);
        if smaller == 0.0 {
            return 0.0;
        }
        (j * (a + b) / (1.0 + j) / smaller).min(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(range: std::ops::Range<u64>) -> Vec<u64> {
        range
            .map(|i| xxhash_rust::xxh3::xxh3_64(&i.to_le_bytes()))
            .collect()
    }

    #[test]
    fn estimates_follow_true_jaccard() {
        // |A| = 1000, |B| = 1000, overlap 500: J = 1/3, containment 0.5.
        let a = Fingerprint::from_shingles(&set(0..1000));
        let b = Fingerprint::from_shingles(&set(500..1500));
        assert!((a.estimate_jaccard(&b) - 1.0 / 3.0).abs() < 0.12);
        assert!((a.estimate_containment(&b) - 0.5).abs() < 0.15);
        assert_eq!(a.estimate_jaccard(&a), 1.0);
    }

    #[test]
    fn containment_of_a_truncated_copy() {
        let big = Fingerprint::from_shingles(&set(0..2000));
        let part = Fingerprint::from_shingles(&set(0..600));
        assert!(big.estimate_containment(&part) > 0.8);
        assert!(big.estimate_jaccard(&part) < 0.45);
    }

    #[test]
    fn empty_texts_are_similar_to_nothing() {
        let e = fingerprint("");
        assert!(e.is_empty());
        assert_eq!(e.estimate_jaccard(&e), 0.0);
        assert_eq!(e.estimate_containment(&fingerprint("领导班子建设")), 0.0);
    }
}
