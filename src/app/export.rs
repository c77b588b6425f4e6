//! `gongwen export --ndjson [--bulk INDEX]`: every document of the store,
//! pre-segmented for a distributed search engine: `words` and `title_words`
//! are the text normalized and cut as gongwen's index sees it (full-width,
//! traditional and radical forms folded, ASCII lower-cased, jieba's words
//! with the governance vocabulary and the store's dictionary) and joined by
//! spaces, so that Quickwit's `whitespace` tokenizer or Elasticsearch's and
//! OpenSearch's `whitespace` analyzer index exactly these words. One JSON
//! object per line (Quickwit's ingest format); with `--bulk INDEX`, each is
//! preceded by its `_bulk` action line.
//!
//! `gongwen export --bands`: every document's near-duplicate band keys as an
//! Arrow IPC stream, which the Spark job groups (see `spark/`).

use super::options::Global;
use super::Outcome;
use anyhow::Result;
use gongwen::frames::{self, DocRow};
use gongwen::index::{joined_words, WORD_SEPARATOR};
use gongwen::segment::Segmenter;
use gongwen::store::Store;
use rayon::prelude::*;
use serde::Serialize;

/// One exported document.
#[derive(Serialize)]
struct Record<'a> {
    doc_id: &'a str,
    title: Option<&'a str>,
    source: &'a str,
    ordinal: u32,
    locality: Option<&'a str>,
    year: Option<i32>,
    /// The title's words, as `words`.
    title_words: String,
    /// The text's words: normalized, cut, joined by spaces.
    words: String,
    /// The original text.
    text: &'a str,
}

/// Writes the store's documents as NDJSON, a row group of the documents
/// table at a time (cut in parallel, written in order).
pub fn run(global: &Global, bulk: Option<&str>) -> Result<Outcome> {
    let gen = Store::new(&global.store).current()?;
    let docs = frames::read_documents(gen.dir(), false)?;
    if docs.is_empty() {
        return Ok(Outcome::Nothing(format!(
            "the store at {} holds no documents",
            global.store.display()
        )));
    }
    let segmenter = gen.segmenter()?;
    let mut out = global.out();
    frames::for_each_text(gen.dir(), |offset, texts| {
        let lines: Vec<String> = texts
            .par_iter()
            .enumerate()
            .map(|(i, text)| match docs.get(offset + i) {
                Some(doc) => lines_of(doc, text, &segmenter, bulk),
                None => String::new(),
            })
            .collect();
        lines.iter().for_each(|l| out.raw(l));
        Ok(())
    })?;
    global
        .messages
        .note(format_args!("exported {} documents", docs.len()));
    Ok(Outcome::Done)
}

/// The document's line, after its `_bulk` action line when asked for.
fn lines_of(doc: &DocRow, text: &str, segmenter: &Segmenter, bulk: Option<&str>) -> String {
    let record = Record {
        doc_id: &doc.doc_id,
        title: doc.title.as_deref(),
        source: &doc.source,
        ordinal: doc.ordinal,
        locality: doc.locality.as_deref(),
        year: doc.year,
        title_words: words(segmenter, doc.title.as_deref().unwrap_or("")),
        words: words(segmenter, text),
        text,
    };
    let mut out = String::new();
    if let Some(index) = bulk {
        let action = serde_json::json!({ "index": { "_index": index, "_id": doc.doc_id } });
        out.push_str(&action.to_string());
        out.push('\n');
    }
    out.push_str(&serde_json::to_string(&record).unwrap_or_default());
    out.push('\n');
    out
}

/// `text` normalized and cut as the index's word fields are fed, the
/// words joined by single spaces.
pub fn words(segmenter: &Segmenter, text: &str) -> String {
    let norm = gongwen::text::normalize(text);
    let joined = joined_words(&norm, &segmenter.cut(&norm));
    let mut out = joined.replace(WORD_SEPARATOR, " ");
    out.truncate(out.trim_end().len());
    out
}

/// Writes every document's near-duplicate band keys as one Arrow IPC
/// stream on stdout: `doc_id` (string), `band` (int32), `key` (int64, the
/// band's 64-bit key as its bits). Documents without text have none.
pub fn bands(global: &Global) -> Result<Outcome> {
    use polars::prelude::*;
    use std::io::{IsTerminal, Write};
    let gen = Store::new(&global.store).current()?;
    anyhow::ensure!(
        !std::io::stdout().is_terminal(),
        "export --bands writes a binary Arrow stream: send it to a file or a program"
    );
    let rows: Vec<gongwen::analysis::FingerprintRow> = frames::read(gen.dir(), None)?;
    let cfg = gongwen::dedup::DedupConfig::default();
    let (mut ids, mut bands, mut keys) = (Vec::new(), Vec::new(), Vec::new());
    for row in &rows {
        let Some(fp) = row.fingerprint() else {
            continue;
        };
        for (band, key) in gongwen::dedup::band_keys(&fp, &cfg).into_iter().enumerate() {
            ids.push(row.doc_id.as_str());
            bands.push(band as i32);
            keys.push(key as i64);
        }
    }
    let mut df = DataFrame::new(
        ids.len(),
        vec![
            Column::new("doc_id".into(), ids),
            Column::new("band".into(), bands),
            Column::new("key".into(), keys),
        ],
    )?;
    let mut out = std::io::stdout().lock();
    IpcStreamWriter::new(&mut out).finish(&mut df)?;
    out.flush()?;
    Ok(Outcome::Done)
}
