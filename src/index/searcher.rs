//! Searching an index: the query parsed for the word fields and, when they
//! find too few hits, for the character fields too; filters; hits.

use super::ranking::ScoreThenId;
use super::schema::{open_reader, query_tokenizers, tv_err, Fields};
use super::snippet::{highlight_terms, snippet, Snippet};
use super::stored::{Kept, Stored, KEPT_BYTES};
use crate::error::{Error, Result};
use crate::segment::Segmenter;
use std::path::{Path, PathBuf};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Index, IndexReader, Term};

/// Hits of a `--count` from which reading their documents is spread over
/// all cores (below it, a thread pool costs more than it saves).
const PARALLEL_HITS: usize = 64;

/// Search filters and the number of hits wanted.
#[derive(Debug, Clone, Default)]
pub struct SearchOptions {
    pub locality: Option<String>,
    pub year: Option<i32>,
    pub limit: usize,
    /// Count each hit's occurrences of the query's words and phrases
    /// ([`Hit::count`]), over all parts of a long document.
    pub count: bool,
}

/// One search hit.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub doc_id: String,
    pub title: Option<String>,
    pub source: String,
    pub locality: Option<String>,
    pub year: Option<i32>,
    pub score: f32,
    pub snippet: Snippet,
    /// Occurrences of the query's words and phrases in the document (as
    /// [`super::matches`] finds them), when asked for.
    pub count: Option<usize>,
}

/// How many documents a query matches, for a cut list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Total {
    pub documents: usize,
    /// `documents` is a lower bound (see [`Searcher::search_with_total`]).
    pub at_least: bool,
}

/// An opened index, ready for queries.
pub struct Searcher {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    path: PathBuf,
    segmenter: Segmenter,
    /// Some document is indexed in parts (`writer::PARTS_MARKER`).
    parts: bool,
    /// The stored documents read so far.
    kept: Kept<tantivy::DocAddress, Stored>,
}

impl Searcher {
    /// Opens a generation's index (`Generation::index_dir`) for queries
    /// cut with `segmenter` (`Generation::query_segmenter`), the one its
    /// documents were cut with.
    pub fn open(dir: &Path, segmenter: Segmenter) -> Result<Searcher> {
        let (index, reader, fields) = open_reader(dir)?;
        Ok(Searcher {
            index,
            reader,
            fields,
            path: dir.to_path_buf(),
            segmenter,
            parts: dir.join(super::writer::PARTS_MARKER).exists(),
            kept: Kept::new(KEPT_BYTES),
        })
    }

