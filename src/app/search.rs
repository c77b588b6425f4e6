//! `gongwen search`: hits with their snippet, matches in bold on a
//! terminal (never with `NO_COLOR`), or JSON Lines.

use super::options::Global;
use super::print::{opt, Out};
use super::Outcome;
use anyhow::Result;
use gongwen::index::{Hit, SearchOptions, Searcher, Total};
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
    /// Occurrences in the document (`--count`), else null.
    count: Option<usize>,
}

/// Searches the store's index for `query`. With `--count`, every matching
/// document is counted (the total covers them all) and the first `limit`
/// are listed with theirs; a cut list says so on stderr.
pub fn run(global: &Global, query: &str, opts: &SearchOptions, json: bool) -> Result<Outcome> {
    let gen = Store::new(&global.store).current()?;
    let searcher = Searcher::open(&gen.index_dir(), gen.query_segmenter(query)?)?;
    let (hits, total) = find(&searcher, query, opts)?;
    if hits.is_empty() {
        return Ok(Outcome::Nothing(format!("no documents match {query:?}")));
    }
    let shown = &hits[..hits.len().min(opts.limit.max(1))];
    let mut out = global.out();
    let bold = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for h in shown {
        if json {
            out.json(&hit_json(h));
        } else {
            human(&mut out, h, bold);
        }
    }
    if opts.count {
        let n: usize = hits.iter().filter_map(|h| h.count).sum();
        let line = format!("{n} occurrences in {} documents", total.documents);
        if json {
            global.messages.note(line);
        } else {
            out.line(&line);
        }
    }
    if total.documents > shown.len() {
        let bound = if total.at_least { "at least " } else { "" };
        let hint = if total.at_least {
            " (--count counts them all)"
        } else {
            ""
        };
        global.messages.note(format_args!(
            "{} of {bound}{} documents{hint}; --limit to see more",
            shown.len(),
            total.documents
        ));
    }
    Ok(Outcome::Done)
}

/// The hits of `query` and the number of documents it matches; with
/// `count`, every matching document (listing the first `limit` is the
/// caller's), each with its occurrences.
pub(super) fn find(
    searcher: &Searcher,
    query: &str,
    opts: &SearchOptions,
) -> gongwen::error::Result<(Vec<Hit>, Total)> {
    Ok(if opts.count {
        let all = SearchOptions {
            limit: searcher.matching(query, opts)?.len().max(1),
            ..opts.clone()
        };
        let hits = searcher.search(query, &all)?;
        let documents = hits.len();
        let total = Total {
            documents,
            at_least: false,
        };
        (hits, total)
    } else {
        searcher.search_with_total(query, opts)?
    })
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
        count: h.count,
    }
}

/// The hit's heading line, then its snippet with matches in bold (or in
/// brackets where bold cannot show).
fn human(out: &mut Out, h: &Hit, bold: bool) {
    let count = h
        .count
        .map_or(String::new(), |n| format!("  {n} occurrences"));
    out.line(&format!(
        "{}  [{} {}]  {}  {:.2}{count}",
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
