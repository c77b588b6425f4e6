//! The ingest pipeline: files flow through in bounded batches; within a
//! batch, documents are read, given their view (normalized once, segmented
//! once, their places found once), indexed and run through every analysis
//! of [`crate::analysis::default_analyses`] in parallel (rayon); each
//! batch's rows are handed to a writer thread that appends them to the
//! tables as row groups while the next batch is processed; near-duplicates
//! are found at the end, and the new generation is switched in.
//!
//! Ingest is incremental: a file whose content hash is the one recorded in
//! the previous generation's manifest is read once (to hash it) and not
//! parsed, analysed or fingerprinted again — its rows are copied from every
//! table of the previous generation (the manifest records each file's row
//! range per table). When the corpus only grew, the previous index is kept
//! (its files linked) and only new documents are added. When a file changed
//! or vanished, the index is rebuilt from every document's text
//! (re-segmented), because deleting from a tantivy index leaves ranking
//! statistics that differ from a fresh build. Either way the result equals
//! a from-scratch ingest (`--full`): the same rows, the same hits with the
//! same scores.

use crate::analysis::{default_analyses, AnyAnalysis, FingerprintRow, Rows};
use crate::corpus::{self, Document, FileLoad, Problem, ReadOptions, SourceFile};
use crate::dedup::{self, DedupConfig, Fingerprint};
use crate::error::{Error, Result};
use crate::frames::table::{from_frame, read_frame};
use crate::frames::{self, DuplicateRow, Table, DOCUMENTS, FINGERPRINTS, INDICATORS};
use crate::index::IndexBuilder;
use crate::segment::Segmenter;
use crate::store::{FileEntry, Generation, Manifest, RowRange, Staging, Store, FORMAT_VERSION};
use crate::view::DocView;
use polars::prelude::DataFrame;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

mod merge;
mod packed;
mod shard;
mod writer;

pub use merge::{merge, MergeOptions, MergeSummary};
pub use shard::{shard_of, Shard};

use packed::PackedTexts;
use writer::{Part, TableWriter};

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
    /// The user dictionary the segmenter is loaded with (`--dict`), kept
    /// in the store so that queries are cut with it too. A different
    /// dictionary than the previous generation's forces a full rebuild.
    pub user_dict: Option<String>,
    /// Which table columns hold the text, title, locality and year.
    pub read: ReadOptions,
    /// Only the files of this shard, and no corpus-wide work (near-duplicates):
    /// a shard store for `gongwen merge`.
    pub shard: Option<Shard>,
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
            shard: None,
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
        let start = Instant::now();
        let out = f();
        self.add(name, start.elapsed());
        out
    }
}

/// A file of the batch: read afresh, or unchanged since the previous
/// generation (its entry there).
enum Source {
    /// A file read now; its documents are moved out for processing, and
    /// `documents` counts them.
    Fresh {
        load: FileLoad,
        documents: usize,
    },
    Unchanged(FileEntry),
}

/// One document after the parallel pass: its rows in every table, and
/// what the near-duplicate stage keeps of it.
struct Processed {
    rows: Vec<Box<dyn Rows>>,
    kept: Kept,
}

/// What the near-duplicate stage needs of a document: its id and title,
/// its fingerprint and its text, zstd-compressed.
struct Kept {
    id: String,
    title: Option<String>,
    fingerprint: Fingerprint,
    packed: Vec<u8>,
    len: usize,
}

impl Kept {
    /// What dedup keeps of `doc`; its text only when `text` (a shard store
    /// finds no near-duplicates, so it keeps none).
    fn new(doc: &Document, fingerprint: Fingerprint, text: bool) -> Kept {
        let packed = match text {
            true => packed::pack(&doc.text),
            false => Vec::new(),
        };
        Kept {
            id: doc.doc_id.clone(),
            title: doc.title.clone(),
            fingerprint,
            packed,
            len: doc.text.len(),
        }
    }
}

/// The rows one batch adds: per table, its parts in file order.
struct BatchRows {
    parts: Vec<Vec<Part>>,
    /// Rows per table so far in this batch.
    counts: Vec<usize>,
}

