//! The indicators table: every growth rate, amount, count, ratio and named
//! measure of a document (see [`crate::extract`]).

use super::Analysis;
use crate::extract::Extractor;
use crate::frames::IndicatorRow;
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
        let found = self.extractor.extract(&view.extract_input());
        out.extend(found.into_iter().map(|i| IndicatorRow::owned(&view.doc, i)));
    }
}
