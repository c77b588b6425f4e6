//! The ordered list of report sections. Each section turns the store's
//! tables, read once per report run, into blocks: its part of the HTML page
//! and the files of its own (Markdown, CSV). Printers render the blocks.
//!
//! To add a section, write a small [`Section`] in a file of this folder
//! ([`Section::page`] and, if it writes any, [`Section::files`]), build its
//! tables in [`super::tables`] so that a command can print them too, and
//! put it in [`default_sections`], with its anchor and heading, where it
//! should stand on the page.

mod charts;
mod comparison;
mod documents;
mod duplicates;
pub mod localities;
mod panel;
mod reuse;
mod targets;
mod terms;

pub use duplicates::ordered as ordered_duplicates;

use super::block::{Block, Table};
use super::Tables;

/// One section of the report.
pub trait Section {
    /// Its part of the page.
    fn page(&self, t: &Tables) -> Vec<Block>;
    /// The files it writes besides the page, in order.
    fn files(&self, _t: &Tables) -> Vec<File> {
        Vec::new()
    }
}

/// A section in the list, with its anchor and heading on the page.
pub struct Entry {
    /// The anchor: `index.html#comparison`.
    pub id: &'static str,
    pub heading: &'static str,
    pub section: Box<dyn Section>,
}

fn entry(id: &'static str, heading: &'static str, section: impl Section + 'static) -> Entry {
    Entry {
        id,
        heading,
        section: Box::new(section),
    }
}

/// The report's sections, in page order.
pub fn default_sections() -> Vec<Entry> {
    vec![
        entry("comparison", "Comparison", comparison::Comparison),
        entry("charts", "Charts", charts::Charts),
        entry("targets", "Targets", targets::Targets),
        entry("panel", "Targets and outcomes", panel::Panel),
        entry(
            "localities",
            "What the corpus says of each locality",
            localities::Localities,
        ),
        entry("duplicates", duplicates::HEADING, duplicates::Duplicates),
        entry("reuse", "Shared passages", reuse::Reuse),
        entry("documents", "Documents", documents::Documents),
    ]
}

/// The sections of a report with attention measures (`report --dict`):
/// theirs after the panel.
pub fn sections_with_terms() -> Vec<Entry> {
    let mut out = default_sections();
    let at = out
        .iter()
        .position(|e| e.id == "panel")
        .map_or(out.len(), |i| i + 1);
    out.insert(at, entry("terms", "Attention measures", terms::Terms));
    out
}

/// A report file and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct File {
    pub name: &'static str,
    pub body: Body,
}

/// What a file holds, which also picks its printer.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A Markdown file.
    Markdown(Vec<Block>),
    /// A CSV file of one table's data columns.
    Csv(Table),
}

impl File {
    /// A Markdown file of `blocks`.
    pub fn markdown(name: &'static str, blocks: Vec<Block>) -> File {
        File {
            name,
            body: Body::Markdown(blocks),
        }
    }

    /// A CSV file of `table`.
    pub fn csv(name: &'static str, table: Table) -> File {
        File {
            name,
            body: Body::Csv(table),
        }
    }
}
