//! What the corpus says of each locality: its documents and the statements
//! attributed to it, in document order.

use crate::frames::{DocRow, IndicatorRow};

/// How many statements a locality lists before "and N more".
pub const SHOWN: usize = 12;

/// One locality and what is said of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Locality<'a> {
    pub name: &'a str,
    /// Titles of the documents whose main locality it is.
    pub documents: Vec<&'a str>,
    /// Statements attributed to it, other than comparison metrics.
    pub statements: Vec<&'a IndicatorRow>,
    /// Statements of comparison metrics (shown in the comparison table).
    pub metric_statements: usize,
}

/// Every locality the documents or their statements name, in order of
/// first appearance.
pub fn localities<'a>(docs: &'a [DocRow], rows: &'a [IndicatorRow]) -> Vec<Locality<'a>> {
    let mut names: Vec<&str> = Vec::new();
    let seen = docs.iter().filter_map(|d| d.locality.as_deref());
    for n in seen.chain(rows.iter().filter_map(|r| r.locality.as_deref())) {
        if !names.contains(&n) {
            names.push(n);
        }
    }
    names.into_iter().map(|n| locality(n, docs, rows)).collect()
}

fn locality<'a>(name: &'a str, docs: &'a [DocRow], rows: &'a [IndicatorRow]) -> Locality<'a> {
    let own = |r: &&IndicatorRow| r.locality.as_deref() == Some(name);
    Locality {
        name,
        documents: docs
            .iter()
            .filter(|d| d.locality.as_deref() == Some(name))
            .map(|d| d.title.as_deref().unwrap_or("(untitled)"))
            .collect(),
        statements: rows
            .iter()
            .filter(own)
            .filter(|r| r.metric.is_none())
            .collect(),
        metric_statements: rows
            .iter()
            .filter(own)
            .filter(|r| r.metric.is_some())
            .count(),
    }
}

/// A statement in a few words: `培训干部 1963人 (count)`, `“五大访” (measure)`.
pub fn describe(r: &IndicatorRow) -> String {
    let status = match r.status.as_str() {
        "actual" => String::new(),
        s => format!(", {s}"),
    };
    match r.subject.as_deref() {
        Some(subj) if !r.text.contains(subj) => format!("{subj} {} ({}{status})", r.text, r.kind),
        _ => format!("{} ({}{status})", r.text, r.kind),
    }
}
