//! Writing the index of a new store generation, with the bytes waiting for
//! tantivy's threads bounded.

use super::schema::{fields_of, register, schema, tv_err, Fields};
use super::tokenizer::joined_words;
use crate::error::{Error, IoContext, Result};
use crate::text::{Normalized, Token};
use crate::view::DocView;
use std::ops::Range;
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

    /// Whether `view` is indexed in parts (it is longer than
    /// `PART_BYTES`): with [`IndexBuilder::add_parts`], from a borrowed
    /// view.
    pub fn in_parts(view: &DocView) -> bool {
        view.norm.text.len() > PART_BYTES
    }

    /// Adds one document from its view: the words of its single
    /// segmentation pass and its normalized text. Takes the view, so that
    /// its texts move into the index instead of being copied. Safe to
    /// call from many threads at once.
    pub fn add(&self, view: DocView) -> Result<()> {
        if Self::in_parts(&view) {
            return self.add_parts(&view);
        }
        let f = &self.fields;
        let mut values = self.shared_values(&view);
        let DocView {
            doc, norm, tokens, ..
        } = view;
        let body = joined_words(&norm.text, &tokens);
        drop(tokens);
        values.push((f.body, OwnedValue::Str(body)));
        values.push((f.body_chars, OwnedValue::Str(norm.text)));
        values.push((f.text, OwnedValue::Str(doc.text)));
        self.push(values)
    }

    /// Adds a long document as several index documents with its doc id,
    /// about `PART_BYTES` of text each (see `parts`), so that
    /// tantivy's memory is bounded by its heap and not by the longest
    /// document: one of 200 MB indexed whole held about 1.1 GB at once
    /// (its postings arena and its stored text compressed in one block).
    pub fn add_parts(&self, view: &DocView) -> Result<()> {
        let marker = self.path.join(PARTS_MARKER);
        if !marker.exists() {
            std::fs::write(&marker, b"").at(&marker)?;
        }
        let f = &self.fields;
        let shared = self.shared_values(view);
        let (norm, text) = (&view.norm, &view.doc.text);
        for part in parts(norm, &view.tokens) {
            let (from, to) = (part.norm.start, part.norm.end);
            let (o_from, o_to) = norm.span_to_original(from, to);
            let mut values = shared.clone();
            let words = joined_words(&norm.text, &view.tokens[part.tokens]);
            values.push((f.body, OwnedValue::Str(words)));
            values.push((
                f.body_chars,
                OwnedValue::Str(norm.text[from..to].to_string()),
            ));
            values.push((f.text, OwnedValue::Str(text[o_from..o_to].to_string())));
            self.push(values)?;
        }
        Ok(())
    }

    /// The values every index document of `view` carries: its id, title,
    /// source, locality and year.
    fn shared_values(&self, view: &DocView) -> Vec<(Field, OwnedValue)> {
        let f = &self.fields;
        let doc = &view.doc;
        let title = doc.title.clone().unwrap_or_default();
        let mut values = vec![
            (f.doc_id, OwnedValue::Str(doc.doc_id.clone())),
            (
                f.title,
                OwnedValue::Str(joined_words(&view.title, &view.title_tokens)),
            ),
            (f.title_text, OwnedValue::Str(title)),
            (f.title_chars, OwnedValue::Str(view.title.clone())),
            (f.source, OwnedValue::Str(doc.source.clone())),
        ];
        if let Some(loc) = &doc.locality {
            let keys = crate::place::containing_names(loc);
            values.push((f.locality, OwnedValue::Str(loc.clone())));
            values.extend(
                keys.into_iter()
                    .map(|k| (f.locality_keys, OwnedValue::Str(k))),
            );
        }
        if let Some(y) = doc.year {
            values.push((f.year, OwnedValue::I64(i64::from(y))));
        }
        values
    }

    /// Hands one index document to tantivy once the bytes waiting for its
    /// threads leave room for it.
    fn push(&self, values: Vec<(Field, OwnedValue)>) -> Result<()> {
        let bytes = values
            .iter()
            .map(|(_, v)| match v {
                OwnedValue::Str(s) => s.len(),
                _ => 8,
            })
            .sum();
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
            values,
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

/// Merges the indexes in `dirs` into one new index in `out` (tantivy's
/// merge: postings and stored texts are combined, nothing is segmented
/// again); `out` gets the parts marker when any of them has it.
pub fn merge_indexes(dirs: &[PathBuf], out: &Path) -> Result<()> {
    std::fs::create_dir_all(out).at(out)?;
    let mut indexes = Vec::new();
    for dir in dirs {
        let index = Index::open_in_dir(dir).map_err(tv_err(dir))?;
        let segments = index.searchable_segment_metas().map_err(tv_err(dir))?;
        if !segments.is_empty() {
            indexes.push(index);
        }
    }
    if indexes.is_empty() {
        // Shards without documents: an empty index, as an ingest of nothing.
        IndexBuilder::create(out, 16 << 20)?.finish()?;
    } else {
        let directory = tantivy::directory::MmapDirectory::open(out)
            .map_err(|e| Error::Invalid(format!("index at {}: {e}", out.display())))?;
        tantivy::indexer::merge_indices(&indexes, directory).map_err(tv_err(out))?;
    }
    if dirs.iter().any(|d| d.join(PARTS_MARKER).exists()) {
        let marker = out.join(PARTS_MARKER);
        std::fs::write(&marker, b"").at(&marker)?;
    }
    Ok(())
}

/// A file in the index folder when some document is indexed in parts
/// (kept by incremental ingests, which copy the folder): without it, each
/// index document is a whole document, and a count of matches is a count
/// of documents.
pub const PARTS_MARKER: &str = "gongwen-parts";

/// Normalized text longer than this is indexed in parts of about this
/// size; in parts, segments are flushed between them as for any corpus.
pub const PART_BYTES: usize = 1 << 20;

/// One part of a long document: its byte range of the normalized text and
/// the range of its tokens.
#[derive(Debug, Clone, PartialEq)]
struct Part {
    norm: Range<usize>,
    tokens: Range<usize>,
}

/// Cuts a document into parts of about `PART_BYTES`: after the first
/// sentence end (。！？；or a line break) past the size, or past twice
/// the size at any token boundary; so that a phrase within a sentence is
/// never cut. A document up to the size is one part.
fn parts(norm: &Normalized, tokens: &[Token]) -> Vec<Part> {
    let text = &norm.text;
    let whole = |from: usize, t: usize| Part {
        norm: from..text.len(),
        tokens: t..tokens.len(),
    };
    if text.len() <= PART_BYTES {
        return vec![whole(0, 0)];
    }
    let mut out = Vec::new();
    let (mut from, mut first) = (0, 0);
    for (i, pair) in tokens.windows(2).enumerate() {
        // Punctuation is not a token: it lies between two tokens.
        let (end, next) = (pair[0].end(), pair[1].start());
        let size = next - from;
        let ends_sentence = text[end..next].contains(['。', '！', '？', '；', '\n', '!', '?', ';']);
        if size >= 2 * PART_BYTES || (size >= PART_BYTES && ends_sentence) {
            out.push(Part {
                norm: from..next,
                tokens: first..i + 1,
            });
            from = next;
            first = i + 1;
        }
    }
    out.push(whole(from, first));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_document_is_cut_after_sentences_and_the_parts_cover_it() {
        let sentence = "全年地区生产总值增长5.4%。";
        let text = sentence.repeat(PART_BYTES * 5 / 2 / sentence.len());
        let norm = Normalized::new(&text);
        let tokens = crate::segment::Segmenter::builtin().cut(&norm.text);
        let cut = parts(&norm, &tokens);
        assert_eq!(
            cut.len(),
            3,
            "{:?}",
            cut.iter().map(|p| p.norm.clone()).collect::<Vec<_>>()
        );
        assert_eq!(cut[0].norm.start, 0);
        assert_eq!(cut.last().map(|p| p.norm.end), Some(text.len()));
        for pair in cut.windows(2) {
            assert_eq!(pair[0].norm.end, pair[1].norm.start);
            assert_eq!(pair[0].tokens.end, pair[1].tokens.start);
            assert!(text[..pair[0].norm.end].ends_with('。'));
        }
        let short = Normalized::new(sentence);
        assert_eq!(parts(&short, &[]).len(), 1);
    }
}
