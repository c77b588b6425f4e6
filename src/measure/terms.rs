//! Dictionary term counts and the attention measures built on them:
//! per document (and summed per locality and year) the hits of each term,
//! the words and the Han characters, `share_of_words` = hits / words ×
//! 100 and `per_10k_chars` = hits / Han characters × 10,000.
//!
//! **Hits** are the occurrences of a term's normalized form in the
//! normalized text (full-width, traditional and radical forms folded),
//! inside longer words too (the papers count substrings). Where terms
//! overlap, the longest is counted first and the characters it covers
//! count for no other term (数字经济 is not also 数字); equally long ones
//! go left to right. A term never matches across punctuation or a line
//! break unless it contains one. **Words** are the jieba tokens of the
//! text with a letter, digit or Han character, as ingest counted them
//! (`word_counts.parquet`); **Han characters** the ideographs of the text.

use super::dict::Dictionary;
use crate::frames::DocRow;
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::{BTreeMap, HashMap};

/// Finds a dictionary's terms in normalized text.
pub struct Counter {
    /// Leftmost-longest, without overlaps: the whole count, in one fast
    /// pass, when no two terms can overlap (see [`cross_overlap`]).
    first: Option<AhoCorasick>,
    /// Every occurrence, overlapping ones too, for the longest-first rule
    /// where terms can overlap.
    all: AhoCorasick,
}

/// A document's hits: (term index, occurrences), terms with none left out.
pub type Hits = Vec<(u32, u32)>;

impl Counter {
    /// A counter of `dict`'s terms (by their normalized forms).
    pub fn new(dict: &Dictionary) -> Result<Counter, String> {
        let patterns: Vec<&str> = dict.terms.iter().map(|t| t.normalized.as_str()).collect();
        let build = |kind| {
            AhoCorasick::builder()
                .match_kind(kind)
                .build(&patterns)
                .map_err(|e| format!("the dictionary's terms cannot be searched for: {e}"))
        };
        let all = build(MatchKind::Standard)?;
        Ok(Counter {
            first: if cross_overlap(&all, &patterns) {
                None
            } else {
                Some(build(MatchKind::LeftmostLongest)?)
            },
            all,
        })
    }

    /// The hits in `text`, the original text of a document (normalized
    /// here).
    pub fn count(&self, text: &str) -> Hits {
        self.count_normalized(&crate::text::fold(text))
    }

    /// The hits in normalized text.
    pub fn count_normalized(&self, norm: &str) -> Hits {
        if let Some(first) = &self.first {
            return tally(first.find_iter(norm).map(|m| m.pattern().as_u32()));
        }
        let mut found: Vec<(usize, usize, u32)> = self
            .all
            .find_overlapping_iter(norm)
            .map(|m| (m.start(), m.end(), m.pattern().as_u32()))
            .collect();
        let disjoint = found.windows(2).all(|w| w[0].1 <= w[1].0);
        if !disjoint {
            found = longest_first(found);
        }
        tally(found.into_iter().map(|(_, _, p)| p))
    }
}

/// Occurrences per term, by term.
fn tally(terms: impl Iterator<Item = u32>) -> Hits {
    let mut per: HashMap<u32, u32> = HashMap::new();
    for p in terms {
        *per.entry(p).or_default() += 1;
    }
    let mut hits: Hits = per.into_iter().collect();
    hits.sort_unstable();
    hits
}

