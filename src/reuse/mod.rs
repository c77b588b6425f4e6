//! Text reuse: the passages documents share with other documents, however
//! different the rest of them, clustered, with who had them first.
//!
//! Where `dedup` asks whether two documents are copies, this asks which
//! passages travel between them: a county's report that takes three
//! paragraphs from the province's, a clause that spreads city by city.
//!
//! The pipeline, in three reads of the texts (none kept whole):
//!
//! 1. Each document's similarity form (`dedup::shingle`: folded, without
//!    space and punctuation, every number one symbol) is cut into
//!    8-character grams, winnowed to one in about every
//!    [`ReuseConfig::window`] (module `seeds`), and the postings sorted by hash.
//! 2. Documents sharing a hash are paired into seeds; a hash in more than
//!    [`ReuseConfig::max_df`] documents pairs them with its first document
//!    only (passim's cap on document frequency), so that a corpus of
//!    templates stays linear.
//! 3. The seeds of each pair of documents are chained along their diagonal
//!    into passages and extended over swaps at both ends ([`align`]); the
//!    forms of the documents concerned are read again for this.
//! 4. Places of a document that passages cover are merged into
//!    occurrences, and occurrences joined by a passage are a cluster
//!    ([`cluster`]); byte offsets come from a third read.
//!
//! Lengths are characters of the similarity form: Han characters and
//! letters, a number counting one, punctuation and space not at all.
//!
//! # Boilerplate
//!
//! The rule is the near-duplicate stage's (`dedup::Boilerplate`): what
//! very many unrelated documents share *in short runs* is a formula; a
//! long run shared by many is a template, the finding. "Very many" is
//! [`BOILERPLATE_MIN_DOCS`] units and [`BOILERPLATE_SHARE`] of them (a unit
//! is a document with its near-copies). A cluster is boilerplate when
//!
//! - its units are very many and its median occurrence is shorter than
//!   [`crate::dedup::LONGEST_FORMULA`] characters, or
//! - in its median occurrence at least half of the 5-character shingles
//!   are common to very many units (counted on a sample of about four
//!   million shingles) in runs shorter than that: page chrome, the guiding
//!   formula and the closing thanks, quoted by a few documents each, are
//!   the same formulas.
//!
//! Measured on prov2026 (31 reports, passages of 60 characters or more):
//! the clusters are the guiding formula of the year's work (all 31
//! reports, occurrences of 60–375 characters), page chrome and headers
//! (23 reports, and 4 with a longer common header), the closing thanks
//! (20), and 23 pairs and 3 triples, most of them the central work
//! conference's wording of the main targets. A planted passage in 4
//! reports stays content; one in all 31 is a formula.

pub mod align;
pub mod cluster;
pub mod rows;
mod seeds;

pub use align::{Form, Passage};
pub use cluster::{Cluster, Occurrence};

use crate::dedup::shingle::{normalize, shingles_of, similarity_spans, SHINGLE_CHARS};
use crate::dedup::Boilerplate;
use crate::error::Result;
use rayon::prelude::*;
use seeds::{Posting, Seed, SEED_CHARS};

/// Default shortest passage reported, in characters of the similarity
/// form (see the module docs of `reuse` for the measurement).
pub const DEFAULT_MIN_CHARS: usize = 60;

/// Very many documents: at least this many units (a document with its
/// near-copies)…
pub const BOILERPLATE_MIN_DOCS: usize = 10;

/// …and this share of the units.
pub const BOILERPLATE_SHARE: f64 = 0.25;

/// Shingles held at once for counting common ones (8 bytes each).
const SHINGLE_BUDGET: usize = 4_000_000;

/// Settings of [`find_reuse`].
#[derive(Debug, Clone)]
pub struct ReuseConfig {
    /// Shortest passage kept, on the shorter side.
    pub min_chars: usize,
    /// Winnowing window: any run of `window + 7` characters two documents
    /// share gives a seed in both.
    pub window: usize,
    /// Documents of a seed hash paired with each other; more are paired
    /// with the first only.
    pub max_df: usize,
}

impl Default for ReuseConfig {
    fn default() -> Self {
        ReuseConfig {
            min_chars: DEFAULT_MIN_CHARS,
            window: 16,
            max_df: 32,
        }
    }
}

/// How many units are very many among `units`.
fn very_many(units: usize) -> usize {
    BOILERPLATE_MIN_DOCS.max((BOILERPLATE_SHARE * units as f64).ceil() as usize)
}

/// The documents reuse reads: each text once per pass, in batches.
pub trait Texts: Sync {
    /// Number of documents.
    fn count(&self) -> usize;
    /// Number of characters of all the documents (an estimate will do).
    fn chars(&self) -> usize;
    /// Calls `f` with consecutive batches: the position of the first, and
    /// the texts.
    fn scan(&self, f: &mut dyn FnMut(usize, &[&str]) -> Result<()>) -> Result<()>;
}

