//! The table writer: every analysis's table is appended to on a thread of
//! its own, so that building and compressing one batch's row groups
//! overlaps with processing the next batch.

use crate::analysis::{AnyAnalysis, Rows};
use crate::error::{Error, IoContext, Result};
use crate::frames::ParquetSink;
use polars::prelude::DataFrame;
use std::path::Path;
use std::sync::mpsc::{sync_channel, SyncSender};
use std::thread::JoinHandle;

/// A run of rows of one table in a batch: rows found now, or rows copied
/// from the previous generation as a frame.
pub enum Part {
    Rows(Box<dyn Rows>),
    Frame(DataFrame),
}

impl Part {
    /// Its number of rows.
    fn len(&self) -> usize {
        match self {
            Part::Rows(r) => r.len(),
            Part::Frame(f) => f.height(),
        }
    }

    fn frame(self) -> Result<DataFrame> {
        match self {
            Part::Rows(r) => r.frame(),
            Part::Frame(f) => Ok(f),
        }
    }
}

/// One batch: per table (in the order of the analyses), its parts.
type Batch = Vec<Vec<Part>>;

/// Writes the tables on a thread of its own. At most one batch waits in
/// the queue, which keeps memory bounded: a fast producer blocks until the
/// writer catches up.
pub struct TableWriter {
    tx: Option<SyncSender<Batch>>,
    handle: Option<JoinHandle<Result<()>>>,
}

impl TableWriter {
    /// Starts writing the table of each of `analyses` into folder `dir`.
    pub fn start(dir: &Path, analyses: &[Box<dyn AnyAnalysis>]) -> Result<TableWriter> {
        let mut sinks: Vec<ParquetSink> = analyses
            .iter()
            .map(|a| ParquetSink::new(&dir.join(a.file()), a.schema()))
            .collect();
        let (tx, rx) = sync_channel::<Batch>(1);
        let handle = std::thread::Builder::new()
            .name("gongwen-tables".into())
            .spawn(move || {
                for batch in rx {
                    // Last to first: the documents table, first, holds the
                    // texts, whose encoding costs the most memory (a long
                    // text is copied three times); the other tables' rows
                    // are written and freed before it.
                    for (sink, parts) in sinks.iter_mut().zip(batch).rev() {
                        write_parts(sink, parts)?;
                    }
                }
                sinks.into_iter().try_for_each(ParquetSink::finish)
            })
            .at(dir)?;
        Ok(TableWriter {
            tx: Some(tx),
            handle: Some(handle),
        })
    }

    /// Queues a batch; waits while the writer is a batch behind. When the
    /// writer has stopped on an error, returns that error.
    pub fn send(&mut self, batch: Batch) -> Result<()> {
        if batch.iter().all(Vec::is_empty) {
            return Ok(());
        }
        let sent = self.tx.as_ref().is_some_and(|tx| tx.send(batch).is_ok());
        if sent {
            return Ok(());
        }
        self.join()?;
        Err(Error::Invalid("the table writer stopped early".into()))
    }

    /// Writes what is queued and closes every file.
    pub fn finish(&mut self) -> Result<()> {
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

/// Rows of one part beyond this are written as several row groups of
/// this many rows: a long document's million rows are not turned into
/// columns all at once (as a frame, then encoded, they cost as much
/// again as the rows).
const ROW_GROUP_ROWS: usize = 1 << 18;

/// Writes one table's parts of a batch: one row group, or several when a
/// part is longer than [`ROW_GROUP_ROWS`].
fn write_parts(sink: &mut ParquetSink, parts: Vec<Part>) -> Result<()> {
    if parts.iter().all(|p| p.len() <= ROW_GROUP_ROWS) {
        return sink.write(&joined(parts)?);
    }
    let mut pending = Vec::new();
    for part in parts {
        match part {
            Part::Rows(rows) if rows.len() > ROW_GROUP_ROWS => {
                sink.write(&joined(std::mem::take(&mut pending))?)?;
                for from in (0..rows.len()).step_by(ROW_GROUP_ROWS) {
                    let to = (from + ROW_GROUP_ROWS).min(rows.len());
                    sink.write(&rows.frame_of(from..to)?)?;
                }
            }
            part => pending.push(part),
        }
    }
    sink.write(&joined(pending)?)
}

/// The parts of one table as one frame (one row group).
fn joined(parts: Vec<Part>) -> Result<DataFrame> {
    let mut parts = parts.into_iter();
    let Some(first) = parts.next() else {
        return Ok(DataFrame::empty());
    };
    let mut df = first.frame()?;
    for p in parts {
        df.vstack_mut_owned(p.frame()?)
            .map_err(|e| Error::Invalid(format!("joining table rows: {e}")))?;
    }
    // One chunk: the Parquet writer makes a row group of each chunk, and
    // frames copied file by file (an incremental ingest, a merge) would
    // otherwise give a row group per file — 17,205 of them for a merged
    // 1 GB store, whose footer every read of a row group parsed again.
    df.rechunk_mut_par();
    Ok(df)
}
