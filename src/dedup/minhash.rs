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

use super::shingle::{each_shingle_folded, mix64, shingles};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

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
    let mut signing = Signing::default();
    // Sized for the text's shingles up front (at most one a character):
    // growing the set rehashed it a dozen times a document.
    let capacity = (text.len() / 3 + 1).min(1 << 20);
    let mut distinct: HashSet<u64, BuildHasherDefault<Premixed>> =
        HashSet::with_capacity_and_hasher(capacity, Default::default());
    each_shingle_folded(text, |h| {
        signing.add(h);
        distinct.insert(h);
    });
    signing.finish(distinct.len())
}

/// A one-permutation signature being built: each bin's smallest value.
/// Repeats of a hash change nothing, so the set need not be sorted first
/// (sorting every document's shingles took 1.9% of an ingest's CPU; a
/// hash set counting the distinct ones costs a fraction of it).
struct Signing {
    sig: [u32; NUM_PERM],
    filled: [bool; NUM_PERM],
}

impl Default for Signing {
    fn default() -> Self {
        Signing {
            sig: [u32::MAX; NUM_PERM],
            filled: [false; NUM_PERM],
        }
    }
}

impl Signing {
    fn add(&mut self, h: u64) {
        let bin = (h >> (64 - BIN_BITS)) as usize;
        self.sig[bin] = self.sig[bin].min(h as u32);
        self.filled[bin] = true;
    }

    /// The fingerprint of the `shingles` distinct hashes added.
    fn finish(mut self, shingles: usize) -> Fingerprint {
        if shingles > 0 {
            densify(&mut self.sig, &self.filled);
        }
        Fingerprint {
            signature: self.sig.into(),
            shingles: u32::try_from(shingles).unwrap_or(u32::MAX),
        }
    }
}

/// The hasher of a set of shingle hashes: they are mixed already, so a
/// hash is its own hash.
#[derive(Default)]
struct Premixed(u64);

impl Hasher for Premixed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
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
        let mut signing = Signing::default();
        hashes.iter().for_each(|&h| signing.add(h));
        signing.finish(hashes.len())
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

    #[test]
    fn a_folded_texts_fingerprint_is_the_originals() {
        let seed = include_str!("../../corpus/000_bd451ebd6a3dbfe1.txt");
        let repeated = "领导班子建设".repeat(50);
        for text in [
            seed,
            "",
            "增长",
            "ＧＤＰ增长５．３％，２０２５年XX月",
            &repeated,
        ] {
            let folded = crate::text::normalize(text);
            assert_eq!(fingerprint_folded(&folded), fingerprint(text), "{text:.20}");
        }
        assert!(fingerprint_folded(seed).shingle_count() > 1000);
    }
}