/// The state carried across batches.
struct Run<'a> {
    opts: &'a IngestOptions,
    obs: &'a dyn Observer,
    analyses: Vec<Box<dyn AnyAnalysis>>,
    /// Position of the fingerprints table among the analyses.
    fingerprints: usize,
    segmenter: Segmenter,
    previous: Option<(Generation, HashMap<String, FileEntry>)>,
    index: IndexBuilder,
    tables: TableWriter,
    entries: Vec<FileEntry>,
    /// Rows written so far, per table.
    totals: Vec<usize>,
    /// Whether unchanged documents must be indexed again (see module doc).
    reindex_unchanged: bool,
    /// Text, id, title and fingerprint of every document, for dedup.
    texts: PackedTexts,
    ids: Vec<(String, Option<String>)>,
    fps: Vec<Fingerprint>,
    summary: IngestSummary,
}

/// Ingests `opts.corpus` into a new generation of `opts.store`.
pub fn ingest(opts: &IngestOptions, obs: &dyn Observer) -> Result<IngestSummary> {
    let segmenter = Segmenter::new(opts.user_dict.as_deref())
        .map_err(|e| Error::Invalid(format!("user dictionary: {e}")))?;
    let (files, problems) = discover(opts);
    problems.iter().for_each(|p| obs.problem(p));
    let sizes = files
        .iter()
        .map(|f| std::fs::metadata(&f.path).map_or(0, |m| m.len()));
    obs.started(files.len(), sizes.sum());
    let store = Store::new(&opts.store);
    let lock = store.lock()?;
    let previous = previous_generation(&store, opts)?;
    let mut timings = Timings::default();
    // Hashes decide what an incremental ingest reuses; a full one needs
    // none and so reads each file once.
    let hashes = match &previous {
        Some(_) => timings.time("hash files", || content_hashes(&files)),
        None => HashMap::new(),
    };
    let grew_only = grew_only(previous.as_ref().map(|(_, e)| e), &hashes);
    let staging = store.stage(&lock)?;
    let index = match &previous {
        Some((g, _)) if grew_only => {
            IndexBuilder::update(&staging.index_dir(), &g.index_dir(), opts.index_heap)?
        }
        _ => IndexBuilder::create(&staging.index_dir(), opts.index_heap)?,
    };
    let (analyses, fingerprints) = analyses()?;
    let summary = IngestSummary {
        files: files.len() + problems.len(),
        skipped_files: problems.len(),
        problems,
        timings,
        ..IngestSummary::default()
    };
    let mut run = Run {
        opts,
        obs,
        tables: TableWriter::start(staging.dir(), &analyses)?,
        totals: vec![0; analyses.len()],
        analyses,
        fingerprints,
        segmenter,
        previous,
        index,
        entries: Vec::new(),
        reindex_unchanged: !grew_only,
        texts: PackedTexts::default(),
        ids: Vec::new(),
        fps: Vec::new(),
        summary,
    };
    for batch in files.chunks(opts.batch_files.max(1)) {
        run.batch(batch, &hashes)?;
    }
    run.finish(staging)
}

/// The corpus's files (of the shard, with `--shard`) and the problems of
/// finding them.
fn discover(opts: &IngestOptions) -> (Vec<SourceFile>, Vec<Problem>) {
    let (mut files, mut problems) = corpus::discover(&opts.corpus);
    if let Some(shard) = opts.shard {
        files.retain(|f| shard.holds(&f.source));
        // Files of no known type are named once, by the first shard.
        if shard.k != 1 {
            problems.clear();
        }
    }
    (files, problems)
}

/// Whether every file of the previous generation is still there unchanged
/// (the corpus only grew, so the previous index can be kept).
fn grew_only(
    previous: Option<&HashMap<String, FileEntry>>,
    hashes: &HashMap<&str, String>,
) -> bool {
    previous.is_some_and(|entries| {
        entries
            .values()
            .all(|e| hashes.get(e.source.as_str()) == Some(&e.hash))
    })
}

