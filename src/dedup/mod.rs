//! Near-duplicate detection: MinHash fingerprints, LSH candidates, exact
//! verification without boilerplate, clusters, and an aligned diff of a pair.
//!
//! The pipeline:
//!
//! 1. [`fingerprint`] each document (in the parallel ingest pass): its text
//!    is normalized (see [`shingle`]) and cut into 5-character shingles; the
//!    fingerprint keeps a 128-word MinHash signature and the set size.
//! 2. [`find_pairs`] bands the signatures (LSH) into candidate pairs, keeps
//!    those whose estimated containment is plausible, groups likely copies
//!    into units, finds the corpus's boilerplate (shingles in many units),
//!    and verifies every candidate exactly on the texts: Jaccard and
//!    containment over the shingle sets without boilerplate.
//! 3. Pairs are kept from containment [`DedupConfig::floor`] up; a pair is
//!    *reported* at threshold `T` when [`reported`] holds, and clusters are
//!    the connected components of reported pairs ([`assign_clusters`]).
//! 4. [`diff`] aligns two documents passage by passage; [`render_diff`]
//!    prints it for a person.
//!
//! # Measurements behind the defaults
//!
//! Scores are over 5-character shingles of normalized text; the tests
//! `dedup::tests::*_are_as_documented` and
//! `longer_shingles_separate_reports_and_keep_copies` hold them:
//!
//! | | Jaccard | containment |
//! |---|---|---|
//! | seed 第一篇 / 第二篇 (truncated copy, `~年` for `XX年`, damage) | 0.548 | 0.985 |
//! | seed, any other pair of its articles | ≤ 0.006 | ≤ 0.013 |
//! | prov2026, most alike of 465 pairs, all shingles | 0.055 | 0.159 |
//! | prov2026, most alike of 465 pairs, boilerplate left out | 0.006 | 0.012 |
//! | variants of each of the 31 reports (all shingles): | | |
//! | truncated to 60% | 0.59–0.61 | 1.00 |
//! | numbers blanked to `XX` | ≥ 0.99 | ≥ 0.99 |
//! | lines shuffled | ≥ 0.91 | ≥ 0.95 |
//! | a paragraph of another report inserted | ≥ 0.91 | 1.00 |
//! | one sentence in ten rewritten | ≥ 0.77 | ≥ 0.88 |
//!
//! Shingle length: 3, 4, 5, 6, 7 characters give a highest prov2026
//! containment of 0.34, 0.23, 0.16, 0.13, 0.11 while the copies lose only
//! 0.002–0.004 per extra character; 5 is where distinct reports stop
//! sharing common words and short phrases, and a one-character edit
//! still costs only five shingles.
//!
//! Boilerplate is what many unrelated documents share *in short runs*:
//! shingles in at least 3 units (and 1% of them) are left out where they
//! run for less than 400 characters (`boilerplate::LONGEST_FORMULA`;
//! the longest shared formula measured is 160 characters in prov2026, 191
//! in the national reports). A template of 6,000 characters copied into 4,
//! 10 or 30 documents of 10,000 stays content: every two of them score
//! containment 0.6 (it scored near 0 when every common shingle was left
//! out; `a_template_copied_into_many_documents_is_found_not_left_out`).
//!
//! The default threshold, containment 0.5 ("half the smaller document is
//! in the larger"), sits 0.34 above the most alike distinct reports even
//! with boilerplate kept, and 0.38 below the weakest variant.
//!
//! ```
//! use gongwen::dedup::{self, DedupConfig};
//! let full = "一、分析形势。发展是当今时代的主旋律。二、精心组织。创建活动本身就是一种创新。\
//!             三、创新显威力。全市各级领导班子大胆创新,推动合山经济建设快速发展。";
//! let copy = &full[..full.find("三").unwrap()];
//! let other = "农业生产稳中有进,粮食总产量再创新高,农民收入持续增长,农村面貌焕然一新。";
//! let texts = [full, copy, other];
//! let fps: Vec<_> = texts.iter().map(|t| dedup::fingerprint(t)).collect();
//! let pairs = dedup::find_pairs(&texts, &fps, &DedupConfig::default());
//! assert_eq!((pairs[0].a, pairs[0].b), (0, 1));
//! assert!(dedup::reported(&pairs[0], dedup::DEFAULT_THRESHOLD));
//! ```

