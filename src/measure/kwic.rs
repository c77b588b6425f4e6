//! Keyword in context: every occurrence of a term in the documents, with
//! the characters around it, at byte offsets of the original text.
//!
//! The term is looked for as `terms` counts it: its normalized form in the
//! normalized text (full-width, traditional and radical forms folded),
//! occurrences left to right without overlap. The index narrows the
//! documents to read (those with every character of the term, see
//! [`TextLookup::candidates`]) and gives their texts; each is then searched
//! in full, so nothing the index skips (punctuation) is crossed.

use crate::error::Result;
use crate::frames::{self, DocRow};
use crate::index::{Found, TextLookup};
use crate::store::Generation;
use crate::text::{normalize, Normalized};

/// What `kwic` looks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub term: String,
    /// Characters of context each side.
    pub window: usize,
    /// Only documents of this place (北京 = 北京市).
    pub locality: Option<String>,
    pub year: Option<i32>,
    /// At most this many occurrences (0: all).
    pub limit: usize,
}

/// One occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KwicRow {
    pub doc_id: String,
    pub title: Option<String>,
    pub locality: Option<String>,
    pub year: Option<i32>,
    /// Byte offsets of the original text: `text[start..end]` is `matched`.
    pub start: usize,
    pub end: usize,
    pub left: String,
    pub matched: String,
    pub right: String,
}

/// After this many documents read without reaching the limit, the rest
/// are narrowed by the positions of the term's characters (a phrase query,
/// which costs a quarter of a second for very common characters on a
/// gigabyte, and is not needed when the first documents fill the limit).
const NARROW_AFTER: usize = 64;

/// The occurrences, in store order of the documents and then by offset;
/// and whether there are more than `limit`.
pub fn kwic(generation: &Generation, query: &Query) -> Result<(Vec<KwicRow>, bool)> {
    let dir = generation.dir();
    let term = normalize(query.term.trim());
    // Titles, places and years are read for the documents shown, not all.
    let filters = query.locality.is_some() || query.year.is_some();
    let columns: &[&str] = if filters { &["locality", "year"] } else { &[] };
    let docs = frames::read_documents_with(dir, columns)?;
    let lookup = TextLookup::open(&generation.index_dir())?;
    let (mut found, narrowable) = match lookup.candidates(&term, false)? {
        Some(found) => (found, true),
        None => (lookup.all()?, false),
    };
    let order = |found: &Found, after: Option<usize>| -> Vec<usize> {
        (after.map_or(0, |a| a + 1)..docs.len())
            .filter(|&i| found.contains_key(&docs[i].doc_id) && in_query(&docs[i], query))
            .collect()
    };
    let mut wanted = order(&found, None);
    let (mut rows, mut shown) = (Vec::new(), Vec::new());
    let mut k = 0;
    let mut more = false;
    while let Some(&i) = wanted.get(k) {
        if narrowable && k == NARROW_AFTER {
            if let Some(narrow) = lookup.candidates(&term, true)? {
                found = narrow;
                wanted = order(&found, Some(wanted[k - 1]));
                k = 0;
                continue;
            }
        }
        k += 1;
        let text = text_of(&lookup, dir, &docs[i], i, &found)?;
        let before = rows.len();
        rows.extend(occurrences(&docs[i], &text, &term, query.window));
        if rows.len() > before {
            shown.push(i);
        }
        if query.limit > 0 && rows.len() > query.limit {
            rows.truncate(query.limit);
            more = true;
            break;
        }
    }
    with_heads(dir, &mut rows, &shown)?;
    Ok((rows, more))
}

/// Sets the title, locality and year of each row, read for the documents
/// at positions `shown` alone.
fn with_heads(dir: &std::path::Path, rows: &mut [KwicRow], shown: &[usize]) -> Result<()> {
    let heads = frames::read_document_rows(dir, shown, &["title", "locality", "year"])?;
    let by_id: std::collections::HashMap<&str, &DocRow> =
        heads.iter().map(|d| (d.doc_id.as_str(), d)).collect();
    for r in rows {
        if let Some(d) = by_id.get(r.doc_id.as_str()) {
            r.title.clone_from(&d.title);
            r.locality.clone_from(&d.locality);
            r.year = d.year;
        }
    }
    Ok(())
}

/// A document's original text: from the index when it is stored there
/// whole (one part, every character), else from the documents table.
fn text_of(
    lookup: &TextLookup,
    dir: &std::path::Path,
    doc: &DocRow,
    at: usize,
    found: &Found,
) -> Result<String> {
    if let Some([part]) = found.get(&doc.doc_id).map(Vec::as_slice) {
        let text = lookup.text(*part)?;
        if text.chars().count() as u64 == doc.chars {
            return Ok(text);
        }
    }
    Ok(frames::read_texts(dir, &[at])?.pop().unwrap_or_default())
}

fn in_query(d: &DocRow, q: &Query) -> bool {
    q.year.is_none_or(|y| d.year == Some(y))
        && q.locality.as_deref().is_none_or(|want| {
            d.locality
                .as_deref()
                .is_some_and(|l| crate::place::same_locality(want, l))
        })
}

/// The occurrences of normalized `term` in the document `text`.
pub fn occurrences(doc: &DocRow, text: &str, term: &str, window: usize) -> Vec<KwicRow> {
    if term.is_empty() {
        return Vec::new();
    }
    let norm = Normalized::new(text);
    norm.text
        .match_indices(term)
        .map(|(at, m)| {
            let (start, end) = norm.span_to_original(at, at + m.len());
            KwicRow {
                doc_id: doc.doc_id.clone(),
                title: doc.title.clone(),
                locality: doc.locality.clone(),
                year: doc.year,
                start,
                end,
                left: last_chars(&text[..start], window).to_string(),
                matched: text[start..end].to_string(),
                right: first_chars(&text[end..], window).to_string(),
            }
        })
        .collect()
}

/// The last `n` characters of `s`.
fn last_chars(s: &str, n: usize) -> &str {
    let from = s
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    if n == 0 {
        ""
    } else {
        &s[from..]
    }
}

/// The first `n` characters of `s`.
fn first_chars(s: &str, n: usize) -> &str {
    &s[..crate::text::char_to_byte(s, n)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurrences_are_original_spans_with_their_context() {
        let doc = DocRow {
            doc_id: "d".into(),
            ..DocRow::default()
        };
        let text = "２０２５年推進數字化轉型，数字化政府。";
        let rows = occurrences(&doc, text, "数字化", 2);
        assert_eq!(rows.len(), 2);
        for r in &rows {
            assert_eq!(&text[r.start..r.end], r.matched);
        }
        assert_eq!(
            (
                rows[0].left.as_str(),
                rows[0].matched.as_str(),
                rows[0].right.as_str()
            ),
            ("推進", "數字化", "轉型")
        );
        assert_eq!(
            (rows[1].left.as_str(), rows[1].right.as_str()),
            ("型，", "政府")
        );
        // Not past the ends.
        let rows = occurrences(&doc, "数字化", "数字化", 5);
        assert_eq!((rows[0].left.as_str(), rows[0].right.as_str()), ("", ""));
        assert_eq!(last_chars("一二三", 0), "");
        assert_eq!(last_chars("一二三", 2), "二三");
    }
}
