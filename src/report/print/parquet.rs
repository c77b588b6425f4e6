//! Parquet: a table's data columns with their types (numbers as Float64,
//! whole numbers as Int64, yes/no as Boolean, text as String), for Stata,
//! R and pandas. A column with no value at all is text.

use crate::error::{Error, IoContext, Result};
use crate::report::block::{Cell, Table, View};
use polars::prelude::*;
use std::path::Path;

/// The table's data columns as a frame.
pub fn frame(t: &Table) -> Result<DataFrame> {
    let columns: Vec<Column> = t
        .columns(View::Data)
        .iter()
        .map(|c| {
            let cells: Vec<&Cell> = t.rows.iter().map(|r| c.cell(r)).collect();
            column(c.header.as_str(), &cells)
        })
        .collect();
    DataFrame::new(t.rows.len(), columns)
        .map_err(|e| Error::Invalid(format!("{} frame: {e}", t.class)))
}

/// One column, typed by its first known cell.
fn column(name: &str, cells: &[&Cell]) -> Column {
    let name: PlSmallStr = name.into();
    let first = cells
        .iter()
        .find(|c| !matches!(c, Cell::Null | Cell::Empty));
    match first {
        Some(Cell::Int(_)) => typed(name, cells, |c| match c {
            Cell::Int(i) => Some(*i),
            _ => None,
        }),
        Some(Cell::Num(_) | Cell::Fixed(..)) => typed(name, cells, |c| match c {
            Cell::Num(v) | Cell::Fixed(v, _) => Some(*v),
            _ => None,
        }),
        Some(Cell::Bool(_)) => typed(name, cells, |c| match c {
            Cell::Bool(b) => Some(*b),
            _ => None,
        }),
        _ => typed(name, cells, |c| match c {
            Cell::Null | Cell::Empty => None,
            other => Some(other.data()),
        }),
    }
}

/// A column of the values `get` reads from `cells` (None: null).
fn typed<T>(name: PlSmallStr, cells: &[&Cell], get: impl Fn(&Cell) -> Option<T>) -> Column
where
    Series: NamedFrom<Vec<Option<T>>, [Option<T>]>,
{
    Series::new(name, cells.iter().map(|c| get(c)).collect::<Vec<_>>()).into()
}

/// Writes the table's data columns to a Parquet file at `path`.
pub fn write(t: &Table, path: &Path) -> Result<()> {
    let mut df = frame(t)?;
    let file = std::fs::File::create(path).at(path)?;
    ParquetWriter::new(file)
        .finish(&mut df)
        .map_err(crate::frames::table::frame_err(path))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::block::{cols, Fields, Views};

    #[test]
    fn columns_keep_their_types_and_nulls() {
        let rows = [(Some(5.5), Some(true), 2026), (None, None, 2025)];
        let fields = Fields::<(Option<f64>, Option<bool>, i64)>::new()
            .field("gap", |r| Cell::num(r.0))
            .field("met", |r| Cell::bool(r.1))
            .field("year", |r| Cell::Int(r.2))
            .field("note", |_| Cell::Null);
        let views = Views {
            data: cols(&["gap", "met", "year", "note"]),
            ..Views::default()
        };
        let df = frame(&Table::build("t", &rows, fields, views)).unwrap();
        let types: Vec<DataType> = df.dtypes();
        assert_eq!(
            types,
            [
                DataType::Float64,
                DataType::Boolean,
                DataType::Int64,
                DataType::String
            ]
        );
        assert_eq!(df.column("gap").unwrap().null_count(), 1);
    }
}
