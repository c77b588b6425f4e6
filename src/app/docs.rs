//! `gongwen docs`: the documents in the store, as a table or JSON Lines.

use super::options::Global;
use super::print::{self, opt, Out};
use super::Outcome;
use anyhow::Result;
use gongwen::frames::{self, DocRow};
use gongwen::store::Store;
use serde::Serialize;

#[derive(Serialize)]
struct DocJson<'a> {
    doc_id: &'a str,
    title: Option<&'a str>,
    source: &'a str,
    ordinal: u32,
    locality: Option<&'a str>,
    year: Option<i32>,
    chars: u64,
}

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
    let mut out = Out::new();
    if json {
        rows.iter().for_each(|d| out.json(&doc_json(d)));
    } else {
        human(&mut out, &rows);
    }
    Ok(Outcome::Done)
}

fn doc_json(d: &DocRow) -> DocJson<'_> {
    DocJson {
        doc_id: &d.doc_id,
        title: d.title.as_deref(),
        source: &d.source,
        ordinal: d.ordinal,
        locality: d.locality.as_deref(),
        year: d.year,
        chars: d.chars,
    }
}

fn human(out: &mut Out, rows: &[DocRow]) {
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|d| {
            vec![
                d.doc_id.clone(),
                print::clip(d.title.as_deref().unwrap_or("-"), 40),
                opt(&d.locality),
                opt(&d.year),
                d.chars.to_string(),
                format!("{}#{}", d.source, d.ordinal),
            ]
        })
        .collect();
    print::table(
        out,
        &["doc_id", "title", "locality", "year", "chars", "source"],
        &table,
    );
}
