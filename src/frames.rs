//! Polars frames for the store's tables (documents, indicators,
//! duplicates), written to Parquet in row groups as batches arrive and read
//! back into plain rows.

use crate::corpus::Document;
use crate::error::{Error, IoContext, Result};
use crate::extract::Indicator;
use polars::prelude::*;
use serde::Serialize;
use std::fs::File;
use std::path::{Path, PathBuf};

/// File names inside a store generation.
pub const DOCUMENTS: &str = "documents.parquet";
pub const INDICATORS: &str = "indicators.parquet";
pub const DUPLICATES: &str = "duplicates.parquet";

fn frame_err(path: &Path) -> impl FnOnce(PolarsError) -> Error + '_ {
    move |source| Error::Frame {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes frames with one schema to a Parquet file, one row group per
/// batch, so that no table has to be held whole in memory.
pub struct ParquetSink {
    path: PathBuf,
    schema: Schema,
    writer: Option<polars::io::parquet::write::BatchedWriter<File>>,
}

impl ParquetSink {
    pub fn new(path: &Path, schema: Schema) -> ParquetSink {
        ParquetSink {
            path: path.to_path_buf(),
            schema,
            writer: None,
        }
    }

    /// Appends a batch (its schema must be the sink's).
    pub fn write(&mut self, df: &DataFrame) -> Result<()> {
        if df.height() == 0 {
            return Ok(());
        }
        self.writer()?
            .write_batch(df)
            .map_err(frame_err(&self.path))
    }

    fn writer(&mut self) -> Result<&mut polars::io::parquet::write::BatchedWriter<File>> {
        if self.writer.is_none() {
            let file = File::create(&self.path).at(&self.path)?;
            let w = ParquetWriter::new(file)
                .with_compression(ParquetCompression::Zstd(None))
                .batched(&self.schema)
                .map_err(frame_err(&self.path))?;
            self.writer = Some(w);
        }
        Ok(self.writer.as_mut().expect("writer just created"))
    }

    /// Finishes the file; an empty table is written with its schema.
    pub fn finish(mut self) -> Result<()> {
        if self.writer.is_none() {
            let mut empty = DataFrame::empty_with_schema(&self.schema);
            let file = File::create(&self.path).at(&self.path)?;
            ParquetWriter::new(file)
                .finish(&mut empty)
                .map_err(frame_err(&self.path))?;
            return Ok(());
        }
        self.writer()?.finish().map_err(frame_err(&self.path))?;
        Ok(())
    }
}

/// Reads a Parquet file, optionally only some columns.
pub fn read_parquet(path: &Path, columns: Option<&[&str]>) -> Result<DataFrame> {
    read_parquet_slice(path, columns, None)
}

/// Reads rows `[offset, offset + len)` of a Parquet file (all when `None`).
pub fn read_parquet_slice(
    path: &Path,
    columns: Option<&[&str]>,
    slice: Option<(usize, usize)>,
) -> Result<DataFrame> {
    let file = File::open(path).at(path)?;
    ParquetReader::new(file)
        .with_columns(columns.map(|c| c.iter().map(|s| s.to_string()).collect()))
        .with_slice(slice)
        .finish()
        .map_err(frame_err(path))
}

/// The documents table's schema.
pub fn documents_schema() -> Schema {
    Schema::from_iter([
        Field::new("doc_id".into(), DataType::String),
        Field::new("source".into(), DataType::String),
        Field::new("ordinal".into(), DataType::UInt32),
        Field::new("title".into(), DataType::String),
        Field::new("locality".into(), DataType::String),
        Field::new("year".into(), DataType::Int32),
        Field::new("chars".into(), DataType::UInt64),
        Field::new("encoding".into(), DataType::String),
        Field::new("metadata".into(), DataType::String),
        Field::new("text".into(), DataType::String),
    ])
}

/// A batch of documents as a frame.
pub fn documents_frame(docs: &[Document]) -> Result<DataFrame> {
    let s = |f: fn(&Document) -> &str| docs.iter().map(f).collect::<Vec<_>>();
    let cols = vec![
        Column::new("doc_id".into(), s(|d| &d.doc_id)),
        Column::new("source".into(), s(|d| &d.source)),
        Column::new(
            "ordinal".into(),
            docs.iter().map(|d| d.ordinal).collect::<Vec<_>>(),
        ),
        Column::new(
            "title".into(),
            docs.iter().map(|d| d.title.as_deref()).collect::<Vec<_>>(),
        ),
        Column::new(
            "locality".into(),
            docs.iter()
                .map(|d| d.locality.as_deref())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "year".into(),
            docs.iter().map(|d| d.year).collect::<Vec<_>>(),
        ),
        Column::new(
            "chars".into(),
            docs.iter().map(|d| d.chars() as u64).collect::<Vec<_>>(),
        ),
        Column::new("encoding".into(), s(|d| &d.encoding)),
        Column::new("metadata".into(), s(|d| &d.metadata)),
        Column::new("text".into(), s(|d| &d.text)),
    ];
    DataFrame::new(docs.len(), cols).map_err(|e| Error::Invalid(format!("documents frame: {e}")))
}

/// A document as read back from the store (text only when asked for).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocRow {
    pub doc_id: String,
    pub source: String,
    pub ordinal: u32,
    pub title: Option<String>,
    pub locality: Option<String>,
    pub year: Option<i32>,
    pub chars: u64,
    pub text: Option<String>,
}

