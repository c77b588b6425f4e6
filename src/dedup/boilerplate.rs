//! Boilerplate: shingles shared by many *unrelated* documents of a corpus
//! (scraped page chrome such as `下载 打印 全屏 收藏 【字号…】`, standard
//! opening and closing formulas), left out of every similarity — where they
//! form short runs: a long passage shared by many documents is a template
//! they copy, the finding and not noise ([`LONGEST_FORMULA`]).
//!
//! Documents are counted by *unit*: a group of documents that are already
//! likely copies of each other counts once, so the text of a report copied
//! into twenty submissions is not mistaken for boilerplate. Frequencies are
//! counted on a sample of units bounded by a shingle budget, so memory stays
//! bounded on large corpora.

use super::minhash::Fingerprint;
use super::shingle::{normalize, shingle_sequence, shingles, SHINGLE_CHARS};
use rayon::prelude::*;

/// Common shingles in a run of at least this many characters (of the
/// similarity form) are not boilerplate. Measured: the longest runs of
/// shingles common to 3 or more documents are 160 characters in prov2026
/// (内蒙古's and 安徽's 全国统一大市场…实现十五五良好开局, the guiding
/// formula 坚持马克思列宁主义…) and 171–191 in the national reports (the
/// source site's licence note); a template copied into 经验材料 runs to
/// thousands. Twice the longest formula leaves room for two formulas
/// side by side.
pub const LONGEST_FORMULA: usize = 400;

/// The boilerplate shingles of a corpus.
#[derive(Debug, Clone)]
pub(crate) struct Boilerplate {
    /// Sorted shingle hashes.
    shingles: Vec<u64>,
    /// One bit per value of a hash's top [`FILTER_BITS`] bits, set for the
    /// boilerplate shingles: most content shingles are told apart here,
    /// without a search.
    filter: Vec<u64>,
}

/// Bits of a shingle hash that index [`Boilerplate::filter`] (128 KiB).
const FILTER_BITS: u32 = 20;

/// How boilerplate is told from content.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rule {
    /// A shingle is boilerplate when it occurs in at least this many units…
    pub min_units: usize,
    /// …and in at least this share of the sampled units.
    pub min_share: f64,
    /// Most shingles (counted with repeats across units) held at once.
    pub budget: usize,
}

impl Boilerplate {
    /// Finds the boilerplate of `texts`, counting each of `units` (one
    /// representative document per group of likely copies) once.
    pub(crate) fn detect<T>(texts: &T, fps: &[Fingerprint], units: &[usize], rule: Rule) -> Self
    where
        T: super::TextSource + ?Sized,
    {
        let sample = sample(units, fps, rule.budget);
        let by_share = (rule.min_share * sample.len() as f64).ceil() as usize;
        let min_units = rule.min_units.max(by_share).max(2);
        if sample.len() < min_units {
            // Too few units for any shingle to be common to enough of them
            // (and a long document's shingles are not computed for nothing).
            return Boilerplate {
                shingles: Vec::new(),
                filter: Vec::new(),
            };
        }
        let all: Vec<u64> = sample
            .par_iter()
            .flat_map_iter(|&i| shingles(&texts.text(i)))
            .collect();
        Boilerplate::from_sets(all, min_units)
    }

    /// The boilerplate of the shingle sets of sampled units, concatenated:
    /// the shingles in at least `min_units` of them.
    pub(crate) fn from_sets(mut all: Vec<u64>, min_units: usize) -> Self {
        all.par_sort_unstable();
        let shingles: Vec<u64> = all
            .chunk_by(|x, y| x == y)
            .filter(|run| run.len() >= min_units.max(2))
            .map(|run| run[0])
            .collect();
        let mut filter = vec![0u64; (1 << FILTER_BITS) / 64];
        for &h in &shingles {
            let bit = (h >> (64 - FILTER_BITS)) as usize;
            filter[bit / 64] |= 1 << (bit % 64);
        }
        Boilerplate { shingles, filter }
    }

