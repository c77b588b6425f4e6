//! What the corpus says of each locality: its documents and the statements
//! attributed to it, in document order; on the page, in `localities.md`,
//! and every statement in `indicators.csv`.

use super::{File, Section};
use crate::extract::Status;
use crate::frames::{DocRow, IndicatorRow};
use crate::report::block::{Block, Item, Span};
use crate::report::{tables, Tables};

/// How many statements a locality lists before "and N more".
pub const SHOWN: usize = 12;

/// The localities section.
pub struct Localities;

impl Section for Localities {
    fn page(&self, t: &Tables) -> Vec<Block> {
        localities(&t.docs, &t.indicators)
            .iter()
            .flat_map(blocks)
            .collect()
    }

    fn files(&self, t: &Tables) -> Vec<File> {
        let mut md = vec![Block::heading(1, "Localities")];
        md.extend(self.page(t));
        vec![
            File::markdown("localities.md", md),
            File::csv("indicators.csv", tables::indicators(&t.indicators)),
        ]
    }
}

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

/// The names of every locality the documents or their statements name, in
/// order of first appearance.
pub fn names<'a>(docs: &'a [DocRow], rows: &'a [IndicatorRow]) -> Vec<&'a str> {
    let mut names: Vec<&str> = Vec::new();
    let seen = docs.iter().filter_map(|d| d.locality.as_deref());
    for n in seen.chain(rows.iter().filter_map(|r| r.locality.as_deref())) {
        if !names.contains(&n) {
            names.push(n);
        }
    }
    names
}

/// Every locality the documents or their statements name, in order of
/// first appearance.
pub fn localities<'a>(docs: &'a [DocRow], rows: &'a [IndicatorRow]) -> Vec<Locality<'a>> {
    let names = names(docs, rows);
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

/// A locality as a heading and a list: its documents, how many figures of
/// compared metrics it states, then its other statements.
fn blocks(l: &Locality) -> [Block; 2] {
    let mut items: Vec<Item> = l
        .documents
        .iter()
        .map(|d| Item::plain(format!("document: {d}")))
        .collect();
    if l.metric_statements > 0 {
        items.push(Item {
            spans: vec![
                Span::Plain(format!(
                    "{} figures of compared metrics (see ",
                    l.metric_statements
                )),
                Span::Ref {
                    page: "the comparison",
                    file: "compare.md",
                },
                Span::Plain(")".into()),
            ],
            quote: None,
            note: false,
        });
    }
    items.extend(l.statements.iter().take(SHOWN).map(|r| Item {
        quote: Some(r.sentence.to_string()),
        ..Item::plain(describe(r))
    }));
    if l.statements.len() > SHOWN {
        let more = l.statements.len() - SHOWN;
        items.push(Item {
            note: true,
            ..Item::plain(format!("… and {more} more in indicators.csv"))
        });
    }
    [Block::heading(2, l.name), Block::List(items)]
}

/// A statement in a few words: `培训干部 1963人 (count)`, `“五大访” (measure)`.
pub fn describe(r: &IndicatorRow) -> String {
    let status = match r.status {
        Status::Actual => String::new(),
        _ => format!(", {}", r.status),
    };
    match r.subject.as_deref() {
        Some(subj) if !r.text.contains(subj) => format!("{subj} {} ({}{status})", r.text, r.kind),
        _ => format!("{} ({}{status})", r.text, r.kind),
    }
}
