//! Near-duplicate documents: the pairs on the page and in `duplicates.md`
//! (written only when there are any).

use super::{File, Section};
use crate::frames::DuplicateRow;
use crate::report::block::Block;
use crate::report::{tables, Tables};

/// The near-duplicates section.
pub struct Duplicates;

/// The heading of the section and of `duplicates.md`.
pub const HEADING: &str = "Near-duplicate documents";

impl Section for Duplicates {
    fn page(&self, t: &Tables) -> Vec<Block> {
        let block = match t.duplicates.as_deref() {
            None => Block::note("Near-duplicate detection has not run on this store."),
            Some([]) => Block::paragraph("No near-duplicate documents."),
            Some(pairs) => Block::Table(tables::duplicates(pairs)),
        };
        vec![block]
    }

    fn files(&self, t: &Tables) -> Vec<File> {
        match t.duplicates.as_deref() {
            Some(pairs) if !pairs.is_empty() => vec![File::markdown(
                "duplicates.md",
                vec![
                    Block::heading(1, HEADING),
                    Block::Table(tables::duplicates(pairs)),
                ],
            )],
            _ => Vec::new(),
        }
    }
}

/// The pairs ordered by cluster, then by containment and jaccard (highest
/// first), then by document.
pub fn ordered(mut pairs: Vec<DuplicateRow>) -> Vec<DuplicateRow> {
    pairs.sort_by(|a, b| {
        a.cluster
            .cmp(&b.cluster)
            .then(b.containment.total_cmp(&a.containment))
            .then(b.jaccard.total_cmp(&a.jaccard))
            .then_with(|| (&a.doc_a, &a.doc_b).cmp(&(&b.doc_a, &b.doc_b)))
    });
    pairs
}
