//! The store's tables (documents, indicators, duplicates, fingerprints):
//! each a row type that declares its columns once ([`table`]); Parquet
//! schema, writer and reader come from that declaration.

pub mod table;

use crate::corpus::Document;
use crate::error::Result;
use crate::extract::{Indicator, LocalitySource};
use polars::prelude::*;
use serde::Serialize;
use std::path::Path;

pub use table::{read, read_slice, schema, to_frame, write, Col, ParquetSink, Table};

/// File names inside a store generation.
pub const DOCUMENTS: &str = "documents.parquet";
pub const INDICATORS: &str = "indicators.parquet";
pub const DUPLICATES: &str = "duplicates.parquet";
pub const FINGERPRINTS: &str = "fingerprints.parquet";
pub const WORD_COUNTS: &str = "word_counts.parquet";

/// Reads a Parquet file, optionally only some columns.
pub fn read_parquet(path: &Path, columns: Option<&[&str]>) -> Result<DataFrame> {
    table::read_frame(path, columns, None)
}

/// Reads rows `[offset, offset + len)` of a Parquet file (all when `None`).
pub fn read_parquet_slice(
    path: &Path,
    columns: Option<&[&str]>,
    slice: Option<(usize, usize)>,
) -> Result<DataFrame> {
    table::read_frame(path, columns, slice)
}

impl Table for Document {
    const FILE: &'static str = DOCUMENTS;
    fn columns() -> Vec<Col<Self>> {
        vec![
            Col::str("doc_id", |d| &d.doc_id, |d, v| d.doc_id = v.into()),
            Col::str("source", |d| &d.source, |d, v| d.source = v.into()),
            Col::u32("ordinal", |d| d.ordinal, |d, v| d.ordinal = v),
            Col::opt_str(
                "title",
                |d| d.title.as_deref(),
                |d, v| d.title = v.map(Into::into),
            ),
            Col::opt_str(
                "locality",
                |d| d.locality.as_deref(),
                |d, v| d.locality = v.map(Into::into),
            ),
            Col::opt_i32("year", |d| d.year, |d, v| d.year = v),
            Col::opt_str(
                "locality_source",
                |d| d.locality_source.map(|s| s.as_str()),
                |d, v| d.locality_source = parse(v),
            ),
            // Derived from the text; read back by `DocRow` alone.
            Col::u64("chars", |d| d.chars() as u64, |_, _| {}),
            Col::str("encoding", |d| &d.encoding, |d, v| d.encoding = v.into()),
            // A null reads back as an empty object, not an empty string.
            Col::opt_str(
                "metadata",
                |d| Some(&d.metadata),
                |d, v| d.metadata = v.unwrap_or("{}").into(),
            ),
            Col::str("text", |d| &d.text, |d, v| d.text = v.into()),
        ]
    }
}

/// The documents table's schema.
pub fn documents_schema() -> Schema {
    schema::<Document>()
}

/// A batch of documents as a frame.
pub fn documents_frame(docs: &[Document]) -> Result<DataFrame> {
    to_frame(docs)
}

/// A document as read back from the store (text only when asked for).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocRow {
    pub doc_id: String,
    pub source: String,
    pub ordinal: u32,
    pub title: Option<String>,
    pub locality: Option<String>,
    pub year: Option<i32>,
    pub chars: u64,
    pub locality_source: Option<LocalitySource>,
    pub text: Option<String>,
}

/// Reads the documents table of a store generation, through the columns
/// [`Document`] declares (`chars` is stored, not recounted).
pub fn read_documents(dir: &Path, with_text: bool) -> Result<Vec<DocRow>> {
    let mut cols = vec![
        "doc_id",
        "source",
        "ordinal",
        "title",
        "locality",
        "year",
        "chars",
        "locality_source",
    ];
    if with_text {
        cols.push("text");
    }
    read_documents_with(dir, &cols)
}

/// Reads some columns of the documents table (`doc_id` and `chars`
/// always); the other fields keep their defaults.
pub fn read_documents_with(dir: &Path, columns: &[&str]) -> Result<Vec<DocRow>> {
    let mut cols = vec!["doc_id", "chars"];
    cols.extend(columns.iter().filter(|c| !["doc_id", "chars"].contains(c)));
    let with_text = cols.contains(&"text");
    let path = dir.join(DOCUMENTS);
    doc_rows(&read_parquet(&path, Some(&cols))?, &path, with_text)
}

