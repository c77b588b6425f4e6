//! The ingest pipeline: files flow through in bounded batches; within a
//! batch, documents are decoded, segmented once, indexed, measured and
//! fingerprinted in parallel (rayon); each batch is handed to a writer
//! thread that appends it to the store's tables as a row group while the
//! next batch is processed; near-duplicates are found at the end, and the
//! new generation is switched in.
//!
//! Ingest is incremental: a file whose content hash is the one recorded in
//! the previous generation's manifest is not parsed or measured again — its
//! rows are copied from the previous tables. When the corpus only grew, the
//! previous index is kept (its files linked) and only new documents are
//! added. When a file changed or vanished, the index is rebuilt from every
//! document's text (re-segmented), because deleting from a tantivy index
//! leaves ranking statistics that differ from a fresh build. Either way the
//! result equals a from-scratch ingest (`--full`): the same rows, the same
//! hits with the same scores.

use crate::corpus::{self, Document, FileLoad, Problem, ReadOptions, SourceFile};
use crate::dedup::{self, DedupConfig, Fingerprint};
use crate::error::{Error, IoContext, Result};
use crate::extract::{DocInput, Extractor};
use crate::frames::{self, DuplicateRow, IndicatorRow, ParquetSink};
use crate::index::IndexBuilder;
use crate::place;
use crate::segment;
use crate::store::{FileEntry, Generation, Manifest, Store, FORMAT_VERSION};
use crate::text::Token;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::thread::JoinHandle;

/// What to ingest, and where.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    pub corpus: PathBuf,
    pub store: PathBuf,
    /// Rebuild from scratch instead of reusing unchanged files.
    pub full: bool,
    /// Files per batch: bounds the memory held at once.
    pub batch_files: usize,
    /// Memory for tantivy's indexing heap, in bytes.
    pub index_heap: usize,
    pub dedup: DedupConfig,
    /// The user dictionary the segmenter was loaded with (`--dict`), kept
    /// in the store so that queries are cut with it too. A different
    /// dictionary than the previous generation's forces a full rebuild.
    pub user_dict: Option<String>,
    /// Which table columns hold the text, title, locality and year.
    pub read: ReadOptions,
}

