//! Markdown reports: the comparison (wide table, then every figure with its
//! source sentence), what is said of each locality, documents, duplicates.

use super::compare::Comparison;
use super::duplicates::Pair;
use super::format::{self, md, metric_label};
use super::localities::{describe, Locality, SHOWN};
use crate::frames::DocRow;
use std::fmt::Write as _;

/// A Markdown table.
pub fn table(header: &[String], rows: &[Vec<String>]) -> String {
    let mut s = format!("| {} |\n", header.join(" | "));
    let _ = writeln!(s, "|{}", "---|".repeat(header.len()));
    for r in rows {
        let cells: Vec<String> = r.iter().map(|c| md(c)).collect();
        let _ = writeln!(s, "| {} |", cells.join(" | "));
    }
    s
}

/// The wide table: one row per locality, one column per metric.
pub fn wide_table(c: &Comparison) -> String {
    let mut header = vec!["locality".to_string(), "year".to_string()];
    header.extend(c.metrics.iter().map(|m| metric_label(m).to_string()));
    let rows: Vec<Vec<String>> = c
        .wide()
        .iter()
        .map(|w| {
            let year = w.cells.iter().flatten().find_map(|r| r.year);
            let mut line = vec![
                w.locality.to_string(),
                year.map_or("-".into(), |y| y.to_string()),
            ];
            line.extend(
                w.cells
                    .iter()
                    .map(|c| c.map_or(String::new(), format::cell)),
            );
            line
        })
        .collect();
    table(&header, &rows)
}

/// The long table: every figure, its candidates and its source sentence.
pub fn long_table(c: &Comparison) -> String {
    let header: Vec<String> = [
        "locality",
        "metric",
        "year",
        "value",
        "growth",
        "candidates",
        "source",
    ]
    .map(String::from)
    .to_vec();
    let rows: Vec<Vec<String>> = c
        .rows
        .iter()
        .map(|r| {
            vec![
                r.locality.clone(),
                r.metric.clone(),
                r.year.map_or("-".into(), |y| y.to_string()),
                format::value(r),
                format::growth(r),
                format::candidates(r),
                format::provenance(r),
            ]
        })
        .collect();
    table(&header, &rows)
}

/// `compare.md`: the comparison, its sources, then the targets.
pub fn compare(c: &Comparison, targets: &Comparison) -> String {
    let mut s = format!("# Comparison of localities ({})\n\n", c.status);
    if c.rows.is_empty() {
        s.push_str("No locality states a figure for these metrics.\n");
        return s;
    }
    s.push_str(&wide_table(c));
    s.push_str("\n## Figures and their sources\n\n");
    s.push_str(SELECTION_NOTE);
    s.push_str(&long_table(c));
    if !targets.rows.is_empty() {
        let _ = write!(s, "\n## Targets ({})\n\n", targets.status);
        s.push_str(&wide_table(targets));
        s.push('\n');
        s.push_str(&long_table(targets));
    }
    s
}

/// How a figure is chosen among several, for readers of the reports.
pub const SELECTION_NOTE: &str =
    "When a locality states a metric more than once for the same year \
and status, the value chosen is an exact figure, stated alongside a growth, the largest (a summary \
covers its details), the first; the growth chosen is exact, nearest the median of all localities, \
stated alongside the value, the first. `candidates` counts the statements there were.\n\n";

/// `localities.md`: what the corpus says of each locality.
pub fn localities(list: &[Locality]) -> String {
    let mut s = String::from("# Localities\n\n");
    for l in list {
        let _ = writeln!(s, "## {}\n", l.name);
        for d in &l.documents {
            let _ = writeln!(s, "- document: {}", md(d));
        }
        if l.metric_statements > 0 {
            let _ = writeln!(
                s,
                "- {} figures of compared metrics (see compare.md)",
                l.metric_statements
            );
        }
        for r in l.statements.iter().take(SHOWN) {
            let _ = writeln!(s, "- {} — “{}”", md(&describe(r)), md(&r.sentence));
        }
        if l.statements.len() > SHOWN {
            let _ = writeln!(
                s,
                "- … and {} more in indicators.csv",
                l.statements.len() - SHOWN
            );
        }
        s.push('\n');
    }
    s
}

/// `documents.md`.
pub fn documents(docs: &[DocRow]) -> String {
    let header: Vec<String> = [
        "#", "title", "locality", "year", "chars", "source", "doc_id",
    ]
    .map(String::from)
    .to_vec();
    let rows: Vec<Vec<String>> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            vec![
                (i + 1).to_string(),
                d.title.clone().unwrap_or_else(|| "-".into()),
                d.locality.clone().unwrap_or_else(|| "-".into()),
                d.year.map_or("-".into(), |y| y.to_string()),
                d.chars.to_string(),
                format!("{}#{}", d.source, d.ordinal),
                format!("`{}`", d.doc_id),
            ]
        })
        .collect();
    format!("# Documents\n\n{}", table(&header, &rows))
}

/// `duplicates.md`.
pub fn duplicates(pairs: &[Pair]) -> String {
    let header: Vec<String> = [
        "cluster",
        "document A",
        "document B",
        "jaccard",
        "containment",
    ]
    .map(String::from)
    .to_vec();
    let rows: Vec<Vec<String>> = pairs
        .iter()
        .map(|p| {
            vec![
                p.cluster.to_string(),
                format!("{} (`{}`)", p.title_a.as_deref().unwrap_or("-"), p.doc_a),
                format!("{} (`{}`)", p.title_b.as_deref().unwrap_or("-"), p.doc_b),
                format!("{:.3}", p.jaccard),
                format!("{:.3}", p.containment),
            ]
        })
        .collect();
    format!("# Near-duplicate documents\n\n{}", table(&header, &rows))
}