/// A frame of the documents table as rows (`chars` 0 where the frame
/// lacks the column; the text only when asked for).
fn doc_rows(df: &DataFrame, path: &Path, with_text: bool) -> Result<Vec<DocRow>> {
    let docs: Vec<Document> = table::from_frame(df, path)?;
    let chars: Vec<Option<u64>> = match df.column("chars") {
        Ok(c) => c
            .u64()
            .map(|c| c.iter().collect())
            .map_err(table::frame_err(path))?,
        Err(_) => vec![None; docs.len()],
    };
    let rows = docs.into_iter().zip(chars).map(|(d, chars)| DocRow {
        chars: chars.unwrap_or(0),
        text: with_text.then_some(d.text),
        doc_id: d.doc_id,
        source: d.source,
        ordinal: d.ordinal,
        title: d.title,
        locality: d.locality,
        locality_source: d.locality_source,
        year: d.year,
    });
    Ok(rows.collect())
}

/// One row of the indicators table, as the contract prints it: the
/// document's fields, then the indicator's (reached through the row:
/// `row.metric`). The document's strings and the sentence are shared
/// between the rows that repeat them (a long document has a million rows,
/// several per sentence).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IndicatorRow {
    pub doc_id: Arc<str>,
    pub title: Option<Arc<str>>,
    pub source: Arc<str>,
    #[serde(flatten)]
    pub indicator: Indicator,
}

impl std::ops::Deref for IndicatorRow {
    type Target = Indicator;
    fn deref(&self) -> &Indicator {
        &self.indicator
    }
}

impl std::ops::DerefMut for IndicatorRow {
    fn deref_mut(&mut self) -> &mut Indicator {
        &mut self.indicator
    }
}

/// Makes the rows of one document's indicators, sharing its strings.
pub struct RowMaker {
    doc_id: Arc<str>,
    title: Option<Arc<str>>,
    source: Arc<str>,
    /// The last sentence made, shared with the next row when it is the same.
    sentence: Arc<str>,
}

impl RowMaker {
    /// Starts the rows of document `doc`.
    pub fn new(doc: &Document) -> RowMaker {
        RowMaker {
            doc_id: doc.doc_id.as_str().into(),
            title: doc.title.as_deref().map(Arc::from),
            source: doc.source.as_str().into(),
            sentence: Arc::from(""),
        }
    }

    /// The row of indicator `ind`.
    pub fn row(&mut self, mut ind: Indicator) -> IndicatorRow {
        if self.sentence == ind.sentence {
            ind.sentence = Arc::clone(&self.sentence);
        } else {
            self.sentence = Arc::clone(&ind.sentence);
        }
        IndicatorRow {
            doc_id: Arc::clone(&self.doc_id),
            title: self.title.clone(),
            source: Arc::clone(&self.source),
            indicator: ind,
        }
    }
}

impl IndicatorRow {
    /// The row for indicator `ind` of document `doc`.
    pub fn new(doc: &Document, ind: &Indicator) -> IndicatorRow {
        RowMaker::new(doc).row(ind.clone())
    }
}

impl Table for IndicatorRow {
    const FILE: &'static str = INDICATORS;
    #[rustfmt::skip]
    fn columns() -> Vec<Col<Self>> {
        vec![
            Col::str("doc_id", |r| &r.doc_id, |r, v| r.doc_id = v.into()),
            Col::opt_str("title", |r| r.title.as_deref(), |r, v| r.title = v.map(Arc::from)),
            Col::str("source", |r| &r.source, |r, v| r.source = v.into()),
            Col::opt_str("locality", |r| r.locality.as_deref(), |r, v| r.locality = v.map(Into::into)),
            Col::opt_i32("year", |r| r.year, |r, v| r.year = v),
            Col::str("kind", |r| r.kind.as_str(), |r, v| r.kind = v.parse().unwrap_or_default()),
            Col::opt_str("metric", |r| r.metric.as_deref(), |r, v| r.metric = v.map(Into::into)),
            Col::opt_str("subject", |r| r.subject.as_deref(), |r, v| r.subject = v.map(Into::into)),
            Col::opt_f64("value", |r| r.value, |r, v| r.value = v),
            Col::opt_f64("value_high", |r| r.value_high, |r, v| r.value_high = v),
            Col::opt_str("unit", |r| r.unit.as_deref(), |r, v| r.unit = v.map(Into::into)),
            Col::opt_f64("normalized_value", |r| r.normalized_value, |r, v| r.normalized_value = v),
            Col::opt_str("normalized_unit", |r| r.normalized_unit.as_deref(), |r, v| r.normalized_unit = v.map(Into::into)),
            Col::opt_str("modifier", |r| r.modifier.map(|m| m.as_str()), |r, v| r.modifier = parse(v)),
            Col::str("status", |r| r.status.as_str(), |r, v| r.status = v.parse().unwrap_or_default()),
            Col::opt_str("direction", |r| r.direction.map(|d| d.as_str()), |r, v| r.direction = parse(v)),
            Col::opt_str("basis", |r| r.basis.map(|b| b.as_str()), |r, v| r.basis = parse(v)),
            Col::str("text", |r| &r.text, |r, v| r.text = v.into()),
            Col::u64("start", |r| r.start as u64, |r, v| r.start = v as usize),
            Col::u64("end", |r| r.end as u64, |r, v| r.end = v as usize),
            Col::str("sentence", |r| &r.sentence, |r, v| r.sentence = v.into()),
            Col::u64("char_start", |r| r.char_start as u64, |r, v| r.char_start = v as usize),
            Col::u64("char_end", |r| r.char_end as u64, |r, v| r.char_end = v as usize),
            Col::str("period", |r| r.period.as_str(), |r, v| r.period = v.parse().unwrap_or_default()),
            Col::opt_i32("period_start", |r| r.period_start, |r, v| r.period_start = v),
            Col::opt_i32("period_end", |r| r.period_end, |r, v| r.period_end = v),
        ]
    }
}