impl IngestOptions {
    pub fn new(corpus: impl Into<PathBuf>, store: impl Into<PathBuf>) -> Self {
        IngestOptions {
            corpus: corpus.into(),
            store: store.into(),
            full: false,
            batch_files: 256,
            index_heap: 128 << 20,
            dedup: DedupConfig::default(),
            user_dict: None,
            read: ReadOptions::default(),
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
    /// Files whose rows were copied from the previous generation.
    pub unchanged_files: usize,
    pub skipped_files: usize,
    pub problems: Vec<Problem>,
    pub manifest: Manifest,
    /// Wall time spent in each stage, in pipeline order.
    pub timings: Timings,
}

/// Wall time per stage of an ingest (stages that overlap are timed where
/// the pipeline waits for them).
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub stages: Vec<(&'static str, std::time::Duration)>,
}

impl Timings {
    /// Adds `elapsed` to stage `name`.
    pub fn add(&mut self, name: &'static str, elapsed: std::time::Duration) {
        match self.stages.iter_mut().find(|(n, _)| *n == name) {
            Some((_, d)) => *d += elapsed,
            None => self.stages.push((name, elapsed)),
        }
    }

    /// Runs `f`, timing it as stage `name`.
    pub fn time<T>(&mut self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let start = std::time::Instant::now();
        let out = f();
        self.add(name, start.elapsed());
        out
    }
}

/// A file of the batch: read afresh, or unchanged since the previous
/// generation (its entry there).
enum Source {
    Fresh(FileLoad),
    Unchanged(FileEntry, u64),
}

/// One document after the per-document stages.
struct Processed {
    doc: Document,
    indicators: Vec<IndicatorRow>,
    kept: Kept,
}

/// What the near-duplicate stage needs of a document, taken in the
/// parallel pass: its fingerprint and its text, zstd-compressed.
struct Kept {
    fingerprint: Fingerprint,
    packed: Vec<u8>,
    len: usize,
}

impl Kept {
    fn of(text: &str) -> Kept {
        Kept {
            fingerprint: dedup::fingerprint(text),
            packed: zstd::bulk::compress(text.as_bytes(), 1).unwrap_or_default(),
            len: text.len(),
        }
    }
}

/// The texts of all documents, zstd-compressed (about a third of their
/// size), for verifying near-duplicate candidates at the end. They are
/// appended to large blocks, not kept one allocation per document: tens of
/// thousands of small long-lived allocations scattered among each batch's
/// large short-lived ones kept glibc from reusing freed memory, and a
/// 200 MB ingest peaked at 705 MB, 270 MB more than without the texts.
#[derive(Default)]
struct PackedTexts {
    blocks: Vec<Vec<u8>>,
    /// Per document: its block, offset and packed length, and text length.
    spans: Vec<(usize, usize, usize, usize)>,
}

/// Size of a block of [`PackedTexts`]; large enough to be its own mapping.
const PACKED_BLOCK: usize = 64 << 20;

impl PackedTexts {
    fn push(&mut self, packed: &[u8], len: usize) {
        let fits = |b: &Vec<u8>| b.len() + packed.len() <= b.capacity();
        if !self.blocks.last().is_some_and(fits) {
            self.blocks
                .push(Vec::with_capacity(PACKED_BLOCK.max(packed.len())));
        }
        let b = self.blocks.len() - 1;
        let block = &mut self.blocks[b];
        self.spans.push((b, block.len(), packed.len(), len));
        block.extend_from_slice(packed);
    }
}

impl dedup::TextSource for PackedTexts {
    fn count(&self) -> usize {
        self.spans.len()
    }
    fn text(&self, i: usize) -> std::borrow::Cow<'_, str> {
        let (b, off, n, len) = self.spans[i];
        let bytes = zstd::bulk::decompress(&self.blocks[b][off..off + n], len).unwrap_or_default();
        std::borrow::Cow::Owned(String::from_utf8(bytes).unwrap_or_default())
    }
    fn byte_len(&self, i: usize) -> usize {
        self.spans[i].3
    }
}

/// The state carried across batches.
struct Run<'a> {
    opts: &'a IngestOptions,
    obs: &'a dyn Observer,
    previous: Option<(Generation, HashMap<String, FileEntry>)>,
    index: IndexBuilder,
    tables: TableWriter,
    entries: Vec<FileEntry>,
    /// Whether unchanged documents must be indexed again (see module doc).
    reindex_unchanged: bool,
    indicators: usize,
    /// Text, id and title of every document, and its fingerprint, for dedup.
    texts: PackedTexts,
    ids: Vec<(String, Option<String>)>,
    fps: Vec<Fingerprint>,
    summary: IngestSummary,
}