impl<S: AsRef<str> + Sync> Texts for [S] {
    fn count(&self) -> usize {
        self.len()
    }
    fn chars(&self) -> usize {
        self.iter().map(|t| t.as_ref().len() / 3).sum()
    }
    fn scan(&self, f: &mut dyn FnMut(usize, &[&str]) -> Result<()>) -> Result<()> {
        for (i, batch) in self.chunks(4096).enumerate() {
            let texts: Vec<&str> = batch.iter().map(AsRef::as_ref).collect();
            f(i * 4096, &texts)?;
        }
        Ok(())
    }
}

/// The texts of a store generation's documents table, read a row group at
/// a time.
pub struct StoreTexts<'a> {
    pub dir: &'a std::path::Path,
    pub count: usize,
    pub chars: usize,
}

impl Texts for StoreTexts<'_> {
    fn count(&self) -> usize {
        self.count
    }
    fn chars(&self) -> usize {
        self.chars
    }
    fn scan(&self, f: &mut dyn FnMut(usize, &[&str]) -> Result<()>) -> Result<()> {
        crate::frames::for_each_text(self.dir, |at, texts| f(at, texts))
    }
}

/// A similarity form as `u16`s, a character beyond the Basic Multilingual
/// Plane being `u16::MAX`, equal to any other such: rare, and only ever in
/// the middle of a passage.
fn to_units(chars: &[char]) -> Vec<u16> {
    chars
        .iter()
        .map(|&c| u16::try_from(c as u32).unwrap_or(u16::MAX))
        .collect()
}

/// The clusters of passages of at least `cfg.min_chars` characters that
/// the documents of `texts` share, with byte offsets, texts, and
/// boilerplate flagged. `unit[i]` is the unit of document `i` (the first
/// document of its near-duplicate cluster, or itself); empty: each its own.
pub fn find_reuse<T: Texts + ?Sized>(
    texts: &T,
    cfg: &ReuseConfig,
    unit: &[usize],
) -> Result<Vec<Cluster>> {
    let units: Vec<usize> = if unit.len() == texts.count() {
        unit.to_vec()
    } else {
        (0..texts.count()).collect()
    };
    let (passages, common) = passages_and_common(texts, cfg, &units)?;
    let mut clusters = cluster::clusters(&passages);
    locate(texts, &mut clusters, &common)?;
    let corpus_units = (0..units.len()).filter(|&i| units[i] == i).count();
    for c in clusters.iter_mut() {
        let mut of: Vec<usize> = c.members.iter().map(|m| units[m.doc]).collect();
        of.sort_unstable();
        of.dedup();
        let short = c.median(|m| m.chars).unwrap_or(0) < crate::dedup::LONGEST_FORMULA;
        let common = c.median(|m| m.common).unwrap_or(0.0) >= 0.5;
        c.boilerplate = (of.len() >= very_many(corpus_units) && short) || common;
    }
    Ok(clusters)
}

/// The passages of at least `cfg.min_chars` characters shared by two
/// documents of `texts`, in ranges of their similarity forms, sorted.
pub fn passages<T: Texts + ?Sized>(texts: &T, cfg: &ReuseConfig) -> Result<Vec<Passage>> {
    let units: Vec<usize> = (0..texts.count()).collect();
    Ok(passages_and_common(texts, cfg, &units)?.0)
}

/// [`passages`], and the shingles common to very many units, counted on
/// the units sampled as the first read goes (every `step`-th, so that they
/// hold about [`SHINGLE_BUDGET`] shingles).
fn passages_and_common<T: Texts + ?Sized>(
    texts: &T,
    cfg: &ReuseConfig,
    units: &[usize],
) -> Result<(Vec<Passage>, Boilerplate)> {
    let mut postings: Vec<Posting> = Vec::new();
    let mut sampled: Vec<u64> = Vec::new();
    let step = (texts.chars() / SHINGLE_BUDGET).max(1);
    let sample = |i: usize| units[i] == i && i.is_multiple_of(step);
    texts.scan(&mut |at, batch| {
        let found: Vec<(Vec<Posting>, Vec<u64>)> = batch
            .par_iter()
            .enumerate()
            .map(|(i, t)| {
                let chars = normalize(t);
                let mut out = Vec::new();
                seeds::winnow(&to_units(&chars), cfg.window, (at + i) as u32, &mut out);
                let set = if sample(at + i) {
                    shingles_of(&chars, SHINGLE_CHARS)
                } else {
                    Vec::new()
                };
                (out, set)
            })
            .collect();
        for (p, set) in found {
            postings.extend(p);
            sampled.extend(set);
        }
        Ok(())
    })?;
    let sampled_units = (0..texts.count()).filter(|&i| sample(i)).count();
    let common = Boilerplate::from_sets(sampled, very_many(sampled_units));
    postings.par_sort_unstable();
    let seeds = seeds::seeds(&postings, cfg.max_df.max(2));
    drop(postings);
    let mut candidates = chains(&seeds, cfg);
    drop(seeds);
    let forms = forms_of(texts, &candidates)?;
    candidates.par_iter_mut().for_each(|p| {
        align::extend(p, &forms[p.a as usize], &forms[p.b as usize]);
    });
    candidates.retain(|p| p.chars() as usize >= cfg.min_chars.max(1));
    candidates.par_sort_unstable();
    candidates.dedup();
    Ok((candidates, common))
}

