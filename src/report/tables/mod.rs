//! The store's tables as reports and commands show them, each defined once:
//! its fields and the columns each audience sees. `gongwen docs`,
//! `documents.csv`, `documents.md` and the page's documents all print
//! [`documents`]; the printers in [`super::print`] set the cells.

mod reuse;
mod terms;

pub use reuse::{reuse, REUSE_COLUMNS};

pub use terms::{
    categories_of, kwic, terms, terms_wide, wide_terms, WideTerms, KWIC_COLUMNS, TERMS_COLUMNS,
};

use super::block::{col, cols, Cell, Fields, Table, Views};
use super::compare::{CompareRow, Comparison, WideRow};
use super::format::{self, metric_label};
use super::panel::{self, PanelRow};
use crate::frames::{DocRow, DuplicateRow, IndicatorRow, INDICATOR_COLUMNS};

/// The columns of `documents.csv` and `gongwen docs --json`.
pub const DOCUMENT_COLUMNS: [&str; 8] = [
    "doc_id",
    "title",
    "source",
    "ordinal",
    "locality",
    "year",
    "chars",
    "locality_source",
];

/// The columns of `compare.csv` and `gongwen compare --json`: the JSON
/// contract's, then where the figure comes from.
pub const COMPARE_COLUMNS: [&str; 24] = [
    "locality",
    "metric",
    "year",
    "status",
    "value",
    "unit",
    "normalized_value",
    "growth",
    "growth_unit",
    "doc_id",
    "text",
    "normalized_unit",
    "value_high",
    "modifier",
    "growth_high",
    "growth_modifier",
    "growth_text",
    "growth_doc_id",
    "title",
    "source",
    "sentence",
    "growth_sentence",
    "value_candidates",
    "growth_candidates",
];

/// The documents of a store.
pub fn documents(docs: &[DocRow]) -> Table {
    let fields = Fields::<DocRow>::new()
        .field("doc_id", |d| Cell::Text(d.doc_id.clone()))
        .field("title", |d| Cell::opt(&d.title))
        .field("source", |d| Cell::Text(d.source.clone()))
        .field("ordinal", |d| Cell::int(Some(d.ordinal)))
        .field("locality", |d| Cell::opt(&d.locality))
        .field("year", |d| Cell::int(d.year))
        .field("chars", |d| Cell::int(Some(d.chars)))
        .field("locality_source", |d| {
            Cell::opt(&d.locality_source.map(|s| s.as_str().to_string()))
        })
        .row_number("#")
        .field("at", |d| Cell::Text(format!("{}#{}", d.source, d.ordinal)))
        .field("id", |d| Cell::Code(d.doc_id.clone()))
        .field("titled", |d| Cell::Doc {
            id: d.doc_id.clone(),
            title: Some(d.title.as_deref().unwrap_or("(untitled)").to_string()),
        });
    let at = || col("at").header("source");
    let views = Views {
        data: cols(&DOCUMENT_COLUMNS),
        terminal: vec![
            col("doc_id"),
            col("title").clip(40),
            col("locality"),
            col("year"),
            col("chars"),
            at(),
        ],
        markdown: vec![
            col("#"),
            col("title"),
            col("locality"),
            col("year"),
            col("chars"),
            at(),
            col("id").header("doc_id"),
        ],
        html: vec![
            col("#").right(),
            col("titled").header("title"),
            col("locality"),
            col("year"),
            col("chars").right(),
            at(),
        ],
    };
    Table::build("documents", docs, fields, views)
}

