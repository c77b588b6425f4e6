//! The table of shared passages (`gongwen reuse` and the report's section).

use super::super::block::{col, cols, Cell, Fields, Table, Views};
use crate::reuse::rows::ReuseRow;

/// The fields of `reuse --json`, in contract order.
pub const REUSE_COLUMNS: [&str; 11] = [
    "cluster",
    "doc_id",
    "title",
    "locality",
    "year",
    "start",
    "end",
    "text",
    "size",
    "earliest",
    "boilerplate",
];

/// Characters of a passage shown to people before it is cut with `…`.
const SHOWN: usize = 40;

/// One row per occurrence of a shared passage: `gongwen reuse`.
pub fn reuse(rows: &[ReuseRow]) -> Table {
    let text = |s: &str| Cell::Text(s.to_string());
    let fields = Fields::<ReuseRow>::new()
        .field("cluster", |r| Cell::int(Some(r.cluster)))
        .field("doc_id", move |r| text(&r.doc_id))
        .field("title", |r| Cell::opt(&r.title))
        .field("locality", |r| Cell::opt(&r.locality))
        .field("year", |r| Cell::int(r.year))
        .field("start", |r| Cell::int(Some(r.start)))
        .field("end", |r| Cell::int(Some(r.end)))
        .field("text", move |r| text(&r.text))
        .field("size", |r| Cell::int(Some(r.size)))
        .field("earliest", move |r| text(&r.earliest))
        .field("boilerplate", |r| Cell::Bool(r.boilerplate))
        .field("chars", |r| Cell::int(Some(r.chars)))
        .field("document", |r| Cell::Doc {
            id: r.doc_id.clone(),
            title: r.title.clone(),
        })
        .field("first", |r| Cell::Bool(r.doc_id == r.earliest))
        .field("passage", |r| Cell::Text(excerpt(&r.text)));
    let people = vec![
        col("cluster"),
        col("size"),
        col("boilerplate").header("formula"),
        col("locality"),
        col("year"),
        col("first"),
        col("chars"),
        col("passage"),
        col("document"),
    ];
    let views = Views {
        data: cols(&REUSE_COLUMNS),
        terminal: people.clone(),
        markdown: people.clone(),
        html: people,
    };
    Table::build("reuse", rows, fields, views)
}

/// The passage on one line, cut in the middle when long.
fn excerpt(text: &str) -> String {
    let flat: Vec<char> = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    if flat.len() <= SHOWN {
        return flat.into_iter().collect();
    }
    let head: String = flat[..SHOWN / 2].iter().collect();
    let tail: String = flat[flat.len() - SHOWN / 2..].iter().collect();
    format!("{head}…{tail}")
}
