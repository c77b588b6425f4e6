//! The rows of `gongwen reuse`: a store's clusters with each occurrence's
//! document, who had the passage first, and whether it is a formula.

use super::{find_reuse, Cluster, ReuseConfig, StoreTexts};
use crate::error::Result;
use crate::frames::{self, table, DocRow};
use std::collections::HashMap;

/// What `gongwen reuse` asks for.
#[derive(Debug, Clone)]
pub struct Query {
    /// Shortest passage, in characters of the similarity form (at least 1).
    pub min_chars: usize,
    /// Only clusters with an occurrence in this place.
    pub locality: Option<String>,
    /// Keep boilerplate clusters (flagged) or leave them out.
    pub boilerplate: bool,
}

/// One occurrence of a shared passage (the contract's `reuse` record).
#[derive(Debug, Clone, PartialEq)]
pub struct ReuseRow {
    pub cluster: usize,
    pub doc_id: String,
    pub title: Option<String>,
    pub locality: Option<String>,
    pub year: Option<i32>,
    /// Byte offsets of the original text; `text` is that span.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Characters of the similarity form (no punctuation or space).
    pub chars: usize,
    /// Documents in the cluster.
    pub size: usize,
    /// The doc id of the earliest-dated member.
    pub earliest: String,
    pub boilerplate: bool,
}

/// The shared passages of a store generation, one row per occurrence,
/// clusters in order (most documents first), each earliest first.
pub fn reuse(dir: &std::path::Path, q: &Query) -> Result<Vec<ReuseRow>> {
    let docs = frames::read_documents_with(dir, &["locality"])?;
    let texts = StoreTexts {
        dir,
        count: docs.len(),
        chars: docs.iter().map(|d| d.chars as usize).sum(),
    };
    let cfg = ReuseConfig {
        min_chars: q.min_chars.max(1),
        ..ReuseConfig::default()
    };
    let mut clusters = find_reuse(&texts, &cfg, &units(dir, &docs)?)?;
    clusters.retain(|c| {
        (q.boilerplate || !c.boilerplate)
            && q.locality.as_deref().is_none_or(|want| {
                c.members.iter().any(|m| {
                    docs[m.doc]
                        .locality
                        .as_deref()
                        .is_some_and(|l| crate::place::same_locality(want, l))
                })
            })
    });
    rows(dir, clusters)
}

/// Each document's unit: the first document of its near-duplicate
/// cluster at the default threshold, or itself.
fn units(dir: &std::path::Path, docs: &[DocRow]) -> Result<Vec<usize>> {
    let at: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.doc_id.as_str(), i))
        .collect();
    let mut uf = crate::dedup::UnionFind::new(docs.len());
    let stored = if dir.join(frames::DUPLICATES).exists() {
        frames::read_duplicates(dir)?
    } else {
        Vec::new()
    };
    for p in &crate::dedup::rows_at(stored, crate::dedup::DEFAULT_THRESHOLD) {
        if let (Some(&a), Some(&b)) = (at.get(p.doc_a.as_str()), at.get(p.doc_b.as_str())) {
            uf.union(a, b);
        }
    }
    Ok((0..docs.len()).map(|i| uf.find(i)).collect())
}

