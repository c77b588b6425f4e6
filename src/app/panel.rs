//! `gongwen panel`: each locality's targets and outcomes by metric and
//! year, long or `--wide`, as a table, JSON Lines or CSV.

use super::options::{Format, Global};
use super::Outcome;
use anyhow::{ensure, Result};
use gongwen::frames;
use gongwen::report::panel::{self, Query};
use gongwen::report::tables;
use gongwen::store::Store;

pub fn run(global: &Global, query: &Query, wide: bool, format: Format) -> Result<Outcome> {
    let gen = Store::new(&global.store).current()?;
    let docs = frames::read_documents(gen.dir(), false)?;
    ensure!(
        !docs.is_empty(),
        "the store at {} holds no documents: ingest a corpus first (gongwen ingest CORPUS)",
        global.store.display()
    );
    let rows = panel::read(gen.dir(), &docs, query)?;
    if rows.is_empty() {
        let note = "no locality states a growth target or outcome for these metrics and years";
        return Ok(Outcome::Nothing(note.into()));
    }
    let table = if wide {
        tables::panel_wide(&rows)
    } else {
        tables::panel(&rows)
    };
    global.out().table(&table, format);
    Ok(Outcome::Done)
}