/// The analyses to run, and the position of the fingerprints among them
/// (near-duplicates are found from it).
fn analyses() -> Result<(Vec<Box<dyn AnyAnalysis>>, usize)> {
    let analyses = default_analyses();
    let fingerprints = analyses
        .iter()
        .position(|a| a.file() == FINGERPRINTS)
        .ok_or_else(|| Error::Invalid("no fingerprints analysis in the list".into()))?;
    Ok((analyses, fingerprints))
}

/// The previous generation and its files by source, when an ingest may
/// reuse it: not with `--full`, nor when the user dictionary, the column
/// options or the extraction rules changed.
fn previous_generation(
    store: &Store,
    opts: &IngestOptions,
) -> Result<Option<(Generation, HashMap<String, FileEntry>)>> {
    if opts.full {
        return Ok(None);
    }
    let Some(g) = store.previous()? else {
        return Ok(None);
    };
    if g.user_dict() != opts.user_dict {
        return Ok(None);
    }
    // Rows read with other column options are not what these options read.
    let manifest = g.manifest()?;
    let shard = opts.shard.map(|s| s.to_string());
    if manifest.read != opts.read
        || manifest.rules != crate::extract::rules()
        || manifest.shard != shard
    {
        return Ok(None);
    }
    let entries = manifest
        .files
        .into_iter()
        .map(|e| (e.source.clone(), e))
        .collect();
    Ok(Some((g, entries)))
}