/// Reads the documents table of a store generation.
pub fn read_documents(dir: &Path, with_text: bool) -> Result<Vec<DocRow>> {
    let path = dir.join(DOCUMENTS);
    let mut cols = vec![
        "doc_id", "source", "ordinal", "title", "locality", "year", "chars",
    ];
    if with_text {
        cols.push("text");
    }
    let df = read_parquet(&path, Some(&cols))?;
    let e = frame_err(&path);
    let strs = |name: &str| -> Result<Vec<Option<String>>> {
        let c = df
            .column(name)
            .and_then(|c| c.str().cloned())
            .map_err(frame_err(&path))?;
        Ok(c.iter().map(|v| v.map(str::to_string)).collect())
    };
    let ids = strs("doc_id")?;
    let sources = strs("source")?;
    let titles = strs("title")?;
    let localities = strs("locality")?;
    let texts = if with_text {
        strs("text")?
    } else {
        vec![None; df.height()]
    };
    let ordinals: Vec<Option<u32>> = df
        .column("ordinal")
        .and_then(|c| c.u32().map(|c| c.iter().collect()))
        .map_err(e)?;
    let years: Vec<Option<i32>> = df
        .column("year")
        .and_then(|c| c.i32().map(|c| c.iter().collect()))
        .map_err(frame_err(&path))?;
    let chars: Vec<Option<u64>> = df
        .column("chars")
        .and_then(|c| c.u64().map(|c| c.iter().collect()))
        .map_err(frame_err(&path))?;
    let rows = (0..df.height())
        .map(|i| DocRow {
            doc_id: ids[i].clone().unwrap_or_default(),
            source: sources[i].clone().unwrap_or_default(),
            ordinal: ordinals[i].unwrap_or(0),
            title: titles[i].clone(),
            locality: localities[i].clone(),
            year: years[i],
            chars: chars[i].unwrap_or(0),
            text: texts[i].clone(),
        })
        .collect();
    Ok(rows)
}

/// The indicators table's columns, in contract order.
pub const INDICATOR_COLUMNS: [&str; 21] = [
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
];

/// The indicators table's schema.
pub fn indicators_schema() -> Schema {
    Schema::from_iter(INDICATOR_COLUMNS.iter().map(|&name| {
        let dt = match name {
            "year" => DataType::Int32,
            "value" | "value_high" | "normalized_value" => DataType::Float64,
            "start" | "end" => DataType::UInt64,
            _ => DataType::String,
        };
        Field::new(name.into(), dt)
    }))
}

