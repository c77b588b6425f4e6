//! The documents table: one row per document, its metadata and text.

use super::Analysis;
use crate::corpus::Document;
use crate::view::DocView;

/// Writes each document (with the locality its view found) as a row.
pub struct Documents;

impl Analysis for Documents {
    type Row = Document;
    fn rows(&self, view: &DocView, out: &mut Vec<Document>) {
        out.push(view.doc.clone());
    }
}
