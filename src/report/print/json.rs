//! JSON Lines: one object per row of a table's data columns, every field
//! present, `null` when unknown (the CLI's `--json` contract).

use crate::report::block::{Cell, Table, View};
use serde_json::Value;

/// The table's rows as JSON Lines, each line ended by a newline.
pub fn table(t: &Table) -> String {
    let columns = t.columns(View::Data);
    let mut out = String::new();
    for row in &t.rows {
        let mut pairs: Vec<(&str, Value)> = columns
            .iter()
            .map(|c| (c.header.as_str(), value(c.cell(row))))
            .collect();
        if t.sorted_keys {
            pairs.sort_by(|a, b| a.0.cmp(b.0));
        }
        out.push('{');
        for (i, (key, value)) in pairs.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&Value::from(*key).to_string());
            out.push(':');
            out.push_str(&value.to_string());
        }
        out.push_str("}\n");
    }
    out
}

/// A cell as a JSON value: numbers stay numbers, a document is its id.
fn value(c: &Cell) -> Value {
    match c {
        Cell::Null | Cell::Empty => Value::Null,
        Cell::Int(i) => Value::from(*i),
        // NaN and infinities, which JSON lacks, become null.
        Cell::Num(v) | Cell::Fixed(v, _) => Value::from(*v),
        Cell::Doc { id, .. } => Value::from(id.as_str()),
        other => Value::from(other.data()),
    }
}
