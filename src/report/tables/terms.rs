//! The tables of the attention measures (`gongwen terms`, the report's
//! dictionary section) and of keyword in context (`gongwen kwic`).

use super::super::block::{col, cols, Cell, Fields, Table, Views};
use crate::measure::kwic::KwicRow;
use crate::measure::terms::TermRow;
use std::collections::{BTreeMap, BTreeSet};

/// The fields of `terms --json`, in contract order.
pub const TERMS_COLUMNS: [&str; 10] = [
    "locality",
    "year",
    "category",
    "term",
    "hits",
    "docs",
    "words",
    "han_chars",
    "share_of_words",
    "per_10k_chars",
];

/// One row per group, category and term (a category's total with `term`
/// null): `gongwen terms`. `by_doc`: the groups are documents, and the
/// rows start with `doc_id`.
pub fn terms(rows: &[TermRow], by_doc: bool) -> Table {
    let text = |s: &str| Cell::Text(s.to_string());
    let fields = Fields::<TermRow>::new()
        .field("doc_id", |r| Cell::opt(&r.doc_id))
        .field("locality", |r| Cell::opt(&r.locality))
        .field("year", |r| Cell::int(r.year))
        .field("category", move |r| text(&r.category))
        .field("term", |r| Cell::opt(&r.term))
        .field("term or total", |r| {
            Cell::Text(r.term.clone().unwrap_or_else(|| "(all)".into()))
        })
        .field("hits", |r| Cell::int(Some(r.hits)))
        .field("docs", |r| Cell::int(Some(r.docs)))
        .field("words", |r| Cell::int(Some(r.words)))
        .field("han_chars", |r| Cell::int(Some(r.han_chars)))
        .field("share_of_words", |r| Cell::num(r.share_of_words()))
        .field("per_10k_chars", |r| Cell::num(r.per_10k_chars()))
        .field("% of words", |r| fixed(r.share_of_words(), 3))
        .field("per 10k chars", |r| fixed(r.per_10k_chars(), 2));
    let mut data = cols(&TERMS_COLUMNS);
    let mut people = vec![
        col("locality"),
        col("year"),
        col("category"),
        col("term or total").header("term"),
        col("hits").right(),
        col("docs").right(),
        col("% of words").right(),
        col("per 10k chars").right(),
    ];
    if by_doc {
        data.insert(0, col("doc_id"));
        people.insert(0, col("doc_id"));
    }
    let views = Views {
        data,
        terminal: people.clone(),
        markdown: people.clone(),
        html: people,
    };
    Table::build("terms", rows, fields, views)
}

fn fixed(v: Option<f64>, decimals: usize) -> Cell {
    v.map_or(Cell::Null, |v| Cell::Fixed(v, decimals))
}

/// A group of the wide table: document (when by document), locality, year.
type Group = (Option<String>, Option<String>, Option<i32>);

/// One row of the wide table: a group and its categories' total rows.
pub struct WideTerms<'a> {
    pub group: Group,
    /// Per category of `categories`, its total row (None: no documents).
    pub totals: Vec<Option<&'a TermRow>>,
}

impl WideTerms<'_> {
    /// A total row of the group (each has the group's words and characters).
    fn first(&self) -> Option<&TermRow> {
        self.totals.iter().flatten().next().copied()
    }
}

/// The categories of `rows`, in their order.
pub fn categories_of(rows: &[TermRow]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for r in rows {
        if !out.contains(&r.category.as_str()) {
            out.push(&r.category);
        }
    }
    out
}

