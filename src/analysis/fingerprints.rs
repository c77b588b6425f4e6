//! The fingerprints table: each document's MinHash fingerprint, kept so
//! that an incremental ingest finds near-duplicates among unchanged
//! documents without fingerprinting them again.

use super::Analysis;
use crate::dedup::{fingerprint_folded, Fingerprint};
use crate::frames::{Col, Table, FINGERPRINTS};
use crate::view::DocView;

/// A document's fingerprint, as stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FingerprintRow {
    pub doc_id: String,
    /// [`Fingerprint::to_bytes`].
    pub fingerprint: Vec<u8>,
}

impl FingerprintRow {
    /// The fingerprint; `None` when the bytes are not one.
    pub fn fingerprint(&self) -> Option<Fingerprint> {
        Fingerprint::from_bytes(&self.fingerprint)
    }
}

impl Table for FingerprintRow {
    const FILE: &'static str = FINGERPRINTS;
    fn columns() -> Vec<Col<Self>> {
        vec![
            Col::str("doc_id", |r| &r.doc_id, |r, v| r.doc_id = v.into()),
            Col::bin("fingerprint", |r| &r.fingerprint, |r, v| r.fingerprint = v),
        ]
    }
}

/// Fingerprints the view's normalized text.
pub struct Fingerprints;

impl Analysis for Fingerprints {
    type Row = FingerprintRow;
    fn rows(&self, view: &DocView, out: &mut Vec<FingerprintRow>) {
        out.push(FingerprintRow {
            doc_id: view.doc.doc_id.clone(),
            fingerprint: fingerprint_folded(&view.norm.text).to_bytes(),
        });
    }
}