/// Ingests `opts.corpus` into a new generation of `opts.store`.
pub fn ingest(opts: &IngestOptions, obs: &dyn Observer) -> Result<IngestSummary> {
    let (files, problems) = corpus::discover(&opts.corpus);
    problems.iter().for_each(|p| obs.problem(p));
    let total_bytes = files
        .iter()
        .map(|f| std::fs::metadata(&f.path).map_or(0, |m| m.len()))
        .sum();
    obs.started(files.len(), total_bytes);

    let store = Store::new(&opts.store);
    let lock = store.lock()?;
    let previous = if opts.full { None } else { store.previous()? };
    let previous = previous.filter(|g| user_dict(g.dir()) == opts.user_dict);
    let previous = match previous {
        Some(g) => {
            let entries: HashMap<String, FileEntry> = g
                .manifest()?
                .files
                .into_iter()
                .map(|e| (e.source.clone(), e))
                .collect();
            Some((g, entries))
        }
        None => None,
    };
    let mut timings = Timings::default();
    // Hashes decide what an incremental ingest reuses; a full one needs
    // none and so reads each file once, not twice.
    let hashes = match &previous {
        Some(_) => timings.time("hash files", || content_hashes(&files)),
        None => HashMap::new(),
    };
    let grew_only = previous.as_ref().is_some_and(|(_, entries)| {
        entries
            .values()
            .all(|e| hashes.get(e.source.as_str()) == Some(&e.hash))
    });
    let staging = store.stage(&lock)?;
    let index_dir = staging.dir().join("index");
    let index = match &previous {
        Some((g, _)) if grew_only => {
            IndexBuilder::update(&index_dir, &g.dir().join("index"), opts.index_heap)?
        }
        _ => IndexBuilder::create(&index_dir, opts.index_heap)?,
    };
    let reindex_unchanged = !grew_only;
    let mut run = Run {
        opts,
        obs,
        previous,
        index,
        tables: TableWriter::start(staging.dir())?,
        entries: Vec::new(),
        reindex_unchanged,
        indicators: 0,
        texts: PackedTexts::default(),
        ids: Vec::new(),
        fps: Vec::new(),
        summary: IngestSummary {
            files: files.len() + problems.len(),
            skipped_files: problems.len(),
            problems,
            timings,
            ..IngestSummary::default()
        },
    };
    for batch in files.chunks(opts.batch_files.max(1)) {
        run.batch(batch, &hashes)?;
    }
    run.finish(staging)
}