mod boilerplate;
mod cluster;
mod diff;
mod lsh;
mod minhash;
mod render;
pub mod shingle;
mod verify;

pub use boilerplate::LONGEST_FORMULA;
pub use cluster::{assign_clusters, rows_at};
pub use diff::{diff, DiffBlock, DiffKind};
pub use lsh::BUCKET_CAP;
pub use minhash::{fingerprint, fingerprint_folded, Fingerprint, NUM_PERM};
pub use render::{inline_diff, marked, render_diff};
pub use verify::{scores, Scores};

pub(crate) use boilerplate::{Boilerplate, Rule};
pub(crate) use cluster::UnionFind;
use lsh::Banding;
use serde::{Deserialize, Serialize};

/// Default reporting threshold on containment (see [`reported`] and the
/// measurements in the module docs).
pub const DEFAULT_THRESHOLD: f64 = 0.5;

/// Default floor: verified pairs below this containment are not kept, so
/// that a store can be queried at any threshold from here up. Below about
/// 0.3, LSH finds pairs only by chance (see [`find_pairs`]).
pub const DEFAULT_FLOOR: f64 = 0.3;

/// Settings of [`find_pairs`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DedupConfig {
    /// Reporting threshold used to number the clusters (see [`reported`]).
    pub threshold: f64,
    /// Verified pairs with containment below this are dropped.
    pub floor: f64,
    /// LSH bands × rows (at most [`NUM_PERM`] hash functions in all).
    pub bands: usize,
    pub rows: usize,
    /// A pair whose smaller document has fewer content shingles (after
    /// boilerplate) than this is not a pair: too little text to tell.
    pub min_shingles: usize,
    /// A shingle is boilerplate when it occurs in at least this many
    /// unrelated units…
    pub boilerplate_min_docs: usize,
    /// …and in at least this share of the sampled units.
    pub boilerplate_share: f64,
    /// Most shingles held at once for counting boilerplate (8 bytes each).
    pub boilerplate_budget: usize,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig {
            threshold: DEFAULT_THRESHOLD,
            floor: DEFAULT_FLOOR,
            bands: 42,
            rows: 3,
            min_shingles: 20,
            boilerplate_min_docs: 3,
            boilerplate_share: 0.01,
            boilerplate_budget: 4_000_000,
        }
    }
}

/// A verified near-duplicate pair: indices into the corpus, `a < b`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    pub a: usize,
    pub b: usize,
    /// Jaccard similarity of the content shingle sets.
    pub jaccard: f64,
    /// Share of the smaller document's content shingles found in the larger.
    pub containment: f64,
    /// Cluster id (see [`assign_clusters`]).
    pub cluster: usize,
}

/// Whether `pair` is reported at `threshold`: `containment >= threshold`.
/// Containment is never below Jaccard, so this is also
/// `max(jaccard, containment) >= threshold`.
pub fn reported(pair: &Pair, threshold: f64) -> bool {
    pair.containment >= threshold
}

/// Candidates whose estimated containment is below `floor × this` are not
/// verified (the estimate's error, and boilerplate only lowering the score,
/// leave room).
const CANDIDATE_SLACK: f64 = 0.67;

/// Candidates of at least this estimated Jaccard similarity are grouped
/// into one unit when counting boilerplate. (Jaccard, not containment: short
/// pages that are mostly shared chrome must stay separate units, so that the
/// chrome is counted in each.)
const UNIT_JACCARD: f64 = 0.5;