/// A categorical value from its contract string (`None` for one no code
/// writes).
fn parse<T: std::str::FromStr>(v: Option<&str>) -> Option<T> {
    v.and_then(|s| s.parse().ok())
}

/// The indicators table's columns, in contract order.
pub const INDICATOR_COLUMNS: [&str; 26] = [
    "doc_id",
    "title",
    "source",
    "locality",
    "year",
    "kind",
    "metric",
    "subject",
    "value",
    "value_high",
    "unit",
    "normalized_value",
    "normalized_unit",
    "modifier",
    "status",
    "direction",
    "basis",
    "text",
    "start",
    "end",
    "sentence",
    "char_start",
    "char_end",
    "period",
    "period_start",
    "period_end",
];

/// The indicators table's schema.
pub fn indicators_schema() -> Schema {
    schema::<IndicatorRow>()
}

/// A batch of indicator rows as a frame.
pub fn indicators_frame(rows: &[IndicatorRow]) -> Result<DataFrame> {
    to_frame(rows)
}

/// Reads the indicators table of a store generation.
pub fn read_indicators(dir: &Path) -> Result<Vec<IndicatorRow>> {
    read(dir, None)
}

/// What [`read_indicators_where`] decides on: a row's categorical columns.
#[derive(Debug, Clone, Copy)]
pub struct Keys<'a> {
    pub kind: Option<&'a str>,
    pub period: Option<&'a str>,
    pub status: Option<&'a str>,
    pub unit: Option<&'a str>,
    pub metric: Option<&'a str>,
}

/// Indicators read selectively, each with its row number in the table (to
/// read more of its columns with [`fill_indicators`]).
#[derive(Debug, Clone, Default)]
pub struct Selected {
    /// `rows[i]` is row `at[i]` of the table.
    pub at: Vec<usize>,
    pub rows: Vec<IndicatorRow>,
}

/// The column of row numbers while selecting (not a table column).
const NUMBER: &str = "__row";

/// Reads the indicators whose string columns equal the values of `equal`
/// (`("kind", "growth")`) and whose [`Keys`] then pass `keep`, with only
/// `columns` (the others keep their defaults). The equalities are decided
/// column-wise and `keep` row by row on what remains, so that a command
/// needing a few thousand of millions of rows (`panel`) builds only those;
/// leave the long texts out of `columns` and read them for the rows kept
/// with [`fill_indicators`].
pub fn read_indicators_where(
    dir: &Path,
    columns: &[&str],
    equal: &[(&str, &str)],
    keep: impl Fn(Keys) -> bool,
) -> Result<Selected> {
    let path = dir.join(INDICATORS);
    let err = || table::frame_err(&path);
    let names = ["kind", "period", "status", "unit", "metric"];
    // Each column once (polars refuses a frame with a name twice).
    let mut wanted: Vec<&str> = names.to_vec();
    for c in columns.iter().chain(equal.iter().map(|(c, _)| c)) {
        if !wanted.contains(c) {
            wanted.push(c);
        }
    }
    let mut df = table::read_numbered(&path, &wanted, NUMBER)?;
    // One filter for all the equalities: each pass copies the columns.
    if let Some(mask) = equalities(&df, equal).map_err(err())? {
        df = df.filter(&mask).map_err(err())?;
    }
    let mask = keys_mask(&df, &keep).map_err(err())?;
    let df = df.filter(&mask).map_err(err())?;
    let at = df
        .column(NUMBER)
        .and_then(|c| c.cast(&DataType::UInt64))
        .and_then(|c| Ok(c.u64()?.iter().map(|n| n.unwrap_or(0) as usize).collect()))
        .map_err(err())?;
    Ok(Selected {
        at,
        rows: table::from_frame(&df, &path)?,
    })
}

