//! The ordered list of report sections. Each section turns the store's
//! tables, read once per report run, into blocks: its part of the HTML page
//! and the files of its own (Markdown, CSV). Printers render the blocks.
//!
//! To add a section, write a small [`Section`] in a file of this folder
//! (its id, heading, [`Section::page`] and, if it writes any,
//! [`Section::files`]), build its tables in [`super::tables`] so that a
//! command can print them too, and put it in [`default_sections`] where it
//! should stand on the page.

mod charts;
mod comparison;
mod documents;
mod duplicates;
pub mod localities;
mod targets;

pub use duplicates::ordered as ordered_duplicates;

use super::block::{Block, Table};
use super::Tables;

/// One section of the report.
pub trait Section {
    /// Its anchor on the page (`#comparison`).
    fn id(&self) -> &'static str;
    /// Its heading on the page.
    fn heading(&self) -> &'static str;
    /// Its part of the page.
    fn page(&self, t: &Tables) -> Vec<Block>;
    /// The files it writes besides the page, in order.
    fn files(&self, _t: &Tables) -> Vec<File> {
        Vec::new()
    }
}

/// The report's sections, in page order.
pub fn default_sections() -> Vec<Box<dyn Section>> {
    vec![
        Box::new(comparison::Comparison),
        Box::new(charts::Charts),
        Box::new(targets::Targets),
        Box::new(localities::Localities),
        Box::new(duplicates::Duplicates),
        Box::new(documents::Documents),
    ]
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
