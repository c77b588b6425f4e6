//! The corpus: finding files, reading them with the reader of their format
//! (which decodes text formats), splitting articles, and the [`Document`]
//! every later stage works on.

pub mod readers;
mod source;
pub mod split;

pub use readers::decode;
pub use readers::ReadOptions;
pub use source::{read_source, MAX_FILE_BYTES};

use crate::extract::LocalitySource;
use readers::{FileBytes, RawDoc};
use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::xxh3_64;

/// One document: an article of a text file, or a row of a CSV/JSONL file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// Stable id: a hash of source path, ordinal and content.
    pub doc_id: String,
    /// The file it came from, relative to the corpus root, `/`-separated.
    pub source: String,
    /// 1-based article number in the file (0 for text before the first
    /// heading), or row number in a table.
    pub ordinal: u32,
    pub title: Option<String>,
    /// The decoded original text; every offset points into it.
    pub text: String,
    pub locality: Option<String>,
    /// Where `locality` was found (metadata, title, issuer, mentions).
    pub locality_source: Option<LocalitySource>,
    pub year: Option<i32>,
    /// Other columns of a table row, as a JSON object (`{}` when none).
    pub metadata: String,
    /// The encoding the file was read as.
    pub encoding: String,
}

impl Document {
    /// Number of characters (not bytes) of the text.
    pub fn chars(&self) -> usize {
        self.text.chars().count()
    }
}

/// A file (or a line of one) that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub line: Option<u64>,
    pub message: String,
}

impl Problem {
    pub fn new(path: &Path, line: Option<u64>, message: String) -> Self {
        Problem {
            path: path.to_path_buf(),
            line,
            message,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = shown(&self.path);
        match self.line {
            Some(l) => write!(f, "{path}:{l}: {}", self.message),
            None => write!(f, "{path}: {}", self.message),
        }
    }
}

/// A path for a one-line message: control characters (a newline in a file
/// name) escaped as `\n`.
fn shown(path: &Path) -> String {
    let mut out = String::new();
    for c in path.display().to_string().chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// A corpus file found by [`discover`], with its path relative to the root.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub source: String,
}

/// Finds the files of a corpus: `root` itself when it is a file, else every
/// file below it, sorted, hidden files and folders left out, symlinked
/// folders followed once (a loop is reported, not followed). Files of
/// unknown types are reported as problems.
pub fn discover(root: &Path) -> (Vec<SourceFile>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    if root.is_file() {
        let name = root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        files.push(SourceFile {
            path: root.to_path_buf(),
            source: name,
        });
    } else if root.is_dir() {
        let mut seen = HashSet::new();
        walk(root, root, &mut seen, &mut files, &mut problems);
    } else {
        problems.push(Problem::new(root, None, "no such file or folder".into()));
    }
    let (keep, unknown): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|f| readers::reader_for(&f.path).is_some());
    for f in unknown {
        let msg = format!(
            "skipped: not a supported file type ({})",
            readers::known_extensions()
        );
        problems.push(Problem::new(&f.path, None, msg));
    }
    (keep, problems)
}

fn walk(
    root: &Path,
    dir: &Path,
    seen: &mut HashSet<PathBuf>,
    files: &mut Vec<SourceFile>,
    problems: &mut Vec<Problem>,
) {
    match dir.canonicalize() {
        Ok(real) if seen.contains(&real) => {
            problems.push(Problem::new(
                dir,
                None,
                "skipped: folder already visited (a symlink loop?)".into(),
            ));
            return;
        }
        Err(e) => {
            problems.push(Problem::new(dir, None, format!("cannot open folder: {e}")));
            return;
        }
        Ok(real) => {
            seen.insert(real);
        }
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            problems.push(Problem::new(dir, None, format!("cannot read folder: {e}")));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        if path.is_dir() {
            walk(root, &path, seen, files, problems);
        } else if path.is_file() {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let source = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            files.push(SourceFile { path, source });
        } else {
            problems.push(Problem::new(
                &path,
                None,
                "skipped: broken link or not a regular file".into(),
            ));
        }
    }
}

