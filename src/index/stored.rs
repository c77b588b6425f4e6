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
use std::sync::{Arc, Mutex};
use tantivy::schema::Value;
use tantivy::{DocAddress, TantivyDocument};

/// Text bytes kept; when a read would pass it, what was kept is dropped
/// and keeping starts again (no bookkeeping per read).
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

/// The documents read so far, by address, and their text bytes in all.
#[derive(Default)]
pub(super) struct Kept {
    docs: Mutex<(HashMap<DocAddress, Arc<Stored>>, usize)>,
}

impl Kept {
    /// The stored fields of the document at `addr`: kept, or read (and
    /// kept when they fit).
    pub(super) fn get(
        &self,
        searcher: &tantivy::Searcher,
        addr: DocAddress,
        fields: &Fields,
    ) -> tantivy::Result<Arc<Stored>> {
        let lock = || self.docs.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(doc) = lock().0.get(&addr) {
            return Ok(Arc::clone(doc));
        }
        let doc: TantivyDocument = searcher.doc(addr)?;
        let stored = Arc::new(Stored::from_doc(&doc, fields));
        let bytes = stored.text.len();
        if bytes <= KEPT_BYTES / 4 {
            let mut kept = lock();
            if kept.1 + bytes > KEPT_BYTES {
                *kept = (HashMap::new(), 0);
            }
            if kept.0.insert(addr, Arc::clone(&stored)).is_none() {
                kept.1 += bytes;
            }
        }
        Ok(stored)
    }
}
