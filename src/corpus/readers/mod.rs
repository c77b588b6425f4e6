//! Readers: one per file format, in an ordered list. A reader claims file
//! extensions, looks at a file's first bytes before the file is read whole,
//! and turns the bytes of a file into raw documents. Decoding (UTF-8,
//! GB18030, UTF-16 …) belongs to the readers of text formats, so that
//! binary formats (docx, xlsx, pdf) plug in the same way.
//!
//! To add a format, write its `read` function in a file of its own here,
//! and put a [`Reader`] (its extensions, a sniff of the first bytes, and
//! `read`) in [`READERS`]; the formats list in the
//! README's ingest section says what users may drop into a corpus.

pub mod columns;
pub mod csv;
pub mod decode;
pub mod docx;
pub mod html;
pub mod jsonl;
pub mod pdf;
pub mod text;
pub mod xlsx;

use super::Problem;
use std::path::Path;

/// A document as read from a row or an article, before ids are assigned.
#[derive(Debug, Clone, Default)]
pub struct RawDoc {
    pub title: Option<String>,
    pub text: String,
    pub locality: Option<String>,
    pub year: Option<i32>,
    /// Other columns, kept as metadata (name, value), in column order.
    pub metadata: Vec<(String, String)>,
    /// 1-based article number in a file, or row number in a table.
    pub ordinal: u32,
}

/// How to read table columns when the default names don't fit (`ingest
/// --text-column C --title-column C --locality-column C --year-column C`).
/// A named column replaces the default names for its field.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ReadOptions {
    /// The columns whose values make the text, joined in this order; empty:
    /// the first present of [`columns::TEXT_COLUMNS`].
    pub text_columns: Vec<String>,
    pub title_column: Option<String>,
    pub locality_column: Option<String>,
    pub year_column: Option<String>,
    /// The issuer of every document (`ingest --locality L`), when the user
    /// knows it: it replaces the locality of metadata and text.
    pub locality: Option<String>,
    /// The year of every document (`ingest --year Y`).
    pub year: Option<i32>,
}

impl ReadOptions {
    /// The defaults, as a constant.
    pub const NONE: ReadOptions = ReadOptions {
        text_columns: Vec::new(),
        title_column: None,
        locality_column: None,
        year_column: None,
        locality: None,
        year: None,
    };
}

/// One whole file handed to a reader.
pub struct FileBytes<'a> {
    /// The file's bytes, owned so that a reader can free them once decoded.
    pub bytes: Vec<u8>,
    /// The file's path, for the problems a reader reports.
    pub path: &'a Path,
    pub options: &'a ReadOptions,
}

/// What a reader made of one file.
#[derive(Debug, Default)]
pub struct Parsed {
    pub docs: Vec<RawDoc>,
    /// Problems with parts of the file (a bad row, a bad line): the rest of
    /// the file was still read.
    pub problems: Vec<Problem>,
    /// What the text was read as: the character encoding of a text file,
    /// `UTF-8` for the XML inside docx and xlsx, `PDF` for a text layer.
    pub encoding: &'static str,
}

/// The reader of a file format: the extensions it claims, a look at a file's first
/// bytes, and the reading of the whole file.
pub struct Reader {
    /// Lower-case extensions without the dot; the first names the format
    /// in messages.
    pub extensions: &'static [&'static str],
    /// Looks at the first [`HEAD_BYTES`] of a file (all of a shorter one)
    /// before it is read whole; `Err` says why the file is not one of this
    /// format (binary where text was expected, no zip signature).
    pub sniff: fn(&[u8]) -> Result<(), String>,
    /// Reads a whole file. `Err` is one message for a file of which nothing
    /// could be read (corrupt, encrypted, no text layer); problems with
    /// parts of a file go into [`Parsed::problems`].
    pub read: fn(FileBytes<'_>) -> Result<Parsed, String>,
}

impl Reader {
    /// The format's name in messages: its first extension.
    pub fn name(&self) -> &'static str {
        self.extensions.first().copied().unwrap_or("text")
    }
}

/// A text file while its decoded text is parsed: its path and column
/// options, and the problems found with parts of it so far.
pub struct TextFile<'a> {
    pub path: &'a Path,
    pub options: &'a ReadOptions,
    pub problems: Vec<Problem>,
}

impl<'a> TextFile<'a> {
    /// File `path`, read with `options`, with no problems yet.
    pub fn new(path: &'a Path, options: &'a ReadOptions) -> Self {
        TextFile {
            path,
            options,
            problems: Vec::new(),
        }
    }

    /// Reports a problem with line `line` of the file (the whole file when
    /// `None`); the rest of it is still read.
    pub fn problem(&mut self, line: Option<u64>, message: String) {
        self.problems.push(Problem::new(self.path, line, message));
    }
}

/// Reads a text format: decodes the bytes (and frees them), then `parse`
/// makes the documents of the text, reporting problems with parts of it.
pub fn read_text(
    file: FileBytes<'_>,
    parse: impl FnOnce(&str, &mut TextFile) -> Vec<RawDoc>,
) -> Result<Parsed, String> {
    let decoded = decode::decode(&file.bytes).map_err(|e| e.to_string())?;
    drop(file.bytes);
    let mut text_file = TextFile::new(file.path, file.options);
    let docs = parse(&decoded.text, &mut text_file);
    Ok(Parsed {
        docs,
        problems: text_file.problems,
        encoding: decoded.encoding,
    })
}

/// How many first bytes of a file the readers' sniffs see.
pub const HEAD_BYTES: usize = decode::SNIFF_BYTES;