/// Where the string columns of `df` equal the values of `equal` (None:
/// nothing asked).
fn equalities(df: &DataFrame, equal: &[(&str, &str)]) -> PolarsResult<Option<BooleanChunked>> {
    let mut all: Option<BooleanChunked> = None;
    for (c, v) in equal {
        let mask = df.column(c)?.str()?.equal(*v);
        all = Some(match all {
            Some(a) => &a & &mask,
            None => mask,
        });
    }
    Ok(all)
}

/// Where the [`Keys`] of the rows of `df` pass `keep`.
fn keys_mask(df: &DataFrame, keep: &impl Fn(Keys) -> bool) -> PolarsResult<BooleanChunked> {
    let col = |n: &str| df.column(n).and_then(|c| c.str().cloned());
    let (kind, period, status) = (col("kind")?, col("period")?, col("status")?);
    let (unit, metric) = (col("unit")?, col("metric")?);
    // Zipped iterators: indexing a chunked column row by row is slow.
    Ok(kind
        .iter()
        .zip(period.iter())
        .zip(status.iter())
        .zip(unit.iter().zip(metric.iter()))
        .map(|(((kind, period), status), (unit, metric))| {
            keep(Keys {
                kind,
                period,
                status,
                unit,
                metric,
            })
        })
        .collect())
}

/// Reads `columns` of the indicators numbered `at` (as [`Selected`] numbers
/// them) into `rows`, the same length and order; the other fields stay.
pub fn fill_indicators(
    dir: &Path,
    at: &[usize],
    rows: &mut [IndicatorRow],
    columns: &[&str],
) -> Result<()> {
    let path = dir.join(INDICATORS);
    // Rows this close share pages: one slice reads them.
    const GAP: usize = 4096;
    let df = table::read_rows(&path, columns, at, GAP)?;
    table::fill(&df, rows, &path)
}

/// Turns an indicators frame back into rows.
pub fn indicator_rows(df: &DataFrame, path: &Path) -> Result<Vec<IndicatorRow>> {
    table::from_frame(df, path)
}

/// Reads whole documents (text, metadata and encoding included), rows
/// `[offset, offset + len)` of a generation's documents table.
pub fn read_document_slice(dir: &Path, offset: usize, len: usize) -> Result<Vec<Document>> {
    read_slice(dir, offset, len)
}

/// Reads rows `[offset, offset + len)` of a generation's indicators table.
pub fn read_indicator_slice(dir: &Path, offset: usize, len: usize) -> Result<Vec<IndicatorRow>> {
    read_slice(dir, offset, len)
}

/// One near-duplicate pair, as the `dedup` contract prints it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DuplicateRow {
    pub cluster: u64,
    pub doc_a: String,
    pub doc_b: String,
    pub title_a: Option<String>,
    pub title_b: Option<String>,
    pub jaccard: f64,
    pub containment: f64,
}

impl Table for DuplicateRow {
    const FILE: &'static str = DUPLICATES;
    fn columns() -> Vec<Col<Self>> {
        vec![
            Col::u64("cluster", |r| r.cluster, |r, v| r.cluster = v),
            Col::str("doc_a", |r| &r.doc_a, |r, v| r.doc_a = v.into()),
            Col::str("doc_b", |r| &r.doc_b, |r, v| r.doc_b = v.into()),
            Col::opt_str(
                "title_a",
                |r| r.title_a.as_deref(),
                |r, v| r.title_a = v.map(Into::into),
            ),
            Col::opt_str(
                "title_b",
                |r| r.title_b.as_deref(),
                |r, v| r.title_b = v.map(Into::into),
            ),
            Col::f64("jaccard", |r| r.jaccard, |r, v| r.jaccard = v),
            Col::f64("containment", |r| r.containment, |r, v| r.containment = v),
        ]
    }
}

/// Writes the duplicates table of a generation.
pub fn write_duplicates(dir: &Path, rows: &[DuplicateRow]) -> Result<()> {
    write(dir, rows)
}