    /// Runs `query` with `opts`' filters; hits best first.
    ///
    /// Whole words are looked for first (the word fields, which ranking
    /// and block-max pruning serve well); only when they give fewer hits
    /// than asked for does the query also run on the character fields,
    /// which find sub-words and single characters but make a phrase query
    /// over the positions of very common characters — tens of milliseconds
    /// on a gigabyte of text instead of one or two.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Result<Vec<Hit>> {
        self.staged(query, opts).map(|(hits, _)| hits)
    }

    /// [`Searcher::search`]'s hits, and the ids of every document the query
    /// matched in the pass that gave them (the words, or all fields when
    /// the words gave too few): the set a page's counts by locality and
    /// year are made from, consistent with the hits.
    pub fn search_with_ids(
        &self,
        query: &str,
        opts: &SearchOptions,
    ) -> Result<(Vec<Hit>, Vec<String>)> {
        let (hits, pass) = self.staged(query, opts)?;
        let ids = match pass {
            Some((parsed, _)) => self.ids(parsed, opts)?,
            None => {
                let mut ids: Vec<String> = hits.iter().map(|h| h.doc_id.clone()).collect();
                ids.sort();
                ids
            }
        };
        Ok((hits, ids))
    }

    /// [`Searcher::search`]'s hits, and the number of documents the query
    /// matched in the pass that gave them (what a cut list's total says):
    /// exact when that pass was on all fields or the query is only quoted
    /// phrases, else a lower bound (the word pass misses a word inside a
    /// longer word; `matching` counts them all). Counted, or, when some
    /// document is indexed in parts, its ids hashed.
    pub fn search_with_total(
        &self,
        query: &str,
        opts: &SearchOptions,
    ) -> Result<(Vec<Hit>, Total)> {
        let (hits, pass) = self.staged(query, opts)?;
        let Some((parsed, full)) = pass else {
            let documents = hits.len();
            return Ok((
                hits,
                Total {
                    documents,
                    at_least: false,
                },
            ));
        };
        let at_least = !full && !only_phrases(query);
        let documents = if self.parts {
            let mut seen = std::collections::HashSet::new();
            self.each_id(parsed, opts, |id| {
                seen.insert(xxhash_rust::xxh3::xxh3_64(id));
            })?;
            seen.len()
        } else {
            let query = self.filtered(parsed, opts);
            self.reader
                .searcher()
                .search(&query, &tantivy::collector::Count)
                .map_err(tv_err(&self.path))?
        };
        let documents = documents.max(hits.len());
        Ok((
            hits,
            Total {
                documents,
                at_least,
            },
        ))
    }

    /// The hits of the words pass, or of all fields when the words give
    /// fewer than the limit; with the query of the pass when its hits
    /// filled the limit (there may be more matches), None when they are all.
    /// The query of the pass when its hits filled the limit (there may be
    /// more matches), with whether it was on all fields; None when the hits
    /// are all.
    #[allow(clippy::type_complexity)]
    fn staged(
        &self,
        query: &str,
        opts: &SearchOptions,
    ) -> Result<(Vec<Hit>, Option<(Box<dyn Query>, bool)>)> {
        let limit = opts.limit.max(1);
        let words = self.parse(query, true)?;
        let hits = self.run(query, words.box_clone(), opts, limit)?;
        if hits.len() >= limit {
            return Ok((hits, Some((words, false))));
        }
        let full = self.parse(query, false)?;
        let hits = self.run(query, full.box_clone(), opts, limit)?;
        let more = hits.len() >= limit;
        Ok((hits, more.then_some((full, true))))
    }

    /// The ids of every document `query` matches with `opts`' filters
    /// (`limit` aside), on all fields, sorted: what `--count` counts.
    pub fn matching(&self, query: &str, opts: &SearchOptions) -> Result<Vec<String>> {
        self.ids(self.parse(query, false)?, opts)
    }

    /// The ids of the documents `parsed` matches with the filters, sorted.
    fn ids(&self, parsed: Box<dyn Query>, opts: &SearchOptions) -> Result<Vec<String>> {
        let mut ids = std::collections::BTreeSet::new();
        self.each_id(parsed, opts, |id| {
            ids.insert(String::from_utf8_lossy(id).into_owned());
        })?;
        Ok(ids.into_iter().collect())
    }

    /// Calls `f` with the id of each document (each of its parts) that
    /// `parsed` matches with the filters, read from the doc id column, not
    /// the stored texts: the term ordinals of each segment's matches first,
    /// then their strings in one sorted pass (a lookup per ordinal would
    /// decompress a dictionary block each time).
    fn each_id(
        &self,
        parsed: Box<dyn Query>,
        opts: &SearchOptions,
        mut f: impl FnMut(&[u8]),
    ) -> Result<()> {
        let query = self.filtered(parsed, opts);
        let searcher = self.reader.searcher();
        let found = searcher
            .search(&query, &tantivy::collector::DocSetCollector)
            .map_err(tv_err(&self.path))?;
        let mut ords: std::collections::BTreeMap<u32, Vec<u32>> = Default::default();
        for addr in found {
            ords.entry(addr.segment_ord).or_default().push(addr.doc_id);
        }
        for (segment, docs) in ords {
            let column = searcher
                .segment_reader(segment)
                .fast_fields()
                .str("doc_id")
                .map_err(tv_err(&self.path))?;
            let Some(column) = column else { continue };
            let mut terms: Vec<u64> = docs.iter().flat_map(|&d| column.term_ords(d)).collect();
            terms.sort_unstable();
            terms.dedup();
            column
                .dictionary()
                .sorted_ords_to_term_cb(&terms, &mut f)
                .map_err(|e| {
                    Error::Invalid(format!("reading doc ids of {}: {e}", self.path.display()))
                })?;
        }
        Ok(())
    }

    /// The text the index stores for document `doc_id` when it is indexed
    /// whole (one index document); None when it is not there or is in
    /// parts (read it from the documents table then). A lookup of one term
    /// and one stored block, where the table would decompress a row group.
    pub fn stored_text(&self, doc_id: &str) -> Result<Option<std::sync::Arc<str>>> {
        let term = Term::from_field_text(self.fields.doc_id, doc_id);
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let searcher = self.reader.searcher();
        let top = searcher
            .search(&query, &TopDocs::with_limit(2).order_by_score())
            .map_err(tv_err(&self.path))?;
        let [(_, addr)] = top.as_slice() else {
            return Ok(None);
        };
        let doc = self.stored(&searcher, *addr)?;
        Ok(Some(std::sync::Arc::clone(&doc.text)))
    }

    /// `parsed` with `opts`' locality and year filters.
    fn filtered(&self, parsed: Box<dyn Query>, opts: &SearchOptions) -> BooleanQuery {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, parsed)];
        if let Some(loc) = &opts.locality {
            let key = crate::place::canonical(loc);
            let term = Term::from_field_text(self.fields.locality_keys, &key);
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            ));
        }
        if let Some(y) = opts.year {
            let term = Term::from_field_i64(self.fields.year, i64::from(y));
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            ));
        }
        BooleanQuery::new(clauses)
    }

    /// The hits of `parsed`, best first; equal scores in the order of
    /// their doc ids, so that the list does not depend on how the index is
    /// cut into segments (one ingest, or shards merged).
    fn run(
        &self,
        text: &str,
        parsed: Box<dyn Query>,
        opts: &SearchOptions,
        limit: usize,
    ) -> Result<Vec<Hit>> {
        let mut hits = self.collect(text, parsed, opts, limit)?;
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.doc_id.cmp(&b.doc_id))
        });
        Ok(hits)
    }

    /// The hits of the `limit` best documents, by score and then doc id (a
    /// document indexed in parts counts at its best part).
    fn collect(
        &self,
        text: &str,
        parsed: Box<dyn Query>,
        opts: &SearchOptions,
        limit: usize,
    ) -> Result<Vec<Hit>> {
        let query = self.filtered(parsed, opts);
        let terms = query_terms(text);
        let searcher = self.reader.searcher();
        // A long document is indexed in parts (`writer::PART_BYTES`), so
        // several hits may be one document's: each document is kept once,
        // at its best part, and more are fetched until `limit` documents
        // are found or there are no more hits (with `count`, until every
        // part is counted).
        let mut fetch = limit;
        loop {
            let (top, exhausted) = self.top(&searcher, &query, fetch)?;
            let mut seen = std::collections::HashMap::new();
            let mut hits: Vec<Hit> = Vec::with_capacity(limit);
            let read = self.hits_of(&searcher, &top, &terms, opts.count)?;
            for hit in read {
                let hit = hit?;
                match seen.get(&hit.doc_id) {
                    Some(&at) => {
                        let kept: &mut Hit = &mut hits[at];
                        kept.count = kept.count.zip(hit.count).map(|(a, b)| a + b);
                    }
                    None if hits.len() < limit => {
                        seen.insert(hit.doc_id.clone(), hits.len());
                        hits.push(hit);
                        if hits.len() == limit && !opts.count {
                            return Ok(hits);
                        }
                    }
                    None if !opts.count => return Ok(hits),
                    None => {}
                }
            }
            if exhausted || (hits.len() == limit && !opts.count) {
                return Ok(hits);
            }
            fetch = fetch.saturating_mul(2);
        }
    }

    /// The hits of `top`, in its order. Counting reads every matching
    /// document, on all cores; otherwise they are read one at a time, so
    /// that reading stops at the limit.
    fn hits_of<'a>(
        &'a self,
        searcher: &'a tantivy::Searcher,
        top: &'a [(f32, tantivy::DocAddress)],
        terms: &'a [String],
        count: bool,
    ) -> Result<Box<dyn Iterator<Item = Result<Hit>> + 'a>> {
        if count && top.len() >= PARALLEL_HITS {
            use rayon::prelude::*;
            let all: Result<Vec<Hit>> = top
                .par_iter()
                .map(|&at| self.hit_at(searcher, at, terms, true))
                .collect();
            return Ok(Box::new(all?.into_iter().map(Ok)));
        }
        Ok(Box::new(
            top.iter()
                .map(move |&at| self.hit_at(searcher, at, terms, count)),
        ))
    }

    /// The hit of the index document at `at` (its score and address).
    fn hit_at(
        &self,
        searcher: &tantivy::Searcher,
        (score, addr): (f32, tantivy::DocAddress),
        terms: &[String],
        count: bool,
    ) -> Result<Hit> {
        Ok(hit(&*self.stored(searcher, addr)?, score, terms, count))
    }

    /// The best `n` index documents, equal scores by doc id (see the
    /// `ranking` module), and whether they are all there are.
    fn top(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        n: usize,
    ) -> Result<(Vec<(f32, tantivy::DocAddress)>, bool)> {
        if n == 0 {
            return Ok((Vec::new(), false));
        }
        let mut top = searcher
            .search(query, &ScoreThenId { n: n + 1 })
            .map_err(tv_err(&self.path))?;
        let exhausted = top.len() <= n;
        top.truncate(n);
        Ok((top, exhausted))
    }

    /// Parses `query` for the word fields only, or for all fields.
    fn parse(&self, query: &str, words_only: bool) -> Result<Box<dyn Query>> {
        let bad = |message: String| Error::Query {
            query: query.to_string(),
            message,
        };
        if query.trim().is_empty() {
            return Err(bad("the query is empty".into()));
        }
        if query.chars().filter(|&c| c == '"').count() % 2 == 1 {
            return Err(bad("a quote is not closed".into()));
        }
        let f = &self.fields;
        let mut fields = vec![f.title, f.body];
        if !words_only {
            fields.extend([f.title_chars, f.body_chars]);
        }
        let mut parser = QueryParser::new(
            self.index.schema(),
            fields,
            query_tokenizers(&self.segmenter),
        );
        parser.set_conjunction_by_default();
        parser.set_field_boost(f.title, 2.0);
        parser.set_field_boost(f.body, 1.5);
        parser
            .parse_query(&exact_phrases(query))
            .map_err(|e| bad(e.to_string()))
    }

    /// The stored fields of the document at `addr`, read once.
    fn stored(
        &self,
        searcher: &tantivy::Searcher,
        addr: tantivy::DocAddress,
    ) -> Result<std::sync::Arc<Stored>> {
        super::stored::read(&self.kept, searcher, addr, &self.fields).map_err(tv_err(&self.path))
    }
}

