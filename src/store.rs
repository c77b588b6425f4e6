//! The on-disk store (`.gongwen/`): generations written in a staging folder
//! and switched in atomically, the manifest, and the writer's lock.
//!
//! Layout: `STORE/current` is a symlink to the generation readers use
//! (`STORE/gen-…/` holding `documents.parquet`, `indicators.parquet`,
//! `duplicates.parquet`, `index/` and `manifest.json`). A writer builds a
//! new generation in `STORE/tmp-…`, renames it to `gen-…`, then replaces the
//! `current` link with `rename(2)`, which is atomic: a reader sees the old
//! generation or the new one, never a half-written one, and a writer killed
//! at any moment leaves the previous generation in place.
//!
//! The files of a generation are named here only: [`Generation`] and
//! [`Staging`] hand out their paths (`index_dir()`, `documents_path()`, …).

use crate::error::{Error, IoContext, Result};
use crate::frames;
use crate::segment::Segmenter;
use serde::{Deserialize, Serialize};
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The store format this build writes and reads. Bump it whenever a file's
/// schema changes.
pub const FORMAT_VERSION: u32 = 8;

/// The folder of a generation that holds the full-text index.
const INDEX: &str = "index";

/// The file of a generation that holds the user dictionary, if one was given.
pub const USER_DICT: &str = "user_dict.txt";

/// What the store holds, written as `manifest.json`.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
pub struct Manifest {
    pub format_version: u32,
    pub tool_version: String,
    /// UTC time of the ingest, ISO 8601.
    pub created: String,
    /// The corpus path as given.
    pub corpus: String,
    pub documents: usize,
    pub indicators: usize,
    pub duplicates: usize,
    pub skipped_files: usize,
    /// One entry per file ingested, with the content hash used by
    /// incremental ingest.
    pub files: Vec<FileEntry>,
    /// The column options table files were read with: an unchanged file is
    /// only reused when the options are the same.
    #[serde(default)]
    pub read: crate::corpus::ReadOptions,
    /// The extraction rules the rows were made with
    /// ([`crate::extract::rules`]): after an upgrade that changes them, an
    /// unchanged file is read again.
    #[serde(default)]
    pub rules: String,
    /// `K/N` for a shard store (`ingest --shard`), which `gongwen merge`
    /// joins with the others; absent for a whole store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<String>,
}

/// A corpus file as ingested, with where its rows lie in each table (so an
/// incremental ingest can copy an unchanged file's rows as they are).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
pub struct FileEntry {
    pub source: String,
    /// xxh3-64 of the raw bytes, hex.
    pub hash: String,
    pub bytes: u64,
    /// Its rows in each table, by the table's file name.
    pub rows: std::collections::BTreeMap<String, RowRange>,
}

/// Rows `[first, first + count)` of a table.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
pub struct RowRange {
    pub first: usize,
    pub count: usize,
}

/// A store folder.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

