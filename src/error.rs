//! The library's one error type; messages are lower-case and name the file
//! they concern.

use std::path::{Path, PathBuf};

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no store at {}: run `gongwen ingest CORPUS` (or `gongwen run`) first", .0.display())]
    NoStore(PathBuf),
    #[error("store at {} {problem}: run `gongwen ingest CORPUS --full` to rebuild it", path.display())]
    BadStore { path: PathBuf, problem: String },
    #[error("store at {} is locked by another gongwen ingest ({holder}); wait for it to finish", path.display())]
    Locked { path: PathBuf, holder: String },
    #[error("{}: {source}", path.display())]
    Frame {
        path: PathBuf,
        source: polars::error::PolarsError,
    },
    #[error("index at {}: {source}", path.display())]
    Index {
        path: PathBuf,
        source: tantivy::TantivyError,
    },
    #[error("bad query {query:?}: {message}")]
    Query { query: String, message: String },
    #[error("{0}")]
    Invalid(String),
}

/// The library's result type.
pub type Result<T> = std::result::Result<T, Error>;

/// Attaches a path to I/O errors: `fs::read(p).at(p)?`.
pub trait IoContext<T> {
    fn at(self, path: &Path) -> Result<T>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn at(self, path: &Path) -> Result<T> {
        self.map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })
    }
}