    /// The share of the shingles of `text` that are boilerplate in it (see
    /// [`Boilerplate::content_shingles`]), 0 for a text without shingles.
    pub(crate) fn share_of(&self, text: &str) -> f64 {
        let all = shingles(text).len();
        if all == 0 {
            return 0.0;
        }
        1.0 - self.content_shingles(text).len() as f64 / all as f64
    }

    /// True when `shingle` is boilerplate.
    pub(crate) fn contains(&self, shingle: u64) -> bool {
        let bit = (shingle >> (64 - FILTER_BITS)) as usize;
        let maybe = self
            .filter
            .get(bit / 64)
            .is_some_and(|w| w & (1 << (bit % 64)) != 0);
        maybe && self.shingles.binary_search(&shingle).is_ok()
    }

    /// Number of boilerplate shingles.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.shingles.len()
    }

    /// The shingle set of `text` without its boilerplate: the runs of
    /// common shingles shorter than [`LONGEST_FORMULA`] characters. A
    /// longer run is a passage copied from a template, which is what a
    /// reader of copies looks for, and stays.
    pub(crate) fn content_shingles(&self, text: &str) -> Vec<u64> {
        if self.shingles.is_empty() {
            return shingles(text);
        }
        let seq = shingle_sequence(&normalize(text), SHINGLE_CHARS);
        let mut kept = Vec::with_capacity(seq.len());
        let mut i = 0;
        while i < seq.len() {
            let start = i;
            while i < seq.len() && self.contains(seq[i]) {
                i += 1;
            }
            // A run of n shingles covers n + k − 1 characters: at least
            // LONGEST_FORMULA of them.
            if i > start && i - start + SHINGLE_CHARS > LONGEST_FORMULA {
                kept.extend_from_slice(&seq[start..i]);
            }
            if let Some(&h) = seq.get(i) {
                kept.push(h);
                i += 1;
            }
        }
        kept.sort_unstable();
        kept.dedup();
        kept
    }
}

/// Every `step`-th unit, with `step` chosen so that the sampled units hold
/// about `budget` shingles in all.
fn sample(units: &[usize], fps: &[Fingerprint], budget: usize) -> Vec<usize> {
    let total: usize = units
        .iter()
        .filter_map(|&i| fps.get(i))
        .map(Fingerprint::shingle_count)
        .sum();
    let step = total.div_ceil(budget.max(1)).max(1);
    units.iter().copied().step_by(step).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dedup::minhash::fingerprint;

    const CHROME: &str = "下载\n打印\n全屏\n收藏\n【字号：\n加大\n还原\n减小\n】\n";

    #[test]
    fn chrome_shared_by_unrelated_pages_is_boilerplate() {
        let bodies = [
            "农业生产稳中有进粮食总产量再创新高",
            "工业经济提质增效制造业加快转型",
            "城乡居民收入稳步增长社会保障更加完善",
            "生态环境持续改善空气质量优良天数增加",
        ];
        let texts: Vec<String> = bodies.iter().map(|b| format!("{CHROME}{b}")).collect();
        let fps: Vec<_> = texts.iter().map(|t| fingerprint(t)).collect();
        let rule = Rule {
            min_units: 3,
            min_share: 0.01,
            budget: 1 << 20,
        };
        let bp = Boilerplate::detect(&texts[..], &fps, &[0, 1, 2, 3], rule);
        assert!(bp.content_shingles(CHROME).is_empty());
        assert_eq!(
            bp.content_shingles(bodies[0]).len(),
            shingles(bodies[0]).len()
        );
        // The same four pages as one unit (likely copies): nothing is boilerplate.
        assert_eq!(Boilerplate::detect(&texts[..], &fps, &[0], rule).len(), 0);
    }

    #[test]
    fn sample_respects_the_budget() {
        let texts = vec!["领导班子建设".repeat(40); 100];
        let fps: Vec<_> = texts.iter().map(|t| fingerprint(t)).collect();
        let units: Vec<usize> = (0..100).collect();
        let per = fps[0].shingle_count();
        assert_eq!(sample(&units, &fps, per * 10).len(), 10);
        assert_eq!(sample(&units, &fps, usize::MAX).len(), 100);
    }
}