/// Whether two different terms can overlap in a text: one inside the
/// other, or an end of one the start of the other. Without such a pair,
/// the longest-first rule counts what a left-to-right reading counts (a
/// term overlapping only itself, 哈哈 in 哈哈哈, is read left to right
/// either way).
fn cross_overlap(all: &AhoCorasick, patterns: &[&str]) -> bool {
    // One inside another: the automaton finds another term in a term.
    let inside = patterns.iter().enumerate().any(|(i, p)| {
        all.find_overlapping_iter(*p)
            .any(|m| m.pattern().as_usize() != i)
    });
    if inside {
        return true;
    }
    // An end of one the start of another: a proper suffix of a term is a
    // proper prefix of another term.
    // Per proper prefix: the first term with it, and whether another has it.
    let mut starts: HashMap<&str, (usize, bool)> = HashMap::new();
    for (i, p) in patterns.iter().enumerate() {
        for (at, _) in p.char_indices().skip(1) {
            starts
                .entry(&p[..at])
                .and_modify(|s| s.1 |= s.0 != i)
                .or_insert((i, false));
        }
    }
    patterns.iter().enumerate().any(|(i, p)| {
        p.char_indices().skip(1).any(|(at, _)| {
            starts
                .get(&p[at..])
                .is_some_and(|&(j, several)| j != i || several)
        })
    })
}

/// Of overlapping matches (in order of their end), those a longest-first
/// reading keeps: longer before shorter, then left to right, each only
/// where no kept match covers any of its bytes.
fn longest_first(mut found: Vec<(usize, usize, u32)>) -> Vec<(usize, usize, u32)> {
    found.sort_by_key(|&(s, e, p)| (std::cmp::Reverse(e - s), s, p));
    // Kept spans by start; matches are short, so a kept span that overlaps
    // [s, e) starts in [s − longest, e).
    let longest = found.first().map_or(0, |&(s, e, _)| e - s);
    let mut kept: BTreeMap<usize, usize> = BTreeMap::new();
    let mut out = Vec::with_capacity(found.len());
    for (s, e, p) in found {
        let clash = kept
            .range(s.saturating_sub(longest)..e)
            .any(|(&ks, &ke)| ks < e && s < ke);
        if !clash {
            kept.insert(s, e);
            out.push((s, e, p));
        }
    }
    out
}

/// How rows are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum By {
    /// One group per locality and year (documents without either form
    /// their own group, with null there).
    #[default]
    LocalityYear,
    /// One group per document.
    Doc,
}

/// One row of the measure: a term's (or, with `term` None, a category's)
/// hits in a group of documents, and the group's words and characters.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TermRow {
    /// The document, when grouped by document.
    pub doc_id: Option<String>,
    pub locality: Option<String>,
    pub year: Option<i32>,
    pub category: String,
    /// None on the category's total row.
    pub term: Option<String>,
    pub hits: u64,
    /// Documents of the group with at least one hit.
    pub docs: u64,
    pub words: u64,
    pub han_chars: u64,
}

impl TermRow {
    /// hits / words × 100; None without words.
    pub fn share_of_words(&self) -> Option<f64> {
        (self.words > 0).then(|| self.hits as f64 / self.words as f64 * 100.0)
    }

    /// hits / Han characters × 10,000; None without any.
    pub fn per_10k_chars(&self) -> Option<f64> {
        (self.han_chars > 0).then(|| self.hits as f64 / self.han_chars as f64 * 10_000.0)
    }
}

/// A document's place in the measure: its metadata, words and hits.
pub struct Counted<'a> {
    pub doc: &'a DocRow,
    pub words: u64,
    pub han_chars: u64,
    pub hits: &'a Hits,
}

/// The rows of the measure: per group (sorted by locality and year, or in
/// store order by document), per category its total row and then a row per
/// term.
pub fn rows(dict: &Dictionary, counted: &[Counted], by: By) -> Vec<TermRow> {
    type Key = (Option<String>, Option<String>, Option<i32>);
    let mut groups: BTreeMap<(usize, Key), Vec<&Counted>> = BTreeMap::new();
    for (i, c) in counted.iter().enumerate() {
        let d = c.doc;
        let key = match by {
            By::Doc => (i, (Some(d.doc_id.clone()), d.locality.clone(), d.year)),
            By::LocalityYear => (0, (None, d.locality.clone(), d.year)),
        };
        groups.entry(key).or_default().push(c);
    }
    let mut out = Vec::new();
    for ((_, (doc_id, locality, year)), members) in groups {
        let base = TermRow {
            doc_id,
            locality,
            year,
            words: members.iter().map(|c| c.words).sum(),
            han_chars: members.iter().map(|c| c.han_chars).sum(),
            ..TermRow::default()
        };
        out.extend(group_rows(dict, &members, &base));
    }
    out
}

