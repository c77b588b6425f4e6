//! `gongwen merge`: one whole store from the shard stores that
//! `ingest --shard K/N` wrote, equal to a one-machine ingest of the corpus.
//!
//! - **Tables**: every file's rows are copied from its shard, in the order
//!   one ingest would have written them (the corpus walk: paths sorted
//!   component by component), a row group of each shard's table at a time;
//!   the manifest gets each file's new row ranges.
//! - **Index**: the shards' indexes merged into one (tantivy's merge: no
//!   text is segmented again). Ranking statistics are corpus-wide in
//!   tantivy whatever the segments, so scores equal a one-machine index's.
//! - **Near-duplicates**, the corpus-wide step: from the merged
//!   fingerprints and texts, as at the end of an ingest — or verified from
//!   candidate pairs found elsewhere (the Spark job's banding), which gives
//!   the same pairs when the candidates are the same.
//!
//! Shard stores must be complete (shards 1 to N of one N), of this format
//! version, made with the same dictionary, column options and extraction
//! rules; anything else is refused with a message naming the shard.

use super::packed::PackedTexts;
use super::writer::{Part, TableWriter};
use super::{analyses, duplicate_rows, Shard, Timings};
use crate::analysis::{AnyAnalysis, FingerprintRow};
use crate::dedup::{self, DedupConfig, Fingerprint};
use crate::error::{Error, IoContext, Result};
use crate::frames::{self, table, DOCUMENTS, INDICATORS};
use crate::store::{FileEntry, Generation, Manifest, RowRange, Store, FORMAT_VERSION};
use polars::prelude::DataFrame;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// What to merge, and where.
#[derive(Debug, Clone)]
pub struct MergeOptions {
    /// The shard stores (each a store folder, as given to `--store`).
    pub shards: Vec<PathBuf>,
    /// The store to write (a new generation of it).
    pub store: PathBuf,
    pub dedup: DedupConfig,
    /// Candidate pairs of near-duplicates found elsewhere (a Parquet file
    /// with columns `doc_a`, `doc_b`: document ids), verified here instead
    /// of banding the fingerprints.
    pub candidates: Option<PathBuf>,
}

impl MergeOptions {
    pub fn new(shards: Vec<PathBuf>, store: impl Into<PathBuf>) -> MergeOptions {
        MergeOptions {
            shards,
            store: store.into(),
            dedup: DedupConfig::default(),
            candidates: None,
        }
    }
}

/// What a merge did.
#[derive(Debug, Clone, Default)]
pub struct MergeSummary {
    pub shards: usize,
    pub files: usize,
    pub manifest: Manifest,
    pub timings: Timings,
}

/// A shard store: its generation, manifest and shard.
struct ShardStore {
    root: PathBuf,
    gen: Generation,
    manifest: Manifest,
    shard: Shard,
}

/// Merges the shard stores of `opts` into a new generation of `opts.store`.
pub fn merge(opts: &MergeOptions) -> Result<MergeSummary> {
    let shards = open_shards(&opts.shards)?;
    check(&shards, &opts.store)?;
    let order = file_order(&shards)?;
    let store = Store::new(&opts.store);
    let lock = store.lock()?;
    let staging = store.stage(&lock)?;
    let mut timings = Timings::default();
    let (analyses, _) = analyses()?;
    let (files, totals) = timings.time("copy tables", || {
        copy_tables(&shards, &order, &analyses, staging.dir())
    })?;
    let dirs: Vec<PathBuf> = shards.iter().map(|s| s.gen.index_dir()).collect();
    timings.time("merge indexes", || {
        crate::index::merge_indexes(&dirs, &staging.index_dir())
    })?;
    if let Some(dict) = shards[0].gen.user_dict() {
        crate::store::write_synced(&staging.user_dict_path(), dict.as_bytes())?;
    }
    let rows = timings.time("near-duplicates", || near_duplicates(staging.dir(), opts))?;
    frames::write(staging.dir(), &rows)?;
    let count = |file: &str| {
        let i = analyses.iter().position(|a| a.file() == file);
        i.map_or(0, |i| totals[i])
    };
    let first = &shards[0].manifest;
    let manifest = Manifest {
        format_version: FORMAT_VERSION,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        created: crate::store::utc_now(),
        corpus: first.corpus.clone(),
        documents: count(DOCUMENTS),
        indicators: count(INDICATORS),
        duplicates: rows.len(),
        skipped_files: shards.iter().map(|s| s.manifest.skipped_files).sum(),
        files,
        read: first.read.clone(),
        rules: first.rules.clone(),
        shard: None,
    };
    staging.commit(&manifest)?;
    Ok(MergeSummary {
        shards: shards.len(),
        files: manifest.files.len(),
        manifest,
        timings,
    })
}