/// What reading one file gave: its documents and its problems, plus the
/// content hash of the raw bytes (for incremental ingest).
#[derive(Debug, Default)]
pub struct FileLoad {
    pub documents: Vec<Document>,
    pub problems: Vec<Problem>,
    pub hash: u64,
    pub bytes: u64,
}

/// Reads one file into documents, with the default column rules.
pub fn load_file(file: &SourceFile) -> FileLoad {
    load_file_with(file, &ReadOptions::default())
}

/// Reads one file into documents: its size and first bytes are looked at
/// before it is read whole (see [`read_source`]).
pub fn load_file_with(file: &SourceFile, options: &ReadOptions) -> FileLoad {
    match read_source(file) {
        Ok(bytes) => parse_file_with(file, bytes, options),
        Err(problem) => FileLoad {
            problems: vec![problem],
            ..FileLoad::default()
        },
    }
}

/// [`content_hash`] of a file, streamed through the hash in blocks so that
/// a file is never held whole.
pub fn hash_file(path: &Path) -> std::io::Result<u64> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        match file.read(&mut buf)? {
            0 => return Ok(hasher.digest()),
            n => hasher.update(&buf[..n]),
        }
    }
}

/// The content hash incremental ingest compares (xxh3-64 of the raw bytes).
pub fn content_hash(bytes: &[u8]) -> u64 {
    xxh3_64(bytes)
}

/// Reads the bytes of `file` into documents, with the default column rules.
pub fn parse_file(file: &SourceFile, bytes: Vec<u8>) -> FileLoad {
    parse_file_with(file, bytes, &ReadOptions::default())
}

/// Reads the bytes of `file` into documents with the reader of its
/// extension (a file of no known extension is read as text).
pub fn parse_file_with(file: &SourceFile, bytes: Vec<u8>, options: &ReadOptions) -> FileLoad {
    let mut out = FileLoad {
        hash: content_hash(&bytes),
        bytes: bytes.len() as u64,
        ..FileLoad::default()
    };
    let parsed = match read_guarded(file, bytes, options) {
        Ok(p) => p,
        Err(e) => {
            out.problems
                .push(Problem::new(&file.path, None, format!("skipped: {e}")));
            return out;
        }
    };
    out.problems = parsed.problems;
    out.documents = parsed
        .docs
        .into_iter()
        .filter(|r| !r.text.trim().is_empty())
        .map(|mut r| {
            // What the user states for the whole corpus comes first.
            r.locality = options.locality.clone().or(r.locality);
            r.year = options.year.or(r.year);
            finish(r, &file.source, parsed.encoding)
        })
        .collect();
    if out.documents.is_empty() && out.problems.is_empty() {
        out.problems.push(Problem::new(
            &file.path,
            None,
            "skipped: no text in file".into(),
        ));
    }
    out
}

/// Reads `file` with the reader of its extension (text when it has none
/// known). The binary formats' parsers (PDF, xlsx) are large and read
/// files from anywhere: should one panic on a malformed file, that file is
/// reported and the rest of the corpus is still read.
fn read_guarded(
    file: &SourceFile,
    bytes: Vec<u8>,
    options: &ReadOptions,
) -> Result<readers::Parsed, String> {
    let reader = readers::reader_for(&file.path).unwrap_or(&readers::READERS[0]);
    let input = FileBytes {
        bytes,
        path: &file.path,
        options,
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (reader.read)(input))).unwrap_or_else(
        |_| {
            Err(format!(
                "the {} reader failed on this file (a bug; please report it)",
                reader.name()
            ))
        },
    )
}

