//! The per-document analyses: an ordered list, each reading a document's
//! [`DocView`] and owning a typed row and the table it fills. The index and
//! the near-duplicate stage are sinks of the same view (see `ingest`).
//!
//! To add an analysis (say, term counts):
//! 1. a file here with its row type (`impl Table`, the columns declared
//!    once: see [`crate::frames::table`]) and `impl Analysis`;
//! 2. one line in [`default_analyses`];
//! 3. a bump of [`crate::store::FORMAT_VERSION`], so that older stores are
//!    rebuilt rather than read without the new table.
//!
//! Ingest then writes the table in row groups, records each file's row
//! range in the manifest and copies the rows of unchanged files on an
//! incremental ingest, with no further code.

mod documents;
mod fingerprints;
mod indicators;
mod words;

pub use documents::Documents;
pub use fingerprints::{FingerprintRow, Fingerprints};
pub use indicators::Indicators;
pub use words::{WordCountRow, WordCounts};

use crate::error::Result;
use crate::frames::{schema, to_frame, Table};
use crate::view::DocView;
use polars::prelude::{DataFrame, Schema};
use std::any::Any;

/// One analysis: the rows it finds in a document.
pub trait Analysis: Send + Sync + 'static {
    /// The row type, which declares the table.
    type Row: Table;
    /// Appends the rows of `view` to `out`.
    fn rows(&self, view: &DocView, out: &mut Vec<Self::Row>);
}

/// An analysis with its row type erased, so that different ones share a
/// list. Implemented for every [`Analysis`].
pub trait AnyAnalysis: Send + Sync {
    /// The file of its table inside a generation.
    fn file(&self) -> &'static str;
    /// Its table's schema.
    fn schema(&self) -> Schema;
    /// The rows of one document.
    fn run(&self, view: &DocView) -> Box<dyn Rows>;
    /// No rows yet, to append to.
    fn empty(&self) -> Box<dyn Rows>;
}

impl<A: Analysis> AnyAnalysis for A {
    fn file(&self) -> &'static str {
        A::Row::FILE
    }
    fn schema(&self) -> Schema {
        schema::<A::Row>()
    }
    fn run(&self, view: &DocView) -> Box<dyn Rows> {
        let mut out = Vec::new();
        self.rows(view, &mut out);
        Box::new(out)
    }
    fn empty(&self) -> Box<dyn Rows> {
        Box::new(Vec::<A::Row>::new())
    }
}

/// Rows of one table, type-erased: appended to, counted, turned into a
/// frame, or looked at as their type (`as_any().downcast_ref`).
pub trait Rows: Send {
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Moves the rows of `other` (of the same type) to the end of these.
    fn append(&mut self, other: Box<dyn Rows>);
    fn frame(&self) -> Result<DataFrame>;
    /// The frame of rows `range` only.
    fn frame_of(&self, range: std::ops::Range<usize>) -> Result<DataFrame>;
    fn as_any(&self) -> &dyn Any;
    fn into_any(self: Box<Self>) -> Box<dyn Any>;
}

impl<R: Table> Rows for Vec<R> {
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn append(&mut self, other: Box<dyn Rows>) {
        if let Ok(mut v) = other.into_any().downcast::<Vec<R>>() {
            if self.is_empty() {
                // Moved, not copied (a long document's rows are many).
                std::mem::swap(self, &mut v);
            } else {
                Vec::append(self, &mut v);
            }
        }
    }
    fn frame(&self) -> Result<DataFrame> {
        to_frame(self)
    }
    fn frame_of(&self, range: std::ops::Range<usize>) -> Result<DataFrame> {
        to_frame(&self[range])
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

/// The analyses every ingest runs, in order: the documents table first
/// (its row order is the order of every other table's documents).
pub fn default_analyses() -> Vec<Box<dyn AnyAnalysis>> {
    vec![
        Box::new(Documents),
        Box::new(Indicators::default()),
        Box::new(Fingerprints),
        Box::new(WordCounts),
    ]
}