/// One row of the indicators table, as the contract prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorRow {
    pub doc_id: String,
    pub title: Option<String>,
    pub source: String,
    pub locality: Option<String>,
    pub year: Option<i32>,
    pub kind: String,
    pub metric: Option<String>,
    pub subject: Option<String>,
    pub value: Option<f64>,
    pub value_high: Option<f64>,
    pub unit: Option<String>,
    pub normalized_value: Option<f64>,
    pub normalized_unit: Option<String>,
    pub modifier: Option<String>,
    pub status: String,
    pub direction: Option<String>,
    pub basis: Option<String>,
    pub text: String,
    pub start: u64,
    pub end: u64,
    pub sentence: String,
}

impl IndicatorRow {
    /// The row for indicator `ind` of document `doc`.
    pub fn new(doc: &Document, ind: &Indicator) -> IndicatorRow {
        IndicatorRow {
            doc_id: doc.doc_id.clone(),
            title: doc.title.clone(),
            source: doc.source.clone(),
            locality: ind.locality.clone(),
            year: ind.year,
            kind: ind.kind.as_str().to_string(),
            metric: ind.metric.clone(),
            subject: ind.subject.clone(),
            value: ind.value,
            value_high: ind.value_high,
            unit: ind.unit.clone(),
            normalized_value: ind.normalized_value,
            normalized_unit: ind.normalized_unit.clone(),
            modifier: ind.modifier.map(|m| m.as_str().to_string()),
            status: ind.status.as_str().to_string(),
            direction: ind.direction.map(|d| d.as_str().to_string()),
            basis: ind.basis.map(|b| b.as_str().to_string()),
            text: ind.text.clone(),
            start: ind.start as u64,
            end: ind.end as u64,
            sentence: ind.sentence.clone(),
        }
    }
}

/// A batch of indicator rows as a frame.
pub fn indicators_frame(rows: &[IndicatorRow]) -> Result<DataFrame> {
    let s = |f: fn(&IndicatorRow) -> Option<&str>| rows.iter().map(f).collect::<Vec<_>>();
    let n = |f: fn(&IndicatorRow) -> Option<f64>| rows.iter().map(f).collect::<Vec<_>>();
    let cols = vec![
        Column::new("doc_id".into(), s(|r| Some(&r.doc_id))),
        Column::new("title".into(), s(|r| r.title.as_deref())),
        Column::new("source".into(), s(|r| Some(&r.source))),
        Column::new("locality".into(), s(|r| r.locality.as_deref())),
        Column::new(
            "year".into(),
            rows.iter().map(|r| r.year).collect::<Vec<_>>(),
        ),
        Column::new("kind".into(), s(|r| Some(&r.kind))),
        Column::new("metric".into(), s(|r| r.metric.as_deref())),
        Column::new("subject".into(), s(|r| r.subject.as_deref())),
        Column::new("value".into(), n(|r| r.value)),
        Column::new("value_high".into(), n(|r| r.value_high)),
        Column::new("unit".into(), s(|r| r.unit.as_deref())),
        Column::new("normalized_value".into(), n(|r| r.normalized_value)),
        Column::new(
            "normalized_unit".into(),
            s(|r| r.normalized_unit.as_deref()),
        ),
        Column::new("modifier".into(), s(|r| r.modifier.as_deref())),
        Column::new("status".into(), s(|r| Some(&r.status))),
        Column::new("direction".into(), s(|r| r.direction.as_deref())),
        Column::new("basis".into(), s(|r| r.basis.as_deref())),
        Column::new("text".into(), s(|r| Some(&r.text))),
        Column::new(
            "start".into(),
            rows.iter().map(|r| r.start).collect::<Vec<_>>(),
        ),
        Column::new("end".into(), rows.iter().map(|r| r.end).collect::<Vec<_>>()),
        Column::new("sentence".into(), s(|r| Some(&r.sentence))),
    ];
    DataFrame::new(rows.len(), cols).map_err(|e| Error::Invalid(format!("indicators frame: {e}")))
}

/// Column accessors over a frame read from the store.
struct Cols<'a> {
    df: &'a DataFrame,
    path: &'a Path,
}