/// The indicators: `gongwen indicators` and `indicators.csv`.
pub fn indicators(rows: &[IndicatorRow]) -> Table {
    let fields = Fields::<IndicatorRow>::new()
        .field("doc_id", |r| Cell::Text(r.doc_id.to_string()))
        .field("title", |r| Cell::opt(&r.title))
        .field("source", |r| Cell::Text(r.source.to_string()))
        .field("locality", |r| Cell::opt(&r.locality))
        .field("year", |r| Cell::int(r.year))
        .field("kind", |r| Cell::Text(r.kind.to_string()))
        .field("metric", |r| Cell::opt(&r.metric))
        .field("subject", |r| Cell::opt(&r.subject))
        .field("value", |r| Cell::num(r.value))
        .field("value_high", |r| Cell::num(r.value_high))
        .field("unit", |r| Cell::opt(&r.unit))
        .field("normalized_value", |r| Cell::num(r.normalized_value))
        .field("normalized_unit", |r| Cell::opt(&r.normalized_unit))
        .field("modifier", |r| Cell::opt(&r.modifier))
        .field("status", |r| Cell::Text(r.status.to_string()))
        .field("direction", |r| Cell::opt(&r.direction))
        .field("basis", |r| Cell::opt(&r.basis))
        .field("text", |r| Cell::Text(r.text.clone()))
        .field("start", |r| Cell::int(Some(r.start)))
        .field("end", |r| Cell::int(Some(r.end)))
        .field("sentence", |r| Cell::Text(r.sentence.to_string()))
        .field("char_start", |r| Cell::int(Some(r.char_start)))
        .field("char_end", |r| Cell::int(Some(r.char_end)))
        .field("period", |r| Cell::Text(r.period.as_str().to_string()))
        .field("period_start", |r| Cell::int(r.period_start))
        .field("period_end", |r| Cell::int(r.period_end));
    // People read the figure in base units.
    let views = Views {
        data: cols(&INDICATOR_COLUMNS),
        terminal: vec![
            col("locality"),
            col("year"),
            col("kind"),
            col("metric"),
            col("text").clip(24),
            col("normalized_value").header("value"),
            col("normalized_unit").header("unit"),
            col("status"),
            col("modifier"),
            col("title").clip(20),
        ],
        ..Views::default()
    };
    Table::build("indicators", rows, fields, views)
}

/// Near-duplicate pairs: `gongwen dedup`, `duplicates.md` and the page.
pub fn duplicates(pairs: &[DuplicateRow]) -> Table {
    let doc = |id: &str, title: &Option<String>| Cell::Doc {
        id: id.to_string(),
        title: title.clone(),
    };
    let fields = Fields::<DuplicateRow>::new()
        .field("cluster", |p| Cell::int(Some(p.cluster)))
        .field("doc_a", |p| Cell::Text(p.doc_a.clone()))
        .field("doc_b", |p| Cell::Text(p.doc_b.clone()))
        .field("title_a", |p| Cell::opt(&p.title_a))
        .field("title_b", |p| Cell::opt(&p.title_b))
        .field("jaccard", |p| Cell::Fixed(p.jaccard, 3))
        .field("containment", |p| Cell::Fixed(p.containment, 3))
        .field("document A", move |p| doc(&p.doc_a, &p.title_a))
        .field("document B", move |p| doc(&p.doc_b, &p.title_b));
    let page = vec![
        col("cluster"),
        col("document A"),
        col("document B"),
        col("jaccard").right(),
        col("containment").right(),
    ];
    let views = Views {
        data: cols(&[
            "cluster",
            "doc_a",
            "doc_b",
            "title_a",
            "title_b",
            "jaccard",
            "containment",
        ]),
        // The terminal leads with containment: the measure pairs are kept by.
        terminal: vec![
            col("cluster"),
            col("containment"),
            col("jaccard"),
            col("document A").header("doc_a").clip(30),
            col("document B").header("doc_b").clip(30),
        ],
        markdown: page.clone(),
        html: page,
    };
    Table::build("duplicates", pairs, fields, views)
}

/// A comparison, one row per locality and metric: `gongwen compare`,
/// `compare.csv` and the figures of `compare.md`.
pub fn comparison(c: &Comparison) -> Table {
    let fields = comparison_fields()
        .field("value as written", |r| Cell::Text(format::value(r)))
        .field("growth as written", |r| Cell::Text(format::growth(r)))
        .field("candidates", |r| Cell::Text(format::candidates(r)))
        .field("provenance", |r| Cell::Text(format::provenance(r)));
    let figures = || {
        vec![
            col("value as written").header("value"),
            col("growth as written").header("growth"),
            col("candidates"),
        ]
    };
    // The terminal names the source document, Markdown quotes the sentence.
    let views = Views {
        data: cols(&COMPARE_COLUMNS),
        terminal: [
            cols(&["locality", "year", "metric"]),
            figures(),
            vec![col("title").header("source").clip(24)],
        ]
        .concat(),
        markdown: [
            cols(&["locality", "metric", "year"]),
            figures(),
            vec![col("provenance").header("source")],
        ]
        .concat(),
        ..Views::default()
    };
    Table::build("comparison", &c.rows, fields, views)
}

