//! The ingest pipeline: files flow through in bounded batches; within a
//! batch, documents are decoded, segmented once, indexed, measured and
//! fingerprinted in parallel (rayon); each batch is appended to the store's
//! tables as a row group, and the new generation is switched in at the end.

use crate::corpus::{self, Document, Problem, SourceFile};
use crate::error::Result;
use crate::extract::{DocInput, Extractor};
use crate::frames::{self, IndicatorRow, ParquetSink};
use crate::index::IndexBuilder;
use crate::place;
use crate::segment;
use crate::store::{FileEntry, Manifest, Store, FORMAT_VERSION};
use crate::text::Token;
use rayon::prelude::*;
use std::path::PathBuf;

/// What to ingest, and where.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    pub corpus: PathBuf,
    pub store: PathBuf,
    /// Files per batch: bounds the memory held at once.
    pub batch_files: usize,
    /// Memory for tantivy's indexing heap, in bytes.
    pub index_heap: usize,
}

impl IngestOptions {
    pub fn new(corpus: impl Into<PathBuf>, store: impl Into<PathBuf>) -> Self {
        IngestOptions {
            corpus: corpus.into(),
            store: store.into(),
            batch_files: 256,
            index_heap: 128 << 20,
        }
    }
}

/// Told about progress; the CLI draws it, the library never prints.
pub trait Observer: Sync {
    fn started(&self, _files: usize, _bytes: u64) {}
    fn file_done(&self, _bytes: u64) {}
    fn problem(&self, _problem: &Problem) {}
}

/// An observer that ignores everything.
pub struct Silent;
impl Observer for Silent {}

/// What an ingest did.
#[derive(Debug, Clone, Default)]
pub struct IngestSummary {
    pub files: usize,
    pub bytes: u64,
    pub documents: usize,
    pub skipped_files: usize,
    pub problems: Vec<Problem>,
    pub manifest: Manifest,
}

/// One document after the per-document stages.
struct Processed {
    doc: Document,
    indicators: Vec<IndicatorRow>,
}

/// Ingests `opts.corpus` into a new generation of `opts.store`.
pub fn ingest(opts: &IngestOptions, obs: &dyn Observer) -> Result<IngestSummary> {
    let (files, mut problems) = corpus::discover(&opts.corpus);
    problems.iter().for_each(|p| obs.problem(p));
    let unreadable_paths = problems.len();
    let total_bytes = files
        .iter()
        .map(|f| std::fs::metadata(&f.path).map_or(0, |m| m.len()))
        .sum();
    obs.started(files.len(), total_bytes);

    let store = Store::new(&opts.store);
    let lock = store.lock()?;
    let staging = store.stage(&lock)?;
    let index = IndexBuilder::create(&staging.dir().join("index"), opts.index_heap)?;
    let mut docs_sink = ParquetSink::new(
        &staging.dir().join(frames::DOCUMENTS),
        frames::documents_schema(),
    );
    let mut ind_sink = ParquetSink::new(
        &staging.dir().join(frames::INDICATORS),
        frames::indicators_schema(),
    );
    let mut indicators = 0;

    let mut summary = IngestSummary {
        files: files.len() + unreadable_paths,
        ..IngestSummary::default()
    };
    let mut entries = Vec::new();
    for batch in files.chunks(opts.batch_files.max(1)) {
        let loaded = load_batch(batch, obs);
        let mut docs = Vec::new();
        for (file, load) in batch.iter().zip(loaded) {
            load.problems.iter().for_each(|p| obs.problem(p));
            if load.documents.is_empty() {
                summary.skipped_files += 1;
            } else {
                entries.push(FileEntry {
                    source: file.source.clone(),
                    hash: format!("{:016x}", load.hash),
                    bytes: load.bytes,
                    documents: load.documents.len(),
                });
            }
            summary.bytes += load.bytes;
            problems.extend(load.problems);
            docs.extend(load.documents);
        }
        let processed = process_batch(docs, &index)?;
        let mut batch_docs = Vec::with_capacity(processed.len());
        let mut rows = Vec::new();
        for p in processed {
            batch_docs.push(p.doc);
            rows.extend(p.indicators);
        }
        summary.documents += batch_docs.len();
        indicators += rows.len();
        docs_sink.write(&frames::documents_frame(&batch_docs)?)?;
        ind_sink.write(&frames::indicators_frame(&rows)?)?;
    }
    index.finish()?;
    docs_sink.finish()?;
    ind_sink.finish()?;

    summary.skipped_files += unreadable_paths;
    let manifest = Manifest {
        format_version: FORMAT_VERSION,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        created: crate::store::utc_now(),
        corpus: opts.corpus.display().to_string(),
        documents: summary.documents,
        indicators,
        duplicates: 0,
        skipped_files: summary.skipped_files,
        files: entries,
    };
    staging.commit(&manifest)?;
    summary.manifest = manifest;
    summary.problems = problems;
    Ok(summary)
}

fn load_batch(batch: &[SourceFile], obs: &dyn Observer) -> Vec<corpus::FileLoad> {
    batch
        .par_iter()
        .map(|f| {
            let load = corpus::load_file(f);
            obs.file_done(load.bytes);
            load
        })
        .collect()
}

/// The per-document stages, in parallel: the main locality, one
/// segmentation pass whose tokens feed the index and the extractor.
fn process_batch(docs: Vec<Document>, index: &IndexBuilder) -> Result<Vec<Processed>> {
    docs.into_par_iter()
        .map(|mut doc| {
            if doc.locality.is_none() {
                doc.locality =
                    place::document_locality(doc.title.as_deref().unwrap_or(""), &doc.text);
            }
            let tokens: Vec<Token> = segment::segment(&doc.text);
            index.add(&doc, &tokens)?;
            let input = DocInput {
                text: &doc.text,
                tokens: &tokens,
                locality: doc.locality.as_deref(),
                year: doc.year,
            };
            let indicators = Extractor::global()
                .extract(&input)
                .iter()
                .map(|i| IndicatorRow::new(&doc, i))
                .collect();
            Ok(Processed { doc, indicators })
        })
        .collect()
}