impl Run<'_> {
    fn batch(&mut self, batch: &[SourceFile], hashes: &HashMap<&str, String>) -> Result<()> {
        let t = Instant::now();
        let mut sources = self.read_batch(batch, hashes);
        self.summary.timings.add("read and parse", t.elapsed());
        let mut docs = Vec::new();
        for source in &mut sources {
            if let Source::Fresh { load, .. } = source {
                self.note_problems(load);
                // Moved, not copied: a long document is not held twice.
                docs.append(&mut load.documents);
            }
        }
        let t = Instant::now();
        let fresh = self.process(docs)?;
        self.summary
            .timings
            .add("segment, index, analyse", t.elapsed());
        let out = self.assemble(batch, sources, fresh)?;
        let t = Instant::now();
        self.tables.send(out.parts)?;
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
                let source = match unchanged {
                    Some(e) => Source::Unchanged(e.clone()),
                    None => {
                        let load = corpus::load_file_with(f, &self.opts.read);
                        let documents = load.documents.len();
                        Source::Fresh { load, documents }
                    }
                };
                self.obs.file_done(match &source {
                    Source::Fresh { load, .. } => load.bytes,
                    Source::Unchanged(e) => e.bytes,
                });
                source
            })
            .collect()
    }

    /// The parallel pass over new documents: the view, every analysis,
    /// what dedup keeps, and the index.
    fn process(&self, docs: Vec<Document>) -> Result<Vec<Processed>> {
        docs.into_par_iter()
            .map(|doc| {
                let mut view = DocView::new(doc, &self.segmenter);
                let in_parts = IndexBuilder::in_parts(&view);
                if in_parts {
                    // A long document is indexed first and its tokens
                    // (no analysis reads them) freed before the analyses'
                    // rows are built, so that the two are not held at once.
                    self.index.add_parts(&view)?;
                    view.tokens = Vec::new();
                }
                let rows: Vec<Box<dyn Rows>> = self.analyses.iter().map(|a| a.run(&view)).collect();
                let fp = fingerprint_of(rows[self.fingerprints].as_ref())?;
                let kept = Kept::new(&view.doc, fp, self.opts.shard.is_none());
                if !in_parts {
                    // Last: the index takes the view's texts.
                    self.index.add(view)?;
                }
                Ok(Processed { rows, kept })
            })
            .collect()
    }

    /// Puts the batch's rows in file order, fresh and copied alike, and
    /// records each file's entry.
    fn assemble(
        &mut self,
        batch: &[SourceFile],
        sources: Vec<Source>,
        fresh: Vec<Processed>,
    ) -> Result<BatchRows> {
        let mut out = BatchRows {
            parts: (0..self.analyses.len()).map(|_| Vec::new()).collect(),
            counts: vec![0; self.analyses.len()],
        };
        let mut fresh = fresh.into_iter();
        for (file, source) in batch.iter().zip(sources) {
            let before = out.counts.clone();
            let (hash, bytes, docs) = match source {
                Source::Fresh { load, documents } => {
                    self.add_fresh(&mut out, fresh.by_ref().take(documents));
                    (format!("{:016x}", load.hash), load.bytes, documents)
                }
                Source::Unchanged(entry) => {
                    self.summary.unchanged_files += 1;
                    let n = self.add_unchanged(&mut out, &entry)?;
                    (entry.hash, entry.bytes, n)
                }
            };
            self.summary.bytes += bytes;
            self.summary.documents += docs;
            if docs == 0 {
                self.summary.skipped_files += 1;
                continue;
            }
            let rows = self.ranges(&before, &out.counts);
            self.entries.push(FileEntry {
                source: file.source.clone(),
                hash,
                bytes,
                rows,
            });
        }
        for (total, n) in self.totals.iter_mut().zip(&out.counts) {
            *total += n;
        }
        Ok(out)
    }

    /// Each table's rows between two counts of this batch, as row ranges of
    /// the whole table.
    fn ranges(&self, before: &[usize], after: &[usize]) -> BTreeMap<String, RowRange> {
        self.analyses
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let range = RowRange {
                    first: self.totals[i] + before[i],
                    count: after[i] - before[i],
                };
                (a.file().to_string(), range)
            })
            .collect()
    }

    /// Adds processed documents' rows, and keeps what dedup needs.
    fn add_fresh(&mut self, out: &mut BatchRows, docs: impl Iterator<Item = Processed>) {
        for p in docs {
            for (i, rows) in p.rows.into_iter().enumerate() {
                out.counts[i] += rows.len();
                match out.parts[i].last_mut() {
                    Some(Part::Rows(r)) => r.append(rows),
                    _ => out.parts[i].push(Part::Rows(rows)),
                }
            }
            self.keep(p.kept);
        }
    }

    fn keep(&mut self, k: Kept) {
        self.fps.push(k.fingerprint);
        self.texts.push(&k.id, &k.packed, k.len);
        self.ids.push((k.id, k.title));
    }

    /// Copies an unchanged file's rows from every table of the previous
    /// generation; returns its number of documents.
    fn add_unchanged(&mut self, out: &mut BatchRows, entry: &FileEntry) -> Result<usize> {
        let (g, _) = self
            .previous
            .as_ref()
            .ok_or_else(|| Error::Invalid("unchanged file without a previous store".into()))?;
        let mut frames = Vec::with_capacity(self.analyses.len());
        for a in &self.analyses {
            let range = entry.rows.get(a.file()).ok_or_else(|| Error::BadStore {
                path: g.dir().to_path_buf(),
                problem: format!("lists no rows of {} for {}", a.file(), entry.source),
            })?;
            let slice = Some((range.first, range.count));
            frames.push(read_frame(&g.dir().join(a.file()), None, slice)?);
        }
        let docs = self.table_rows::<Document>(&frames, DOCUMENTS)?;
        let fps = self.table_rows::<FingerprintRow>(&frames, FINGERPRINTS)?;
        let fps: Vec<Fingerprint> = fps.iter().filter_map(FingerprintRow::fingerprint).collect();
        if fps.len() != docs.len() {
            return Err(Error::BadStore {
                path: g.dir().to_path_buf(),
                problem: format!(
                    "has fingerprints that do not match the documents of {}",
                    entry.source
                ),
            });
        }
        let n = docs.len();
        for kept in self.reuse(docs, fps)? {
            self.keep(kept);
        }
        for (i, frame) in frames.into_iter().enumerate() {
            out.counts[i] += frame.height();
            out.parts[i].push(Part::Frame(frame));
        }
        Ok(n)
    }

    /// The rows of the table in file `file` among `frames` (one per analysis).
    fn table_rows<T: Table>(&self, frames: &[DataFrame], file: &str) -> Result<Vec<T>> {
        let i = self
            .analyses
            .iter()
            .position(|a| a.file() == file)
            .ok_or_else(|| Error::Invalid(format!("no analysis writes {file}")))?;
        from_frame(&frames[i], Path::new(file))
    }

    /// What dedup keeps of documents copied from the previous generation;
    /// they are indexed again when the index is rebuilt.
    fn reuse(&self, docs: Vec<Document>, fps: Vec<Fingerprint>) -> Result<Vec<Kept>> {
        docs.into_par_iter()
            .zip(fps)
            .map(|(doc, fp)| {
                let kept = Kept::new(&doc, fp, self.opts.shard.is_none());
                if self.reindex_unchanged {
                    self.index.add(DocView::new(doc, &self.segmenter))?;
                }
                Ok(kept)
            })
            .collect()
    }

    fn note_problems(&mut self, load: &FileLoad) {
        load.problems.iter().for_each(|p| self.obs.problem(p));
        self.summary.problems.extend(load.problems.iter().cloned());
    }

    fn finish(mut self, staging: Staging) -> Result<IngestSummary> {
        if let Some(dict) = &self.opts.user_dict {
            crate::store::write_synced(&staging.user_dict_path(), dict.as_bytes())?;
        }
        let mut manifest = self.manifest(0);
        let t = Instant::now();
        self.index.finish()?;
        self.summary.timings.add("index commit", t.elapsed());
        let t = Instant::now();
        self.tables.finish()?;
        self.summary.timings.add("finish tables", t.elapsed());
        let t = Instant::now();
        // A shard finds no near-duplicates: `merge` does, over all shards.
        let pairs = match self.opts.shard {
            None => dedup::find_pairs_in(&self.texts, &self.fps, &self.opts.dedup),
            Some(_) => Vec::new(),
        };
        self.summary.timings.add("near-duplicates", t.elapsed());
        let rows = duplicate_rows(&pairs, &self.ids);
        frames::write(staging.dir(), &rows)?;
        manifest.duplicates = rows.len();
        staging.commit(&manifest)?;
        self.summary.manifest = manifest;
        Ok(self.summary)
    }

    fn manifest(&mut self, duplicates: usize) -> Manifest {
        let count = |file: &str| {
            let i = self.analyses.iter().position(|a| a.file() == file);
            i.map_or(0, |i| self.totals[i])
        };
        Manifest {
            format_version: FORMAT_VERSION,
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            created: crate::store::utc_now(),
            corpus: self.opts.corpus.display().to_string(),
            documents: self.summary.documents,
            indicators: count(INDICATORS),
            duplicates,
            skipped_files: self.summary.skipped_files,
            files: std::mem::take(&mut self.entries),
            read: self.opts.read.clone(),
            rules: crate::extract::rules(),
            shard: self.opts.shard.map(|s| s.to_string()),
        }
    }
}