/// The most characters of a title. A title is a line; one longer than
/// this is text that runs on after a heading (`第二篇：` followed by the
/// article on the same line) or a misnamed column, and copied into every
/// row of the indicators table a megabyte title cost gigabytes.
pub const TITLE_MAX_CHARS: usize = 200;

/// Gives a raw document its id, title, year and metadata.
fn finish(raw: RawDoc, source: &str, encoding: &str) -> Document {
    let title = raw
        .title
        .map(|t| match t.char_indices().nth(TITLE_MAX_CHARS) {
            Some((cut, _)) => t[..cut].to_string(),
            None => t,
        })
        .or_else(|| first_line_title(&raw.text));
    let year = raw
        .year
        .or_else(|| title.as_deref().and_then(year_in_title));
    let metadata = serde_json::Value::Object(
        raw.metadata
            .into_iter()
            .map(|(k, v)| (k, serde_json::Value::String(v)))
            .collect(),
    )
    .to_string();
    let content = xxh3_64(raw.text.as_bytes());
    let id = xxh3_64(format!("{source}\u{0}{}\u{0}{content:016x}", raw.ordinal).as_bytes());
    Document {
        doc_id: format!("{id:016x}"),
        source: source.to_string(),
        ordinal: raw.ordinal,
        title,
        text: raw.text,
        locality_source: raw.locality.is_some().then_some(LocalitySource::Metadata),
        locality: raw.locality,
        year,
        metadata,
        encoding: encoding.to_string(),
    }
}

/// The first non-empty line, cut to 60 characters, as a fallback title.
fn first_line_title(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let line = line.trim_start_matches('#').trim();
    Some(line.chars().take(60).collect())
}

/// A four-digit year written in a title (`2026年北京市政府工作报告`).
fn year_in_title(title: &str) -> Option<i32> {
    let chars: Vec<char> = title.chars().map(crate::text::fold_char).collect();
    chars.windows(5).find_map(|w| {
        (w[4] == '年' && w[..4].iter().all(char::is_ascii_digit))
            .then(|| readers::columns::parse_year(&w[..4].iter().collect::<String>()))
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_distinct() {
        let raw = |o| RawDoc {
            text: "正文".into(),
            ordinal: o,
            ..RawDoc::default()
        };
        let a = finish(raw(1), "a.txt", "UTF-8");
        assert_eq!(a.doc_id, finish(raw(1), "a.txt", "UTF-8").doc_id);
        assert_ne!(a.doc_id, finish(raw(2), "a.txt", "UTF-8").doc_id);
        assert_ne!(a.doc_id, finish(raw(1), "b.txt", "UTF-8").doc_id);
        assert_eq!(a.doc_id.len(), 16);
    }

    #[test]
    fn a_heading_that_runs_on_into_the_text_is_cut() {
        let text = format!(
            "第一篇：构建学习创新型领导班子的实践与体会{}\n",
            "为了进一步提高".repeat(100)
        );
        let file = |name: &str| SourceFile {
            path: name.into(),
            source: name.into(),
        };
        let docs = parse_file(&file("long.txt"), text.into_bytes());
        let title = docs.documents[0].title.as_deref().unwrap();
        assert_eq!(title.chars().count(), TITLE_MAX_CHARS);
        assert!(
            title.starts_with("构建学习创新型领导班子的实践与体会为了"),
            "{title}"
        );
        let short = parse_file(&file("short.txt"), "第一篇：甲文\n正文。\n".into());
        assert_eq!(short.documents[0].title.as_deref(), Some("甲文"));
    }

    #[test]
    fn year_from_title() {
        assert_eq!(year_in_title("2026年北京市政府工作报告"), Some(2026));
        assert_eq!(year_in_title("XX年工作总结"), None);
    }

    #[test]
    fn problems_name_odd_files_on_one_line() {
        let p = Problem::new(Path::new("a/new\nline \"名\".txt"), Some(3), "bad".into());
        assert_eq!(p.to_string(), "a/new\\nline \"名\".txt:3: bad");
    }
}