/// Opens each shard store's current generation; a store of another format
/// version is named with what to do.
fn open_shards(paths: &[PathBuf]) -> Result<Vec<ShardStore>> {
    if paths.is_empty() {
        return Err(Error::Invalid(
            "merge needs the shard stores to merge".into(),
        ));
    }
    paths
        .iter()
        .map(|root| {
            let gen = Store::new(root).current().map_err(|e| match e {
                Error::BadStore { path, problem } => Error::Invalid(format!(
                    "shard store {} {problem}: ingest that shard again with this gongwen",
                    path.display()
                )),
                e => e,
            })?;
            let manifest = gen.manifest()?;
            let shard = manifest.shard.as_deref().map(Shard::parse);
            let shard = match shard {
                Some(Ok(s)) => s,
                Some(Err(e)) => {
                    return Err(Error::Invalid(format!("{}: {e}", root.display())));
                }
                None => {
                    return Err(Error::Invalid(format!(
                        "{} is not a shard store (made without `ingest --shard K/N`)",
                        root.display()
                    )));
                }
            };
            Ok(ShardStore {
                root: root.clone(),
                gen,
                manifest,
                shard,
            })
        })
        .collect()
}

/// Shards 1 to N of one N, each once, made alike, none of them the output.
fn check(shards: &[ShardStore], out: &Path) -> Result<()> {
    let first = &shards[0];
    let n = first.shard.n;
    let same_folder = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let mut seen: BTreeMap<u32, &Path> = BTreeMap::new();
    for s in shards {
        let name = s.root.display();
        let differs = |what: &str| {
            Error::Invalid(format!(
                "shard store {name} was made with {what} than {}: ingest every shard alike",
                first.root.display()
            ))
        };
        if same_folder(&s.root, out) {
            return Err(Error::Invalid(format!(
                "the merged store cannot be shard store {name}: give another --store"
            )));
        }
        if s.shard.n != n {
            return Err(Error::Invalid(format!(
                "shard store {name} is shard {} but {} is shard {}: merge the shards of one split",
                s.shard,
                first.root.display(),
                first.shard
            )));
        }
        if let Some(other) = seen.insert(s.shard.k, &s.root) {
            return Err(Error::Invalid(format!(
                "{name} and {} are both shard {}",
                other.display(),
                s.shard
            )));
        }
        if s.gen.user_dict() != first.gen.user_dict() {
            return Err(differs("another user dictionary"));
        }
        if s.manifest.read != first.manifest.read {
            return Err(differs("other column options"));
        }
        if s.manifest.rules != first.manifest.rules {
            return Err(differs("other extraction rules (another gongwen)"));
        }
    }
    let missing: Vec<String> = (1..=n)
        .filter(|k| !seen.contains_key(k))
        .map(|k| format!("{k}/{n}"))
        .collect();
    if !missing.is_empty() {
        return Err(Error::Invalid(format!(
            "shard {} missing: a merge needs all {n} shards",
            missing.join(", ")
        )));
    }
    Ok(())
}

