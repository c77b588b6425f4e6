//! Searching an index: the query parsed for the word fields and, when they
//! find too few hits, for the character fields too; filters; hits.

use super::schema::{open_reader, query_tokenizers, tv_err, Fields};
use super::snippet::{highlight_terms, snippet, Snippet};
use crate::error::{Error, Result};
use crate::segment::Segmenter;
use std::path::{Path, PathBuf};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Index, IndexReader, TantivyDocument, Term};

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

/// An opened index, ready for queries.
pub struct Searcher {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    path: PathBuf,
    segmenter: Segmenter,
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
        let full = self.parse(query, false)?;
        let words = self.parse(query, true)?;
        let limit = opts.limit.max(1);
        let hits = self.run(query, words, opts, limit)?;
        if hits.len() >= limit {
            return Ok(hits);
        }
        self.run(query, full, opts, limit)
    }

    /// [`Searcher::search`]'s hits, and the ids of every document the query
    /// matched in the pass that gave them (the words, or all fields when
    /// the words gave too few): the set a cut list's total and a page's
    /// counts by locality and year are made from, consistent with the hits.
    pub fn search_with_ids(
        &self,
        query: &str,
        opts: &SearchOptions,
    ) -> Result<(Vec<Hit>, Vec<String>)> {
        let limit = opts.limit.max(1);
        let words = self.parse(query, true)?;
        let hits = self.run(query, words.box_clone(), opts, limit)?;
        if hits.len() >= limit {
            return Ok((hits, self.ids_of(words, opts)?));
        }
        let full = self.parse(query, false)?;
        let hits = self.run(query, full.box_clone(), opts, limit)?;
        let ids = if hits.len() >= limit {
            self.ids_of(full, opts)?
        } else {
            let mut ids: Vec<String> = hits.iter().map(|h| h.doc_id.clone()).collect();
            ids.sort();
            ids
        };
        Ok((hits, ids))
    }

    /// The ids of every document `query` matches with `opts`' filters
    /// (`limit` aside), on all fields, sorted: what `--count` counts.
    pub fn matching(&self, query: &str, opts: &SearchOptions) -> Result<Vec<String>> {
        self.ids_of(self.parse(query, false)?, opts)
    }

    /// The ids of the documents `parsed` matches with the filters, read
    /// from the doc id column, not the stored texts.
    fn ids_of(&self, parsed: Box<dyn Query>, opts: &SearchOptions) -> Result<Vec<String>> {
        let query = self.filtered(parsed, opts);
        let searcher = self.reader.searcher();
        let found = searcher
            .search(&query, &tantivy::collector::DocSetCollector)
            .map_err(tv_err(&self.path))?;
        // The term ordinals of each segment's matches first, then their
        // strings in one sorted pass: a lookup per ordinal decompresses a
        // dictionary block each time.
        let mut ords: std::collections::BTreeMap<u32, Vec<u64>> = Default::default();
        for addr in found {
            ords.entry(addr.segment_ord)
                .or_default()
                .push(u64::from(addr.doc_id));
        }
        let mut ids = std::collections::BTreeSet::new();
        for (segment, docs) in ords {
            let column = searcher
                .segment_reader(segment)
                .fast_fields()
                .str("doc_id")
                .map_err(tv_err(&self.path))?;
            let Some(column) = column else { continue };
            let mut terms: Vec<u64> = docs
                .iter()
                .flat_map(|&d| column.term_ords(d as u32))
                .collect();
            terms.sort_unstable();
            terms.dedup();
            column
                .dictionary()
                .sorted_ords_to_term_cb(&terms, |bytes| {
                    ids.insert(String::from_utf8_lossy(bytes).into_owned());
                })
                .map_err(|e| {
                    Error::Invalid(format!("reading doc ids of {}: {e}", self.path.display()))
                })?;
        }
        Ok(ids.into_iter().collect())
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

    fn run(
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
        // are found or there are no more hits.
        let mut fetch = limit;
        loop {
            let top = searcher
                .search(&query, &TopDocs::with_limit(fetch).order_by_score())
                .map_err(tv_err(&self.path))?;
            let exhausted = top.len() < fetch;
            let mut seen = std::collections::HashMap::new();
            let mut hits: Vec<Hit> = Vec::with_capacity(limit);
            for (score, addr) in top {
                let doc: TantivyDocument = searcher.doc(addr).map_err(tv_err(&self.path))?;
                let hit = self.hit(&doc, score, &terms, opts.count);
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

    fn hit(&self, doc: &TantivyDocument, score: f32, terms: &[String], count: bool) -> Hit {
        let f = &self.fields;
        let s = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let text = s(f.text).unwrap_or_default();
        Hit {
            doc_id: s(f.doc_id).unwrap_or_default(),
            title: s(f.title_text).filter(|t| !t.is_empty()),
            source: s(f.source).unwrap_or_default(),
            locality: s(f.locality),
            year: doc
                .get_first(f.year)
                .and_then(|v| v.as_i64())
                .map(|y| y as i32),
            score,
            snippet: snippet(&text, terms, 60),
            count: count.then(|| super::snippet::matches(&text, terms).len()),
        }
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