/// Every statement each cell of a comparison was chosen from
/// (`compare --candidates`): the cell, which figure it took (`value`,
/// `growth` or empty), and the statement as `indicators` gives it; and for
/// a cell left empty, what the locality states instead (`instead`: a part
/// of the metric, or the metric over another period).
pub fn candidates(c: &Comparison) -> Table {
    let rows = candidate_rows(c);
    let text = |s: &str| Cell::Text(s.to_string());
    let fields = Fields::<Candidate>::new()
        .field("locality", move |r| text(r.locality))
        .field("metric", move |r| text(r.metric))
        .field("year", |r| Cell::int(r.statement.year))
        .field("status", move |r| text(r.statement.status.as_str()))
        .field("chosen", move |r| text(r.chosen))
        .field("kind", move |r| text(r.statement.kind.as_str()))
        .field("statement_metric", |r| Cell::opt(&r.statement.metric))
        .field("value", |r| Cell::num(r.statement.value))
        .field("value_high", |r| Cell::num(r.statement.value_high))
        .field("unit", |r| Cell::opt(&r.statement.unit))
        .field("modifier", |r| Cell::opt(&r.statement.modifier))
        .field("period", move |r| text(r.statement.period.as_str()))
        .field("text", move |r| text(&r.statement.text))
        .field("doc_id", move |r| text(&r.statement.doc_id))
        .field("start", |r| Cell::int(Some(r.statement.start)))
        .field("sentence", move |r| text(&r.statement.sentence));
    let names = [
        "locality",
        "metric",
        "year",
        "status",
        "chosen",
        "kind",
        "statement_metric",
        "value",
        "value_high",
        "unit",
        "modifier",
        "period",
        "text",
        "doc_id",
        "start",
        "sentence",
    ];
    let views = Views {
        data: cols(&names),
        terminal: [
            cols(&["locality", "metric", "chosen"]),
            vec![col("statement_metric").header("found"), col("text")],
            vec![col("sentence").clip(40)],
        ]
        .concat(),
        markdown: cols(&["locality", "metric", "chosen", "text", "sentence"]),
        html: cols(&["locality", "metric", "chosen", "text", "sentence"]),
    };
    Table::build("candidates", &rows, fields, views)
}

/// The rows of [`candidates`], by locality in row order, then status,
/// then metric column (each cell's statements in document order).
fn candidate_rows(c: &Comparison) -> Vec<Candidate<'_>> {
    let mut rows: Vec<Candidate> = c
        .rows
        .iter()
        .flat_map(|r| {
            r.candidates.iter().map(move |s| {
                let same = |chosen: &Option<IndicatorRow>| {
                    chosen
                        .as_ref()
                        .is_some_and(|x| x.doc_id == s.doc_id && x.start == s.start)
                };
                let chosen = if same(&r.value_from) {
                    "value"
                } else if same(&r.growth_from) {
                    "growth"
                } else {
                    ""
                };
                Candidate {
                    locality: &r.locality,
                    metric: &r.metric,
                    chosen,
                    statement: s,
                }
            })
        })
        .collect();
    rows.extend(c.missing.iter().flat_map(|m| {
        m.candidates.iter().map(|s| Candidate {
            locality: &m.locality,
            metric: &m.metric,
            chosen: "instead",
            statement: s,
        })
    }));
    // By locality in row order, then metric column (stable: document order).
    let localities = c.localities();
    // Localities that fill no cell last.
    let at = |l: &str| {
        localities
            .iter()
            .position(|x| *x == l)
            .unwrap_or(usize::MAX)
    };
    let status = |s| c.statuses.iter().position(|x| *x == s);
    let column = |m: &str| c.metrics.iter().position(|x| x == m);
    rows.sort_by_key(|r| {
        let l = r.locality;
        (at(l), l, status(r.statement.status), column(r.metric))
    });
    rows
}

/// One statement a comparison cell was chosen from, or found instead.
struct Candidate<'a> {
    locality: &'a str,
    metric: &'a str,
    chosen: &'static str,
    statement: &'a IndicatorRow,
}

