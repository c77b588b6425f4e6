//! `gongwen docs`: the documents in the store, as a table or JSON Lines
//! (the report's documents table).

use super::options::{Format, Global};
use super::Outcome;
use anyhow::Result;
use gongwen::frames;
use gongwen::report::tables;
use gongwen::store::Store;

/// Prints the store's documents; a store without any is "nothing found".
pub fn run(global: &Global, json: bool) -> Result<Outcome> {
    let gen = Store::new(&global.store).current()?;
    let rows = frames::read_documents(gen.dir(), false)?;
    if rows.is_empty() {
        return Ok(Outcome::Nothing(format!(
            "the store at {} holds no documents",
            global.store.display()
        )));
    }
    let format = if json { Format::Json } else { Format::Human };
    global.out().table(&tables::documents(&rows), format);
    Ok(Outcome::Done)
}