/// The rows of `clusters`, with the heads of their documents.
fn rows(dir: &std::path::Path, clusters: Vec<Cluster>) -> Result<Vec<ReuseRow>> {
    let mut at: Vec<usize> = clusters
        .iter()
        .flat_map(|c| c.members.iter().map(|m| m.doc))
        .collect();
    at.sort_unstable();
    at.dedup();
    let heads = frames::read_document_rows(dir, &at, &["title", "locality", "year"])?;
    let dates = dates(dir, &at)?;
    let head: HashMap<usize, (&DocRow, Option<Date>)> = at
        .iter()
        .zip(heads.iter().zip(dates))
        .map(|(&i, (h, d))| (i, (h, d)))
        .collect();
    let mut out = Vec::new();
    for mut c in clusters {
        let key = |doc: usize| {
            let (h, date) = head[&doc];
            let year = h.year.or(date.map(|d| d.0));
            let (m, d) = date.map_or((13, 32), |d| (d.1, d.2));
            (year.unwrap_or(i32::MAX), m, d, doc)
        };
        c.members.sort_by_key(|m| (key(m.doc), m.start));
        let earliest = head[&c.members[0].doc].0.doc_id.clone();
        for m in c.members {
            let h = head[&m.doc].0;
            out.push(ReuseRow {
                cluster: c.id,
                doc_id: h.doc_id.clone(),
                title: h.title.clone(),
                locality: h.locality.clone(),
                year: h.year,
                start: m.start,
                end: m.end,
                text: m.text,
                chars: m.chars,
                size: c.size,
                earliest: earliest.clone(),
                boilerplate: c.boilerplate,
            });
        }
    }
    Ok(out)
}

/// Year, month and day.
type Date = (i32, u32, u32);

/// Metadata columns that date a document, in the order they are tried.
pub const DATE_KEYS: [&str; 8] = [
    "date",
    "日期",
    "publish_date",
    "pub_date",
    "发布日期",
    "发布时间",
    "成文日期",
    "time",
];

/// The date in the metadata of the documents at `at`, if any.
fn dates(dir: &std::path::Path, at: &[usize]) -> Result<Vec<Option<(i32, u32, u32)>>> {
    let path = dir.join(frames::DOCUMENTS);
    let df = table::read_rows(&path, &["metadata"], at, 64)?;
    let column = df
        .column("metadata")
        .and_then(|c| c.str().cloned())
        .map_err(table::frame_err(&path))?;
    Ok(column.iter().map(|m| m.and_then(date_of)).collect())
}

/// The first date among [`DATE_KEYS`] of a metadata object: year, month
/// and day read from the value's numbers (`2026-01-15`, `2026年1月15日`,
/// `20260115`); a missing month or day counts as the year's start.
pub fn date_of(metadata: &str) -> Option<(i32, u32, u32)> {
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(metadata).ok()?;
    DATE_KEYS.iter().find_map(|k| {
        let v = map.get(*k)?;
        let s = v
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| v.to_string());
        parse_date(&s)
    })
}

fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    let digits: String = s.chars().map(crate::text::fold_char).collect();
    let numbers: Vec<&str> = digits
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .collect();
    let (year, month, day) = match numbers.as_slice() {
        [ymd] if ymd.len() == 8 => (&ymd[..4], &ymd[4..6], &ymd[6..]),
        [y, m, d, ..] => (*y, *m, *d),
        [y, m] => (*y, *m, "1"),
        [y] => (*y, "1", "1"),
        [] => return None,
    };
    let year: i32 = year.parse().ok().filter(|y| (1000..=9999).contains(y))?;
    let month: u32 = month.parse().ok().filter(|m| (1..=12).contains(m))?;
    let day: u32 = day.parse().ok().filter(|d| (1..=31).contains(d))?;
    Some((year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_forms_metadata_gives() {
        assert_eq!(date_of(r#"{"date":"2026-01-15"}"#), Some((2026, 1, 15)));
        assert_eq!(
            date_of(r#"{"发布日期":"2025年12月3日"}"#),
            Some((2025, 12, 3))
        );
        assert_eq!(date_of(r#"{"日期":20240301}"#), Some((2024, 3, 1)));
        assert_eq!(date_of(r#"{"date":"２０２６年３月"}"#), Some((2026, 3, 1)));
        assert_eq!(date_of(r#"{"date":"yesterday"}"#), None);
        assert_eq!(date_of(r#"{"date":"2026-13-01"}"#), None);
        assert_eq!(date_of(r#"{"author":"x"}"#), None);
        assert_eq!(date_of("not json"), None);
    }
}