impl Store {
    pub fn new(root: impl Into<PathBuf>) -> Store {
        Store { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The generation readers should use, checked for presence and format.
    pub fn current(&self) -> Result<Generation> {
        let link = self.root.join("current");
        let dir = fs::canonicalize(&link).map_err(|_| Error::NoStore(self.root.clone()))?;
        let gen = Generation { dir };
        let version = gen.format_version()?;
        if version != FORMAT_VERSION {
            return Err(Error::BadStore {
                path: self.root.clone(),
                problem: format!(
                    "has format version {version}, this gongwen reads version {FORMAT_VERSION}"
                ),
            });
        }
        Ok(gen)
    }

    /// The generation an ingest builds on: `None` when there is no store
    /// yet, an error (saying to use `--full`) when it cannot be read.
    pub fn previous(&self) -> Result<Option<Generation>> {
        match self.current() {
            Ok(g) => Ok(Some(g)),
            Err(Error::NoStore(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Takes the writer's lock; fails at once, naming the holder, when
    /// another ingest has it. The lock ends when the value is dropped (or
    /// the process dies).
    pub fn lock(&self) -> Result<WriteLock> {
        fs::create_dir_all(&self.root).at(&self.root)?;
        let path = self.root.join("lock");
        let mut file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .at(&path)?;
        if file.try_lock().is_err() {
            let holder = fs::read_to_string(&path)
                .unwrap_or_default()
                .trim()
                .to_string();
            let holder = if holder.is_empty() {
                "unknown process".into()
            } else {
                holder
            };
            return Err(Error::Locked {
                path: self.root.clone(),
                holder,
            });
        }
        file.set_len(0).at(&path)?;
        writeln!(file, "pid {}", std::process::id()).at(&path)?;
        Ok(WriteLock { _file: file })
    }

    /// Starts a new generation in a staging folder.
    pub fn stage(&self, _lock: &WriteLock) -> Result<Staging> {
        let name = format!("tmp-{}-{}", std::process::id(), now_nanos());
        let dir = self.root.join(name);
        fs::create_dir_all(&dir).at(&dir)?;
        Ok(Staging {
            root: self.root.clone(),
            dir,
        })
    }

    /// Removes staging folders left by killed writers and generations
    /// older than the current and the previous one.
    fn clean(&self, keep: &[PathBuf]) {
        let Ok(entries) = fs::read_dir(&self.root) else {
            return;
        };
        let mut gens: Vec<PathBuf> = Vec::new();
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with("tmp-") {
                let _ = fs::remove_dir_all(e.path());
            } else if name.starts_with("gen-") {
                gens.push(e.path());
            }
        }
        gens.sort();
        let n = gens.len();
        for g in gens.into_iter().take(n.saturating_sub(2)) {
            if !keep.contains(&g) {
                let _ = fs::remove_dir_all(g);
            }
        }
    }
}

/// Held while writing a store; see [`Store::lock`].
#[derive(Debug)]
pub struct WriteLock {
    _file: File,
}

/// A generation being written.
#[derive(Debug)]
pub struct Staging {
    root: PathBuf,
    dir: PathBuf,
}

impl Staging {
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The folder the full-text index is written in.
    pub fn index_dir(&self) -> PathBuf {
        self.dir.join(INDEX)
    }

    /// Where the user dictionary is kept when the ingest was given one.
    pub fn user_dict_path(&self) -> PathBuf {
        self.dir.join(USER_DICT)
    }

    /// Writes the manifest, then makes this generation the current one.
    pub fn commit(self, manifest: &Manifest) -> Result<Generation> {
        let mpath = self.dir.join("manifest.json");
        let json =
            serde_json::to_string_pretty(manifest).map_err(|e| Error::Invalid(e.to_string()))?;
        write_synced(&mpath, json.as_bytes())?;
        let gen_dir = self.root.join(format!("gen-{:020}", now_nanos()));
        fs::rename(&self.dir, &gen_dir).at(&gen_dir)?;
        let tmp_link = self
            .root
            .join(format!("current.tmp-{}", std::process::id()));
        let _ = fs::remove_file(&tmp_link);
        let target = gen_dir.file_name().map(PathBuf::from).unwrap_or_default();
        std::os::unix::fs::symlink(&target, &tmp_link).at(&tmp_link)?;
        let link = self.root.join("current");
        fs::rename(&tmp_link, &link).at(&link)?;
        let store = Store::new(self.root.clone());
        store.clean(std::slice::from_ref(&gen_dir));
        Ok(Generation { dir: gen_dir })
    }
}

/// A committed generation: the files readers open.
#[derive(Debug, Clone)]
pub struct Generation {
    dir: PathBuf,
}

impl Generation {
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The folder of the full-text index (`index::Searcher::open` takes it).
    pub fn index_dir(&self) -> PathBuf {
        self.dir.join(INDEX)
    }

    /// The file of table `T` (`frames::read::<T>(gen.dir(), …)` reads it).
    pub fn table_path<T: frames::Table>(&self) -> PathBuf {
        self.dir.join(T::FILE)
    }

    /// The indicators table.
    pub fn indicators_path(&self) -> PathBuf {
        self.table_path::<frames::IndicatorRow>()
    }

    /// The near-duplicates table; absent in stores written before it was.
    pub fn duplicates_path(&self) -> PathBuf {
        self.table_path::<frames::DuplicateRow>()
    }

    /// Where the user dictionary is kept when the ingest was given one.
    pub fn user_dict_path(&self) -> PathBuf {
        self.dir.join(USER_DICT)
    }

    /// The user dictionary the generation was segmented with, if any.
    pub fn user_dict(&self) -> Option<String> {
        fs::read_to_string(self.user_dict_path()).ok()
    }

    /// The segmenter the generation's documents were cut with.
    pub fn segmenter(&self) -> Result<Segmenter> {
        Segmenter::new(self.user_dict().as_deref()).map_err(|e| self.bad_dict(e))
    }

    /// A segmenter that cuts `query` as [`Generation::segmenter`] would,
    /// without loading the whole dictionary (one search's start-up).
    pub fn query_segmenter(&self, query: &str) -> Result<Segmenter> {
        Segmenter::for_query(self.user_dict().as_deref(), query).map_err(|e| self.bad_dict(e))
    }

    fn bad_dict(&self, e: String) -> Error {
        Error::BadStore {
            path: self.dir.clone(),
            problem: format!("has a bad user dictionary ({e})"),
        }
    }

    /// The manifest's format version, read from the start of the file when
    /// it begins as gongwen writes it (`{ "format_version": N,`), else from
    /// a full parse. The manifest lists every corpus file (4 MB for 17,000
    /// files), and parsing it whole was half the time of a search.
    pub fn format_version(&self) -> Result<u32> {
        let path = self.dir.join("manifest.json");
        let mut head = [0u8; 128];
        let n = File::open(&path)
            .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
            .at(&path)?;
        match leading_format_version(&head[..n]) {
            Some(v) => Ok(v),
            None => Ok(self.manifest()?.format_version),
        }
    }

    pub fn manifest(&self) -> Result<Manifest> {
        let path = self.dir.join("manifest.json");
        let text = fs::read_to_string(&path).at(&path)?;
        serde_json::from_str(&text).map_err(|e| Error::BadStore {
            path: self.dir.clone(),
            problem: format!("has an unreadable manifest ({e})"),
        })
    }
}

/// `N` from a manifest that starts `{ "format_version": N,` (any spacing).
fn leading_format_version(head: &[u8]) -> Option<u32> {
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
    };
    let rest = text.trim_start().strip_prefix('{')?.trim_start();
    let rest = rest.strip_prefix("\"format_version\"")?.trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let digits = rest.find(|c: char| !c.is_ascii_digit())?;
    let after = rest[digits..].trim_start();
    if !after.starts_with(',') && !after.starts_with('}') {
        return None;
    }
    rest[..digits].parse().ok()
}

/// Writes a file and flushes it to disk.
pub fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = File::create(path).at(path)?;
    f.write_all(bytes).at(path)?;
    f.sync_all().at(path)
}

fn now_nanos() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// The current UTC time as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn utc_now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    iso8601(secs)
}

/// Formats seconds since the Unix epoch as an ISO 8601 UTC time.
pub fn iso8601(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from day count (proleptic Gregorian calendar).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_version_is_read_from_the_head_of_what_gongwen_writes() {
        let written = serde_json::to_string_pretty(&Manifest {
            format_version: 7,
            ..Manifest::default()
        })
        .unwrap();
        assert_eq!(leading_format_version(written.as_bytes()), Some(7));
        assert_eq!(leading_format_version(&written.as_bytes()[..40]), Some(7));
        assert_eq!(leading_format_version(b"{\"format_version\":12}"), Some(12));
    }

    /// Heads that give no version: not JSON, the version not the first
    /// key, the number cut off where the head ends, a string, a number too
    /// large for a `u32`, nothing at all. A table outside the test: the
    /// braces these heads leave open would otherwise unbalance the test's
    /// own for tools that count braces line by line.
    const HEADS_WITHOUT_A_VERSION: [&[u8]; 6] = [
        b"{ not json",
        b"{\"tool_version\": \"0.1\", \"format_version\": 2,",
        b"{\"format_version\": 2",
        b"{\"format_version\": \"2\",",
        b"{\"format_version\": 99999999999,",
        b"",
    ];

    #[test]
    fn a_head_without_a_leading_number_gives_no_version() {
        for head in HEADS_WITHOUT_A_VERSION {
            assert_eq!(leading_format_version(head), None, "{head:?}");
        }
    }

    #[test]
    fn iso_dates() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_795_000_000), "2026-11-18T11:06:40Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn commit_switches_generations_and_keeps_two() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::new(tmp.path().join("s"));
        assert!(matches!(store.current(), Err(Error::NoStore(_))));
        let lock = store.lock().unwrap();
        for n in 1..=3 {
            let st = store.stage(&lock).unwrap();
            fs::write(st.dir().join("x"), n.to_string()).unwrap();
            let m = Manifest {
                format_version: FORMAT_VERSION,
                documents: n,
                ..Manifest::default()
            };
            st.commit(&m).unwrap();
            let cur = store.current().unwrap();
            assert_eq!(cur.manifest().unwrap().documents, n);
            assert_eq!(
                fs::read_to_string(cur.dir().join("x")).unwrap(),
                n.to_string()
            );
        }
        let gens = fs::read_dir(store.root())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with("gen-"))
            .count();
        assert_eq!(gens, 2);
    }

    #[test]
    fn an_uncommitted_stage_leaves_the_store_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::new(tmp.path());
        let lock = store.lock().unwrap();
        let st = store.stage(&lock).unwrap();
        st.commit(&Manifest {
            format_version: FORMAT_VERSION,
            documents: 7,
            ..Manifest::default()
        })
        .unwrap();
        let st = store.stage(&lock).unwrap();
        fs::write(st.dir().join("manifest.json"), "garbage").unwrap();
        drop(st); // killed before commit
        assert_eq!(store.current().unwrap().manifest().unwrap().documents, 7);
    }

    #[test]
    fn old_format_is_refused_with_advice() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::new(tmp.path());
        let lock = store.lock().unwrap();
        store
            .stage(&lock)
            .unwrap()
            .commit(&Manifest {
                format_version: 0,
                ..Manifest::default()
            })
            .unwrap();
        let err = store.current().unwrap_err().to_string();
        assert!(err.contains("--full"), "{err}");
    }
}