/// Reads the duplicates table of a generation.
pub fn read_duplicates(dir: &Path) -> Result<Vec<DuplicateRow>> {
    read(dir, None)
}

/// Calls `f` with the texts of the documents of a generation, a row group
/// at a time, each with the position in the table of its first document:
/// a gigabyte of text is read without holding it all. The next group is
/// read (decompressed) on a thread of its own while `f` works.
pub fn for_each_text(dir: &Path, mut f: impl FnMut(usize, &[&str]) -> Result<()>) -> Result<()> {
    let path = dir.join(DOCUMENTS);
    let groups = table::row_groups(&path)?;
    let read = |(offset, len): (usize, usize)| -> Result<(usize, StringChunked)> {
        let df = read_parquet_slice(&path, Some(&["text"]), Some((offset, len)))?;
        let texts = df.column("text").and_then(|c| c.str().cloned());
        Ok((offset, texts.map_err(table::frame_err(&path))?))
    };
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel(1);
        scope.spawn(move || {
            for g in groups {
                let group = read(g);
                let failed = group.is_err();
                if send.send(group).is_err() || failed {
                    break;
                }
            }
        });
        let mut outcome = Ok(());
        for group in receive {
            let done = group.and_then(|(offset, column)| {
                let texts: Vec<&str> = column.iter().map(|t| t.unwrap_or("")).collect();
                f(offset, &texts)
            });
            if done.is_err() {
                outcome = done;
                break;
            }
        }
        // On an error the loop ends and drops the receiver: the reader's
        // next send fails and it stops; the scope joins it.
        outcome
    })
}

/// Some columns of the documents at positions `at` of a generation's
/// documents table (with `doc_id`), in that order.
pub fn read_document_rows(dir: &Path, at: &[usize], columns: &[&str]) -> Result<Vec<DocRow>> {
    let path = dir.join(DOCUMENTS);
    let mut cols = vec!["doc_id"];
    cols.extend(columns.iter().filter(|c| **c != "doc_id"));
    doc_rows(&table::read_rows(&path, &cols, at, 64)?, &path, false)
}

/// The texts of the documents at positions `at` of a generation's
/// documents table, in that order.
pub fn read_texts(dir: &Path, at: &[usize]) -> Result<Vec<String>> {
    let path = dir.join(DOCUMENTS);
    // Texts are long: only neighbours share a slice.
    let df = table::read_rows(&path, &["text"], at, 8)?;
    df.column("text")
        .and_then(|c| {
            Ok(c.str()?
                .iter()
                .map(|t| t.unwrap_or("").to_string())
                .collect())
        })
        .map_err(table::frame_err(&path))
}

/// Reads the word counts table of a store generation (one row per
/// document, in store order).
pub fn read_word_counts(dir: &Path) -> Result<Vec<crate::analysis::WordCountRow>> {
    read(dir, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, year: Option<i32>) -> Document {
        Document {
            doc_id: id.into(),
            source: "a.csv".into(),
            ordinal: 1,
            title: Some("2026年北京市政府工作报告".into()),
            text: "各位代表：GDP增长５.４％".into(),
            locality: Some("北京市".into()),
            locality_source: Some(LocalitySource::Metadata),
            year,
            metadata: "{}".into(),
            encoding: "UTF-8".into(),
        }
    }

    #[test]
    fn documents_round_trip_in_batches() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(DOCUMENTS);
        let mut sink = ParquetSink::new(&path, documents_schema());
        sink.write(&documents_frame(&[doc("a", Some(2026))]).unwrap())
            .unwrap();
        sink.write(&documents_frame(&[doc("b", None)]).unwrap())
            .unwrap();
        sink.finish().unwrap();
        let rows = read_documents(tmp.path(), true).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].year, Some(2026));
        assert_eq!(rows[1].year, None);
        assert_eq!(rows[1].text.as_deref(), Some("各位代表：GDP增长５.４％"));
        assert_eq!(rows[0].chars, 14);
    }

    #[test]
    fn indicator_columns_are_the_contract_order() {
        let names: Vec<&str> = IndicatorRow::columns().iter().map(|c| c.name).collect();
        assert_eq!(names, INDICATOR_COLUMNS);
    }

    #[test]
    fn empty_table_still_has_its_schema() {
        let tmp = tempfile::tempdir().unwrap();
        ParquetSink::new(&tmp.path().join(DOCUMENTS), documents_schema())
            .finish()
            .unwrap();
        assert!(read_documents(tmp.path(), false).unwrap().is_empty());
    }
}
