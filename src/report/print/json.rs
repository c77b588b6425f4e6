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
        Cell::Bool(b) => Value::from(*b),
        // NaN and infinities, which JSON lacks, become null.
        Cell::Num(v) | Cell::Fixed(v, _) => Value::from(*v),
        Cell::Doc { id, .. } => Value::from(id.as_str()),
        other => Value::from(other.data()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::block::{cols, Fields, Views};

    fn growth_table(sorted_keys: bool) -> Table {
        let rows = [("合山市", 12.8), ("吉林省", f64::NAN)];
        let fields = Fields::<(&str, f64)>::new()
            .field("locality", |r| Cell::Text(r.0.into()))
            .field("gdp_growth", |r| Cell::Num(r.1))
            .field("gdp_unit", |_| Cell::Null);
        let views = Views {
            data: cols(&["locality", "gdp_growth", "gdp_unit"]),
            ..Views::default()
        };
        let mut t = Table::build("wide", &rows, fields, views);
        t.sorted_keys = sorted_keys;
        t
    }

    #[test]
    fn keys_follow_the_columns_unless_sorted_and_nan_is_null() {
        assert_eq!(
            table(&growth_table(false)),
            "{\"locality\":\"合山市\",\"gdp_growth\":12.8,\"gdp_unit\":null}\n\
             {\"locality\":\"吉林省\",\"gdp_growth\":null,\"gdp_unit\":null}\n"
        );
        let sorted = table(&growth_table(true));
        assert!(
            sorted.starts_with("{\"gdp_growth\":12.8,\"gdp_unit\":null,\"locality\":\"合山市\"}")
        );
    }
}