/// A group's rows: per category, the total and each term.
fn group_rows(dict: &Dictionary, members: &[&Counted], base: &TermRow) -> Vec<TermRow> {
    // Per term: hits and documents with a hit.
    let mut per_term = vec![(0u64, 0u64); dict.terms.len()];
    let mut per_category = vec![(0u64, 0u64); dict.categories.len()];
    for c in members {
        let mut in_category = vec![false; dict.categories.len()];
        for &(t, n) in c.hits {
            let slot = &mut per_term[t as usize];
            slot.0 += u64::from(n);
            slot.1 += 1;
            let cat = dict.terms[t as usize].category;
            per_category[cat].0 += u64::from(n);
            in_category[cat] = true;
        }
        for (cat, hit) in in_category.into_iter().enumerate() {
            per_category[cat].1 += u64::from(hit);
        }
    }
    let mut out = Vec::new();
    for (cat, name) in dict.categories.iter().enumerate() {
        let row = |term: Option<String>, (hits, docs): (u64, u64)| TermRow {
            category: name.clone(),
            term,
            hits,
            docs,
            ..base.clone()
        };
        out.push(row(None, per_category[cat]));
        for t in dict.of_category(cat) {
            out.push(row(Some(dict.terms[t].text.clone()), per_term[t]));
        }
    }
    out
}

