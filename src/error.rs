//! The library's one error type; messages are lower-case and name the file
//! they concern.

use std::path::{Path, PathBuf};

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    // The cause is named `error`, not `source`: a `source` field would be
    // the error's source as well as part of its message, and the CLI, which
    // prints the chain, said it twice.
    #[error("{}: {error}", path.display())]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("no store at {}: run `gongwen ingest CORPUS` (or `gongwen run`) first", .0.display())]
    NoStore(PathBuf),
    #[error("store at {} {problem}: run `gongwen ingest CORPUS --full` to rebuild it", path.display())]
    BadStore { path: PathBuf, problem: String },
    #[error("store at {} is locked by another gongwen ingest ({holder}); wait for it to finish", path.display())]
    Locked { path: PathBuf, holder: String },
    #[error("{}: {error}", path.display())]
    Frame {
        path: PathBuf,
        error: polars::error::PolarsError,
    },
    #[error("index at {}: {error}", path.display())]
    Index {
        path: PathBuf,
        error: tantivy::TantivyError,
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
        self.map_err(|error| Error::Io {
            path: path.to_path_buf(),
            error,
        })
    }
}