fn hit(doc: &Stored, score: f32, terms: &[String], count: bool) -> Hit {
    Hit {
        doc_id: doc.doc_id.clone(),
        title: doc.title.clone(),
        source: doc.source.clone(),
        locality: doc.locality.clone(),
        year: doc.year,
        score,
        snippet: snippet(&doc.text, terms, 60),
        count: count.then(|| super::snippet::matches(&doc.text, terms).len()),
    }
}

/// `query` with each quoted phrase that names no field looked for in the
/// text's characters only (`"改革开放"` → `body_chars:"改革开放"`): a phrase
/// of the character field is an exact substring (positions leave a gap at
/// punctuation and line breaks), where a phrase of jieba's words would miss
/// a phrase cut differently and the title would add documents whose text
/// lacks it.
fn exact_phrases(query: &str) -> String {
    let mut out = String::with_capacity(query.len() + 16);
    let mut open = false;
    for (i, c) in query.char_indices() {
        if c == '"' && !open {
            let before = &query[..i];
            let named = before.ends_with(':')
                && before[..before.len() - 1]
                    .chars()
                    .next_back()
                    .is_some_and(|p| p.is_ascii_alphanumeric() || p == '_');
            if !named {
                out.push_str("body_chars:");
            }
        }
        if c == '"' {
            open = !open;
        }
        out.push(c);
    }
    out
}