/// The rows of the duplicates table for `pairs` of the documents `ids`
/// (id and title, in table order).
fn duplicate_rows(pairs: &[dedup::Pair], ids: &[(String, Option<String>)]) -> Vec<DuplicateRow> {
    pairs
        .iter()
        .map(|p| DuplicateRow {
            cluster: p.cluster as u64,
            doc_a: ids[p.a].0.clone(),
            doc_b: ids[p.b].0.clone(),
            title_a: ids[p.a].1.clone(),
            title_b: ids[p.b].1.clone(),
            jaccard: p.jaccard,
            containment: p.containment,
        })
        .collect()
}

/// The fingerprint a document's fingerprints row holds.
fn fingerprint_of(rows: &dyn Rows) -> Result<Fingerprint> {
    rows.as_any()
        .downcast_ref::<Vec<FingerprintRow>>()
        .and_then(|v| v.first())
        .and_then(FingerprintRow::fingerprint)
        .ok_or_else(|| Error::Invalid("a document without its fingerprint".into()))
}

/// The content hash of every readable file, keyed by source, in parallel;
/// each file is streamed through the hash, never held whole.
fn content_hashes(files: &[SourceFile]) -> HashMap<&str, String> {
    files
        .par_iter()
        .filter_map(|f| {
            // A file too large to read is reported when it is loaded, not
            // streamed through the hash first.
            let size = std::fs::metadata(&f.path).ok()?.len();
            if size > corpus::MAX_FILE_BYTES {
                return None;
            }
            Some((
                f.source.as_str(),
                format!("{:016x}", corpus::hash_file(&f.path).ok()?),
            ))
        })
        .collect()
}
