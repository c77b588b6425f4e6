//! The indicators table: every growth rate, amount, count, ratio and named
//! measure of a document (see [`crate::extract`]).

use super::Analysis;
use crate::extract::Extractor;
use crate::frames::{IndicatorRow, RowMaker};
use crate::view::DocView;

/// Runs the indicator extractor over the view's normalized text.
pub struct Indicators {
    extractor: &'static Extractor,
}

impl Default for Indicators {
    /// The shared extractor with the builtin metric table.
    fn default() -> Self {
        Indicators {
            extractor: Extractor::global(),
        }
    }
}

impl Analysis for Indicators {
    type Row = IndicatorRow;
    fn rows(&self, view: &DocView, out: &mut Vec<IndicatorRow>) {
        let mut found = self.extractor.extract(&view.extract_input());
        // A long document has a million indicators (300 bytes each): they
        // become rows from the back, a chunk at a time, the found list
        // shrinking as the rows grow, so that both are never held whole.
        // (The rows' room is reserved at once, but memory pages count only
        // once written.)
        const CHUNK: usize = 1 << 16;
        out.reserve(found.len());
        let first = out.len();
        let mut maker = RowMaker::new(&view.doc);
        while !found.is_empty() {
            let rest = found.len().saturating_sub(CHUNK);
            out.extend(found.drain(rest..).rev().map(|i| maker.row(i)));
            found.shrink_to_fit();
        }
        out[first..].reverse();
    }
}
