//! The targets the localities set, as a wide table on the page (they close
//! `compare.md`, which the comparison section writes).

use super::comparison::wide_blocks;
use super::Section;
use crate::report::block::Block;
use crate::report::Tables;

/// The targets section.
pub struct Targets;

impl Section for Targets {
    fn page(&self, t: &Tables) -> Vec<Block> {
        wide_blocks(&t.targets, "wide targets")
    }
}
