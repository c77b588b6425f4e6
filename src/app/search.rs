//! `gongwen search`: hits with their snippet, matches in bold on a
//! terminal (never with `NO_COLOR`), or JSON Lines.

use super::options::Global;
use super::print::{opt, Out};
use super::Outcome;
use anyhow::Result;
use gongwen::index::{Hit, SearchOptions, Searcher};
use gongwen::store::Store;
use serde::Serialize;
use std::io::IsTerminal;

#[derive(Serialize)]
pub(super) struct HitJson<'a> {
    doc_id: &'a str,
    title: Option<&'a str>,
    source: &'a str,
    locality: Option<&'a str>,
    year: Option<i32>,
    score: f32,
    snippet: String,
}

/// Searches the store's index for `query`.
pub fn run(global: &Global, query: &str, opts: &SearchOptions, json: bool) -> Result<Outcome> {
    let gen = Store::new(&global.store).current()?;
    let searcher = Searcher::open(&gen.index_dir(), gen.query_segmenter(query)?)?;
    let hits = searcher.search(query, opts)?;
    if hits.is_empty() {
        return Ok(Outcome::Nothing(format!("no documents match {query:?}")));
    }
    let mut out = global.out();
    let bold = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for h in &hits {
        if json {
            out.json(&hit_json(h));
        } else {
            human(&mut out, h, bold);
        }
    }
    Ok(Outcome::Done)
}

pub(super) fn hit_json(h: &Hit) -> HitJson<'_> {
    HitJson {
        doc_id: &h.doc_id,
        title: h.title.as_deref(),
        source: &h.source,
        locality: h.locality.as_deref(),
        year: h.year,
        score: h.score,
        snippet: h.snippet.to_html(),
    }
}

/// The hit's heading line, then its snippet with matches in bold (or in
/// brackets where bold cannot show).
fn human(out: &mut Out, h: &Hit, bold: bool) {
    out.line(&format!(
        "{}  [{} {}]  {}  {:.2}",
        h.title.as_deref().unwrap_or("(untitled)"),
        opt(&h.locality),
        opt(&h.year),
        h.source,
        h.score
    ));
    let snippet: String = h
        .snippet
        .parts
        .iter()
        .map(|(s, hit)| match (hit, bold) {
            (true, true) => format!("\x1b[1m{s}\x1b[0m"),
            (true, false) => format!("[{s}]"),
            _ => s.clone(),
        })
        .collect();
    out.line(&format!("    …{snippet}…"));
}
