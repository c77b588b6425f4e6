//! `gongwen terms`: a dictionary's term counts and attention measures per
//! locality and year (or document); `gongwen kwic`: a term in context.

use super::options::{Format, Global};
use super::Outcome;
use anyhow::Result;
use gongwen::measure::terms::{self, By};
use gongwen::measure::{kwic, Dictionary};
use gongwen::report::tables;
use gongwen::store::Store;
use std::path::Path;

/// Reads a dictionary; its warnings (duplicate terms) go to stderr.
pub fn read_dict(global: &Global, path: &Path) -> Result<Dictionary> {
    let (dict, warnings) = Dictionary::read(path)?;
    for w in warnings {
        global
            .messages
            .note(format_args!("dictionary {}: {w}", path.display()));
    }
    Ok(dict)
}

pub fn run(global: &Global, path: &Path, by: By, wide: bool, format: Format) -> Result<Outcome> {
    let dict = read_dict(global, path)?;
    let gen = Store::new(&global.store).current()?;
    let rows = terms::measure(gen.dir(), &dict, by)?;
    if rows.is_empty() {
        return Ok(Outcome::Nothing("the store holds no documents".into()));
    }
    let table = if wide {
        tables::terms_wide(&rows)
    } else {
        tables::terms(&rows, by == By::Doc)
    };
    global.out().table(&table, format);
    Ok(Outcome::Done)
}

pub fn kwic(global: &Global, query: &kwic::Query, format: Format) -> Result<Outcome> {
    let gen = Store::new(&global.store).current()?;
    let (rows, more) = kwic::kwic(&gen, query)?;
    if rows.is_empty() {
        return Ok(Outcome::Nothing(format!(
            "{} occurs in no document",
            query.term
        )));
    }
    global.out().table(&tables::kwic(&rows), format);
    if more {
        global.messages.note(format_args!(
            "the first {} occurrences; --limit N for more (0: all)",
            query.limit
        ));
    }
    Ok(Outcome::Done)
}
