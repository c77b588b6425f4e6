//! `gongwen compare`: localities side by side, as a human table (sorted by
//! the first metric), JSON Lines, CSV or Markdown, long or `--wide`, or
//! the statements each cell was chosen from (`--candidates`).

use super::options::{Format, Global};
use super::Outcome;
use anyhow::Result;
use gongwen::report::block::Table;
use gongwen::report::compare::{self, Query};
use gongwen::report::tables;
use gongwen::store::Store;

/// The arguments of `compare`, validated (known metrics, a status).
pub struct Args<'a> {
    pub query: Query,
    pub wide: bool,
    /// Every statement each cell was chosen from (`--candidates`).
    pub candidates: bool,
    pub format: Format,
    pub global: &'a Global,
}

pub fn run(args: Args) -> Result<Outcome> {
    let gen = Store::new(&args.global.store).current()?;
    let c = compare::compare_store(gen.dir(), &args.query)?;
    if c.rows.is_empty() {
        let note = "no locality states a figure for these metrics";
        return Ok(Outcome::Nothing(note.into()));
    }
    let table = table(&c, args.wide, args.candidates);
    args.global.out().table(&table, args.format);
    Ok(Outcome::Done)
}

/// The table `compare` prints: the statements each cell was chosen from,
/// one row per locality, or one per locality and metric.
pub(super) fn table(c: &compare::Comparison, wide: bool, candidates: bool) -> Table {
    if candidates {
        tables::candidates(c)
    } else if wide {
        tables::wide(c, "wide")
    } else {
        tables::comparison(c)
    }
}