/// The fields of a comparison row, in contract order: read from the row,
/// from the statement of its value or its growth, or from the main one
/// (the value's, else the growth's).
fn comparison_fields<'a>() -> Fields<'a, CompareRow> {
    let text = |s: &str| Cell::Text(s.to_string());
    Fields::<CompareRow>::new()
        .field("locality", move |r| text(&r.locality))
        .field("metric", move |r| text(&r.metric))
        .field("year", |r| Cell::int(r.year()))
        .field("status", move |r| text(r.status.as_str()))
        .field("value", |r| Cell::num(r.value()))
        .field("unit", |r| of(&r.value_from, |v| Cell::opt(&v.unit)))
        .field("normalized_value", |r| Cell::num(r.normalized_value()))
        .field("growth", |r| Cell::num(r.growth()))
        .field("growth_unit", |r| {
            of(&r.growth_from, |g| Cell::opt(&g.unit))
        })
        .field("doc_id", move |r| of_main(r, |m| text(&m.doc_id)))
        .field("text", move |r| of_main(r, |m| text(&m.text)))
        .field("normalized_unit", |r| {
            of(&r.value_from, |v| Cell::opt(&v.normalized_unit))
        })
        .field("value_high", |r| {
            of(&r.value_from, |v| Cell::num(v.value_high))
        })
        .field("modifier", |r| Cell::opt(&r.modifier()))
        .field("growth_high", |r| {
            of(&r.growth_from, |g| Cell::num(g.value_high))
        })
        .field("growth_modifier", |r| Cell::opt(&r.growth_modifier()))
        .field("growth_text", move |r| {
            of(&r.growth_from, |g| text(&g.text))
        })
        .field("growth_doc_id", move |r| {
            of(&r.growth_from, |g| text(&g.doc_id))
        })
        .field("title", |r| of_main(r, |m| Cell::opt(&m.title)))
        .field("source", move |r| of_main(r, |m| text(&m.source)))
        .field("sentence", move |r| of_main(r, |m| text(&m.sentence)))
        .field("growth_sentence", move |r| {
            of(&r.growth_from, |g| text(&g.sentence))
        })
        .field("value_candidates", |r| Cell::int(Some(r.value_candidates)))
        .field("growth_candidates", |r| {
            Cell::int(Some(r.growth_candidates))
        })
}

/// The columns of `gongwen panel --json/--csv` and `panel.csv`: the
/// contract's, then the sentences the figures are read from.
pub const PANEL_COLUMNS: [&str; 15] = [
    "locality",
    "metric",
    "year",
    "target",
    "target_high",
    "target_modifier",
    "target_text",
    "target_doc_id",
    "actual",
    "actual_text",
    "actual_doc_id",
    "gap",
    "met",
    "target_sentence",
    "actual_sentence",
];

/// Targets and outcomes, one row per locality, metric and year: `gongwen
/// panel` and `panel.csv`, and the report's panel table.
pub fn panel(rows: &[PanelRow]) -> Table {
    let text = |s: &str| Cell::Text(s.to_string());
    // A figure as written, with its sentence and document as tooltip.
    let written = |s: &Option<IndicatorRow>| {
        s.as_ref().map_or(Cell::Null, |r| Cell::Figure {
            value: r.text.clone(),
            growth: String::new(),
            falls: false,
            source: format!("{} — {}", r.sentence, r.title.as_deref().unwrap_or("")),
        })
    };
    let fields = Fields::<PanelRow>::new()
        .field("locality", move |r| text(r.locality()))
        .field("metric", move |r| text(&r.metric))
        .field("year", |r| Cell::int(Some(r.year())))
        .field("target", |r| Cell::num(r.target()))
        .field("target_high", |r| Cell::num(r.target_high()))
        .field("target_modifier", |r| Cell::opt(&r.target_modifier()))
        .field("target_text", |r| {
            of(&r.target, |t| Cell::Text(t.text.clone()))
        })
        .field("target_doc_id", |r| {
            of(&r.target, |t| Cell::Text(t.doc_id.to_string()))
        })
        .field("actual", |r| Cell::num(r.actual()))
        .field("actual_text", |r| {
            of(&r.actual, |t| Cell::Text(t.text.clone()))
        })
        .field("actual_doc_id", |r| {
            of(&r.actual, |t| Cell::Text(t.doc_id.to_string()))
        })
        .field("gap", |r| Cell::num(r.gap()))
        .field("met", |r| Cell::bool(r.met()))
        .field("target_sentence", |r| {
            of(&r.target, |t| Cell::Text(t.sentence.to_string()))
        })
        .field("actual_sentence", |r| {
            of(&r.actual, |t| Cell::Text(t.sentence.to_string()))
        })
        .field("target as written", move |r| written(&r.target))
        .field("actual as written", move |r| written(&r.actual));
    let people = || {
        vec![
            col("locality"),
            col("metric"),
            col("year"),
            col("target as written").header("target"),
            col("actual as written").header("actual"),
            col("gap").right(),
            col("met"),
        ]
    };
    let views = Views {
        data: cols(&PANEL_COLUMNS),
        terminal: people(),
        markdown: people(),
        html: people(),
    };
    Table::build("panel", rows, fields, views)
}