impl Cols<'_> {
    fn strs(&self, name: &str) -> Result<Vec<Option<String>>> {
        let c = self
            .df
            .column(name)
            .and_then(|c| c.str().cloned())
            .map_err(frame_err(self.path))?;
        Ok(c.iter().map(|v| v.map(str::to_string)).collect())
    }
    fn f64s(&self, name: &str) -> Result<Vec<Option<f64>>> {
        self.df
            .column(name)
            .and_then(|c| c.f64().map(|c| c.iter().collect()))
            .map_err(frame_err(self.path))
    }
    fn u64s(&self, name: &str) -> Result<Vec<Option<u64>>> {
        self.df
            .column(name)
            .and_then(|c| c.u64().map(|c| c.iter().collect()))
            .map_err(frame_err(self.path))
    }
    fn i32s(&self, name: &str) -> Result<Vec<Option<i32>>> {
        self.df
            .column(name)
            .and_then(|c| c.i32().map(|c| c.iter().collect()))
            .map_err(frame_err(self.path))
    }
}

/// Reads the indicators table of a store generation.
pub fn read_indicators(dir: &Path) -> Result<Vec<IndicatorRow>> {
    let path = dir.join(INDICATORS);
    let df = read_parquet(&path, None)?;
    indicator_rows(&df, &path)
}

/// Turns an indicators frame back into rows.
pub fn indicator_rows(df: &DataFrame, path: &Path) -> Result<Vec<IndicatorRow>> {
    let c = Cols { df, path };
    let mut s: std::collections::HashMap<&str, Vec<Option<String>>> =
        std::collections::HashMap::new();
    for name in [
        "doc_id",
        "title",
        "source",
        "locality",
        "kind",
        "metric",
        "subject",
        "unit",
        "normalized_unit",
        "modifier",
        "status",
        "direction",
        "basis",
        "text",
        "sentence",
    ] {
        s.insert(name, c.strs(name)?);
    }
    let (value, high, norm) = (
        c.f64s("value")?,
        c.f64s("value_high")?,
        c.f64s("normalized_value")?,
    );
    let (start, end, year) = (c.u64s("start")?, c.u64s("end")?, c.i32s("year")?);
    let mut take = |name: &str, i: usize| s.get_mut(name).and_then(|v| v[i].take());
    let rows = (0..df.height())
        .map(|i| IndicatorRow {
            doc_id: take("doc_id", i).unwrap_or_default(),
            title: take("title", i),
            source: take("source", i).unwrap_or_default(),
            locality: take("locality", i),
            year: year[i],
            kind: take("kind", i).unwrap_or_default(),
            metric: take("metric", i),
            subject: take("subject", i),
            value: value[i],
            value_high: high[i],
            unit: take("unit", i),
            normalized_value: norm[i],
            normalized_unit: take("normalized_unit", i),
            modifier: take("modifier", i),
            status: take("status", i).unwrap_or_default(),
            direction: take("direction", i),
            basis: take("basis", i),
            text: take("text", i).unwrap_or_default(),
            start: start[i].unwrap_or(0),
            end: end[i].unwrap_or(0),
            sentence: take("sentence", i).unwrap_or_default(),
        })
        .collect();
    Ok(rows)
}

/// Reads whole documents (text, metadata and encoding included), rows
/// `[offset, offset + len)` of a generation's documents table.
pub fn read_document_slice(dir: &Path, offset: usize, len: usize) -> Result<Vec<Document>> {
    let path = dir.join(DOCUMENTS);
    let df = read_parquet_slice(&path, None, Some((offset, len)))?;
    let c = Cols {
        df: &df,
        path: &path,
    };
    let (ids, sources, titles) = (c.strs("doc_id")?, c.strs("source")?, c.strs("title")?);
    let (localities, encodings) = (c.strs("locality")?, c.strs("encoding")?);
    let (metadata, texts, years) = (c.strs("metadata")?, c.strs("text")?, c.i32s("year")?);
    let ordinals: Vec<Option<u32>> = df
        .column("ordinal")
        .and_then(|c| c.u32().map(|c| c.iter().collect()))
        .map_err(frame_err(&path))?;
    let docs = (0..df.height())
        .map(|i| Document {
            doc_id: ids[i].clone().unwrap_or_default(),
            source: sources[i].clone().unwrap_or_default(),
            ordinal: ordinals[i].unwrap_or(0),
            title: titles[i].clone(),
            text: texts[i].clone().unwrap_or_default(),
            locality: localities[i].clone(),
            year: years[i],
            metadata: metadata[i].clone().unwrap_or_else(|| "{}".into()),
            encoding: encodings[i].clone().unwrap_or_default(),
        })
        .collect();
    Ok(docs)
}

