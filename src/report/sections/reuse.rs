//! Shared passages (text reuse): the clusters that are not formulas on the
//! page, every occurrence in `reuse.csv` and `reuse.md`.

use super::{File, Section};
use crate::report::block::Block;
use crate::report::{tables, Tables};
use crate::reuse::rows::ReuseRow;

/// The text reuse section.
pub struct Reuse;

/// Clusters shown on the page (the files have all of them).
const ON_PAGE: usize = 30;

impl Section for Reuse {
    fn page(&self, t: &Tables) -> Vec<Block> {
        let Some(rows) = t.reuse.as_deref() else {
            return vec![Block::note("Text reuse was not computed for this report.")];
        };
        let content: Vec<ReuseRow> = rows
            .iter()
            .filter(|r| !r.boilerplate && r.cluster <= first_clusters(rows))
            .cloned()
            .collect();
        let formulas = count_clusters(rows.iter().filter(|r| r.boilerplate));
        let mut out = vec![Block::paragraph(format!(
            "Passages of {} characters or more (punctuation and space not counted) that \
             documents share: {} clusters, {} of them formulas shared by very many documents \
             (listed in reuse.csv with boilerplate = 1).",
            crate::reuse::DEFAULT_MIN_CHARS,
            count_clusters(rows.iter()),
            formulas
        ))];
        if !content.is_empty() {
            out.push(Block::Table(tables::reuse(&content)));
        }
        out
    }

    fn files(&self, t: &Tables) -> Vec<File> {
        match t.reuse.as_deref() {
            Some(rows) if !rows.is_empty() => {
                let table = tables::reuse(rows);
                vec![
                    File::csv("reuse.csv", table.clone()),
                    File::markdown(
                        "reuse.md",
                        vec![Block::heading(1, "Shared passages"), Block::Table(table)],
                    ),
                ]
            }
            _ => Vec::new(),
        }
    }
}

/// The id of the last cluster shown on the page: the first [`ON_PAGE`]
/// clusters that are not formulas.
fn first_clusters(rows: &[ReuseRow]) -> usize {
    let mut ids: Vec<usize> = rows
        .iter()
        .filter(|r| !r.boilerplate)
        .map(|r| r.cluster)
        .collect();
    ids.dedup();
    ids.get(ON_PAGE - 1).or(ids.last()).copied().unwrap_or(0)
}

fn count_clusters<'a>(rows: impl Iterator<Item = &'a ReuseRow>) -> usize {
    rows.map(|r| r.cluster)
        .collect::<std::collections::BTreeSet<_>>()
        .len()
}