/// The panel with one row per locality and year and, per metric, its
/// target (and high end and modifier), outcome, gap and verdict: `gongwen
/// panel --wide`, for Stata's and R's panel commands.
pub fn panel_wide(rows: &[PanelRow]) -> Table {
    let metrics = panel::metrics_of(rows);
    let wide = panel::wide(rows, &metrics);
    let fields = Fields::<panel::WideRow>::new()
        .field("locality", |w| Cell::Text(w.locality.to_string()))
        .field("year", |w| Cell::int(Some(w.year)));
    let names = vec!["locality".to_string(), "year".to_string()];
    type Get = fn(&PanelRow) -> Cell;
    let parts: [(&str, Get); 6] = [
        ("target", |r| Cell::num(r.target())),
        ("target_high", |r| Cell::num(r.target_high())),
        ("target_modifier", |r| Cell::opt(&r.target_modifier())),
        ("actual", |r| Cell::num(r.actual())),
        ("gap", |r| Cell::num(r.gap())),
        ("met", |r| Cell::bool(r.met())),
    ];
    fn of<'w>(w: &'w panel::WideRow, i: usize) -> Option<&'w PanelRow> {
        w.cells.get(i).copied().flatten()
    }
    wide_table("panel_wide", &wide, (fields, names), (&metrics, &parts), of)
}

/// A column part of a wide table: its name's suffix and its cell.
pub(super) type WidePart<R> = (&'static str, fn(&R) -> Cell);

/// A wide table: the rows' own fields (and their names), then per group of
/// `groups` and part of `parts` a column `GROUP_PART` of the group's row
/// (`of(row, group index)`, empty where there is none); every view shows
/// every column.
pub(super) fn wide_table<'a, W, R>(
    class: &str,
    rows: &'a [W],
    (mut fields, mut names): (Fields<'a, W>, Vec<String>),
    (groups, parts): (&[&str], &[WidePart<R>]),
    of: for<'w> fn(&'w W, usize) -> Option<&'w R>,
) -> Table {
    for (i, g) in groups.iter().enumerate() {
        for &(part, get) in parts {
            let name = format!("{g}_{part}");
            fields = fields.field(name.clone(), move |w: &W| of(w, i).map_or(Cell::Null, get));
            names.push(name);
        }
    }
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let views = Views {
        data: cols(&names),
        terminal: cols(&names),
        markdown: cols(&names),
        html: cols(&names),
    };
    Table::build(class, rows, fields, views)
}

/// A cell of `statement`, or [`Cell::Null`] when there is none.
fn of(statement: &Option<IndicatorRow>, cell: impl Fn(&IndicatorRow) -> Cell) -> Cell {
    statement.as_ref().map_or(Cell::Null, cell)
}

/// A cell of the row's main statement.
fn of_main(r: &CompareRow, cell: impl Fn(&IndicatorRow) -> Cell) -> Cell {
    r.main().map_or(Cell::Null, cell)
}

