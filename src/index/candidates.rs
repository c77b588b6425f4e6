//! The documents a substring can be in, from the character view, and the
//! texts the index stores: what `kwic` reads instead of the whole corpus.

use super::schema::{open_reader, tv_err, Fields};
use super::tokenizer::char_tokens;
use crate::error::{Error, Result};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

/// An indexed text (a document, or a part of a long one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part(DocAddress);

/// Per document id, its indexed parts that may hold a term.
pub type Found = HashMap<String, Vec<Part>>;

/// An opened index, for finding where terms may be and reading texts.
pub struct TextLookup {
    searcher: Searcher,
    fields: Fields,
    path: PathBuf,
}

impl TextLookup {
    /// Opens a generation's index (`Generation::index_dir`).
    pub fn open(dir: &Path) -> Result<TextLookup> {
        let (_, reader, fields) = open_reader(dir)?;
        Ok(TextLookup {
            searcher: reader.searcher(),
            fields,
            path: dir.to_path_buf(),
        })
    }

    /// The parts with every character of `term` (normalized), in any order
    /// (`phrase`: in a row, which costs a check of positions): a superset
    /// of those that contain it, to be checked against the text. `None`
    /// when the index cannot narrow the search: a term that is one run of
    /// ASCII letters and digits (5G, AI), which in the text may be part of
    /// a longer run.
    pub fn candidates(&self, term: &str, phrase: bool) -> Result<Option<Found>> {
        let tokens = char_tokens(term);
        // An ASCII run at an edge of the term may continue in the text (DP
        // in GDP): it is left out; runs inside the term are whole there too.
        let ascii =
            |t: &tantivy::tokenizer::Token| t.text.bytes().all(|b| b.is_ascii_alphanumeric());
        let mut inner: &[tantivy::tokenizer::Token] = &tokens;
        if inner.first().is_some_and(ascii) {
            inner = &inner[1..];
        }
        if inner.last().is_some_and(ascii) {
            inner = &inner[..inner.len() - 1];
        }
        if inner.is_empty() {
            return Ok(None);
        }
        let terms: Vec<Term> = inner
            .iter()
            .map(|t| Term::from_field_text(self.fields.body_chars, &t.text))
            .collect();
        let query: Box<dyn Query> = if phrase && terms.len() > 1 {
            Box::new(PhraseQuery::new(terms))
        } else {
            let mut seen = HashSet::new();
            let clauses: Vec<(Occur, Box<dyn Query>)> = terms
                .into_iter()
                .filter(|t| seen.insert(t.clone()))
                .map(|t| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(t, IndexRecordOption::Basic));
                    (Occur::Must, q)
                })
                .collect();
            Box::new(BooleanQuery::new(clauses))
        };
        let found = self
            .searcher
            .search(&query, &DocSetCollector)
            .map_err(tv_err(&self.path))?;
        self.by_document(found).map(Some)
    }

    /// Every part, by document.
    pub fn all(&self) -> Result<Found> {
        let found = self
            .searcher
            .search(&tantivy::query::AllQuery, &DocSetCollector)
            .map_err(tv_err(&self.path))?;
        self.by_document(found)
    }

    /// Parts grouped by their document's id (looked up in one sorted pass
    /// over each segment's dictionary of ids).
    fn by_document(&self, found: HashSet<DocAddress>) -> Result<Found> {
        let err = |e: &dyn std::fmt::Display| {
            Error::Invalid(format!("index {}: {e}", self.path.display()))
        };
        let mut by_segment: Vec<Vec<u32>> = vec![Vec::new(); self.searcher.segment_readers().len()];
        for addr in found {
            by_segment[addr.segment_ord as usize].push(addr.doc_id);
        }
        let mut out = Found::new();
        for (segment, docs) in by_segment
            .iter_mut()
            .enumerate()
            .filter(|(_, d)| !d.is_empty())
        {
            let column = self
                .searcher
                .segment_reader(segment as u32)
                .fast_fields()
                .str("doc_id");
            let column = column
                .map_err(|e| err(&e))?
                .ok_or_else(|| err(&"no doc_id column"))?;
            docs.sort_unstable();
            let mut pairs: Vec<(u64, u32)> = docs
                .iter()
                .flat_map(|&d| column.term_ords(d).map(move |o| (o, d)))
                .collect();
            pairs.sort_unstable();
            let mut ords: Vec<u64> = pairs.iter().map(|p| p.0).collect();
            ords.dedup();
            let mut ids = Vec::with_capacity(ords.len());
            column
                .dictionary()
                .sorted_ords_to_term_cb(&ords, |bytes| {
                    ids.push(String::from_utf8_lossy(bytes).into_owned())
                })
                .map_err(|e| err(&e))?;
            for (ord, doc) in pairs {
                if let Ok(i) = ords.binary_search(&ord) {
                    let part = Part(DocAddress::new(segment as u32, doc));
                    out.entry(ids[i].clone()).or_default().push(part);
                }
            }
        }
        Ok(out)
    }

    /// The original text the index stores for `part`.
    pub fn text(&self, part: Part) -> Result<String> {
        let doc: TantivyDocument = self.searcher.doc(part.0).map_err(tv_err(&self.path))?;
        Ok(doc
            .get_first(self.fields.text)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string())
    }
}