/// The chains of seeds, pair of documents by pair, that extension could
/// make long enough: the shared run past a passage's last seeds is shorter
/// than a window and a seed at each end.
fn chains(seeds: &[Seed], cfg: &ReuseConfig) -> Vec<Passage> {
    let reach = 2 * (cfg.window + SEED_CHARS) as u32;
    let pairs: Vec<&[Seed]> = seeds.chunk_by(|x, y| (x.a, x.b) == (y.a, y.b)).collect();
    pairs
        .par_iter()
        .flat_map_iter(|pair| align::chain(pair))
        .filter(|p| p.chars() + reach >= cfg.min_chars as u32)
        .collect()
}

/// The forms of the documents that `passages` concern (empty for others).
fn forms_of<T: Texts + ?Sized>(texts: &T, passages: &[Passage]) -> Result<Vec<Form>> {
    let mut wanted = vec![false; texts.count()];
    for p in passages {
        wanted[p.a as usize] = true;
        wanted[p.b as usize] = true;
    }
    let mut forms = vec![Form::default(); texts.count()];
    texts.scan(&mut |at, batch| {
        let made: Vec<(usize, Form)> = batch
            .par_iter()
            .enumerate()
            .filter(|(i, _)| wanted.get(at + i) == Some(&true))
            .map(|(i, t)| (at + i, Form::of(t)))
            .collect();
        for (i, f) in made {
            forms[i] = f;
        }
        Ok(())
    })?;
    Ok(forms)
}

/// Turns the clusters' ranges of similarity forms into byte offsets of the
/// texts, and copies each occurrence's text.
fn locate<T: Texts + ?Sized>(
    texts: &T,
    clusters: &mut [Cluster],
    common: &Boilerplate,
) -> Result<()> {
    let mut at_doc: Vec<Vec<&mut Occurrence>> = (0..texts.count()).map(|_| Vec::new()).collect();
    for m in clusters.iter_mut().flat_map(|c| c.members.iter_mut()) {
        at_doc[m.doc].push(m);
    }
    texts.scan(&mut |at, batch| {
        let docs = &mut at_doc[at..(at + batch.len()).min(texts.count())];
        docs.par_iter_mut()
            .zip(batch.par_iter())
            .filter(|(occ, _)| !occ.is_empty())
            .for_each(|(occ, text)| to_bytes(text, occ, common));
        Ok(())
    })
}

/// Sets byte offsets and texts of one document's occurrences.
fn to_bytes(text: &str, occurrences: &mut [&mut Occurrence], common: &Boilerplate) {
    let (_, spans) = similarity_spans(text);
    for m in occurrences.iter_mut() {
        let (Some(first), Some(last)) = (spans.get(m.start), spans.get(m.end.wrapping_sub(1)))
        else {
            continue;
        };
        m.start = first.0 as usize;
        m.end = last.1 as usize;
        m.text = text[m.start..m.end].to_string();
        m.common = common.share_of(&m.text);
    }
}

/// The passages two texts share (as [`passages`] with `min_chars`), as
/// byte ranges of each.
pub fn shared(
    a: &str,
    b: &str,
    min_chars: usize,
) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let cfg = ReuseConfig {
        min_chars,
        ..ReuseConfig::default()
    };
    let Ok(found) = passages(&[a, b][..], &cfg) else {
        return Vec::new();
    };
    let (sa, sb) = (similarity_spans(a).1, similarity_spans(b).1);
    let range = |spans: &[(u32, u32)], s: u32, e: u32| {
        spans[s as usize].0 as usize..spans[e as usize - 1].1 as usize
    };
    found
        .iter()
        .map(|p| (range(&sa, p.sa, p.ea), range(&sb, p.sb, p.eb)))
        .collect()
}

#[cfg(test)]
mod tests;
