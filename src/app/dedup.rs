//! `gongwen dedup`: near-duplicate pairs at a threshold, and `--diff A B`,
//! what differs between two documents.

use super::options::{Format, Global};
use super::print::Out;
use super::Outcome;
use anyhow::Result;
use gongwen::frames::{self, DocRow};
use gongwen::report::tables;
use gongwen::store::Store;

/// Prints the stored pairs reported at `threshold` (already checked to lie
/// between the store's floor and 1).
pub fn run(global: &Global, threshold: f64, json: bool) -> Result<Outcome> {
    let gen = Store::new(&global.store).current()?;
    let rows = gongwen::dedup::rows_at(frames::read_duplicates(gen.dir())?, threshold);
    if rows.is_empty() {
        return Ok(Outcome::Nothing(format!(
            "no near-duplicate pairs at threshold {threshold}"
        )));
    }
    let format = if json { Format::Json } else { Format::Human };
    global.out().table(&tables::duplicates(&rows), format);
    Ok(Outcome::Done)
}

/// Prints the aligned diff of documents `a` and `b` (ids or unique prefixes).
pub fn diff(global: &Global, a: &str, b: &str) -> Result<Outcome> {
    let (da, db) = two(global, a, b)?;
    let (ta, tb) = (
        da.text.as_deref().unwrap_or(""),
        db.text.as_deref().unwrap_or(""),
    );
    let mut out = headed(global, &da, &db);
    out.raw(&gongwen::dedup::render_diff(&gongwen::dedup::diff(ta, tb)));
    Ok(Outcome::Done)
}

/// Documents `a` and `b` (ids or unique prefixes), with their texts.
pub(super) fn two(global: &Global, a: &str, b: &str) -> Result<(DocRow, DocRow)> {
    let gen = Store::new(&global.store).current()?;
    let docs = frames::read_documents(gen.dir(), true)?;
    Ok((find(&docs, a)?.clone(), find(&docs, b)?.clone()))
}

/// The output of a view of two documents, started with their headings.
pub(super) fn headed(global: &Global, da: &DocRow, db: &DocRow) -> Out {
    let mut out = global.out();
    out.line(&format!("--- A {}", heading(da)));
    out.line(&format!("+++ B {}", heading(db)));
    out
}

/// The one document whose id starts with `id`.
pub(super) fn find<'a>(docs: &'a [DocRow], id: &str) -> Result<&'a DocRow> {
    let found: Vec<_> = docs.iter().filter(|d| d.doc_id.starts_with(id)).collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => anyhow::bail!("no document with id {id:?} (see `gongwen docs`)"),
        _ => anyhow::bail!(
            "{id:?} is the prefix of {} document ids; give more of it",
            found.len()
        ),
    }
}

fn heading(d: &DocRow) -> String {
    format!(
        "{} {} ({}#{})",
        d.doc_id,
        d.title.as_deref().unwrap_or("-"),
        d.source,
        d.ordinal
    )
}