/// Near-duplicate pairs of `texts`, whose fingerprints are `fps` (only the
/// first `min(texts.len(), fps.len())` documents are considered).
///
/// Candidates come from LSH banding; every candidate is verified exactly on
/// the texts, with boilerplate shingles left out of both sets. Returns every
/// verified pair with containment `>= cfg.floor`, sorted by `(a, b)`, with
/// clusters numbered at `cfg.threshold`.
///
/// With the default 42 bands of 3 rows, a pair becomes a candidate with
/// probability 0.996 at Jaccard 0.5, 0.94 at 0.4, 0.68 at 0.3 and 0.04 at
/// 0.1. A truncated copy has Jaccard equal to its share of the original,
/// so copies of at least half the original are found in practice, shorter
/// excerpts by chance.
///
/// Memory: the fingerprints, the candidate pairs, the boilerplate table and
/// a bounded sample for counting it ([`DedupConfig::boilerplate_budget`]);
/// shingle sets are recomputed from the texts for verification, never kept
/// for the whole corpus.
pub fn find_pairs<S: AsRef<str> + Sync>(
    texts: &[S],
    fps: &[Fingerprint],
    cfg: &DedupConfig,
) -> Vec<Pair> {
    find_pairs_in(texts, fps, cfg)
}

/// Where [`find_pairs_in`] reads the documents' texts from: a slice of
/// strings, or a store that keeps them compressed.
pub trait TextSource: Sync {
    /// Number of documents.
    fn count(&self) -> usize;
    /// The text of document `i`.
    fn text(&self, i: usize) -> std::borrow::Cow<'_, str>;
    /// Its length in bytes (cheap: no decompression).
    fn byte_len(&self, i: usize) -> usize;
    /// Its id as a number (a store's doc id is 16 hex digits), which
    /// orders documents where banding must choose one
    /// ([`BUCKET_CAP`]); by default its position.
    fn id(&self, i: usize) -> u64 {
        i as u64
    }
}

impl<S: AsRef<str> + Sync> TextSource for [S] {
    fn count(&self) -> usize {
        self.len()
    }
    fn text(&self, i: usize) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Borrowed(self[i].as_ref())
    }
    fn byte_len(&self, i: usize) -> usize {
        self[i].as_ref().len()
    }
}

/// [`find_pairs`] over any [`TextSource`].
pub fn find_pairs_in<T: TextSource + ?Sized>(
    texts: &T,
    fps: &[Fingerprint],
    cfg: &DedupConfig,
) -> Vec<Pair> {
    let n = texts.count().min(fps.len());
    let fps = &fps[..n];
    let ids: Vec<u64> = (0..n).map(|i| texts.id(i)).collect();
    let banding = Banding::new(cfg.bands, cfg.rows);
    let candidates = lsh::candidates(fps, &ids, banding, plausible(fps, cfg));
    verify_candidates(texts, fps, cfg, candidates)
}

/// The LSH band keys of a fingerprint under `cfg`'s banding, band 0
/// first (none for an empty fingerprint): documents with the same key in
/// the same band are candidates, as [`find_pairs`] finds them — for
/// grouping the bands elsewhere (Spark) and verifying with
/// [`find_pairs_among`].
pub fn band_keys(fp: &Fingerprint, cfg: &DedupConfig) -> Vec<u64> {
    lsh::band_keys(fp, Banding::new(cfg.bands, cfg.rows))
}

/// [`find_pairs_in`] from candidate pairs found elsewhere (e.g. the bands
/// grouped by Spark) instead of banding here: `candidates` are `(i, j)`
/// positions, `i < j`, sorted, without repeats — every pair that shares a
/// band, as [`find_pairs_in`] finds them. The same estimate filter, verification and
/// clusters follow, so the same candidates give the same pairs.
pub fn find_pairs_among<T: TextSource + ?Sized>(
    texts: &T,
    fps: &[Fingerprint],
    cfg: &DedupConfig,
    candidates: Vec<(u32, u32)>,
) -> Vec<Pair> {
    let n = texts.count().min(fps.len());
    let fps = &fps[..n];
    let plausible = plausible(fps, cfg);
    let candidates = candidates
        .into_iter()
        .filter(|&(i, j)| {
            let (i, j) = (i as usize, j as usize);
            i < j && j < n && !fps[i].is_empty() && !fps[j].is_empty() && plausible(i, j)
        })
        .collect();
    verify_candidates(texts, fps, cfg, candidates)
}

