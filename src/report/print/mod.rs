//! Printers: each renders [blocks](super::block) as text in one format —
//! the HTML page, Markdown and CSV files, the terminal's aligned tables and
//! JSON Lines. Sections and commands say what to show; a printer says how.
//! The library renders, the CLI writes to stdout.

pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod parquet;
pub mod terminal;

use super::block::{Cell, Span};
use super::format::num;

impl Cell {
    /// The cell as people read it, where no printer sets it otherwise.
    pub fn plain(&self) -> String {
        match self {
            Cell::Null => "-".into(),
            Cell::Empty => String::new(),
            Cell::Text(s) | Cell::Code(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Bool(b) => (if *b { "yes" } else { "no" }).into(),
            Cell::Num(v) => num(*v),
            Cell::Fixed(v, places) => format!("{v:.places$}"),
            Cell::Doc { title, .. } => title.clone().unwrap_or_else(|| "-".into()),
            Cell::Figure { value, growth, .. } => figure(value, growth),
        }
    }

    /// The cell as programs read it in CSV: empty when unknown, numbers
    /// as they are (without float noise), a document by its id.
    pub fn data(&self) -> String {
        match self {
            Cell::Null | Cell::Empty => String::new(),
            Cell::Text(s) | Cell::Code(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Bool(b) => u8::from(*b).to_string(),
            Cell::Num(v) | Cell::Fixed(v, _) => num(*v),
            Cell::Doc { id, .. } => id.clone(),
            Cell::Figure { value, growth, .. } => figure(value, growth),
        }
    }
}

/// Runs of text, each set by `span`.
fn inline(spans: &[Span], span: fn(&Span) -> String) -> String {
    spans.iter().map(span).collect()
}

/// A value and its growth in one line: `120550万元 (+12.8%)`.
fn figure(value: &str, growth: &str) -> String {
    match (value, growth) {
        ("", g) => g.to_string(),
        (v, "") => v.to_string(),
        (v, g) => format!("{v} ({g})"),
    }
}
