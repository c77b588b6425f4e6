//! CSV: a table's data columns. Report files start with a UTF-8 byte-order
//! mark, so that Excel opens Chinese text correctly; stdout does not.

use crate::report::block::{Table, View};

/// The table's data columns as CSV text, without a byte-order mark.
pub fn table(t: &Table) -> String {
    let columns = t.columns(View::Data);
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(columns.iter().map(|c| c.header.as_str()));
    for row in &t.rows {
        let _ = w.write_record(columns.iter().map(|c| c.cell(row).data()));
    }
    // Writing to a Vec cannot fail; an empty text is the safe fallback.
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A CSV file for spreadsheets: the byte-order mark, then the table.
pub fn file(t: &Table) -> String {
    format!("\u{feff}{}", table(t))
}
