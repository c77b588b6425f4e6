//! Reading a corpus file: its size and first bytes are looked at before it
//! is read whole, so that a huge or binary file costs a message, not its
//! size in memory.

use super::readers::{self, HEAD_BYTES};
use super::{Problem, SourceFile};
use std::fs::File;
use std::io::Read;

/// Files larger than this are not read: a document is at most some tens of
/// megabytes, and a file of gigabytes is a disk image, a database or a
/// mistake, that would otherwise be loaded whole.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// The bytes of `file`, read whole only after its size and its first
/// [`HEAD_BYTES`] were found fit for the reader of its extension: a file
/// over [`MAX_FILE_BYTES`] is not read at all, and a binary file where text
/// was expected (or a docx or PDF without its signature) costs one read of
/// its first bytes. `Err` is the one problem to report for the file.
pub fn read_source(file: &SourceFile) -> Result<Vec<u8>, Problem> {
    let problem = |message: String| Problem::new(&file.path, None, message);
    let cannot = |e: std::io::Error| problem(format!("cannot read: {e}"));
    let mut f = File::open(&file.path).map_err(cannot)?;
    let size = f.metadata().map_err(cannot)?.len();
    if size > MAX_FILE_BYTES {
        return Err(problem(format!(
            "skipped: {:.1} GB is larger than 1 GB; not read",
            size as f64 / f64::from(1 << 30)
        )));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).min(HEAD_BYTES));
    (&mut f)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if let Some(reader) = readers::reader_for(&file.path) {
        (reader.sniff)(&bytes).map_err(|why| problem(format!("skipped: {why}")))?;
    }
    // The size may have changed since it was taken: read to the end.
    bytes.reserve(
        usize::try_from(size)
            .unwrap_or(0)
            .saturating_sub(bytes.len()),
    );
    f.read_to_end(&mut bytes).map_err(cannot)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn source(path: &Path) -> SourceFile {
        SourceFile {
            path: path.to_path_buf(),
            source: path.file_name().unwrap().to_string_lossy().into_owned(),
        }
    }

    #[test]
    fn text_reads_whole_and_binary_is_refused_from_its_head() {
        let dir = tempfile::tempdir().unwrap();
        let seed = include_str!("../../corpus/000_bd451ebd6a3dbfe1.txt");
        let txt = dir.path().join("seed.txt");
        std::fs::write(&txt, seed).unwrap();
        assert_eq!(read_source(&source(&txt)).unwrap(), seed.as_bytes());

        // 64 MB of NULs (sparse: nothing is written): refused from the head.
        let zeros = dir.path().join("zeros.txt");
        File::create(&zeros).unwrap().set_len(64 << 20).unwrap();
        let p = read_source(&source(&zeros)).unwrap_err();
        assert_eq!(p.message, "skipped: binary file (not text)");
        assert_eq!(p.path, zeros);
    }

    #[test]
    fn a_file_over_the_limit_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.csv");
        File::create(&big).unwrap().set_len(3 << 30).unwrap();
        let p = read_source(&source(&big)).unwrap_err();
        assert_eq!(p.message, "skipped: 3.0 GB is larger than 1 GB; not read");
    }

    #[test]
    fn a_docx_that_is_no_zip_is_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let doc = dir.path().join("report.docx");
        std::fs::write(&doc, "第一篇:其实是文本").unwrap();
        let p = read_source(&source(&doc)).unwrap_err();
        assert_eq!(
            p.message,
            "skipped: not a real .docx file (no zip signature)"
        );
    }
}