/// A comparison, one row per locality and a column per metric: `gongwen
/// compare --wide`, `compare_wide.csv` and the tables of `compare.md` and
/// the page. `class` names it on the page.
pub fn wide(c: &Comparison, class: &str) -> Table {
    let rows = c.wide();
    let mut fields = Fields::<WideRow>::new()
        .field("locality", |w| Cell::Text(w.locality.to_string()))
        .field("year", |w| {
            Cell::int(w.cells.iter().flatten().find_map(|r| r.year()))
        })
        .field("status", |w| Cell::Text(w.status.as_str().to_string()));
    // Programs always get the status; people see it when there are several.
    let several = c.statuses.len() > 1;
    let shown: &[&str] = if several {
        &["locality", "year", "status"]
    } else {
        &["locality", "year"]
    };
    let mut views = Views {
        data: cols(&["locality", "year", "status"]),
        terminal: cols(shown),
        markdown: cols(shown),
        html: cols(if several {
            &["locality", "status"]
        } else {
            &["locality"]
        }),
    };
    for (i, m) in c.metrics.iter().enumerate() {
        fields = fields.extend(metric_fields(i, m));
        let figure = format!("figure:{m}");
        views.data.extend(cols(&[
            m,
            &format!("{m}_unit"),
            &format!("{m}_growth"),
            &format!("{m}_growth_unit"),
            &format!("{m}_high"),
            &format!("{m}_modifier"),
            &format!("{m}_normalized"),
            &format!("{m}_normalized_unit"),
            &format!("{m}_growth_high"),
            &format!("{m}_growth_modifier"),
        ]));
        views.terminal.push(col(&figure).header(m.as_str()));
        views.markdown.push(col(&figure).header(metric_label(m)));
        views
            .html
            .push(col(&figure).header(metric_label(m)).right());
    }
    let mut t = Table::build(class, &rows, fields, views);
    t.row_headers = true;
    t.sorted_keys = true;
    t
}

/// The fields of metric column `i` (id `m`): value, unit, growth and growth
/// unit for programs; the high end and modifier of each (a range, 左右,
/// 以上) and the value in base units (so that a column has one unit); and
/// the figure as people read it.
fn metric_fields<'a, 'c>(i: usize, m: &str) -> Fields<'a, WideRow<'c>> {
    let num = move |get: fn(&CompareRow) -> Option<f64>| {
        move |w: &WideRow| Cell::num(at(w, i).and_then(get))
    };
    // A cell read from the statement of the value, or of the growth.
    let value = move |cell| statement(i, |r| &r.value_from, cell);
    let growth = move |cell| statement(i, |r| &r.growth_from, cell);
    let (unit, high, modifier): (CellOf, CellOf, CellOf) = (
        |s| Cell::opt(&s.unit),
        |s| Cell::num(s.value_high),
        |s| Cell::opt(&s.modifier),
    );
    Fields::<WideRow>::new()
        .field(m, num(CompareRow::value))
        .field(format!("{m}_unit"), value(unit))
        .field(format!("{m}_growth"), num(CompareRow::growth))
        .field(format!("{m}_growth_unit"), growth(unit))
        .field(format!("{m}_high"), value(high))
        .field(format!("{m}_modifier"), value(modifier))
        .field(format!("{m}_normalized"), num(CompareRow::normalized_value))
        .field(
            format!("{m}_normalized_unit"),
            value(|s| Cell::opt(&s.normalized_unit)),
        )
        .field(format!("{m}_growth_high"), growth(high))
        .field(format!("{m}_growth_modifier"), growth(modifier))
        .field(format!("figure:{m}"), move |w| {
            at(w, i).map_or(Cell::Empty, figure)
        })
}

/// How a cell is read from a statement.
type CellOf = fn(&IndicatorRow) -> Cell;

/// A cell of metric column `i` read from the statement `which` picks.
fn statement(
    i: usize,
    which: fn(&CompareRow) -> &Option<IndicatorRow>,
    cell: CellOf,
) -> impl for<'w, 'x> Fn(&'w WideRow<'x>) -> Cell {
    move |w: &WideRow| {
        at(w, i)
            .and_then(|r| which(r).as_ref())
            .map_or(Cell::Empty, cell)
    }
}

/// The row of metric column `i`, if the locality states it.
fn at<'a>(w: &WideRow<'a>, i: usize) -> Option<&'a CompareRow> {
    w.cells.get(i).copied().flatten()
}