/// The formats, in the order they claim extensions (the first claim wins).
pub static READERS: &[Reader] = &[
    Reader {
        extensions: &["txt", "md", "markdown", "text"],
        sniff: sniff_text,
        read: text::read,
    },
    Reader {
        extensions: &["csv"],
        sniff: sniff_text,
        read: csv::read,
    },
    Reader {
        extensions: &["jsonl", "ndjson"],
        sniff: sniff_text,
        read: jsonl::read,
    },
    Reader {
        extensions: &["html", "htm"],
        sniff: sniff_text,
        read: html::read,
    },
    Reader {
        extensions: &["docx"],
        sniff: |head| sniff_zip(head, "docx"),
        read: docx::read,
    },
    Reader {
        extensions: &["xlsx"],
        sniff: |head| sniff_zip(head, "xlsx"),
        read: xlsx::read,
    },
    Reader {
        extensions: &["pdf"],
        sniff: pdf::sniff,
        read: pdf::read,
    },
];

/// The format of `path`, by its extension (case-insensitive).
pub fn reader_for(path: &Path) -> Option<&'static Reader> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    READERS
        .iter()
        .find(|f| f.extensions.contains(&ext.as_str()))
}

/// The extensions the readers claim, for messages: `txt, md, …`.
pub fn known_extensions() -> String {
    let all: Vec<&str> = READERS.iter().flat_map(|f| f.extensions).copied().collect();
    all.join(", ")
}

/// The sniff of every text format: refuses a file whose first bytes show
/// that no encoding can read it (see [`decode::looks_binary`]).
pub fn sniff_text(head: &[u8]) -> Result<(), String> {
    if decode::looks_binary(head) {
        return Err(decode::DecodeError::Binary.to_string());
    }
    Ok(())
}

/// The sniff of zip containers (docx, xlsx): a local file header, or the
/// end record of an empty archive. An OLE2 compound file is what Office
/// writes for a password-protected document, and what an old .doc or .xls
/// renamed to the new extension is.
pub fn sniff_zip(head: &[u8], format: &str) -> Result<(), String> {
    const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        Ok(())
    } else if head.is_empty() {
        Err("empty file".into())
    } else if head.starts_with(&OLE) {
        Err(format!(
            "password-protected {format} or an old Office file renamed (an OLE container, not a zip); not read"
        ))
    } else {
        Err(format!("not a real .{format} file (no zip signature)"))
    }
}

/// Fixtures and helpers for the readers' tests: copies of the seed's
/// first article in every format (`tests/fixtures/readers/make.py`).
#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;

    /// The seed's first article, as the text reader gives it.
    pub fn seed_article() -> String {
        let seed = include_str!("../../../corpus/000_bd451ebd6a3dbfe1.txt");
        let end = seed.find("第二篇").unwrap_or(seed.len());
        seed[..end].to_string()
    }

    /// Text with all white space left out, to compare layouts.
    pub fn squash(s: &str) -> String {
        s.chars().filter(|c| !c.is_whitespace()).collect()
    }

    /// A fixture's bytes.
    pub fn bytes(name: &str) -> Vec<u8> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/readers")
            .join(name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Reads fixture `name`, a copy of the seed's first article: one
    /// document, the article's title, and its text (white space aside) in
    /// as many lines.
    pub fn seed_copy(name: &str) -> (RawDoc, &'static str) {
        let parsed = read(name, bytes(name)).expect("read");
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        assert_eq!(parsed.docs.len(), 1, "{name}");
        let doc = parsed.docs.into_iter().next().expect("one");
        let title = doc.title.as_deref();
        assert_eq!(title, Some("构建学习创新型领导班子的实践与体会"), "{name}");
        let article = seed_article();
        assert_eq!(squash(&doc.text), squash(&article), "{name}");
        assert_eq!(doc.text.lines().count(), article.lines().count(), "{name}");
        (doc, parsed.encoding)
    }

    /// Reads `bytes` as file `name` with its reader, after its sniff.
    pub fn read(name: &str, bytes: Vec<u8>) -> Result<Parsed, String> {
        let reader = reader_for(Path::new(name)).expect("a reader");
        (reader.sniff)(&bytes[..bytes.len().min(HEAD_BYTES)])?;
        (reader.read)(FileBytes {
            bytes,
            path: Path::new(name),
            options: &ReadOptions::NONE,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_extension_is_claimed_once() {
        let mut seen = std::collections::HashSet::new();
        for f in READERS {
            for e in f.extensions {
                assert_eq!(*e, e.to_ascii_lowercase());
                assert!(seen.insert(*e), "{e} claimed twice");
            }
        }
        for (file, name) in [
            ("a.TXT", "txt"),
            ("b.md", "txt"),
            ("c.Csv", "csv"),
            ("d.ndjson", "jsonl"),
            ("e.htm", "html"),
            ("f.docx", "docx"),
            ("g.xlsx", "xlsx"),
            ("h.PDF", "pdf"),
        ] {
            assert_eq!(reader_for(Path::new(file)).map(|r| r.name()), Some(name));
        }
        assert!(reader_for(Path::new("photo.png")).is_none());
        assert!(reader_for(Path::new("README")).is_none());
    }

    #[test]
    fn zip_sniff_names_what_the_file_is() {
        assert!(sniff_zip(b"PK\x03\x04rest", "docx").is_ok());
        let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        let err = sniff_zip(&ole, "docx").unwrap_err();
        assert!(err.contains("password-protected docx"), "{err}");
        let err = sniff_zip("第一篇".as_bytes(), "xlsx").unwrap_err();
        assert_eq!(err, "not a real .xlsx file (no zip signature)");
        assert_eq!(sniff_zip(b"", "docx").unwrap_err(), "empty file");
    }
}
