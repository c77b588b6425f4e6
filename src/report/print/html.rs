//! HTML: one self-contained page (inline CSS and SVG, no scripts, nothing
//! fetched) of sections, each a list of blocks.

use super::inline;
use crate::report::block::{
    Block, Cell, Chart, Column, Item, LineChart, PanelChart, Span, Table, View,
};
use crate::report::format::html;
use crate::report::svg;
use std::fmt::Write as _;

/// A page: its title, a summary line under it, and its sections.
pub struct Page {
    pub title: String,
    pub summary: String,
    pub sections: Vec<PageSection>,
}

/// A section of the page: its anchor, heading and blocks.
pub struct PageSection {
    pub id: &'static str,
    pub heading: &'static str,
    pub blocks: Vec<Block>,
}

/// The page's style sheet (also the start of `gongwen serve`'s).
pub const STYLE: &str = "body{font-family:'Noto Sans CJK SC','WenQuanYi Micro Hei','Microsoft YaHei',sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}
h1{margin-bottom:.2em}.summary{color:#555}nav a{margin-right:1em}
table{border-collapse:collapse;margin:1em 0;font-size:14px}th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f0f3f7}td.num{text-align:right;white-space:nowrap}td .g{color:#2a6f2a;display:block}td .neg{color:#b5523b}
svg.chart text{font-size:12px;font-family:inherit}svg.chart rect.bar{fill:#3b6ea5}svg.chart rect.neg{fill:#b5523b}svg.chart .axis{stroke:#888}.panels{display:flex;flex-wrap:wrap;gap:0 1em}.panels figure{margin:.5em 0}svg.band text{font-size:10px}svg.band .axis{stroke:#888}svg.band rect.target{fill:#e3b23c;opacity:.7}svg.band circle.actual{fill:#3b6ea5}svg.lines text{font-size:10px}svg.lines .axis{stroke:#888}svg.lines polyline{fill:none;stroke-width:1.5}
figure{margin:1.5em 0}figcaption{font-weight:bold;margin-bottom:.3em}li{margin:.2em 0}.note{color:#666;font-size:13px}";

/// The whole page.
pub fn page(p: &Page) -> String {
    let title = html(&p.title);
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n"
    );
    let _ = write!(
        s,
        "<h1>{title}</h1>\n<p class=\"summary\">{}</p>\n<nav>",
        html(&p.summary)
    );
    for sec in &p.sections {
        let _ = write!(s, "<a href=\"#{}\">{}</a>", sec.id, html(sec.heading));
    }
    s.push_str("</nav>\n");
    for sec in &p.sections {
        let _ = writeln!(s, "<section id=\"{}\">", sec.id);
        block(&mut s, &Block::heading(1, sec.heading));
        sec.blocks.iter().for_each(|b| block(&mut s, b));
        s.push_str("</section>\n");
    }
    s.push_str("</body>\n</html>\n");
    s
}

/// Blocks as the page shows them, outside a page (`gongwen serve`).
pub fn blocks(blocks: &[Block]) -> String {
    let mut s = String::new();
    blocks.iter().for_each(|b| block(&mut s, b));
    s
}

/// A block; a heading sits one level below the page's own h1.
fn block(s: &mut String, b: &Block) {
    match b {
        Block::Heading { level, text } => {
            let h = level.saturating_add(1).min(6);
            let _ = writeln!(s, "<h{h}>{}</h{h}>", html(text));
        }
        Block::Paragraph(spans) => {
            let _ = writeln!(s, "<p>{}</p>", inline(spans, span));
        }
        Block::Note(spans) => {
            let _ = writeln!(s, "<p class=\"note\">{}</p>", inline(spans, span));
        }
        Block::List(items) => {
            s.push_str("<ul>\n");
            items.iter().for_each(|i| item(s, i));
            s.push_str("</ul>\n");
        }
        Block::Chart(c) => chart(s, c),
        Block::Panels(charts) => panels(s, charts),
        Block::Lines(c) => lines(s, c),
        Block::Table(t) => s.push_str(&table(t)),
    }
}

/// A run of text; code is set in the text's own font, a reference names
/// the part of the page.
fn span(span: &Span) -> String {
    match span {
        Span::Plain(t) | Span::Code(t) => html(t),
        Span::Strong(t) => format!("<b>{}</b>", html(t)),
        Span::Ref { page, .. } => html(page),
    }
}

/// A list entry; the sentence it is read from is its tooltip.
fn item(s: &mut String, i: &Item) {
    s.push_str("<li");
    if let Some(q) = &i.quote {
        let _ = write!(s, " title=\"{}\"", html(q));
    }
    if i.note {
        s.push_str(" class=\"note\"");
    }
    let _ = writeln!(s, ">{}</li>", inline(&i.spans, span));
}

fn chart(s: &mut String, c: &Chart) {
    let _ = writeln!(
        s,
        "<figure data-metric=\"{}\">\n<figcaption>{}</figcaption>",
        html(&c.id),
        html(&c.caption)
    );
    s.push_str(&svg::bar_chart(&c.id, &c.caption, &c.bars));
    s.push_str("</figure>\n");
}

/// Small multiples: one figure per locality, side by side.
fn panels(s: &mut String, charts: &[PanelChart]) {
    s.push_str("<div class=\"panels\">\n");
    for c in charts {
        let _ = writeln!(s, "<figure><figcaption>{}</figcaption>", html(&c.caption));
        s.push_str(&svg::panel_chart(&c.id, &c.caption, &c.marks));
        s.push_str("</figure>\n");
    }
    s.push_str("</div>\n");
}

fn lines(s: &mut String, c: &LineChart) {
    let _ = writeln!(s, "<figure><figcaption>{}</figcaption>", html(&c.caption));
    s.push_str(&svg::line_chart(&c.id, &c.caption, &c.series));
    s.push_str("</figure>\n");
}

/// A table's HTML columns; with row headers, the first cell of a row is a
/// `<th>`.
pub fn table(t: &Table) -> String {
    let mut s = String::new();
    let columns = t.columns(View::Html);
    let _ = write!(s, "<table class=\"{}\">\n<thead><tr>", html(&t.class));
    for c in columns {
        let _ = write!(s, "<th>{}</th>", html(&c.header));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        s.push_str("<tr>");
        for (i, c) in columns.iter().enumerate() {
            let cell = c.cell(row);
            if i == 0 && t.row_headers {
                let _ = write!(s, "<th>{}</th>", html(&cell.plain()));
            } else {
                td(&mut s, cell, c);
            }
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table>\n");
    s
}

/// One cell: figures aligned right, a document's id and a figure's source
/// as tooltips, a growth on its own line (red when it falls).
fn td(s: &mut String, cell: &Cell, column: &Column) {
    let (body, tip) = match cell {
        Cell::Empty => {
            s.push_str("<td></td>");
            return;
        }
        Cell::Doc { id, .. } => (html(&cell.plain()), Some(id)),
        Cell::Figure {
            value,
            growth,
            falls,
            source,
        } => {
            let neg = if *falls { " neg" } else { "" };
            let body = format!(
                "{}<span class=\"g{neg}\">{}</span>",
                html(value),
                html(growth)
            );
            (body, Some(source))
        }
        other => (html(&other.plain()), None),
    };
    s.push_str("<td");
    if column.right {
        s.push_str(" class=\"num\"");
    }
    if let Some(tip) = tip {
        let _ = write!(s, " title=\"{}\"", html(tip));
    }
    let _ = write!(s, ">{body}</td>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::block::{col, Fields, Views};

    #[test]
    fn list_entries_carry_their_sentence_as_a_tooltip_and_notes_a_class() {
        let mut s = String::new();
        let items = vec![
            Item {
                quote: Some("邀请县“两代表一委员”列席".into()),
                ..Item::plain("“两代表一委员” (measure)")
            },
            Item {
                note: true,
                ..Item::plain("… and 3 more in indicators.csv")
            },
        ];
        block(&mut s, &Block::heading(2, "嘉善县"));
        block(&mut s, &Block::List(items));
        assert_eq!(
            s,
            "<h3>嘉善县</h3>\n<ul>\n<li title=\"邀请县“两代表一委员”列席\">“两代表一委员” (measure)</li>\n\
             <li class=\"note\">… and 3 more in indicators.csv</li>\n</ul>\n"
        );
    }

    #[test]
    fn a_falling_growth_is_marked_and_a_missing_figure_left_empty() {
        let rows = [Some(-3.3), None];
        let fields = Fields::<Option<f64>>::new().field("gdp", |g| match g {
            Some(g) => Cell::Figure {
                value: "2.13亿元".into(),
                growth: format!("{g}%"),
                falls: *g < 0.0,
                source: "比上年下降3.3% — <报告>".into(),
            },
            None => Cell::Empty,
        });
        let views = Views {
            html: vec![col("gdp").right()],
            ..Views::default()
        };
        let t = table(&Table::build("wide", &rows, fields, views));
        assert!(t.contains(
            "<td class=\"num\" title=\"比上年下降3.3% — &lt;报告&gt;\">2.13亿元<span class=\"g neg\">-3.3%</span></td>"
        ));
        assert!(t.contains("<tr><td></td></tr>"));
    }
}
