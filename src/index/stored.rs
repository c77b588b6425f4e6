//! The stored fields of an index document as a hit needs them, read from
//! tantivy's document store once and then kept.
//!
//! Reading a stored document decompresses its block and checks the whole
//! text as UTF-8 — for a 60 KB report most of a hit's cost, and a third of
//! a server's CPU when every search reads ten of them again. A process
//! that searches many times (`gongwen serve`) keeps the documents it read,
//! up to [`KEPT_BYTES`] of text; a generation's index never changes, so a
//! kept document is never stale.

use super::schema::Fields;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard};
use tantivy::schema::Value;
use tantivy::{DocAddress, TantivyDocument};

/// Text bytes of stored documents a searcher keeps.
pub const KEPT_BYTES: usize = 64 << 20;

/// A document's stored fields.
#[derive(Debug)]
pub(super) struct Stored {
    pub doc_id: String,
    pub title: Option<String>,
    pub source: String,
    pub locality: Option<String>,
    pub year: Option<i32>,
    pub text: Arc<str>,
}

impl Stored {
    fn from_doc(doc: &TantivyDocument, f: &Fields) -> Stored {
        let s = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        Stored {
            doc_id: s(f.doc_id).unwrap_or_default(),
            title: s(f.title_text).filter(|t| !t.is_empty()),
            source: s(f.source).unwrap_or_default(),
            locality: s(f.locality),
            year: doc
                .get_first(f.year)
                .and_then(|v| v.as_i64())
                .and_then(|y| i32::try_from(y).ok()),
            text: Arc::from(doc.get_first(f.text).and_then(|v| v.as_str()).unwrap_or("")),
        }
    }
}

/// Values by key, up to a bound on their bytes: when keeping one would
/// pass it, what was kept is dropped and keeping starts again (no
/// bookkeeping per read); a value over a quarter of the bound is not kept.
/// Stored documents by address here; `gongwen serve` keeps the texts of
/// documents indexed in parts with it too.
pub struct Kept<K, V: ?Sized> {
    limit: usize,
    kept: Mutex<(HashMap<K, Arc<V>>, usize)>,
}

impl<K: Eq + Hash, V: ?Sized> Kept<K, V> {
    /// Keeps up to `limit` bytes.
    pub fn new(limit: usize) -> Self {
        Kept {
            limit,
            kept: Mutex::new((HashMap::new(), 0)),
        }
    }

    fn lock(&self) -> MutexGuard<'_, (HashMap<K, Arc<V>>, usize)> {
        self.kept.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The value kept for `key`.
    pub fn get(&self, key: &K) -> Option<Arc<V>> {
        self.lock().0.get(key).map(Arc::clone)
    }

    /// Keeps `value`, of `bytes` bytes, for `key` when it fits.
    pub fn keep(&self, key: K, value: &Arc<V>, bytes: usize) {
        if bytes > self.limit / 4 {
            return;
        }
        let mut kept = self.lock();
        if kept.1 + bytes > self.limit {
            *kept = (HashMap::new(), 0);
        }
        if kept.0.insert(key, Arc::clone(value)).is_none() {
            kept.1 += bytes;
        }
    }
}

/// The stored fields of the document at `addr`: kept in `kept`, or read
/// (and kept when they fit).
pub(super) fn read(
    kept: &Kept<DocAddress, Stored>,
    searcher: &tantivy::Searcher,
    addr: DocAddress,
    fields: &Fields,
) -> tantivy::Result<Arc<Stored>> {
    if let Some(doc) = kept.get(&addr) {
        return Ok(doc);
    }
    let doc: TantivyDocument = searcher.doc(addr)?;
    let stored = Arc::new(Stored::from_doc(&doc, fields));
    kept.keep(addr, &stored, stored.text.len());
    Ok(stored)
}