/// The wide rows: by locality and year, every locality with every year
/// (a locality and year without documents has its row, all null: NA for
/// Stata and R, never 0); by document, one row each.
pub fn wide_terms<'a>(rows: &'a [TermRow], categories: &[&str]) -> Vec<WideTerms<'a>> {
    let mut keyed: BTreeMap<Group, Vec<Option<&TermRow>>> = BTreeMap::new();
    let by_doc = rows.iter().any(|r| r.doc_id.is_some());
    let mut order: Vec<Group> = Vec::new();
    for r in rows.iter().filter(|r| r.term.is_none()) {
        let key = (r.doc_id.clone(), r.locality.clone(), r.year);
        let cells = keyed.entry(key.clone()).or_insert_with(|| {
            order.push(key);
            vec![None; categories.len()]
        });
        if let Some(i) = categories.iter().position(|c| *c == r.category) {
            cells[i] = Some(r);
        }
    }
    if by_doc {
        return order
            .into_iter()
            .map(|g| WideTerms {
                totals: keyed.remove(&g).unwrap_or_default(),
                group: g,
            })
            .collect();
    }
    let localities: BTreeSet<Option<String>> = keyed.keys().map(|k| k.1.clone()).collect();
    let years: BTreeSet<Option<i32>> = keyed.keys().map(|k| k.2).collect();
    let mut out = Vec::new();
    for l in &localities {
        for y in &years {
            let group = (None, l.clone(), *y);
            let totals = keyed
                .remove(&group)
                .unwrap_or_else(|| vec![None; categories.len()]);
            out.push(WideTerms { group, totals });
        }
    }
    out
}

/// One row per locality and year (or document) and, per category, its
/// hits and both measures: `gongwen terms --wide`, a balanced panel.
pub fn terms_wide(rows: &[TermRow]) -> Table {
    let categories = categories_of(rows);
    let wide = wide_terms(rows, &categories);
    let by_doc = rows.iter().any(|r| r.doc_id.is_some());
    let fields = Fields::<WideTerms>::new()
        .field("doc_id", |w| Cell::opt(&w.group.0))
        .field("locality", |w| Cell::opt(&w.group.1))
        .field("year", |w| Cell::int(w.group.2))
        .field("words", |w| Cell::int(w.first().map(|r| r.words)))
        .field("han_chars", |w| Cell::int(w.first().map(|r| r.han_chars)));
    let names: Vec<String> = ["doc_id", "locality", "year", "words", "han_chars"]
        .iter()
        .skip(usize::from(!by_doc))
        .map(|s| s.to_string())
        .collect();
    type Get = fn(&TermRow) -> Cell;
    let parts: [(&str, Get); 3] = [
        ("hits", |r| Cell::int(Some(r.hits))),
        ("share_of_words", |r| Cell::num(r.share_of_words())),
        ("per_10k_chars", |r| Cell::num(r.per_10k_chars())),
    ];
    fn of<'w>(w: &'w WideTerms, i: usize) -> Option<&'w TermRow> {
        w.totals.get(i).copied().flatten()
    }
    super::wide_table(
        "terms_wide",
        &wide,
        (fields, names),
        (&categories, &parts),
        of,
    )
}

/// The fields of `kwic --json`, in contract order.
pub const KWIC_COLUMNS: [&str; 9] = [
    "doc_id", "title", "locality", "year", "start", "end", "left", "match", "right",
];

/// Keyword in context, one row per occurrence: `gongwen kwic`.
pub fn kwic(rows: &[KwicRow]) -> Table {
    let text = |s: &str| Cell::Text(s.to_string());
    // Line breaks in the context would break the terminal's and CSV's rows
    // for people; the data keeps them.
    let flat = |s: &str| Cell::Text(s.replace(['\n', '\r'], " "));
    let fields = Fields::<KwicRow>::new()
        .field("doc_id", move |r| text(&r.doc_id))
        .field("title", |r| Cell::opt(&r.title))
        .field("locality", |r| Cell::opt(&r.locality))
        .field("year", |r| Cell::int(r.year))
        .field("start", |r| Cell::int(Some(r.start)))
        .field("end", |r| Cell::int(Some(r.end)))
        .field("left", move |r| text(&r.left))
        .field("match", move |r| text(&r.matched))
        .field("right", move |r| text(&r.right))
        .field("left ", move |r| flat(&r.left))
        .field("right ", move |r| flat(&r.right));
    let people = vec![
        col("locality"),
        col("year"),
        col("left ").header("left").right(),
        col("match"),
        col("right ").header("right"),
        col("doc_id"),
    ];
    let views = Views {
        data: cols(&KWIC_COLUMNS),
        terminal: people.clone(),
        markdown: people.clone(),
        html: people,
    };
    Table::build("kwic", rows, fields, views)
}