/// Reads rows `[offset, offset + len)` of a generation's indicators table.
pub fn read_indicator_slice(dir: &Path, offset: usize, len: usize) -> Result<Vec<IndicatorRow>> {
    let path = dir.join(INDICATORS);
    let df = read_parquet_slice(&path, None, Some((offset, len)))?;
    indicator_rows(&df, &path)
}

/// One near-duplicate pair, as the `dedup` contract prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DuplicateRow {
    pub cluster: u64,
    pub doc_a: String,
    pub doc_b: String,
    pub title_a: Option<String>,
    pub title_b: Option<String>,
    pub jaccard: f64,
    pub containment: f64,
}

/// The duplicates table as a frame.
pub fn duplicates_frame(rows: &[DuplicateRow]) -> Result<DataFrame> {
    let s = |f: fn(&DuplicateRow) -> Option<&str>| rows.iter().map(f).collect::<Vec<_>>();
    let cols = vec![
        Column::new(
            "cluster".into(),
            rows.iter().map(|r| r.cluster).collect::<Vec<_>>(),
        ),
        Column::new("doc_a".into(), s(|r| Some(&r.doc_a))),
        Column::new("doc_b".into(), s(|r| Some(&r.doc_b))),
        Column::new("title_a".into(), s(|r| r.title_a.as_deref())),
        Column::new("title_b".into(), s(|r| r.title_b.as_deref())),
        Column::new(
            "jaccard".into(),
            rows.iter().map(|r| r.jaccard).collect::<Vec<_>>(),
        ),
        Column::new(
            "containment".into(),
            rows.iter().map(|r| r.containment).collect::<Vec<_>>(),
        ),
    ];
    DataFrame::new(rows.len(), cols).map_err(|e| Error::Invalid(format!("duplicates frame: {e}")))
}

/// Writes the duplicates table of a generation.
pub fn write_duplicates(dir: &Path, rows: &[DuplicateRow]) -> Result<()> {
    let path = dir.join(DUPLICATES);
    let mut df = duplicates_frame(rows)?;
    let file = File::create(&path).at(&path)?;
    ParquetWriter::new(file)
        .finish(&mut df)
        .map_err(frame_err(&path))?;
    Ok(())
}

/// Reads the duplicates table of a generation.
pub fn read_duplicates(dir: &Path) -> Result<Vec<DuplicateRow>> {
    let path = dir.join(DUPLICATES);
    let df = read_parquet(&path, None)?;
    let c = Cols {
        df: &df,
        path: &path,
    };
    let (a, b, ta, tb) = (
        c.strs("doc_a")?,
        c.strs("doc_b")?,
        c.strs("title_a")?,
        c.strs("title_b")?,
    );
    let (jac, con, cluster) = (
        c.f64s("jaccard")?,
        c.f64s("containment")?,
        c.u64s("cluster")?,
    );
    let rows = (0..df.height())
        .map(|i| DuplicateRow {
            cluster: cluster[i].unwrap_or(0),
            doc_a: a[i].clone().unwrap_or_default(),
            doc_b: b[i].clone().unwrap_or_default(),
            title_a: ta[i].clone(),
            title_b: tb[i].clone(),
            jaccard: jac[i].unwrap_or(0.0),
            containment: con[i].unwrap_or(0.0),
        })
        .collect();
    Ok(rows)
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
    fn empty_table_still_has_its_schema() {
        let tmp = tempfile::tempdir().unwrap();
        ParquetSink::new(&tmp.path().join(DOCUMENTS), documents_schema())
            .finish()
            .unwrap();
        assert!(read_documents(tmp.path(), false).unwrap().is_empty());
    }
}