/// Every file of every shard, with its shard, in the order one ingest of
/// the corpus takes them: the corpus walk visits each folder's entries
/// sorted, so its order is that of the paths compared component by
/// component.
fn file_order(shards: &[ShardStore]) -> Result<Vec<(usize, &FileEntry)>> {
    let mut order: Vec<(usize, &FileEntry)> = shards
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.manifest.files.iter().map(move |e| (i, e)))
        .collect();
    order.sort_by(|a, b| Path::new(&a.1.source).cmp(Path::new(&b.1.source)));
    for w in order.windows(2) {
        if w[0].1.source == w[1].1.source {
            return Err(Error::Invalid(format!(
                "{} is in both {} and {}",
                w[0].1.source,
                shards[w[0].0].root.display(),
                shards[w[1].0].root.display()
            )));
        }
    }
    Ok(order)
}

/// Files copied per batch sent to the table writer.
const BATCH_FILES: usize = 256;

/// Copies every table's rows file by file in `order`; returns the files'
/// new entries and each table's row count.
fn copy_tables(
    shards: &[ShardStore],
    order: &[(usize, &FileEntry)],
    analyses: &[Box<dyn AnyAnalysis>],
    out: &Path,
) -> Result<(Vec<FileEntry>, Vec<usize>)> {
    let mut cursors: Vec<Vec<Cursor>> = shards
        .iter()
        .map(|s| {
            let dir = s.gen.dir();
            analyses
                .iter()
                .map(|a| Cursor::open(&dir.join(a.file())))
                .collect()
        })
        .collect::<Result<_>>()?;
    let mut writer = TableWriter::start(out, analyses)?;
    let mut totals = vec![0usize; analyses.len()];
    let mut entries = Vec::with_capacity(order.len());
    for batch in order.chunks(BATCH_FILES) {
        let mut parts: Vec<Vec<Part>> = analyses.iter().map(|_| Vec::new()).collect();
        for &(shard, entry) in batch {
            let mut rows = BTreeMap::new();
            for (t, a) in analyses.iter().enumerate() {
                let range = entry
                    .rows
                    .get(a.file())
                    .copied()
                    .ok_or_else(|| Error::BadStore {
                        path: shards[shard].root.clone(),
                        problem: format!("lists no rows of {} for {}", a.file(), entry.source),
                    })?;
                if range.count > 0 {
                    parts[t].push(Part::Frame(cursors[shard][t].take(range)?));
                }
                let first = totals[t];
                totals[t] += range.count;
                rows.insert(
                    a.file().to_string(),
                    RowRange {
                        first,
                        count: range.count,
                    },
                );
            }
            entries.push(FileEntry {
                rows,
                ..entry.clone()
            });
        }
        writer.send(parts)?;
    }
    writer.finish()?;
    Ok((entries, totals))
}

/// Reads a table's rows in order, a row group at a time.
struct Cursor {
    path: PathBuf,
    groups: Vec<(usize, usize)>,
    /// The row group read last: its first row and its rows.
    loaded: Option<(usize, DataFrame)>,
}

impl Cursor {
    fn open(path: &Path) -> Result<Cursor> {
        Ok(Cursor {
            path: path.to_path_buf(),
            groups: table::row_groups(path)?,
            loaded: None,
        })
    }

    /// Rows `range` of the table (the ranges asked for only move forward,
    /// so each row group is read once).
    fn take(&mut self, range: RowRange) -> Result<DataFrame> {
        let end = range.first + range.count;
        let mut at = range.first;
        let mut out: Option<DataFrame> = None;
        while at < end {
            let g = self.groups.partition_point(|&(off, len)| off + len <= at);
            let &(off, len) = self.groups.get(g).ok_or_else(|| Error::BadStore {
                path: self.path.clone(),
                problem: format!("has fewer rows than its manifest lists ({end})"),
            })?;
            let group = match self.loaded.take() {
                Some((o, df)) if o == off => df,
                _ => table::read_frame(&self.path, None, Some((off, len)))?,
            };
            let n = (end - at).min(off + len - at);
            let piece = group.slice((at - off) as i64, n);
            self.loaded = Some((off, group));
            match out.as_mut() {
                Some(df) => drop(
                    df.vstack_mut(&piece)
                        .map_err(table::frame_err(&self.path))?,
                ),
                None => out = Some(piece),
            }
            at += n;
        }
        match out {
            Some(df) => Ok(df),
            None => table::read_frame(&self.path, None, Some((0, 0))),
        }
    }
}