/// A figure as people read it, with its source and candidates for a tooltip.
fn figure(r: &CompareRow) -> Cell {
    let candidates = format::candidates(r);
    let candidates = if candidates.is_empty() {
        String::new()
    } else {
        format!(" [{candidates}]")
    };
    Cell::Figure {
        value: format::value(r),
        growth: format::growth(r),
        falls: r.growth().is_some_and(|g| g < 0.0),
        source: format!("{}{candidates}", format::provenance(r)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::block::View;
    use crate::report::fixtures::heshan_doc;
    use crate::report::print::{csv, html, json, markdown, terminal};

    fn headers(t: &Table, view: View) -> Vec<&str> {
        t.columns(view).iter().map(|c| c.header.as_str()).collect()
    }

    /// The seed's second article and a document without title or locality.
    fn docs() -> Vec<DocRow> {
        let untitled = DocRow {
            doc_id: "0a1b2c3d4e5f6071".into(),
            source: "notes|2025.txt".into(),
            ordinal: 1,
            title: None,
            locality: None,
            year: Some(2025),
            chars: 12,
            locality_source: None,
            text: None,
        };
        vec![heshan_doc(), untitled]
    }

    #[test]
    fn every_view_names_only_fields_the_table_has() {
        let t = documents(&docs());
        assert_eq!(headers(&t, View::Data), DOCUMENT_COLUMNS);
        let people = ["title", "locality", "year", "chars", "source"];
        assert_eq!(headers(&t, View::Terminal)[1..], people);
        assert_eq!(headers(&t, View::Markdown)[1..6], people);
        assert_eq!(headers(&t, View::Html)[1..], people);
        let t = indicators(&[]);
        assert_eq!(headers(&t, View::Data), INDICATOR_COLUMNS);
        assert_eq!(headers(&t, View::Terminal).len(), 10);
        let t = duplicates(&[]);
        assert_eq!(headers(&t, View::Terminal).len(), 5);
        assert_eq!(headers(&t, View::Markdown).len(), 5);
        assert_eq!(headers(&comparison_of(&[]), View::Data), COMPARE_COLUMNS);
    }

    fn comparison_of(rows: &[CompareRow]) -> Table {
        comparison(&Comparison {
            metrics: vec!["gdp".into()],
            statuses: vec![crate::extract::Status::Actual],
            rows: rows.to_vec(),
            missing: Vec::new(),
        })
    }

    #[test]
    fn one_documents_table_reads_right_in_every_format() {
        let t = documents(&docs());
        assert_eq!(
            terminal::table(&t),
            "doc_id            title                               locality  year  chars  source\n\
             62fd8de0a5bc173a  构建学习创新型领导班子的实践与体会  合山市    -     5583   000_bd451ebd6a3dbfe1.txt#2\n\
             0a1b2c3d4e5f6071  -                                   -         2025  12     notes|2025.txt#1\n"
        );
        let md = markdown::table(&t);
        assert!(md.contains("| 2 | - | - | 2025 | 12 | notes\\|2025.txt#1 | `0a1b2c3d4e5f6071` |"));
        let page = html::table(&t);
        assert!(page.contains("<td title=\"0a1b2c3d4e5f6071\">(untitled)</td>"));
        assert!(page.contains("<td class=\"num\">5583</td>"));
        assert_eq!(
            csv::table(&t).lines().nth(2),
            Some("0a1b2c3d4e5f6071,,notes|2025.txt,1,,2025,12,")
        );
        let line = json::table(&t).lines().next().unwrap_or("").to_string();
        assert_eq!(
            line,
            "{\"doc_id\":\"62fd8de0a5bc173a\",\"title\":\"构建学习创新型领导班子的实践与体会\",\
             \"source\":\"000_bd451ebd6a3dbfe1.txt\",\"ordinal\":2,\"locality\":\"合山市\",\
             \"year\":null,\"chars\":5583,\"locality_source\":\"mentions\"}"
        );
    }

    #[test]
    fn duplicates_show_ratios_to_people_and_raw_numbers_to_programs() {
        let pair = DuplicateRow {
            cluster: 0,
            doc_a: "e368cc45cd252ca6".into(),
            doc_b: "62fd8de0a5bc173a".into(),
            title_a: Some("构建学习创新型领导班子的实践与体会".into()),
            title_b: None,
            jaccard: 0.548244645617134,
            containment: 0.9853174603174604,
        };
        let t = duplicates(std::slice::from_ref(&pair));
        let term = terminal::table(&t);
        assert!(
            term.contains("0.985        0.548    e368cc45cd252ca6 构建学习创新型领导班子的实践…")
        );
        assert!(term.ends_with("62fd8de0a5bc173a -\n"));
        assert!(markdown::table(&t).contains("| 构建学习创新型领导班子的实践与体会 (`e368cc45cd252ca6`) | - (`62fd8de0a5bc173a`) | 0.548 | 0.985 |"));
        assert!(json::table(&t).contains("\"title_b\":null,\"jaccard\":0.548244645617134,"));
    }
}