impl Run<'_> {
    fn batch(&mut self, batch: &[SourceFile], hashes: &HashMap<&str, String>) -> Result<()> {
        let t = std::time::Instant::now();
        let sources = self.read_batch(batch, hashes);
        self.summary.timings.add("read and parse", t.elapsed());
        let mut docs = Vec::new();
        let mut reused: Vec<(Vec<Document>, Vec<IndicatorRow>)> = Vec::new();
        let mut kinds = Vec::new();
        for (file, source) in batch.iter().zip(sources) {
            match source {
                Source::Fresh(load) => {
                    kinds.push((file, load.hash, load.bytes, load.documents.len(), None));
                    self.note_problems(&load);
                    docs.extend(load.documents);
                }
                Source::Unchanged(entry, bytes) => {
                    let (g, _) = self
                        .previous
                        .as_ref()
                        .expect("unchanged implies a previous generation");
                    let d = frames::read_document_slice(
                        g.dir(),
                        entry.first_document,
                        entry.documents,
                    )?;
                    let i = frames::read_indicator_slice(
                        g.dir(),
                        entry.first_indicator,
                        entry.indicators,
                    )?;
                    kinds.push((
                        file,
                        0,
                        bytes,
                        d.len(),
                        Some((reused.len(), entry.hash.clone())),
                    ));
                    reused.push((d, i));
                    self.summary.unchanged_files += 1;
                }
            }
        }
        let t = std::time::Instant::now();
        let mut fresh = process_batch(docs, &self.index)?.into_iter();
        self.summary
            .timings
            .add("segment, index, extract, fingerprint", t.elapsed());
        let mut reused = reused.into_iter();
        let mut batch_docs = Vec::new();
        let mut rows = Vec::new();
        let mut kept = Vec::new();
        for (file, hash, bytes, n, reuse) in kinds {
            self.summary.bytes += bytes;
            if n == 0 {
                self.summary.skipped_files += 1;
                continue;
            }
            let entry_rows_before = rows.len();
            let hash = match reuse {
                Some((_, hash)) => {
                    let (d, i) = reused.next().expect("one reuse per unchanged file");
                    kept.extend(self.reprocess(&d)?);
                    batch_docs.extend(d);
                    rows.extend(i);
                    hash
                }
                None => {
                    for p in fresh.by_ref().take(n) {
                        batch_docs.push(p.doc);
                        rows.extend(p.indicators);
                        kept.push(p.kept);
                    }
                    format!("{hash:016x}")
                }
            };
            self.entries.push(FileEntry {
                source: file.source.clone(),
                hash,
                bytes,
                first_document: self.summary.documents + batch_docs.len() - n,
                documents: n,
                first_indicator: self.indicators + entry_rows_before,
                indicators: rows.len() - entry_rows_before,
            });
        }
        let t = std::time::Instant::now();
        self.write(batch_docs, rows, kept)?;
        self.summary
            .timings
            .add("wait for table writer", t.elapsed());
        Ok(())
    }

    /// Reads and parses the batch's new and changed files in parallel;
    /// unchanged ones (by the hashes taken up front) are not read again.
    fn read_batch(&self, batch: &[SourceFile], hashes: &HashMap<&str, String>) -> Vec<Source> {
        let previous = self.previous.as_ref().map(|(_, e)| e);
        batch
            .par_iter()
            .map(|f| {
                let unchanged = previous
                    .and_then(|p| p.get(&f.source))
                    .filter(|e| hashes.get(f.source.as_str()) == Some(&e.hash));
                let source = match (unchanged, corpus::read_source(f)) {
                    (Some(e), _) => Source::Unchanged(e.clone(), e.bytes),
                    (None, Ok(bytes)) => {
                        Source::Fresh(corpus::parse_file_with(f, bytes, &self.opts.read))
                    }
                    (None, Err(p)) => Source::Fresh(FileLoad {
                        problems: vec![p],
                        ..FileLoad::default()
                    }),
                };
                self.obs.file_done(match &source {
                    Source::Fresh(l) => l.bytes,
                    Source::Unchanged(e, _) => e.bytes,
                });
                source
            })
            .collect()
    }

    /// Fingerprints documents copied from the previous generation, and
    /// indexes them again when the index is rebuilt.
    fn reprocess(&self, docs: &[Document]) -> Result<Vec<Kept>> {
        docs.par_iter()
            .map(|d| {
                if self.reindex_unchanged {
                    self.index.add(d, &segment::segment(&d.text))?;
                }
                Ok(Kept::of(&d.text))
            })
            .collect()
    }

    fn note_problems(&mut self, load: &FileLoad) {
        load.problems.iter().for_each(|p| self.obs.problem(p));
        self.summary.problems.extend(load.problems.iter().cloned());
    }

    fn write(
        &mut self,
        docs: Vec<Document>,
        rows: Vec<IndicatorRow>,
        kept: Vec<Kept>,
    ) -> Result<()> {
        self.summary.documents += docs.len();
        self.indicators += rows.len();
        for k in kept {
            self.fps.push(k.fingerprint);
            self.texts.push(&k.packed, k.len);
        }
        self.ids
            .extend(docs.iter().map(|d| (d.doc_id.clone(), d.title.clone())));
        self.tables.send(docs, rows)?;
        Ok(())
    }

    fn finish(mut self, staging: crate::store::Staging) -> Result<IngestSummary> {
        if let Some(dict) = &self.opts.user_dict {
            crate::store::write_synced(&staging.dir().join(USER_DICT), dict.as_bytes())?;
        }
        let t = std::time::Instant::now();
        self.index.finish()?;
        self.summary.timings.add("index commit", t.elapsed());
        let t = std::time::Instant::now();
        self.tables.finish()?;
        self.summary.timings.add("finish tables", t.elapsed());
        let t = std::time::Instant::now();
        let pairs = dedup::find_pairs_in(&self.texts, &self.fps, &self.opts.dedup);
        self.summary.timings.add("near-duplicates", t.elapsed());
        let rows: Vec<DuplicateRow> = pairs
            .iter()
            .map(|p| DuplicateRow {
                cluster: p.cluster as u64,
                doc_a: self.ids[p.a].0.clone(),
                doc_b: self.ids[p.b].0.clone(),
                title_a: self.ids[p.a].1.clone(),
                title_b: self.ids[p.b].1.clone(),
                jaccard: p.jaccard,
                containment: p.containment,
            })
            .collect();
        frames::write_duplicates(staging.dir(), &rows)?;
        let manifest = Manifest {
            format_version: FORMAT_VERSION,
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            created: crate::store::utc_now(),
            corpus: self.opts.corpus.display().to_string(),
            documents: self.summary.documents,
            indicators: self.indicators,
            duplicates: rows.len(),
            skipped_files: self.summary.skipped_files,
            files: self.entries,
        };
        staging.commit(&manifest)?;
        self.summary.manifest = manifest;
        Ok(self.summary)
    }
}