/// The near-duplicate rows of the merged store in folder `dir`.
fn near_duplicates(dir: &Path, opts: &MergeOptions) -> Result<Vec<frames::DuplicateRow>> {
    let fps: Vec<FingerprintRow> = frames::read(dir, None)?;
    let fps: Vec<Fingerprint> = fps.iter().filter_map(FingerprintRow::fingerprint).collect();
    let docs = frames::read_documents_with(dir, &["title"])?;
    if fps.len() != docs.len() {
        return Err(Error::BadStore {
            path: dir.to_path_buf(),
            problem: "has fingerprints that do not match its documents".into(),
        });
    }
    let ids: Vec<(String, Option<String>)> =
        docs.into_iter().map(|d| (d.doc_id, d.title)).collect();
    let mut texts = PackedTexts::default();
    frames::for_each_text(dir, |offset, group| {
        let packed: Vec<Vec<u8>> = group.par_iter().map(|t| super::packed::pack(t)).collect();
        for (i, (p, t)) in packed.iter().zip(group).enumerate() {
            let id = ids.get(offset + i).map_or("", |d| d.0.as_str());
            texts.push(id, p, t.len());
        }
        Ok(())
    })?;
    let pairs = match &opts.candidates {
        None => dedup::find_pairs_in(&texts, &fps, &opts.dedup),
        Some(path) => {
            let candidates = read_candidates(path, &ids)?;
            dedup::find_pairs_among(&texts, &fps, &opts.dedup, candidates)
        }
    };
    Ok(duplicate_rows(&pairs, &ids))
}

/// Candidate pairs from Parquet of document ids (`doc_a`, `doc_b`): a
/// file, or a folder of `*.parquet` parts (as Spark writes them), as
/// positions in the table, `a < b`, sorted and without repeats; an id the
/// store does not have is an error naming it.
fn read_candidates(path: &Path, ids: &[(String, Option<String>)]) -> Result<Vec<(u32, u32)>> {
    let files: Vec<PathBuf> = if path.is_dir() {
        let mut parts: Vec<PathBuf> = std::fs::read_dir(path)
            .at(path)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "parquet"))
            .collect();
        parts.sort();
        parts
    } else {
        vec![path.to_path_buf()]
    };
    let position: HashMap<&str, u32> = ids
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (id.as_str(), i as u32))
        .collect();
    let mut pairs = Vec::new();
    for file in &files {
        pairs.extend(candidate_pairs(file, &position)?);
    }
    pairs.sort_unstable();
    pairs.dedup();
    Ok(pairs)
}

/// The candidate pairs of one Parquet file (see [`read_candidates`]).
fn candidate_pairs(path: &Path, position: &HashMap<&str, u32>) -> Result<Vec<(u32, u32)>> {
    let df = table::read_frame(path, Some(&["doc_a", "doc_b"]), None)?;
    let column = |name: &str| -> Result<Vec<u32>> {
        let col = df.column(name).and_then(|c| c.str().cloned());
        let col = col.map_err(table::frame_err(path))?;
        col.iter()
            .map(|id| {
                let id = id.unwrap_or("");
                position.get(id).copied().ok_or_else(|| {
                    Error::Invalid(format!(
                        "{}: document {id:?} is not in the shards",
                        path.display()
                    ))
                })
            })
            .collect()
    };
    let (a, b) = (column("doc_a")?, column("doc_b")?);
    Ok(a.into_iter()
        .zip(b)
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (a.min(b), a.max(b)))
        .collect())
}
