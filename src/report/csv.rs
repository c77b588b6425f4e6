//! CSV files for spreadsheets: UTF-8 with a byte-order mark, so that Excel
//! opens Chinese text correctly.

use super::compare::Comparison;
use super::format::num;
use crate::frames::{DocRow, IndicatorRow, INDICATOR_COLUMNS};

/// The columns of `compare.csv` (the JSON contract's, then provenance).
pub const COMPARE_COLUMNS: [&str; 24] = [
    "locality",
    "metric",
    "year",
    "status",
    "value",
    "unit",
    "normalized_value",
    "growth",
    "growth_unit",
    "doc_id",
    "text",
    "normalized_unit",
    "value_high",
    "modifier",
    "growth_high",
    "growth_modifier",
    "growth_text",
    "growth_doc_id",
    "title",
    "source",
    "sentence",
    "growth_sentence",
    "value_candidates",
    "growth_candidates",
];

/// CSV text (no byte-order mark) of a header and rows.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(r);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// CSV text with a UTF-8 byte-order mark.
pub fn with_bom(header: &[&str], rows: &[Vec<String>]) -> String {
    format!("\u{feff}{}", table(header, rows))
}

fn o(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn n(v: Option<f64>) -> String {
    v.map(num).unwrap_or_default()
}

fn y(v: Option<i32>) -> String {
    v.map(|y| y.to_string()).unwrap_or_default()
}

/// The long comparison: one line per locality and metric.
pub fn compare_cells(c: &Comparison) -> Vec<Vec<String>> {
    c.rows
        .iter()
        .map(|r| {
            vec![
                r.locality.clone(),
                r.metric.clone(),
                y(r.year),
                r.status.clone(),
                n(r.value),
                o(&r.unit),
                n(r.normalized_value),
                n(r.growth),
                o(&r.growth_unit),
                r.doc_id.clone(),
                r.text.clone(),
                o(&r.normalized_unit),
                n(r.value_high),
                o(&r.modifier),
                n(r.growth_high),
                o(&r.growth_modifier),
                o(&r.growth_text),
                o(&r.growth_doc_id),
                o(&r.title),
                r.source.clone(),
                r.sentence.clone(),
                o(&r.growth_sentence),
                r.value_candidates.to_string(),
                r.growth_candidates.to_string(),
            ]
        })
        .collect()
}

/// The wide comparison's header: locality, year, then four columns per
/// metric (value, unit, growth, growth unit).
pub fn wide_header(c: &Comparison) -> Vec<String> {
    let mut h = vec!["locality".to_string(), "year".to_string()];
    for m in &c.metrics {
        h.extend([
            m.clone(),
            format!("{m}_unit"),
            format!("{m}_growth"),
            format!("{m}_growth_unit"),
        ]);
    }
    h
}

/// The wide comparison: one line per locality.
pub fn wide_cells(c: &Comparison) -> Vec<Vec<String>> {
    c.wide()
        .iter()
        .map(|w| {
            let year = w.cells.iter().flatten().find_map(|r| r.year);
            let mut line = vec![w.locality.to_string(), y(year)];
            for cell in &w.cells {
                line.extend(match cell {
                    Some(r) => [n(r.value), o(&r.unit), n(r.growth), o(&r.growth_unit)],
                    None => Default::default(),
                });
            }
            line
        })
        .collect()
}

/// The indicators table, in contract column order.
pub fn indicator_cells(rows: &[IndicatorRow]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| {
            vec![
                r.doc_id.clone(),
                o(&r.title),
                r.source.clone(),
                o(&r.locality),
                y(r.year),
                r.kind.clone(),
                o(&r.metric),
                o(&r.subject),
                n(r.value),
                n(r.value_high),
                o(&r.unit),
                n(r.normalized_value),
                o(&r.normalized_unit),
                o(&r.modifier),
                r.status.clone(),
                o(&r.direction),
                o(&r.basis),
                r.text.clone(),
                r.start.to_string(),
                r.end.to_string(),
                r.sentence.clone(),
            ]
        })
        .collect()
}

/// `indicators.csv`.
pub fn indicators(rows: &[IndicatorRow]) -> String {
    with_bom(&INDICATOR_COLUMNS, &indicator_cells(rows))
}

/// The columns of `documents.csv` (those of `gongwen docs --json`).
pub const DOCUMENT_COLUMNS: [&str; 7] = [
    "doc_id", "title", "source", "ordinal", "locality", "year", "chars",
];

/// `documents.csv`.
pub fn documents(docs: &[DocRow]) -> String {
    let rows: Vec<Vec<String>> = docs
        .iter()
        .map(|d| {
            vec![
                d.doc_id.clone(),
                o(&d.title),
                d.source.clone(),
                d.ordinal.to_string(),
                o(&d.locality),
                y(d.year),
                d.chars.to_string(),
            ]
        })
        .collect();
    with_bom(&DOCUMENT_COLUMNS, &rows)
}

/// `compare.csv`.
pub fn compare(c: &Comparison) -> String {
    with_bom(&COMPARE_COLUMNS, &compare_cells(c))
}

/// `compare_wide.csv`.
pub fn compare_wide(c: &Comparison) -> String {
    let header = wide_header(c);
    let h: Vec<&str> = header.iter().map(String::as_str).collect();
    with_bom(&h, &wide_cells(c))
}