/// The measure of a store generation's documents (`dir`): their texts
/// are read a row group at a time and searched in parallel.
pub fn measure(
    dir: &std::path::Path,
    dict: &Dictionary,
    by: By,
) -> crate::error::Result<Vec<TermRow>> {
    use rayon::prelude::*;
    let counter = Counter::new(dict).map_err(crate::error::Error::Invalid)?;
    let docs = crate::frames::read_documents(dir, false)?;
    let counts = crate::frames::read_word_counts(dir)?;
    let mut hits: Vec<Hits> = vec![Vec::new(); docs.len()];
    crate::frames::for_each_text(dir, |offset, texts| {
        let found: Vec<Hits> = texts.par_iter().map(|t| counter.count(t)).collect();
        for (slot, h) in hits.iter_mut().skip(offset).zip(found) {
            *slot = h;
        }
        Ok(())
    })?;
    let by_id: HashMap<&str, &crate::analysis::WordCountRow> =
        counts.iter().map(|c| (c.doc_id.as_str(), c)).collect();
    let counted: Vec<Counted> = docs
        .iter()
        .zip(&hits)
        .map(|(doc, hits)| {
            let c = by_id.get(doc.doc_id.as_str());
            Counted {
                doc,
                words: c.map_or(0, |c| c.words),
                han_chars: c.map_or(0, |c| c.han_chars),
                hits,
            }
        })
        .collect();
    Ok(rows(dict, &counted, by))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict(terms: &[&str]) -> Dictionary {
        let text: String = terms.iter().map(|t| format!("c\t{t}\n")).collect();
        Dictionary::parse(&text, "c").unwrap().0
    }

    fn named(d: &Dictionary, hits: &Hits) -> Vec<(String, u32)> {
        hits.iter()
            .map(|&(t, n)| (d.terms[t as usize].text.clone(), n))
            .collect()
    }

    #[test]
    fn the_longest_term_is_counted_first_and_once() {
        let d = dict(&["数字", "数字经济", "经济", "大数据", "数据中心"]);
        let c = Counter::new(&d).unwrap();
        // 数字经济 covers 数字 and 经济; 数据中心 (longer) wins over 大数据.
        let hits = c.count("发展数字经济，建设大数据中心。数字化，经济。");
        assert_eq!(
            named(&d, &hits),
            [
                ("数字".into(), 1),
                ("数字经济".into(), 1),
                ("经济".into(), 1),
                ("数据中心".into(), 1)
            ]
        );
    }

    #[test]
    fn traditional_and_full_width_forms_are_folded_and_punctuation_is_not_crossed() {
        let d = dict(&["数字化", "5G", "互联网"]);
        let c = Counter::new(&d).unwrap();
        let hits = c.count("推進數字化轉型，建成５Ｇ基站；互联\n网，互联，网");
        assert_eq!(named(&d, &hits), [("数字化".into(), 1), ("5G".into(), 1)]);
    }

    #[test]
    fn pairs_that_can_overlap_are_found() {
        let overlap = |terms: &[&str]| {
            let all = AhoCorasick::new(terms).unwrap();
            cross_overlap(&all, terms)
        };
        assert!(overlap(&["数字", "数字经济"]), "inside");
        assert!(overlap(&["大数据", "数据中心"]), "end and start");
        assert!(overlap(&["据中", "大数据"]), "end and start, either order");
        assert!(!overlap(&["二氧化硫", "二氧化碳", "环境保护", "环保"]));
        assert!(!overlap(&["哈哈", "数字"]), "a term with itself only");
        // Both readings count alike where no pair overlaps.
        let d = dict(&["二氧化硫", "环保", "哈哈"]);
        let c = Counter::new(&d).unwrap();
        assert!(c.first.is_some());
        let text = "减少二氧化硫排放，环保哈哈哈，二氧化碳";
        let slow = Counter {
            first: None,
            ..Counter::new(&d).unwrap()
        };
        assert_eq!(c.count(text), slow.count(text));
        assert_eq!(c.count(text), [(0, 1), (1, 1), (2, 1)]);
    }

    #[test]
    fn a_term_repeated_in_itself_counts_without_overlap() {
        let d = dict(&["哈哈"]);
        let hits = Counter::new(&d).unwrap().count("哈哈哈哈哈");
        assert_eq!(hits, [(0, 2)]);
    }

    #[test]
    fn rows_sum_a_locality_and_year_and_measure_by_the_formulas() {
        let d = dict(&["创新", "绿色"]);
        let doc = |id: &str, loc: &str| DocRow {
            doc_id: id.into(),
            locality: Some(loc.into()),
            year: Some(2025),
            ..DocRow::default()
        };
        let docs = [doc("a", "安徽省"), doc("b", "安徽省"), doc("e", "浙江省")];
        let hits: [Hits; 3] = [vec![(0, 3)], vec![(0, 1), (1, 2)], vec![]];
        let sizes = [(100, 300), (50, 100), (10, 20)];
        let counted: Vec<Counted> = (0..3)
            .map(|i| Counted {
                doc: &docs[i],
                words: sizes[i].0,
                han_chars: sizes[i].1,
                hits: &hits[i],
            })
            .collect();
        let rows = rows(&d, &counted, By::LocalityYear);
        assert_eq!(rows.len(), 6);
        let total = &rows[0];
        assert_eq!(
            (total.term.as_deref(), total.hits, total.docs),
            (None, 6, 2)
        );
        assert_eq!((total.words, total.han_chars), (150, 400));
        assert_eq!(total.share_of_words(), Some(6.0 / 150.0 * 100.0));
        assert_eq!(total.per_10k_chars(), Some(150.0));
        assert_eq!(
            (rows[1].term.as_deref(), rows[1].hits, rows[1].docs),
            (Some("创新"), 4, 2)
        );
        assert_eq!(
            (rows[2].term.as_deref(), rows[2].hits, rows[2].docs),
            (Some("绿色"), 2, 1)
        );
        // A locality with documents but no hits: zeros, not missing.
        let zero = (rows[3].locality.as_deref(), rows[3].hits);
        assert_eq!(
            (zero, rows[3].share_of_words()),
            ((Some("浙江省"), 0), Some(0.0))
        );
        let by_doc = super::rows(&d, &counted, By::Doc);
        assert_eq!(by_doc.len(), 9);
        assert_eq!(by_doc[3].doc_id.as_deref(), Some("b"));
    }
}
