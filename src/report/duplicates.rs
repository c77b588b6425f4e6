//! The near-duplicate pairs of a store, as the report shows them: read from
//! `duplicates.parquet` when the dedup stage has written it.

use crate::error::Result;
use crate::frames::{self, DuplicateRow};
use crate::store::Generation;

/// One near-duplicate pair (the fields of `gongwen dedup --json`).
pub type Pair = DuplicateRow;

/// The pairs of a store generation, ordered by cluster, then by
/// containment and jaccard (highest first); None when the dedup stage has
/// not run on it.
pub fn load(gen: &Generation) -> Result<Option<Vec<Pair>>> {
    if !gen.duplicates_path().exists() {
        return Ok(None);
    }
    let mut pairs = frames::read_duplicates(gen.dir())?;
    pairs.sort_by(|a, b| {
        a.cluster
            .cmp(&b.cluster)
            .then(b.containment.total_cmp(&a.containment))
            .then(b.jaccard.total_cmp(&a.jaccard))
            .then_with(|| (&a.doc_a, &a.doc_b).cmp(&(&b.doc_a, &b.doc_b)))
    });
    Ok(Some(pairs))
}
