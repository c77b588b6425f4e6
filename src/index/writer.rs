//! Writing the index of a new store generation, with the bytes waiting for
//! tantivy's threads bounded.

use super::schema::{fields_of, register, schema, tv_err, Fields};
use super::tokenizer::joined_words;
use crate::error::{IoContext, Result};
use crate::view::DocView;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use tantivy::schema::{Field, OwnedValue};
use tantivy::{Index, IndexWriter};

/// Writes the index of a new store generation.
pub struct IndexBuilder {
    writer: IndexWriter<Tracked>,
    fields: Fields,
    path: PathBuf,
    queue: Arc<Queue>,
    /// The most bytes of documents that may wait for tantivy's threads.
    queue_limit: usize,
}

/// Bytes of documents handed to tantivy and not yet indexed. tantivy's
/// own queue holds up to 10,000 documents whatever their size; when
/// segmentation and extraction outrun indexing it filled up, and a 1 GB
/// ingest's memory grew with the corpus. Producers now wait while this is
/// over the limit.
#[derive(Default)]
struct Queue {
    bytes: Mutex<usize>,
    drained: Condvar,
}

/// A document on its way through tantivy: gives its bytes back to the
/// [`Queue`] when tantivy drops it, indexed. Its values are owned strings
/// moved in, not copied into one growing buffer as `TantivyDocument` does
/// (which cost up to twice a long document's size again).
struct Tracked {
    values: Vec<(Field, OwnedValue)>,
    bytes: usize,
    queue: Arc<Queue>,
}

impl Drop for Tracked {
    fn drop(&mut self) {
        let mut bytes = self.queue.bytes.lock().unwrap_or_else(|e| e.into_inner());
        *bytes = bytes.saturating_sub(self.bytes);
        self.queue.drained.notify_all();
    }
}

type FieldValue<'a> = (Field, &'a OwnedValue);

impl tantivy::Document for Tracked {
    type Value<'a> = &'a OwnedValue;
    type FieldsValuesIter<'a> = std::iter::Map<
        std::slice::Iter<'a, (Field, OwnedValue)>,
        fn(&'a (Field, OwnedValue)) -> FieldValue<'a>,
    >;
    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.values.iter().map(|(f, v)| (*f, v))
    }
}

impl IndexBuilder {
    /// Creates an empty index in `dir` with a bounded writer heap.
    pub fn create(dir: &Path, heap_bytes: usize) -> Result<IndexBuilder> {
        std::fs::create_dir_all(dir).at(dir)?;
        let (schema, _) = schema();
        let index = Index::create_in_dir(dir, schema).map_err(tv_err(dir))?;
        Self::with_index(index, dir, heap_bytes)
    }

    /// Starts from a copy of the index in `previous` (its files hard-linked
    /// where possible: tantivy never changes a segment file once written),
    /// to add documents incrementally.
    pub fn update(dir: &Path, previous: &Path, heap_bytes: usize) -> Result<IndexBuilder> {
        std::fs::create_dir_all(dir).at(dir)?;
        for entry in std::fs::read_dir(previous).at(previous)? {
            let entry = entry.at(previous)?;
            let name = entry.file_name();
            if name.to_string_lossy().ends_with(".lock") {
                continue;
            }
            let to = dir.join(&name);
            if std::fs::hard_link(entry.path(), &to).is_err() {
                std::fs::copy(entry.path(), &to).at(&to)?;
            }
        }
        let index = Index::open_in_dir(dir).map_err(tv_err(dir))?;
        Self::with_index(index, dir, heap_bytes)
    }

    fn with_index(index: Index, dir: &Path, heap_bytes: usize) -> Result<IndexBuilder> {
        register(&index);
        let fields = fields_of(&index.schema())?;
        // Indexing is about a quarter of an ingest's work, so one indexing
        // thread per four rayon workers keeps up; on two cores one thread
        // ran 3% faster than two (fewer threads contending for two cores,
        // larger segments) and leaves fewer segments for searches to open.
        let threads = (rayon::current_num_threads() / 4).clamp(1, 8);
        let heap = heap_bytes.max(threads * (16 << 20));
        let writer: IndexWriter<Tracked> = index
            .writer_with_num_threads(threads, heap)
            .map_err(tv_err(dir))?;
        // No background merges while ingesting: merging reads every segment
        // back (through mmap, so it counts in the process's memory) and a
        // 1 GB corpus then peaked at 2.8 GB. Segments stay as flushed from
        // the bounded heap; a search visits a few dozen of them.
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        Ok(IndexBuilder {
            writer,
            fields,
            path: dir.to_path_buf(),
            queue: Arc::default(),
            queue_limit: heap / 2,
        })
    }

    /// Adds one document from its view: the words of its single
    /// segmentation pass and its normalized text. Takes the view, so that
    /// its texts move into the index instead of being copied and its
    /// tokens are freed once joined (a long document's view is several
    /// times its size). Safe to call from many threads at once.
    pub fn add(&self, view: DocView) -> Result<()> {
        let f = &self.fields;
        let DocView {
            doc,
            norm,
            title: folded_title,
            tokens,
            title_tokens,
            ..
        } = view;
        let body = joined_words(&norm.text, &tokens);
        drop(tokens);
        let title = doc.title.unwrap_or_default();
        // The text goes in three times: words, characters, stored.
        let bytes = 3 * doc.text.len() + title.len();
        let title_words = joined_words(&folded_title, &title_tokens);
        let mut d = vec![
            (f.doc_id, OwnedValue::Str(doc.doc_id)),
            (f.title, OwnedValue::Str(title_words)),
            (f.title_text, OwnedValue::Str(title)),
            (f.title_chars, OwnedValue::Str(folded_title)),
            (f.body, OwnedValue::Str(body)),
            (f.body_chars, OwnedValue::Str(norm.text)),
            (f.text, OwnedValue::Str(doc.text)),
            (f.source, OwnedValue::Str(doc.source)),
        ];
        if let Some(loc) = doc.locality {
            let keys = crate::place::containing_names(&loc);
            d.push((f.locality, OwnedValue::Str(loc)));
            d.extend(
                keys.into_iter()
                    .map(|k| (f.locality_keys, OwnedValue::Str(k))),
            );
        }
        if let Some(y) = doc.year {
            d.push((f.year, OwnedValue::I64(i64::from(y))));
        }
        {
            let mut queued = self.queue.bytes.lock().unwrap_or_else(|e| e.into_inner());
            while *queued > 0 && *queued + bytes > self.queue_limit {
                queued = self
                    .queue
                    .drained
                    .wait(queued)
                    .unwrap_or_else(|e| e.into_inner());
            }
            *queued += bytes;
        }
        let tracked = Tracked {
            values: d,
            bytes,
            queue: Arc::clone(&self.queue),
        };
        self.writer
            .add_document(tracked)
            .map_err(tv_err(&self.path))?;
        Ok(())
    }

    /// Commits and waits for merges to end.
    pub fn finish(mut self) -> Result<()> {
        self.writer.commit().map_err(tv_err(&self.path))?;
        self.writer
            .wait_merging_threads()
            .map_err(tv_err(&self.path))
    }
}