/// Whether a candidate pair is worth verifying: its estimated containment
/// is not far below the floor (see [`CANDIDATE_SLACK`]).
fn plausible<'a>(
    fps: &'a [Fingerprint],
    cfg: &DedupConfig,
) -> impl Fn(usize, usize) -> bool + Sync + 'a {
    let min_estimate = cfg.floor * CANDIDATE_SLACK;
    move |i, j| fps[i].estimate_containment(&fps[j]) >= min_estimate
}

/// The steps after banding: large groups thinned, boilerplate found,
/// candidates verified on the texts, clusters numbered.
fn verify_candidates<T: TextSource + ?Sized>(
    texts: &T,
    fps: &[Fingerprint],
    cfg: &DedupConfig,
    candidates: Vec<(u32, u32)>,
) -> Vec<Pair> {
    let candidates = thin_large_groups(fps, candidates);
    let units = units(fps, &candidates);
    let rule = Rule {
        min_units: cfg.boilerplate_min_docs,
        min_share: cfg.boilerplate_share,
        budget: cfg.boilerplate_budget,
    };
    let boilerplate = Boilerplate::detect(texts, fps, &units, rule);
    let verified = verify::verify(
        texts,
        &candidates,
        &boilerplate,
        cfg.min_shingles,
        cfg.floor,
    );
    let mut pairs: Vec<Pair> = verified
        .into_iter()
        .map(|v| Pair {
            a: v.a,
            b: v.b,
            jaccard: v.scores.jaccard,
            containment: v.scores.containment,
            cluster: 0,
        })
        .collect();
    assign_clusters(&mut pairs, cfg.threshold);
    pairs
}

/// Groups of likely copies larger than this have only a spanning set of
/// their pairs verified and listed: a maximum spanning tree by estimated
/// similarity, m−1 pairs that join the same cluster.
pub const LARGE_GROUP: usize = 32;

/// Keeps every candidate pair, except inside a group of more than
/// [`LARGE_GROUP`] documents joined by candidates estimated to be copies
/// (estimated Jaccard ≥ 0.5): there the m(m−1)/2 pairs, whose verification
/// and listing grow quadratically, are cut to a maximum spanning tree by
/// estimated similarity — each copy with the copies it is most like, m−1
/// pairs that still join the whole group into one cluster.
fn thin_large_groups(fps: &[Fingerprint], candidates: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    let copies =
        |&(i, j): &(u32, u32)| fps[i as usize].estimate_jaccard(&fps[j as usize]) >= UNIT_JACCARD;
    let mut uf = UnionFind::new(fps.len());
    for p in candidates.iter().filter(|p| copies(p)) {
        uf.union(p.0 as usize, p.1 as usize);
    }
    let mut size = vec![0usize; fps.len()];
    for i in 0..fps.len() {
        size[uf.find(i)] += 1;
    }
    let large = |uf: &mut UnionFind, i: u32| size[uf.find(i as usize)] > LARGE_GROUP;
    let (mut inside, mut keep): (Vec<_>, Vec<_>) = (Vec::new(), Vec::new());
    for p in candidates {
        if copies(&p) && large(&mut uf, p.0) {
            inside.push(p);
        } else {
            keep.push(p);
        }
    }
    let estimate = |&(i, j): &(u32, u32)| fps[i as usize].estimate_jaccard(&fps[j as usize]);
    inside.sort_by(|a, b| estimate(b).total_cmp(&estimate(a)).then(a.cmp(b)));
    let mut tree = UnionFind::new(fps.len());
    for (i, j) in inside {
        if tree.find(i as usize) != tree.find(j as usize) {
            tree.union(i as usize, j as usize);
            keep.push((i, j));
        }
    }
    keep.sort_unstable();
    keep
}

/// One representative (the smallest index) per group of documents joined by
/// candidates estimated to be copies; empty documents are left out.
fn units(fps: &[Fingerprint], candidates: &[(u32, u32)]) -> Vec<usize> {
    let mut uf = UnionFind::new(fps.len());
    for &(i, j) in candidates {
        let (i, j) = (i as usize, j as usize);
        if fps[i].estimate_jaccard(&fps[j]) >= UNIT_JACCARD {
            uf.union(i, j);
        }
    }
    (0..fps.len())
        .filter(|&i| !fps[i].is_empty() && uf.find(i) == i)
        .collect()
}

#[cfg(test)]
mod tests;
