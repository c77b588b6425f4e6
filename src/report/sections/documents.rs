//! The documents of the store: on the page, `documents.md` and
//! `documents.csv` (the table `gongwen docs` prints).

use super::{File, Section};
use crate::report::block::Block;
use crate::report::{tables, Tables};

/// The documents section.
pub struct Documents;

impl Section for Documents {
    fn page(&self, t: &Tables) -> Vec<Block> {
        vec![Block::Table(tables::documents(&t.docs))]
    }

    fn files(&self, t: &Tables) -> Vec<File> {
        let table = tables::documents(&t.docs);
        vec![
            File::csv("documents.csv", table.clone()),
            File::markdown(
                "documents.md",
                vec![Block::heading(1, "Documents"), Block::Table(table)],
            ),
        ]
    }
}