/// The words and phrases of `query` to mark in a text, folded as
/// [`super::snippet::matches`] compares them, longest first.
pub fn query_terms(query: &str) -> Vec<String> {
    highlight_terms(query_text_terms(query))
}

/// The words and phrases a user typed, without operators and quotes:
/// `"学习创新型" AND 班子 -腐败` → [学习创新型, 班子]. Excluded terms are
/// not highlighted.
fn query_text_terms(query: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = query;
    while let Some(open) = rest.find('"') {
        words_outside_quotes(&rest[..open], &mut out);
        let after = &rest[open + 1..];
        let close = after.find('"').unwrap_or(after.len());
        if !rest[..open].ends_with('-') {
            out.push(after[..close].to_string());
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    words_outside_quotes(rest, &mut out);
    out
}

/// Whether `query` is only quoted phrases (and operators): its word pass
/// is then the character pass.
fn only_phrases(query: &str) -> bool {
    let mut outside = String::new();
    for (i, piece) in query.split('"').enumerate() {
        if i % 2 == 0 {
            outside.push_str(piece);
            outside.push(' ');
        }
    }
    let mut words = Vec::new();
    words_outside_quotes(&outside, &mut words);
    words.is_empty() && query.contains('"')
}

fn words_outside_quotes(s: &str, out: &mut Vec<String>) {
    for w in s.split_whitespace() {
        if matches!(w, "AND" | "OR" | "NOT") || w.starts_with('-') {
            continue;
        }
        let w = w.rsplit(':').next().unwrap_or(w);
        let w = w.trim_matches(|c: char| "+()[]{}^~*".contains(c));
        if !w.is_empty() {
            out.push(w.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_phrases_are_looked_for_in_the_text_s_characters() {
        assert_eq!(exact_phrases("\"改革开放\""), "body_chars:\"改革开放\"");
        assert_eq!(
            exact_phrases("经济 -\"下行\" title:\"报告\" \"a b\""),
            "经济 -body_chars:\"下行\" title:\"报告\" body_chars:\"a b\""
        );
    }

    #[test]
    fn query_terms_without_operators() {
        let t = query_text_terms("\"学习创新型领导班子\" AND 培训干部 -腐败 title:合山");
        assert_eq!(t, ["学习创新型领导班子", "培训干部", "合山"]);
    }
}