/// A batch for the tables: its documents and their indicator rows.
type TableBatch = (Vec<Document>, Vec<IndicatorRow>);

/// Writes the documents and indicators tables on a thread of its own, so
/// that building and compressing one batch's row groups overlaps with
/// processing the next batch. At most one batch waits in the queue, which
/// keeps memory bounded: a fast producer blocks until the writer catches up.
struct TableWriter {
    tx: Option<SyncSender<TableBatch>>,
    handle: Option<JoinHandle<Result<()>>>,
}

impl TableWriter {
    fn start(dir: &Path) -> Result<TableWriter> {
        let mut docs = ParquetSink::new(&dir.join(frames::DOCUMENTS), frames::documents_schema());
        let mut inds = ParquetSink::new(&dir.join(frames::INDICATORS), frames::indicators_schema());
        let (tx, rx) = sync_channel::<TableBatch>(1);
        let handle = std::thread::Builder::new()
            .name("gongwen-tables".into())
            .spawn(move || {
                for (d, rows) in rx {
                    docs.write(&frames::documents_frame(&d)?)?;
                    inds.write(&frames::indicators_frame(&rows)?)?;
                }
                docs.finish()?;
                inds.finish()
            })
            .at(dir)?;
        Ok(TableWriter {
            tx: Some(tx),
            handle: Some(handle),
        })
    }

    /// Queues a batch; waits while the writer is a batch behind. When the
    /// writer has stopped on an error, returns that error.
    fn send(&mut self, docs: Vec<Document>, rows: Vec<IndicatorRow>) -> Result<()> {
        if docs.is_empty() && rows.is_empty() {
            return Ok(());
        }
        let sent = self
            .tx
            .as_ref()
            .is_some_and(|tx| tx.send((docs, rows)).is_ok());
        if sent {
            return Ok(());
        }
        self.join()?;
        Err(Error::Invalid("the table writer stopped early".into()))
    }

    /// Writes what is queued and closes both files.
    fn finish(mut self) -> Result<()> {
        self.join()
    }

    fn join(&mut self) -> Result<()> {
        drop(self.tx.take());
        match self.handle.take() {
            Some(h) => h
                .join()
                .unwrap_or_else(|_| Err(Error::Invalid("the table writer panicked".into()))),
            None => Ok(()),
        }
    }
}

impl Drop for TableWriter {
    /// On an error elsewhere, lets the writer end before the staging
    /// folder it writes into is removed.
    fn drop(&mut self) {
        let _ = self.join();
    }
}

/// The file of a generation that holds the user dictionary, if one was given.
pub const USER_DICT: &str = "user_dict.txt";

/// The user dictionary stored in generation folder `dir`.
pub fn user_dict(dir: &std::path::Path) -> Option<String> {
    std::fs::read_to_string(dir.join(USER_DICT)).ok()
}

/// The content hash of every readable file, keyed by source, in parallel.
fn content_hashes(files: &[SourceFile]) -> HashMap<&str, String> {
    files
        .par_iter()
        .filter_map(|f| {
            let bytes = corpus::read_source(f).ok()?;
            Some((
                f.source.as_str(),
                format!("{:016x}", corpus::content_hash(&bytes)),
            ))
        })
        .collect()
}

/// The per-document stages, in parallel: the main locality, one
/// segmentation pass whose tokens feed the index and the extractor, and the
/// near-duplicate fingerprint.
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
            let kept = Kept::of(&doc.text);
            Ok(Processed {
                doc,
                indicators,
                kept,
            })
        })
        .collect()
}
